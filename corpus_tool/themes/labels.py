"""Labelled passages: JSONL records that point at passages of reports by file and offsets.

A record: ``{"source": "000_....txt", "start": 120, "end": 480, "sha1": "…",
"themes": ["osallisuus"], ...}``.  Offsets index the report's text as ``normalise``
makes it (before OCR repair); ``sha1`` (first 12 hex digits of the passage text's SHA-1)
catches a report or normaliser that changed since labelling.  The reports themselves
stay where they are (``../shared/seeds``); only the labels live in ``corpus/labels/``.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class LabelledPassage:
    source: str
    start: int
    end: int
    sha1: str
    themes: list[str]
    extra: dict = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({"source": self.source, "start": self.start, "end": self.end, "sha1": self.sha1,
                           "themes": sorted(self.themes), **self.extra}, ensure_ascii=False)


def passage_sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def read_labels(paths: list[Path] | Path) -> list[LabelledPassage]:
    """All records of one JSONL file or of every ``*.jsonl`` in a folder.  A later record
    for the same passage replaces an earlier one (re-labelling)."""
    paths = [paths] if isinstance(paths, Path) else list(paths)
    files = [f for p in paths for f in (sorted(p.glob("*.jsonl")) if p.is_dir() else [p])]
    by_key: dict[tuple[str, int, int], LabelledPassage] = {}
    for file in files:
        for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                record = LabelledPassage(item.pop("source"), int(item.pop("start")), int(item.pop("end")),
                                         item.pop("sha1"), list(item.pop("themes")), item)
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{file}:{n}: not a label record ({exc})") from exc
            by_key[(record.source, record.start, record.end)] = record
    return list(by_key.values())


def append_label(path: Path, record: LabelledPassage) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as out:
        out.write(record.to_json() + "\n")


def labels_hash(records: list[LabelledPassage]) -> str:
    """A fingerprint of the training data (stored with the model)."""
    digest = hashlib.sha256()
    for r in sorted(records, key=lambda r: (r.source, r.start)):
        digest.update(f"{r.source}\t{r.start}\t{r.end}\t{r.sha1}\t{','.join(sorted(r.themes))}\n".encode())
    return digest.hexdigest()
