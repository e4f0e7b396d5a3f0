"""Read the texts that ``corpus-tool analyze`` is given: plain-text files, stdin, JSONL.

Each problem is an :class:`InputError` naming the input and the reason, yielded in
place of that text so that the caller reports it and goes on with the rest.
"""
from __future__ import annotations

import json
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from corpus_tool.errors import InputError

# Share of control characters above which a "text" is taken to be binary data.
_BINARY_CONTROL_SHARE = 0.05


@dataclass
class TextInput:
    id: str
    text: str
    source: str = ""     # the input as named on the command line (file path, <stdin>, FILE:LINE)


def decode_text(raw: bytes, source: str, normalise: bool = True) -> str:
    """Bytes -> text: UTF-8 (with or without BOM), else cp1252/latin-1, which older
    Finnish office documents use.  Binary data and empty inputs are errors.  The text
    is Unicode NFC unless ``normalise`` is false (then it is exactly as decoded)."""
    if not raw.strip():
        raise InputError(source, "empty input")
    if b"\x00" in raw[:4096]:
        raise InputError(source, "binary data, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
        if text.count("\ufffd") > len(text) * 0.01:
            text = raw.decode("latin-1")
    controls = sum(1 for ch in text[:20000] if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls > _BINARY_CONTROL_SHARE * min(len(text), 20000):
        raise InputError(source, "binary data, not text")
    return unicodedata.normalize("NFC", text) if normalise else text


def _read_bytes(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    path = Path(name)
    if not path.exists():
        raise InputError(name, "no such file")
    if path.is_dir():
        raise InputError(name, "is a directory, not a file")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(name, exc.strerror or str(exc)) from exc


def _jsonl_records(raw: bytes, source: str) -> Iterator[TextInput | InputError]:
    text = decode_text(raw, source)
    for line_no, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{line_no}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"invalid JSON ({exc.msg})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield InputError(where, 'expected an object with a string "text"')
            continue
        if not record["text"].strip():
            yield InputError(where, "empty text")
            continue
        doc_id = str(record.get("id", where))
        yield TextInput(doc_id, unicodedata.normalize("NFC", record["text"]), where)


def read_inputs(names: list[str], input_format: str = "text",
                keep_whitespace: bool = False) -> Iterator[TextInput | InputError]:
    """Yield one TextInput per text, or an InputError where an input cannot be read.
    ``keep_whitespace`` returns plain text exactly as decoded (no NFC), for commands
    that must give the input back unchanged apart from their edits."""
    for name in names:
        source = "<stdin>" if name == "-" else name
        try:
            raw = _read_bytes(name)
            if input_format == "jsonl":
                yield from _jsonl_records(raw, source)
            else:
                doc_id = "stdin" if name == "-" else Path(name).name
                yield TextInput(doc_id, decode_text(raw, source, normalise=not keep_whitespace), source)
        except InputError as exc:
            yield exc
