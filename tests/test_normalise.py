"""Normalisation of real report text: hyphenation, boilerplate, page furniture, passages."""
from __future__ import annotations

import re

import pytest

from corpus_tool.normalise import default_lexicon, join_hyphenated, normalise


@pytest.fixture(scope="module")
def lexicon():
    return default_lexicon()


@pytest.fixture(scope="module")
def normalised(seeds, lexicon):
    return {p.name[:3]: normalise(p.read_text(encoding="utf-8"), lexicon) for p in sorted(seeds.glob("*.txt"))}


def test_line_end_hyphenation_is_joined_and_real_hyphens_kept(normalised):
    memo, plan = normalised["000"].text, normalised["003"].text
    assert "osaamiskeskusten yhteistyöstä" in memo and "yhteis-" not in memo
    assert "sosiaali- ja terveydenhuollon" in memo
    assert "Kaste-hankkeet" in memo
    assert "palvelurakenneuudistuksen" in plan
    assert "Länsi-Suomenkin" in plan          # capitalised continuation keeps its hyphen
    assert "toimintakauden 2013–2014" in plan  # a range broken after the dash


@pytest.mark.parametrize("left,right,expected", [
    ("hankkeen yhteis-", "työstä sovittiin", "hankkeen yhteistyöstä sovittiin"),
    ("sosiaali-", "ja terveydenhuolto", "sosiaali- ja terveydenhuolto"),
    ("Pohjois-", "Suomessa toimitaan", "Pohjois-Suomessa toimitaan"),
    ("Lastensuojelu 2020-2022 -", "hankkeen tulokset", "Lastensuojelu 2020-2022 -hankkeen tulokset"),
    ("EU-", "rahoitteinen hanke", "EU-rahoitteinen hanke"),
])
def test_hyphen_decisions(lexicon, left, right, expected):
    assert join_hyphenated(left, right, lexicon) == expected


def test_web_boilerplate_and_transcript_page_numbers_are_removed(normalised):
    web = normalised["002"]
    for junk in ("Koko: px", "Aloita esitys sivulta", "Download", "Transkriptio", "Lisätiedot"):
        assert junk not in web.text
    starts = [web.passage_text(p)[:40] for p in web.passages]
    # transcript pages "2 1 SISÄLLYSLUETTELO ..." and "3 2 Arja Meltaus ..." lose their page numbers
    assert any(s.startswith("SISÄLLYSLUETTELO Seudullinen") for s in starts)
    assert any(s.startswith("Arja Meltaus Seudullinen lastensuojelun") for s in starts)
    assert not any(re.match(r"\d+ \d+ (SISÄLLYSLUETTELO|Arja Meltaus)", s) for s in starts)
    # a word cut by a transcript page break is whole again
    assert "työntekijät sitoutuvat yhteiseen työkäytäntöön" in web.text


def test_titles_repeated_by_a_listing_appear_once(normalised):
    web = normalised["002"].text
    assert web.count("Lastensuojelun perhehoito Lastensuojelun perhehoito") == 0
    assert "Lastensuojelun perhehoito" in web


def test_passages_know_their_agenda_item(normalised):
    memo = normalised["000"]
    opening = next(p for p in memo.passages if "Puheenjohtaja avasi kokouksen" in memo.passage_text(p))
    assert opening.section == "1§ Kokouksen avaus ja läsnäolijat"
    assert opening.kind == "paragraph"
    for p in memo.passages:
        assert memo.text[p.start:p.end] == memo.passage_text(p) and p.start < p.end


def test_attendee_tables_keep_their_rows(normalised):
    assert "Jäsen: Varajäsen:\nAnneli Saarinen\nHarri Lintala" in normalised["004"].text


def test_running_headers_page_numbers_and_bullets():
    topics = ["osallisuutta", "monialaisuutta", "osaamista", "tiedolla johtamista"]
    pages = [f"Pohjanmaan toimintasuunnitelma 2013–2014\n\nSivun {n} kappale kertoo, miten hanke "
             f"vahvistaa {topic} alueella.\n• Vahvistetaan {topic} kunnissa\n\nSivu {n} / 4"
             for n, topic in enumerate(topics, 1)]
    result = normalise(pages)
    assert "toimintasuunnitelma" not in result.text and "Sivu " not in result.text
    assert result.removed_lines == 8
    assert [result.passage_text(p) for p in result.passages if p.kind == "list"] == \
        [f"- Vahvistetaan {topic} kunnissa" for topic in topics]
    assert [p.page for p in result.passages if p.kind == "list"] == [1, 2, 3, 4]


def test_clean_text_is_unicode_nfc():
    assert normalise("Jyva\u0308skyla\u0308n kaupunki on mukana hankkeessa.").text == \
        "Jyväskylän kaupunki on mukana hankkeessa."


def test_long_paragraphs_are_cut_at_sentence_ends(normalised):
    # 002 is a web transcript whose pages have no paragraph breaks
    text, passages = normalised["002"].text, normalised["002"].passages
    assert max(p.end - p.start for p in passages) < 1500
    pieces = [text[p.start:p.end] for p in passages]
    assert all(piece == piece.strip() for piece in pieces)
    # a piece followed by more of the same paragraph (no blank line between) ends a sentence
    cut = [piece for p, piece in zip(passages, pieces) if p.end < len(text) and text[p.end:p.end + 2] != "\n\n"]
    assert len(cut) >= 10 and all(piece[-1] in ".!?" for piece in cut)


def test_short_paragraph_is_one_passage():
    from corpus_tool.normalise import split_long

    text = "Ohjausryhmä kokoontui. Päätös: hyväksyttiin."
    assert split_long(text) == [(0, len(text))]
    long_text = " ".join(["Osallisuutta vahvistetaan asiakasraadeilla ja palautteella."] * 40)
    pieces = split_long(long_text, limit=300)
    assert len(pieces) > 5 and all(e - s <= 300 for s, e in pieces)
    assert " ".join(long_text[s:e] for s, e in pieces) == long_text
