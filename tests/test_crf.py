"""The CRFs over Voikko's analyses, alone and as a second opinion in Stanza's tagger and NER."""
from __future__ import annotations

import json
import logging
import math

import pytest

from corpus_tool.components import crf as tagger_crf
from corpus_tool.components import lemma_lexicon

pytestmark = [pytest.mark.skipif(not lemma_lexicon.available(), reason="Voikko (libvoikko1, voikko-fi) not installed"),
              pytest.mark.skipif(not tagger_crf.is_available(), reason="python-crfsuite not installed")]

MEMO = ("2§ Hankkeen tilannekatsaus Projektipäällikkö Jussi Lehtola esitteli hankkeen etenemistä. "
        "Hankkeen kokonaisbudjetti vuosille 2014–2016 on 480 000 euroa. "
        "Kuopion yliopistollinen sairaala ja Savonia-ammattikorkeakoulu osallistuvat koulutuksen suunnitteluun.")


@pytest.fixture(scope="module")
def lexicon():
    return lemma_lexicon.VoikkoLexicon()


@pytest.fixture(scope="module")
def small_model(shared_data, lexicon, tmp_path_factory):
    """A CRF trained on 600 sentences of TDT dev's training part; the next 200 are its test."""
    from corpus_tool.training.crf import train_crf
    from corpus_tool.training.data import SharedData

    train_part, _ = SharedData(shared_data).tdt_dev_split()
    examples = [([w.form for w in s.words], [w.upos for w in s.words]) for s in train_part[:600]]
    path = train_crf("upos", examples, lexicon, tmp_path_factory.mktemp("crf") / tagger_crf.MODEL_FILE,
                     {"max_iterations": 60})
    return path, train_part[600:800]


def test_a_small_crf_tags_unseen_finnish_sentences(small_model, lexicon):
    path, unseen = small_model
    crf = tagger_crf.CrfTagger(path, lexicon)
    right = total = 0
    for sentence in unseen:
        predicted = crf.tag([w.form for w in sentence.words])
        right += sum(p == w.upos for p, w in zip(predicted, sentence.words))
        total += len(sentence.words)
    # Voikko's word classes carry it far beyond what 600 sentences teach alone
    assert right / total > 0.88
    assert json.loads(path.with_suffix(".json").read_text())["feature_version"] == tagger_crf.FEATURE_VERSIONS["upos"]


def test_marginals_are_a_distribution_over_the_tags_of_each_word(small_model, lexicon):
    crf = tagger_crf.CrfTagger(small_model[0], lexicon)
    words = "Hankkeen kokonaisbudjetti on 480 000 euroa .".split()
    marginals = crf.log_marginals(words)
    assert len(marginals) == len(words)
    for row in marginals:
        assert sum(math.exp(v) for v in row.values()) == pytest.approx(1.0, abs=1e-3)
    best = [max(row, key=row.get) for row in marginals]
    assert best[0] == "NOUN" and best[2] in ("AUX", "VERB") and best[-1] == "PUNCT"
    assert crf.log_marginals([]) == []


def test_the_features_read_voikko_and_the_neighbours(lexicon):
    first, second = tagger_crf.upos_features(["Hankkeen", "tavoitteena"], lexicon)
    assert "c=nimisana" in first and "first" in first and "title" in first
    assert "1:w=tavoitteena" in first and "-1:w=hankkeen" in second and "last" in second
    # a capitalised word Voikko does not know as such is looked up in lower case
    assert "vc=UNK" not in tagger_crf.upos_features(["Tilannekatsaus"], lexicon)[0]


def test_a_model_of_another_feature_version_is_not_used(small_model, lexicon, tmp_path, monkeypatch, caplog):
    from corpus_tool.components.stanza_analyser import crf_model

    pos = tmp_path / "fi" / "pos"
    pos.mkdir(parents=True)
    (tmp_path / "resources.json").write_text("{}")
    (pos / tagger_crf.MODEL_FILE).write_bytes(small_model[0].read_bytes())
    (pos / "crf.json").write_text(json.dumps({"feature_version": "0"}))
    with caplog.at_level(logging.WARNING):
        assert crf_model("upos", str(tmp_path), lexicon) is None
    assert "feature version 0" in caplog.text
    (pos / "crf.json").write_text(json.dumps({"feature_version": tagger_crf.FEATURE_VERSIONS["upos"]}))
    assert crf_model("upos", str(tmp_path), lexicon) is not None


def test_training_data_leaves_out_the_selection_slice_and_held_out_sets(shared_data):
    from corpus_tool.training.crf import upos_examples
    from corpus_tool.training.data import SharedData, text_key

    data = SharedData(shared_data)
    keys = {text_key("".join(words)) for words, _ in upos_examples(data)}
    selection = {text_key("".join(w.form for w in s.words)) for s in data.tdt_dev_split()[1]}
    held_out = {text_key("".join(w.form for w in s.words)) for name in ("tdt_test", "ood_test")
                for s in data.evaluation(name)}
    assert len(keys) > 15_000
    assert not keys & selection and not keys & held_out


@pytest.mark.slow
def test_the_bundled_crf_joins_the_tagger():
    from corpus_tool.components.stanza_analyser import constrain_upos, load_stanza_pipeline

    nlp = load_stanza_pipeline("bundled", "tokenize,pos")
    constraint = constrain_upos(nlp, 3.0, crf_weight=2.0)
    assert constraint is not None and constraint.crf is not None

    def tags():
        return [(w.text, w.upos) for s in nlp(MEMO).sentences for w in s.words]

    combined = tags()
    assert ("Hankkeen", "NOUN") in combined and ("Jussi", "PROPN") in combined
    assert ("osallistuvat", "VERB") in combined and ("yliopistollinen", "ADJ") in combined
    constraint.crf_weight = 1000.0
    try:
        sentences = nlp(MEMO).sentences
    finally:
        constraint.crf_weight = 2.0
    # with an overwhelming weight the CRF alone decides
    for sentence in sentences:
        assert [w.upos for w in sentence.words] == constraint.crf.tag([w.text for w in sentence.words])


def test_iob_tags_become_the_bioes_tags_the_ner_decodes():
    assert tagger_crf.bioes(["B-PERSON", "I-PERSON", "O", "B-ORG", "B-DATE", "I-DATE", "I-DATE"]) == \
        ["B-PERSON", "E-PERSON", "O", "S-ORG", "B-DATE", "I-DATE", "E-DATE"]


def test_ner_features_keep_the_capital_and_voikkos_name_classes(lexicon):
    words = "Kokouksen avasi Marjatta Heikkilä Kuopiosta .".split()
    feats = tagger_crf.ner_features(words, lexicon)
    assert "c=etunimi" in feats[2] and "sh=Xxx" in feats[2] and "title" in feats[2]
    assert "c=paikannimi" in feats[4] and "first" in feats[0] and "title" not in feats[1]


def test_ner_training_data_is_turkuone_train_without_held_out_sentences(shared_data):
    from corpus_tool.training.crf import ner_examples
    from corpus_tool.training.data import SharedData, read_iob_tsv, text_key

    data = SharedData(shared_data)
    examples = ner_examples(data)
    test = {text_key("".join(t for t, _ in s)) for s in read_iob_tsv(shared_data / "turku-one" / "test.tsv")}
    assert len(examples) > 10_000
    assert not {text_key("".join(words)) for words, _ in examples} & test
    tags = {tag for _, sentence_tags in examples for tag in sentence_tags}
    assert {"S-PERSON", "B-ORG", "E-ORG", "S-DATE", "O"} <= tags


@pytest.mark.slow
def test_the_default_pipeline_backs_its_ner_with_the_crf(analyze_text, pipeline):
    stanza = next(c for c in pipeline.components if c.name == "stanza")
    assert stanza.ner_crf is not None and stanza.ner_crf.weight > 0
    assert stanza.ner_crf.crf.lexicon is stanza.constraint.lexicon
    doc = analyze_text("Ohjausryhmän kokouksen avasi puheenjohtaja Marjatta Heikkilä Pohjois-Savon sairaanhoitopiiristä. "
                       "Sihteerinä toimi Tuomas Rinne.")
    persons = {e.text for e in doc.entities if e.type == "PERSON"}
    assert {"Marjatta Heikkilä", "Tuomas Rinne"} <= persons
