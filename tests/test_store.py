"""The corpus database: migrations, URLs, transactional replace, theme queries and charts."""
from __future__ import annotations

import pytest

from corpus_tool.document import AnalyzedDocument, Sentence, ThemeScore, Token
from corpus_tool.errors import CorpusToolError
from corpus_tool.metadata import DocumentMetadata
from corpus_tool.query import themes_by
from corpus_tool.store import default_url, open_store
from corpus_tool.store.store import DocumentRecord, PassageRecord


@pytest.fixture
def store(tmp_path):
    return open_store(f"sqlite:///{tmp_path / 'c.db'}")


def record(source: str, year: int, region: str, passages: list[tuple[str, list[str]]]) -> DocumentRecord:
    """A document whose passages carry the given theme ids (as the theme tagger would give)."""
    rows, offset = [], 0
    for idx, (text, themes) in enumerate(passages):
        words = text.split()
        tokens, pos = [], 0
        for w in words:
            start = text.index(w, pos)
            tokens.append(Token(w, start, start + len(w), lemma=w.lower(), upos="NOUN"))
            pos = start + len(w)
        analysis = AnalyzedDocument(id=f"{source}#{idx}", text=text,
                                    sentences=[Sentence(0, len(text), tokens)],
                                    themes=[ThemeScore(t, t, 0.9) for t in themes])
        rows.append(PassageRecord(idx, offset, offset + len(text), "paragraph", None, None, "fi", text, analysis))
        offset += len(text) + 2
    from corpus_tool.ingest import document_themes

    return DocumentRecord(source, f"hash-{source}-{year}", "txt", DocumentMetadata(year=year, region=region),
                          "fi", "raw", "\n\n".join(p[0] for p in passages), rows, document_themes=document_themes(rows))


def test_the_migrated_database_matches_the_schema(store):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from corpus_tool.store.schema import metadata

    with store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []


def test_database_url_from_environment_and_config_file(tmp_path, monkeypatch):
    monkeypatch.delenv("CORPUS_TOOL_DB", raising=False)
    monkeypatch.setenv("CORPUS_TOOL_CONFIG", str(tmp_path / "config.toml"))
    assert default_url() == "sqlite:///corpus.db"
    (tmp_path / "config.toml").write_text('db = "sqlite:////data/reports.db"\n')
    assert default_url() == "sqlite:////data/reports.db"
    monkeypatch.setenv("CORPUS_TOOL_DB", "postgresql://u@127.0.0.1/corpus")
    assert default_url() == "postgresql://u@127.0.0.1/corpus"
    monkeypatch.delenv("CORPUS_TOOL_DB")
    (tmp_path / "config.toml").write_text("db = \n")
    with pytest.raises(CorpusToolError, match="malformed config"):
        default_url()


def test_a_plain_file_path_is_an_sqlite_database(tmp_path):
    from corpus_tool.store import as_url

    path = tmp_path / "sub" / "reports.db"
    assert as_url(str(path)) == f"sqlite:///{path}"
    assert as_url("postgresql://u@127.0.0.1/corpus") == "postgresql://u@127.0.0.1/corpus"
    store = open_store(str(path))
    store.engine.dispose()
    assert path.exists()


def test_an_unreachable_server_is_one_clear_error():
    with pytest.raises(CorpusToolError, match="cannot open database postgresql"):
        open_store("postgresql://nobody@127.0.0.1:9/none?connect_timeout=2")


def test_a_failed_write_leaves_the_old_version_in_place(store):
    store.replace_document(record("a.txt", 2013, "Pohjanmaa", [("Osallisuus vahvistui kunnissa", ["osallisuus"])]))
    broken = record("a.txt", 2014, "Pohjanmaa", [("Uusi versio", [])])
    broken.passages[0].analysis.sentences[0].tokens[0].text = None   # violates NOT NULL mid-transaction
    with pytest.raises(Exception):
        store.replace_document(broken)
    status = store.status()
    assert status["documents"] == 1 and status["documents_by_year"] == {"2013": 1}
    assert status["tokens"] == 3


def test_theme_counts_and_shares_per_year_and_region(store):
    store.replace_document(record("a.txt", 2013, "Pohjanmaa", [
        ("Asiakkaiden osallisuus vahvistui", ["osallisuus"]), ("Kokous päättyi", [])]))
    store.replace_document(record("b.txt", 2013, "Lappi", [("Systeeminen työote lastensuojelussa",
                                                             ["systeeminen_tyo", "lastensuojelu"])]))
    store.replace_document(record("c.txt", 2020, "Lappi", [
        ("Osallisuus ja kokemusasiantuntijat", ["osallisuus"]), ("Lasten osallisuus", ["osallisuus"])]))
    rows = {(r["year"], r["theme"]): r for r in themes_by(store, "year")}
    assert rows[(2013, "osallisuus")] == {"year": 2013, "theme": "osallisuus", "documents": 1,
                                          "document_share": 0.5, "passages": 1, "passage_share": round(1 / 3, 4)}
    assert rows[(2020, "osallisuus")]["passages"] == 2 and rows[(2020, "osallisuus")]["document_share"] == 1.0
    by_region = themes_by(store, "region", theme="osallisuus")
    assert {(r["region"], r["documents"]) for r in by_region} == {("Pohjanmaa", 1), ("Lappi", 1)}


def test_theme_chart_is_written(store, tmp_path):
    from PIL import Image

    from corpus_tool.plot import themes_chart

    store.replace_document(record("a.txt", 2013, "Pohjanmaa", [("Osallisuus", ["osallisuus"])]))
    store.replace_document(record("b.txt", 2020, "Lappi", [("Systeeminen työ", ["systeeminen_tyo"])]))
    path = themes_chart(themes_by(store, "year"), "year", tmp_path / "themes.png")
    with Image.open(path) as image:
        assert image.size[0] >= 800 and image.size[1] >= 500
        colours = image.convert("RGB").getcolors(maxcolors=100000)
        assert len(colours) > 50   # axes, two coloured lines, labels: not a blank image
