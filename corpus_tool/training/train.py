"""Train the bundled Stanza Finnish models (tokenizer, tagger, lemmatizer, NER).

Each model is one *stage* that runs Stanza's own trainer in a subprocess.  A stage
whose model is finished (``<stage>.done`` beside it) is skipped, so an interrupted
``corpus-tool models train`` picks up where it stopped.  The two long stages, tagger
and NER, continue from their last saved model instead of starting over (NER through
Stanza's ``--finetune``, the tagger through ``stanza_resume``); ``extend=True`` trains
a finished tagger or NER model further in the same way.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from corpus_tool.training import data as training_data

SHORTHAND = "fi_corpustool"


@dataclass(frozen=True)
class Stage:
    name: str          # Stanza processor name: tokenize, pos, lemma, ner
    module: str        # Stanza trainer module
    model_file: str    # file name the trainer saves
    # default budgets, measured on a 2-core machine (see models/MODEL_CARD.md)
    budget: dict


STAGES = {
    "tokenize": Stage("tokenize", "stanza.models.tokenizer", "tokenizer.pt", {"steps": 6000}),
    "pos": Stage("pos", "stanza.models.tagger", "tagger.pt", {"max_steps": 8000}),
    "lemma": Stage("lemma", "stanza.models.lemmatizer", "lemmatizer.pt", {"num_epoch": 20}),
    "ner": Stage("ner", "stanza.models.ner_tagger", "nertagger.pt", {"max_steps": 12000}),
}


def stage_args(stage: Stage, files: dict[str, Path], save_dir: Path, budget: dict, resume: bool) -> list[str]:
    common = ["--shorthand", SHORTHAND, "--save_dir", str(save_dir), "--save_name", stage.model_file]
    if stage.name in ("tokenize", "pos"):  # the lemmatizer and NER trainers take it from the shorthand
        common = ["--lang", "fi"] + common
    if stage.name == "tokenize":
        return common + [
            "--mode", "train", "--txt_file", str(files["tok_txt"]), "--label_file", str(files["tok_labels"]),
            "--dev_txt_file", str(files["tok_dev_txt"]), "--dev_label_file", str(files["tok_dev_labels"]),
            "--dev_conll_gold", str(files["selection"]), "--conll_file", str(save_dir / "dev.pred.conllu"),
            "--mwt_json_file", str(files["tok_mwt"]),
            "--steps", str(budget["steps"]), "--eval_steps", "500"]
    if stage.name == "pos":
        resume_args = []
        if resume and (save_dir / stage.model_file).exists():
            previous = save_dir / "resume_from.pt"
            shutil.copy(save_dir / stage.model_file, previous)
            resume_args = ["--resume_from", str(previous)]
        return resume_args + common + [
            "--mode", "train", "--train_file", f"{files['pos_morph']};{files['pos_upos']}",
            "--eval_file", str(files["selection"]), "--output_file", str(save_dir / "dev.pred.conllu"),
            "--no_pretrain", "--batch_size", "32", "--max_steps", str(budget["max_steps"]),
            "--eval_interval", "500", "--fix_eval_interval"] + _lr(budget) + _seed(budget)
    if stage.name == "lemma":
        return common + [
            "--mode", "train", "--train_file", str(files["lemma_train"]),
            "--eval_file", str(files["selection"]), "--output_file", str(save_dir / "dev.pred.conllu"),
            "--num_epoch", str(budget["num_epoch"])]
    if stage.name == "ner":
        args = common + [
            "--mode", "train", "--train_file", str(files["ner_train"]), "--eval_file", str(files["ner_dev"]),
            "--no_pretrain", "--max_steps", str(budget["max_steps"]), "--eval_interval", "500"] + _seed(budget)
        if resume and (save_dir / stage.model_file).exists():
            # Continue from the best model so far rather than from scratch.
            previous = save_dir / "resume_from.pt"
            shutil.copy(save_dir / stage.model_file, previous)
            args += ["--finetune", "--finetune_load_name", str(previous)]
        return args
    raise ValueError(stage.name)


RESUMABLE = ("pos", "ner")
# Not Stanza models: the CRFs that back Stanza's tagger and NER (components.crf), by task.
CRF_STAGES = {"pos_crf": "upos", "ner_crf": "ner"}
ALL_STAGES = ("tokenize", "pos", "pos_crf", "lemma", "ner", "ner_crf")


def _lr(budget: dict) -> list[str]:
    # the tagger only: Stanza's NER trainer takes the optimiser settings of the model it
    # continues from, so a learning rate given there would be silently ignored
    return ["--lr", str(budget["lr"])] if budget.get("lr") else []


def _seed(budget: dict) -> list[str]:
    return ["--seed", str(budget["seed"])] if budget.get("seed") is not None else []


def run_stage(stage: Stage, files: dict[str, Path], work: Path, budget: dict | None = None,
              threads: int = 1, log=print, extend: bool = False, bundled: Path | None = None) -> Path:
    """Train one model unless it is already done (or ``extend`` asks for more training);
    returns the model file.  ``extend`` without a checkpoint in ``work`` starts from the
    bundled model (``bundled``), so a fresh checkout can train the shipped models further."""
    save_dir = work / stage.name
    save_dir.mkdir(parents=True, exist_ok=True)
    model = save_dir / stage.model_file
    if extend and stage.name in RESUMABLE and not model.exists() and bundled and bundled.exists():
        shutil.copy(bundled, model)
        log(f"{stage.name}: starting from the bundled model {bundled}")
    done = save_dir / f"{stage.name}.done"
    if done.exists() and model.exists() and not (extend and stage.name in RESUMABLE):
        log(f"{stage.name}: already trained ({model}), skipped")
        return model
    args = stage_args(stage, files, save_dir, {**stage.budget, **(budget or {})}, resume=stage.name in RESUMABLE)
    env = {**os.environ, "OMP_NUM_THREADS": str(threads), "MKL_NUM_THREADS": str(threads)}
    command = [sys.executable, "-m", stage.module, *args]
    if "--resume_from" in args:
        command = [sys.executable, "-m", "corpus_tool.training.stanza_resume", stage.module, *args]
    continuing = "--resume_from" in args or "--finetune" in args
    log(f"{stage.name}: training{' (continuing from the saved model)' if continuing else ''}, "
        f"log in {save_dir / 'train.log'}")
    done.unlink(missing_ok=True)
    with open(save_dir / "train.log", "a", encoding="utf-8") as out:
        subprocess.run(command, check=True, env=env, stdout=out, stderr=subprocess.STDOUT)
    done.touch()
    return model


def run_crf_stage(name: str, shared: Path, work: Path, log=print) -> Path:
    """Train a CRF (``pos_crf`` or ``ner_crf``, see ``training.crf``) unless it is already done."""
    from corpus_tool.components.crf import MODEL_FILE
    from corpus_tool.components.lemma_lexicon import VoikkoLexicon
    from corpus_tool.training.crf import EXAMPLES, train_crf

    task = CRF_STAGES[name]
    save_dir = work / name
    model, done = save_dir / MODEL_FILE, save_dir / f"{name}.done"
    if done.exists() and model.exists():
        log(f"{name}: already trained ({model}), skipped")
        return model
    log(f"{name}: training the {task} CRF (in this process)")
    train_crf(task, EXAMPLES[task](training_data.SharedData(shared / "data")), VoikkoLexicon(), model)
    done.touch()
    return model


def train(shared: Path, work: Path, stages: list[str], budget: dict | None = None, threads: int = 1,
          log=print, extend: bool = False) -> dict[str, Path]:
    from corpus_tool import modelstore

    trained = {}
    stanza_stages = [name for name in stages if name in STAGES]
    if stanza_stages:
        files = training_data.prepare(shared / "data", work / "data")
        for name in stanza_stages:
            bundled = modelstore.bundled_dir() / "fi" / name / f"{modelstore.BUNDLED_PACKAGES[name]}.pt"
            trained[name] = run_stage(STAGES[name], files, work, budget, threads, log, extend, bundled)
    for name in stages:
        if name in CRF_STAGES:
            trained[name] = run_crf_stage(name, shared, work, log)
    return trained


if __name__ == "__main__":  # python -m corpus_tool.training.train SHARED WORK STAGE...
    train(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:])
