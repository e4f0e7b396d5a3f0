"""Feature-based CRF taggers over Voikko's analyses: a second opinion for Stanza's tagger and NER.

The bundled Stanza models have no pretrained word vectors, so a word they rarely saw is
judged from its characters alone (and, in the NER, from a capital letter).  A linear-chain
CRF (CRFsuite) whose features are the word, its endings, its neighbours and Voikko's
analyses (word classes, including first names, surnames and place names; cases;
participles) knows the whole standard lexicon instead, and trains on the same data in
minutes.  Its per-word tag marginals are added, as log-probabilities times a weight, to the
Stanza model's scores before it decides (a product of the two models): in the tagger
through ``tagger_lexicon.LexiconConstrainedTagger``, so features and lemmas are
conditioned on the combined choice; in the NER through ``CrfNerOpinion`` below, before
the CRF decoding.  The weights were chosen on the selection slice of TDT dev and on
TurkuONE dev (models/MODEL_CARD.md).

Two tasks, each with its own features and model file in the models directory:
``upos`` (``fi/pos/crf.crfsuite``, UD UPOS) and ``ner`` (``fi/ner/crf.crfsuite``, the
NER's BIOES tags).  A JSON sidecar beside each records the feature version it was trained
with; a model of another version is refused.
"""
from __future__ import annotations

import importlib.util
import math
import re
from pathlib import Path

MODEL_FILE = "crf.crfsuite"
TASK_DIRS = {"upos": "pos", "ner": "ner"}       # fi/<dir>/crf.crfsuite
# Bumped whenever a task's features change.
FEATURE_VERSIONS = {"upos": "1", "ner": "1"}
_PUNCT = re.compile(r"^\W+$")
_LOG_FLOOR = math.log(1e-6)


def is_available() -> bool:
    return importlib.util.find_spec("pycrfsuite") is not None


def _analysis(lexicon, form: str) -> tuple[str, str, bool]:
    """Voikko's classes and cases of a form (``|``-joined, sorted) and whether any analysis
    is a participle; a capitalised word Voikko does not know is looked up in lower case
    (a common word at the start of a sentence)."""
    found = lexicon.raw(form)
    if not found and form[:1].isupper():
        found = lexicon.raw(form.lower())
    classes = "|".join(sorted({a.get("CLASS", "") for a in found})) or "UNK"
    cases = "|".join(sorted({a["SIJAMUOTO"] for a in found if a.get("SIJAMUOTO")}))
    return classes, cases, any(a.get("PARTICIPLE") for a in found)


def upos_features(words: list[str], lexicon) -> list[list[str]]:
    """CRFsuite features of each word of one sentence, for UPOS."""
    analyses = [_analysis(lexicon, w) for w in words]
    last = len(words) - 1
    out = []
    for i, word in enumerate(words):
        low = word.lower()
        classes, cases, participle = analyses[i]
        feats = ["bias", "w=" + low, "p2=" + low[:2], "p3=" + low[:3],
                 *(f"s{k}={low[-k:]}" for k in range(1, 6)),
                 "vc=" + classes, "vk=" + cases, "vcvk=" + classes + "/" + cases,
                 *("c=" + c for c in classes.split("|"))]
        if participle:
            feats.append("participle")
        if word[:1].isupper():
            feats.append("title" if i == 0 else "title_inside")
        if word.isupper() and len(word) > 1:
            feats.append("upper")
        if any(ch.isdigit() for ch in word):
            feats.append("digit" if not word.isdigit() else "number")
        if _PUNCT.match(word):
            feats.append("punct")
        if "-" in word:
            feats.append("hyphen")
        if i == 0:
            feats.append("first")
        if i == last:
            feats.append("last")
        for d in (-2, -1, 1, 2):
            j = i + d
            if not 0 <= j <= last:
                feats.append(f"{d}:edge")
                continue
            other = words[j].lower()
            feats.append(f"{d}:w={other}")
            if abs(d) == 1:
                feats += [f"{d}:vc={analyses[j][0]}", f"{d}:vk={analyses[j][1]}", f"{d}:s3={other[-3:]}",
                          f"{d}:vc+vc={analyses[j][0]}/{classes}"]
        out.append(feats)
    return out


def _shape(word: str) -> str:
    """``Kuopion`` -> ``Xxx``, ``2014–2016`` -> ``dd–dd``: character classes, runs cut to two."""
    shape = re.sub(r"[^\W\d_]", lambda m: "X" if m.group().isupper() else "x", word)
    return re.sub(r"(.)\1+", r"\1\1", re.sub(r"\d", "d", shape))


def _classes(lexicon, form: str) -> str:
    # no lower-case fallback here: a capital Voikko does not know is evidence of a name
    return "|".join(sorted({a.get("CLASS", "") for a in lexicon.raw(form)})) or "UNK"


def ner_features(words: list[str], lexicon) -> list[list[str]]:
    """CRFsuite features of each word of one sentence, for named entities."""
    classes = [_classes(lexicon, w) for w in words]
    last = len(words) - 1
    out = []
    for i, word in enumerate(words):
        low = word.lower()
        feats = ["b", "w=" + low, "s2=" + low[-2:], "s3=" + low[-3:], "s4=" + low[-4:], "p3=" + low[:3],
                 "p4=" + low[:4], "sh=" + _shape(word), "vc=" + classes[i],
                 *("c=" + c for c in classes[i].split("|"))]
        if word[:1].isupper():
            feats += ["title", "title_vc=" + classes[i]]
        if i == 0:
            feats += ["first", "first_vc=" + classes[i]]
        for d in (-2, -1, 1, 2):
            j = i + d
            if not 0 <= j <= last:
                feats.append(f"{d}B")
                continue
            other = words[j].lower()
            feats.append(f"{d}w=" + other)
            if abs(d) == 1:
                feats += [f"{d}sh=" + _shape(words[j]), f"{d}vc=" + classes[j], f"{d}s3=" + other[-3:]]
        out.append(feats)
    return out


FEATURES = {"upos": upos_features, "ner": ner_features}


class CrfTagger:
    """A trained CRFsuite model of one task (``path``) and the lexicon its features read."""

    def __init__(self, path: Path, lexicon, task: str = "upos"):
        import pycrfsuite

        self.lexicon, self.task = lexicon, task
        self._features = FEATURES[task]
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))
        self.labels = list(self._tagger.labels())

    def tag(self, words: list[str]) -> list[str]:
        return self._tagger.tag(self._features(words, self.lexicon)) if words else []

    def log_marginals(self, words: list[str]) -> list[dict[str, float]]:
        """Per word, the log of each tag's marginal probability in the sentence."""
        return [dict(zip(self.labels, row)) for row in self._log_marginal_rows(words, self.labels)]

    def _log_marginal_rows(self, words: list[str], labels: list[str]) -> list[list[float]]:
        if not words:
            return []
        self._tagger.set(self._features(words, self.lexicon))
        marginal, log = self._tagger.marginal, math.log
        return [[log(max(marginal(label, i), 1e-6)) for label in labels] for i in range(len(words))]

    def score_rows(self, words: list[str], index: dict[str, int], size: int, weight: float):
        """``weight`` times the log marginals as a ``len(words) x size`` tensor whose columns
        are a Stanza model's tag indices (``index``); a tag the CRF does not have (Stanza's
        padding and unknown entries) gets the floor."""
        import torch

        rows = torch.full((len(words), size), weight * _LOG_FLOOR)
        if words and index:
            labels = list(index)
            values = torch.tensor(self._log_marginal_rows(words, labels), dtype=rows.dtype)
            rows[:, [index[label] for label in labels]] = weight * values
        return rows


def bioes(tags: list[str]) -> list[str]:
    """IOB2 tags as the BIOES tags Stanza's NER decodes (``B-X I-X`` -> ``B-X E-X``)."""
    out = []
    for i, tag in enumerate(tags):
        if tag == "O":
            out.append(tag)
            continue
        kind = tag[2:]
        continues = i + 1 < len(tags) and tags[i + 1] == "I-" + kind
        if tag.startswith("B-"):
            out.append(("B-" if continues else "S-") + kind)
        else:
            out.append(("I-" if continues else "E-") + kind)
    return out


class CrfNerOpinion:
    """Wraps the NER model of a loaded ``stanza.Pipeline``: the CRF's log marginals times
    ``weight`` are added to the emission scores of each sentence before decoding.  Install
    after ``ner_ensemble`` (it acts on the averaged scores) and before the sentence-start
    constraint.  Setting ``weight`` to 0 turns it off without reloading."""

    def __init__(self, nlp, crf: CrfTagger, weight: float):
        self.crf, self.weight = crf, weight
        trainer = nlp.processors["ner"].trainers[0]
        tags = trainer.model.vocab["tag"].items(0)
        self._size = len(tags)
        position = {tag: i for i, tag in enumerate(tags)}
        self._index = {tag: position[tag] for tag in crf.labels if tag in position}
        self._forward = trainer.model.forward
        trainer.model.forward = self._forward_with_crf

    def _forward_with_crf(self, sentences, *args, **kwargs):
        loss, logits, trans = self._forward(sentences, *args, **kwargs)
        if self.weight:
            for b, words in enumerate(sentences):     # words as strings, one list per sentence
                rows = self.crf.score_rows(list(words), self._index, self._size, self.weight)
                logits[0][b, :len(words)] += rows.to(logits[0].device, logits[0].dtype)
        return loss, logits, trans
