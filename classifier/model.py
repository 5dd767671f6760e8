"""The document-type model: a scikit-learn estimator with calibrated probabilities and abstention.

LinearSVC over `DocumentFeatures`; its decision scores are turned into probabilities by a
softmax with one temperature fitted on out-of-fold scores (temperature scaling: one parameter,
so it stays stable with few examples per class, unlike per-class isotonic fits). The same
out-of-fold predictions set the "unsure" thresholds on the top probability and on the margin
between the top two, so that confident answers reach a target error rate on held-out data.
When `fit` is told which documents are real (`calibration_mask`), the temperature and thresholds
are fitted on those documents' out-of-fold scores only: synthetic documents are too easy to tell
apart and would make the model overconfident on real ones.

A novelty score (cosine similarity of the body to the nearest class centroid) marks a document
unlike anything in training "unsure" whatever its top probability. Everything learned is arrays
(coefficients, centroids) and numbers, so `to_data` / `from_data` ship a model without pickling.
"""
from __future__ import annotations

import warnings

import numpy as np
from scipy import sparse
from scipy.optimize import minimize_scalar
from scipy.special import log_softmax, softmax
from sklearn import config_context
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted

from classifier.features import DocumentFeatures
from classifier.inference import Prediction, decide  # noqa: F401 - Prediction: importable from here too
from classifier.text import as_documents

MISSING_CLASS_SCORE = -10.0
_FEATURES = DocumentFeatures()   # where the feature parameters' defaults are read from


class TypeModel(BaseEstimator, ClassifierMixin):
    """Classifies DocumentText (or plain texts) into document types.

    Parameters are stored untouched; everything learned ends in an underscore.
    """

    # The feature parameters are DocumentFeatures', named alike (stored models name them flat) and
    # defaulting to its defaults; the one default of the type model's own is a heavier naming block.
    def __init__(self, C=0.5, class_weight="balanced", head_chars=_FEATURES.head_chars,
                 naming_chars=_FEATURES.naming_chars, naming_nouns=_FEATURES.naming_nouns, aliases=_FEATURES.aliases,
                 heading_weight=_FEATURES.heading_weight, naming_weight=1.5, alias_weight=_FEATURES.alias_weight,
                 full_weight=_FEATURES.full_weight, calibration_folds=3, target_error=0.03,
                 max_unsure_fraction=0.25, min_probability_floor=0.5, min_margin_floor=0.15,
                 calibration_max_docs=2000, body_check=False, structure_weight=_FEATURES.structure_weight,
                 full_max_features=_FEATURES.full_max_features, chars_min_df=_FEATURES.chars_min_df,
                 novelty_quantile=0.0, base=None, base_weight=1.0, random_state=0):
        self.C = C
        self.class_weight = class_weight
        self.head_chars = head_chars
        self.naming_chars = naming_chars
        self.naming_nouns = naming_nouns
        self.aliases = aliases
        self.heading_weight = heading_weight
        self.naming_weight = naming_weight
        self.alias_weight = alias_weight
        self.full_weight = full_weight
        self.calibration_folds = calibration_folds
        self.target_error = target_error
        self.max_unsure_fraction = max_unsure_fraction
        self.min_probability_floor = min_probability_floor
        self.min_margin_floor = min_margin_floor
        self.calibration_max_docs = calibration_max_docs
        self.body_check = body_check
        self.structure_weight = structure_weight
        self.full_max_features = full_max_features
        self.chars_min_df = chars_min_df
        self.novelty_quantile = novelty_quantile
        # `base`: a fitted TypeModel (the shipped default) whose probabilities become features, so
        # a model retrained on reviewers' labels keeps what the base learned from documents it
        # cannot see again, and learns corrections on top of it.
        self.base = base
        self.base_weight = base_weight
        self.random_state = random_state

    def _features(self) -> DocumentFeatures:
        """A DocumentFeatures with this model's values of the feature parameters it shares."""
        own = self.get_params(deep=False)
        return DocumentFeatures(**{name: own[name] for name in _FEATURES.get_params() if name in own})

    def _svc(self) -> LinearSVC:
        return LinearSVC(C=self.C, class_weight=self.class_weight, tol=1e-3, random_state=self.random_state)

    def fit(self, X, y, calibration_mask=None):
        """`calibration_mask` (optional, one bool per document): the documents whose out-of-fold
        scores set the temperature, the unsure thresholds and the novelty threshold (real ones);
        by default all of them."""
        self._last_matrix = None   # features of the previous fit
        docs = as_documents(X)
        y = np.asarray([str(label) for label in y], dtype=object)
        if len(docs) != len(y):
            raise ValueError(f"{len(docs)} documents but {len(y)} labels")
        mask = np.ones(len(y), dtype=bool) if calibration_mask is None else np.asarray(calibration_mask, dtype=bool)
        if len(mask) != len(y):
            raise ValueError(f"{len(y)} documents but {len(mask)} calibration flags")
        self.classes_ = np.array(sorted(set(y)), dtype=object)
        if len(self.classes_) < 2:
            raise ValueError("training needs at least two different labels")
        self.features_ = self._features()
        matrix = self._with_base(docs, self.features_.fit_transform(docs, y))
        svc = self._fit_svc(matrix, y)
        columns = np.searchsorted(self.classes_, svc.classes_)
        coef = svc.coef_ if svc.coef_.shape[0] > 1 else np.vstack([-svc.coef_[0], svc.coef_[0]])
        intercept = svc.intercept_ if svc.coef_.shape[0] > 1 else np.array([-svc.intercept_[0], svc.intercept_[0]])
        self.coef_ = np.zeros((len(self.classes_), matrix.shape[1]), dtype=np.float32)
        self.intercept_ = np.zeros(len(self.classes_), dtype=np.float64)
        self.coef_[columns], self.intercept_[columns] = coef, intercept
        rows, scores = self._out_of_fold_scores(matrix, y, mask)
        target = np.searchsorted(self.classes_, y[rows])
        self.temperature_ = _fit_temperature(scores, target)
        self.oof_proba_ = softmax(scores / self.temperature_, axis=1)
        self.oof_target_ = target
        min_probability, min_margin = _unsure_thresholds(
            self.oof_proba_, target, self.target_error, self.max_unsure_fraction)
        # Floors: a well-separated training set would otherwise never abstain, even on documents
        # unlike anything it has seen.
        self.min_probability_ = max(min_probability, self.min_probability_floor)
        self.min_margin_ = max(min_margin, self.min_margin_floor)
        self.n_features_out_ = matrix.shape[1]
        self.body_centroids_ = _centroids(matrix[:, self.features_.full_columns_], y, self.classes_) \
            if self.body_check or self.novelty_quantile else None
        self.min_similarity_ = 0.0
        if self.novelty_quantile and self.body_centroids_ is not None:
            similarity = self._similarity(matrix[mask]).max(axis=1)
            self.min_similarity_ = float(np.quantile(similarity, self.novelty_quantile))
        return self

    def __setstate__(self, state):
        """Model files written before coefficients were kept apart from the SVC still load."""
        super().__setstate__(state)
        svc = self.__dict__.pop("svc_", None)
        if svc is not None and "coef_" not in self.__dict__:
            columns = np.searchsorted(self.classes_, svc.classes_)
            two = svc.coef_.shape[0] == 1
            self.coef_ = np.zeros((len(self.classes_), svc.coef_.shape[1]), dtype=np.float32)
            self.intercept_ = np.zeros(len(self.classes_))
            self.coef_[columns] = np.vstack([-svc.coef_[0], svc.coef_[0]]) if two else svc.coef_
            self.intercept_[columns] = np.array([-svc.intercept_[0], svc.intercept_[0]]) if two else svc.intercept_

    def _matrix(self, docs) -> sparse.csr_matrix:
        # Suggesting labels asks for a document's predictions, then for its evidence: the
        # features (most of the cost) are computed once for the same document objects.
        last = getattr(self, "_last_matrix", None)
        if last is not None and len(last[0]) == len(docs) and all(a is b for a, b in zip(last[0], docs)):
            return last[1]
        # without the vectorizers' checks of their own parameters and of the numbers they made
        # themselves (~6% of transforming one document; each ingested file is suggested for alone)
        with config_context(assume_finite=True, skip_parameter_validation=True):
            matrix = self._with_base(docs, self.features_.transform(docs))
        self._last_matrix = (list(docs), matrix)
        return matrix

    def _with_base(self, docs, matrix) -> sparse.csr_matrix:
        """The feature matrix, followed by the base model's probabilities (one column per base
        class) when there is a base model."""
        if self.base is None:
            return matrix
        prior = self.base.predict_proba(docs) * self.base_weight
        return sparse.hstack([matrix, sparse.csr_matrix(prior, dtype=np.float32)], format="csr", dtype=np.float32)

    def _similarity(self, matrix) -> np.ndarray:
        """Cosine similarity of each row's body block to each class centroid."""
        return np.asarray((matrix[:, self.features_.full_columns_] @ self.body_centroids_.T).todense())

    def _fit_svc(self, matrix, y) -> LinearSVC:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            return self._svc().fit(matrix, y)

    def _out_of_fold_scores(self, matrix, y, mask) -> tuple[np.ndarray, np.ndarray]:
        """(rows, decision scores) of the calibration documents (`mask`; at most
        calibration_max_docs of them), each scored by a model that did not see it. Vectorizers are
        shared (fitted on all documents): cheap, and it is the SVC's own fit that makes in-sample
        scores overconfident. Every document still trains the fold models."""
        rows = np.flatnonzero(mask)
        if len(rows) > self.calibration_max_docs:   # a sample is plenty for 1 + 2 numbers
            rows = np.sort(sample_rows(rows, y[rows], self.calibration_max_docs, self.random_state))
        scored = np.zeros(len(y), dtype=bool)
        scored[rows] = True
        counts = {label: int((y == label).sum()) for label in self.classes_}
        folds = max(2, min(self.calibration_folds, max(counts.values())))
        scores = np.full((len(y), len(self.classes_)), MISSING_CLASS_SCORE, dtype=np.float64)
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=self.random_state)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)   # classes smaller than the fold count
            splits = list(splitter.split(np.zeros(len(y)), y))
        for train, test in splits:
            test = test[scored[test]]
            if len(set(y[train])) < 2 or not len(test):
                continue
            svc = self._fit_svc(matrix[train], y[train])
            columns = np.searchsorted(self.classes_, svc.classes_)
            decision = _decision(svc, matrix[test])
            block = np.full((len(test), len(self.classes_)), MISSING_CLASS_SCORE)
            block[:, columns] = decision
            scores[test] = block
        return rows, scores[rows]

    # -- prediction -------------------------------------------------------------------
    def _scores(self, matrix) -> np.ndarray:
        return np.asarray(matrix @ self.coef_.T, dtype=np.float64) + self.intercept_

    def decision_function(self, X) -> np.ndarray:
        check_is_fitted(self, "coef_")
        docs = as_documents(X)
        return self._scores(self._matrix(docs))

    def predict_proba(self, X) -> np.ndarray:
        return softmax(self.decision_function(X) / self.temperature_, axis=1)

    def predict(self, X) -> np.ndarray:
        return self.classes_[np.argmax(self.decision_function(X), axis=1)]

    def predictions(self, X) -> list[Prediction]:
        """Label, probability, margin and the unsure verdict for each input."""
        check_is_fitted(self, "coef_")
        docs = as_documents(X)
        matrix = self._matrix(docs)
        proba = softmax(self._scores(matrix) / self.temperature_, axis=1)
        nearest, closest = [None] * len(docs), [None] * len(docs)
        if getattr(self, "body_centroids_", None) is not None:
            similarity = self._similarity(matrix)
            closest = similarity.max(axis=1)
            if self.body_check:
                nearest = self.classes_[similarity.argmax(axis=1)]
        return [self._prediction(row, doc.readable, doc.text_coverage, body, near)
                for row, doc, body, near in zip(proba, docs, nearest, closest)]

    def novelty(self, X) -> np.ndarray:
        """1 - the body's cosine similarity to the nearest class centroid (0 = typical, 1 = alien)."""
        check_is_fitted(self, "coef_")
        if getattr(self, "body_centroids_", None) is None:
            return np.zeros(len(as_documents(X)))
        docs = as_documents(X)
        return 1.0 - self._similarity(self._matrix(docs)).max(axis=1)

    def _prediction(self, proba: np.ndarray, readable: bool = True, coverage: float = 1.0,
                    body_label: str | None = None, similarity: float | None = None) -> Prediction:
        return decide(self, proba, readable, coverage, body_label, similarity)

    def contributions(self, doc, label: str) -> list[tuple[int, float]]:
        """(feature column, contribution to `label`'s score) for the document's active features,
        largest first."""
        row = self._matrix([doc]).tocsr()
        coef = self.coef_[int(np.searchsorted(self.classes_, label))]
        pairs = [(int(j), float(v * coef[j])) for j, v in zip(row.indices, row.data)]
        return sorted(pairs, key=lambda p: p[1], reverse=True)


    # -- as data ----------------------------------------------------------------------------
    LEARNED = ("temperature_", "min_probability_", "min_margin_", "min_similarity_", "n_features_out_")

    def to_data(self) -> tuple[dict, dict[str, np.ndarray]]:
        """(JSON-able parameters and learned numbers, named arrays): everything predictions need."""
        check_is_fitted(self, "coef_")
        features_meta, arrays = self.features_.to_data()
        params = {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.get_params(deep=False).items()}
        meta = {"params": params, "classes": [str(c) for c in self.classes_], "features": features_meta,
                **{name: (float(getattr(self, name)) if name != "n_features_out_" else int(getattr(self, name)))
                   for name in self.LEARNED}}
        arrays = {**arrays, "coef": self.coef_, "intercept": self.intercept_}
        if self.body_centroids_ is not None:
            arrays["body_centroids"] = self.body_centroids_.toarray()
        params["base"] = None
        if self.base is not None:   # a retrained model: the shipped model it builds on, nested
            base_meta, base_arrays = self.base.to_data()
            meta["base"] = base_meta
            arrays.update({f"base.{k}": v for k, v in base_arrays.items()})
        return meta, arrays

    @classmethod
    def from_data(cls, meta: dict, arrays) -> "TypeModel":
        params = dict(meta["params"])
        params["naming_nouns"] = tuple(params["naming_nouns"])
        params.pop("base", None)
        base = cls.from_data(meta["base"], {k[5:]: v for k, v in arrays.items() if k.startswith("base.")}) \
            if meta.get("base") else None
        model = cls(**params, base=base)
        model.classes_ = np.array(meta["classes"], dtype=object)
        model.features_ = DocumentFeatures.from_data(meta["features"], arrays)
        model.coef_ = np.asarray(arrays["coef"], dtype=np.float32)
        model.intercept_ = np.asarray(arrays["intercept"], dtype=np.float64)
        for name in cls.LEARNED:
            setattr(model, name, meta[name])
        model.body_centroids_ = sparse.csr_matrix(np.asarray(arrays["body_centroids"], dtype=np.float32)) \
            if "body_centroids" in arrays else None
        return model


def sample_rows(rows: np.ndarray, y: np.ndarray, size: int, random_state: int = 0) -> np.ndarray:
    """`size` of `rows`, stratified by label where sklearn can (both parts must hold at least one
    row of every label, and every label two rows); otherwise a plain random sample. Stratifying
    is a nicety here, never a reason to fail: a store with 17 labels and a handful of reviewed
    documents must still train."""
    _, counts = np.unique(y, return_counts=True)
    n_classes = len(counts)
    stratify = y if counts.min() >= 2 and size >= n_classes and len(rows) - size >= n_classes else None
    chosen, _ = train_test_split(rows, train_size=size, stratify=stratify, random_state=random_state)
    return chosen


def _decision(svc, matrix) -> np.ndarray:
    """svc's decision function, one column per class it saw (for two classes sklearn returns one)."""
    scores = svc.decision_function(matrix)
    if scores.ndim == 1:
        scores = np.column_stack([-scores, scores])
    return scores


def _centroids(body, y: np.ndarray, classes: np.ndarray):
    """Unit-length mean body vector of each class (sparse): a second, independent reading of a
    document — when its body is nearest another class than the model's answer, the answer is
    marked unsure (catches documents unlike anything the model was trained on)."""
    rows = []
    for label in classes:
        mean = sparse.csr_matrix(body[y == label].mean(axis=0))
        norm = np.sqrt(mean.multiply(mean).sum()) or 1.0
        rows.append(mean / norm)
    return sparse.vstack(rows, format="csr", dtype=np.float32)


def _fit_temperature(scores: np.ndarray, target: np.ndarray) -> float:
    """The T minimising the negative log-likelihood of softmax(scores / T) on out-of-fold scores."""
    def nll(log_t: float) -> float:
        return -float(log_softmax(scores / np.exp(log_t), axis=1)[np.arange(len(target)), target].mean())
    result = minimize_scalar(nll, bounds=(np.log(0.01), np.log(100.0)), method="bounded")
    return float(np.exp(result.x))


def _unsure_thresholds(proba: np.ndarray, target: np.ndarray, target_error: float,
                       max_unsure_fraction: float) -> tuple[float, float]:
    """Thresholds on (top probability, margin) from held-out predictions: the pair that leaves the
    fewest answers unsure while the confident ones err at most `target_error`; if no pair does,
    the one with the lowest confident error among those abstaining on at most
    `max_unsure_fraction` of the answers."""
    top = proba.max(axis=1)
    ordered = np.sort(proba, axis=1)
    margin = ordered[:, -1] - ordered[:, -2]
    wrong = proba.argmax(axis=1) != target
    quantiles = np.linspace(0.0, max_unsure_fraction, 11)
    p_grid = np.unique(np.concatenate([[0.0], np.quantile(top, quantiles)]))
    m_grid = np.unique(np.concatenate([[0.0], np.quantile(margin, quantiles)]))
    best, fallback = None, None
    for p in p_grid:
        for m in m_grid:
            confident = (top >= p) & (margin >= m)
            unsure_fraction = 1.0 - confident.mean()
            if unsure_fraction > max_unsure_fraction + 1e-9 or not confident.any():
                continue
            error = wrong[confident].mean()
            if error <= target_error and (best is None or unsure_fraction < best[0]):
                best = (unsure_fraction, p, m)
            if fallback is None or error < fallback[0]:
                fallback = (error, p, m)
    chosen = best[1:] if best else (fallback[1:] if fallback else (0.0, 0.0))
    return float(chosen[0]), float(chosen[1])
