"""Theme tagging: taxonomy, labels, classifier training and thresholds, the labelling command."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from corpus_tool.cli import main
from corpus_tool.themes.classifier import KeywordBaseline, ThemeClassifier, choose_thresholds, grouped_folds
from corpus_tool.themes.labels import passage_sha1, read_labels
from corpus_tool.themes.taxonomy import load_taxonomy
from corpus_tool.themes.training import analyse_labelled, cross_validate

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "corpus" / "labels"


def test_the_default_taxonomy_is_the_spec(shared_data):
    taxonomy = load_taxonomy()
    spec = (shared_data.parent / "spec" / "themes.md").read_text(encoding="utf-8")
    assert len(taxonomy.ids) == 17
    assert all(f"| {t.id} | {t.label_fi} | {t.label_en} |" in spec for t in taxonomy.themes)
    assert taxonomy.get("osallisuus").keywords


def test_a_malformed_taxonomy_is_one_clear_error(tmp_path):
    bad = tmp_path / "themes.toml"
    bad.write_text("[[themes]]\nlabel_fi = 'ilman tunnistetta'\n", encoding="utf-8")
    with pytest.raises(ValueError, match="has no id"):
        load_taxonomy(bad)
    result = CliRunner().invoke(main, ["themes", "evaluate", "--taxonomy", str(bad)])
    assert result.exit_code == 2 and "has no id" in result.stderr and len(result.stderr.splitlines()) == 1


def test_labels_cover_all_seeds_and_were_checked_twice():
    records = read_labels(LABELS)
    seeds = [r for r in records if r.source[:3].isdigit()]
    assert len(seeds) >= 600 and {r.source[:3] for r in seeds} == {"000", "001", "002", "003", "004"}
    assert all("second_check" in r.extra["annotation"] for r in records)


@pytest.fixture(scope="module")
def small_set(pipeline, seeds):
    """The labelled passages of two short reports (003, 004), analysed as ingest does."""
    from corpus_tool.ingest import Ingester

    records = [r for r in read_labels(LABELS) if r.source[:3] in ("003", "004")]
    return analyse_labelled(records, seeds, Ingester(None, lambda: pipeline), load_taxonomy())


def test_training_on_a_small_labelled_set(small_set):
    taxonomy = load_taxonomy()
    assert small_set.Y.shape == (len(small_set.texts), 17) and len(set(small_set.groups)) == 2
    # lemmas, not word forms: "lastensuojelun" is read as "lastensuojelu"
    assert any("lastensuojelu" in t.split() for t in small_set.texts)
    report = cross_validate(small_set, taxonomy)
    assert report["folds"] == 2 and report["passages"] == len(small_set.texts)
    for model in ("classifier", "keyword_baseline"):
        micro = report[model]["micro"]
        assert 0 < micro["f1"] <= 1 and micro["support"] == int(small_set.Y.sum())
    model = ThemeClassifier(keywords=[list(t.keywords) for t in taxonomy.themes]).fit(small_set.texts, small_set.Y)
    proba = model.predict_proba(["lastensuojelu sijaishuolto avohuolto lapsi perhe", "kokous avata klo"])
    j = taxonomy.ids.index("lastensuojelu")
    assert proba[0, j] > 0.5 > proba[1, j]


def test_the_keyword_gate_keeps_the_classifier_to_passages_with_keywords(small_set):
    taxonomy = load_taxonomy()
    keywords = [list(t.keywords) for t in taxonomy.themes]
    j = taxonomy.ids.index("lastensuojelu")
    # a passage about foster care that never says any of the theme's keywords
    texts = ["lastensuojelu sijaishuolto avohuolto lapsi perhe", "sijoitettu nuori asua perhekoti"]
    assert keywords[j] and not any(k in texts[1] for k in keywords[j])
    free = ThemeClassifier(keywords=keywords).fit(small_set.texts, small_set.Y).predict_proba(texts)
    gated = ThemeClassifier(keywords=keywords, keyword_gate=0.0).fit(small_set.texts, small_set.Y).predict_proba(texts)
    assert gated[0, j] == pytest.approx(free[0, j])       # keywords present: the classifier's score
    assert free[1, j] > 0 and gated[1, j] == 0.0          # none present: no score for the theme


def test_thresholds_are_chosen_per_theme_by_grouped_cross_validation():
    texts = ["asiakasraati kuulla asiakas osallisuus"] * 6 + ["budjetti hanke rahoitus"] * 6 + ["kokous avata"] * 6
    Y = np.array([[1, 0]] * 6 + [[0, 1]] * 6 + [[0, 0]] * 6)
    groups = ["a", "b", "c"] * 6

    class Scores(KeywordBaseline):
        # a theme the model scores low (0.3) but reliably: its threshold must come down
        def predict_proba(self, X):
            return np.array([[0.3 if "osallisuus" in x else 0.05, 0.9 if "hanke" in x else 0.2] for x in X])

    thresholds = choose_thresholds(Scores(), texts, Y, groups)
    assert thresholds[0] < 0.3 and 0.2 < thresholds[1] <= 0.9


def test_shrinkage_pulls_a_rare_themes_threshold_toward_the_shared_one():
    # theme 0: 30 passages scored 0.7 (its own best threshold is high); theme 1: 3 passages
    # whose few examples happen to fit a threshold of 0.1 best
    texts = [f"osallisuus {i}" for i in range(30)] + [f"hanke {i}" for i in range(3)] + [f"muu {i}" for i in range(27)]
    Y = np.array([[1, 0]] * 30 + [[0, 1]] * 3 + [[0, 0]] * 27)
    groups = ["a", "b", "c"] * 20

    class Scores(KeywordBaseline):
        def predict_proba(self, X):
            return np.array([[0.7 if "osallisuus" in x else 0.05, 0.12 if "hanke" in x else 0.1] for x in X])

    own = choose_thresholds(Scores(), texts, Y, groups)
    shrunk = choose_thresholds(Scores(), texts, Y, groups, shrinkage=20.0)
    # the frequent theme keeps nearly its own threshold, the rare one moves most of the way
    assert abs(shrunk[0] - own[0]) < abs(shrunk[1] - own[1])
    assert own[1] < shrunk[1] and shrunk[0] <= own[0]


def test_training_reports_train_in_every_fold_and_are_never_scored(small_set):
    from corpus_tool.themes.training import TrainingSet

    groups = ["a"] * 3 + ["b"] * 3 + ["c"] * 3 + ["w"] * 2
    folds = grouped_folds(groups, [g == "w" for g in groups])
    assert len(folds) == 3
    for train, test in folds:
        assert {9, 10} <= set(train) and not {9, 10} & set(test) and not set(train) & set(test)
    assert sorted(i for _, test in folds for i in test) == list(range(9))

    # 004 as a training report: one real report is left, nothing to hold out
    only = np.array([g.startswith("004") for g in small_set.groups])
    data = TrainingSet(small_set.texts, small_set.Y, small_set.groups, small_set.records, only)
    with pytest.raises(ValueError, match="at least two reports"):
        cross_validate(data, load_taxonomy())
    # 003 split in two halves that are held out in turn, 004 trains both: only 003 is scored
    groups = [g if not g.startswith("003") else f"003-{i % 2}" for i, g in enumerate(small_set.groups)]
    report = cross_validate(TrainingSet(small_set.texts, small_set.Y, groups, small_set.records, only),
                            load_taxonomy())
    assert report["passages"] == int((~only).sum()) and report["training_only"]["passages"] == int(only.sum())
    assert report["classifier"]["micro"]["support"] == int(small_set.Y[~only].sum())


def test_labelled_training_reports_are_found_and_marked_train_only(tmp_path, pipeline, seeds):
    from corpus_tool.extract import read_document
    from corpus_tool.ingest import Ingester
    from corpus_tool.normalise import normalise
    from corpus_tool.themes.labels import LabelledPassage

    folder = tmp_path / "written"
    folder.mkdir()
    report = folder / "w1_muistio_2010.txt"
    report.write_text("Ohjausryhmän muistio 12.3.2010\n\nKokemusasiantuntijat kouluttivat päihdetyön "
                      "työntekijöitä kahdessa työpajassa, ja heidän palautteensa kirjattiin suunnitelmaan.\n\n"
                      "Seuraava kokous pidetään huhtikuussa.\n", encoding="utf-8")
    ingester = Ingester(None, lambda: pipeline)
    layout = normalise(read_document(report).pages, ingester.lexicon)
    written = [LabelledPassage(report.name, p.start, p.end, passage_sha1(layout.text[p.start:p.end]), [])
               for p in layout.passages]
    real = [r for r in read_labels(LABELS) if r.source.startswith("004")][:3]
    data = analyse_labelled(real + written, seeds, ingester, load_taxonomy(), [folder])
    marked = {g: bool(o) for g, o in zip(data.groups, data.train_only)}
    assert marked == {real[0].source: False, report.name: True}
    assert any("kokemusasiantuntija" in t for t in data.texts)
    with pytest.raises(ValueError, match="w1_muistio_2010.txt: labelled report not found"):
        analyse_labelled(written, seeds, ingester, load_taxonomy())


def test_a_replaced_taxonomy_trains_and_tags_its_own_themes(tmp_path, small_set):
    from corpus_tool.themes import model as theme_model
    from corpus_tool.themes.training import TrainingSet, fit_final

    custom = tmp_path / "own.toml"
    custom.write_text('[[themes]]\nid = "lapset"\nlabel_fi = "Lapset ja perheet"\nlabel_en = "Children"\n'
                      'keywords = ["lastensuojelu", "lapsi", "perhe"]\n\n'
                      '[[themes]]\nid = "raha"\nlabel_fi = "Raha"\nlabel_en = "Money"\nkeywords = ["rahoitus"]\n',
                      encoding="utf-8")
    taxonomy = load_taxonomy(custom)
    default = load_taxonomy().ids
    Y = np.column_stack([small_set.Y[:, default.index("lastensuojelu")],
                         small_set.Y[:, default.index("hankkeet_rahoitus")]])
    data = TrainingSet(small_set.texts, Y, small_set.groups, small_set.records)
    report = cross_validate(data, taxonomy)
    kind, estimator = fit_final(data, taxonomy, report)
    theme_model.save(theme_model.ThemeModel(estimator, taxonomy, {"kind": kind}), tmp_path / "model")
    loaded = theme_model.load(tmp_path / "model")
    assert loaded.taxonomy.ids == ["lapset", "raha"]
    assert loaded.metadata["libraries"]["scikit-learn"] and loaded.metadata["taxonomy"]["themes"][0]["id"] == "lapset"

    from corpus_tool.components.themes import ThemeTagger
    from corpus_tool.document import AnalyzedDocument, Sentence, Token

    words = "lastensuojelu lapsi perhe sijaishuolto lastensuojelu".split()
    tokens, offset = [], 0
    for w in words:
        tokens.append(Token(w, offset, offset + len(w), lemma=w, upos="NOUN"))
        offset += len(w) + 1
    doc = AnalyzedDocument(id="t", text=" ".join(words), sentences=[Sentence(0, offset - 1, tokens)])
    ThemeTagger(model=str(tmp_path / "model"))([doc])
    assert [t.id for t in doc.themes][:1] == ["lapset"] and doc.themes[0].label == "Lapset ja perheet"


def test_the_bundled_model_knows_its_training_data():
    meta = json.loads((ROOT / "models" / "themes" / "metadata.json").read_text(encoding="utf-8"))
    from corpus_tool.themes.labels import labels_hash

    assert meta["labels_hash"] == labels_hash(read_labels(LABELS))
    assert meta["kind"] in ("classifier", "keyword_baseline") and len(meta["taxonomy"]["themes"]) == 17
    assert {"classifier", "keyword_baseline"} <= set(meta["cross_validation"])


def test_labelling_command_writes_valid_jsonl(tmp_path):
    report = ROOT / "corpus" / "toimintasuunnitelma_2019_2020.txt"
    out = tmp_path / "new.jsonl"
    empty = tmp_path / "none"
    empty.mkdir()
    result = CliRunner().invoke(main, ["themes", "label", str(report), "--labels", str(out), "--existing", str(empty),
                                       "-n", "3", "--annotator", "test"], input="osallisuus,tieto\n-\nq\n")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["themes"] for r in records] == [["osallisuus", "tieto"], []]
    from corpus_tool.extract import read_document
    from corpus_tool.normalise import default_lexicon, normalise

    text = normalise(read_document(report).pages, default_lexicon()).text
    for r in records:
        assert passage_sha1(text[r["start"]:r["end"]]) == r["sha1"] and r["source"] == report.name
        assert r["annotation"]["annotator"] == "test"
    # what was labelled is not offered again
    again = CliRunner().invoke(main, ["themes", "label", str(report), "--labels", str(out), "--existing", str(empty),
                                      "-n", "1"], input="s\n")
    shown = again.output.split("] ", 1)[1].split("\n", 1)[0]
    assert f"{records[0]['start']}-{records[0]['end']}" not in shown and f"{records[1]['start']}-" not in shown
