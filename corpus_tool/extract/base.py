"""The reader interface and what readers return."""
from __future__ import annotations

import importlib.util
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path

PAGE_BREAK = "\f"


@dataclass
class ExtractedText:
    source: str
    format: str                       # txt, pdf, docx, html
    pages: list[str]                  # one entry for formats without pages
    warnings: list[str] = field(default_factory=list)   # e.g. pages left without text
    ocr_pages: list[int] = field(default_factory=list)  # 1-based pages whose text came from OCR

    @property
    def text(self) -> str:
        return PAGE_BREAK.join(self.pages)


class Reader(ABC):
    """Reads one file format."""

    format: str = ""
    modules: tuple[str, ...] = ()      # Python modules the reader needs
    requirement: str = ""              # what to install when they are missing

    @classmethod
    def is_available(cls) -> bool:
        return all(importlib.util.find_spec(m) is not None for m in cls.modules)

    @abstractmethod
    def read(self, path: Path) -> ExtractedText:
        """Return the file's text, or raise InputError with the reason."""
