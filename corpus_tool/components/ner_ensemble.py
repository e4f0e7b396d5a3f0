"""Several NER models of the same tag set as one: their CRF scores averaged before decoding.

The bundled NER has no pretrained word vectors, so two models trained on the same data
from different random starts make partly different mistakes on words they rarely saw;
averaging their emission and transition scores (a product of the two CRFs) keeps what
they agree on.  Stanza's own multi-model NER runs models one after another and lets the
first one win, which is no ensemble.

Each member reads the words of a batch itself (Stanza's NER maps word strings to its own
vocabulary inside ``forward``); characters and tags come from the default model's
vocabulary, so members must share its character and tag vocabularies (checked on load).
Members are stored compactly (``modelstore.store_ensemble_member``: the embedding table
in 8 bits) and read by corpus-tool, not by Stanza.
"""
from __future__ import annotations

from pathlib import Path


class NerEnsemble:
    """Wraps the NER model of a loaded ``stanza.Pipeline``: ``forward`` returns the mean of
    its own and each member's scores.  ``member_files``: Stanza NER model files."""

    def __init__(self, nlp, member_files: list[Path]):
        from stanza.models.ner.trainer import Trainer

        from corpus_tool.modelstore import read_ensemble_member

        primary = nlp.processors["ner"].trainers[0]
        self.members = []
        for path in member_files:
            member = Trainer(model_file=read_ensemble_member(path), device="cpu")
            for name in ("char", "tag"):
                if name in primary.vocab and member.vocab[name].state_dict() != primary.vocab[name].state_dict():
                    raise ValueError(f"{path}: its {name} vocabulary differs from the default NER's")
            member.model.eval()
            self.members.append(member.model)
        self._forward = primary.model.forward
        primary.model.forward = self._mean_forward

    def _mean_forward(self, *args, **kwargs):
        loss, logits, trans = self._forward(*args, **kwargs)
        if not self.members:
            return loss, logits, trans
        import torch

        with torch.no_grad():
            outputs = [model(*args, **kwargs) for model in self.members]
        count = len(self.members) + 1
        logits = [sum([column] + [out[1][i] for out in outputs]) / count for i, column in enumerate(logits)]
        trans = [sum([column] + [out[2][i] for out in outputs]) / count for i, column in enumerate(trans)]
        return loss, logits, trans
