"""A pipeline of named components over :class:`AnalyzedDocument` objects.

As in spaCy, the pipeline is configuration (``corpus_tool/data/pipeline.toml``);
as in Annif, each component is a small class behind :class:`Component` with
``is_available()``, found by name in :data:`REGISTRY`, and heavy libraries are
imported only when a component is built.
"""
from __future__ import annotations

import os
import tomllib
from abc import ABC, abstractmethod
from importlib import import_module
from pathlib import Path
from typing import Any, Iterable

from corpus_tool.document import AnalyzedDocument
from corpus_tool.errors import CorpusToolError

DEFAULT_CONFIG = Path(__file__).parent / "data" / "pipeline.toml"

# name -> "module:Class"; modules are imported only when the component is used.
REGISTRY: dict[str, str] = {
    "language": "corpus_tool.components.language:LanguageGate",
    "repair": "corpus_tool.components.repair:OcrRepair",
    "stanza": "corpus_tool.components.stanza_analyser:StanzaAnalyser",
    "lemma_lexicon": "corpus_tool.components.lemma_lexicon:LexiconLemmatizer",
    "entities": "corpus_tool.components.entities:EntityExtractor",
    "themes": "corpus_tool.components.themes:ThemeTagger",
}


class Component(ABC):
    """One named stage.  It takes a batch of documents and returns them, changed in place."""

    name: str = "component"

    def __init__(self, **settings: Any):
        self.settings = settings

    @classmethod
    def is_available(cls) -> bool:
        """Whether what the component needs (libraries, models) is installed."""
        return True

    @abstractmethod
    def __call__(self, docs: list[AnalyzedDocument]) -> list[AnalyzedDocument]:
        ...


def component_class(name: str) -> type[Component]:
    try:
        module_name, class_name = REGISTRY[name].split(":")
    except KeyError:
        raise CorpusToolError(f"unknown pipeline component {name!r} (known: {', '.join(REGISTRY)})") from None
    return getattr(import_module(module_name), class_name)


def load_config(path: Path | None = None) -> dict[str, Any]:
    """The pipeline config: ``path``, else $CORPUS_TOOL_PIPELINE, else the bundled default."""
    path = path or Path(os.environ.get("CORPUS_TOOL_PIPELINE") or DEFAULT_CONFIG)
    try:
        with open(path, "rb") as handle:
            config = tomllib.load(handle)
    except FileNotFoundError:
        raise CorpusToolError(f"{path}: config file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise CorpusToolError(f"{path}: malformed config ({exc})") from None
    components = config.get("pipeline", {}).get("components")
    if not isinstance(components, list) or not all(isinstance(c, str) for c in components):
        raise CorpusToolError(f"{path}: [pipeline] components must be a list of component names")
    for name in components:
        component_class(name)  # fail early on unknown names
    return config


class Pipeline:
    """Runs the configured components, in order, over batches of documents."""

    def __init__(self, config: dict[str, Any], disable: Iterable[str] = (), overrides: dict | None = None):
        settings = config.get("components", {})
        overrides = overrides or {}
        self.components: list[Component] = []
        for name in config["pipeline"]["components"]:
            if name in disable:
                continue
            cls = component_class(name)
            if not cls.is_available():
                raise CorpusToolError(f"pipeline component {name!r} is not available: {cls.__doc__.splitlines()[0]}")
            self.components.append(cls(**{**settings.get(name, {}), **overrides.get(name, {})}))
        self.batch_size = int(config.get("pipeline", {}).get("batch_size", 16))

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.components]

    def __call__(self, docs: list[AnalyzedDocument]) -> list[AnalyzedDocument]:
        for component in self.components:
            docs = component(docs)
        return docs
