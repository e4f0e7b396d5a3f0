"""Voikko's word classes as a soft constraint inside the bundled UPOS tagger."""
from __future__ import annotations

import pytest

from corpus_tool.components import lemma_lexicon
from corpus_tool.components.tagger_lexicon import PENALISED_UPOS

pytestmark = pytest.mark.skipif(not lemma_lexicon.available(), reason="Voikko (libvoikko1, voikko-fi) not installed")

MEMO = ("2§ Hankkeen tilannekatsaus Projektipäällikkö Jussi Lehtola esitteli hankkeen etenemistä. "
        "Hankkeen kokonaisbudjetti vuosille 2014–2016 on 480 000 euroa. "
        "Kuopion yliopistollinen sairaala ja Savonia-ammattikorkeakoulu osallistuvat koulutuksen suunnitteluun.")


@pytest.fixture(scope="module")
def tagger():
    from corpus_tool.components.stanza_analyser import constrain_upos, load_stanza_pipeline

    nlp = load_stanza_pipeline("bundled", "tokenize,pos,lemma")
    unconstrained = _tags(nlp, MEMO)
    constraint = constrain_upos(nlp, 3.0)
    return nlp, constraint, unconstrained


def _tags(nlp, text):
    return [(w.text, w.upos) for s in nlp(text).sentences for w in s.words]


def test_switched_off_the_constraint_leaves_the_tagger_as_it_was(tagger):
    nlp, constraint, unconstrained = tagger
    constraint.penalty = 0
    try:
        assert _tags(nlp, MEMO) == unconstrained
    finally:
        constraint.penalty = 3.0


def test_words_the_lexicon_knows_only_as_nouns_are_tagged_nouns(tagger):
    nlp, _, _ = tagger
    tags = _tags(nlp, MEMO)
    # "hankkeen" is only ever the genitive of "hanke"; capitalised or not it is a noun
    assert [upos for word, upos in tags if word.lower() == "hankkeen"] == ["NOUN"] * 3
    assert ("Jussi", "PROPN") in tags and ("Kuopion", "PROPN") in tags
    assert ("etenemistä", "NOUN") in tags and ("esitteli", "VERB") in tags


def test_a_large_penalty_never_leaves_an_open_class_tag_the_lexicon_rules_out(tagger):
    nlp, constraint, _ = tagger
    lexicon = lemma_lexicon.VoikkoLexicon()
    constraint.penalty = 1000
    try:
        tags = _tags(nlp, MEMO)
    finally:
        constraint.penalty = 3.0
    ruled_out = [(word, upos) for word, upos in tags
                 if upos in PENALISED_UPOS and lexicon.allowed_upos(word) and upos not in lexicon.allowed_upos(word)]
    assert ruled_out == []


def test_the_default_pipeline_installs_the_constraint(pipeline):
    stanza = next(c for c in pipeline.components if c.name == "stanza")
    assert stanza.constraint is not None and stanza.constraint.penalty > 0
    # both constraints ask one Voikko lexicon (one cache of analyses)
    assert stanza.ner_constraint is not None and stanza.ner_constraint.is_common.__self__ is stanza.constraint.lexicon


SENTENCES = ["Ehdin silti käydä kokouksessa ennen lomaa.", "Vene oli ajelehtinut kauemmas rannasta.",
             "Rehtorien mukaan yhteistyö toimii hyvin.", "Repo esitteli hankkeen tulokset.",
             "Kallio kertoi, että rahoitus jatkuu.", "Kokouksen avasi Marjatta Heikkilä."]


@pytest.fixture(scope="module")
def ner():
    from corpus_tool.components.stanza_analyser import constrain_sentence_start_names, load_stanza_pipeline

    nlp = load_stanza_pipeline("bundled", "tokenize,ner")
    unconstrained = [_persons(nlp, s) for s in SENTENCES]
    return nlp, constrain_sentence_start_names(nlp, 8.0), unconstrained


def _persons(nlp, text):
    return [e.text for e in nlp(text).ents if e.type == "PERSON"]


def test_a_common_word_starting_a_sentence_is_no_person(ner):
    nlp, _, _ = ner
    persons = [_persons(nlp, s) for s in SENTENCES]
    assert persons[:3] == [[], [], []]
    # surnames Voikko also knows as common nouns (repo, kallio) and names inside a sentence stay
    assert persons[3:] == [["Repo"], ["Kallio"], ["Marjatta Heikkilä"]]


def test_switched_off_the_name_constraint_leaves_the_ner_as_it_was(ner):
    nlp, constraint, unconstrained = ner
    constraint.penalty = 0
    try:
        assert [_persons(nlp, s) for s in SENTENCES] == unconstrained
    finally:
        constraint.penalty = 8.0
