"""Training data from labelled passages, grouped cross-validation, and model training.

Labelled passages are analysed exactly as ``ingest`` analyses them (extract, normalise,
repair, Stanza + lexicon), so the classifier learns from the lemmas it will see.
Evaluation is cross-validation grouped by document: the passages of one report are
never split between training and test.  Reports given as *training reports* (texts the
project wrote to widen the training data, ``corpus/training_reports``) are in every fold's
training part and never in a test part, so the figures are measured on real reports only.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from corpus_tool.themes.classifier import (KeywordBaseline, ThemeClassifier, apply_thresholds, choose_thresholds,
                                           grouped_folds)
from corpus_tool.scores import rounded
from corpus_tool.themes.labels import LabelledPassage, passage_sha1
from corpus_tool.themes.taxonomy import Taxonomy


@dataclass
class TrainingSet:
    texts: list[str]          # lemma text per passage
    Y: np.ndarray             # passages x themes, 0/1
    groups: list[str]         # the report each passage comes from
    records: list[LabelledPassage]
    train_only: np.ndarray | None = None    # per passage: from a training report (never evaluated)

    def __post_init__(self):
        if self.train_only is None:
            self.train_only = np.zeros(len(self.texts), dtype=bool)

    def report_names(self, train_only: bool = False) -> list[str]:
        """The real reports (or, with ``train_only``, the training reports) the passages come from."""
        return sorted({g for g, only in zip(self.groups, self.train_only) if bool(only) == train_only})


def analyse_labelled(records: list[LabelledPassage], reports: Path | list[Path], ingester, taxonomy: Taxonomy,
                     training_reports: list[Path] = ()) -> TrainingSet:
    """Lemma texts for labelled passages, each record's report looked up in the folders
    ``reports`` and then ``training_reports`` (passages of the latter are marked
    train-only).  A record whose passage is gone (the report or the normaliser changed:
    offsets or checksum differ) is an error naming it."""
    from corpus_tool.extract import read_document
    from corpus_tool.normalise import normalise
    from corpus_tool.themes.features import lemma_text

    unknown = {t for r in records for t in r.themes} - set(taxonomy.ids)
    if unknown:
        raise ValueError(f"labels use themes not in the taxonomy: {', '.join(sorted(unknown))}")
    by_source: dict[str, list[LabelledPassage]] = {}
    for record in records:
        by_source.setdefault(record.source, []).append(record)
    folders = [(d, False) for d in ([reports] if isinstance(reports, Path) else reports)]
    folders += [(d, True) for d in training_reports]
    texts, rows, groups, kept, train_only = [], [], [], [], []
    for source, items in sorted(by_source.items()):
        found = next(((d / source, only) for d, only in folders if (d / source).exists()), None)
        if found is None:
            raise ValueError(f"{source}: labelled report not found in {', '.join(str(d) for d, _ in folders)}")
        path, only = found
        layout = normalise(read_document(path).pages, ingester.lexicon)
        index = {(p.start, p.end): i for i, p in enumerate(layout.passages)}
        record = ingester.build_record(path, "")
        for item in items:
            i = index.get((item.start, item.end))
            if i is None or passage_sha1(layout.text[item.start:item.end]) != item.sha1:
                raise ValueError(f"{source} {item.start}-{item.end}: no such passage any more (report or "
                                 "normaliser changed); relabel it")
            analysis = record.passages[i].analysis
            texts.append(lemma_text(analysis) if analysis is not None else "")
            rows.append([int(t in item.themes) for t in taxonomy.ids])
            groups.append(source)
            kept.append(item)
            train_only.append(only)
    return TrainingSet(texts, np.array(rows, dtype=int).reshape(len(rows), len(taxonomy.ids)), groups, kept,
                       np.array(train_only, dtype=bool))


def prf(Y: np.ndarray, P: np.ndarray, ids: list[str]) -> dict:
    """Precision, recall, F1 per theme, micro and macro (macro over themes with gold examples)."""
    out = {}
    for j, theme in enumerate(ids):
        tp, n_pred, n_gold = int((Y[:, j] & P[:, j]).sum()), int(P[:, j].sum()), int(Y[:, j].sum())
        out[theme] = _scores(tp, n_pred, n_gold)
    tp, n_pred, n_gold = int((Y & P).sum()), int(P.sum()), int(Y.sum())
    out["micro"] = _scores(tp, n_pred, n_gold)
    present = [out[t] for t in ids if out[t]["support"]]
    out["macro"] = {k: round(float(np.mean([s[k] for s in present])), 4) if present else 0.0
                    for k in ("precision", "recall", "f1")}
    return out


def _scores(tp: int, n_pred: int, n_gold: int) -> dict:
    return {**rounded(tp, n_pred, n_gold), "support": n_gold}


# Chosen by grouped cross-validation on corpus/labels (models/MODEL_CARD.md): keyword
# hits weighted 6 beside word and character n-grams did best (micro-F1 0.61 against 0.58
# without character n-grams and 0.48 without keyword features).
CLASSIFIER_SETTINGS = {"C": 4.0, "keyword_weight": 6.0, "chars": True, "keyword_gate": 0.0}
# Per-theme thresholds pulled toward one shared threshold as if each theme had 20 more
# examples at it (choose_thresholds): the same cross-validation gave micro-F1 0.669 -> 0.676,
# macro 0.636 -> 0.664; micro-F1 rose for each of ten classifier variants tried (models/MODEL_CARD.md).
THRESHOLD_SHRINKAGE = 20.0


def make_classifier(taxonomy: Taxonomy, **settings) -> ThemeClassifier:
    keywords = [list(t.keywords) for t in taxonomy.themes]
    return ThemeClassifier(keywords=keywords if any(keywords) else None, **{**CLASSIFIER_SETTINGS, **settings})


def cross_validate(data: TrainingSet, taxonomy: Taxonomy, **settings) -> dict:
    """Grouped cross-validation (one fold per report, at most 5) of the classifier —
    thresholds chosen inside each training fold — and of the keyword baseline.  Only
    passages of real reports are scored; training reports are always in the training part."""
    folds = grouped_folds(data.groups, data.train_only)
    if not folds:
        raise ValueError("grouped cross-validation needs labelled passages from at least two reports "
                         "(training reports not counted)")
    Y = data.Y
    P_model = np.zeros_like(Y)
    P_base = np.zeros_like(Y)
    keywords = [list(t.keywords) for t in taxonomy.themes]
    for train, test in folds:
        X_train = [data.texts[i] for i in train]
        X_test = [data.texts[i] for i in test]
        thresholds = choose_thresholds(make_classifier(taxonomy, **settings), X_train, Y[train],
                                       [data.groups[i] for i in train], train_only=data.train_only[train],
                                       shrinkage=THRESHOLD_SHRINKAGE)
        model = make_classifier(taxonomy, thresholds=thresholds, **settings).fit(X_train, Y[train])
        P_model[test] = model.predict(X_test)
        P_base[test] = KeywordBaseline(keywords).fit(X_train, Y[train]).predict(X_test)
    scored = ~data.train_only
    return {"folds": len(folds), "passages": int(scored.sum()), "reports": len(data.report_names()),
            "training_only": {"passages": int(data.train_only.sum()),
                              "reports": len(data.report_names(train_only=True))},
            "classifier": prf(Y[scored], P_model[scored], taxonomy.ids),
            "keyword_baseline": prf(Y[scored], P_base[scored], taxonomy.ids)}


def fit_final(data: TrainingSet, taxonomy: Taxonomy, evaluation: dict, **settings):
    """The model to ship: the classifier, or the keyword baseline if it did better in
    cross-validation."""
    if evaluation["keyword_baseline"]["micro"]["f1"] > evaluation["classifier"]["micro"]["f1"]:
        return "keyword_baseline", KeywordBaseline([list(t.keywords) for t in taxonomy.themes]).fit(data.texts, data.Y)
    thresholds = choose_thresholds(make_classifier(taxonomy, **settings), data.texts, data.Y, data.groups,
                                   train_only=data.train_only, shrinkage=THRESHOLD_SHRINKAGE)
    return "classifier", make_classifier(taxonomy, thresholds=thresholds, **settings).fit(data.texts, data.Y)


def uncertainty(proba: np.ndarray, thresholds: list[float]) -> np.ndarray:
    """How unsure a model is about each passage: the closest any theme's score comes
    to its threshold (0 = on the threshold)."""
    return np.abs(proba - np.array(thresholds)).min(axis=1) if proba.size else np.zeros(len(proba))


@dataclass
class Candidate:
    record: LabelledPassage          # themes empty until decided
    text: str                        # the passage as it reads
    suggestion: list[str]            # what the current model would tag
    uncertainty: float


def label_candidates(reports: list[Path], ingester, model, labelled: set[tuple[str, int, int]]) -> list[Candidate]:
    """Passages of ``reports`` not yet labelled, the ones the model is least sure about first."""
    from corpus_tool.extract import read_document
    from corpus_tool.normalise import normalise
    from corpus_tool.themes.features import lemma_text

    candidates = []
    for path in reports:
        layout = normalise(read_document(path).pages, ingester.lexicon)
        record = ingester.build_record(path, "")
        todo = [(i, p) for i, p in enumerate(layout.passages) if (path.name, p.start, p.end) not in labelled
                and record.passages[i].analysis is not None]
        if not todo:
            continue
        texts = [lemma_text(record.passages[i].analysis) for i, _ in todo]
        proba, thresholds = model.scores(texts), model.thresholds()   # scored once, both views from it
        predicted = apply_thresholds(proba, thresholds)
        unsure = uncertainty(proba, thresholds)
        for (i, p), row, u in zip(todo, predicted, unsure):
            text = layout.text[p.start:p.end]
            stub = LabelledPassage(path.name, p.start, p.end, passage_sha1(text), [])
            candidates.append(Candidate(stub, text, [t for t, on in zip(model.taxonomy.ids, row) if on], float(u)))
    return sorted(candidates, key=lambda c: c.uncertainty)

