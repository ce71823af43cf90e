"""``TopicClassifier``: a multi-label, calibrated, explainable topic estimator.

A scikit-learn estimator over raw texts: ``__init__`` only stores parameters,
``fit`` learns ``classes_``, the vectorizers, one logistic regression per label
(one-vs-rest), a Platt calibration per label fitted on out-of-fold scores, and a
threshold per label; it works in ``Pipeline``, ``clone`` and ``GridSearchCV``.
The taxonomy is whatever labels ``y`` holds.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from functools import lru_cache, partial

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.utils.validation import check_is_fitted

from ..errors import InputValueError, check_str
from .features import Tokenized, char_ngrams, tokenized, word_ngrams
from .language import looks_vietnamese

_THRESHOLD_GRID = np.round(np.arange(0.05, 0.951, 0.025), 3)


@lru_cache(maxsize=8192)
def _cached_tokenized(text: str) -> Tokenized:
    # GridSearchCV refits on the same texts many times; tokenize each once.
    return tokenized(text)


def _identity(x):
    return x


def _as_label_matrix(y, classes=None):
    """Turn ``y`` (label lists, or a 0/1 matrix) into (matrix, classes)."""
    if hasattr(y, "shape") and len(getattr(y, "shape", ())) == 2:
        Y = np.asarray(y, dtype=int)
        if classes is None:
            classes = np.array([str(i) for i in range(Y.shape[1])], dtype=object)
        return Y, np.asarray(classes, dtype=object)
    y = list(y)
    for i, labels in enumerate(y):
        if isinstance(labels, str) or not hasattr(labels, "__iter__"):
            raise InputValueError(f"y[{i}] must be a list of labels (multi-label), got {labels!r}")
    if classes is None:
        classes = np.array(sorted({lab for labels in y for lab in labels}), dtype=object)
    index = {c: k for k, c in enumerate(classes)}
    Y = np.zeros((len(y), len(classes)), dtype=int)
    for i, labels in enumerate(y):
        for lab in labels:
            if lab not in index:
                raise InputValueError(f"y[{i}] has label {lab!r}, not among the classes {list(classes)}")
            Y[i, index[lab]] = 1
    return Y, np.asarray(classes, dtype=object)


def _best_threshold(y_true: np.ndarray, proba: np.ndarray) -> float:
    best, best_f1 = 0.5, -1.0
    for t in _THRESHOLD_GRID:
        pred = proba >= t
        tp = int(np.sum(pred & (y_true == 1)))
        fp = int(np.sum(pred & (y_true == 0)))
        fn = int(np.sum(~pred & (y_true == 1)))
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        # prefer thresholds near 0.5 among equals: they move least with new data
        if f1 > best_f1 + 1e-12 or (abs(f1 - best_f1) <= 1e-12 and abs(t - 0.5) < abs(best - 0.5)):
            best, best_f1 = float(t), f1
    return best


class TopicClassifier(ClassifierMixin, BaseEstimator):
    """Multi-label topic classifier over Vietnamese texts.

    Parameters
    ----------
    labels : list of str, optional
        Label order; by default the sorted labels found in ``y``.
    word_ngram_range : tuple, default (1, 2)
        N-grams of segmented words.
    char_ngram_range : tuple or None, default None
        Character n-grams inside words, e.g. (3, 5); None (the default) leaves
        them out: on the corpus they did not improve cross-validated F1 and they
        cost several times the prediction time of word n-grams.
    min_df : int, default 2
    C : float, default 4.0
        Inverse regularization of each per-label logistic regression.
    cv : int, default 5
        Folds for the out-of-fold scores that calibration and thresholds are fitted on.
    random_state : int, default 0

    Attributes
    ----------
    classes_ : ndarray of str
    thresholds_ : ndarray of float
        Per-label decision thresholds on the calibrated probability.
    calibration_ : ndarray of shape (n_labels, 2)
        Platt scaling ``(a, b)``: probability = 1 / (1 + exp(-(a * score + b))).

    Examples
    --------
    >>> from vntextkit.topics import TopicClassifier
    >>> clf = TopicClassifier(cv=2, min_df=1)
    >>> texts = ["Chi bộ ấp 3 kết nạp đảng viên mới", "Hợp tác xã nuôi tôm lãi lớn",
    ...          "Đảng ủy xã học tập nghị quyết", "Mô hình trồng lúa hữu cơ cho thu nhập cao"]
    >>> clf = clf.fit(texts, [["party"], ["production"], ["party"], ["production"]])
    >>> list(clf.classes_)
    ['party', 'production']
    """

    def __init__(self, labels=None, word_ngram_range=(1, 2), char_ngram_range=None, min_df=2, C=4.0, cv=5,
                 random_state=0):
        self.labels = labels
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.min_df = min_df
        self.C = C
        self.cv = cv
        self.random_state = random_state

    # -- features -------------------------------------------------------
    def _docs(self, X) -> list[Tokenized]:
        if isinstance(X, str):
            raise InputValueError("X must be a list of texts, not a single str; wrap it: [text]")
        return [x if isinstance(x, Tokenized) else _cached_tokenized(check_str(x, f"X[{i}]")) for i, x in enumerate(X)]

    def _make_vectorizers(self):
        vecs = [("word", TfidfVectorizer(analyzer=partial(word_ngrams, ngram_range=tuple(self.word_ngram_range)),
                                         min_df=self.min_df, sublinear_tf=True))]
        if self.char_ngram_range:
            vecs.append(("char", TfidfVectorizer(analyzer=partial(char_ngrams, ngram_range=tuple(self.char_ngram_range)),
                                                 min_df=self.min_df, sublinear_tf=True)))
        return vecs

    def _transform(self, docs):
        return sparse.hstack([vec.transform(docs) for _, vec in self.vectorizers_]).tocsr()

    def _new_lr(self):
        return LogisticRegression(C=self.C, class_weight="balanced", solver="liblinear", random_state=self.random_state)

    # -- fitting --------------------------------------------------------
    def fit(self, X, y, X_dev=None, y_dev=None):
        """Fit on texts ``X`` and label lists ``y``.

        If ``X_dev``/``y_dev`` are given, thresholds are chosen on them;
        otherwise on out-of-fold predictions of the training data.
        """
        docs = self._docs(X)
        Y, self.classes_ = _as_label_matrix(y, self.labels)
        if len(docs) != len(Y):
            raise InputValueError(f"X has {len(docs)} texts but y has {len(Y)} label lists")
        for k, c in enumerate(self.classes_):
            n_pos = int(Y[:, k].sum())
            if n_pos < max(2, self.cv) or len(Y) - n_pos < max(2, self.cv):
                raise InputValueError(
                    f"label {c!r} has {n_pos} positive and {len(Y) - n_pos} negative examples; "
                    f"need at least {max(2, self.cv)} of each"
                )
        self.__dict__.pop("_fast_cache", None)
        self.vectorizers_ = self._make_vectorizers()
        for _, vec in self.vectorizers_:
            vec.fit(docs)
        Xm = self._transform(docs)
        n_labels = len(self.classes_)
        self.estimators_ = []
        self.calibration_ = np.zeros((n_labels, 2))
        oof = np.zeros((len(docs), n_labels))
        for k in range(n_labels):
            folds = StratifiedKFold(n_splits=self.cv, shuffle=True, random_state=self.random_state)
            for tr, te in folds.split(Xm, Y[:, k]):
                oof[te, k] = self._new_lr().fit(Xm[tr], Y[tr, k]).decision_function(Xm[te])
            # Platt scaling, lightly regularized: on separable data an unregularized
            # fit pushes every score to 0 or 1, which overstates certainty on new feeds.
            platt = LogisticRegression(C=1.0, solver="lbfgs").fit(oof[:, [k]], Y[:, k])
            self.calibration_[k] = (platt.coef_[0, 0], platt.intercept_[0])
            self.estimators_.append(self._new_lr().fit(Xm, Y[:, k]))
        if X_dev is not None:
            Y_dev, _ = _as_label_matrix(y_dev, self.classes_)
            P = self.predict_proba(X_dev)
        else:
            Y_dev, P = Y, self._calibrate(oof)
        self.thresholds_ = np.array([_best_threshold(Y_dev[:, k], P[:, k]) for k in range(n_labels)])
        return self

    # -- prediction -----------------------------------------------------
    def _calibrate(self, scores: np.ndarray) -> np.ndarray:
        a, b = self.calibration_[:, 0], self.calibration_[:, 1]
        return 1.0 / (1.0 + np.exp(-(scores * a + b)))

    def decision_function(self, X) -> np.ndarray:
        """Per-label linear scores, shape (n_texts, n_labels)."""
        check_is_fitted(self, "estimators_")
        docs = self._docs(X)
        if len(docs) <= 32:
            return np.array([self._fast_decision(d) for d in docs]).reshape(len(docs), len(self.classes_))
        Xm = self._transform(docs)
        return np.column_stack([est.decision_function(Xm) for est in self.estimators_])

    def _fast_parts(self):
        """Vocabularies, idf and the stacked weights of every label, for scoring a
        few documents without scikit-learn's per-call overhead."""
        parts = getattr(self, "_fast_cache", None)
        if parts is None:
            W = np.column_stack([est.coef_.ravel() for est in self.estimators_])
            b = np.array([est.intercept_[0] for est in self.estimators_])
            vecs, off = [], 0
            for _, vec in self.vectorizers_:
                n = len(vec.vocabulary_)
                vecs.append((vec.analyzer, vec.vocabulary_, vec.idf_, W[off : off + n]))
                off += n
            parts = self._fast_cache = (vecs, b)
        return parts

    def _fast_decision(self, doc) -> np.ndarray:
        # Same arithmetic as TfidfVectorizer(sublinear_tf=True, norm="l2") followed
        # by each LogisticRegression's decision_function.
        vecs, b = self._fast_parts()
        score = b.copy()
        for analyzer, vocab, idf, W in vecs:
            counts = Counter(g for g in analyzer(doc) if g in vocab)
            if not counts:
                continue
            idx = np.fromiter((vocab[g] for g in counts), dtype=np.intp, count=len(counts))
            vals = (1.0 + np.log(np.fromiter(counts.values(), dtype=float, count=len(counts)))) * idf[idx]
            vals /= np.sqrt(vals @ vals)
            score += vals @ W[idx]
        return score

    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop("_fast_cache", None)
        return state

    def predict_proba(self, X) -> np.ndarray:
        """Calibrated probability of every label, shape (n_texts, n_labels).

        Texts that are empty or not Vietnamese get probabilities of 0.
        """
        docs = self._docs(X)
        P = self._calibrate(self.decision_function(docs))
        for i, d in enumerate(docs):
            if not looks_vietnamese(d):
                P[i] = 0.0
        return P

    def predict(self, X) -> np.ndarray:
        """0/1 matrix (n_texts, n_labels): probability at or above the label's threshold."""
        return (self.predict_proba(X) >= self.thresholds_).astype(int)

    def predict_labels(self, X) -> list[list[str]]:
        """The labels of each text, as lists."""
        return [[str(c) for c, on in zip(self.classes_, row) if on] for row in self.predict(X)]

    def score(self, X, y, sample_weight=None):
        """Macro-averaged F1 over labels (what ``GridSearchCV`` maximizes by default)."""
        from sklearn.metrics import f1_score

        Y, _ = _as_label_matrix(y, self.classes_)
        return f1_score(Y, self.predict(X), average="macro", zero_division=0)

    # -- explanation ----------------------------------------------------
    def explain(self, text_or_doc, top: int = 8) -> dict[str, list[tuple[str, float]]]:
        """For each label, the words and phrases of the text with the largest
        contributions to its score, as written in the text, positive (pushed
        the label up) and negative (pushed it down), strongest first."""
        check_is_fitted(self, "estimators_")
        text = getattr(text_or_doc, "text", text_or_doc)
        doc = _cached_tokenized(check_str(text))
        rows = [vec.transform([doc]).tocsr() for _, vec in self.vectorizers_]
        names = [vec.get_feature_names_out() for _, vec in self.vectorizers_]
        offsets = np.cumsum([0] + [len(n) for n in names])
        lowered = [w.replace(" ", "_") for w in doc.words]
        out = {}
        for k, est in enumerate(self.estimators_):
            coef = est.coef_[0]
            contrib: dict[str, float] = defaultdict(float)
            for (kind, vec), row, off, feats in zip(self.vectorizers_, rows, offsets, names):
                for j, value in zip(row.indices, row.data):
                    c = value * coef[off + j]
                    if c == 0:
                        continue
                    gram = feats[j]
                    if kind == "word":
                        parts = gram.split(" ")
                        n = len(parts)
                        hits = [i for i in range(len(lowered) - n + 1) if lowered[i : i + n] == parts]
                        if hits:
                            i = hits[0]
                            contrib[text[doc.spans[i][0] : doc.spans[i + n - 1][1]]] += c
                    else:
                        holders = [i for i, w in enumerate(doc.words) if gram in f" {w} "]
                        for i in holders:
                            contrib[doc.surfaces[i]] += c / len(holders)
            ranked = sorted(contrib.items(), key=lambda kv: -abs(kv[1]))
            pos = [(w, round(float(v), 4)) for w, v in ranked if v > 0][:top]
            neg = [(w, round(float(v), 4)) for w, v in ranked if v < 0][:top]
            out[str(self.classes_[k])] = {"up": pos, "down": neg}
        return out
