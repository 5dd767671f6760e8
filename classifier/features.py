"""Features of a document for the type model, and how to find each one again in the text.

Four blocks, each TF-IDF weighted and L2-normalised, then scaled by its weight:
- heading: word 1-2 grams and character 3-5 grams (OCR noise) of the first few hundred characters;
- naming: the words just before a naming noun ("... agreement", "memorandum of ...") on the first
  page(s) — where a document says what it is ("THIS MASTER SUPPLY AGREEMENT");
- aliases: for each label, whether and how early one of its taxonomy aliases ("287(g)",
  "interagency agreement") appears — a prior that lets a handful of examples generalise;
- full text: word unigrams of the first 50,000 characters (the body's vocabulary).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer

from classifier.text import DocumentText, as_documents, normalize

DEFAULT_NAMING_NOUNS = ("agreement", "agreements", "contract", "memorandum", "understanding", "cooperation",
                        "intent", "assessment", "directive", "instruction", "policy", "form", "letter",
                        "arrangement", "addendum", "amendment", "annex", "terms")
NAMING_WORDS_BEFORE = 4
NAMING_MATCHES = 8
ALIAS_SEARCH_CHARS = 8000
ALIAS_POSITION_SCALE = 1000.0
TOKEN = re.compile(r"[a-z0-9][a-z0-9()&'/.]*[a-z0-9)]|[a-z0-9]")


@lru_cache(maxsize=16)
def naming_pattern(nouns: tuple[str, ...]) -> re.Pattern:
    words = "|".join(sorted({re.escape(n.lower()) for n in nouns}, key=len, reverse=True))
    return re.compile(r"((?:[\w&/()'.]+ ){0,%d})\b(%s)\b" % (NAMING_WORDS_BEFORE, words))


def naming_phrases(text: str, pattern: re.Pattern) -> list[tuple[str, int]]:
    """(phrase, offset in the normalised text) for the first few naming phrases."""
    phrases = []
    for match in pattern.finditer(text):
        phrases.append((match.group(0).strip(), match.start()))
        if len(phrases) >= NAMING_MATCHES:
            break
    return phrases


@lru_cache(maxsize=16)
def alias_pattern(aliases: tuple[str, ...]) -> re.Pattern:
    """One alternation over all (normalised) aliases, longest first, matched as whole words."""
    names = "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
    return re.compile(r"(?<![a-z0-9])(" + names + r")(?![a-z0-9])")


def alias_columns(labels: Sequence[str], aliases: dict[str, Sequence[str]] | None) -> dict[str, list[int]]:
    """normalised alias -> the label columns it names. Only explicit aliases (e.g. the taxonomy's)
    count: a bare label such as "Service" or "form" is an ordinary word in most documents."""
    columns: dict[str, list[int]] = {}
    for j, label in enumerate(labels):
        for alias in (aliases or {}).get(label, ()):
            name = normalize(alias)
            if len(name) >= 2 and j not in columns.setdefault(name, []):
                columns[name].append(j)
    return columns


@dataclass
class FeatureSource:
    """Where a feature column came from: block and term (for evidence)."""

    block: str
    term: str


class DocumentFeatures(BaseEstimator, TransformerMixin):
    """Sparse features of DocumentText inputs (see the module docstring)."""

    def __init__(self, head_chars=400, naming_chars=6000, naming_nouns=DEFAULT_NAMING_NOUNS, aliases=None,
                 heading_weight=1.0, naming_weight=1.0, alias_weight=1.0, full_weight=1.0,
                 full_max_features=100000, full_max_chars=50000):
        self.head_chars = head_chars
        self.naming_chars = naming_chars
        self.naming_nouns = naming_nouns
        self.aliases = aliases
        self.heading_weight = heading_weight
        self.naming_weight = naming_weight
        self.alias_weight = alias_weight
        self.full_weight = full_weight
        self.full_max_features = full_max_features
        self.full_max_chars = full_max_chars

    # -- the text each block reads ------------------------------------------------
    @property
    def _pattern(self) -> re.Pattern:
        return naming_pattern(tuple(self.naming_nouns))

    def _heading(self, doc: DocumentText) -> str:
        return normalize(doc.head(self.head_chars))

    def _naming(self, doc: DocumentText) -> str:
        text = normalize(doc.head(self.naming_chars))
        return " | ".join(phrase for phrase, _ in naming_phrases(text, self._pattern))

    def _full(self, doc: DocumentText) -> str:
        return doc.full_text[:self.full_max_chars]

    def _alias_matrix(self, docs: Sequence[DocumentText]) -> sparse.csr_matrix:
        width = len(self.alias_labels_)
        values = np.zeros((len(docs), 2 * width), dtype=np.float64)
        if not self.alias_columns_:
            return sparse.csr_matrix(values)
        pattern = alias_pattern(tuple(self.alias_columns_))
        for i, doc in enumerate(docs):
            first: dict[int, int] = {}
            count: dict[int, int] = {}
            for match in pattern.finditer(normalize(doc.head(ALIAS_SEARCH_CHARS))):
                for j in self.alias_columns_[match.group(1)]:
                    first.setdefault(j, match.start())
                    count[j] = count.get(j, 0) + 1
            for j, position in first.items():
                values[i, j] = math.exp(-position / ALIAS_POSITION_SCALE)
                values[i, width + j] = min(math.log1p(count[j]) / math.log(21), 1.0)
        return sparse.csr_matrix(values)

    # -- estimator API --------------------------------------------------------------
    def fit(self, X, y=None):
        docs = as_documents(X)
        labels = sorted(set(y)) if y is not None else sorted((self.aliases or {}).keys())
        self.alias_labels_ = labels
        self.alias_columns_ = alias_columns(labels, self.aliases)
        self.heading_words_ = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=TOKEN.pattern,
                                              lowercase=False, dtype=np.float32)
        self.heading_chars_ = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True,
                                              lowercase=False, min_df=2, dtype=np.float32)
        self.naming_words_ = TfidfVectorizer(ngram_range=(1, 3), sublinear_tf=True, token_pattern=TOKEN.pattern,
                                             lowercase=False, dtype=np.float32)
        self.full_words_ = TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=0.95,
                                           max_features=self.full_max_features, dtype=np.float32)
        headings = [self._heading(d) for d in docs]
        self.heading_words_.fit(headings)
        self.heading_chars_.fit(headings)
        self._fit_or_empty(self.naming_words_, [self._naming(d) for d in docs])
        self._fit_or_empty(self.full_words_, [self._full(d) for d in docs])
        self.sources_ = self._sources()
        return self

    @staticmethod
    def _fit_or_empty(vectorizer: TfidfVectorizer, texts: list[str]) -> None:
        try:
            vectorizer.fit(texts)
        except ValueError:   # empty vocabulary (tiny or odd training sets): keep a placeholder term
            vectorizer.set_params(min_df=1, max_df=1.0)
            vectorizer.fit(texts + ["placeholder"])

    def transform(self, X):
        docs = as_documents(X)
        headings = [self._heading(d) for d in docs]
        blocks = [self.heading_words_.transform(headings) * self.heading_weight,
                  self.heading_chars_.transform(headings) * self.heading_weight,
                  self.naming_words_.transform([self._naming(d) for d in docs]) * self.naming_weight,
                  self._alias_matrix(docs) * self.alias_weight,
                  self.full_words_.transform([self._full(d) for d in docs]) * self.full_weight]
        return sparse.hstack(blocks, format="csr", dtype=np.float32)

    def _sources(self) -> list[FeatureSource]:
        sources = [FeatureSource("heading", t) for t in self.heading_words_.get_feature_names_out()]
        sources += [FeatureSource("heading_chars", t) for t in self.heading_chars_.get_feature_names_out()]
        sources += [FeatureSource("naming", t) for t in self.naming_words_.get_feature_names_out()]
        sources += [FeatureSource("alias_position", label) for label in self.alias_labels_]
        sources += [FeatureSource("alias_count", label) for label in self.alias_labels_]
        sources += [FeatureSource("full", t) for t in self.full_words_.get_feature_names_out()]
        return sources

    def get_feature_names_out(self, input_features=None):
        return np.array([f"{s.block}:{s.term}" for s in self.sources_], dtype=object)
