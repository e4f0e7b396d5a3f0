"""Voikko as a lexicon behind Stanza's lemmas."""
from __future__ import annotations

import pytest

from corpus_tool.components.lemma_lexicon import VoikkoLexicon, choose_lemma


@pytest.fixture(scope="module")
def lexicon():
    return VoikkoLexicon()


def lemma(lexicon, form: str, upos: str, stanza_lemma: str) -> str:
    """The lemma ``override_compatible`` gives ``form`` after Stanza said ``stanza_lemma``."""
    return choose_lemma(form, upos, stanza_lemma, lexicon.analyses(form), "override_compatible")


def test_voikko_analyses_real_inflected_and_compound_words(lexicon):
    assert ("nimisana", "henkilö") in lexicon.analyses("henkilöä")
    assert any(base == "viikonloppu" for _, base in lexicon.analyses("viikonlopun"))
    assert lexicon.analyses("xqzv") == ()


def test_a_wrong_guess_is_replaced_by_the_lexicon_base_form_of_the_same_class(lexicon):
    # Stanza's seq2seq lemmatizer can invent a base form for a rare word
    assert choose_lemma("kokouksen", "NOUN", "kokouksi", lexicon.analyses("kokouksen"), "override_unknown") == "kokous"
    assert lemma(lexicon, "järjestettiin", "VERB", "järjestettää") == "järjestää"


def test_a_lemma_the_lexicon_knows_is_kept(lexicon):
    # "tuli" is both a noun (fire) and a form of "tulla": the tagger decides, the lexicon agrees
    assert choose_lemma("tuli", "VERB", "tulla", lexicon.analyses("tuli"), "override_unknown") == "tulla"
    assert choose_lemma("tuli", "NOUN", "tuli", lexicon.analyses("tuli"), "override_unknown") == "tuli"


def test_unknown_words_and_the_stanza_strategy_keep_stanzas_lemma(lexicon):
    assert choose_lemma("SONet", "PROPN", "SONet", lexicon.analyses("SONet"), "override_unknown") == "SONet"
    assert choose_lemma("kokouksen", "NOUN", "kokouksi", lexicon.analyses("kokouksen"), "stanza") == "kokouksi"


def test_proper_noun_base_forms_are_capitalised(lexicon):
    assert choose_lemma("Oulussa", "PROPN", "Oulussa", lexicon.analyses("Oulussa"), "override_unknown") == "Oulu"


def test_upos_is_corrected_only_where_the_lexicon_allows_a_single_tag(lexicon):
    from corpus_tool.components.lemma_lexicon import choose_upos

    # "Hankkeen" is only ever a noun; a tagger that called it PROPN (capitalised) is corrected
    assert choose_upos("PROPN", lexicon.analyses("Hankkeen"), "lexicon_unambiguous") == "NOUN"
    # participles may be VERB or ADJ under UD: both are left alone
    assert choose_upos("VERB", lexicon.analyses("järjestetyssä"), "lexicon_unambiguous") == "VERB"
    assert choose_upos("ADJ", lexicon.analyses("järjestetyssä"), "lexicon_unambiguous") == "ADJ"
    # ambiguous words ("toimivat": verb or participle) and unknown words keep the tagger's choice
    assert choose_upos("NOUN", lexicon.analyses("toimivat"), "lexicon_unambiguous") == "NOUN"
    assert choose_upos("PROPN", lexicon.analyses("SONet"), "lexicon_unambiguous") == "PROPN"
    assert choose_upos("PROPN", lexicon.analyses("Hankkeen"), "keep") == "PROPN"
    # a participle the lemmatizer read as an adjective is one; read as a verb, it stays VERB
    assert choose_upos("VERB", lexicon.analyses("merkittävä"), "lexicon_unambiguous", "merkittävä") == "ADJ"
    assert choose_upos("VERB", lexicon.analyses("sallittu"), "lexicon_unambiguous", "sallia") == "VERB"
    # outside NOUN/PROPN/ADJ the tagger knows better (measured on the selection slice)
    assert choose_upos("ADV", lexicon.analyses("nopea"), "lexicon_unambiguous") == "ADV"
    assert choose_upos("PRON", lexicon.analyses("kukin"), "lexicon_unambiguous") == "PRON"


def test_participles_keep_the_verb_lemma_stanza_gives(lexicon):
    # Voikko's base form of a participle is the participle; UD's lemma is the verb
    assert choose_lemma("järjestetyssä", "VERB", "järjestää", lexicon.analyses("järjestetyssä"),
                        "override_unknown") == "järjestää"


def test_case_and_number_of_nominals_come_from_the_lexicon_when_it_is_sure(lexicon):
    from corpus_tool.components.lemma_lexicon import choose_feats

    fixed = choose_feats("NOUN", "Case=Nom|Derivation=U|Number=Plur", lexicon.inflections("Kokouksen"), "case_number")
    assert fixed == "Case=Gen|Derivation=U|Number=Sing"
    assert choose_feats("NOUN", None, lexicon.inflections("lapsille"), "case_number") == "Case=All|Number=Plur"
    # "häntä": a noun in the nominative or a pronoun in the partitive: the PRON reading decides
    assert choose_feats("PRON", "Case=Nom", lexicon.inflections("häntä"), "case_number") == "Case=Par|Number=Sing"
    # verbs and words the lexicon does not know keep the tagger's features
    assert choose_feats("VERB", "Mood=Ind", lexicon.inflections("avasi"), "case_number") == "Mood=Ind"
    assert choose_feats("PROPN", "Case=Gen", lexicon.inflections("SONetin"), "case_number") == "Case=Gen"
    assert choose_feats("NOUN", "Case=Nom", lexicon.inflections("Kokouksen"), "keep") == "Case=Nom"


def test_a_participle_tagged_verb_gets_its_verb(lexicon):
    # UD lemmatises "sallittu" (VERB) as "sallia"; Stanza guessed another verb of the stem
    assert choose_lemma("sallittu", "VERB", "sallita", lexicon.analyses("sallittu"), "override_compatible",
                        lexicon.is_lemma) == "sallia"
    assert choose_lemma("uudelleenkirjoitettuun", "VERB", "uudella", lexicon.analyses("uudelleenkirjoitettuun"),
                        "override_compatible", lexicon.is_lemma) == "uudelleenkirjoittaa"
    # where the lemmatizer itself read it as a participle adjective, its lemma stands
    assert choose_lemma("merkittävä", "VERB", "merkittävä", lexicon.analyses("merkittävä"), "override_compatible",
                        lexicon.is_lemma) == "merkittävä"
    # as an adjective the participle is its own lemma
    assert choose_lemma("sallittu", "ADJ", "sallittu", lexicon.analyses("sallittu"), "override_compatible",
                        lexicon.is_lemma) == "sallittu"


def test_a_verbal_noun_in_minen_is_a_noun_lemma(lexicon):
    assert lemma(lexicon, "soveltamista", "NOUN", "soveltaminen") == "soveltaminen"
    assert lemma(lexicon, "kehittämisen", "NOUN", "kehittämis") == "kehittäminen"


def test_function_words_keep_stanzas_ud_lemma(lexicon):
    # Voikko's base form of "niiden" is "ne"; UD's is "se"
    assert lemma(lexicon, "niiden", "PRON", "se") == "se"
    assert lemma(lexicon, "alle", "ADP", "alle") == "alle"


def test_lexicon_capitalisation_and_affix_hyphens(lexicon):
    # a sentence-initial or all-capital common noun has a lower-case lemma
    assert lemma(lexicon, "Lehden", "NOUN", "Lehti") == "lehti"
    assert lemma(lexicon, "PÄÄTÖS", "NOUN", "PÄÄTÖS") == "päätös"
    assert lemma(lexicon, "Egyptissä", "PROPN", "egypti") == "Egypti"
    # the second half of "ESR- ja -hankkeen"
    assert lemma(lexicon, "-hankkeen", "NOUN", "-hanke") == "hanke"
    # a hyphenated compound keeps its hyphen where the lemmatizer dropped it
    assert lemma(lexicon, "Kaste-hankkeen", "NOUN", "Kastehanke") == "Kaste-hanke"
    # an acronym before the hyphen keeps its spelling; a sentence-initial capital does not
    assert lemma(lexicon, "KUVA-verkostossa", "NOUN", "kUvA-verkosto") == "KUVA-verkosto"
    assert lemma(lexicon, "Osa-alueilla", "NOUN", "osa-alue") == "osa-alue"


@pytest.mark.parametrize("form,upos,stanza_lemma,expected", [
    # a lexicalised adverb the lemmatizer turned into its noun or adjective is its own lemma
    ("pääosin", "ADV", "pääosa", "pääosin"),
    ("mahdollisimman", "ADV", "mahdollinen", "mahdollisimman"),
    ("tinkimättä", "ADV", "tinkiä", "tinkiä"),             # lemmatised to a verb: left alone
    # a foreign name loses the linking i; -ski names and vowel + i keep it
    ("Hilliardista", "PROPN", "Hilliardi", "Hilliard"),
    ("Lutoslawskin", "PROPN", "Lutoslawski", "Lutoslawski"),
    ("Kapoin", "PROPN", "Kapoi", "Kapoi"),
])
def test_adverbs_and_foreign_names(lexicon, form, upos, stanza_lemma, expected):
    assert lemma(lexicon, form, upos, stanza_lemma) == expected


def test_the_participles_strategy_only_makes_participles_read_as_adjectives_adjectives(lexicon):
    from corpus_tool.components.lemma_lexicon import choose_upos

    assert choose_upos("VERB", lexicon.analyses("merkittävä"), "participles", "merkittävä") == "ADJ"
    assert choose_upos("VERB", lexicon.analyses("sallittu"), "participles", "sallia") == "VERB"
    # NOUN/PROPN/ADJ corrections are left to the tagger's own lexicon constraint
    assert choose_upos("PROPN", lexicon.analyses("Hankkeen"), "participles") == "PROPN"
