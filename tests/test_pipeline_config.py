"""Pipeline configuration: bad configs are one clear error naming the file."""
from __future__ import annotations

import pytest

from corpus_tool.errors import CorpusToolError
from corpus_tool.pipeline import REGISTRY, component_class, load_config


def test_default_config_names_registered_components():
    config = load_config()
    assert config["pipeline"]["components"][:3] == ["language", "repair", "stanza"]
    assert all(name in REGISTRY for name in config["pipeline"]["components"])


@pytest.mark.parametrize("content,reason", [
    ("[pipeline\ncomponents = [", "malformed config"),
    ("[pipeline]\ncomponents = 'stanza'", "must be a list"),
    ("[pipeline]\ncomponents = ['stanza', 'sentiment']", "unknown pipeline component 'sentiment'"),
])
def test_bad_config_is_one_error_naming_the_file(tmp_path, content, reason):
    path = tmp_path / "bad.toml"
    path.write_text(content)
    with pytest.raises(CorpusToolError) as info:
        load_config(path)
    assert str(path) in str(info.value) or "sentiment" in str(info.value)
    assert reason in str(info.value)


def test_missing_config_file(tmp_path):
    with pytest.raises(CorpusToolError, match="not found"):
        load_config(tmp_path / "none.toml")


def test_components_are_imported_lazily_by_name():
    cls = component_class("language")
    assert cls.name == "language" and cls.is_available()
