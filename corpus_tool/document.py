"""The document object that flows through the pipeline, and its stable JSON form.

Stages exchange these plain dataclasses only.  ``AnalyzedDocument.to_dict`` is the
public analysis schema (``docs/analysis-schema.md``, ``SCHEMA_VERSION``): other
systems depend on it, so fields are only ever added, never renamed or removed.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA_VERSION = "1.0"


@dataclass
class Token:
    text: str
    start: int            # character offsets into AnalyzedDocument.text
    end: int
    lemma: str | None = None
    upos: str | None = None
    feats: str | None = None   # UD features, "Case=Nom|Number=Sing"; None when there are none
    space_after: bool = True


@dataclass
class Sentence:
    start: int
    end: int
    tokens: list[Token] = field(default_factory=list)


@dataclass
class Entity:
    type: str              # PERSON, ORG, GPE, LOC, DATE, MONEY, ... (TurkuONE / OntoNotes types)
    text: str
    start: int
    end: int
    norm: str | None = None      # base form (names) or normalised value (later: dates, money)
    source: str = "ner"          # which component found it
    extra: dict[str, Any] = field(default_factory=dict)  # type-specific fields (value, currency, role)


@dataclass
class Repair:
    """One OCR repair.  ``start``/``end`` index the text it was found in; once a
    document's text is replaced by its repaired version, ``text_start``/``text_end``
    index the repaired text (``AnalyzedDocument.text``)."""
    start: int
    end: int
    original: str
    repaired: str
    confidence: float
    method: str
    text_start: int | None = None
    text_end: int | None = None


@dataclass
class ThemeScore:
    id: str
    label: str
    score: float


@dataclass
class AnalyzedDocument:
    """One input text and everything the pipeline found in it."""
    id: str
    text: str
    language: str = "fi"
    original_text: str | None = None   # the input before repair, when repair changed it
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    themes: list[ThemeScore] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def tokens(self) -> list[Token]:
        return [t for s in self.sentences for t in s.tokens]

    def to_dict(self) -> dict[str, Any]:
        def entity(e: Entity) -> dict[str, Any]:
            out = {"type": e.type, "text": e.text, "start": e.start, "end": e.end,
                   "norm": e.norm, "source": e.source}
            out.update(e.extra)
            return out

        return {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "language": self.language,
            "text": self.text,
            "sentences": [
                {"start": s.start, "end": s.end,
                 "tokens": [{"text": t.text, "lemma": t.lemma, "upos": t.upos, "feats": t.feats,
                             "start": t.start, "end": t.end} for t in s.tokens]}
                for s in self.sentences],
            "entities": [entity(e) for e in self.entities],
            "themes": [asdict(t) for t in self.themes],
            "repairs": [{"start": r.text_start, "end": r.text_end, "original": r.original, "repaired": r.repaired,
                         "confidence": r.confidence, "method": r.method,
                         "original_start": r.start, "original_end": r.end} for r in self.repairs],
        }
