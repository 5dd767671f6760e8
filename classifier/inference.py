"""Predictions of a fitted type model from its data alone: numpy, no scikit-learn, no SciPy.

A fitted TypeModel (classifier/model.py) is vocabularies, idf weights, coefficients, centroids and
a few numbers (`TypeModel.to_data`). Predicting from them is a TF-IDF transform, a linear decision
function and a softmax with one temperature; `LinearModel` does exactly that with numpy, so the
processes that only classify (the ingest writer, the pool's fork server and workers, the queue's
workers) never import scikit-learn or SciPy (about 2 CPU s per process). scikit-learn is imported
only to train.

The numbers are the estimator's own, bit for bit, not approximately: every step repeats
scikit-learn's and SciPy's operations in the same float types and the same order of summation
(float32 counts and weights, log1p-style sublinear tf, idf products rounded to float32, L2 norms
summed in float64 in column order, the sparse product accumulated in float32 term by term), so a
label stored at ingest is the one the estimator gives. tests/test_classifier_inference.py compares
the two on made-up texts; bench/classifier_inference.py on the real sets.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Sequence

import numpy as np

from classifier.feature_text import (STRUCTURE_NAMES, TOKEN, FeatureSource, alias_values,
                                     document_fronts, feature_sources, naming_ngrams, naming_text, structure_values)
from classifier.text import MIN_TEXT_COVERAGE, DocumentText, as_documents

# The four TF-IDF blocks, in column order, and how each cuts its terms: the analyzers of
# DocumentFeatures._vectorizers (scikit-learn's word 1-2 grams over TOKEN without lowercasing,
# char_wb 3-5 grams, the naming n-grams, and the default lowercased r"(?u)\b\w\w+\b" words).
VECTORIZERS = ("heading_words_", "heading_chars_", "naming_words_", "full_words_")
DEFAULT_WORD = re.compile(r"(?u)\b\w\w+\b")
WHITE_SPACES = re.compile(r"\s\s+")


def heading_word_terms(text: str) -> list[str]:
    """scikit-learn's word analyzer, ngram_range (1, 2), token_pattern TOKEN, lowercase=False."""
    tokens = TOKEN.findall(text)
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]


def heading_char_terms(text: str) -> list[str]:
    """scikit-learn's char_wb analyzer, ngram_range (3, 5), lowercase=False."""
    grams = []
    for word in WHITE_SPACES.sub(" ", text).split():
        word = f" {word} "
        length = len(word)
        for n in (3, 4, 5):
            offset = 0
            grams.append(word[:n])
            while offset + n < length:
                offset += 1
                grams.append(word[offset:offset + n])
            if offset == 0:   # a short word is counted once
                break
    return grams


def full_word_terms(text: str) -> list[str]:
    """scikit-learn's default word analyzer: lowercased, r"(?u)\\b\\w\\w+\\b", unigrams."""
    return DEFAULT_WORD.findall(text.lower())


ANALYZERS: dict[str, Callable[[str], list[str]]] = {
    "heading_words_": heading_word_terms, "heading_chars_": heading_char_terms,
    "naming_words_": naming_ngrams, "full_words_": full_word_terms}


@dataclass(frozen=True)
class Prediction:
    label: str
    probability: float
    margin: float
    unsure: bool
    reason: str = ""          # why unsure, in words
    runner_up: str | None = None

    def to_dict(self) -> dict:
        return {"label": self.label, "probability": round(self.probability, 4), "margin": round(self.margin, 4),
                "unsure": self.unsure, "reason": self.reason, "runner_up": self.runner_up}


def softmax(scores: np.ndarray) -> np.ndarray:
    """scipy.special.softmax(scores, axis=1), the same operations."""
    shifted = np.exp(scores - np.max(scores, axis=1, keepdims=True))
    return shifted / np.sum(shifted, axis=1, keepdims=True)


def decide(model, proba: np.ndarray, readable: bool = True, coverage: float = 1.0,
           body_label: str | None = None, similarity: float | None = None) -> Prediction:
    """The Prediction for one row of probabilities: the top label, and whether (and why) it is
    unsure, by `model`'s thresholds (min_probability_, min_margin_, min_similarity_)."""
    classes = model.classes_
    order = np.argsort(proba)[::-1]
    top = float(proba[order[0]])
    second = float(proba[order[1]]) if len(order) > 1 else 0.0
    margin = top - second
    reasons = []
    if not readable:
        reasons.append("the text is missing or unreadable (scan without OCR, or a broken font map)")
    elif coverage < MIN_TEXT_COVERAGE:
        reasons.append(f"only {coverage:.0%} of the pages carry text")
    if top < model.min_probability_:
        reasons.append(f"top probability {top:.2f} is below {model.min_probability_:.2f}")
    if margin < model.min_margin_:
        reasons.append(f"margin {margin:.2f} over {classes[order[1]]} is below {model.min_margin_:.2f}")
    if body_label is not None and body_label != classes[order[0]]:
        reasons.append(f"the body text reads most like {body_label}")
    if similarity is not None and similarity < getattr(model, "min_similarity_", 0.0):
        reasons.append(f"the text is unlike the documents the model was trained on (similarity "
                       f"{similarity:.2f} to the nearest type, below {model.min_similarity_:.2f})")
    return Prediction(str(classes[order[0]]), top, margin, bool(reasons), "; ".join(reasons),
                      str(classes[order[1]]) if len(order) > 1 else None)


class _Rows:
    """A sparse float32 matrix as scikit-learn builds it (CSR: each row's columns in order)."""

    def __init__(self, indptr: np.ndarray, indices: np.ndarray, data: np.ndarray):
        self.indptr, self.indices, self.data = indptr, indices, data

    def row(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        a, b = self.indptr[i], self.indptr[i + 1]
        return self.indices[a:b], self.data[a:b]


class TfidfBlock:
    """One fitted TfidfVectorizer (sublinear tf, idf, L2 norm) as its vocabulary and idf weights."""

    def __init__(self, name: str, terms: Sequence[str], idf: np.ndarray):
        self.name = name
        self.terms = list(terms)
        self.vocabulary = {term: j for j, term in enumerate(self.terms)}
        self.idf = np.asarray(idf, dtype=np.float64)
        self.analyze = ANALYZERS[name]

    def transform(self, texts: Sequence[str]) -> _Rows:
        vocabulary = self.vocabulary
        indptr, indices, counts = [0], [], []
        for text in texts:
            found = sorted((vocabulary[term], n) for term, n in Counter(self.analyze(text)).items()
                           if term in vocabulary)
            indices += [j for j, _ in found]
            counts += [n for _, n in found]
            indptr.append(len(indices))
        data = np.asarray(counts, dtype=np.float32)
        indices = np.asarray(indices, dtype=np.int64)
        np.log(data, data)        # TfidfTransformer.transform, in place as it does
        data += 1.0
        data *= self.idf[indices]
        squares = data * data     # sklearn's inplace_csr_row_normalize_l2: float products, double sum
        for a, b in zip(indptr, indptr[1:]):
            if a == b:
                continue
            total = np.cumsum(squares[a:b], dtype=np.float64)[-1]
            if total != 0.0:
                data[a:b] = (data[a:b].astype(np.float64) / np.sqrt(total)).astype(np.float32)
        return _Rows(np.asarray(indptr), indices, data)


def _dense_rows(values: np.ndarray) -> _Rows:
    """A dense block as scipy's csr_matrix keeps it: the nonzero entries of each row, in order."""
    rows, columns = np.nonzero(values)
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=values.shape[0]))])
    return _Rows(indptr, columns.astype(np.int64), values[rows, columns])


class LinearModel:
    """A fitted TypeModel's predictions from its data (`TypeModel.to_data`): predictions,
    predict_proba, decision_function, novelty and contributions, equal to the estimator's."""

    def __init__(self, meta: dict, arrays: dict[str, np.ndarray]):
        self.meta, self.arrays = meta, arrays
        features = meta["features"]
        self.params = dict(meta["params"])
        self.base = LinearModel(meta["base"], {k[5:]: v for k, v in arrays.items() if k.startswith("base.")}) \
            if meta.get("base") else None
        self.base_weight = self.params.get("base_weight", 1.0)
        self.classes_ = np.array(meta["classes"], dtype=object)
        for name in ("temperature_", "min_probability_", "min_margin_", "min_similarity_", "n_features_out_"):
            setattr(self, name, meta[name])
        self.features_ = Features(features, arrays)
        coef = np.asarray(arrays["coef"], dtype=np.float32)
        self.coef_ = coef
        self.coef_by_column = np.ascontiguousarray(coef.T)    # a term's weights for every class, together
        self.intercept_ = np.asarray(arrays["intercept"], dtype=np.float64)
        centroids = arrays.get("body_centroids")
        self.body_check = bool(self.params.get("body_check"))
        self.centroids_by_column = None if centroids is None else \
            np.ascontiguousarray(np.asarray(centroids, dtype=np.float32).T)
        self._last: tuple[list, _Rows] | None = None

    def to_data(self) -> tuple[dict, dict[str, np.ndarray]]:
        return self.meta, self.arrays

    # -- the feature matrix ----------------------------------------------------------------
    def _matrix(self, docs: list[DocumentText]) -> _Rows:
        # predictions, then evidence, for the same document objects: computed once (as TypeModel)
        last = self._last
        if last is not None and len(last[0]) == len(docs) and all(a is b for a, b in zip(last[0], docs)):
            return last[1]
        blocks = self.features_.blocks(docs)
        if self.base is not None:   # TypeModel._with_base: the base's probabilities, as float32 columns
            blocks.append(_dense_rows_as(self.base.predict_proba(docs) * self.base_weight, np.float32))
        widths = self.features_.widths + ([len(self.base.classes_)] if self.base is not None else [])
        offsets = np.concatenate([[0], np.cumsum(widths)])
        indptr, indices, data = [0], [], []
        for i in range(len(docs)):
            for block, offset in zip(blocks, offsets):
                columns, values = block.row(i)
                indices.append(columns + offset)
                data.append(values)
            indptr.append(indptr[-1] + sum(len(block.row(i)[0]) for block in blocks))
        matrix = _Rows(np.asarray(indptr), np.concatenate(indices) if indices else np.zeros(0, np.int64),
                       np.concatenate(data).astype(np.float32) if data else np.zeros(0, np.float32))
        self._last = (list(docs), matrix)
        return matrix

    @staticmethod
    def _sums(matrix: _Rows, weights_by_column: np.ndarray, columns: slice | None = None) -> np.ndarray:
        """Each row times `weights_by_column` (columns x classes), in float32, term by term in
        column order: scipy's sparse product (csr_matvecs; csr_matmat for `columns`, a column
        range of the matrix) accumulates exactly so."""
        n = len(matrix.indptr) - 1
        out = np.zeros((n, weights_by_column.shape[1]), dtype=np.float32)
        for i in range(n):
            indices, data = matrix.row(i)
            if columns is not None:
                keep = (indices >= columns.start) & (indices < columns.stop)
                indices, data = indices[keep] - columns.start, data[keep]
            if len(indices):
                out[i] = np.cumsum(weights_by_column[indices] * data[:, None], axis=0)[-1]
        return out

    def _scores(self, matrix: _Rows) -> np.ndarray:
        return np.asarray(self._sums(matrix, self.coef_by_column), dtype=np.float64) + self.intercept_

    def _similarity(self, matrix: _Rows) -> np.ndarray:
        """Cosine similarity of each row's body block to each class centroid (float32)."""
        return self._sums(matrix, self.centroids_by_column, self.features_.full_columns_)

    # -- the estimator's prediction API -------------------------------------------------------
    def decision_function(self, X) -> np.ndarray:
        return self._scores(self._matrix(as_documents(X)))

    def predict_proba(self, X) -> np.ndarray:
        return softmax(self.decision_function(X) / self.temperature_)

    def predict(self, X) -> np.ndarray:
        return self.classes_[np.argmax(self.decision_function(X), axis=1)]

    def predictions(self, X) -> list[Prediction]:
        docs = as_documents(X)
        matrix = self._matrix(docs)
        proba = softmax(self._scores(matrix) / self.temperature_)
        nearest, closest = [None] * len(docs), [None] * len(docs)
        if self.centroids_by_column is not None:
            similarity = self._similarity(matrix)
            closest = similarity.max(axis=1)
            if self.body_check:
                nearest = self.classes_[similarity.argmax(axis=1)]
        return [decide(self, row, doc.readable, doc.text_coverage, body, near)
                for row, doc, body, near in zip(proba, docs, nearest, closest)]

    def novelty(self, X) -> np.ndarray:
        docs = as_documents(X)
        if self.centroids_by_column is None:
            return np.zeros(len(docs))
        return 1.0 - self._similarity(self._matrix(docs)).max(axis=1)

    def contributions(self, doc, label: str) -> list[tuple[int, float]]:
        """(feature column, contribution to `label`'s score) for the document's active features,
        largest first."""
        indices, data = self._matrix([doc]).row(0)
        coef = self.coef_[int(np.searchsorted(self.classes_, label))]
        pairs = [(int(j), float(v * coef[j])) for j, v in zip(indices, data)]
        return sorted(pairs, key=lambda p: p[1], reverse=True)


def _dense_rows_as(values: np.ndarray, dtype) -> _Rows:
    rows = _dense_rows(values)
    return _Rows(rows.indptr, rows.indices, rows.data.astype(dtype))


class Features:
    """A fitted DocumentFeatures' data: the blocks' transforms and what evidence reads
    (sources_, alias_columns_, alias_labels_, head_chars, naming_chars)."""

    def __init__(self, meta: dict, arrays: dict[str, np.ndarray]):
        params = meta["params"]
        self.head_chars, self.naming_chars = params["head_chars"], params["naming_chars"]
        self.naming_nouns = tuple(params["naming_nouns"])
        self.full_max_chars = params["full_max_chars"]
        self.weights = {name: params[f"{name}_weight"] for name in ("heading", "naming", "alias", "full", "structure")}
        self.alias_labels_ = list(meta["alias_labels"])
        self.alias_columns_ = {k: list(v) for k, v in meta["alias_columns"].items()}
        self.tfidf = {name: TfidfBlock(name, meta["vocabularies"][name], arrays[f"idf.{name}"])
                      for name in VECTORIZERS}
        widths = [len(self.tfidf[n].terms) for n in VECTORIZERS[:3]] + [2 * len(self.alias_labels_),
                                                                         len(self.tfidf["full_words_"].terms),
                                                                         len(STRUCTURE_NAMES)]
        self.widths = widths
        start = sum(widths[:4])
        self.full_columns_ = slice(start, start + widths[4])

    @cached_property
    def sources_(self) -> list[FeatureSource]:
        """Where each column comes from (evidence reads it; built when first asked: 58,000 objects)."""
        return feature_sources([self.tfidf[n].terms for n in VECTORIZERS], self.alias_labels_)

    def blocks(self, docs: list[DocumentText]) -> list[_Rows]:
        """DocumentFeatures._blocks, in column order, each block's rows scaled by its weight."""
        fronts = document_fronts(docs, self.head_chars, self.naming_chars)
        headings = [f[:self.head_chars] for f in fronts]
        w = self.weights

        def scaled(rows: _Rows, weight: float) -> _Rows:   # a float32 block times a Python float, as scipy
            return _Rows(rows.indptr, rows.indices, rows.data * weight)
        aliases = _dense_rows(alias_values(fronts, len(self.alias_labels_), self.alias_columns_))
        aliases = _Rows(aliases.indptr, aliases.indices, (aliases.data * w["alias"]).astype(np.float32))
        if w["structure"]:
            structure = scaled(_dense_rows(structure_values(docs)), w["structure"])
        else:
            structure = _Rows(np.zeros(len(docs) + 1, dtype=np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32))
        return [scaled(self.tfidf["heading_words_"].transform(headings), w["heading"]),
                scaled(self.tfidf["heading_chars_"].transform(headings), w["heading"]),
                scaled(self.tfidf["naming_words_"].transform([naming_text(f, self.naming_chars, self.naming_nouns)
                                                             for f in fronts]), w["naming"]),
                aliases,
                scaled(self.tfidf["full_words_"].transform([d.full_text[:self.full_max_chars] for d in docs]),
                       w["full"]),
                structure]
