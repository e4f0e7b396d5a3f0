"""`corpus-tool analyze` end to end on real Finnish report text, with the bundled models."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from corpus_tool.cli import main
from corpus_tool.document import SCHEMA_VERSION


@pytest.fixture(scope="module")
def memo(seeds):
    return seeds / "000_539bfb3bd6b5c73c.txt"


@pytest.fixture(scope="module")
def memo_json(memo):
    result = CliRunner().invoke(main, ["analyze", str(memo)])
    assert result.exit_code == 0, result.output
    [doc] = json.loads(result.stdout)
    return doc


def test_json_has_the_documented_fields(memo_json, memo):
    assert memo_json["schema_version"] == SCHEMA_VERSION
    assert memo_json["id"] == memo.name
    assert memo_json["language"] == "fi"
    assert memo_json["repairs"] == []             # the memo is clean
    from corpus_tool.themes.taxonomy import load_taxonomy

    ids = load_taxonomy().ids
    assert memo_json["themes"] and all(set(t) == {"id", "label", "score"} and t["id"] in ids
                                       and 0 < t["score"] <= 1 for t in memo_json["themes"])
    token = memo_json["sentences"][0]["tokens"][0]
    assert set(token) == {"text", "lemma", "upos", "feats", "start", "end"}


def test_offsets_point_into_the_text(memo_json):
    text = memo_json["text"]
    tokens = [t for s in memo_json["sentences"] for t in s["tokens"]]
    assert len(tokens) > 2000
    assert all(text[t["start"]:t["end"]] == t["text"] for t in tokens)
    assert all(a["end"] <= b["start"] for a, b in zip(tokens, tokens[1:]))
    for sentence in memo_json["sentences"]:
        assert sentence["start"] == sentence["tokens"][0]["start"]
        assert sentence["end"] == sentence["tokens"][-1]["end"]
    assert memo_json["entities"]
    assert all(text[e["start"]:e["end"]] == e["text"] for e in memo_json["entities"])


def test_lemmas_tags_and_features_of_real_words(memo_json):
    by_form = {}
    for s in memo_json["sentences"]:
        for t in s["tokens"]:
            by_form.setdefault(t["text"], t)
    assert by_form["Kokouksen"]["lemma"] == "kokous"
    assert by_form["Kokouksen"]["upos"] == "NOUN"
    assert "Case=Gen" in by_form["Kokouksen"]["feats"]
    assert by_form["Puheenjohtaja"]["lemma"] == "puheenjohtaja"
    assert by_form["avasi"]["lemma"] == "avata" and by_form["avasi"]["upos"] == "VERB"
    assert by_form["Hyväksyttiin"]["lemma"] == "hyväksyä"
    # an inflected compound resolves to its whole base form
    assert by_form["sosiaalialan"]["lemma"] == "sosiaaliala"


def test_people_are_found_with_their_names_in_base_form(memo_json):
    people = {e["norm"] for e in memo_json["entities"] if e["type"] == "PERSON"}
    assert {"Arto Rautajoki", "Erkki Penttinen"} <= people


def test_jsonl_input_from_stdin_to_jsonl_output():
    records = [{"id": "a", "text": "Hankkeen ohjausryhmä kokoontui Oulussa 15.11.2022."},
               {"id": "b", "text": "Lasten ja perheiden osallisuutta vahvistettiin koulutuksilla."}]
    stdin = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    result = CliRunner().invoke(main, ["analyze", "-", "--input-format", "jsonl", "--format", "jsonl"], input=stdin)
    assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["id"] for d in docs] == ["a", "b"]
    lemmas = [t["lemma"] for t in docs[1]["sentences"][0]["tokens"]]
    assert "osallisuus" in lemmas and "perhe" in lemmas


def _check_conllu(text: str) -> list[list[list[str]]]:
    """Validate CoNLL-U structure; return sentences as rows of columns."""
    sentences, rows, comments = [], [], {}
    for line in text.split("\n"):
        if line.startswith("#"):
            key, _, value = line[2:].partition(" = ")
            comments[key] = value
        elif line == "":
            if rows:
                assert "sent_id" in comments and "text" in comments
                assert [r[0] for r in rows] == [str(i) for i in range(1, len(rows) + 1)]
                rebuilt = "".join(r[1] + ("" if "SpaceAfter=No" in r[9] else " ") for r in rows).strip()
                assert rebuilt.split() == comments["text"].split()
                sentences.append(rows)
            rows, comments = [], {k: v for k, v in comments.items() if k == "newdoc id"}
        else:
            cols = line.split("\t")
            assert len(cols) == 10 and all(cols), line
            rows.append(cols)
    return sentences


def test_conllu_output_is_valid(memo):
    result = CliRunner().invoke(main, ["analyze", str(memo), "--format", "conllu"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"# newdoc id = {memo.name}\n")
    sentences = _check_conllu(result.stdout)
    assert len(sentences) > 100
    assert any("SpaceAfter=No" in row[9] for s in sentences for row in s)
    assert {row[3] for s in sentences for row in s} >= {"NOUN", "VERB", "PROPN", "PUNCT", "NUM"}


def test_bad_inputs_are_reported_one_line_each_and_the_rest_analysed(tmp_path, memo):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "svenska.txt").write_text(
        "Socialvården och hälsovården ska samarbeta med kommunerna i Österbotten för att stödja "
        "familjer och barn. Det finlandssvenska kompetenscentret inom det sociala området deltar.")
    bad = [str(tmp_path / n) for n in ("empty.txt", "binary.txt", "missing.txt", "svenska.txt")]
    result = CliRunner().invoke(main, ["analyze", bad[0], bad[1], str(memo), bad[2], bad[3]])
    assert result.exit_code == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 4
    for name, reason in zip(bad, ("empty input", "binary data", "no such file", "Swedish")):
        assert any(name in line and reason in line for line in errors), (name, errors)
    docs = json.loads(result.stdout)
    assert [d["id"] for d in docs] == [memo.name]


def test_a_malformed_config_or_missing_models_stop_with_one_line(tmp_path, memo):
    config = tmp_path / "pipeline.toml"
    config.write_text("[pipeline\n")
    result = CliRunner().invoke(main, ["analyze", str(memo), "--config", str(config)])
    assert result.exit_code == 2 and "malformed config" in result.stderr and str(config) in result.stderr
    result = CliRunner().invoke(main, ["analyze", str(memo), "--models", str(tmp_path)])
    assert result.exit_code == 2 and "no resources.json" in result.stderr


def test_the_bundled_models_load_in_a_plain_stanza_pipeline():
    import stanza

    from corpus_tool import modelstore

    nlp = stanza.Pipeline("fi", dir=str(modelstore.bundled_dir()), download_method=None, logging_level="WARN")
    assert set(nlp.processors) == {"tokenize", "pos", "lemma", "ner"}
    doc = nlp("Perheet osallistuivat palveluiden kehittämiseen.")
    assert [w.lemma for w in doc.sentences[0].words][:2] == ["perhe", "osallistua"]


def test_ocr_damaged_text_is_repaired_before_analysis_with_provenance(seeds):
    scan = seeds / "001_c76f7bd6ce87fd18.txt"
    result = CliRunner().invoke(main, ["analyze", str(scan)])
    assert result.exit_code == 0, result.output
    [doc] = json.loads(result.stdout)
    original = scan.read_text(encoding="utf-8")
    assert len(doc["repairs"]) > 500
    for r in doc["repairs"]:
        assert doc["text"][r["start"]:r["end"]] == r["repaired"]
        assert original[r["original_start"]:r["original_end"]] == r["original"]
    lemmas = {t["lemma"] for s in doc["sentences"] for t in s["tokens"]}
    assert {"käytäntö", "päihde", "yhteistyö"} <= lemmas

    unrepaired = CliRunner().invoke(main, ["analyze", str(scan), "--no-repair"])
    [plain] = json.loads(unrepaired.stdout)
    assert plain["repairs"] == [] and plain["text"] == original


def test_no_themes_switches_the_stage_off(memo):
    result = CliRunner().invoke(main, ["analyze", str(memo), "--no-themes", "--no-repair"])
    assert result.exit_code == 0, result.output
    [doc] = json.loads(result.stdout)
    assert doc["themes"] == [] and doc["repairs"] == [] and doc["entities"]


def test_a_full_stop_after_a_symbol_or_bracket_is_a_token_of_its_own(analyze_text):
    text = "Omarahoitus on 20 %. Budjetti on 480 000 €. Katso liite (s. 4). Kokous pidettiin 5.3. klo 13."
    doc = analyze_text(text)
    tokens = [(t.text, t.start, t.end) for t in doc.tokens]
    for symbol in ("%", "€", ")"):
        at = text.index(symbol + ".")
        assert (symbol, at, at + 1) in tokens and (".", at + 1, at + 2) in tokens
    # abbreviations and dates keep their own full stops
    assert any(t == "s." for t, _, _ in tokens)
    assert all(text[start:end] == t for t, start, end in tokens)


def test_a_short_line_ended_by_its_writer_ends_a_sentence(analyze_text):
    # an attendee table as normalisation keeps it: one short line per row
    table = ("Osallistujat: Henkilökohtainen varajäsen:\nErkki Penttinen Matti Paloneva\n"
             "Hilkka Sundqvist Teemu Paavola\nPirjo Wadén Yvonne Holming\nPeter Granholm\nTuula Mulju siht.")
    doc = analyze_text(table)
    rows = table.split("\n")
    assert [table[s.start:s.end] for s in doc.sentences] == rows
    persons = [e.text for e in doc.entities if e.type == "PERSON"]
    assert {"Hilkka Sundqvist", "Teemu Paavola", "Yvonne Holming", "Peter Granholm"} <= set(persons)
    # a long line broken mid-sentence (text not normalised) stays one sentence
    wrapped = ("Hankkeen tavoitteena oli kehittää lastensuojelun avohuollon työmenetelmiä\n"
               "yhdessä perheiden ja kuntien työntekijöiden kanssa.")
    assert len(analyze_text(wrapped).sentences) == 1
