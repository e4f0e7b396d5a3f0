"""One canonical entity per person or organisation across the corpus.

Mentions link by their base form (``norm``), case and spacing aside, and through:

* an alias file (``data/entity_aliases.tsv``, ``TYPE<TAB>canonical<TAB>alias``), so
  ``THL`` and ``Terveyden ja hyvinvoinnin laitos`` are one organisation;
* the corpus itself: an organisation written ``Full Name (ABBR)`` makes ABBR an alias;
* within a document, a surname alone (``Rautajoki``) is the person whose full name
  ends with it, when exactly one does.

:func:`link` is pure: mentions in, canonical entities and a mention -> canonical map out;
the store writes them (:meth:`corpus_tool.store.store.Store.relink`).
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_ALIASES = Path(__file__).resolve().parent.parent / "data" / "entity_aliases.tsv"
LINKED_TYPES = ("PERSON", "ORG", "GPE", "LOC")


@dataclass
class Mention:
    id: int
    document_id: int
    type: str
    norm: str
    year: int | None = None
    following_text: str = ""      # a few characters after the mention, for "Name (ABBR)"


@dataclass
class Canonical:
    type: str
    name: str
    aliases: set[str] = field(default_factory=set)
    mentions: int = 0
    documents: set[int] = field(default_factory=set)
    years: set[int] = field(default_factory=set)

    def to_row(self) -> dict:
        return {"type": self.type, "name": self.name, "aliases": sorted(self.aliases), "mentions": self.mentions,
                "documents": len(self.documents), "first_year": min(self.years) if self.years else None,
                "last_year": max(self.years) if self.years else None}


def key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def read_aliases(path: Path | None = None) -> dict[tuple[str, str], str]:
    """(type, alias key) -> canonical name."""
    table = {}
    for n, line in enumerate(Path(path or DEFAULT_ALIASES).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise ValueError(f"{path or DEFAULT_ALIASES}:{n}: expected TYPE<TAB>canonical<TAB>alias")
        kind, canonical, alias = (p.strip() for p in parts)
        table[(kind, key(alias))] = canonical
        table[(kind, key(canonical))] = canonical
    return table


_ABBREVIATION = re.compile(r"^\s*\(([A-ZÅÄÖ][A-Za-zÅÄÖåäö-]{1,12})\)")


def link(mentions: list[Mention], aliases: dict[tuple[str, str], str] | None = None
         ) -> tuple[list[Canonical], dict[int, int]]:
    """Canonical entities, and for each linked mention id the index of its canonical."""
    aliases = dict(aliases or {})
    # the corpus's own "Full Name (ABBR)"
    for m in mentions:
        found = _ABBREVIATION.match(m.following_text) if m.type == "ORG" else None
        if found:
            canonical = aliases.get(("ORG", key(m.norm)), m.norm)
            aliases.setdefault(("ORG", key(found.group(1))), canonical)
            aliases.setdefault(("ORG", key(m.norm)), canonical)
    # a surname alone -> the one full name in the same document that ends with it
    full_names = defaultdict(set)
    for m in mentions:
        if m.type == "PERSON" and " " in m.norm.strip():
            full_names[(m.document_id, key(m.norm.split()[-1]))].add(m.norm)
    canonicals: list[Canonical] = []
    index: dict[tuple[str, str], int] = {}
    linked: dict[int, int] = {}
    for m in mentions:
        if m.type not in LINKED_TYPES or not m.norm:
            continue
        name = m.norm
        if m.type == "PERSON" and " " not in name.strip():
            candidates = full_names.get((m.document_id, key(name)), set())
            if len(candidates) == 1:
                name = next(iter(candidates))
        name = aliases.get((m.type, key(name)), name)
        k = (m.type, key(name))
        if k not in index:
            index[k] = len(canonicals)
            canonicals.append(Canonical(m.type, name))
        c = canonicals[index[k]]
        c.aliases.add(m.norm)
        c.mentions += 1
        c.documents.add(m.document_id)
        if m.year:
            c.years.add(m.year)
        linked[m.id] = index[k]
    return canonicals, linked
