"""Shared fixtures.  Tests read the real reports and data in ../shared (CI always has it)."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared sits beside the project in CI)")
    return path


@pytest.fixture(scope="session")
def seeds() -> Path:
    return shared_path("seeds")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    return shared_path("data")


@pytest.fixture(scope="session")
def pipeline():
    """The default analysis pipeline with the bundled models, built once per test run."""
    from corpus_tool.analyze import build_pipeline

    return build_pipeline()


@pytest.fixture(scope="session")
def analyze_text(pipeline):
    from corpus_tool.document import AnalyzedDocument

    def run(text: str, doc_id: str = "t"):
        return pipeline([AnalyzedDocument(id=doc_id, text=text)])[0]

    return run
