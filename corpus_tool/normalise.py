"""Clean extracted report text and split it into passages.

Input is a reader's page-by-page text; output is the normalised text (passages
separated by a blank line) with every passage's offsets, section and kind.  What
the normaliser does, in order:

1. Unicode NFC; hyphen look-alikes unified; soft hyphens removed.
2. Per page: page-number lines and running headers/footers (lines repeated at the
   top or bottom of many pages) removed; boilerplate lines (``data/boilerplate.txt``)
   removed everywhere.
3. Paragraphs: PDF extraction often puts a blank line after every line, so the
   document's usual blank run between lines is inferred and only longer runs end a
   paragraph.  Bullets start list items.
4. Lines of a paragraph are joined; a line-end hyphen is kept or removed by what the
   words are (``yhteis-``+``työstä`` -> ``yhteistyöstä``, ``sosiaali-``+``ja`` ->
   ``sosiaali- ja``, ``Pohjois-``+``Suomessa`` -> ``Pohjois-Suomessa``).
5. Page-index prefixes of web transcripts (``3 2 Text...``) and titles repeated at
   the start of the next paragraph are removed.
6. Headings (``4§ ...``, numbered or short title lines) start sections; every
   passage records the section it belongs to.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

PAGE_BREAK = "\f"
BOILERPLATE_FILE = Path(__file__).parent / "data" / "boilerplate.txt"

_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u00ad": None})
_BULLET = re.compile(r"^\s*(?:[•●▪◦■□➢►‣⁃∙·*]|[-–—](?=\s))\s*")
_AGENDA = re.compile(r"^\s*(?:(\d{1,3})\s*§|§\s*(\d{1,3}))\s*\.?\s*(.*)$")
_NUMBERED_HEADING = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*)\.?\s+([A-ZÄÖÅ].{0,100})$")
_CONJUNCTIONS = {"ja", "tai", "sekä", "eli", "että", "tahi", "kuin", "ynnä", "ym", "jne"}
_FINAL = ".!?:;"
# A line this long is never a wrapped PDF line: web transcripts put a whole page on one line.
LONG_LINE = 200


@dataclass
class Passage:
    start: int
    end: int
    kind: str = "paragraph"          # heading | paragraph | list | related (a web page's listing of other documents)
    section: str | None = None        # the heading this passage falls under
    page: int | None = None           # 1-based page where it starts


@dataclass
class NormalisedText:
    text: str
    passages: list[Passage] = field(default_factory=list)
    removed_lines: int = 0            # boilerplate, page numbers, running headers
    web_transcript: bool = False      # a web viewer's page-by-page transcript was found

    def passage_text(self, passage: Passage) -> str:
        return self.text[passage.start:passage.end]


@lru_cache(maxsize=1)
def boilerplate_patterns() -> re.Pattern:
    lines = [l.strip() for l in BOILERPLATE_FILE.read_text(encoding="utf-8").splitlines()]
    patterns = [l for l in lines if l and not l.startswith("#")]
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def default_lexicon() -> Callable[[str], bool] | None:
    """Voikko's spell checker as a word test, or None where Voikko is not installed."""
    try:
        import libvoikko

        voikko = libvoikko.Voikko("fi")
    except Exception:
        return None
    return lru_cache(maxsize=100_000)(voikko.spell)


# --- pages -----------------------------------------------------------------------------------

def _line_key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()).lower())


def running_lines(pages: list[list[str]], edge: int = 2) -> set[str]:
    """Keys of lines that recur at the top or bottom of many pages."""
    if len(pages) < 3:
        return set()
    counts = Counter()
    for lines in pages:
        text_lines = [l for l in lines if l.strip()]
        counts.update({_line_key(l) for l in text_lines[:edge] + text_lines[-edge:]})
    threshold = max(3, int(0.3 * len(pages)))
    return {key for key, n in counts.items() if n >= threshold and len(key) > 1}


def clean_pages(pages: list[str]) -> tuple[list[tuple[int, str]], int]:
    """Lines with their page numbers, boilerplate and running headers removed."""
    split = [page.split("\n") for page in pages]
    running = running_lines(split)
    boilerplate = boilerplate_patterns()
    kept, removed = [], 0
    for page_no, lines in enumerate(split, 1):
        for line in lines:
            stripped = line.strip()
            if stripped and (boilerplate.fullmatch(stripped) or _line_key(stripped) in running):
                removed += 1
                continue
            kept.append((page_no, line.rstrip()))
        kept.append((page_no, ""))  # a page break ends a line
    return kept, removed


# --- paragraphs ------------------------------------------------------------------------------

def paragraph_gap(lines: list[tuple[int, str]]) -> int:
    """Blank lines that separate paragraphs: more than the document's usual gap between lines."""
    runs, run = Counter(), 0
    for _, line in lines:
        if line.strip():
            if run:
                runs[run] += 1
            else:
                runs[0] += 1
            run = 0
        else:
            run += 1
    if not runs:
        return 1
    usual = runs.most_common(1)[0][0]
    return usual + 1


def split_paragraphs(lines: list[tuple[int, str]]) -> list[tuple[int, list[str]]]:
    gap = paragraph_gap(lines)
    paragraphs, current, blank, page = [], [], 0, None
    for page_no, line in lines:
        if not line.strip():
            blank += 1
            continue
        starts_item = bool(_BULLET.match(line)) or bool(_AGENDA.match(line))
        long_line = len(line.strip()) > LONG_LINE or (current and len(current[-1].strip()) > LONG_LINE)
        if current and (blank >= gap or long_line
                        or (starts_item and not current[-1].rstrip().endswith("-"))):
            paragraphs.append((page, current))
            current = []
        if not current:
            page = page_no
        current.append(line)
        blank = 0
    if current:
        paragraphs.append((page, current))
    return paragraphs


def wrap_width(lines: list[tuple[int, str]]) -> int:
    """The document's usual full-line length (90th percentile of its wrapped lines)."""
    lengths = sorted(len(l.strip()) for _, l in lines if 0 < len(l.strip()) <= LONG_LINE)
    return lengths[int(0.9 * (len(lengths) - 1))] if lengths else 80


def join_hyphenated(left: str, right: str, is_word: Callable[[str], bool] | None) -> str:
    """Join two lines where ``left`` ends with a hyphen."""
    head = left.rstrip()
    body = head[:-1]
    if body.endswith(" "):                      # "2020-2022 -" + "hankkeen": a hyphenated suffix word
        return head + right.lstrip()
    right = right.lstrip()
    fragment = re.search(r"(\w+)$", body)
    next_word = re.match(r"(\w+)", right)
    if not fragment or not next_word:
        return head + right
    frag, word = fragment.group(1), next_word.group(1)
    if frag[-1].isdigit() and word[0].isdigit():    # "2013-" + "2014"
        return head + right
    if word.lower() in _CONJUNCTIONS:              # "sosiaali-" + "ja terveys..."
        return head + " " + right
    if word[0].isupper() or (frag.isupper() and len(frag) > 1):   # "Pohjois-Suomessa", "EU-hanke"
        return head + right
    if is_word is not None:
        if is_word(frag + word):
            return body + right
        if is_word(frag + "-" + word):
            return head + right
    return body + right                              # typographic hyphenation is the common case


def ended_on_purpose(line: str, width: int = 80) -> bool:
    """A line well short of the wrap width was ended by its writer (a table row, an
    attendee, an address line), not wrapped."""
    return len(line) < 0.6 * width


def join_lines(lines: list[str], is_word, width: int = 80) -> str:
    """One paragraph's lines as one string.  Wrapped lines are joined with a space; a
    line well short of the wrap width ended on purpose (tables, attendee lists, addresses)
    and its break is kept."""
    text = ""
    for line in lines:
        line = " ".join(line.split())
        if not text:
            text = line
        elif text.endswith("-") and not text.endswith("--"):
            text = join_hyphenated(text, line, is_word)
        elif text.endswith("–") and text[-2:-1].isdigit() and line[:1].isdigit():
            text += line                                # a range broken after its dash: "2013–" + "2014"
        elif ended_on_purpose(text.rsplit("\n", 1)[-1], width):
            text += "\n" + line
        else:
            text += " " + line
    return text


# --- passages --------------------------------------------------------------------------------

def strip_page_indexes(paragraphs: list[str]) -> tuple[list[str], int | None]:
    """Remove the ``N`` (and printed page number) that web transcripts put before each page.

    Only runs of at least three paragraphs numbered 1, 2, 3, ... count, so a
    paragraph that merely starts with a number is left alone.  Returns the paragraphs
    and the index of the transcript's last page (None when there is no transcript)."""
    starts = []
    expected = 1
    for i, text in enumerate(paragraphs):
        m = re.match(r"(\d{1,4})\s", text)
        if m and int(m.group(1)) == expected:
            starts.append(i)
            expected += 1
    if len(starts) < 3:
        return paragraphs, None
    out = list(paragraphs)
    for number, i in enumerate(starts, 1):
        rest = out[i][len(str(number)):].lstrip()
        printed = re.match(r"(\d{1,4})\s", rest)
        if printed and int(printed.group(1)) in (number - 1, number):
            rest = rest[printed.end():]
        out[i] = rest
    return out, starts[-1]


def strip_repeated_titles(paragraphs: list[str]) -> list[str]:
    """A short title repeated at the start of the next paragraph (web listings) is removed there."""
    out = list(paragraphs)
    for i in range(len(out) - 1):
        title = out[i]
        if 0 < len(title) <= 200:
            while out[i + 1].startswith(title) and len(out[i + 1]) > len(title):
                out[i + 1] = out[i + 1][len(title):].lstrip()
    return out


def merge_continuations(paragraphs: list[tuple[int, str]], is_word) -> list[tuple[int, str]]:
    """Rejoin a paragraph that a page break cut: the first part ends mid-word (``sitoutu-``)
    or without sentence-final punctuation, and the next part starts in lower case."""
    out: list[tuple[int, str]] = []
    for page, text in paragraphs:
        if out and text[:1].islower():
            prev_page, prev = out[-1]
            if re.search(r"\w-$", prev):
                out[-1] = (prev_page, join_hyphenated(prev, text, is_word))
                continue
            if not prev.startswith("- ") and not prev.endswith(tuple(_FINAL)) and len(prev) > LONG_LINE:
                out[-1] = (prev_page, prev + " " + text)
                continue
        out.append((page, text))
    return out


def classify(text: str) -> tuple[str, str | None]:
    """(kind, section title if the passage is a heading)."""
    if text.startswith("- "):
        return "list", None
    agenda = _AGENDA.match(text)
    if agenda and len(text) <= 160:
        number = agenda.group(1) or agenda.group(2)
        return "heading", f"{number}§ {agenda.group(3)}".strip()
    words = text.split()
    if (len(text) <= 100 and len(words) <= 14 and not text.endswith(tuple(_FINAL)) and "\n" not in text
            and not re.match(r"^[^\d\s]{2,}:\s", text)                 # "AIKA: ..." is a field, not a heading
            and (text[:1].isupper() or _NUMBERED_HEADING.match(text))):
        return "heading", text
    return "paragraph", None


# A passage is the unit themes are tagged on; a transcript page or an OCR block without
# paragraph breaks can run to thousands of characters, so longer ones are cut at sentence ends.
MAX_PASSAGE_CHARS = 1000
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"«(]?[A-ZÅÄÖ0-9])")


def split_long(text: str, limit: int = MAX_PASSAGE_CHARS) -> list[tuple[int, int]]:
    """(start, end) pieces of ``text``: the whole text when it is short, otherwise runs of
    whole sentences of at most ``limit`` characters (a sentence longer than that stays whole)."""
    if len(text) <= limit:
        return [(0, len(text))]
    pieces, start, last_cut, last_gap_end = [], 0, 0, 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() - start > limit and last_cut > start:
            pieces.append((start, last_cut))
            start = last_gap_end
        last_cut, last_gap_end = match.start(), match.end()
    if len(text) - start > limit and last_cut > start:
        pieces.append((start, last_cut))
        start = last_gap_end
    pieces.append((start, len(text)))
    return pieces


def normalise(pages: list[str] | str, is_word: Callable[[str], bool] | None = None) -> NormalisedText:
    """Normalise a document given as pages (or one string with form feeds between pages)."""
    if isinstance(pages, str):
        pages = pages.split(PAGE_BREAK)
    pages = [unicodedata.normalize("NFC", p).translate(_HYPHENS).replace("\r\n", "\n").replace("\r", "\n")
             for p in pages]
    lines, removed = clean_pages(pages)
    raw_paragraphs = split_paragraphs(lines)
    width = wrap_width(lines)
    texts = []
    for _, para_lines in raw_paragraphs:
        if _BULLET.match(para_lines[0]):
            items = [_BULLET.sub("", para_lines[0])] + para_lines[1:]
            texts.append("- " + join_lines(items, is_word, width))
        else:
            texts.append(join_lines(para_lines, is_word, width))
    texts, last_page = strip_page_indexes(texts)
    texts = strip_repeated_titles(texts)
    # After a web transcript's last page come other documents' titles and snippets.
    related_from = texts[last_page] if last_page is not None else None
    paragraphs = merge_continuations([(page, text) for (page, _), text in zip(raw_paragraphs, texts) if text],
                                     is_word)

    result = NormalisedText("", removed_lines=removed, web_transcript=last_page is not None)
    chunks, offset, section, in_related = [], 0, None, False
    for page, text in paragraphs:
        kind, heading = classify(text)
        if in_related:
            kind, heading = "related", None
        if related_from is not None and related_from in text:
            in_related = True
        if kind == "heading":
            section = heading
        if chunks:
            offset += 2
        for start, end in split_long(text):
            result.passages.append(Passage(offset + start, offset + end, kind, section, page))
        chunks.append(text)
        offset += len(text)
    result.text = "\n\n".join(chunks)
    return result
