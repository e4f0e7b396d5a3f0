"""`models fetch` downloads official-style Stanza models from a mirror on 127.0.0.1."""
from __future__ import annotations

import functools
import hashlib
import http.server
import json
import threading

import pytest
from click.testing import CliRunner

from corpus_tool import modelstore
from corpus_tool.cli import main
from corpus_tool.errors import CorpusToolError

VERSION = "1.15.0"


@pytest.fixture
def mirror(tmp_path, monkeypatch):
    """A resources.json and small model files served over HTTP on loopback, laid out like
    Stanza's official model repository (default packages, a pretrain dependency, md5 sums)."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    root = tmp_path / "mirror"
    files = {
        "tokenize/tdt.pt": b"tokenizer weights",
        "pos/tdt_charlm.pt": b"tagger weights",
        "lemma/tdt_nocharlm.pt": b"lemmatizer weights",
        "ner/turku.pt": b"ner weights",
        "pretrain/conll17.pt": b"word vectors",
    }
    for name, content in files.items():
        (root / "models" / "fi" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "models" / "fi" / name).write_bytes(content)

    def entry(name, deps=None):
        out = {"md5": hashlib.md5(files[name]).hexdigest()}
        if deps:
            out["dependencies"] = deps
        return out

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root)))
    port = server.server_address[1]
    resources = {
        "url": f"http://127.0.0.1:{port}/models/{{lang}}/{{filename}}",
        "fi": {
            "lang_name": "Finnish",
            "tokenize": {"tdt": entry("tokenize/tdt.pt")},
            "pos": {"tdt_charlm": entry("pos/tdt_charlm.pt", [{"model": "pretrain", "package": "conll17"}])},
            "lemma": {"tdt_nocharlm": entry("lemma/tdt_nocharlm.pt")},
            "ner": {"turku": entry("ner/turku.pt")},
            "pretrain": {"conll17": entry("pretrain/conll17.pt")},
            "packages": {"default": {"tokenize": "tdt", "pos": "tdt_charlm", "lemma": "tdt_nocharlm", "ner": "turku"}},
            "default_processors": {"tokenize": "tdt", "pos": "tdt_charlm", "lemma": "tdt_nocharlm", "ner": "turku"},
        },
    }
    (root / f"resources_{VERSION}.json").write_text(json.dumps(resources))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{port}", "root": root, "files": files}
    server.shutdown()


def test_fetch_downloads_models_and_dependencies_with_checksums(mirror, tmp_path):
    target = tmp_path / "official"
    modelstore.fetch_official(target, resources_url=mirror["url"], resources_version=VERSION)
    assert (target / "resources.json").exists()
    for name, content in mirror["files"].items():
        assert (target / "fi" / name).read_bytes() == content
    assert modelstore.resolve(str(target)) == target


def test_fetch_rejects_a_file_whose_checksum_does_not_match(mirror, tmp_path):
    (mirror["root"] / "models" / "fi" / "ner" / "turku.pt").write_bytes(b"tampered")
    with pytest.raises(CorpusToolError, match="md5"):
        modelstore.fetch_official(tmp_path / "official", resources_url=mirror["url"], resources_version=VERSION)


def test_fetch_command_then_official_models_resolve(mirror, tmp_path, monkeypatch):
    monkeypatch.setenv("CORPUS_TOOL_HOME", str(tmp_path / "home"))
    with pytest.raises(CorpusToolError, match="models fetch"):
        modelstore.resolve("official")
    result = CliRunner().invoke(main, ["models", "fetch", "--resources-url", mirror["url"],
                                       "--resources-version", VERSION])
    assert result.exit_code == 0, result.output
    assert modelstore.resolve("official") == tmp_path / "home" / "stanza-official"


def test_fetch_from_an_unreachable_server_is_one_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["models", "fetch", "--dir", str(tmp_path / "x"),
                                       "--resources-url", "http://127.0.0.1:9", "--resources-version", VERSION])
    assert result.exit_code == 2
    assert "fetching official models from http://127.0.0.1:9 failed" in result.output
