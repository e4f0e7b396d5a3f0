"""Voikko's Finnish morphology as a lexicon behind Stanza's lemmatizer.

Stanza's lemmatizer learns from ~50k annotated tokens and guesses on rare words;
Voikko knows the inflection of the whole standard lexicon, including compounds, but
cannot tell homographs apart.  Combined, Stanza's UPOS picks among Voikko's analyses.
Which rule combines them best was measured on held-out data (models/MODEL_CARD.md).
"""
from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from typing import Callable

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
UPOS_STRATEGIES = ("keep", "participles", "lexicon_unambiguous")

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
NAME_OR_ABBREVIATION = {"etunimi", "sukunimi", "paikannimi", "nimi", "lyhenne"}
NOMINAL_CLASSES = {"nimisana", "laatusana", "nimisana_laatusana"}
# Closed classes and adverbs: Stanza's lemma follows UD's conventions (``niiden`` -> ``se``,
# ``alle`` -> ``alle``), Voikko's does not; measured on the selection slice (MODEL_CARD.md).
SAME_STEM = 4
STANZA_LEMMA_UPOS = {"PRON", "DET", "ADV", "ADP", "CCONJ", "SCONJ", "INTJ"}
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

    def raw(self, form: str) -> list[dict]:
        """Voikko's own analyses of a form (cached)."""
        return self._raw(form)

    def is_lemma(self, word: str, upos: str) -> bool:
        """Whether the lexicon reads ``word`` as a base form of a class that agrees with ``upos``."""
        classes = UPOS_CLASSES.get(upos, set())
        return any(base == word and cls in classes for cls, base in self.analyses(word))

    def common_word(self, form: str) -> bool:
        """A word the lexicon knows, but only as a common word: no name or abbreviation
        reading (``Ehdin``, ``Vene``; not ``Repo``, which is also a surname)."""
        found = self.raw(form)
        return bool(found) and not any(a.get("CLASS") in NAME_OR_ABBREVIATION for a in found)

    def allowed_upos(self, form: str) -> frozenset[str]:
        """The UPOS tags Voikko's analyses of a form allow (empty for an unknown word)."""
        return allowed_upos(self.analyses(form))

    def _inflect(self, form: str) -> tuple[tuple[str, str | None, str | None], ...]:
        return tuple((a.get("CLASS", ""), CASES.get(a.get("SIJAMUOTO", "")), NUMBERS.get(a.get("NUMBER", "")))
                     for a in self._raw(form))

    def _analyse(self, form: str) -> tuple[tuple[str, str], ...]:
        out: list[tuple[str, str]] = []
        for a in self._raw(form):
            base, cls = a.get("BASEFORM"), a.get("CLASS", "")
            if not base:
                continue
            if a.get("PARTICIPLE") and cls == "laatusana":
                out.append(("participle", base))
                # UD lemmatises a participle tagged VERB as its verb (``sallittu`` -> ``sallia``)
                verb = underlying_lemma(a.get("FSTOUTPUT", ""))
                if verb:
                    out.append(("teonsana", verb))
                continue
            out.append((cls, base))
            if a.get("MOOD") == "MINEN-infinitive":
                # Voikko reads ``soveltamista`` as a verb form; UD lemmatises it as the noun ``soveltaminen``
                noun = minen_noun(a.get("FSTOUTPUT", ""))
                if noun:
                    out.append(("nimisana", noun))
        return tuple(out)


_FST_LEMMA = re.compile(r"\[Xp\](.*?)\[X\]")
_FST_TAG = re.compile(r"\[[^\]]*\]")


def _surface(fst: str) -> str:
    return _FST_TAG.sub("", _FST_LEMMA.sub("", fst))


def underlying_lemma(fst: str) -> str | None:
    """The lemma of the last part of a Voikko FST analysis, after the earlier compound parts
    as written: ``[Lp]uudelleen[Bh][Bc][Lt][Xp]kirjoittaa[X]kirjoite...`` -> ``uudelleenkirjoittaa``."""
    head, _, last = fst.rpartition("[Bc]")
    found = _FST_LEMMA.search(last)
    return _surface(head) + found.group(1) if found else None


def minen_noun(fst: str) -> str | None:
    """``[Lt][Xp]soveltaa[X]sovelta[Tn4]mi...`` -> ``soveltaminen`` (with earlier compound parts)."""
    head, _, last = fst.rpartition("[Bc]")
    found = re.search(r"\[X\]([^\[]+)\[Tn4\]", last)
    return _surface(head) + found.group(1) + "minen" if found else None


def available() -> bool:
    if importlib.util.find_spec("libvoikko") is None:
        return False
    try:
        VoikkoLexicon()
    except Exception:  # library or dictionary missing
        return False
    return True


def participle_read_as_adjective(lemma: str | None, analyses: tuple[tuple[str, str], ...]) -> bool:
    """Whether the lemmatizer's ``lemma`` is the participle itself (``merkittävä``), not its
    verb (``merkitä``): it read the word as an adjective."""
    return bool(lemma) and any(cls == "participle" and base == lemma for cls, base in analyses)


def choose_upos(upos: str | None, analyses: tuple[tuple[str, str], ...], strategy: str,
                lemma: str | None = None) -> str | None:
    """``participles``: a participle tagged VERB whose ``lemma`` (the lemmatizer's) is the
    participle itself is an adjective (``merkittävä``, ``tulevaa``; selection slice 7 of 7,
    with and without the tagger's lexicon constraint).  ``lexicon_unambiguous``: that, and
    when every analysis of the word allows one and the same UPOS and the tagger chose
    another, the lexicon's, as long as both are NOUN, PROPN or ADJ.  Otherwise the tagger's."""
    if strategy == "keep" or not analyses:
        return upos
    if upos == "VERB" and participle_read_as_adjective(lemma, analyses):
        return "ADJ"
    if strategy == "participles" or upos not in CORRECTABLE_UPOS:
        return upos
    allowed = allowed_upos(analyses)
    if not allowed or upos in allowed or len(allowed) != 1 or not allowed <= CORRECTABLE_UPOS:
        return upos
    return next(iter(allowed))


def allowed_upos(analyses: tuple[tuple[str, str], ...]) -> frozenset[str]:
    """The UPOS tags a word's lexicon analyses allow under UD Finnish conventions."""
    allowed: set[str] = set()
    for cls, _ in analyses:
        allowed |= PARTICIPLE_UPOS if cls == "participle" else CLASS_UPOS.get(cls, set())
    return frozenset(allowed)


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
                 analyses: tuple[tuple[str, str], ...], strategy: str,
                 is_lemma: Callable[[str, str], bool] | None = None) -> str | None:
    """The lemma after consulting the lexicon.

    ``override_unknown``: keep Stanza's lemma when the lexicon knows it as a base form of
    this word at all; otherwise take the base form of the analysis whose class agrees
    with the UPOS.  ``override_compatible``: the same, but Stanza's lemma must be the
    base form of an analysis that agrees with the UPOS.  Function words and adverbs keep
    Stanza's lemma (UD's conventions for them, e.g. ``niiden`` -> ``se``, differ from
    Voikko's); a lemma the lexicon confirms takes the lexicon's capitalisation.
    """
    lemma = _strip_affix_hyphen(form, lemma)
    if strategy != "stanza" and upos == "PROPN" and not analyses:
        lemma = _foreign_name_stem(form, lemma)
    if strategy != "stanza" and upos in ("ADV", "ADP") and lemma and lemma != form.lower() and \
            any(base == lemma for cls, base in analyses if cls in NOMINAL_CLASSES):
        # an adverb the lemmatizer turned into the noun or adjective it comes from
        # (``pääosin`` -> ``pääosa``, ``mahdollisimman`` -> ``mahdollinen``): UD lemmatises a
        # lexicalised adverb as itself (selection slice: 6 of 6)
        return form.lower()
    if strategy == "stanza" or not analyses or not upos or upos in STANZA_LEMMA_UPOS:
        return _propn_case(form, upos, lemma)
    if upos == "VERB" and participle_read_as_adjective(lemma, analyses):
        # the tagger said VERB, the lemmatizer in context the adjective (``merkittävä``,
        # ``elävien`` -> ``elävä``): right every time on the selection slice (7 of 7)
        return lemma
    compatible = [base for cls, base in analyses if cls in UPOS_CLASSES.get(upos, ())]
    pool = [base for _, base in analyses] if strategy == "override_unknown" else compatible
    if lemma:
        for base in pool:
            if base.lower() == lemma.lower():
                return _propn_case(form, upos, _strip_affix_hyphen(form, base))
    if not compatible:
        return _propn_case(form, upos, lemma)
    best = compatible[0]
    if (upos == "VERB" and is_lemma and lemma and lemma[:SAME_STEM].lower() == best[:SAME_STEM].lower()
            and is_lemma(lemma, upos)):
        # Stanza chose a real verb of the same stem, derived where Voikko reads the root
        # (``osoittautunut`` -> ``osoittautua``, where Voikko analyses ``osoittaa``); for
        # nouns the same rule let Stanza's invented words through (measured, MODEL_CARD.md).
        return _propn_case(form, upos, lemma)
    return _propn_case(form, upos, _strip_affix_hyphen(form, best))


def _foreign_name_stem(form: str, lemma: str | None) -> str | None:
    """A foreign name ending in a consonant takes an ``i`` before Finnish endings
    (``Hilliardista``, ``Spiegelille``); the lemmatizer keeps it (``Hilliardi``).  For names
    the lexicon does not know, a lemma of consonant + ``i`` that the form continues loses
    the ``i`` — except Slavic ``-ski`` names (in the training data this reading is right
    4 times out of 5; selection slice 5 of 5)."""
    if lemma and len(lemma) > 3 and lemma.endswith("i") and lemma[-2] not in _VOWELS and \
            not lemma.endswith("ski") and form.startswith(lemma) and len(form) > len(lemma):
        return lemma[:-1]
    return lemma


_VOWELS = set("aeiouyäöAEIOUYÄÖ")


def _strip_affix_hyphen(form: str, lemma: str | None) -> str | None:
    """``-hankkeen`` (the second half of ``ESR- ja -hankkeen``) has the lemma ``hanke``;
    a compound written with a hyphen keeps it in the lemma (``Kaste-hankkeen`` ->
    ``Kaste-hanke``, where the lemmatizer wrote ``Kastehanke``), and the part before it
    as the word writes it."""
    if lemma and form.startswith("-") and lemma.startswith("-") and len(lemma) > 1:
        return lemma[1:]
    if lemma and "-" in form[1:-1]:
        at = form.index("-", 1)
        if "-" not in lemma and form[at - 1].isalnum() and form[at + 1].isalpha() \
                and lemma.lower().startswith(form[:at].lower()) and len(lemma) > at:
            lemma = lemma[:at] + "-" + lemma[at:]
        if lemma[:at + 1].lower() == form[:at + 1].lower() and \
                any(ch.isupper() for ch in form[1:at] + lemma[1:at]):
            # an acronym or mixed-case name before the hyphen does not inflect: it keeps its
            # spelling (``KUVA-verkostossa`` -> ``KUVA-verkosto``, the lemmatizer wrote ``kUvA-``);
            # a capital that only starts the sentence stays out (``Osa-alueilla`` -> ``osa-alue``)
            lemma = form[:at + 1] + lemma[at + 1:]
    return lemma


def _propn_case(form: str, upos: str | None, lemma: str | None) -> str | None:
    """A proper noun written with a capital keeps it in the lemma."""
    if upos == "PROPN" and lemma and form[:1].isupper() and lemma[:1].islower():
        return lemma[:1].upper() + lemma[1:]
    return lemma


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
                token.upos = choose_upos(token.upos, analyses, self.upos_strategy, token.lemma)
                token.lemma = choose_lemma(token.text, token.upos, token.lemma, analyses, self.strategy,
                                           self.lexicon.is_lemma)
                token.feats = choose_feats(token.upos, token.feats, self.lexicon.inflections(token.text),
                                           self.feats_strategy)
        return docs
