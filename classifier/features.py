"""Features of a document for the type model, and how to find each one again in the text.

Blocks, each scaled by its weight (the TF-IDF ones L2-normalised first):
- heading: word 1-2 grams and character 3-5 grams (OCR noise) of the first few hundred characters;
- naming: the words just before a naming noun ("... agreement", "memorandum of ...") on the first
  page(s) — where a document says what it is ("THIS MASTER SUPPLY AGREEMENT");
- aliases: for each label, whether and how early one of its taxonomy aliases ("287(g)",
  "interagency agreement") appears — a prior that lets a handful of examples generalise;
- full text: word unigrams of the first 50,000 characters (the body's vocabulary);
- structure: the cues of classifier/structure.py (parties, signature blocks, obligation density,
  record headings, memo headers), each a value in [0, 1].

Everything a fitted DocumentFeatures learns is vocabularies and idf weights: `to_data` /
`from_data` turn it into plain arrays and back, so a model can ship as data, not a pickle.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer

from classifier.feature_text import (  # noqa: F401 - FEATURES_VERSION: read from here by tests and callers
    DEFAULT_NAMING_NOUNS, FEATURES_VERSION, STRUCTURE_NAMES, TOKEN, FeatureSource, alias_columns, alias_values,
    document_fronts, feature_sources, naming_ngrams, naming_text, structure_values)
from classifier.text import DocumentText, as_documents


def _fit_transform(vectorizer: TfidfVectorizer, texts: list[str]):
    """fit_transform, tolerating an empty vocabulary (tiny or odd training sets: e.g. no document
    has a naming phrase) by keeping one placeholder term that no real text produces."""
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:
        vectorizer.set_params(min_df=1, max_df=1.0, max_features=None)
        vectorizer.fit(texts + ["zzplaceholderzz"])
        matrix = vectorizer.transform(texts)
    vectorizer.stop_words_ = None   # the terms cut by min_df/max_features: only bloat the model file
    return matrix


class DocumentFeatures(BaseEstimator, TransformerMixin):
    """Sparse features of DocumentText inputs (see the module docstring)."""

    def __init__(self, head_chars=400, naming_chars=3000, naming_nouns=DEFAULT_NAMING_NOUNS, aliases=None,
                 heading_weight=1.0, naming_weight=1.0, alias_weight=1.0, full_weight=1.0,
                 structure_weight=0.0, full_max_features=100000, full_max_chars=50000, chars_min_df=2):
        self.head_chars = head_chars
        self.naming_chars = naming_chars
        self.naming_nouns = naming_nouns
        self.aliases = aliases
        self.heading_weight = heading_weight
        self.naming_weight = naming_weight
        self.alias_weight = alias_weight
        self.full_weight = full_weight
        self.structure_weight = structure_weight
        self.full_max_features = full_max_features
        self.full_max_chars = full_max_chars
        self.chars_min_df = chars_min_df

    # -- the text each block reads ------------------------------------------------
    def _fronts(self, docs: Sequence[DocumentText]) -> list[str]:
        return document_fronts(docs, self.head_chars, self.naming_chars)

    def _naming(self, front: str) -> str:
        return naming_text(front, self.naming_chars, self.naming_nouns)

    def _full(self, doc: DocumentText) -> str:
        return doc.full_text[:self.full_max_chars]

    def _alias_matrix(self, fronts: Sequence[str]) -> sparse.csr_matrix:
        """Per label: how early, and how often, one of its aliases appears in the front matter."""
        return sparse.csr_matrix(alias_values(fronts, len(self.alias_labels_), self.alias_columns_))

    # -- estimator API --------------------------------------------------------------
    def fit(self, X, y=None):
        self.fit_transform(X, y)
        return self

    def fit_transform(self, X, y=None, **fit_params):
        """One pass over the texts: fit every block's vocabulary and return the matrix."""
        docs = as_documents(X)
        labels = sorted(set(y)) if y is not None else sorted((self.aliases or {}).keys())
        self.alias_labels_ = labels
        self.alias_columns_ = alias_columns(labels, self.aliases)
        (self.heading_words_, self.heading_chars_, self.naming_words_,
         self.full_words_) = self._vectorizers()
        blocks = self._blocks(docs, fit=True)
        self.sources_ = self._sources()
        self._set_full_columns()
        return sparse.hstack(blocks, format="csr", dtype=np.float32)

    def _vectorizers(self, vocabularies: Sequence | None = None) -> tuple[TfidfVectorizer, ...]:
        """Fresh heading-word, heading-char, naming and full-text vectorizers (with `vocabularies`:
        fixed to those terms, for a model loaded from data)."""
        fixed = list(vocabularies) if vocabularies is not None else [None] * 4

        def vocabulary(i: int) -> dict | None:
            return None if fixed[i] is None else {term: j for j, term in enumerate(fixed[i])}
        return (TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=TOKEN.pattern,
                                lowercase=False, dtype=np.float32, vocabulary=vocabulary(0)),
                TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, lowercase=False,
                                min_df=self.chars_min_df, dtype=np.float32, vocabulary=vocabulary(1)),
                TfidfVectorizer(analyzer=naming_ngrams, sublinear_tf=True, dtype=np.float32,
                                vocabulary=vocabulary(2)),
                TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=0.95, max_features=self.full_max_features,
                                dtype=np.float32, vocabulary=vocabulary(3)))

    def _set_full_columns(self) -> None:
        """The body block's columns, for the model's second opinion (nearest class centroid)."""
        start = sum(len(v.vocabulary_) for v in (self.heading_words_, self.heading_chars_, self.naming_words_))
        start += 2 * len(self.alias_labels_)
        self.full_columns_ = slice(start, start + len(self.full_words_.vocabulary_))

    # -- as data -----------------------------------------------------------------------
    VECTORIZERS = ("heading_words_", "heading_chars_", "naming_words_", "full_words_")

    def to_data(self) -> tuple[dict, dict[str, np.ndarray]]:
        """(JSON-able parameters and vocabularies, arrays of idf weights)."""
        params = {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.get_params().items()}
        meta = {"params": params, "alias_labels": list(self.alias_labels_),
                "alias_columns": self.alias_columns_,
                "vocabularies": {name: [str(t) for t in getattr(self, name).get_feature_names_out()]
                                 for name in self.VECTORIZERS}}
        arrays = {f"idf.{name}": np.asarray(getattr(self, name).idf_, dtype=np.float64) for name in self.VECTORIZERS}
        return meta, arrays

    @classmethod
    def from_data(cls, meta: dict, arrays) -> "DocumentFeatures":
        params = dict(meta["params"])
        params["naming_nouns"] = tuple(params["naming_nouns"])
        features = cls(**params)
        features.alias_labels_ = list(meta["alias_labels"])
        features.alias_columns_ = {k: list(v) for k, v in meta["alias_columns"].items()}
        vectorizers = features._vectorizers([meta["vocabularies"][n] for n in cls.VECTORIZERS])
        for name, vectorizer in zip(cls.VECTORIZERS, vectorizers):
            vectorizer.idf_ = np.asarray(arrays[f"idf.{name}"], dtype=np.float64)
            setattr(features, name, vectorizer)
        features.sources_ = features._sources()
        features._set_full_columns()
        return features

    def transform(self, X):
        return sparse.hstack(self._blocks(as_documents(X), fit=False), format="csr", dtype=np.float32)

    def _blocks(self, docs: Sequence[DocumentText], *, fit: bool) -> list:
        """The weighted blocks, in column order (`fit`: each vectorizer learns its vocabulary
        from these texts first)."""
        def vectorized(vectorizer: TfidfVectorizer, texts: list[str]):
            return _fit_transform(vectorizer, texts) if fit else vectorizer.transform(texts)

        fronts = self._fronts(docs)
        headings = [f[:self.head_chars] for f in fronts]
        return [vectorized(self.heading_words_, headings) * self.heading_weight,
                vectorized(self.heading_chars_, headings) * self.heading_weight,
                vectorized(self.naming_words_, [self._naming(f) for f in fronts]) * self.naming_weight,
                self._alias_matrix(fronts) * self.alias_weight,
                vectorized(self.full_words_, [self._full(d) for d in docs]) * self.full_weight,
                self._structure_matrix(docs) * self.structure_weight]

    def _structure_matrix(self, docs: Sequence[DocumentText]) -> sparse.csr_matrix:
        if not self.structure_weight:   # weight 0: the block is left out of the columns' meaning only
            return sparse.csr_matrix((len(docs), len(STRUCTURE_NAMES)), dtype=np.float32)
        return sparse.csr_matrix(structure_values(docs))

    def _sources(self) -> list[FeatureSource]:
        return feature_sources([getattr(self, name).get_feature_names_out() for name in self.VECTORIZERS],
                               self.alias_labels_)

    def get_feature_names_out(self, input_features=None):
        return np.array([f"{s.block}:{s.term}" for s in self.sources_], dtype=object)
