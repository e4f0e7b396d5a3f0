"""Ingest the real seed reports into SQLite and PostgreSQL, then query them."""
from __future__ import annotations

import json
import os
import shutil

import pytest
from click.testing import CliRunner

from corpus_tool.cli import main

SWEDISH = ("Socialvården och hälsovården ska samarbeta med kommunerna i Österbotten för att stödja familjer "
           "och barn. Kompetenscentret inom det sociala området deltar i arbetet under hela perioden.")


def databases():
    yield pytest.param("sqlite", id="sqlite")
    yield pytest.param("postgresql", id="postgresql", marks=pytest.mark.skipif(
        not os.environ.get("CORPUS_TOOL_TEST_POSTGRES"),
        reason="no PostgreSQL server (make test starts one on 127.0.0.1 through scripts/with-postgres.sh)"))


def fresh_database_url(kind: str, tmp_path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'corpus.db'}"
    from sqlalchemy import create_engine, text

    base = os.environ["CORPUS_TOOL_TEST_POSTGRES"]
    name = f"corpus_test_{os.getpid()}_{abs(hash(str(tmp_path))) % 10**8}"
    engine = create_engine(base.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return base.rsplit("/", 1)[0] + "/" + name


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module", params=list(databases()))
def corpus(request, seeds, tmp_path_factory):
    """The five seeds, a bilingual report and six bad files (one wholly Swedish), ingested once per database."""
    tmp = tmp_path_factory.mktemp(request.param)
    folder = tmp / "reports"
    folder.mkdir()
    for path in seeds.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    finnish = (seeds / "000_539bfb3bd6b5c73c.txt").read_text(encoding="utf-8")[2000:4000]
    # 000 is laid out with a blank line after every line; its paragraphs end with a longer gap
    (folder / "kaksikielinen.txt").write_text(finnish + "\n \n\n \n\n" + SWEDISH + "\n", encoding="utf-8")
    (folder / "svenska.txt").write_text(SWEDISH + "\n\n" + SWEDISH.replace("familjer", "unga") + "\n", encoding="utf-8")
    (folder / "tyhja.txt").write_text("")
    (folder / "binaari.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "rikki.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage")
    (folder / "salattu.pdf").write_bytes(_encrypted_pdf(tmp))
    (folder / "kuva.bmp").write_bytes(b"BM" + bytes(100))
    url = fresh_database_url(request.param, tmp)
    result = run("ingest", folder, "--db", url)
    return {"url": url, "folder": folder, "result": result}


def _encrypted_pdf(tmp):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="o", user_password="salasana")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "Luottamuksellinen muistio")
    pdf.output(str(tmp / "enc.pdf"))
    return (tmp / "enc.pdf").read_bytes()


def query_json(corpus, *args):
    result = run("query", *args, "--format", "json", "--db", corpus["url"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_bad_files_get_one_line_each_and_the_batch_goes_on(corpus):
    result = corpus["result"]
    assert result.exit_code == 1
    errors = [l for l in result.stderr.splitlines() if l.startswith("corpus-tool: ")]
    expected = {"tyhja.txt": "empty file", "binaari.txt": "binary data", "rikki.pdf": "corrupt PDF",
                "salattu.pdf": "encrypted PDF", "kuva.bmp": "unknown format",
                "svenska.txt": "text is Swedish (sv), not Finnish"}
    assert len(errors) == len(expected)
    for name, reason in expected.items():
        assert any(name in line and reason in line for line in errors), (name, errors)
    assert "ingested 6, skipped 0 unchanged, 1 unsupported, failed 5" in result.stderr


def test_years_and_document_types(corpus):
    docs = {d["source"].rsplit("/", 1)[-1][:3]: d for d in query_json(corpus, "docs")}
    assert {k: (docs[k]["year"], docs[k]["doc_type"]) for k in ("000", "001", "002", "003", "004")} == {
        "000": (2012, "memo"), "001": (2022, "report"), "002": (2005, "web"), "003": (2013, "plan"),
        "004": (2020, "memo")}
    # the OCR-damaged report's title is read after its ä and ö are restored
    assert docs["001"]["title"] == "LASTENSUOJELUN KEHITTÄMINEN POHJOIS-SUOMESSA 20-22"
    for doc in docs.values():
        assert {"id", "source", "title", "year", "date", "doc_type", "region", "organisation", "language"} <= set(doc)


def _exported(corpus, what):
    result = run("export", what, "--db", corpus["url"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_texts_are_cleaned_and_the_raw_text_kept(corpus):
    docs = {d["source"].rsplit("/", 1)[-1][:3]: d for d in _exported(corpus, "documents")}
    web = docs["002"]
    assert "Koko: px" in web["raw_text"] and "Koko: px" not in web["normalised_text"]
    assert "Transkriptio" not in web["normalised_text"] and "Lisätiedot" not in web["normalised_text"]
    assert "\n3 2 Arja Meltaus" in web["raw_text"] and "3 2 Arja Meltaus" not in web["normalised_text"]
    assert "osaamiskeskusten yhteistyöstä" in docs["000"]["normalised_text"]


def test_passages_have_languages_and_sections(corpus):
    passages = _exported(corpus, "passages")
    swedish = [p for p in passages if p["language"] == "sv"]
    assert [p["source"].rsplit("/", 1)[-1] for p in swedish] == ["kaksikielinen.txt"]
    assert swedish[0]["text"].startswith("Socialvården och hälsovården")
    opening = next(p for p in passages if "Puheenjohtaja avasi kokouksen" in p["text"])
    assert opening["section"] == "1§ Kokouksen avaus ja läsnäolijat"


def test_swedish_passages_are_stored_but_not_analysed(corpus):
    from sqlalchemy import func, select

    from corpus_tool.store import open_store, schema as t

    store = open_store(corpus["url"])
    with store.engine.connect() as conn:
        sv_tokens = conn.execute(select(func.count()).select_from(
            t.tokens.join(t.passages, t.tokens.c.passage_id == t.passages.c.id))
            .where(t.passages.c.language == "sv")).scalar()
    assert sv_tokens == 0


def test_kwic_finds_inflected_forms_through_lemmas(corpus):
    rows = query_json(corpus, "kwic", "osallisuus", "--window", "3")
    forms = {r["keyword"].lower() for r in rows}
    assert len(forms) >= 2 and all(f.startswith("osallisuu") for f in forms)
    years = query_json(corpus, "kwic", "osallisuus", "--year", "2020-2022")
    assert years and all(2020 <= r["year"] <= 2022 for r in years)
    assert all(r["left"] or r["right"] for r in rows)


def test_entities_query(corpus):
    people = query_json(corpus, "entities", "--type", "PERSON", "--top", "50")
    assert all(p["type"] == "PERSON" for p in people)
    names = {p["name"] for p in people}
    assert "Arto Rautajoki" in names
    top = people[0]
    assert top["mentions"] >= top["documents"] >= 1 and top["first_year"] <= top["last_year"]


def test_second_run_skips_everything_and_a_changed_file_is_replaced(corpus):
    again = run("ingest", corpus["folder"], "--db", corpus["url"])
    assert "ingested 0, skipped 6 unchanged" in again.stderr
    target = corpus["folder"] / "kaksikielinen.txt"
    target.write_text(target.read_text(encoding="utf-8") + "\nLisäksi päätettiin järjestää seminaari.\n",
                      encoding="utf-8")
    changed = run("ingest", target, "--db", corpus["url"])
    assert changed.exit_code == 0 and "ingested 1" in changed.stderr
    docs = query_json(corpus, "docs")
    assert len(docs) == 6
    exported = [d for d in _exported(corpus, "documents") if d["source"].endswith("kaksikielinen.txt")]
    assert len(exported) == 1 and "järjestää seminaari" in exported[0]["normalised_text"]


def test_status_and_export_formats(corpus):
    result = run("status", "--format", "json", "--db", corpus["url"])
    info = json.loads(result.stdout)
    assert info["documents"] == 6 and info["tokens"] > 20000
    csv_out = run("export", "entities", "--format", "csv", "--db", corpus["url"]).stdout
    header = csv_out.splitlines()[0].split(",")
    assert header[:7] == ["id", "document_id", "source", "year", "passage_id", "type", "text"]
    assert {"norm", "value", "currency", "role", "canonical_id", "canonical_name", "schema_version"} <= set(header)


def test_entities_are_exported_with_values_and_linked_across_documents(corpus):
    mentions = _exported(corpus, "entities")
    money = [m for m in mentions if m["type"] == "MONEY" and m["source"].endswith("000_539bfb3bd6b5c73c.txt")]
    assert {(m["text"], m["value"], m["currency"]) for m in money} >= {("300 000 €", 300000, "EUR"),
                                                                        ("17 100e", 17100, "EUR")}
    canonical = _exported(corpus, "canonical")
    # SONet BOTNIA is written in several ways across 000, 003 and 004: one entity
    botnia = [c for c in canonical if c["name"] == "SONet BOTNIA"]
    assert len(botnia) == 1 and botnia[0]["documents"] >= 3 and botnia[0]["mentions"] > 10
    assert botnia[0]["first_year"] < botnia[0]["last_year"]
    # an abbreviation and the full name meet in one canonical entity (the alias table)
    thl = [c for c in canonical if c["name"] == "Terveyden ja hyvinvoinnin laitos"]
    assert len(thl) == 1 and "THL" in thl[0]["aliases"]
    linked = [m for m in mentions if m["canonical_id"] == botnia[0]["id"]]
    assert len(linked) == botnia[0]["mentions"] and all(m["canonical_name"] == "SONet BOTNIA" for m in linked)


def test_docbin_export_loads_in_spacy(corpus, tmp_path):
    import spacy
    from spacy.tokens import DocBin

    from corpus_tool.docbin import register_extensions

    out = tmp_path / "corpus.spacy"
    result = run("export", "docs", "--format", "docbin", "-o", out, "--db", corpus["url"])
    assert result.exit_code == 0, result.output
    register_extensions()
    docs = list(DocBin().from_disk(out).get_docs(spacy.blank("fi").vocab))
    memo = next(d for d in docs if d._.source.endswith("000_539bfb3bd6b5c73c.txt"))
    assert memo._.year == 2012 and len(list(memo.sents)) > 20
    assert any(t.lemma_ == "kokous" and t.pos_ == "NOUN" and t.morph.get("Case") for t in memo)
    money = [s for s in memo.spans["entities"] if s.label_ == "MONEY"]
    assert any(s._.value == 17100 and s._.currency == "EUR" for s in money)
    assert {e.label_ for e in memo.ents} >= {"PERSON", "ORG", "DATE"}


def test_entity_exports_load_into_pandas_without_cleaning(corpus, tmp_path):
    import pandas as pd

    for fmt in ("csv", "jsonl"):
        out = tmp_path / f"entities.{fmt}"
        result = run("export", "entities", "--format", fmt, "-o", out, "--db", corpus["url"])
        assert result.exit_code == 0, result.output
        frame = pd.read_csv(out) if fmt == "csv" else pd.read_json(out, lines=True)
        assert len(frame) > 300 and frame["id"].is_unique
        assert pd.api.types.is_integer_dtype(frame["start"]) and pd.api.types.is_integer_dtype(frame["end"])
        assert (frame["end"] > frame["start"]).all()
        money = frame[frame["type"] == "MONEY"]
        assert pd.api.types.is_numeric_dtype(money["value"]) and (money["currency"] == "EUR").all()
        assert set(frame["schema_version"].astype(str)) == {"1.0"}
        # every person, organisation, date and amount has its normalised value
        core = frame[frame["type"].isin(["PERSON", "ORG", "DATE", "MONEY"])]
        assert core["norm"].notna().all(), core[core["norm"].isna()][["type", "text"]]
