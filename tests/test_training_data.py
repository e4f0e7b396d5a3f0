"""Training data preparation: lemma conventions, raw-text alignment, no held-out leakage."""
from __future__ import annotations

from corpus_tool.training import data


def test_compound_marks_are_removed_from_tdt_lemmas():
    assert data.normalise_lemma("Viikonlopun", "viikon#loppu", "NOUN", False) == "viikonloppu"
    assert data.normalise_lemma("#", "#", "SYM", False) == "#"  # a lone hash is a symbol, kept


def test_a_compound_keeps_the_hyphen_its_word_form_has():
    assert data.normalise_lemma("osa-alueilla", "osa#alue", "NOUN", False) == "osa-alue"
    assert data.normalise_lemma("1980-luvun", "1980#luku", "NOUN", False) == "1980-luku"
    # only where the form has it: the second boundary of E-terveystodistus has none
    assert data.normalise_lemma("E-terveystodistuksen", "E#terveys#todistus", "NOUN", False) == "E-terveystodistus"


def test_ftb_proper_noun_lemmas_are_recased_from_the_word_form():
    assert data.normalise_lemma("Helsingissä", "helsinki", "PROPN", True) == "Helsinki"
    assert data.normalise_lemma("EU:n", "eu", "PROPN", True) == "EU"
    assert data.normalise_lemma("talossa", "talo", "NOUN", True) == "talo"
    # TDT lemmas are already cased; they are left alone
    assert data.normalise_lemma("helsinkiläinen", "helsinkiläinen", "PROPN", False) == "helsinkiläinen"


def test_ftb_plural_demonstratives_take_tdt_singular_lemma():
    assert data.normalise_lemma("niitä", "ne", "PRON", True) == "se"
    assert data.normalise_lemma("näiden", "nämä", "DET", True) == "tämä"
    assert data.normalise_lemma("noita", "nuo", "PRON", True) == "tuo"
    # a noun "ne" does not exist, but nothing but pronouns is touched
    assert data.normalise_lemma("ne", "ne", "NOUN", True) == "ne"


def test_tokens_align_with_raw_text_and_spacing_is_recovered():
    raw = "Että Aninkaisten silta on muka tuolla, vai? Toinen lause."
    sentences = [[["Että", "SCONJ"], ["Aninkaisten", "PROPN"], ["silta", "NOUN"], ["on", "AUX"],
                  ["muka", "ADV"], ["tuolla", "ADV"], [",", "PUNCT"], ["vai", "ADV"], ["?", "PUNCT"]],
                 [["Toinen", "ADJ"], ["lause", "NOUN"], [".", "PUNCT"]]]
    aligned = list(data.align_tokens(sentences, raw))
    first, span = aligned[0]
    assert span == (0, raw.index("?") + 1)
    assert [w.space_after for w in first][5:8] == [False, True, False]
    assert data.Sentence(first).text == "Että Aninkaisten silta on muka tuolla, vai?"


def test_a_sentence_missing_from_the_tokens_is_skipped_in_the_raw_text():
    # The shared token files dropped sentences that overlap the test sets; the raw text kept them.
    raw = "Eka lause. Poistettu testilause tässä. Kolmas lause."
    sentences = [[["Eka", "ADJ"], ["lause", "NOUN"], [".", "PUNCT"]],
                 [["Kolmas", "ADJ"], ["lause", "NOUN"], [".", "PUNCT"]]]
    spans = [span for _, span in data.align_tokens(sentences, raw)]
    assert raw[spans[1][0]:spans[1][1]] == "Kolmas lause."


def test_real_training_sets_align_almost_completely(shared_data):
    shared = data.SharedData(shared_data)
    tsv = data.read_token_tsv(shared_data / "ud-finnish-train-upos" / "fi_tdt-ud-train.upos.tsv")
    raw = (shared_data / "ud-finnish-train-upos" / "fi_tdt-ud-train.v2.2.txt").read_text("utf-8")
    aligned = list(data.align_tokens(tsv[:2000], raw))
    assert sum(span is None for _, span in aligned) <= 2
    assert len(shared.tdt_dev_split()[1]) == data.SELECTION_SENTENCES


def test_tokenizer_labels_match_the_text_character_for_character(tmp_path):
    words = [data.Word("Hei", misc="SpaceAfter=No"), data.Word("!")]
    data.tokenizer_files([[data.Sentence(words)], [data.Sentence([data.Word("Moi")])]],
                         tmp_path / "t.txt", tmp_path / "t.lab")
    text, labels = (tmp_path / "t.txt").read_text(), (tmp_path / "t.lab").read_text()
    assert len(text) == len(labels)
    assert text == "Hei! \n\nMoi \n\n"
    assert labels == "0012 \n\n002 \n\n".replace(" ", "0")


def test_prepared_training_files_contain_no_held_out_sentence(shared_data, tmp_path):
    files = data.prepare(shared_data, tmp_path)
    held_out = set()
    for name in ("tdt_test", "ood_test"):
        held_out |= {s.text for s in data.SharedData(shared_data).evaluation(name) if len(s.words) >= 6}
    for key in ("pos_morph", "pos_upos", "lemma_train", "selection"):
        texts = {line[len("# text = "):].rstrip("\n") for line in open(files[key], encoding="utf-8")
                 if line.startswith("# text = ")}
        assert not texts & held_out, f"{key} contains held-out sentences"
    turku_test = {" ".join(t for t, _ in s) for s in data.read_iob_tsv(shared_data / "turku-one" / "test.tsv")
                  if len(s) >= 6}
    import json
    ner_train = {" ".join(t["text"] for t in s) for s in json.loads(files["ner_train"].read_text())}
    assert not ner_train & turku_test


def test_v22_upos_files_follow_current_ud_conventions(shared_data, tmp_path):
    shared = data.SharedData(shared_data)
    tdt = shared.upos_training("tdt")
    negations = [w.upos for s in tdt for w in s.words if w.form.lower() in ("ei", "eikä", "eivät")]
    assert negations and "VERB" not in negations and negations.count("AUX") > 0.95 * len(negations)
    files = data.prepare(shared_data, tmp_path)
    upos_text = files["pos_upos"].read_text(encoding="utf-8")
    # FTB v2.2 (old conventions: "myös" PART, "ei" VERB) is not tagger training data
    assert "\tmyös\t_\tPART\t" not in upos_text
