"""Run a Stanza trainer module, starting from a saved model instead of a fresh one.

Stanza's tagger trainer cannot continue from a checkpoint; its ``Trainer`` can load
one.  ``python -m corpus_tool.training.stanza_resume MODULE --resume_from FILE ARGS...``
runs ``MODULE.main(ARGS)`` with the first freshly built Trainer replaced by one
loaded from FILE, and the vocabulary the trainer would build from the training files
replaced by FILE's, so the data is indexed exactly as the saved model expects.
Training goes on from there; the optimiser state and learning-rate schedule start anew.
"""
from __future__ import annotations

import importlib
import sys


def main(argv: list[str]) -> None:
    module_name, args = argv[0], list(argv[1:])
    resume_from = None
    if "--resume_from" in args:
        i = args.index("--resume_from")
        resume_from = args[i + 1]
        del args[i:i + 2]
    module = importlib.import_module(module_name)
    if resume_from:
        dataset = getattr(module, "Dataset", None)
        if dataset is not None and hasattr(dataset, "init_vocab"):
            import torch

            # each Stanza model family has its own MultiVocab, beside its Trainer
            multi_vocab = importlib.import_module(module.Trainer.__module__).MultiVocab
            state = torch.load(resume_from, map_location="cpu", weights_only=True)
            saved_vocab = multi_vocab.load_state_dict(state["vocab"])
            dataset.init_vocab = staticmethod(lambda *a, **kw: saved_vocab)
        fresh_trainer = module.Trainer

        def trainer_from_checkpoint(*a, **kw):
            if kw.get("model_file") is None:
                kw.pop("vocab", None)
                kw["model_file"] = resume_from
            return fresh_trainer(*a, **kw)

        module.Trainer = trainer_from_checkpoint
    module.main(args)


if __name__ == "__main__":
    main(sys.argv[1:])
