"""Several NER models averaged into one (``components.ner_ensemble``) and the half-precision
model files that make room for them in models/."""
from __future__ import annotations

import shutil

import pytest
import torch

from corpus_tool import modelstore
from corpus_tool.components.stanza_analyser import ensemble_ner, load_stanza_pipeline

TEXT = ("Kokouksen avasi kehittämispäällikkö Marjatta Heikkilä Pohjois-Savon sairaanhoitopiiristä. "
        "Terveyden ja hyvinvoinnin laitos myönsi hankkeelle 250 000 euroa vuosille 2014–2016.")


def _models_with_member(tmp_path, change):
    """A copy of the bundled models with one extra NER model: the bundled one, weights changed."""
    target = tmp_path / "models"
    shutil.copytree(modelstore.bundled_dir(), target)
    checkpoint = torch.load(target / "fi" / "ner" / "turkuone.pt", map_location="cpu", weights_only=True)
    change(checkpoint)
    torch.save(checkpoint, target / "fi" / "ner" / "member.pt")
    return target


def _scores(nlp, text):
    """Emission scores of the default NER model for one pretokenised sentence."""
    captured = []
    model = nlp.processors["ner"].trainers[0].model
    forward = model.forward
    model.forward = lambda *a, **k: captured.append(forward(*a, **k)) or captured[-1]
    try:
        nlp(text)
    finally:
        model.forward = forward
    return captured[0][1][0]


def test_the_ensemble_scores_are_the_mean_of_its_models(tmp_path):
    def scale_output_layer(checkpoint):
        weights = checkpoint["model"]
        for name in [n for n in weights if n.startswith("tag_clfs.")]:
            weights[name] = weights[name].float() * 3
    models = _models_with_member(tmp_path, scale_output_layer)
    alone = load_stanza_pipeline(str(models), "tokenize,ner", tokenize_pretokenized=True)
    words = [TEXT.split()]
    base = _scores(alone, words)
    together = load_stanza_pipeline(str(models), "tokenize,ner", tokenize_pretokenized=True)
    assert ensemble_ner(together, str(models), ["member", "missing"]) == ["member"]
    mean = _scores(together, words)
    # the member's emissions are the bundled model's times three (the output layer is linear)
    assert torch.allclose(mean, (base + 3 * base) / 2, atol=1e-3)


def test_a_member_with_another_tag_set_is_left_out(tmp_path):
    def rename_a_tag(checkpoint):
        tags = checkpoint["vocab"]["tag"]
        tags["_id2unit"][0] = ["S-LAW_OF_NATURE" if t == "S-LAW" else t for t in tags["_id2unit"][0]]
        tags["_unit2id"][0] = {("S-LAW_OF_NATURE" if t == "S-LAW" else t): i for t, i in tags["_unit2id"][0].items()}
    models = _models_with_member(tmp_path, rename_a_tag)
    nlp = load_stanza_pipeline(str(models), "tokenize,ner")
    assert ensemble_ner(nlp, str(models), ["member"]) == []
    assert {e.text for e in nlp(TEXT).ents if e.type == "PERSON"} == {"Marjatta Heikkilä"}


def test_half_precision_model_files_give_the_same_entities(tmp_path):
    full = tmp_path / "full"
    shutil.copytree(modelstore.bundled_dir(), full)
    model = full / "fi" / "ner" / "turkuone.pt"
    checkpoint = torch.load(model, map_location="cpu", weights_only=True)
    checkpoint["model"] = {k: v.float() if v.is_floating_point() else v for k, v in checkpoint["model"].items()}
    torch.save(checkpoint, model)
    half = tmp_path / "half"
    shutil.copytree(full, half)
    modelstore.store_half_precision(half / "fi" / "ner" / "turkuone.pt")
    assert (half / "fi" / "ner" / "turkuone.pt").stat().st_size < 0.6 * model.stat().st_size

    def entities(path):
        return [(e.type, e.text) for e in load_stanza_pipeline(str(path), "tokenize,ner")(TEXT).ents]
    assert entities(half) == entities(full)
    assert ("PERSON", "Marjatta Heikkilä") in entities(half)


def test_a_compact_ensemble_member_reads_back_close_to_the_model(tmp_path):
    source = modelstore.bundled_dir() / "fi" / "ner" / "turkuone.pt"
    member = tmp_path / "member.pt"
    modelstore.store_ensemble_member(source, member)
    assert member.stat().st_size < 0.7 * source.stat().st_size
    original = torch.load(source, map_location="cpu", weights_only=True)["model"]
    restored = torch.load(modelstore.read_ensemble_member(member), map_location="cpu", weights_only=True)["model"]
    assert set(restored) == set(original)
    table = original["delta_emb.weight"].float()
    error = (restored["delta_emb.weight"] - table).abs().max(dim=1).values
    # 8 bits per weight: each row within half a step of its own scale
    assert torch.all(error <= table.abs().max(dim=1).values / 127 / 2 + 1e-3)
