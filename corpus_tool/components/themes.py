"""Theme tags on analysed passages, from the trained model in ``models/themes``."""
from __future__ import annotations

from pathlib import Path

from corpus_tool.document import AnalyzedDocument, ThemeScore
from corpus_tool.pipeline import Component


class ThemeTagger(Component):
    """Adds ``themes`` (id, label, score) for every theme whose score reaches its threshold.

    Settings: ``model`` — a directory holding ``model.joblib`` + ``metadata.json``
    (default: the bundled ``models/themes``)."""

    name = "themes"

    @classmethod
    def is_available(cls) -> bool:
        from corpus_tool.themes.model import DEFAULT_DIR

        return (DEFAULT_DIR / "model.joblib").exists()

    def __init__(self, **settings):
        super().__init__(**settings)
        from corpus_tool.themes.model import load

        self.model = load(Path(settings["model"]) if settings.get("model") else None)

    def __call__(self, docs: list[AnalyzedDocument]) -> list[AnalyzedDocument]:
        from corpus_tool.themes.features import lemma_text

        if not docs:
            return docs
        texts = [lemma_text(doc) for doc in docs]
        scores = self.model.scores(texts)
        thresholds = self.model.thresholds()
        themes = self.model.taxonomy.themes
        for doc, row, text in zip(docs, scores, texts):
            doc.themes = [ThemeScore(theme.id, theme.label_fi, round(float(score), 4))
                          for theme, score, limit in zip(themes, row, thresholds)
                          if text and score >= limit]
            doc.themes.sort(key=lambda t: -t.score)
        return docs
