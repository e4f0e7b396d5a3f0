"""OCR repair before analysis: damaged words restored, every change recorded."""
from __future__ import annotations

from corpus_tool.document import AnalyzedDocument
from corpus_tool.pipeline import Component


class OcrRepair(Component):
    """Restores ä/ö/l lost by OCR (needs the wordfreq package; Voikko improves it)."""

    name = "repair"

    def __init__(self, **settings):
        super().__init__(**settings)
        from corpus_tool.repair import Lexicon

        self.lexicon = Lexicon.default()

    def __call__(self, docs: list[AnalyzedDocument]) -> list[AnalyzedDocument]:
        from corpus_tool.repair import repair_text

        for doc in docs:
            if "error" in doc.meta:
                continue
            # ingest knows whether the whole document is damaged; a lone text decides for itself
            repaired, repairs = repair_text(doc.text, self.lexicon, document_damaged=doc.meta.get("damaged"))
            if repairs:
                doc.original_text = doc.text
                doc.text = repaired
                doc.repairs = repairs
        return docs
