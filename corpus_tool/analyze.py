"""Analyse texts end to end: the library behind ``corpus-tool analyze``."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from corpus_tool.document import AnalyzedDocument
from corpus_tool.errors import InputError
from corpus_tool.inputs import TextInput
from corpus_tool.pipeline import Pipeline, load_config


def build_pipeline(config_file: Path | None = None, models: str | None = None,
                   disable: Iterable[str] = (), batch_size: int | None = None,
                   overrides: dict | None = None) -> Pipeline:
    """The configured pipeline; ``models`` overrides the Stanza models setting and
    ``overrides`` any component's settings ({component: {setting: value}})."""
    config = load_config(config_file)
    if batch_size:
        config.setdefault("pipeline", {})["batch_size"] = batch_size
    overrides = dict(overrides or {})
    if models:
        overrides["stanza"] = {**overrides.get("stanza", {}), "models": models}
    return Pipeline(config, disable=disable, overrides=overrides)


def analyze(inputs: Iterable[TextInput | InputError], pipeline: Pipeline) -> Iterator[AnalyzedDocument | InputError]:
    """Yield an analysed document per readable input and an InputError per unreadable one.

    Documents are analysed in batches of ``pipeline.batch_size``; an input error is
    yielded as soon as it is met, so a bad file never holds up or stops the batch.
    """
    batch: list[AnalyzedDocument] = []

    def flush():
        for doc in pipeline(batch):
            if "error" in doc.meta:
                yield InputError(doc.meta.get("source", doc.id), doc.meta["error"])
            else:
                yield doc
        batch.clear()

    for item in inputs:
        if isinstance(item, InputError):
            yield item
            continue
        batch.append(AnalyzedDocument(id=item.id, text=item.text, meta={"source": item.source or item.id}))
        if len(batch) >= pipeline.batch_size:
            yield from flush()
    if batch:
        yield from flush()
