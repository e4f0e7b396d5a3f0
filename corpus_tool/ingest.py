"""Ingest report files into the corpus database.

For each file: read it (``extract``), normalise it into passages (``normalise``),
find its metadata (``metadata``), tell each passage's language, analyse the Finnish
passages with the configured pipeline, and write everything in one transaction
(``store``).  Unchanged files are skipped by content hash; a changed file replaces
its old version; a file that fails is reported and the batch goes on.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from corpus_tool.document import AnalyzedDocument
from corpus_tool.errors import InputError
from corpus_tool.extract import READERS, read_document
from corpus_tool.language import detect_language, not_finnish
from corpus_tool.metadata import apply_overrides, extract_metadata
from corpus_tool.normalise import default_lexicon, normalise
from corpus_tool.repair import damage_score
from corpus_tool.store.store import DocumentRecord, PassageRecord, Store


@dataclass
class IngestSummary:
    ingested: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)              # unchanged since the last ingest
    unsupported: list[tuple[str, str]] = field(default_factory=list)  # formats we do not read
    failed: list[tuple[str, str]] = field(default_factory=list)   # (source, reason)
    tokens: int = 0
    canonical_entities: int | None = None   # after relinking, when anything changed


def discover(paths: Iterable[Path]) -> list[Path]:
    """Files named, and the files under folders named (hidden ones left out), in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*")
                                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)))
        else:
            found.append(path)
    return found


def passage_languages(texts: list[str]) -> tuple[list[str], str]:
    """Language of each passage and of the document (by characters).  A passage too
    short to tell takes the document's language."""
    detected = [detect_language(text) for text in texts]
    weight = Counter()
    for lang, text in zip(detected, texts):
        if lang != "und":
            weight[lang] += len(text)
    document = weight.most_common(1)[0][0] if weight else "fi"
    return [document if lang == "und" else lang for lang in detected], document


class Ingester:
    """Turns files into DocumentRecords and stores them.  The analysis pipeline is built
    on first need, so a run in which every file is unchanged loads no models."""

    def __init__(self, store: Store, pipeline_factory: Callable, overrides: dict | None = None,
                 force: bool = False, lexicon=None, aliases: Path | None = None):
        self.store = store
        self.aliases = aliases
        self.pipeline_factory = pipeline_factory
        self._pipeline = None
        self.overrides = overrides or {}
        self.force = force
        self.lexicon = lexicon if lexicon is not None else default_lexicon()

    @property
    def pipeline(self):
        if self._pipeline is None:
            self._pipeline = self.pipeline_factory()
        return self._pipeline

    def build_record(self, path: Path, content_hash: str) -> DocumentRecord:
        extracted = read_document(path)
        normalised = normalise(extracted.pages, self.lexicon)
        if not normalised.passages:
            raise InputError(str(path), "no text left after normalisation")
        texts = [normalised.passage_text(p) for p in normalised.passages]
        languages, doc_language = passage_languages(texts)
        passages = [PassageRecord(i, p.start, p.end, p.kind, p.section, p.page, lang, text)
                    for i, (p, lang, text) in enumerate(zip(normalised.passages, languages, texts))]
        finnish = [p for p in passages if p.language == "fi"]
        if not finnish:       # a wholly Swedish or English report: refused as analyze refuses it
            raise InputError(str(path), not_finnish(doc_language))
        # Whether OCR damaged the document is judged on all of it, not passage by passage.
        damaged = damage_score("\n\n".join(p.text for p in finnish), self.repair_lexicon).damaged \
            if "repair" in self.pipeline.names else False
        # A day and month without a year ("8.2.") take the year of the document's date.
        when = apply_overrides(extract_metadata(normalised, web=normalised.web_transcript), path,
                               self.overrides).date
        analysed = self.pipeline([AnalyzedDocument(id=f"{path.name}#{p.idx}", text=p.text, language="fi",
                                                   meta={"damaged": damaged, "document_date": when})
                                  for p in finnish])
        for passage, analysis in zip(finnish, analysed):
            passage.analysis = analysis
            passage.text = analysis.text          # repaired where OCR damage was restored
        # What lies between passages: a blank line, or a space where a long paragraph was cut.
        gaps = [normalised.text[a.end:b.start] for a, b in zip(normalised.passages, normalised.passages[1:])] + [""]
        offset, pieces = 0, []
        for passage, layout, gap in zip(passages, normalised.passages, gaps):   # offsets into the text as stored
            passage.start, passage.end = offset, offset + len(passage.text)
            layout.start, layout.end = passage.start, passage.end
            pieces += [passage.text, gap]
            offset = passage.end + len(gap)
        normalised.text = "".join(pieces)
        # Metadata is read from the repaired text, so an OCR'd title comes out with its ä and ö.
        meta = apply_overrides(extract_metadata(normalised, web=normalised.web_transcript), path, self.overrides)
        return DocumentRecord(
            source=str(path.resolve()), content_hash=content_hash, format=extracted.format, metadata=meta,
            language=doc_language, raw_text=extracted.text, normalised_text=normalised.text,
            passages=passages, warnings=extracted.warnings, document_themes=document_themes(passages))

    @property
    def repair_lexicon(self):
        from corpus_tool.repair import Lexicon

        return Lexicon.default()

    def ingest(self, paths: Iterable[Path], progress: Callable[[Path, str, int], None] | None = None) -> IngestSummary:
        summary = IngestSummary()
        files = discover(paths)
        run_id = self.store.begin_run(None)
        try:
            for path in files:
                status, tokens = self._ingest_one(path, run_id, summary)
                summary.tokens += tokens
                if progress:
                    progress(path, status, tokens)
        finally:
            failures = [{"source": s, "reason": r} for s, r in summary.failed]
            self.store.finish_run(run_id, len(summary.ingested), len(summary.skipped), failures)
        if summary.ingested or self.aliases:
            # persons and organisations link across the whole corpus, so every run relinks
            from corpus_tool.entities.linking import read_aliases

            summary.canonical_entities = self.store.relink(read_aliases(self.aliases))
        return summary

    def _ingest_one(self, path: Path, run_id: int, summary: IngestSummary) -> tuple[str, int]:
        source = str(path)
        if path.suffix.lower() not in READERS:
            summary.unsupported.append((source, f"unknown format '{path.suffix or path.name}', skipped"))
            return "unsupported", 0
        try:
            content_hash = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as exc:
            summary.failed.append((source, exc.strerror or str(exc)))
            return "failed", 0
        if not self.force and self.store.stored_hash(str(path.resolve())) == content_hash:
            summary.skipped.append(source)
            return "skipped", 0
        try:
            record = self.build_record(path, content_hash)
            self.store.replace_document(record, run_id)
        except InputError as exc:
            summary.failed.append((source, exc.reason))
            return "failed", 0
        except Exception as exc:  # one broken file must not stop the batch or lose stored data
            summary.failed.append((source, f"unexpected error: {type(exc).__name__}: {exc}"))
            return "failed", 0
        summary.ingested.append(source)
        return "ingested", sum(len(p.analysis.tokens) for p in record.passages if p.analysis)


def document_themes(passages: list[PassageRecord]) -> list[tuple[str, float, int]]:
    """A document's themes from its passages': the highest passage score and how many
    passages carry the theme."""
    best: dict[str, float] = {}
    count: Counter = Counter()
    for passage in passages:
        if passage.analysis is None:
            continue
        for theme in passage.analysis.themes:
            best[theme.id] = max(best.get(theme.id, 0.0), theme.score)
            count[theme.id] += 1
    return [(theme, best[theme], count[theme]) for theme in sorted(best)]
