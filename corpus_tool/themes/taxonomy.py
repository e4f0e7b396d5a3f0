"""The theme taxonomy: ids, Finnish and English labels, definitions, baseline keywords."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_TAXONOMY = Path(__file__).resolve().parent.parent / "data" / "themes.toml"


@dataclass(frozen=True)
class Theme:
    id: str
    label_fi: str
    label_en: str
    definition: str = ""
    keywords: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Taxonomy:
    themes: tuple[Theme, ...]
    source: str = ""

    @property
    def ids(self) -> list[str]:
        return [t.id for t in self.themes]

    def get(self, theme_id: str) -> Theme:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(theme_id)

    def to_dict(self) -> dict:
        return {"themes": [t.__dict__ | {"keywords": list(t.keywords)} for t in self.themes]}

    @classmethod
    def from_dict(cls, data: dict, source: str = "") -> "Taxonomy":
        themes = []
        for n, item in enumerate(data.get("themes", []), 1):
            if not isinstance(item, dict) or not item.get("id"):
                raise ValueError(f"{source}: theme {n} has no id")
            themes.append(Theme(str(item["id"]), str(item.get("label_fi", item["id"])),
                                str(item.get("label_en", item.get("label_fi", item["id"]))),
                                str(item.get("definition", "")), tuple(item.get("keywords", ()))))
        ids = [t.id for t in themes]
        if not themes or len(set(ids)) != len(ids):
            raise ValueError(f"{source}: a taxonomy needs [[themes]] with unique ids")
        return cls(tuple(themes), source)


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """The taxonomy in a TOML file (``[[themes]]`` tables with id, label_fi, label_en,
    definition, keywords); the bundled default without a path."""
    path = Path(path) if path else DEFAULT_TAXONOMY
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path}: not a readable taxonomy ({exc})") from exc
    return Taxonomy.from_dict(data, str(path))
