"""Train the CRF taggers (``components.crf``) with CRFsuite.

* ``upos``: the Stanza tagger's UPOS data (the CoNLL-U training sets: TDT dev's training
  part, FTB dev and test; and the TDT v2.2 training set), without the selection slice.
  About a minute and a half on one CPU core.
* ``ner``: TurkuONE train in BIOES tags, as Stanza's NER decodes them.  About ten minutes.

The held-out sets are never read, and a training sentence equal to a held-out one is left
out (``data.SharedData.held_out_keys``).
"""
from __future__ import annotations

import json
from pathlib import Path

from corpus_tool.components.crf import FEATURE_VERSIONS, FEATURES, bioes
from corpus_tool.training.data import SharedData, read_iob_tsv, text_key

# Light L1 keeps the models small (UPOS: c1 0.1 or 0.02 scored the same on the selection
# slice, models/MODEL_CARD.md); the UPOS CRF also weighs tag bigrams never seen in training.
DEFAULT_PARAMS = {"upos": {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True},
                  "ner": {"c1": 0.05, "c2": 0.01, "max_iterations": 150}}

Example = tuple[list[str], list[str]]     # a sentence's words and their tags


def upos_examples(data: SharedData) -> list[Example]:
    """The tagger's UPOS training data without any sentence of the selection slice."""
    _, selection = data.tdt_dev_split()
    excluded = {text_key(s.text) for s in selection}
    return [([w.form for w in s.words], [w.upos for w in s.words])
            for s in data.morph_training() + data.upos_training("tdt") if text_key(s.text) not in excluded]


def ner_examples(data: SharedData) -> list[Example]:
    """TurkuONE train in BIOES tags, without sentences that also occur in a held-out set."""
    held_out = data.held_out_keys()
    return [([t for t, _ in s], bioes([tag for _, tag in s]))
            for s in read_iob_tsv(data.root / "turku-one" / "train.tsv")
            if text_key("".join(t for t, _ in s)) not in held_out]


EXAMPLES = {"upos": upos_examples, "ner": ner_examples}


def train_crf(task: str, examples: list[Example], lexicon, path: Path, params: dict | None = None) -> Path:
    """Fit the CRF of ``task`` on ``examples``; writes ``path`` and a JSON sidecar with the
    feature version, parameters and data size."""
    import pycrfsuite

    features = FEATURES[task]
    params = {**DEFAULT_PARAMS[task], **(params or {})}
    trainer = pycrfsuite.Trainer(verbose=False)
    for words, tags in examples:
        trainer.append(features(words, lexicon), tags)
    trainer.set_params(params)
    path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(path))
    sidecar = {"task": task, "feature_version": FEATURE_VERSIONS[task], "params": params,
               "sentences": len(examples), "words": sum(len(words) for words, _ in examples)}
    path.with_suffix(".json").write_text(json.dumps(sidecar, indent=2) + "\n", encoding="utf-8")
    return path
