"""Document metadata from a report's own text, and researchers' overrides from a CSV.

Fields: title, date (ISO), year, period (start and end year), doc_type (memo, plan,
report, presentation, web, other), region (maakunta) and authoring organisation.
Each is found by a small rule on the normalised passages; a sidecar CSV
(``corpus-tool ingest --metadata meta.csv``) overrides any field for any file.
"""
from __future__ import annotations

import csv
import re
from dataclasses import asdict, dataclass, fields
from datetime import date as Date
from functools import lru_cache
from pathlib import Path

from corpus_tool.errors import CorpusToolError
from corpus_tool.normalise import NormalisedText

DATA = Path(__file__).parent / "data"
DOC_TYPES = ("memo", "plan", "report", "presentation", "web", "other")

_FULL_DATE = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d{2})\b")
_LABELLED_DATE = re.compile(r"\b(?:AIKA|Aika|Päivämäärä|PÄIVÄMÄÄRÄ|Pvm|PVM|Ajankohta)\s*:?\s*(?:\w+\s+){0,2}?"
                            r"(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d{2})")
_SIGNATURE_DATE = re.compile(r"^[A-ZÄÖ][a-zäö]+(?:ssa|ssä|lla|llä)\s+(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d{2})")
# "2013–2014", "2020-22", "20-22"; never clock times or dates ("13.00–15.30", "3.12.–5.12.")
_PERIOD = re.compile(r"(?<![\d.:])((?:19|20)\d{2}|\d{2})\s*[–—-]{1,2}\s*((?:19|20)\d{2}|\d{2})(?![\d.:]?\d)(?!\.\d)")
_YEAR = re.compile(r"\b(19[89]\d|20\d{2})\b")
_REPORT_HEADINGS = re.compile(r"\b(tulokset|johtopäätökset|yhteenveto|arviointi|pohdinta|jatkosuunnitelmat)\b", re.I)

_TYPE_WORDS = [
    ("memo", re.compile(r"muistio|pöytäkirja|kokous|esityslista", re.I)),
    ("plan", re.compile(r"suunnitelma|strategia|ohjelma\b", re.I)),
    ("report", re.compile(r"raportti|selvitys|toimintakertomus|kertomus|arviointi|julkaisu", re.I)),
    ("presentation", re.compile(r"esitys|diat?\b|luento|webinaari", re.I)),
]


@dataclass
class DocumentMetadata:
    title: str | None = None
    date: str | None = None            # ISO 8601
    year: int | None = None
    period_start: int | None = None
    period_end: int | None = None
    doc_type: str = "other"
    region: str | None = None
    organisation: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def _iso(day: str, month: str, year: str) -> str | None:
    try:
        return Date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _full_year(text: str, near: int | None = None) -> int:
    value = int(text)
    if value >= 100:
        return value
    century = (near // 100 * 100) if near else 2000
    return century + value


@lru_cache(maxsize=1)
def region_table() -> list[tuple[str, re.Pattern, re.Pattern]]:
    rows = []
    for line in (DATA / "regions.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        region, stems, places = line.split("\t")
        rows.append((region, re.compile(rf"(?<![\w-])(?:{stems})\w*"), re.compile(rf"(?<![\w-])(?:{places})\w*")))
    return rows


@lru_cache(maxsize=1)
def organisation_table() -> list[tuple[str, re.Pattern]]:
    rows = []
    for line in (DATA / "organisations.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, pattern = line.split("\t")
        rows.append((name, re.compile(pattern)))
    return rows


def main_body(doc: NormalisedText) -> str:
    """The document's own text: without a web page's listing of related documents."""
    return "\n\n".join(doc.passage_text(p) for p in doc.passages if p.kind != "related")


def find_title(doc: NormalisedText) -> str | None:
    for passage in doc.passages[:8]:
        text = " ".join(doc.passage_text(passage).split())
        if passage.kind == "heading" and len(text) > 3 and not re.fullmatch(r"[\d\s./-]+", text):
            return text[:300]
    return " ".join(doc.passage_text(doc.passages[0]).split())[:300] if doc.passages else None


def find_doc_type(doc: NormalisedText, title: str | None, web: bool) -> str:
    if web:
        return "web"
    head = (title or "") + " " + doc.text[:600]
    if re.search(r"\b(AIKA|Aika)\s*:", doc.text[:1500]) and re.search(r"\d\s*§|§\s*\d", doc.text):
        return "memo"
    for kind, pattern in _TYPE_WORDS:
        if title and pattern.search(title):
            return kind
    for kind, pattern in _TYPE_WORDS:
        if pattern.search(head):
            return kind
    # A report tells what came of the work even when it does not call itself one.
    headings = " ".join(doc.passage_text(p) for p in doc.passages if p.kind == "heading")
    if _REPORT_HEADINGS.search(headings):
        return "report"
    return "other"


def find_period(title: str | None, body: str) -> tuple[int | None, int | None]:
    for text in (title or "", body[:3000]):
        for match in _PERIOD.finditer(text):
            start_year = _full_year(match.group(1))
            end_year = _full_year(match.group(2), start_year)
            if 1980 <= start_year < end_year <= start_year + 15:
                return start_year, end_year
    return None, None


def find_date(doc: NormalisedText, body: str) -> str | None:
    labelled = _LABELLED_DATE.search(body[:3000])
    if labelled:
        return _iso(*labelled.groups())
    for passage in reversed(doc.passages[-6:]):   # "Jyväskylässä 30.11.2011" at the end
        match = _SIGNATURE_DATE.search(doc.passage_text(passage))
        if match:
            return _iso(*match.groups())
    return None


def find_year(date: str | None, doc_type: str, period: tuple[int | None, int | None], body: str) -> int | None:
    if date:
        return int(date[:4])
    start, end = period
    if start and doc_type == "plan":
        return start
    if end and doc_type == "report":
        return end
    dates = [_iso(*m.groups()) for m in _FULL_DATE.finditer(body)]
    years = [int(d[:4]) for d in dates if d]
    if not years:
        years = [int(y) for y in _YEAR.findall(body)]
    this_year = Date.today().year
    years = [y for y in years if y <= this_year]
    if years:
        return max(years)
    return start or end


def find_region(title: str | None, body: str) -> str | None:
    scores = {}
    head = (title or "") + " " + body[:2000]
    for region, names, places in region_table():
        score = 3 * len(names.findall(head)) + len(names.findall(body)) + 0.5 * len(places.findall(body))
        if score:
            scores[region] = score
    return max(scores, key=scores.get) if scores else None


def find_organisation(body: str) -> str | None:
    head = body[:2500]
    best, best_score = None, 0.0
    for name, pattern in organisation_table():
        score = 2 * len(pattern.findall(head)) + len(pattern.findall(body))
        if score > best_score:
            best, best_score = name, score
    if best:
        return best
    match = re.search(r"\b([A-ZÄÖ][\w-]+n\s+(?:kaupunki|kunta|kuntayhtymä|hyvinvointialue|sairaanhoitopiiri))\b", head)
    return match.group(1) if match else None


def extract_metadata(doc: NormalisedText, web: bool = False) -> DocumentMetadata:
    body = main_body(doc)
    title = find_title(doc)
    doc_type = find_doc_type(doc, title, web)
    period = find_period(title, body)
    date = find_date(doc, body)
    return DocumentMetadata(
        title=title, date=date, year=find_year(date, doc_type, period, body),
        period_start=period[0], period_end=period[1], doc_type=doc_type,
        region=find_region(title, body), organisation=find_organisation(body))


# --- researchers' overrides -------------------------------------------------------------------

_FIELD_TYPES = {f.name: f.type for f in fields(DocumentMetadata)}


def read_overrides(path: Path) -> dict[str, dict]:
    """``file`` column (a file name or path) plus any metadata columns; empty cells are ignored."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or "file" not in reader.fieldnames:
                raise CorpusToolError(f"{path}: metadata CSV needs a 'file' column")
            unknown = set(reader.fieldnames) - {"file"} - set(_FIELD_TYPES)
            if unknown:
                raise CorpusToolError(f"{path}: unknown metadata columns: {', '.join(sorted(unknown))} "
                                      f"(known: {', '.join(_FIELD_TYPES)})")
            rows = {}
            for line_no, row in enumerate(reader, 2):
                values = {}
                for key, value in row.items():
                    if key == "file" or value is None or not value.strip():
                        continue
                    value = value.strip()
                    if key in ("year", "period_start", "period_end"):
                        if not value.isdigit():
                            raise CorpusToolError(f"{path}:{line_no}: {key} must be a year, not {value!r}")
                        value = int(value)
                    if key == "doc_type" and value not in DOC_TYPES:
                        raise CorpusToolError(f"{path}:{line_no}: doc_type must be one of {', '.join(DOC_TYPES)}")
                    values[key] = value
                rows[row["file"].strip()] = values
            return rows
    except FileNotFoundError:
        raise CorpusToolError(f"{path}: metadata file not found") from None
    except (csv.Error, UnicodeDecodeError) as exc:
        raise CorpusToolError(f"{path}: malformed metadata CSV ({exc})") from None


def apply_overrides(meta: DocumentMetadata, source: Path, overrides: dict[str, dict]) -> DocumentMetadata:
    values = overrides.get(source.name) or overrides.get(str(source)) or {}
    for key, value in values.items():
        setattr(meta, key, value)
    if "date" in values and "year" not in values and meta.date:
        meta.year = int(meta.date[:4])
    return meta
