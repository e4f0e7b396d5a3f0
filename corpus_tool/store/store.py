"""Reading and writing the corpus database."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import delete, func, insert, select, update

from corpus_tool import __version__
from corpus_tool.document import AnalyzedDocument
from corpus_tool.metadata import DocumentMetadata
from corpus_tool.store import schema as t


@dataclass
class PassageRecord:
    idx: int
    start: int
    end: int
    kind: str
    section: str | None
    page: int | None
    language: str
    text: str
    analysis: AnalyzedDocument | None = None   # Finnish passages only; offsets relative to the passage


@dataclass
class DocumentRecord:
    """Everything ingest learned about one file; written in one transaction."""
    source: str
    content_hash: str
    format: str
    metadata: DocumentMetadata
    language: str
    raw_text: str
    normalised_text: str
    passages: list[PassageRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    document_themes: list[tuple[str, float, int]] = field(default_factory=list)   # theme, score, passages


def now() -> datetime:
    return datetime.now(timezone.utc)


class Store:
    def __init__(self, engine):
        self.engine = engine

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    # --- ingest runs ---

    def begin_run(self, models: str | None) -> int:
        with self.engine.begin() as conn:
            return conn.execute(insert(t.ingest_runs).values(
                started_at=now(), tool_version=__version__, models=models,
                ingested=0, skipped=0, failed=0, failures=[])).inserted_primary_key[0]

    def finish_run(self, run_id: int, ingested: int, skipped: int, failures: list[dict]) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(t.ingest_runs).where(t.ingest_runs.c.id == run_id).values(
                finished_at=now(), ingested=ingested, skipped=skipped, failed=len(failures), failures=failures))

    # --- documents ---

    def stored_hash(self, source: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(t.documents.c.content_hash).where(t.documents.c.source == source)).scalar()

    def replace_document(self, record: DocumentRecord, run_id: int | None = None) -> int:
        """Write a document and all its rows, replacing an older version of the same
        source, in one transaction: a failure leaves the old version as it was."""
        with self.engine.begin() as conn:
            conn.execute(delete(t.documents).where(t.documents.c.source == record.source))
            n_tokens = sum(len(p.analysis.tokens) for p in record.passages if p.analysis)
            doc_id = conn.execute(insert(t.documents).values(
                source=record.source, content_hash=record.content_hash, format=record.format,
                language=record.language, raw_text=record.raw_text, normalised_text=record.normalised_text,
                n_tokens=n_tokens, warnings=record.warnings, ingest_run_id=run_id, ingested_at=now(),
                **record.metadata.to_dict())).inserted_primary_key[0]
            token_rows, entity_rows = [], []
            sentence_no = token_no = 0
            for passage in record.passages:
                passage_id = conn.execute(insert(t.passages).values(
                    document_id=doc_id, idx=passage.idx, start=passage.start, end=passage.end, kind=passage.kind,
                    section=passage.section, page=passage.page, language=passage.language,
                    text=passage.text)).inserted_primary_key[0]
                if passage.analysis is None:
                    continue
                shift = passage.start
                for sentence in passage.analysis.sentences:
                    sentence_no += 1
                    for token in sentence.tokens:
                        token_no += 1
                        token_rows.append(dict(
                            document_id=doc_id, passage_id=passage_id, sentence=sentence_no, idx=token_no,
                            start=token.start + shift, end=token.end + shift, text=token.text,
                            lemma=token.lemma, upos=token.upos, feats=token.feats))
                for entity in passage.analysis.entities:
                    entity_rows.append(dict(
                        document_id=doc_id, passage_id=passage_id, type=entity.type, text=entity.text,
                        start=entity.start + shift, end=entity.end + shift, norm=entity.norm,
                        source=entity.source, extra=entity.extra or None))
                scores = [dict(passage_id=passage_id, theme=theme.id, score=theme.score)
                          for theme in passage.analysis.themes]
                if scores:
                    conn.execute(insert(t.passage_themes), scores)
                # offsets into the stored (repaired) text
                repairs = [dict(document_id=doc_id, start=r.text_start + shift, end=r.text_end + shift,
                                original=r.original, repaired=r.repaired, confidence=r.confidence, method=r.method)
                           for r in passage.analysis.repairs]
                if repairs:
                    conn.execute(insert(t.repairs), repairs)
            if token_rows:
                conn.execute(insert(t.tokens), token_rows)
            if entity_rows:
                conn.execute(insert(t.entities), entity_rows)
            if record.document_themes:
                conn.execute(insert(t.document_themes), [
                    dict(document_id=doc_id, theme=theme, score=score, passages=n)
                    for theme, score, n in record.document_themes])
            return doc_id

    # --- canonical entities ---

    def relink(self, aliases: dict | None = None) -> int:
        """Rebuild the canonical entities from every stored mention, in one transaction;
        returns how many there are."""
        from corpus_tool.entities.linking import LINKED_TYPES, Mention, link

        e, d = t.entities, t.documents
        with self.engine.begin() as conn:
            rows = conn.execute(
                select(e.c.id, e.c.document_id, e.c.type, e.c.norm, e.c.end, d.c.year,
                       func.substr(d.c.normalised_text, e.c.end + 1, 16).label("after"))
                .select_from(e.join(d, e.c.document_id == d.c.id))
                .where(e.c.type.in_(LINKED_TYPES)).order_by(e.c.document_id, e.c.start)).mappings().all()
            mentions = [Mention(r["id"], r["document_id"], r["type"], r["norm"] or "", r["year"], r["after"] or "")
                        for r in rows]
            canonicals, linked = link(mentions, aliases)
            conn.execute(update(e).values(canonical_id=None))
            conn.execute(delete(t.canonical_entities))
            ids = []
            for c in canonicals:
                ids.append(conn.execute(insert(t.canonical_entities).values(**c.to_row())).inserted_primary_key[0])
            by_canonical: dict[int, list[int]] = {}
            for mention_id, index in linked.items():
                by_canonical.setdefault(ids[index], []).append(mention_id)
            for canonical_id, mention_ids in by_canonical.items():
                for i in range(0, len(mention_ids), 500):
                    conn.execute(update(e).where(e.c.id.in_(mention_ids[i:i + 500])).values(canonical_id=canonical_id))
            return len(canonicals)

    # --- status ---

    def status(self) -> dict:
        with self.engine.connect() as conn:
            def count(table):
                return conn.execute(select(func.count()).select_from(table)).scalar()

            by_year = conn.execute(select(t.documents.c.year, func.count()).group_by(t.documents.c.year)
                                   .order_by(t.documents.c.year)).all()
            by_type = conn.execute(select(t.documents.c.doc_type, func.count()).group_by(t.documents.c.doc_type)
                                   .order_by(t.documents.c.doc_type)).all()
            last = conn.execute(select(t.ingest_runs).order_by(t.ingest_runs.c.id.desc()).limit(1)).mappings().first()
            return {
                "database": self.url,
                "documents": count(t.documents), "passages": count(t.passages), "tokens": count(t.tokens),
                "entities": count(t.entities), "canonical_entities": count(t.canonical_entities),
                "passage_themes": count(t.passage_themes),
                "repairs": count(t.repairs),
                "documents_by_year": {str(y): n for y, n in by_year},
                "documents_by_type": {k: n for k, n in by_type},
                "last_ingest": None if last is None else {
                    "started_at": last["started_at"].isoformat() if last["started_at"] else None,
                    "ingested": last["ingested"], "skipped": last["skipped"], "failed": last["failed"]},
            }
