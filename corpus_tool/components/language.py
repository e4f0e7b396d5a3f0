"""Language gate: records each document's language and refuses what the Finnish models cannot read."""
from __future__ import annotations

from corpus_tool.document import AnalyzedDocument
from corpus_tool.language import detect_language, not_finnish
from corpus_tool.pipeline import Component


class LanguageGate(Component):
    """Detects fi/sv/en per document; marks refused documents with an error."""

    name = "language"

    def __call__(self, docs: list[AnalyzedDocument]) -> list[AnalyzedDocument]:
        refuse = set(self.settings.get("refuse", ["sv", "en"]))
        for doc in docs:
            detected = detect_language(doc.text)
            # Too little evidence: the tool is for Finnish text, so analyse it as Finnish.
            doc.language = "fi" if detected == "und" else detected
            if doc.language in refuse:
                doc.meta["error"] = not_finnish(doc.language)
        return docs
