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

import heapq
import math
import re
from bisect import bisect_right
from itertools import combinations, islice, product
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
# A word, with hyphenated parts; a line-end hyphen may be followed by blank lines (PDF text).
_WORD = re.compile(r"[\wé|\[]+(?:-(?:[ \t]*\n\s*)?[\wé|\[]+)*", re.UNICODE)
_LINE_BREAK = re.compile(r"-[ \t]*\n\s*")
# tried at the start of a non-space run only: unanchored, it rescanned every run from every position
_URLISH = re.compile(r"(?<!\S)(?:https?://\S+|www\.\S+|\S+@\S+\.\w+|\S+\.(?:fi|com|org|net)(?:/\S*)?)", re.I)
MAX_CANDIDATES = 2048
_RARE = set(READS_AS) - {"a", "o"}
_READABLE = set(READS_AS)
UNSEEN = 1e-9            # frequency given to a candidate only Voikko knows
# Words valid both ways are settled by their neighbours and the document's own spelling:
# each piece of evidence moves the log odds by this much (about a factor of 4).
CONTEXT_WEIGHT = math.log(4)
CONTEXT_WINDOW = 5       # words on each side
CLEARLY_DAMAGED = math.log(20)   # a repair this sure is evidence that its stretch lost umlauts
NEGLIGIBLE = 0.05        # a reading this much less likely than the best is not asked about
KNOWN_AS_READ = 1e-7     # frequency given to a word as read that only Voikko knows: it is a real word
# A spelling Voikko is asked about must begin with the first EDGE letters of some known word
# (a compound's first part) and end with the last EDGE letters of one (its last part's
# inflected form).  Longer edges spare more calls but lose words: 5-letter endings spared
# 12 % of Voikko's calls on the repair benchmark but lost "hanketyö" in seed 001 (a short
# last part); 5-letter beginnings lost words on the benchmark itself.
EDGE = 4


# The channel as one flat table (observed, true) -> probability, for channel_probability.
_CHANNEL_TABLE = {(seen, letter): p for letter, row in CHANNEL.items() for seen, p in row.items()}
_CHANNEL_TABLE.update({(a + b, letter): MERGE_PROBABILITY for (a, b), letter in MERGES.items()})


class Lexicon:
    """Word frequencies (wordfreq), a morphological word test (Voikko), and an index
    from a word's folded spelling (ä→a, ö→o) to the known words that fold to it."""

    def __init__(self, frequencies: dict[str, float], is_word: Callable[[str], bool]):
        self.frequencies = frequencies
        self.is_word = is_word
        self.by_fold: dict[str, list[str]] = {}
        # near matches, words with ä/ö only (a near match must restore them): folded first letter + length
        self.by_length: dict[str, list[str]] = {}
        self.folded_by_length: dict[str, list[str]] = {}
        # the first and last EDGE letters of known words (see EDGE)
        self.beginnings: set[str] = set()
        self.endings: set[str] = set()
        for word, f in frequencies.items():
            if not word.isalpha():
                continue
            if len(word) >= EDGE:
                self.beginnings.add(word[:EDGE])
                self.endings.add(word[-EDGE:])
            folded = _fold(word)
            if folded != word or folded in frequencies:
                self.by_fold.setdefault(folded, []).append(word)
            if f >= 1e-7 and len(word) >= 6 and folded != word:
                self.by_length.setdefault(folded[0] + str(len(word)), []).append(word)
                self.folded_by_length.setdefault(folded[0] + str(len(word)), []).append(folded)
        self.cache: dict[str, "WordRepair | None"] = {}
        self.word_kinds: dict[str, int] = {}        # a word's kind in damage scores
        # words kept as read although a restored reading came close: context may choose it
        self.close_calls: dict[str, WordRepair] = {}

    def clear_cache(self) -> None:
        """Forget the per-word decisions and lexicon look-ups (they are only a speed-up)."""
        self.cache.clear()
        self.word_kinds.clear()
        self.close_calls.clear()
        if hasattr(self.is_word, "cache_clear"):
            self.is_word.cache_clear()

    def frequency(self, word: str) -> float:
        return self.frequencies.get(word, 0.0)

    def plausible(self, spelling: str) -> bool:
        """Whether ``spelling`` begins and ends like known words: a set look-up that spares
        Voikko more than half of the readings it would reject (measured on the repair
        benchmark with no valid reading lost)."""
        return len(spelling) < EDGE or (spelling[:EDGE] in self.beginnings and spelling[-EDGE:] in self.endings)

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
_UMLAUT = {"a": "ä", "o": "ö"}           # a folded letter's umlaut reading
_UNFOLD = str.maketrans(_UMLAUT)


def _fold(text: str) -> str:
    return text.translate(_FOLD)


# --- detection ---------------------------------------------------------------------------------

@dataclass
class DamageScore:
    words: int
    umlaut_share: float        # (ä+ö) / (a+o+ä+ö); Finnish prose is near 0.25
    restorable_share: float    # words unknown as read but known with ä/ö or l restored
    odd_words: int             # words with digits, | or [ between letters

    @property
    def damaged(self) -> bool:
        """Whether a text as a whole is damaged.  A few restorable words are typos, which
        clean text keeps; OCR damage makes them common and drains ä/ö."""
        if self.words == 0:
            return False
        return (self.restorable_share >= 0.05 and self.umlaut_share < 0.12) or \
            (self.odd_words >= 3 and self.restorable_share >= 0.02)


_ODD_WORD = re.compile(r"[^\W\d_][0-9|\[]|[0-9|\[][^\W\d_]")
_TEXT_WORD = re.compile(r"[^\W\d_]*[a-zäöé|\[0-9][^\W_]*|[|\[][^\W_]+", re.UNICODE)


def damage_score(text: str, lexicon: Lexicon) -> DamageScore:
    return _DamageCounts.of(text, lexicon).score()


@dataclass
class _DamageCounts:
    """The counts behind a :class:`DamageScore`; those of paragraphs add up to the document's."""
    words: int = 0
    a_o: int = 0
    umlauts: int = 0
    restorable: int = 0
    odd: int = 0

    @classmethod
    def of(cls, text: str, lexicon: Lexicon) -> "_DamageCounts":
        lower = _LINE_BREAK.sub("", text).lower()
        counts = cls(a_o=lower.count("a") + lower.count("o"), umlauts=lower.count("ä") + lower.count("ö"))
        kinds = lexicon.word_kinds
        tally = [0, 0, 0, 0]
        for word in _TEXT_WORD.findall(lower):
            kind = kinds.get(word)
            if kind is None:
                kind = kinds[word] = _word_kind(word, lexicon)
            tally[kind] += 1
        counts.words = tally[_PLAIN] + tally[_ODD] + tally[_RESTORABLE]
        counts.odd, counts.restorable = tally[_ODD], tally[_RESTORABLE]
        return counts

    def __add__(self, other: "_DamageCounts") -> "_DamageCounts":
        return _DamageCounts(self.words + other.words, self.a_o + other.a_o, self.umlauts + other.umlauts,
                             self.restorable + other.restorable, self.odd + other.odd)

    def score(self) -> DamageScore:
        total = self.a_o + self.umlauts
        return DamageScore(self.words, self.umlauts / total if total else 0.25,
                           self.restorable / self.words if self.words else 0.0, self.odd)


# What a word counts as in a damage score (the same word recurs: each is judged once).
_IGNORED, _PLAIN, _ODD, _RESTORABLE = range(4)


def _word_kind(word: str, lexicon: Lexicon) -> int:
    if len(word) <= 2 or word.isdigit():
        return _IGNORED
    if not word.isalpha():                 # only these can hold a digit, | or [
        return _ODD if _ODD_WORD.search(word) else _PLAIN
    if lexicon.frequency(word) < 1e-6 and _restorable(word, lexicon):
        return _RESTORABLE
    return _PLAIN


def _restorable(word: str, lexicon: Lexicon) -> bool:
    """Known with ä/ö where it was read with a/o/d (the cheap test, no enumeration)."""
    if any(known != word and lexicon.frequency(known) >= 1e-6 for known in lexicon.known_folds(_fold(word))):
        return True
    if "d" in word:
        return any(lexicon.frequency(k) >= 1e-6 for k in lexicon.known_folds(_fold(word).replace("d", "a")))
    return False


# --- candidates ----------------------------------------------------------------------------------

# What each rare character may stand for, folded (a plain a or o stands for itself: the
# index resolves it); and the letter two characters may stand for, folded.
_FOLDED_READINGS = {ch: tuple(_fold(true) for true in trues) for ch, trues in READS_AS.items() if ch not in "ao"}
_FOLDED_MERGES = {pair: _fold(letter) for pair, letter in MERGES.items()}


def skeletons(word: str) -> list[tuple[str, list[str]]]:
    """Readings of the rare confusions in ``word`` (d, digits, é, |, [, two letters
    read as one), each as (folded spelling, observed characters per letter).  Plain
    a and o are left folded: the index resolves them."""
    folded = _fold(word)
    if _RARE.isdisjoint(word):             # the common case: only a and o are ambiguous
        return [(folded, list(word))]
    # a character's folded readings; an ordinary one (ä, ö folded) stands for itself
    letter_options = [_FOLDED_READINGS.get(ch) or (ch,) for ch in folded]
    merge_at = [i for i, pair in enumerate(zip(word, word[1:])) if pair in MERGES]
    results: list[tuple[str, list[str]]] = []
    # Each way of reading some of the mergeable pairs as one letter (non-overlapping) is a
    # segmentation (none merged first); within one, the readings are a plain product of
    # per-letter options.
    for merged in _segmentations(merge_at):
        options, observed, i = [], [], 0
        while i < len(word):
            if i in merged:
                options.append((_FOLDED_MERGES[(word[i], word[i + 1])],))
                observed.append(word[i:i + 2])
                i += 2
            else:
                options.append(letter_options[i])
                observed.append(word[i])
                i += 1
        results.extend(("".join(letters), observed)
                       for letters in islice(product(*options), MAX_CANDIDATES - len(results)))
        if len(results) >= MAX_CANDIDATES:
            break
    return results


def _segmentations(merge_at: list[int]):
    """Sets of positions from ``merge_at`` no two of which are adjacent (a character
    belongs to one pair at most), the empty set first."""
    yield frozenset()
    for size in range(1, len(merge_at) + 1):
        found = False
        for chosen in combinations(merge_at, size):
            if all(b - a > 1 for a, b in zip(chosen, chosen[1:])):
                found = True
                yield frozenset(chosen)
        if not found:
            return


def channel_probability(observed: list[str], true: str) -> float:
    """P(reading ``true`` as the observed characters), letter by letter."""
    prob = 1.0
    table = _CHANNEL_TABLE
    for seen, letter in zip(observed, true):
        if seen == letter and letter not in CHANNEL:     # an ordinary letter read as itself
            continue
        prob *= table.get((seen, letter), 0.0)
        if prob == 0.0:
            return 0.0
    return prob


def candidates(word: str, lexicon: Lexicon,
               readings: list[tuple[str, list[str]]] | None = None) -> list[tuple[str, float]]:
    """Known words that ``word`` (lower case) may have been, with the probability of
    reading each as ``word`` (``readings``: its :func:`skeletons`, when already made)."""
    found: dict[str, float] = {}
    for folded, observed in readings if readings is not None else skeletons(word):
        for known in lexicon.known_folds(folded):
            p = channel_probability(observed, known)
            if p > found.get(known, 0.0):
                found[known] = p
    return list(found.items())


_HARMONY = {ord(ch): None for ch in map(chr, range(0x250)) if ch not in "aouäöy"}
_HARMONY.update({ord(ch): "b" for ch in "aou"} | {ord(ch): "f" for ch in "äöy"})


def harmony_switches(word: str) -> int:
    """How often the vowels switch between back (a o u) and front (ä ö y); e and i are
    neutral.  A Finnish word has none; a compound one per part at most."""
    vowels = word.translate(_HARMONY)            # back -> "b", front -> "f", the rest dropped
    return vowels.count("bf") + vowels.count("fb")


def _umlaut_readings(folded: str, observed: list[str], max_positions: int = 10) -> list[tuple[float, str]]:
    """Spellings of a folded word with each a/o read as a/ä and o/ö, with the channel
    probability of reading each as ``observed`` (zero-probability spellings left out).
    The probability is a product over letters: the part that does not vary is computed
    once, and each spelling multiplies in only its choices at the a/o positions."""
    positions = [i for i, ch in enumerate(folded) if ch in "ao"]
    if len(positions) > max_positions:              # too many to try: the two harmonious extremes
        spellings = [folded, folded.translate(_UNFOLD)]
        return [(p, sp) for sp in spellings if (p := channel_probability(observed, sp)) > 0]
    at = set(positions)
    rest = channel_probability([o for i, o in enumerate(observed) if i not in at],
                               "".join(ch for i, ch in enumerate(folded) if i not in at))
    if rest == 0.0:
        return []
    probabilities, letters = [], []
    for i in positions:
        choices = [(q, letter) for letter in (folded[i], _UMLAUT[folded[i]])
                   if (q := channel_probability([observed[i]], letter)) > 0]
        if not choices:
            return []
        probabilities.append([q for q, _ in choices])
        letters.append([letter for _, letter in choices])
    # the spelling with a slot at each a/o, filled from the letters of each combination
    template = "".join("{}" if i in at else ch.replace("{", "{{").replace("}", "}}") for i, ch in enumerate(folded))
    return [(rest * math.prod(ps), template.format(*ls))
            for ps, ls in zip(product(*probabilities), product(*letters))]


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
    # log(P(repaired) / P(as read)): infinite when the word as read is no word at all;
    # finite for words valid both ways (vaarin / väärin), which context may overrule.
    margin: float = math.inf


def repair_word(word: str, lexicon: Lexicon, min_ratio: float = 2.0) -> WordRepair | None:
    """The restored form of one word (any case), or None to leave it as it is."""
    if word in lexicon.cache:
        return lexicon.cache[word]
    result = _repair_word(word, lexicon, min_ratio)
    lexicon.cache[word] = result
    return result


_UMLAUT_WORD = re.compile(r"\w*[äöÄÖ]\w*")
_TWO_LETTERS = re.compile(r"[^\W\d_].*[^\W\d_]", re.S)


def _has_umlaut(word: str) -> bool:
    return "ä" in word or "ö" in word or "Ä" in word or "Ö" in word


def _repair_word(word: str, lexicon: Lexicon, min_ratio: float) -> WordRepair | None:
    if not _TWO_LETTERS.search(word):                  # numbers stay numbers: "33" is not "ää"
        return None
    if len(word) <= 2 and _RARE.isdisjoint(word):   # "ma" (maanantai), "ja": too short to judge
        return None
    lower = word.lower()
    if "I" in word[1:] and not word.isupper():          # a capital I inside a word is an l
        lower = word[0].lower() + word[1:].replace("I", "l").lower()
    if _READABLE.isdisjoint(lower) and lower == word.lower():
        return None
    observed = lexicon.frequency(lower)
    if observed and lower == word.lower() and _RARE.isdisjoint(lower) \
            and all(known == lower for known in lexicon.known_folds(_fold(lower))):
        return None         # the common case: a known word, and no other known word but for ä/ö
    readings = skeletons(lower)
    scored = sorted(((math.log(lexicon.frequency(form)) + math.log(p), form)
                     for form, p in candidates(lower, lexicon, readings) if p > 0), reverse=True)
    # Whether the word as read is a real word matters only where a restored reading does
    # not win by so much that neither that nor context could change the choice.
    sure = scored and scored[0][0] - math.log(KNOWN_AS_READ) >= math.log(min_ratio) + 2 * CONTEXT_WEIGHT
    if not observed and not sure and lexicon.plausible(lower) and lexicon.is_word(lower):
        observed = KNOWN_AS_READ
    if not scored and not observed:
        scored = _morphological_candidates(lower, lexicon, readings)
    if scored:
        best_score, best = scored[0]
        baseline = math.log(observed) if observed else -math.inf
        margin = best_score - baseline
        changes = best != word.lower() and (best != lower or lower != word.lower())
        total = sum(math.exp(score - best_score) for score, _ in scored)
        if changes and margin >= math.log(min_ratio):
            return WordRepair(_case_like(best, word), 1.0 / total, "lexicon", margin)
        if changes and margin >= math.log(min_ratio) - CONTEXT_WEIGHT * 3:
            lexicon.close_calls[word] = WordRepair(_case_like(best, word), 1.0 / total, "context", margin)
        return None
    if observed or not word.islower():       # names and acronyms are not guessed at
        return None
    return _near_match(word, lower, lexicon)


def _morphological_candidates(lower: str, lexicon: Lexicon, skeleton_list: list[tuple[str, list[str]]],
                              tries: int = 32) -> list[tuple[float, str]]:
    """Inflected forms and compounds wordfreq lacks: ask Voikko about the likeliest
    readings, likeliest meaning the channel's probability and vowel harmony together."""
    readings = []
    ranked = sorted(skeleton_list, key=lambda sk: -channel_probability(sk[1], sk[0]))
    for folded, observed in ranked[:8]:
        for p, spelling in _umlaut_readings(folded, observed):
            readings.append((p * 0.05 ** harmony_switches(spelling), spelling))
    scored = []
    for p, spelling in heapq.nlargest(tries, readings):    # = sorted(readings, reverse=True)[:tries]
        if scored and p < math.exp(scored[0][0] - math.log(UNSEEN)) * NEGLIGIBLE:
            break       # the rest could not change the choice and barely the confidence
        if spelling != lower and lexicon.plausible(spelling) and lexicon.is_word(spelling):
            scored.append((math.log(UNSEEN) + math.log(p), spelling))
    return sorted(scored, reverse=True)


def _near_match(word: str, lower: str, lexicon: Lexicon) -> WordRepair | None:
    """No substitution gives a known word: the closest frequent word with ä or ö of about
    the same length (within one letter)."""
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
    # only a match that restores ä/ö explains OCR damage; anything else would be fixing typos
    if best is None or sum(best[0].count(c) for c in "äö") <= sum(lower.count(c) for c in "äö"):
        return None
    return WordRepair(_case_like(best[0], word), round(best[1] / 100 * 0.7, 3), "near_match")


# --- text ----------------------------------------------------------------------------------------

# A lone "e" before a capitalised word: a list bullet the OCR read as a letter ("e" is no
# Finnish word).  At a line start, or inside a line where the normaliser joined the lines
# of a list ("tavoitetta; e Vahvistaa ... e Kehittää").
_BULLET_E = re.compile(r"(?m)(?:^|(?<=\s))e(?=[ \t]+[A-ZÄÖ])")


class Spans:
    """Sorted, non-overlapping (start, end) spans; ``offset in spans`` in log time."""

    def __init__(self, spans):
        self.spans = sorted(spans)
        self.starts = [a for a, _ in self.spans]

    def __contains__(self, offset: int) -> bool:
        i = bisect_right(self.starts, offset) - 1
        return i >= 0 and offset < self.spans[i][1]


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def damaged_regions(text: str, lexicon: Lexicon, document_damaged: bool | None = None) -> list[tuple[int, int]]:
    """Paragraphs to repair.  In a damaged document, every paragraph that lacks its
    share of ä/ö or has restorable words; in a clean one, only a paragraph long enough
    to judge (an OCR'd appendix, say) that is itself clearly damaged."""
    paragraphs, start = [], 0
    for match in list(_PARAGRAPH_BREAK.finditer(text)) + [None]:
        end = match.start() if match else len(text)
        paragraphs.append((start, end, _DamageCounts.of(text[start:end], lexicon)))
        start = match.end() if match else len(text)
    if document_damaged is None:
        document_damaged = sum((counts for *_, counts in paragraphs), _DamageCounts()).score().damaged
    regions = []
    for start, end, counts in paragraphs:
        score = counts.score()
        if document_damaged:
            repair = score.umlaut_share < 0.12 or score.restorable_share > 0 or score.odd_words > 0
        else:
            repair = score.words >= 40 and score.damaged and score.restorable_share >= 0.1
        if repair:
            regions.append((start, end))
    return regions


def repair_text(text: str, lexicon: Lexicon | None = None, force: bool = False,
                document_damaged: bool | None = None) -> tuple[str, list[Repair]]:
    """Repair the damaged parts of ``text`` (all of it with ``force``); returns the new
    text and the changes.

    Line structure and whitespace are kept exactly: only damaged words change.  A word
    split by a line-end hyphen is judged whole and the break is put back in place; a
    hyphenated compound (``Pohjois-Suomessa``) is judged part by part."""
    lexicon = lexicon or Lexicon.default()
    regions = [(0, len(text))] if force else damaged_regions(text, lexicon, document_damaged)
    if not regions:
        return text, []
    repairs: list[Repair] = []
    for match in _BULLET_E.finditer(text):               # bullets OCR'd as a lone "e"
        start = match.start()
        repairs.append(Repair(start, start + 1, "e", "•", 0.9, "bullet"))
    protected = Spans(m.span() for m in _URLISH.finditer(text))
    wanted = Spans(regions)
    done = 0
    words: list[tuple[int, str, list[Repair]]] = []
    decided = lexicon.cache
    for region_start, region_end in regions:
        # a word split by a line-end hyphen may run on past the region's blank line
        for match in _WORD.finditer(text, max(region_start, done)):
            start, surface = match.start(), match.group()
            if start >= region_end:
                break
            done = match.end()
            if protected.spans and start in protected:
                continue
            if decided.get(surface, False) is None and "-" not in surface:   # the common case: seen, kept
                words.append((start, surface, _NO_REPAIRS))
            else:
                words.append((start, surface, _repair_span(surface, start, lexicon)))
    for _, _, found in _decide_by_context(words, text, lexicon):
        repairs.extend(found)
    repairs = [r for r in repairs if r.start in wanted]
    return apply_repairs(text, repairs), repairs


_NO_REPAIRS: list[Repair] = []      # shared, never appended to


def _decide_by_context(words: list[tuple[int, str, list[Repair]]], text: str,
                       lexicon: Lexicon) -> list[tuple[int, str, list[Repair]]]:
    """Settle words valid both ways (``vaarin`` grandfather's / ``väärin`` wrongly).

    Evidence, in steps of :data:`CONTEXT_WEIGHT`: the neighbouring words (one step per
    word more of them clearly damaged than read with intact ä/ö, at most two: this
    stretch lost its umlauts; the other way round: it kept them) and the document itself
    (one step when the restored spelling occurs in it as read, with its ä/ö intact)."""
    cache, close_calls = lexicon.cache, lexicon.close_calls
    undecided = []
    for i, (_, surface, found) in enumerate(words):
        decision = (cache.get(surface) if "-" not in surface else None) if found else close_calls.get(surface)
        if decision is not None and decision.margin != math.inf:
            undecided.append(i)
    if not undecided:                    # the common case: every decision is clear-cut
        return words
    # the word decisions behind single-word repairs (a hyphenated word's parts count as damage)
    decisions = [cache.get(surface) if found and "-" not in surface else None for _, surface, found in words]
    closes = [close_calls.get(surface) if not found else None for _, surface, found in words]
    intact_vocabulary = {w.lower() for w in _UMLAUT_WORD.findall(text)}

    def damaged(j: int) -> bool:
        return bool(words[j][2]) and (decisions[j] is None or decisions[j].margin >= CLEARLY_DAMAGED)

    def intact(j: int) -> bool:
        return _has_umlaut(words[j][1])

    threshold = math.log(2.0)
    out = list(words)
    for i in undecided:
        start, surface, found = words[i]
        option, close = decisions[i], closes[i]
        margin = option.margin if option else close.margin
        near = [j for j in range(max(0, i - CONTEXT_WINDOW), min(len(words), i + CONTEXT_WINDOW + 1)) if j != i]
        near_damaged = sum(damaged(j) for j in near)
        near_intact = sum(intact(j) for j in near)
        restored = option.repaired if option else close.repaired
        evidence = max(-2, min(2, near_damaged - near_intact)) + (restored.lower() in intact_vocabulary)
        decided = margin + evidence * CONTEXT_WEIGHT >= threshold
        if option and not decided:
            out[i] = (start, surface, [])
        elif close and decided:
            out[i] = (start, surface, [Repair(start, start + len(surface), surface, close.repaired,
                                              round(close.confidence, 3), "context")])
    return out


def apply_repairs(text: str, repairs: list[Repair]) -> str:
    """The text with the repairs made; sets each repair's offsets in the new text."""
    repairs.sort(key=lambda r: r.start)
    out, last, shift = [], 0, 0
    for r in repairs:
        out.append(text[last:r.start])
        r.text_start = r.start + shift
        r.text_end = r.text_start + len(r.repaired)
        shift += len(r.repaired) - (r.end - r.start)
        out.append(r.repaired)
        last = r.end
    out.append(text[last:])
    return "".join(out)


def _repair_span(surface: str, start: int, lexicon: Lexicon) -> list[Repair]:
    if "-" not in surface:                                # the common case: one plain word
        result = repair_word(surface, lexicon)
        return [] if result is None else [Repair(start, start + len(surface), surface, result.repaired,
                                                 round(result.confidence, 3), result.method)]
    breaks = list(_LINE_BREAK.finditer(surface))
    # "Etelä-\nPohjanmaan": a capital after the break means a real hyphen, not a split word
    if len(breaks) == 1 and not surface[breaks[0].end():][:1].isupper():
        brk = breaks[0]
        joined = surface[:brk.start()] + surface[brk.end():]
        result = repair_word(joined, lexicon)
        if result is not None:
            at = _map_index(joined.lower(), result.repaired.lower(), brk.start())
            repaired = result.repaired[:at] + brk.group() + result.repaired[at:]
            return [Repair(start, start + len(surface), surface, repaired, round(result.confidence, 3),
                           result.method)]
        if lexicon.frequency(joined.lower()) or lexicon.is_word(joined.lower()):
            return []
    repairs, offset = [], start
    for part in re.split(r"(-(?:[ \t]*\n\s*)?)", surface):
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
