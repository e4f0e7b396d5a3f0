"""Base forms of inflected Finnish names."""
from __future__ import annotations

import re

from corpus_tool.components.entities import EntityNormaliser
from corpus_tool.document import AnalyzedDocument, Entity, Sentence, Token


def doc_with(text: str, lemmas: dict[str, str], spans: list[tuple[str, str]]) -> AnalyzedDocument:
    tokens = [Token(m.group(), m.start(), m.end(), lemma=lemmas.get(m.group(), m.group().lower()))
              for m in re.finditer(r"\w+(?::\w+)?|[^\w\s]", text)]
    doc = AnalyzedDocument(id="t", text=text, sentences=[Sentence(tokens[0].start, tokens[-1].end, tokens)])
    for kind, surface in spans:
        start = text.index(surface)
        doc.entities.append(Entity(kind, surface, start, start + len(surface)))
    return doc


def test_only_the_last_word_of_a_name_is_lemmatised():
    doc = doc_with("Kehitysjohtaja Arto Rautajoen mukaan Vaasan kaupungin ja THL:n yhteistyö jatkuu.",
                   {"Rautajoen": "Rautajoki", "kaupungin": "kaupunki", "THL:n": "THL", "Vaasan": "Vaasa"},
                   [("PERSON", "Arto Rautajoen"), ("ORG", "Vaasan kaupungin"), ("ORG", "THL:n")])
    EntityNormaliser()([doc])
    assert [e.norm for e in doc.entities] == ["Arto Rautajoki", "Vaasan kaupunki", "THL"]


def test_case_of_the_surface_form_is_kept_for_acronyms_and_names():
    doc = doc_with("Hanke sai rahoitusta STM:ltä ja Kelalta.", {"STM:ltä": "stm", "Kelalta": "kela"},
                   [("ORG", "STM:ltä"), ("ORG", "Kelalta")])
    EntityNormaliser()([doc])
    assert [e.norm for e in doc.entities] == ["STM", "Kela"]


def test_a_span_that_ends_inside_a_token_keeps_its_text_and_dates_get_no_guess():
    doc = doc_with("Seminaari pidettiin 15.11.2022 Oulussa.", {}, [("DATE", "15.11.2022"), ("GPE", "Oulu")])
    EntityNormaliser()([doc])
    assert [e.norm for e in doc.entities] == [None, "Oulu"]
