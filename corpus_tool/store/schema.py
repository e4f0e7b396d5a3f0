"""The database schema: the contract between ingest and every query and export.

Changes go through Alembic migrations (``migrations/versions``); this module and the
latest migration must describe the same tables (a test checks it).
"""
from __future__ import annotations

from sqlalchemy import (JSON, Column, DateTime, Float, ForeignKey, Index, Integer, MetaData, String, Table,
                        Text, UniqueConstraint)

metadata = MetaData()

ingest_runs = Table(
    "ingest_runs", metadata,
    Column("id", Integer, primary_key=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("tool_version", String(32), nullable=False),
    Column("models", String(200)),
    Column("ingested", Integer, default=0),
    Column("skipped", Integer, default=0),
    Column("failed", Integer, default=0),
    Column("failures", JSON),            # [{"source", "reason"}]
)

documents = Table(
    "documents", metadata,
    Column("id", Integer, primary_key=True),
    Column("source", String(1000), nullable=False),      # path as given to ingest, resolved
    Column("content_hash", String(64), nullable=False),  # sha256 of the file's bytes
    Column("format", String(16), nullable=False),
    Column("title", Text),
    Column("date", String(10)),
    Column("year", Integer),
    Column("period_start", Integer),
    Column("period_end", Integer),
    Column("doc_type", String(20), nullable=False),
    Column("region", String(100)),
    Column("organisation", String(300)),
    Column("language", String(8), nullable=False),
    Column("raw_text", Text, nullable=False),           # the extracted text, never modified
    Column("normalised_text", Text, nullable=False),    # offsets of passages, tokens, entities point here
    Column("n_tokens", Integer, default=0),
    Column("warnings", JSON),
    Column("ingest_run_id", Integer, ForeignKey("ingest_runs.id")),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("source", name="uq_documents_source"),
)
Index("ix_documents_year", documents.c.year)
Index("ix_documents_hash", documents.c.content_hash)

passages = Table(
    "passages", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("section", Text),
    Column("page", Integer),
    Column("language", String(8), nullable=False),
    Column("text", Text, nullable=False),
)
Index("ix_passages_document", passages.c.document_id)

tokens = Table(
    "tokens", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("passage_id", Integer, ForeignKey("passages.id", ondelete="CASCADE"), nullable=False),
    Column("sentence", Integer, nullable=False),         # sentence number within the document
    Column("idx", Integer, nullable=False),              # token number within the document
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", String(300), nullable=False),
    Column("lemma", String(300)),
    Column("upos", String(8)),
    Column("feats", String(300)),
)
Index("ix_tokens_lemma", tokens.c.lemma)
Index("ix_tokens_document", tokens.c.document_id, tokens.c.idx)

entities = Table(
    "entities", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("passage_id", Integer, ForeignKey("passages.id", ondelete="CASCADE"), nullable=False),
    Column("type", String(20), nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("norm", Text),
    Column("source", String(128)),                      # ner, rule:<id> (user rule ids can be long)
    Column("extra", JSON),
    Column("canonical_id", Integer, ForeignKey("canonical_entities.id", ondelete="SET NULL",
                                               name="fk_entities_canonical")),
)
Index("ix_entities_type_norm", entities.c.type, entities.c.norm)
Index("ix_entities_canonical", entities.c.canonical_id)

# One row per person or organisation across the corpus (corpus_tool.entities.linking);
# rebuilt after every ingest run.
canonical_entities = Table(
    "canonical_entities", metadata,
    Column("id", Integer, primary_key=True),
    Column("type", String(20), nullable=False),
    Column("name", Text, nullable=False),
    Column("aliases", JSON, nullable=False),
    Column("mentions", Integer, nullable=False),
    Column("documents", Integer, nullable=False),
    Column("first_year", Integer),
    Column("last_year", Integer),
)
Index("ix_canonical_type_name", canonical_entities.c.type, canonical_entities.c.name)
Index("ix_entities_document", entities.c.document_id)

passage_themes = Table(
    "passage_themes", metadata,
    Column("passage_id", Integer, ForeignKey("passages.id", ondelete="CASCADE"), primary_key=True),
    Column("theme", String(64), primary_key=True),
    Column("score", Float, nullable=False),
)

document_themes = Table(
    "document_themes", metadata,
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("theme", String(64), primary_key=True),
    Column("score", Float, nullable=False),
    Column("passages", Integer, nullable=False),          # passages tagged with the theme
)

repairs = Table(
    "repairs", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("original", Text, nullable=False),
    Column("repaired", Text, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("method", String(32), nullable=False),
)
Index("ix_repairs_document", repairs.c.document_id)
