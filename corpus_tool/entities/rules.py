"""Rule tables for entities the NER is weak on, matched with spaCy's ``Matcher``.

The rules are data (``corpus_tool/data/entity_rules.jsonl``, spaCy token patterns with
an id, a label, an optional ``trim``: tokens of context at the left/right that the
pattern needs but the entity does not include, e.g. ``vuonna`` before a year; and an
optional ``first_word_place``: the match counts only where the lexicon knows the first
word as a place name, for what the tagger may call a common noun, ``Seinäjoen kaupunki``; and
an optional ``last_word_no_place``: the match counts only where the lexicon does not know
its last word as a place (``palvelukeskus Oulussa`` is a unit somewhere, no name); an
optional ``items``: the match is a list whose last token is a year that every item shares,
and each item is an entity of its own, ``toukokuussa, elokuussa ja syyskuussa 2022``).  A rule
labelled ``NONE`` says what is *not* an entity: its match removes the other rules' matches and
the NER's spans that overlap it (a meeting number ``kokous 3/2006`` is no month).  They
run over the Stanza-analysed tokens: each :class:`AnalyzedDocument` is turned into a
spaCy ``Doc`` with the same tokens, lemmas, UPOS and features, so a pattern may use
``TEXT``, ``LOWER``, ``LEMMA``, ``POS``, ``MORPH`` and regular expressions on them.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from corpus_tool.document import AnalyzedDocument, Entity

DEFAULT_RULES = Path(__file__).resolve().parent.parent / "data" / "entity_rules.jsonl"
DEFAULT_GAZETTEER = Path(__file__).resolve().parent.parent / "data" / "organisations_gazetteer.txt"
GAZETTEER_PREFIX = "org="       # rule ids of gazetteer entries: org=<canonical name>


@dataclass
class Rule:
    id: str
    label: str
    pattern: list[dict]
    trim: tuple[int, int] = (0, 0)
    first_word_place: bool = False   # the match counts only if the lexicon knows its first word as a place
    last_word_no_place: bool = False  # ... only if the lexicon does not know its last word as a place
    items: bool = False              # a list sharing its last token (a year): one entity per item


def load_rules(path: Path | None = None) -> list[Rule]:
    rules = []
    path = Path(path) if path else DEFAULT_RULES
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            item = json.loads(line)
            rules.append(Rule(item["id"], item["label"], item["pattern"], tuple(item.get("trim", (0, 0))),
                              first_word_place=bool(item.get("first_word_place", False)),
                              last_word_no_place=bool(item.get("last_word_no_place", False)),
                              items=bool(item.get("items", False))))
        except (ValueError, KeyError) as exc:
            raise ValueError(f"{path}:{n}: not a rule ({exc})") from exc
    return rules


def gazetteer_rules(path: Path | None = None) -> list[Rule]:
    """ORG rules from a gazetteer file (``Name`` or ``Name = Variant`` per line).  Every
    word must match; the last may inflect: an ending after a colon or glued on
    (``THL:n``, ``Kelalta``), or any form whose lemma is the word (``liiton``)."""
    import re

    rules = []
    for line in Path(path or DEFAULT_GAZETTEER).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        canonical, _, variant = (part.strip() for part in line.partition("="))
        words = (variant or canonical).split()
        head = [{"TEXT": w} for w in words[:-1]]
        last = words[-1]
        rule_id = GAZETTEER_PREFIX + canonical
        rules.append(Rule(rule_id, "ORG", head + [{"TEXT": {"REGEX": f"^{re.escape(last)}(:?[a-zäö]{{1,6}})?$"}}]))
        if not last.isupper():
            rules.append(Rule(rule_id, "ORG", head + [{"LEMMA": last}]))
    return rules


def to_spacy(doc: AnalyzedDocument, vocab):
    """A spaCy ``Doc`` with the document's own tokens, lemmas, UPOS and features."""
    from spacy.tokens import Doc

    tokens = doc.tokens
    words = [t.text for t in tokens]
    spaces = [i + 1 < len(tokens) and tokens[i + 1].start > t.end for i, t in enumerate(tokens)]
    pos = [t.upos if t.upos else "X" for t in tokens]
    lemmas = [t.lemma or t.text for t in tokens]
    morphs = [t.feats or "" for t in tokens]
    return Doc(vocab, words=words, spaces=spaces, lemmas=lemmas, pos=pos, morphs=morphs)


VALUE_LABELS = ("DATE", "MONEY")
NOT_AN_ENTITY = "NONE"     # a rule label: what the match covers is no entity (removed after merging)


def _crosses_line(doc: AnalyzedDocument, tokens, start: int, end: int) -> bool:
    """A name never runs on to the next line (two lines are two list items); dates and
    amounts may (``1.4.2013–\n31.10.2015``)."""
    return "\n" in doc.text[tokens[start].start:tokens[end - 1].end]


def _joins_two_names(span_tokens) -> bool:
    """A name pattern's ``ja`` belongs to a suspended compound (``sosiaali- ja
    terveyspiiri``); after any other word it joins two names (``Kelan ja
    Mielenterveysseuran``), which are two entities."""
    return any(t.text == "ja" and (i == 0 or not span_tokens[i - 1].text.endswith("-"))
               for i, t in enumerate(span_tokens))


def _cased_like_mention(canonical: str, mention: str) -> str:
    """A name Finnish writes in lower case (``eduskunta``, ``valtioneuvosto``) keeps the
    capital its mention has at the start of a sentence or in a heading."""
    if canonical[:1].islower() and mention[:1].isupper():
        return canonical[:1].upper() + canonical[1:]
    return canonical


class RuleMatcher:
    """Finds rule entities in analysed documents (longest match wins where they overlap)."""

    def __init__(self, rules: list[Rule] | None = None, is_place: Callable[[str], bool] | None = None):
        import spacy
        from spacy.matcher import Matcher

        self.nlp = spacy.blank("fi")
        rules = rules if rules is not None else load_rules() + gazetteer_rules()
        self.rules = {r.id: r for r in rules}
        self.is_place = is_place
        self.matcher = Matcher(self.nlp.vocab)
        for rule in rules:                      # several patterns may share an id
            self.matcher.add(rule.id, [rule.pattern])

    def find(self, doc: AnalyzedDocument) -> list[Entity]:
        from spacy.tokens import Span
        from spacy.util import filter_spans

        tokens = doc.tokens
        if not tokens:
            return []
        sdoc = to_spacy(doc, self.nlp.vocab)
        spans = []
        for match_id, start, end in self.matcher(sdoc):
            rule_id = self.nlp.vocab.strings[match_id]
            left, right = self.rules[rule_id].trim
            if start + left >= end - right:
                continue
            rule = self.rules[rule_id]
            if rule.label not in VALUE_LABELS and _crosses_line(doc, tokens, start + left, end - right):
                continue
            if rule.first_word_place and not (self.is_place and self.is_place(tokens[start + left].text)):
                continue
            if rule.last_word_no_place and self.is_place and self.is_place(tokens[end - right - 1].text):
                continue
            if (rule.label not in VALUE_LABELS and not rule_id.startswith(GAZETTEER_PREFIX)
                    and _joins_two_names(tokens[start + left:end - right])):
                continue
            spans.append(Span(sdoc, start + left, end - right, label=rule_id))
        blocked = [s for s in spans if self.rules[s.label_].label == NOT_AN_ENTITY]
        spans = [s for s in spans if s in blocked or not any(s.start < b.end and b.start < s.end for b in blocked)]
        found = []
        # the longest of overlapping matches; of two equal ones the gazetteer's exact name
        spans.sort(key=lambda s: not s.label_.startswith(GAZETTEER_PREFIX))
        for span in sorted(filter_spans(spans), key=lambda s: s.start):
            rule = self.rules[span.label_]
            if rule.items:
                found.extend(_list_items(rule, tokens[span.start:span.end], doc.text))
                continue
            begin = span.start
            if rule.label not in VALUE_LABELS and not rule.id.startswith(GAZETTEER_PREFIX):
                while (span.end - begin > 2 and _plural_heading(tokens[begin])
                       and not _capitalised_plural(tokens[begin + 1])):
                    begin += 1
            first, last = tokens[begin], tokens[span.end - 1]
            entity = Entity(rule.label, doc.text[first.start:last.end], first.start, last.end, source=f"rule:{rule.id}")
            if rule.id.startswith(GAZETTEER_PREFIX):      # the gazetteer's name is the normalised one
                entity.source, entity.norm = "rule:gazetteer", _cased_like_mention(rule.id[len(GAZETTEER_PREFIX):],
                                                                                   entity.text)
            found.append(entity)
        return found


def _plural_heading(token) -> bool:
    """A capitalised common noun in the nominative plural, as a section heading is
    (``Yhteystiedot``, ``Tulokset``): it starts no name of an organisation that follows it
    (``Yhteystiedot Kymenlaakson Perheverkko ry``), though two capitalised plurals may be
    one (``Nuoret Kotkat ry``, whichever of noun or name the tagger calls the second)."""
    return token.upos == "NOUN" and _capitalised_plural(token)


def _capitalised_plural(token) -> bool:
    feats = token.feats or ""
    return token.text[:1].isupper() and "Number=Plur" in feats and "Case=Nom" in feats


_LIST_SEPARATORS = {",", "ja", "tai", "sekä"}


def _list_items(rule: Rule, span_tokens, text: str) -> list[Entity]:
    """The items of a list match: each item before the last keeps the shared last token
    (the year) in ``extra["shared"]`` for its value; the last item ends the span."""
    shared = span_tokens[-1].text
    items, current = [], []
    for token in span_tokens[:-1]:
        if token.text.lower() in _LIST_SEPARATORS:
            if current:
                items.append(current)
            current = []
        else:
            current.append(token)
    if current:
        items.append(current)
    out = []
    for n, item in enumerate(items):
        last_item = n == len(items) - 1
        end = span_tokens[-1].end if last_item else item[-1].end
        entity = Entity(rule.label, text[item[0].start:end], item[0].start, end, source=f"rule:{rule.id}")
        if not last_item:
            entity.extra["shared"] = shared
        out.append(entity)
    return out
