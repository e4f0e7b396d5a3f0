"""The analysed corpus as a spaCy ``DocBin``, so spaCy users load it directly.

One ``Doc`` per stored document: the stored tokens (text, whitespace, lemma, UPOS,
morphology), sentence starts, and entities both as ``doc.ents`` (non-overlapping) and
in ``doc.spans["entities"]`` (all of them).  Normalised values ride along as extension
attributes, stored in the DocBin's user data: ``Span._.norm``, ``_.value``,
``_.currency``, ``_.role``, ``_.canonical_id``, and ``Doc._.source``, ``_.year``,
``_.doc_type``, ``_.region``.  To read them, register the extensions first
(:func:`register_extensions`) and load with ``DocBin().from_disk(path).get_docs(vocab)``.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from corpus_tool.store import schema as t

SPAN_EXTENSIONS = ("norm", "value", "currency", "role", "canonical_id")
DOC_EXTENSIONS = ("source", "year", "doc_type", "region", "title")


def register_extensions() -> None:
    from spacy.tokens import Doc, Span

    for name in SPAN_EXTENSIONS:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def build_docs(store, vocab):
    """Yield one spaCy Doc per stored document that has analysed tokens."""
    from spacy.tokens import Doc, Span
    from spacy.util import filter_spans

    register_extensions()
    d, tok, e = t.documents, t.tokens, t.entities
    with store.engine.connect() as conn:
        documents = conn.execute(select(d.c.id, d.c.source, d.c.year, d.c.doc_type, d.c.region, d.c.title)
                                 .order_by(d.c.id)).mappings().all()
        for meta in documents:
            tokens = conn.execute(select(tok.c.text, tok.c.start, tok.c.end, tok.c.lemma, tok.c.upos, tok.c.feats,
                                         tok.c.sentence).where(tok.c.document_id == meta["id"])
                                  .order_by(tok.c.idx)).mappings().all()
            if not tokens:
                continue
            spaces = [i + 1 < len(tokens) and tokens[i + 1]["start"] > tk["end"] for i, tk in enumerate(tokens)]
            starts = [i == 0 or tk["sentence"] != tokens[i - 1]["sentence"] for i, tk in enumerate(tokens)]
            doc = Doc(vocab, words=[tk["text"] for tk in tokens], spaces=spaces,
                      lemmas=[tk["lemma"] or tk["text"] for tk in tokens], pos=[tk["upos"] or "X" for tk in tokens],
                      morphs=[tk["feats"] or "" for tk in tokens], sent_starts=starts)
            for name in DOC_EXTENSIONS:
                setattr(doc._, name, meta[name])
            # stored offsets index the document text; map them to this Doc's token boundaries
            by_start = {tk["start"]: i for i, tk in enumerate(tokens)}
            by_end = {tk["end"]: i for i, tk in enumerate(tokens)}
            spans = []
            for ent in conn.execute(select(e.c.type, e.c.start, e.c.end, e.c.norm, e.c.extra, e.c.canonical_id)
                                    .where(e.c.document_id == meta["id"]).order_by(e.c.start)).mappings():
                first, last = by_start.get(ent["start"]), by_end.get(ent["end"])
                if first is None or last is None or last < first:
                    continue                  # an entity inside a token (rare): not representable
                span = Span(doc, first, last + 1, label=ent["type"])
                extra = ent["extra"] or {}
                span._.norm, span._.canonical_id = ent["norm"], ent["canonical_id"]
                for name in ("value", "currency", "role"):
                    setattr(span._, name, extra.get(name))
                spans.append(span)
            doc.spans["entities"] = spans
            doc.ents = filter_spans(spans)
            yield doc


def write_docbin(store, path: Path) -> int:
    """Write the corpus to ``path``; returns how many documents."""
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("fi")
    docbin = DocBin(attrs=["ORTH", "LEMMA", "POS", "MORPH", "SENT_START", "ENT_IOB", "ENT_TYPE"],
                    store_user_data=True)
    for doc in build_docs(store, nlp.vocab):
        docbin.add(doc)
    docbin.to_disk(path)
    return len(docbin)
