"""Queries over the corpus database.  Each returns plain rows (lists of dicts) that the
CLI renders as a table, CSV or JSON; nothing here prints."""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import and_, distinct, func, select

from corpus_tool.store import schema as t
from corpus_tool.store.store import Store

GROUPS = {"year": t.documents.c.year, "region": t.documents.c.region, "doc_type": t.documents.c.doc_type}
DOC_FIELDS = ["id", "source", "title", "year", "date", "doc_type", "region", "organisation", "language",
              "period_start", "period_end", "format", "n_tokens"]


def themes_by(store: Store, by: str = "year", theme: str | None = None) -> list[dict]:
    """Per group and theme: documents and passages carrying the theme, as counts and as
    shares of the group's documents and analysed (Finnish) passages."""
    group = GROUPS[by]
    d, p, pt = t.documents, t.passages, t.passage_themes
    with store.engine.connect() as conn:
        doc_totals = dict(conn.execute(select(group, func.count()).group_by(group)).all())
        passage_totals = dict(conn.execute(
            select(group, func.count()).select_from(p.join(d, p.c.document_id == d.c.id))
            .where(p.c.language == "fi").group_by(group)).all())
        query = (select(group.label("grp"), pt.c.theme, func.count(distinct(d.c.id)).label("documents"),
                        func.count(pt.c.passage_id).label("passages"))
                 .select_from(pt.join(p, pt.c.passage_id == p.c.id).join(d, p.c.document_id == d.c.id))
                 .group_by(group, pt.c.theme).order_by(group, pt.c.theme))
        if theme:
            query = query.where(pt.c.theme == theme)
        rows = []
        for grp, theme_id, n_docs, n_passages in conn.execute(query):
            rows.append({by: grp, "theme": theme_id, "documents": n_docs,
                         "document_share": round(n_docs / doc_totals[grp], 4) if doc_totals.get(grp) else None,
                         "passages": n_passages,
                         "passage_share": round(n_passages / passage_totals[grp], 4)
                         if passage_totals.get(grp) else None})
    return rows


def kwic(store: Store, lemma: str, window: int = 5, year_from: int | None = None, year_to: int | None = None,
         limit: int = 200) -> list[dict]:
    """Keyword in context: every token whose lemma is ``lemma`` (any inflected form),
    with ``window`` tokens either side taken from the stored text."""
    d, tok = t.documents, t.tokens
    conditions = [func.lower(tok.c.lemma) == lemma.lower()]
    if year_from is not None:
        conditions.append(d.c.year >= year_from)
    if year_to is not None:
        conditions.append(d.c.year <= year_to)
    with store.engine.connect() as conn:
        hits = conn.execute(
            select(tok.c.document_id, tok.c.idx, tok.c.text, tok.c.start, tok.c.end, d.c.source, d.c.title, d.c.year)
            .select_from(tok.join(d, tok.c.document_id == d.c.id)).where(and_(*conditions))
            .order_by(d.c.year, tok.c.document_id, tok.c.idx).limit(limit)).mappings().all()
        by_doc = defaultdict(list)
        for hit in hits:
            by_doc[hit["document_id"]].append(hit)
        rows = []
        for doc_id, doc_hits in by_doc.items():
            lo = min(h["idx"] for h in doc_hits) - window
            hi = max(h["idx"] for h in doc_hits) + window
            context = {r.idx: r.text for r in conn.execute(
                select(tok.c.idx, tok.c.text).where(tok.c.document_id == doc_id, tok.c.idx.between(lo, hi)))}
            for hit in doc_hits:
                left = [context[i] for i in range(hit["idx"] - window, hit["idx"]) if i in context]
                right = [context[i] for i in range(hit["idx"] + 1, hit["idx"] + window + 1) if i in context]
                rows.append({"year": hit["year"], "source": hit["source"], "left": " ".join(left),
                             "keyword": hit["text"], "right": " ".join(right), "start": hit["start"]})
    return rows


def entities(store: Store, entity_type: str | None = None, top: int = 20) -> list[dict]:
    """The most mentioned entities.  Persons, organisations and places are the corpus's
    canonical entities (linked across spellings, inflections and aliases) with their
    aliases; dates and amounts are grouped by normalised value.  Each with mentions,
    documents, and first and last year."""
    from corpus_tool.entities.linking import LINKED_TYPES

    kind = entity_type.upper() if entity_type else None
    if kind is None or kind in LINKED_TYPES:
        c = t.canonical_entities
        query = (select(c.c.id, c.c.type, c.c.name, c.c.mentions, c.c.documents, c.c.first_year, c.c.last_year,
                        c.c.aliases).order_by(c.c.mentions.desc(), c.c.name).limit(top))
        if kind:
            query = query.where(c.c.type == kind)
        with store.engine.connect() as conn:
            rows = [dict(row) for row in conn.execute(query).mappings()]
        for row in rows:
            row["aliases"] = "; ".join(a for a in row["aliases"] if a != row["name"])
        return rows
    d, e = t.documents, t.entities
    name = func.coalesce(e.c.norm, e.c.text)
    query = (select(e.c.type, name.label("name"), func.count().label("mentions"),
                    func.count(distinct(e.c.document_id)).label("documents"),
                    func.min(d.c.year).label("first_year"), func.max(d.c.year).label("last_year"))
             .select_from(e.join(d, e.c.document_id == d.c.id)).where(e.c.type == kind)
             .group_by(e.c.type, name).order_by(func.count().desc(), name).limit(top))
    with store.engine.connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


def documents(store: Store) -> list[dict]:
    d = t.documents
    with store.engine.connect() as conn:
        rows = conn.execute(select(*[d.c[f] for f in DOC_FIELDS]).order_by(d.c.year, d.c.source)).mappings()
        return [dict(row) for row in rows]


def export_query(what: str):
    """The SELECT behind ``corpus-tool export WHAT``."""
    d, p, e = t.documents, t.passages, t.entities
    if what == "documents":
        return select(*[d.c[f] for f in DOC_FIELDS], d.c.raw_text, d.c.normalised_text).order_by(d.c.id)
    if what == "passages":
        return (select(p.c.id, p.c.document_id, d.c.source, p.c.idx, p.c.start, p.c.end, p.c.kind,
                       p.c.section, p.c.page, p.c.language, p.c.text)
                .select_from(p.join(d, p.c.document_id == d.c.id)).order_by(p.c.document_id, p.c.idx))
    if what == "entities":
        c = t.canonical_entities
        return (select(e.c.id, e.c.document_id, d.c.source, d.c.year, e.c.passage_id, e.c.type, e.c.text,
                       e.c.norm, e.c.extra, e.c.start, e.c.end, e.c.canonical_id, c.c.name.label("canonical_name"),
                       e.c.source.label("found_by"))
                .select_from(e.join(d, e.c.document_id == d.c.id).outerjoin(c, e.c.canonical_id == c.c.id))
                .order_by(e.c.document_id, e.c.start))
    if what == "canonical":
        c = t.canonical_entities
        return select(c.c.id, c.c.type, c.c.name, c.c.aliases, c.c.mentions, c.c.documents, c.c.first_year,
                      c.c.last_year).order_by(c.c.type, c.c.mentions.desc(), c.c.name)
    raise ValueError(what)


# Entity exports are a contract with other systems: docs/export-schema.md, versioned.
ENTITY_EXPORT_SCHEMA = "1.0"
ENTITY_FIELDS = ("value", "currency", "role")        # type-specific fields, flattened from ``extra``


def export_columns(what: str) -> list[str]:
    columns = [c.name for c in export_query(what).selected_columns]
    if what == "entities":
        at = columns.index("extra")
        columns[at:at + 1] = list(ENTITY_FIELDS)
        columns.append("schema_version")
    return columns


def export_rows(store: Store, what: str):
    """Rows for ``corpus-tool export``: documents (with texts), passages, entity
    mentions (with their values, roles and canonical entity) or canonical entities."""
    with store.engine.connect() as conn:
        for row in conn.execute(export_query(what)).mappings():
            row = dict(row)
            if what == "entities":
                extra = row.pop("extra") or {}
                row.update({k: extra.get(k) for k in ENTITY_FIELDS}, schema_version=ENTITY_EXPORT_SCHEMA)
            elif what == "canonical":
                row["aliases"] = list(row["aliases"] or [])
            yield row
