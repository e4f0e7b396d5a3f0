"""Extract text from report files: one small reader per format behind :class:`Reader`.

``read_document(path)`` picks the reader by file suffix.  Readers return the text
page by page (pages joined by form feeds in ``ExtractedText.text``) so that the
normaliser can find running headers and page numbers; they never clean the text.
"""
from __future__ import annotations

from importlib import import_module
from pathlib import Path

from corpus_tool.errors import InputError
from corpus_tool.extract.base import ExtractedText, Reader

# suffix -> "module:Class"; a reader's heavy library is imported only when it is used.
READERS: dict[str, str] = {
    ".txt": "corpus_tool.extract.text:TextReader",
    ".pdf": "corpus_tool.extract.pdf:PdfReader",
    ".docx": "corpus_tool.extract.docx:DocxReader",
    ".html": "corpus_tool.extract.html:HtmlReader",
    ".htm": "corpus_tool.extract.html:HtmlReader",
}


def supported_suffixes() -> list[str]:
    return sorted(READERS)


def reader_for(path: Path) -> Reader:
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise InputError(str(path), f"unknown format '{suffix or path.name}' (supported: {', '.join(supported_suffixes())})")
    module_name, class_name = READERS[suffix].split(":")
    reader_class = getattr(import_module(module_name), class_name)
    if not reader_class.is_available():
        raise InputError(str(path), f"cannot read {suffix} files: {reader_class.requirement}")
    return reader_class()


def read_document(path: Path) -> ExtractedText:
    """Text of one file, or an InputError naming it and saying why not."""
    if not path.exists():
        raise InputError(str(path), "no such file")
    if path.is_dir():
        raise InputError(str(path), "is a directory, not a file")
    if path.stat().st_size == 0:
        raise InputError(str(path), "empty file")
    extracted = reader_for(path).read(path)
    if not extracted.text.strip():
        raise InputError(str(path), "no text could be extracted")
    return extracted


__all__ = ["ExtractedText", "Reader", "READERS", "read_document", "reader_for", "supported_suffixes"]
