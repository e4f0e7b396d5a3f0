"""Multi-label theme classifiers with the scikit-learn estimator interface.

Both take passages as lemma strings (``features.lemma_text``) and a 0/1 label matrix:

* :class:`ThemeClassifier`: TF-IDF over lemma words and bigrams plus character n-grams,
  one balanced logistic regression per theme, and a decision threshold per theme chosen
  by cross-validation grouped by document (:func:`choose_thresholds`); with
  ``keyword_gate`` a theme none of whose keywords occurs keeps only that share of its score.
* :class:`KeywordBaseline`: a theme when one of its keywords (base forms, also inside
  compounds: ``lastensuojeluilmoitus``) occurs — what keyword counting does.
"""
from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone

DEFAULT_THRESHOLD = 0.5


def keyword_hits(texts: list[str], keywords: list[list[str]]) -> np.ndarray:
    """Per passage and theme, how many of the theme's keywords occur (a keyword of one
    word also inside a compound lemma, one of several words as a phrase)."""
    hits = np.zeros((len(texts), len(keywords)))
    for i, text in enumerate(texts):
        padded, words = f" {text} ", text.split()
        for j, keys in enumerate(keywords):
            hits[i, j] = sum(padded.count(f" {k} ") if " " in k else sum(k in w for w in words) for k in keys)
    return hits


class KeywordFeatures(BaseEstimator):
    """The keyword hits as features (log-scaled), so the classifier starts from what the
    taxonomy says and learns from the labels how far to trust it."""

    def __init__(self, keywords: list[list[str]] | None = None, weight: float = 1.0):
        self.keywords = keywords
        self.weight = weight

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        from scipy.sparse import csr_matrix

        return csr_matrix(np.log1p(keyword_hits(list(X), self.keywords or [])) * self.weight)


def _vectorizer(keywords, chars: bool, keyword_weight: float):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    parts = [("words", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, token_pattern=r"[^ ]+"))]
    if chars:
        parts.append(("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True,
                                               max_features=60_000)))
    if keywords:
        parts.append(("keywords", KeywordFeatures(keywords, keyword_weight)))
    return FeatureUnion(parts)


class ThemeClassifier(BaseEstimator, ClassifierMixin):
    """``keywords`` (one list per theme, from the taxonomy) become features beside the
    TF-IDF of lemmas (and, with ``chars``, of character n-grams)."""

    def __init__(self, C: float = 4.0, thresholds: list | None = None, keywords: list[list[str]] | None = None,
                 chars: bool = False, keyword_weight: float = 1.0, keyword_gate: float | None = None):
        self.C = C
        self.thresholds = thresholds
        self.keywords = keywords
        self.chars = chars
        self.keyword_weight = keyword_weight
        self.keyword_gate = keyword_gate

    def fit(self, X: list[str], Y: np.ndarray):
        from sklearn.linear_model import LogisticRegression

        Y = np.asarray(Y)
        self.vectorizer_ = _vectorizer(self.keywords, self.chars, self.keyword_weight).fit(X)
        features = self.vectorizer_.transform(X)
        self.models_ = []
        for j in range(Y.shape[1]):
            column = Y[:, j]
            if column.min() == column.max():          # a theme never (or always) seen: a constant
                self.models_.append(float(column.max()))
                continue
            model = LogisticRegression(C=self.C, class_weight="balanced", max_iter=2000, solver="liblinear")
            model.fit(features, column)
            # the weights are most of a saved model (17 themes x ~30k features); single
            # precision halves it and changes no score that matters
            model.coef_ = model.coef_.astype(np.float32)
            self.models_.append(model)
        return self

    def predict_proba(self, X: list[str]) -> np.ndarray:
        features = self.vectorizer_.transform(X)
        columns = [np.full(features.shape[0], m) if isinstance(m, float) else m.predict_proba(features)[:, 1]
                   for m in self.models_]
        proba = np.column_stack(columns) if columns else np.zeros((len(X), 0))
        gate = getattr(self, "keyword_gate", None)        # models saved before the option have none
        if gate is not None and self.keywords:
            # a theme none of whose keywords occurs keeps only this share of its score: the
            # classifier then filters what keyword counting finds rather than guessing alone
            # (themes without keywords are left as they are)
            absent = (keyword_hits(list(X), self.keywords) == 0) & np.array([bool(k) for k in self.keywords])
            proba = np.where(absent, proba * gate, proba)
        return proba

    def predict(self, X: list[str]) -> np.ndarray:
        return apply_thresholds(self.predict_proba(X), self.thresholds)


class KeywordBaseline(BaseEstimator, ClassifierMixin):
    """``keywords``: one list of base forms per theme, in label order."""

    def __init__(self, keywords: list[list[str]] | None = None):
        self.keywords = keywords

    def fit(self, X, Y):
        self.n_themes_ = np.asarray(Y).shape[1]
        return self

    def predict_proba(self, X: list[str]) -> np.ndarray:
        hits = keyword_hits(list(X), self.keywords or [[] for _ in range(self.n_themes_)])
        return hits / (hits + 1)

    def predict(self, X):
        return (self.predict_proba(X) >= DEFAULT_THRESHOLD).astype(int)


def apply_thresholds(proba: np.ndarray, thresholds) -> np.ndarray:
    limits = np.array(thresholds if thresholds is not None else [DEFAULT_THRESHOLD] * proba.shape[1])
    return (proba >= limits).astype(int)


def _f1(y, pred) -> float:
    tp = int((y & pred).sum())
    return 2 * tp / (int(y.sum()) + int(pred.sum())) if tp else 0.0


def choose_thresholds(estimator, X: list[str], Y: np.ndarray, groups: list[str],
                      grid=np.arange(0.1, 0.91, 0.05), train_only=None, shrinkage: float = 0.0) -> list[float]:
    """Per theme, the threshold that maximises F1 on out-of-fold scores, the folds
    grouped by document (no document on both sides); 0.5 where a theme has too few
    examples to tell.  Passages marked ``train_only`` are in every fold's training part
    and never scored: thresholds are set on the documents they will be used on.

    With ``shrinkage`` k, a theme's threshold is pulled toward the one threshold that
    maximises micro-F1 over all themes, weighted by its number of examples n:
    (n · own + k · shared) / (n + k).  A theme seen in a few passages of three or four
    reports otherwise gets a threshold fitted to those few (models/MODEL_CARD.md)."""
    Y = np.asarray(Y)
    proba = np.zeros(Y.shape, dtype=float)
    scored = np.zeros(len(X), dtype=bool)
    for train, test in grouped_folds(groups, train_only):
        model = clone(estimator).fit([X[i] for i in train], Y[train])
        proba[test] = model.predict_proba([X[i] for i in test])
        scored[test] = True
    if not scored.any():
        return [DEFAULT_THRESHOLD] * Y.shape[1]
    Y, proba = Y[scored], proba[scored]

    def best(y, p) -> float:
        # the highest F1; of equal ones the threshold nearest 0.5
        return float(max((_f1(y, (p >= t).astype(int)), -abs(t - 0.5), t) for t in grid)[2])

    own = np.array([best(Y[:, j], proba[:, j]) if Y[:, j].sum() >= 3 else DEFAULT_THRESHOLD
                    for j in range(Y.shape[1])])
    if shrinkage > 0 and Y.sum():
        n = Y.sum(axis=0)
        own = (n * own + shrinkage * best(Y.ravel(), proba.ravel())) / (n + shrinkage)
    return [round(float(t), 2) for t in own]


def grouped_folds(groups: list[str], train_only=None, max_folds: int = 5):
    """(train, test) index arrays, at most ``max_folds``, grouped by document.  Only
    documents not marked ``train_only`` are split into folds; the train-only ones are
    added to every fold's training part.  No folds when fewer than two documents can be
    held out."""
    from sklearn.model_selection import GroupKFold

    train_only = np.zeros(len(groups), dtype=bool) if train_only is None else np.asarray(train_only, dtype=bool)
    held = np.flatnonzero(~train_only)
    always = np.flatnonzero(train_only)
    held_groups = [groups[i] for i in held]
    n_groups = len(set(held_groups))
    if n_groups < 2:
        return []
    return [(np.sort(np.concatenate([held[train], always])), held[test])
            for train, test in GroupKFold(n_splits=min(max_folds, n_groups)).split(held, groups=held_groups)]
