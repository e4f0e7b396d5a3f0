"""Entity normalisation: names in base form.

In a Finnish name only the last word inflects (``Vaasan kaupungin`` -> ``Vaasan
kaupunki``, ``Arto Rautajoen`` -> ``Arto Rautajoki``), so the base form is the span's
text with its last token replaced by that token's lemma, cased like the token.
Dates and money amounts get their values in a later stage (issue 5); their ``norm``
stays ``None`` until then rather than holding a guess.
"""
from __future__ import annotations

from bisect import bisect_left

from corpus_tool.document import AnalyzedDocument, Entity, Token
from corpus_tool.pipeline import Component

NAME_TYPES = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"}


def _cased_like(lemma: str, form: str) -> str:
    stem = form.split(":")[0]  # acronyms inflect after a colon: STM:ltä
    if stem.isupper() and len(stem) > 1:
        return lemma.upper()
    if form[:1].isupper() and lemma[:1].islower():
        return lemma[:1].upper() + lemma[1:]
    return lemma


def base_form(entity: Entity, text: str, tokens: list[Token], starts: list[int]) -> str:
    """The entity's text with its last token lemmatised; the text itself when no token ends the span."""
    i = bisect_left(starts, entity.end) - 1
    if i < 0:
        return entity.text
    last = tokens[i]
    if last.end != entity.end or last.start < entity.start or not last.lemma:
        return entity.text
    return text[entity.start:last.start] + _cased_like(last.lemma, last.text)


class EntityNormaliser(Component):
    """Adds ``norm`` (base form) to name entities."""

    name = "entities"

    def __call__(self, docs: list[AnalyzedDocument]) -> list[AnalyzedDocument]:
        for doc in docs:
            tokens = doc.tokens
            starts = [t.start for t in tokens]
            for entity in doc.entities:
                if entity.type in NAME_TYPES:
                    entity.norm = base_form(entity, doc.text, tokens, starts)
        return docs
