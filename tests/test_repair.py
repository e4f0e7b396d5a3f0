"""OCR repair of lost ä/ö/l on real damaged text (seed 001) and real clean text."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from corpus_tool.cli import main
from corpus_tool.repair import Lexicon, damage_score, repair_text, repair_word, skeletons


@pytest.fixture(scope="module")
def lexicon():
    return Lexicon.default()


@pytest.mark.parametrize("damaged,restored", [
    ("kaytannon", "käytännön"),          # ä, ö read as a, o
    ("sekd", "sekä"), ("pdihde", "päihde"),          # ä read as d
    ("sekda", "sekä"), ("myods", "myös"),            # one letter read as two
    ("tyéryhma", "työryhmä"), ("ty6ryhma", "työryhmä"), ("l0ytyvat", "löytyvät"),   # ö read as é, 6, 0
    ("henkil63", "henkilöä"),             # digits for both
    ("|3hdettiin", "lähdettiin"), ("[aheisneuvonpidon", "läheisneuvonpidon"),        # l read as | and [
    ("lainsdddannon", "lainsäädännön"),
    ("hankety6", "hanketyö"),             # a compound wordfreq lacks, with a short last part
    ("seka", "sekä"),                     # a rare reading of a common word loses to the common word
])
def test_the_confusions_seen_in_real_scans(lexicon, damaged, restored):
    assert repair_word(damaged, lexicon).repaired == restored


def test_case_is_kept(lexicon):
    assert repair_word("Lisdksi", lexicon).repaired == "Lisäksi"
    assert repair_word("KEHITTAMINEN", lexicon).repaired == "KEHITTÄMINEN"


def test_words_left_alone(lexicon):
    for word in ("hanke", "Oulun", "33", "ma", "data", "https"):
        assert repair_word(word, lexicon) is None


def test_only_spellings_shaped_like_finnish_words_go_to_voikko(lexicon):
    # an inflected compound wordfreq lacks begins and ends like known words ...
    assert lexicon.plausible("lastensuojeluilmoituksissakin")
    assert lexicon.plausible("työpajatyöskentelyä")
    # ... a reading with an impossible ending or beginning does not
    assert not lexicon.plausible("työpajatyöskentelyäö")
    assert not lexicon.plausible("äökehittäminen")


def test_readings_cover_every_way_of_merging_letter_pairs():
    # each d may be d, ä or ö (folded: d, a, o); "da" and "ad" may each be one ä
    readings = skeletons("daad")
    assert {tuple(observed) for _, observed in readings} == {
        ("d", "a", "a", "d"), ("da", "a", "d"), ("d", "a", "ad"), ("da", "ad")}
    assert len(readings) == 3 * 3 + 3 + 3 + 1
    assert ("aa", ["da", "ad"]) in readings                     # "päässä"-like: both pairs are ä
    # overlapping pairs share a letter: "dad" is read as "da"+"d" or "d"+"ad", never both
    assert {tuple(observed) for _, observed in skeletons("dad")} == {("d", "a", "d"), ("da", "d"), ("d", "ad")}


def test_a_near_match_restores_umlauts_and_nothing_else(lexicon):
    # no substitution of a/o/d explains "kehittamsita", the closest frequent word with ä does
    found = repair_word("kehittamsita", lexicon)
    assert (found.repaired, found.method) == ("kehittämistä", "near_match")
    # a typo without ä/ö is not fixed: that is not OCR damage
    assert repair_word("kokonaisuuksa", lexicon) is None


def test_hyphen_split_words_are_judged_whole_and_the_break_kept(lexicon):
    text, repairs = repair_text("Hankkeen kehitta-\nmistyohon osallistui tyontekijoita kaytannon tyosta.",
                                lexicon, force=True)
    assert text == "Hankkeen kehittä-\nmistyöhön osallistui työntekijöitä käytännön työstä."
    assert repairs[0].original == "kehitta-\nmistyohon" and repairs[0].repaired == "kehittä-\nmistyöhön"


def test_real_hyphenated_compounds_are_repaired_part_by_part(lexicon):
    text, _ = repair_text("Paatos tehtiin Etela-\nPohjanmaalla ja paihde- ja mielenterveyspalveluissa.", lexicon,
                          force=True)
    assert text == "Päätös tehtiin Etelä-\nPohjanmaalla ja päihde- ja mielenterveyspalveluissa."


def test_every_change_is_recorded_with_offsets(lexicon, seeds):
    damaged = (seeds / "001_c76f7bd6ce87fd18.txt").read_text(encoding="utf-8")
    repaired, repairs = repair_text(damaged, lexicon)
    assert len(repairs) > 500
    for r in repairs:
        assert damaged[r.start:r.end] == r.original
        assert repaired[r.text_start:r.text_end] == r.repaired
        assert 0 < r.confidence <= 1 and r.method in ("lexicon", "near_match", "bullet")
    # line structure is exactly the input's
    assert repaired.count("\n") == damaged.count("\n")
    assert [len(l.split()) for l in repaired.splitlines()] == [len(l.split()) for l in damaged.splitlines()]
    for fluent in ("Päihdekuntoutukseen liittyvää osaamista", "Lisäksi alueilla toteutettiin",
                   "työntekijöiden dialogisia", "• Vahvistaa monialaisesti toimijoiden osaamista"):
        assert fluent in repaired


def test_bullets_read_as_e_also_inside_joined_lines(lexicon):
    # the normaliser joins a list's lines into one paragraph: the bullets are then mid-line
    text, repairs = repair_text("Hankkeella oli kolme tavoitetta; e Vahvistaa osaamista e Kehittaa "
                                "yhteistyota\ne Lisata osallisuutta.", lexicon, force=True)
    assert text == ("Hankkeella oli kolme tavoitetta; • Vahvistaa osaamista • Kehittää "
                    "yhteistyötä\n• Lisätä osallisuutta.")
    assert [r.method for r in repairs].count("bullet") == 3


def test_clean_reports_are_not_touched(lexicon, seeds):
    for name in ("000", "002", "003", "004"):
        text = next(seeds.glob(f"{name}_*.txt")).read_text(encoding="utf-8")
        assert not damage_score(text, lexicon).damaged
        assert repair_text(text, lexicon) == (text, [])


def test_repair_command_keeps_clean_input_byte_identical_and_logs_changes(seeds, tmp_path):
    clean = seeds / "003_0990adee1944e489.txt"
    result = CliRunner().invoke(main, ["repair", str(clean)])
    assert result.exit_code == 0 and result.stdout == clean.read_text(encoding="utf-8")
    damaged = tmp_path / "skannattu.txt"
    damaged.write_text("Hankkeen tavoitteena oli kehittaa ikaantyneiden\nkotihoitoa ja tyontekijoiden osaamista.\n",
                       encoding="utf-8")
    log = tmp_path / "log.tsv"
    result = CliRunner().invoke(main, ["repair", str(damaged), "--log", str(log)])
    assert result.stdout == "Hankkeen tavoitteena oli kehittää ikääntyneiden\nkotihoitoa ja työntekijöiden osaamista.\n"
    rows = [line.split("\t") for line in log.read_text(encoding="utf-8").splitlines()]
    assert rows[0] == ["input", "line", "original", "repaired", "confidence", "method"]
    assert [(r[1], r[2], r[3]) for r in rows[1:]] == [("1", "kehittaa", "kehittää"), ("1", "ikaantyneiden", "ikääntyneiden"),
                                                      ("2", "tyontekijoiden", "työntekijöiden")]


def test_words_valid_both_ways_are_settled_by_context(lexicon):
    # "vaara" (danger) is a word, but among plainly damaged neighbours it is "väärä"
    damaged = "Han sanoi, etta paatos oli vaara ja etta se tehtiin vaarin."
    repaired, repairs = repair_text(damaged, lexicon, force=True)
    assert repaired == "Hän sanoi, että päätös oli väärä ja että se tehtiin väärin."
    assert [r.method for r in repairs if r.original == "vaara"] == ["context"]
    # where the neighbours kept their ä and ö, "vaarin" (grandfather's) is what was written
    intact = "Lapset kävivät vaarin mökillä kesällä ja söivät jäätelöä."
    assert repair_text(intact, lexicon, force=True) == (intact, [])
