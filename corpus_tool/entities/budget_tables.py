"""Amounts of money in budget tables whose currency stands only in a column header.

A budget table extracted from a PDF or a word processor reaches the tool as one paragraph:
``Kustannuslaji Budjetti 2012 (€) Toteuma 31.8.2012 (€) Henkilöstökulut 148 000 96 420
Matkakulut 8 000 3 215 ...`` or ``Tuotot ja kulut 2013 Euroa Raha-automaattiyhdistyksen
avustukset 286 400 ...``.  The rule tables see a number with no currency beside it; here the
header's unit (``(€)``, ``(e)``, ``(1000 €)``, ``(t€)``, a header word ``Euroa``) makes the
numbers after it, up to the end of the paragraph or the first full stop of running text,
amounts of money.  The numbers between two row labels are one or more amounts
(``148 000 96 420``).  A table needs two amounts: a lone number after a ``(€)`` in prose stays
a number.
"""
from __future__ import annotations

import re

from corpus_tool.document import Entity
from corpus_tool.entities import values

# "(€)", "(e)", "(euroa)", "(1000 €)", "(1 000 e)", "(t€)"; or a capitalised header word
# "Euroa" / a lone "€" between words (a number before "€" is an ordinary amount)
_UNIT = re.compile(r"\((?P<thousands>1[\s\u00a0]?000\s?|t\s?)?(?:€|e|eur|euroa|euro)\)"
                   r"|(?<=\s)(?-i:Euroa)(?=\s+[A-ZÅÄÖ])|(?<![\d\s]\s)(?<=\s)€(?=\s+[A-ZÅÄÖ])", re.IGNORECASE)
# the end of a table: an empty line, or a full stop that ends a sentence of prose
_END = re.compile(r"\n\s*\n|(?<=[^\W\d_]{2})\.(?=\s+[A-ZÅÄÖ\d])")
# a run of digit groups between two row labels: one or more amounts ("148 000 96 420")
_RUN = r"\d{1,3}(?:[ \u00a0\u202f]\d{1,3})*(?:,\d{1,2})?"
_AMOUNT = re.compile(rf"(?<![\d,.\-–/:])(?<!\d[ \u00a0\u202f])(?:(?P<sep>{_RUN})|(?<=[^\W\d_)] )(?P<plain>\d{{2,7}}(?:,\d{{1,2}})?))"
                     r"(?!\d|[,.:/\-–]\d|[ \u00a0\u202f]\d|\s*%|[ \u00a0]*(?:€|e\b|eur|euro|mk|milj|tuhat|henk|hlö|kpl|h\b|krt|pv"
                     # a count or share in the prose after a table is no amount ("95 prosenttia"); in
                     # lower case only, since a capitalised word is the next row's label ("Päivärahat")
                     r"|(?-i:prosent|kert|vuo[ds]|kuukau|tunti|päiv|osallistuj)))",
                     re.IGNORECASE)
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def header_currency_amounts(text: str) -> list[Entity]:
    """MONEY entities (value, currency EUR) for the amounts of budget tables in ``text``."""
    found = []
    position = 0
    while True:
        unit = _UNIT.search(text, position)
        if not unit:
            return found
        end = _END.search(text, unit.end())
        stop = end.start() if end else len(text)
        # a later header unit in the same table (the second column's "(€)") starts the rows after it
        later = _UNIT.search(text, unit.end(), stop)
        while later:
            unit, later = later, _UNIT.search(text, later.end(), stop)
        scale = 1000 if unit.group("thousands") else 1
        amounts = []
        for match in _AMOUNT.finditer(text, unit.end(), stop):
            if match.group("plain"):
                parts = [] if _YEAR.match(match.group("plain")) else [(match.start(), match.end())]
            else:
                parts = split_amounts(match.group("sep"), match.start())
            for start, end in parts:
                amounts.append(_money(text[start:end], start, end, scale))
        if len(amounts) >= 2:
            found.extend(a for a in amounts if a is not None)
        position = stop


def _money(number: str, start: int, end: int, scale: int) -> Entity | None:
    value = values.parse_money(f"{number} €")
    if value is None:
        return None
    amount = value[0] * scale
    amount = int(amount) if float(amount).is_integer() else amount
    entity = Entity("MONEY", number, start, end, source="rule:budget_table")
    entity.extra["value"], entity.extra["currency"] = amount, "EUR"
    entity.norm = values.money_norm(amount, "EUR")
    return entity


def split_amounts(run: str, offset: int) -> list[tuple[int, int]]:
    """Character spans of the amounts in a run of digit groups between two row labels.

    Each amount is a group of one to three digits followed by at most two groups of three
    (a budget line under a billion); where the run splits more than one way, the fewest
    amounts, then amounts of equal length (``189 000 113 945``: two of two groups)."""
    groups = [(m.start(), m.end()) for m in re.finditer(r"\d+(?:,\d+)?", run)]

    def splits(i: int) -> list[list[tuple[int, int]]]:
        if i == len(groups):
            return [[]]
        out = []
        first = run[groups[i][0]:groups[i][1]]
        if len(first.split(",")[0]) > 3 or (first.startswith("0") and len(first) > 1):
            return []
        for j in range(i, len(groups)):
            if j > i:
                digits = run[groups[j][0]:groups[j][1]]
                if (len(digits.split(",")[0]) != 3 or "," in run[groups[j - 1][0]:groups[j - 1][1]]
                        or j - i > 2):
                    break
            for rest in splits(j + 1):
                out.append([(i, j)] + rest)
        return out

    options = splits(0)
    if not options:
        return []
    best = min(options, key=lambda parts: (len(parts), max(b - a for a, b in parts) - min(b - a for a, b in parts)))
    return [(offset + groups[a][0], offset + groups[b][1]) for a, b in best]
