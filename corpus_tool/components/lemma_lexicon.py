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
    "ADJ": {"laatusana", "nimisana_laatusana", "participle"},
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
FEATS_STRATEGIES = ("keep", "case_number")
# Voikko's case (SIJAMUOTO) and number names -> UD features
CASES = {"nimento": "Nom", "omanto": "Gen", "osanto": "Par", "sisaolento": "Ine", "sisaeronto": "Ela",
         "sisatulento": "Ill", "ulkoolento": "Ade", "ulkoeronto": "Abl", "ulkotulento": "All", "olento": "Ess",
         "tulento": "Tra", "vajanto": "Abe", "keinonto": "Ins", "seuranto": "Com"}
NUMBERS = {"singular": "Sing", "plural": "Plur"}
NOMINAL_UPOS = {"NOUN", "PROPN", "ADJ", "NUM", "PRON"}
UPOS_STRATEGIES = ("keep", "lexicon_unambiguous")

# The UPOS tags each Voikko class can stand for under UD Finnish conventions
# (participles are VERB or ADJ, ordinals ADJ, postpositions ADP).
CLASS_UPOS = {
    "nimisana": {"NOUN"}, "laatusana": {"ADJ"}, "nimisana_laatusana": {"NOUN", "ADJ"},
    "teonsana": {"VERB", "AUX"}, "kieltosana": {"AUX"}, "seikkasana": {"ADV", "ADP"},
    "suhdesana": {"ADP", "ADV"}, "asemosana": {"PRON", "DET"}, "sidesana": {"CCONJ", "SCONJ"},
    "lukusana": {"NUM", "ADJ"}, "huudahdussana": {"INTJ"}, "lyhenne": {"NOUN", "PROPN"},
    "etunimi": {"PROPN"}, "sukunimi": {"PROPN"}, "paikannimi": {"PROPN"}, "nimi": {"PROPN"},
}
PARTICIPLE_UPOS = {"VERB", "ADJ"}
# Tags the lexicon may correct, among themselves.  Measured on the selection slice of TDT
# dev: between NOUN, PROPN and ADJ Voikko fixes 90 tagger errors and causes 26; changing an
# ADV, PRON, ADP or VERB prediction caused more errors than it fixed (models/MODEL_CARD.md).
CORRECTABLE_UPOS = {"NOUN", "PROPN", "ADJ"}


class VoikkoLexicon:
    """Cached Voikko analyses: word form -> tuple of (class, baseform); participles have
    the class ``participle`` (Voikko calls them adjectives, UD mostly verbs).
    ``inflections`` gives (class, UD Case, UD Number) per analysis."""

    def __init__(self, cache_size: int = 200_000):
        import libvoikko  # needs Debian's libvoikko1 + voikko-fi

        self._voikko = libvoikko.Voikko("fi")
        # Voikko is asked once per form; both views below are derived from that answer.
        self._raw = lru_cache(maxsize=cache_size)(self._voikko.analyze)
        self.analyses = lru_cache(maxsize=cache_size)(self._analyse)
        self.inflections = lru_cache(maxsize=cache_size)(self._inflect)

    def _inflect(self, form: str) -> tuple[tuple[str, str | None, str | None], ...]:
        return tuple((a.get("CLASS", ""), CASES.get(a.get("SIJAMUOTO", "")), NUMBERS.get(a.get("NUMBER", "")))
                     for a in self._raw(form))

    def _analyse(self, form: str) -> tuple[tuple[str, str], ...]:
        return tuple(("participle" if a.get("PARTICIPLE") and a.get("CLASS") == "laatusana" else a.get("CLASS", ""),
                      a.get("BASEFORM", ""))
                     for a in self._raw(form) if a.get("BASEFORM"))


def available() -> bool:
    if importlib.util.find_spec("libvoikko") is None:
        return False
    try:
        VoikkoLexicon()
    except Exception:  # library or dictionary missing
        return False
    return True


def choose_upos(upos: str | None, analyses: tuple[tuple[str, str], ...], strategy: str) -> str | None:
    """``lexicon_unambiguous``: when every analysis of the word allows one and the same
    UPOS and the tagger chose another, take the lexicon's, as long as both are NOUN,
    PROPN or ADJ.  Otherwise keep the tagger's."""
    if strategy == "keep" or not analyses or upos not in CORRECTABLE_UPOS:
        return upos
    allowed = set()
    for cls, _ in analyses:
        allowed |= PARTICIPLE_UPOS if cls == "participle" else CLASS_UPOS.get(cls, set())
    if not allowed or upos in allowed or len(allowed) != 1 or not allowed <= CORRECTABLE_UPOS:
        return upos
    return next(iter(allowed))


def choose_feats(upos: str | None, feats: str | None, inflections, strategy: str) -> str | None:
    """``case_number``: for a nominal, when every Voikko analysis of its class agrees on
    case and number, those replace the tagger's Case and Number; other features stay."""
    if strategy == "keep" or upos not in NOMINAL_UPOS or not inflections:
        return feats
    classes = UPOS_CLASSES.get(upos, set())
    agreeing = {(case, number) for cls, case, number in inflections if cls in classes and case and number}
    if len(agreeing) != 1:
        return feats
    case, number = agreeing.pop()
    values = dict(item.split("=", 1) for item in feats.split("|")) if feats else {}
    values["Case"], values["Number"] = case, number
    return "|".join(f"{k}={values[k]}" for k in sorted(values, key=str.lower))


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
        self.upos_strategy = settings.get("upos", "keep")
        self.feats_strategy = settings.get("feats", "keep")
        if self.feats_strategy not in FEATS_STRATEGIES:
            raise ValueError(f"lemma_lexicon feats must be one of {FEATS_STRATEGIES}")
        if self.strategy not in STRATEGIES:
            raise ValueError(f"lemma_lexicon strategy must be one of {STRATEGIES}")
        if self.upos_strategy not in UPOS_STRATEGIES:
            raise ValueError(f"lemma_lexicon upos must be one of {UPOS_STRATEGIES}")
        self.lexicon = VoikkoLexicon()

    def __call__(self, docs: list[AnalyzedDocument]) -> list[AnalyzedDocument]:
        for doc in docs:
            for token in doc.tokens:
                analyses = self.lexicon.analyses(token.text)
                token.upos = choose_upos(token.upos, analyses, self.upos_strategy)
                token.lemma = choose_lemma(token.text, token.upos, token.lemma, analyses, self.strategy)
                token.feats = choose_feats(token.upos, token.feats, self.lexicon.inflections(token.text),
                                           self.feats_strategy)
        return docs
