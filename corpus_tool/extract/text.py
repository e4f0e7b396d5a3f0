"""Plain-text reports (UTF-8, or cp1252/latin-1 from older office software)."""
from __future__ import annotations

from pathlib import Path

from corpus_tool.extract.base import PAGE_BREAK, ExtractedText, Reader
from corpus_tool.inputs import decode_text


class TextReader(Reader):
    format = "txt"

    def read(self, path: Path) -> ExtractedText:
        text = decode_text(path.read_bytes(), str(path))
        # Text exported from PDFs may keep form feeds between pages.
        return ExtractedText(str(path), self.format, text.split(PAGE_BREAK))
