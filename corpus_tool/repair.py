"""Restore ä, ö and l in OCR-damaged Finnish, recording every change.

Scans of older reports lose ä and ö (read as ``a``, ``d``, ``3``, ``da``; ``o``, ``d``,
``é``, ``6``, ``0``) and l (``|``, ``[``, ``I``).  Repair is a noisy channel:

* :func:`damage_score` decides whether a text is damaged at all (ä/ö far below
  Finnish norms, many words unknown to the lexicon, digits or ``|`` inside words);
  clean text is never touched.
* For each word in damaged text, :func:`candidates` lists the words it could have
  been under the confusions above; each is scored by its frequency in Finnish
  (wordfreq; Voikko's morphology for inflected compounds wordfreq lacks) times the
  probability of the damage that turns it into what was read.  The best candidate
  replaces the word when it beats the word as read.
* Words that no substitution explains get a near match from the lexicon (rapidfuzz).

Every change is a :class:`~corpus_tool.document.Repair` with offsets, original,
repaired, confidence and method; the input text itself is never modified in place.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from corpus_tool.document import Repair

# P(observed | true) for the confusions OCR makes; the rest of the mass stays on the true letter.
CHANNEL: dict[str, dict[str, float]] = {
    "ä": {"a": 0.80, "d": 0.10, "3": 0.02, "é": 0.01, "ä": 0.05},
    "ö": {"o": 0.80, "d": 0.06, "é": 0.05, "6": 0.03, "0": 0.02, "ö": 0.04},
    "l": {"l": 0.995, "|": 0.002, "[": 0.002, "I": 0.001},
}
# Two characters read for one letter.
MERGES = {("d", "a"): "ä", ("a", "d"): "ä", ("é", "a"): "ä", ("o", "d"): "ö", ("d", "o"): "ö"}
MERGE_PROBABILITY = 0.005
# What each observed character may stand for.
READS_AS: dict[str, tuple[str, ...]] = {
    "a": ("a", "ä"), "o": ("o", "ö"), "d": ("d", "ä", "ö"), "3": ("ä",), "6": ("ö",), "0": ("ö", "o"),
    "é": ("ö", "ä"), "è": ("ä", "ö"), "|": ("l",), "[": ("l",),
}
_WORD = re.compile(r"[\wé|\[]+(?:-\n?[\wé|\[]+)*", re.UNICODE)
_URLISH = re.compile(r"(https?://|www\.|\S+@\S+|\S+\.(fi|com|org|net)\b)", re.I)
MAX_CANDIDATES = 2048
_RARE = set(READS_AS) - {"a", "o"}
UNSEEN = 1e-9            # frequency given to a word only Voikko knows


def channel(observed: str, true: str) -> float:
    if observed == true:
        table = CHANNEL.get(true)
        return table.get(true, 1.0) if table else 1.0
    return CHANNEL.get(true, {}).get(observed, 0.0)


class Lexicon:
    """Word frequencies (wordfreq), a morphological word test (Voikko), and an index
    from a word's folded spelling (ä→a, ö→o) to the known words that fold to it."""

    def __init__(self, frequencies: dict[str, float], is_word: Callable[[str], bool]):
        self.frequencies = frequencies
        self.is_word = is_word
        self.by_fold: dict[str, list[str]] = {}
        self.by_length: dict[str, list[str]] = {}       # near matches: folded first letter + length
        self.folded_by_length: dict[str, list[str]] = {}
        for word, f in frequencies.items():
            if not word.isalpha():
                continue
            folded = _fold(word)
            if folded != word or folded in frequencies:
                self.by_fold.setdefault(folded, []).append(word)
            if f >= 1e-7 and len(word) >= 6:
                self.by_length.setdefault(folded[0] + str(len(word)), []).append(word)
                self.folded_by_length.setdefault(folded[0] + str(len(word)), []).append(folded)
        self.cache: dict[str, "WordRepair | None"] = {}

    def frequency(self, word: str) -> float:
        return self.frequencies.get(word, 0.0)

    def known_folds(self, folded: str) -> list[str]:
        return self.by_fold.get(folded, [])

    @classmethod
    def default(cls) -> "Lexicon":
        return _default_lexicon()


@lru_cache(maxsize=1)
def _default_lexicon() -> Lexicon:
    import wordfreq

    freqs = wordfreq.get_frequency_dict("fi", wordlist="large")
    try:
        import libvoikko

        voikko = libvoikko.Voikko("fi")
        spell = lru_cache(maxsize=200_000)(voikko.spell)
    except Exception:  # Voikko missing: wordfreq alone
        def spell(word: str) -> bool:
            return word in freqs
    return Lexicon(freqs, spell)


_FOLD = str.maketrans("äö", "ao")


def _fold(text: str) -> str:
    return text.translate(_FOLD)


# --- detection ---------------------------------------------------------------------------------

@dataclass
class DamageScore:
    letters: int
    umlaut_share: float        # (ä+ö) / (a+o+ä+ö); Finnish prose is near 0.25
    unknown_share: float       # lowercase words the lexicon does not know
    odd_characters: int        # digits, | or [ inside words, é in Finnish words

    @property
    def damaged(self) -> bool:
        if self.letters < 40:
            return self.odd_characters >= 2 and self.unknown_share > 0.3
        if self.umlaut_share < 0.06 and self.unknown_share > 0.08:
            return True
        return self.unknown_share > 0.25 and self.odd_characters >= 3


def damage_score(text: str, lexicon: Lexicon) -> DamageScore:
    lower = text.lower()
    a_o = sum(lower.count(c) for c in "ao")
    umlauts = sum(lower.count(c) for c in "äö")
    words = [w for w in re.findall(r"[a-zäöé|\[0-9]+", re.sub(r"-\n\s*", "", text)) if len(w) > 3 and not w.isdigit()]
    plain = [w for w in words if w.isalpha()]
    unknown = sum(1 for w in plain if not lexicon.frequency(w) and not lexicon.is_word(w))
    odd = sum(1 for w in words if re.search(r"[a-zäö][0-9|\[é]|[0-9|\[é][a-zäö]", w))
    return DamageScore(sum(ch.isalpha() for ch in text), umlauts / (a_o + umlauts) if a_o + umlauts else 0.25,
                       unknown / len(plain) if plain else 0.0, odd)


# --- candidates ----------------------------------------------------------------------------------

def skeletons(word: str) -> list[tuple[str, list[str]]]:
    """Readings of the rare confusions in ``word`` (d, digits, é, |, [, two letters
    read as one), each as (folded spelling, observed characters per letter).  Plain
    a and o are left folded: the index resolves them."""
    if not any(ch in _RARE for ch in word):             # the common case: only a and o are ambiguous
        return [(_fold(word), list(word))]
    results: list[tuple[str, list[str]]] = []

    def walk(i: int, built: str, observed: list[str]) -> None:
        if len(results) >= MAX_CANDIDATES:
            return
        if i == len(word):
            results.append((built, observed))
            return
        ch = word[i]
        options = READS_AS.get(ch, (ch,)) if ch not in "ao" else (ch,)
        for true in options:
            walk(i + 1, built + _fold(true), observed + [ch])
        if i + 1 < len(word) and (ch, word[i + 1]) in MERGES:
            walk(i + 2, built + _fold(MERGES[(ch, word[i + 1])]), observed + [ch + word[i + 1]])

    walk(0, "", [])
    return results


def channel_probability(observed: list[str], true: str) -> float:
    """P(reading ``true`` as the observed characters), letter by letter."""
    prob = 1.0
    for seen, letter in zip(observed, true):
        prob *= MERGE_PROBABILITY if len(seen) == 2 and MERGES.get((seen[0], seen[1])) == letter \
            else channel(seen, letter)
        if prob == 0.0:
            return 0.0
    return prob


def candidates(word: str, lexicon: Lexicon) -> list[tuple[str, float]]:
    """Known words that ``word`` (lower case) may have been, with the probability of
    reading each as ``word``."""
    found: dict[str, float] = {}
    for folded, observed in skeletons(word):
        for known in lexicon.known_folds(folded):
            p = channel_probability(observed, known)
            if p > found.get(known, 0.0):
                found[known] = p
    return list(found.items())


def _umlaut_variants(folded: str, limit: int = 64) -> list[str]:
    """Spellings of a folded word with a/o read as a/ä, o/ö, most harmonious first
    (a word, or each part of a compound, keeps back or front vowels)."""
    positions = [i for i, ch in enumerate(folded) if ch in "ao"]
    if not positions:
        return [folded]
    front = folded.translate(str.maketrans("ao", "äö"))
    variants = [front, folded]
    if len(positions) <= 6:
        for mask in range(1, 2 ** len(positions) - 1):
            chars = list(folded)
            for bit, i in enumerate(positions):
                if mask >> bit & 1:
                    chars[i] = "ä" if chars[i] == "a" else "ö"
            variants.append("".join(chars))
    return variants[:limit]


def _case_like(repaired: str, original: str) -> str:
    if original.isupper() and len(original) > 1:
        return repaired.upper()
    if original[:1].isupper():
        return repaired[:1].upper() + repaired[1:]
    return repaired


@dataclass
class WordRepair:
    repaired: str
    confidence: float
    method: str


def repair_word(word: str, lexicon: Lexicon, min_ratio: float = 2.0) -> WordRepair | None:
    """The restored form of one word (any case), or None to leave it as it is."""
    if word in lexicon.cache:
        return lexicon.cache[word]
    result = _repair_word(word, lexicon, min_ratio)
    lexicon.cache[word] = result
    return result


def _repair_word(word: str, lexicon: Lexicon, min_ratio: float) -> WordRepair | None:
    if sum(ch.isalpha() for ch in word) < 2:           # numbers stay numbers: "33" is not "ää"
        return None
    lower = word.lower()
    if "I" in word[1:] and not word.isupper():          # a capital I inside a word is an l
        lower = word[0].lower() + word[1:].replace("I", "l").lower()
    if not any(ch in READS_AS for ch in lower) and lower == word.lower():
        return None
    observed = lexicon.frequency(lower)
    if not observed and lexicon.is_word(lower):
        observed = UNSEEN
    scored = sorted(((math.log(lexicon.frequency(form)) + math.log(p), form)
                     for form, p in candidates(lower, lexicon) if p > 0), reverse=True)
    if not scored and not observed:
        scored = _morphological_candidates(lower, lexicon)
    if scored:
        best_score, best = scored[0]
        baseline = math.log(observed) if observed else -math.inf
        if best != word.lower() and (best != lower or lower != word.lower()) and \
                best_score - baseline >= math.log(min_ratio):
            total = sum(math.exp(score - best_score) for score, _ in scored)
            return WordRepair(_case_like(best, word), 1.0 / total, "lexicon")
        return None
    if observed:
        return None
    return _near_match(word, lower, lexicon)


def _morphological_candidates(lower: str, lexicon: Lexicon, tries: int = 32) -> list[tuple[float, str]]:
    """Inflected forms and compounds wordfreq lacks: ask Voikko about the likeliest readings."""
    readings = []
    for folded, observed in skeletons(lower)[:8]:
        for spelling in _umlaut_variants(folded):
            p = channel_probability(observed, spelling)
            if p > 0:
                readings.append((p, spelling))
    readings.sort(reverse=True)
    scored = []
    for p, spelling in readings[:tries]:
        if spelling != lower and lexicon.is_word(spelling):
            scored.append((math.log(UNSEEN) + math.log(p), spelling))
    return sorted(scored, reverse=True)


def _near_match(word: str, lower: str, lexicon: Lexicon) -> WordRepair | None:
    """No substitution gives a known word: the closest frequent word of the same length."""
    if len(lower) < 6 or not lower.isalpha():
        return None
    from rapidfuzz import fuzz, process

    best = None
    for n in (len(lower) - 1, len(lower), len(lower) + 1):
        key = _fold(lower[0]) + str(n)
        match = process.extractOne(_fold(lower), lexicon.folded_by_length.get(key, []), scorer=fuzz.ratio,
                                   score_cutoff=88)
        if match and (best is None or match[1] > best[1]):
            best = (lexicon.by_length[key][match[2]], match[1])
    if best is None:
        return None
    return WordRepair(_case_like(best[0], word), round(best[1] / 100 * 0.7, 3), "near_match")


# --- text ----------------------------------------------------------------------------------------

_BULLET_E = re.compile(r"(?m)^([ \t]*)e(?=[ \t]+[A-ZÄÖ])")


def repair_text(text: str, lexicon: Lexicon | None = None, force: bool = False) -> tuple[str, list[Repair]]:
    """Repair ``text`` if it is damaged (or ``force``); returns the text and the changes.

    Line structure and whitespace are kept exactly: only damaged words change.  A word
    split by a line-end hyphen is judged whole and the break is put back in place; a
    hyphenated compound (``Pohjois-Suomessa``) is judged part by part."""
    lexicon = lexicon or Lexicon.default()
    if not force and not damage_score(text, lexicon).damaged:
        return text, []
    repairs: list[Repair] = []
    for match in _BULLET_E.finditer(text):               # bullets OCR'd as a lone "e"
        start = match.end() - 1
        repairs.append(Repair(start, start + 1, "e", "•", 0.9, "bullet"))
    protected = [m.span() for m in _URLISH.finditer(text)]
    for match in _WORD.finditer(text):
        if any(a <= match.start() < b for a, b in protected):
            continue
        repairs.extend(_repair_span(match.group(), match.start(), lexicon))
    repairs.sort(key=lambda r: r.start)
    out, last = [], 0
    for r in repairs:
        out.append(text[last:r.start])
        out.append(r.repaired)
        last = r.end
    out.append(text[last:])
    return "".join(out), repairs


def _repair_span(surface: str, start: int, lexicon: Lexicon) -> list[Repair]:
    if surface.count("-\n") == 1:
        cut = surface.index("-\n")
        joined = surface[:cut] + surface[cut + 2:]
        result = repair_word(joined, lexicon)
        if result is not None:
            at = _map_index(joined.lower(), result.repaired.lower(), cut)
            repaired = result.repaired[:at] + "-\n" + result.repaired[at:]
            return [Repair(start, start + len(surface), surface, repaired, round(result.confidence, 3),
                           result.method)]
        if lexicon.frequency(joined.lower()) or lexicon.is_word(joined.lower()):
            return []
    repairs, offset = [], start
    for part in re.split(r"(-\n?)", surface):
        if part and not part.startswith("-"):
            result = repair_word(part, lexicon)
            if result is not None:
                repairs.append(Repair(offset, offset + len(part), part, result.repaired,
                                      round(result.confidence, 3), result.method))
        offset += len(part)
    return repairs


def _map_index(observed: str, repaired: str, index: int) -> int:
    """The position in ``repaired`` that corresponds to ``index`` in ``observed``."""
    from difflib import SequenceMatcher

    for tag, i1, i2, j1, j2 in SequenceMatcher(None, observed, repaired, autojunk=False).get_opcodes():
        if index < i2 or i2 == len(observed):
            return j1 + min(index - i1, j2 - j1)
    return len(repaired)
