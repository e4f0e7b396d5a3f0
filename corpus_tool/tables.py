"""Render query rows as an aligned table, CSV, JSON or JSONL."""
from __future__ import annotations

import csv
import json
from typing import IO, Iterable

FORMATS = ("table", "csv", "json")


def _cell(value, width: int | None = None) -> str:
    text = "" if value is None else " ".join(str(value).split())
    if width and len(text) > width:
        text = text[:width - 1] + "…"
    return text


def write_rows(rows: Iterable[dict], fmt: str, out: IO[str], max_width: int = 60,
               columns: list[str] | None = None) -> None:
    """``columns`` names the fields when there may be no rows (a CSV still gets its header)."""
    rows = list(rows) if fmt in ("table", "json") else rows
    if fmt == "json":
        json.dump(rows, out, ensure_ascii=False, indent=2, default=str)
        out.write("\n")
    elif fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    elif fmt == "csv":
        writer = None
        if columns:
            writer = csv.DictWriter(out, fieldnames=columns)
            writer.writeheader()
        for row in rows:
            if writer is None:
                writer = csv.DictWriter(out, fieldnames=list(row))
                writer.writeheader()
            writer.writerow({k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()})
    elif fmt == "table":
        if not rows:
            out.write("(no rows)\n")
            return
        columns = list(rows[0])
        cells = [[_cell(r.get(c), max_width) for c in columns] for r in rows]
        widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
        out.write("  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip() + "\n")
        out.write("  ".join("-" * w for w in widths) + "\n")
        for row in cells:
            out.write("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() + "\n")
    else:
        raise ValueError(fmt)
