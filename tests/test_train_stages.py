"""Training stages: finished stages are skipped, NER resumes from its last model."""
from __future__ import annotations

from pathlib import Path

from corpus_tool.training.train import STAGES, run_stage, stage_args


def files(tmp_path: Path) -> dict[str, Path]:
    names = ["tok_txt", "tok_labels", "tok_dev_txt", "tok_dev_labels", "selection", "tok_mwt", "pos_morph",
             "pos_upos", "lemma_train", "ner_train", "ner_dev"]
    return {n: tmp_path / n for n in names}


def test_a_finished_stage_is_not_trained_again(tmp_path, monkeypatch):
    save = tmp_path / "work" / "lemma"
    save.mkdir(parents=True)
    (save / "lemmatizer.pt").write_bytes(b"model")
    (save / "lemma.done").touch()
    monkeypatch.setattr("subprocess.run", lambda *a, **k: (_ for _ in ()).throw(AssertionError("trained again")))
    assert run_stage(STAGES["lemma"], files(tmp_path), tmp_path / "work") == save / "lemmatizer.pt"


def test_an_interrupted_ner_stage_continues_from_its_saved_model(tmp_path):
    save = tmp_path / "ner"
    save.mkdir()
    args = stage_args(STAGES["ner"], files(tmp_path), save, STAGES["ner"].budget, resume=True)
    assert "--finetune" not in args
    (save / "nertagger.pt").write_bytes(b"checkpoint")
    args = stage_args(STAGES["ner"], files(tmp_path), save, STAGES["ner"].budget, resume=True)
    assert args[args.index("--finetune_load_name") + 1] == str(save / "resume_from.pt")
    assert (save / "resume_from.pt").read_bytes() == b"checkpoint"


def test_the_tagger_learns_upos_from_both_files_and_never_sees_test_data(tmp_path):
    args = stage_args(STAGES["pos"], files(tmp_path), tmp_path, STAGES["pos"].budget, resume=False)
    train = args[args.index("--train_file") + 1].split(";")
    assert train == [str(tmp_path / "pos_morph"), str(tmp_path / "pos_upos")]
    assert args[args.index("--eval_file") + 1] == str(tmp_path / "selection")
    assert not any(held in a for a in args for held in ("ud-test", "test.tsv"))


def test_an_interrupted_tagger_continues_from_its_saved_model(tmp_path):
    save = tmp_path / "pos"
    save.mkdir()
    (save / "tagger.pt").write_bytes(b"checkpoint")
    args = stage_args(STAGES["pos"], files(tmp_path), save, STAGES["pos"].budget, resume=True)
    assert args[:2] == ["--resume_from", str(save / "resume_from.pt")]


def test_the_resume_wrapper_builds_the_first_trainer_from_the_checkpoint(monkeypatch):
    import types

    from corpus_tool.training import stanza_resume

    calls = []
    fake = types.ModuleType("fake_trainer_module")
    fake.Trainer = lambda **kw: calls.append(kw) or kw
    fake.main = lambda args: (fake.Trainer(args={"x": 1}, vocab="fresh vocab"),
                              fake.Trainer(args={"x": 1}, model_file="best.pt"), calls.append(args))
    monkeypatch.setitem(__import__("sys").modules, "fake_trainer_module", fake)
    stanza_resume.main(["fake_trainer_module", "--resume_from", "ckpt.pt", "--max_steps", "10"])
    assert calls[0] == {"args": {"x": 1}, "model_file": "ckpt.pt"}       # vocab comes from the checkpoint
    assert calls[1] == {"args": {"x": 1}, "model_file": "best.pt"}       # later reloads untouched
    assert calls[2] == ["--max_steps", "10"]


def test_only_the_tokenizer_and_tagger_trainers_take_a_language_argument(tmp_path):
    # Stanza's lemmatizer and NER trainers reject --lang (they read the language from the shorthand)
    for name in STAGES:
        args = stage_args(STAGES[name], files(tmp_path), tmp_path / name, STAGES[name].budget, resume=False)
        assert ("--lang" in args) == (name in ("tokenize", "pos")), name


def test_extending_without_a_checkpoint_starts_from_the_bundled_model(tmp_path, monkeypatch):
    bundled = tmp_path / "bundled.pt"
    bundled.write_bytes(b"shipped weights")
    commands = []
    monkeypatch.setattr("subprocess.run", lambda command, **kw: commands.append(command))
    run_stage(STAGES["pos"], files(tmp_path), tmp_path / "work", extend=True, bundled=bundled, log=lambda m: None)
    assert (tmp_path / "work" / "pos" / "resume_from.pt").read_bytes() == b"shipped weights"
    assert "corpus_tool.training.stanza_resume" in commands[0]


def test_a_learning_rate_reaches_the_tagger_trainer_only(tmp_path):
    args = stage_args(STAGES["pos"], files(tmp_path), tmp_path, {**STAGES["pos"].budget, "lr": 0.0005}, resume=False)
    assert args[args.index("--lr") + 1] == "0.0005"
    assert "--lr" not in stage_args(STAGES["pos"], files(tmp_path), tmp_path, STAGES["pos"].budget, resume=False)
    # Stanza's NER trainer would ignore it when continuing from a model: not passed at all
    assert "--lr" not in stage_args(STAGES["ner"], files(tmp_path), tmp_path, {**STAGES["ner"].budget, "lr": 0.01},
                                    resume=False)


def test_a_seed_reaches_the_ner_and_tagger_trainers(tmp_path):
    for name in ("ner", "pos"):
        args = stage_args(STAGES[name], files(tmp_path), tmp_path, {**STAGES[name].budget, "seed": 2}, resume=False)
        assert args[args.index("--seed") + 1] == "2"
        assert "--seed" not in stage_args(STAGES[name], files(tmp_path), tmp_path, STAGES[name].budget, resume=False)


def test_a_finished_crf_stage_is_not_trained_again_and_installs_beside_its_stanza_model(tmp_path, monkeypatch):
    from corpus_tool import modelstore
    from corpus_tool.training.train import run_crf_stage

    save = tmp_path / "work" / "ner_crf"
    save.mkdir(parents=True)
    (save / "crf.crfsuite").write_bytes(b"model")
    (save / "crf.json").write_text("{}")
    (save / "ner_crf.done").touch()
    monkeypatch.setattr("corpus_tool.training.crf.train_crf",
                        lambda *a, **k: (_ for _ in ()).throw(AssertionError("trained again")))
    model = run_crf_stage("ner_crf", tmp_path / "shared", tmp_path / "work")
    assert model == save / "crf.crfsuite"
    target = modelstore.install_bundled({"ner_crf": model}, tmp_path / "models")
    assert (target / "fi" / "ner" / "crf.crfsuite").read_bytes() == b"model"
    assert (target / "fi" / "ner" / "crf.json").exists()
