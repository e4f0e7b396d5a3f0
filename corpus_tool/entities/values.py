"""Values of money amounts and dates as Finnish reports write them.

These parse a span that has already been found (by the rule tables or the NER);
finding spans is :mod:`corpus_tool.entities.rules`' job.

* :func:`parse_money`: ``17 100e`` -> (17100, "EUR"); ``n. 2milj.e`` -> (2000000, "EUR");
  ``150.000 euron`` -> (150000, "EUR"); ``20 000 mk`` -> (20000, "FIM").
* :func:`parse_date`: ISO 8601 — ``3.12.2012`` -> ``2012-12-03``; ``11/2012`` ->
  ``2012-11``; ``syksyllä 2013`` -> ``2013``; ranges ``1.4.2013–31.10.2015`` ->
  ``2013-04-01/2015-10-31``; ``8.2.`` takes the year of the document's date.
"""
from __future__ import annotations

import re
from datetime import date

MONTHS = {"tammi": 1, "helmi": 2, "maalis": 3, "huhti": 4, "touko": 5, "kesä": 6, "heinä": 7, "elo": 8,
          "syys": 9, "loka": 10, "marras": 11, "joulu": 12}
_MONTH_STEMS = "|".join(MONTHS)
_MONTH_WORD = re.compile(rf"(?i)\b({_MONTH_STEMS})kuu\w*")
# "syys- ja lokakuussa 2022", "tammi–helmikuussa": two months, one case ending
_MONTH_PAIR = re.compile(rf"(?i)^({_MONTH_STEMS})(?:kuu)?\s*(?:-\s+(?:ja|tai)\s+|\s*[–—-]\s*)"
                         rf"({_MONTH_STEMS})kuu\w*(?:\s+((?:19|20)\d\d))?$")
# "touko-, kesä- ja elokuussa 2022": more months, one case ending; read as first to last
_MONTH_STEM = f"(?:{_MONTH_STEMS})"
_MONTH_LIST = re.compile(rf"(?i)^(?:{_MONTH_STEM}(?:kuu)?-\s*,\s*)+{_MONTH_STEM}(?:kuu)?-\s+(?:ja|tai)\s+"
                         rf"{_MONTH_STEM}kuu\w*(?:\s+((?:19|20)\d\d))?$")
_MULTIPLIERS = [(re.compile(r"(?i)mrd|miljardi"), 1_000_000_000), (re.compile(r"(?i)milj|miljoon"), 1_000_000),
                (re.compile(r"(?i)tuhat|tuhann|t€|te\b"), 1_000)]
_CURRENCIES = [(re.compile(r"(?i)€|\beur|euro|\d\s*e\b|\.e\b|\be\b"), "EUR"),
               (re.compile(r"(?i)\bmk\b|\d\s*mk|markka|markan|markkaa"), "FIM")]
# a number: digits with space / dot / non-breaking-space thousand separators, decimal comma
_NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d+)?|\d+(?:,\d+)?")


def parse_money(text: str) -> tuple[float, str] | None:
    """(value, ISO 4217 currency) of a money expression, or None when it has no
    number or no currency (``12 %`` is not money)."""
    if "%" in text:
        return None
    number = _NUMBER.search(text)
    if not number:
        return None
    currency = next((code for pattern, code in _CURRENCIES if pattern.search(text)), None)
    if currency is None:
        return None
    raw = number.group()
    for sep in (" ", "\u00a0", "\u202f"):
        raw = raw.replace(sep, "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", raw):        # 150.000: dots between thousands
        raw = raw.replace(".", "")
    value = float(raw.replace(",", "."))
    rest = text[number.end():]
    for pattern, factor in _MULTIPLIERS:
        if pattern.search(rest):
            value *= factor
            break
    return (int(value) if value == int(value) else value), currency


def money_norm(value: float, currency: str) -> str:
    return f"{value:g} {currency}" if isinstance(value, float) else f"{value} {currency}"


_DAY = r"(\d{1,2})\.(\d{1,2})\.(\d{4})?"
_DASH = r"\s*[–—-]\s*"
_FULL_RANGE = re.compile(rf"^{_DAY}{_DASH}{_DAY}$")
# PDF text often loses the dash of a range: "18.9.2014 12.2.2015", "2012 2016" (the second later)
_LOST_DASH_RANGE = re.compile(rf"^{_DAY}\s+{_DAY}$")
_LOST_DASH_YEARS = re.compile(r"^((?:19|20)\d\d)\s+((?:19|20)\d\d)$")
_DAY_ONLY = re.compile(rf"^{_DAY}$")
# "11.–12.11.2014", "1.-2.10.": days of one month, the month (and year) written once
_DAYS_RANGE = re.compile(rf"^(\d{{1,2}})\.{_DASH}{_DAY}$")
# "29-4-2008": day, month and year joined by hyphens (web pages)
_DAY_HYPHENS = re.compile(r"^(\d{1,2})-(\d{1,2})-((?:19|20)\d\d)$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.](\d{4})$")
_MONTH_RANGE = re.compile(rf"^(\d{{1,2}})[/.](\d{{4}}){_DASH}(\d{{1,2}})[/.](\d{{4}})$")
# "1–3/2019": months one to three of a year (schedule tables)
_MONTHS_OF_YEAR = re.compile(rf"^(\d{{1,2}}){_DASH}(\d{{1,2}})/((?:19|20)\d\d)$")
# "2000-luvulla", "1990-luvun": a decade, as the range of its years
_DECADE = re.compile(r"(?i)^((?:1[89]|20)\d0)\s*-?\s*luvu?[a-zäö]*$")
_YEAR_RANGE = re.compile(rf"^((?:19|20)\d\d){_DASH}((?:19|20)?\d\d)$")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# "viikolla 20", "vko 20/2021", "viikko 3 vuonna 2019": an ISO week
_WEEK = re.compile(r"(?i)^(?:viiko(?:lla|lle|lta|sta|ksi|n)|viikko|vko|vk)\.?\s+(\d{1,2})"
                   r"(?:\s*/\s*((?:19|20)\d\d)|\s+(?:vuonna\s+)?((?:19|20)\d\d))?$")


def _day(d: str, m: str, y: str | int | None) -> str | None:
    if not y:
        return None
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def _month(m: str | int, y: str | int) -> str | None:
    m = int(m)
    return f"{int(y):04d}-{m:02d}" if 1 <= m <= 12 else None


def parse_date(text: str, document_date: str | None = None) -> str | None:
    """ISO 8601 for a date expression; None for what is not a date (clock times,
    weekdays alone, a day-month when the document has no date)."""
    s = text.strip().rstrip(",;")
    s = re.sub(r"(?i)^(?:ma|ti|ke|to|pe|la|su|maanantai\w*|tiistai\w*|keskiviikko\w*|torstai\w*|perjantai\w*|"
               r"lauantai\w*|sunnuntai\w*)\s+", "", s)
    s = re.sub(r"(?i)^(?:vuo(?:nna|den|desta|teen|sina|sille|delle|delta|det)|v\.)\s+", "", s)
    default_year = document_date[:4] if document_date else None
    if m := _ISO.match(s):
        return _day(m.group(3), m.group(2), m.group(1))
    if m := _WEEK.match(s):
        year, week = m.group(2) or m.group(3) or default_year, int(m.group(1))
        return f"{year}-W{week:02d}" if year and 1 <= week <= 53 else None
    if m := _FULL_RANGE.match(s):
        d1, m1, y1, d2, m2, y2 = m.groups()
        end = _day(d2, m2, y2 or default_year)
        start = _day(d1, m1, y1 or (y2 or default_year))
        return f"{start}/{end}" if start and end else None
    if m := _DAYS_RANGE.match(s):
        first, last, month, year = m.group(1), m.group(2), m.group(3), m.group(4) or default_year
        start, end = _day(first, month, year), _day(last, month, year)
        return f"{start}/{end}" if start and end and start < end else None
    if m := _DAY_HYPHENS.match(s):
        return _day(m.group(1), m.group(2), m.group(3))
    if (m := _LOST_DASH_RANGE.match(s)) and m.group(3) and m.group(6):
        start, end = _day(*m.group(1, 2, 3)), _day(*m.group(4, 5, 6))
        return f"{start}/{end}" if start and end and start < end else None
    if m := _LOST_DASH_YEARS.match(s):
        first, last = int(m.group(1)), int(m.group(2))
        return f"{first}/{last}" if 0 < last - first <= 10 else None
    if m := _DAY_ONLY.match(s):
        return _day(m.group(1), m.group(2), m.group(3) or default_year)
    if m := _MONTHS_OF_YEAR.match(s):
        first, last = int(m.group(1)), int(m.group(2))
        if 1 <= first < last <= 12:
            return f"{_month(first, m.group(3))}/{_month(last, m.group(3))}"
        return None
    if m := _DECADE.match(s):
        return f"{m.group(1)}/{int(m.group(1)) + 9}"
    if m := _MONTH_RANGE.match(s):
        a, b = _month(m.group(1), m.group(2)), _month(m.group(3), m.group(4))
        return f"{a}/{b}" if a and b else None
    if m := _MONTH_YEAR.match(s):
        return _month(m.group(1), m.group(2))
    if m := _YEAR_RANGE.match(s):
        first, last = m.group(1), m.group(2)
        if len(last) == 2:
            last = first[:2] + last
        return f"{first}/{last}" if int(last) >= int(first) else None
    if m := _MONTH_LIST.match(s):
        year = m.group(1) or default_year
        months = [MONTHS[x.lower()] for x in re.findall(rf"(?i){_MONTH_STEM}", s)]
        ascending = all(a < b for a, b in zip(months, months[1:]))
        return f"{_month(months[0], year)}/{_month(months[-1], year)}" if year and ascending else None
    if m := _MONTH_PAIR.match(s):
        year = m.group(3) or default_year
        first, last = MONTHS[m.group(1).lower()], MONTHS[m.group(2).lower()]
        return f"{_month(first, year)}/{_month(last, year)}" if year and first < last else None
    month = _MONTH_WORD.search(s)
    years = _YEAR.findall(s)
    if month:
        year = years[0] if years else default_year
        return _month(MONTHS[month.group(1).lower()], year) if year else None
    if len(years) == 1 and re.fullmatch(r"(?i)(?:[^\W\d]+\s+)*(?:19|20)\d\d(?:\s+[^\W\d]+)*", s):
        return years[0]                       # "syksyllä 2013", "2015", "2013 aikana"
    if len(years) == 2 and re.fullmatch(rf"(?:19|20)\d\d{_DASH}(?:19|20)\d\d", s):
        return f"{years[0]}/{years[1]}"
    return None
