"""The trained theme model on disk: ``model.joblib`` and ``metadata.json`` side by side.

The metadata says what the model is (``classifier`` or ``keyword_baseline``), the
taxonomy it tags, a hash of its training labels, its cross-validated metrics, and the
library versions it was trained with (a pickle is only safe to load with the same ones).
"""
from __future__ import annotations

import json
import platform
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from corpus_tool.themes.taxonomy import Taxonomy

DEFAULT_DIR = Path(__file__).resolve().parent.parent.parent / "models" / "themes"


@dataclass
class ThemeModel:
    estimator: object
    taxonomy: Taxonomy
    metadata: dict

    def scores(self, texts: list[str]):
        return self.estimator.predict_proba(texts)

    def thresholds(self) -> list[float]:
        return list(getattr(self.estimator, "thresholds", None) or [0.5] * len(self.taxonomy.ids))


def library_versions() -> dict:
    import numpy
    import scipy
    import sklearn

    from corpus_tool import __version__

    return {"corpus-tool": __version__, "scikit-learn": sklearn.__version__, "numpy": numpy.__version__,
            "scipy": scipy.__version__, "python": platform.python_version()}


def save(model: ThemeModel, directory: Path) -> None:
    import joblib

    directory.mkdir(parents=True, exist_ok=True)
    joblib.dump(model.estimator, directory / "model.joblib", compress=3)
    meta = dict(model.metadata, taxonomy=model.taxonomy.to_dict(), libraries=library_versions(),
                created=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    (directory / "metadata.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def load(directory: Path | None = None) -> ThemeModel:
    import joblib

    directory = Path(directory) if directory else DEFAULT_DIR
    meta_file, model_file = directory / "metadata.json", directory / "model.joblib"
    if not meta_file.exists() or not model_file.exists():
        raise FileNotFoundError(f"{directory}: no theme model (run `corpus-tool themes train`)")
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    taxonomy = Taxonomy.from_dict(meta["taxonomy"], str(meta_file))
    return ThemeModel(joblib.load(model_file), taxonomy, meta)
