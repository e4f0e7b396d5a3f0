"""Entities: the NER's spans combined with rule tables, each with its normalised value.

* MONEY and DATE: the rule tables (:mod:`corpus_tool.entities.rules`) are exact where
  the NER is not; a rule match replaces NER spans it overlaps.  Amounts in budget tables
  whose currency stands only in a column header come from :mod:`~corpus_tool.entities.budget_tables`.  An NER date or amount
  is kept only when it has a value (clock times and weekdays alone are not dates).
  ``norm`` is ISO 8601 for dates; ``value`` and ``currency`` for money.
* Names: ``norm`` is the base form; persons get the ``role`` written beside them.

A day and month without a year (``8.2.``) take the year of the document's date: the
caller's ``meta["document_date"]`` (ingest reads it from the whole document), else the
first full date in the text.
"""
from __future__ import annotations

import re

from corpus_tool.document import AnalyzedDocument, Entity
from corpus_tool.entities import values
from corpus_tool.entities.budget_tables import header_currency_amounts
from corpus_tool.entities.rules import NOT_AN_ENTITY
from corpus_tool.entities.names import (NameLexicon, RoleTable, base_form, clean_names, join_appositive_names,
                                         person_roles, surname_mentions, unsupported_single_names)
from corpus_tool.pipeline import Component

NAME_TYPES = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"}
NAME_PATTERN_SOURCE = "rule:org_"    # rules that find names by their shape (gazetteer entries are exact)
_FULL_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)(?!\d)")


def document_date(doc: AnalyzedDocument) -> str | None:
    if doc.meta.get("document_date"):
        return doc.meta["document_date"]
    for match in _FULL_DATE.finditer(doc.text):
        iso = values.parse_date(match.group())
        if iso:
            return iso
    return None


def _overlaps(a, b) -> bool:
    """Whether two spans (entities or tokens: ``start``, ``end``) share a character."""
    return a.start < b.end and b.start < a.end


def merge(ner: list[Entity], rules: list[Entity]) -> list[Entity]:
    """Rule entities, and the NER's that overlap none of them; but a name pattern's match
    inside a longer NER name of the same type adds nothing (``Vaasan kaupungin`` within
    the NER's ``Vaasan kaupungin sosiaalitoimi``)."""
    def inside_longer_ner_name(rule: Entity) -> bool:
        return any(e.type == rule.type and e.start <= rule.start and rule.end <= e.end
                   and e.end - e.start > rule.end - rule.start for e in ner)

    rules = [r for r in rules if not (r.source.startswith(NAME_PATTERN_SOURCE) and inside_longer_ner_name(r))]
    kept = []
    for e in ner:
        overlapping = [r for r in rules if _overlaps(e, r)]
        if not overlapping:
            kept.append(e)
        elif len(overlapping) == 1 and overlapping[0].source == "rule:gazetteer" and e.type in NAME_TYPES:
            kept.extend(_remainder(e, overlapping[0]))
    return sorted(kept + rules, key=lambda e: (e.start, e.end))


_SEPARATORS = " ,;/–-"


def _remainder(ner: Entity, exact: Entity) -> list[Entity]:
    """What an NER name has beyond a gazetteer name it ran into (``Kehitysvammaisten
    Palvelusäätiö`` of ``Kehitysvammaisten Palvelusäätiö Raha-automaattiyhdistys``): a name of
    its own when it is two to four capitalised words (one word left over is more often a
    heading's or a company form's remnant: ``Oy.``, ``ETELÄ-POHJANMAAN``)."""
    out = []
    for start, end in ((ner.start, exact.start), (exact.end, ner.end)):
        if end <= start:
            continue
        part = ner.text[start - ner.start:end - ner.start]
        lead = len(part) - len(part.lstrip(_SEPARATORS))
        core = part.strip(_SEPARATORS)
        words = core.split()
        if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
            out.append(Entity(ner.type, core, start + lead, start + lead + len(core), source=ner.source))
    return out


# "Kemin, Keminmaan ja Tornion kaupungit": municipalities named before their plural head
_MUNICIPALITIES_HEAD = re.compile(r"(?:\s*(?:,|ja|sekä)\s*[A-ZÅÄÖ][\w-]*n)*\s*(?:,|ja|sekä)?\s*(?:kaupungit|kunnat|kaupunkien|"
                                  r"kuntien|kaupungeissa|kunnissa|kaupungeille|kunnille)\b")


_PLACE_TYPES = ("GPE", "LOC", "FAC")     # the NER's types for a town name (FAC now and then)


def _region(word: str) -> bool:
    """A region (maakunta: ``Pohjanmaa``, ``Kainuun``) is no municipality."""
    from corpus_tool.metadata import region_table

    return any(stems.match(word) for _, stems, _ in region_table())


def municipalities_as_organisations(entities: list[Entity], text: str, tokens, roles, is_place) -> list[Entity]:
    """A place the NER found is an organisation where the text uses it as one: in an
    attendee table's column after a person and their role (``Heikki Vuorinen jäsen
    Kankaanpää``), and before a plural ``kaupungit`` / ``kunnat`` (``Kemin, Keminmaan ja
    Tornion kaupungit``: three municipalities).  Elsewhere a town, and a region always,
    stays a place.  A town the NER missed in the table column is added when the lexicon
    knows it as a place.  Returns the entities with those added."""
    person_ends = {e.end for e in entities if e.type == "PERSON"}
    by_start = {e.start: e for e in entities}
    added = []
    for i in range(1, len(tokens)):
        role_word, word = tokens[i - 1], tokens[i]
        if not (role_word.text[:1].islower() and role_word.start - 1 in person_ends and roles.role(role_word)
                and text[role_word.end:word.start] == " " and word.text[:1].isupper()):
            continue
        if _region(word.text):
            continue
        entity = by_start.get(word.start)
        if entity is not None and entity.type in _PLACE_TYPES:
            entity.type = "ORG"
        elif entity is None and is_place(word.text) and not any(_overlaps(e, word) for e in entities):
            added.append(Entity("ORG", word.text, word.start, word.end, source="rule:table_municipality"))
    for entity in entities:
        if (entity.type in _PLACE_TYPES and entity.text.endswith("n") and _MUNICIPALITIES_HEAD.match(text, entity.end)
                and not _region(entity.text)):
            entity.type = "ORG"
    return sorted(entities + added, key=lambda e: (e.start, e.end))


class EntityExtractor(Component):
    """NER + rule tables -> normalised PERSON, ORG, LOC/GPE, DATE and MONEY entities.

    Settings: ``rules`` (a JSONL file of spaCy token patterns; default the bundled
    ``data/entity_rules.jsonl``), ``roles`` (a roles file like ``data/person_roles.txt``)."""

    name = "entities"

    def __init__(self, **settings):
        super().__init__(**settings)
        from corpus_tool.entities.rules import RuleMatcher, gazetteer_rules, load_rules

        self.names = NameLexicon.default()
        self.matcher = RuleMatcher(load_rules(settings.get("rules")) + gazetteer_rules(settings.get("gazetteer")),
                                   is_place=self.names.place)
        self.roles = RoleTable.load(settings.get("roles"))

    def __call__(self, docs: list[AnalyzedDocument]) -> list[AnalyzedDocument]:
        for doc in docs:
            doc.entities = self.extract(doc)
        return docs

    def extract(self, doc: AnalyzedDocument) -> list[Entity]:
        tokens = doc.tokens
        starts = [t.start for t in tokens]
        when = document_date(doc)
        out = []
        ruled = self.matcher.find(doc)
        # amounts whose currency is only in a budget table's column header
        ruled += [m for m in header_currency_amounts(doc.text) if not any(_overlaps(m, r) for r in ruled)]
        found = [e for e in merge(clean_names(doc.entities, doc.text, tokens, self.names), ruled)
                 if e.type != NOT_AN_ENTITY]
        for entity in join_appositive_names(found, tokens, doc.text, self.names):
            if entity.type == "DATE":
                # a list item takes what the list shares (``toukokuussa`` in "toukokuussa ja
                # kesäkuussa 2021" takes 2021)
                shared = entity.extra.pop("shared", None)
                entity.norm = values.parse_date(f"{entity.text} {shared}" if shared else entity.text, when)
                if entity.norm is None:
                    continue
            elif entity.type == "MONEY" and entity.norm is None:     # a budget table's are valued already
                parsed = values.parse_money(entity.text)
                if parsed is None:
                    continue
                entity.extra["value"], entity.extra["currency"] = parsed
                entity.norm = values.money_norm(*parsed)
            out.append(entity)
        person_roles([e for e in out if e.type == "PERSON"], doc.text, tokens, self.roles)
        out = municipalities_as_organisations(out, doc.text, tokens, self.roles, self.names.place)
        for entity in out:
            if entity.source == "rule:gazetteer":
                continue                               # already in the gazetteer's own spelling
            if entity.type in NAME_TYPES:
                entity.norm = base_form(entity, doc.text, tokens, starts, self.names)
        out = unsupported_single_names(out, self.names)
        return sorted(out + surname_mentions(out, tokens), key=lambda e: (e.start, e.end))
