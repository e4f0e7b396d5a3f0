"""Voikko's Finnish morphology as a lexicon behind Stanza's lemmatizer.

Stanza's lemmatizer learns from ~50k annotated tokens and guesses on rare words;
Voikko knows the inflection of the whole standard lexicon, including compounds, but
cannot tell homographs apart.  Combined, Stanza's UPOS picks among Voikko's analyses.
Which rule combines them best was measured on held-out data (models/MODEL_CARD.md).
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache

from corpus_tool.document import AnalyzedDocument
from corpus_tool.pipeline import Component

# Voikko word classes (CLASS) that agree with each UPOS.
UPOS_CLASSES = {
    "NOUN": {"nimisana", "nimisana_laatusana", "lyhenne"},
    "ADJ": {"laatusana", "nimisana_laatusana"},
    "VERB": {"teonsana"},
    "AUX": {"teonsana", "kieltosana"},
    "PROPN": {"etunimi", "sukunimi", "paikannimi", "nimi"},
    "ADV": {"seikkasana"},
    "PRON": {"asemosana"},
    "DET": {"asemosana"},
    "ADP": {"suhdesana"},
    "CCONJ": {"sidesana"},
    "SCONJ": {"sidesana"},
    "NUM": {"lukusana"},
    "INTJ": {"huudahdussana"},
}
STRATEGIES = ("stanza", "override_unknown", "override_compatible")


class VoikkoLexicon:
    """Cached Voikko analyses: word form -> tuple of (class, baseform)."""

    def __init__(self, cache_size: int = 200_000):
        import libvoikko  # needs Debian's libvoikko1 + voikko-fi

        self._voikko = libvoikko.Voikko("fi")
        self.analyses = lru_cache(maxsize=cache_size)(self._analyse)

    def _analyse(self, form: str) -> tuple[tuple[str, str], ...]:
        return tuple((a.get("CLASS", ""), a.get("BASEFORM", "")) for a in self._voikko.analyze(form)
                     if a.get("BASEFORM"))


def available() -> bool:
    if importlib.util.find_spec("libvoikko") is None:
        return False
    try:
        VoikkoLexicon()
    except Exception:  # library or dictionary missing
        return False
    return True


def choose_lemma(form: str, upos: str | None, lemma: str | None,
                 analyses: tuple[tuple[str, str], ...], strategy: str) -> str | None:
    """The lemma after consulting the lexicon.

    ``override_unknown``: keep Stanza's lemma when the lexicon knows it as a base form of
    this word at all; otherwise take the base form of the analysis whose class agrees
    with the UPOS.  ``override_compatible``: the same, but Stanza's lemma must be the
    base form of an analysis that agrees with the UPOS.
    """
    if strategy == "stanza" or not analyses or not upos:
        return lemma
    compatible = [base for cls, base in analyses if cls in UPOS_CLASSES.get(upos, ())]
    known = {base.lower() for cls, base in analyses} if strategy == "override_unknown" else \
        {base.lower() for base in compatible}
    if lemma and lemma.lower() in known:
        return lemma
    if not compatible:
        return lemma
    best = compatible[0]
    if upos == "PROPN" and best[:1].islower():
        best = best[:1].upper() + best[1:]
    return best


class LexiconLemmatizer(Component):
    """Voikko lexicon back-off for lemmas (needs Debian packages libvoikko1 and voikko-fi)."""

    name = "lemma_lexicon"

    @classmethod
    def is_available(cls) -> bool:
        return available()

    def __init__(self, **settings):
        super().__init__(**settings)
        self.strategy = settings.get("strategy", "override_unknown")
        if self.strategy not in STRATEGIES:
            raise ValueError(f"lemma_lexicon strategy must be one of {STRATEGIES}")
        self.lexicon = VoikkoLexicon()

    def __call__(self, docs: list[AnalyzedDocument]) -> list[AnalyzedDocument]:
        for doc in docs:
            for token in doc.tokens:
                token.lemma = choose_lemma(token.text, token.upos, token.lemma,
                                           self.lexicon.analyses(token.text), self.strategy)
        return docs
