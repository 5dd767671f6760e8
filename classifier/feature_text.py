"""What each feature block of the type model reads of a document, without scikit-learn.

The text of each block (the heading, the naming phrases, the alias positions and counts, the
body, the structure cues) and how a term is cut from it are defined here once, for both sides
of a model: `classifier.features.DocumentFeatures` (scikit-learn's vectorizers, to train) and
`classifier.inference` (the same numbers from the stored arrays with numpy alone, to predict at
ingest without importing scikit-learn or SciPy).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np

from classifier.structure import NAMES as STRUCTURE_NAMES, structure_vector
from classifier.text import DocumentText, normalize

# Bump when the columns a fitted model sees change meaning or number. A saved model of another
# version is stale (classifier/persistence.py), and the service retrains instead of failing.
FEATURES_VERSION = 2   # 2: the structure block (classifier/structure.py) is always among the columns

DEFAULT_NAMING_NOUNS = ("agreement", "agreements", "contract", "memorandum", "understanding", "cooperation",
                        "intent", "assessment", "directive", "instruction", "policy", "form", "letter",
                        "arrangement", "addendum", "amendment", "annex", "terms")
NAMING_WORDS_BEFORE = 4
NAMING_MATCHES = 8
ALIAS_SEARCH_CHARS = 8000   # the first pages: where a document names what it is
ALIAS_POSITION_SCALE = 1000.0
TOKEN = re.compile(r"[a-z0-9][a-z0-9()&'/.]*[a-z0-9)]|[a-z0-9]")


@lru_cache(maxsize=16)
def naming_pattern(nouns: tuple[str, ...]) -> re.Pattern:
    words = "|".join(sorted({re.escape(n.lower()) for n in nouns}, key=len, reverse=True))
    return re.compile(r"\b(%s)\b" % words)


def naming_phrases(text: str, pattern: re.Pattern) -> list[tuple[str, int]]:
    """(phrase, offset in the normalised text) for the first few naming phrases: a naming noun
    with up to NAMING_WORDS_BEFORE words before it (looked up backwards: a regex with an optional
    word prefix would retry at every position)."""
    phrases = []
    for match in pattern.finditer(text):
        window = max(0, match.start() - 80)
        before = text[window:match.start()].split(" ")[1 if window else 0:]   # drop a cut-off first word
        words = [w for w in before if w][-NAMING_WORDS_BEFORE:]
        phrase = " ".join(words + [match.group(1)])
        phrases.append((phrase, match.start() - sum(len(w) + 1 for w in words)))
        if len(phrases) >= NAMING_MATCHES:
            break
    return phrases


PHRASE_SEPARATOR = " | "


def naming_ngrams(text: str) -> list[str]:
    """Word 1-3 grams within each naming phrase (never across two phrases)."""
    grams = []
    for phrase in text.split(PHRASE_SEPARATOR):
        words = TOKEN.findall(phrase)
        for n in (1, 2, 3):
            grams += [" ".join(words[i:i + n]) for i in range(len(words) - n + 1)]
    return grams


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


def document_fronts(docs: Sequence[DocumentText], head_chars: int, naming_chars: int) -> list[str]:
    """Each document's normalised front matter, computed once and sliced by every block
    (the heading is its first head_chars characters, the naming region its first naming_chars)."""
    chars = max(head_chars, naming_chars, ALIAS_SEARCH_CHARS)
    return [normalize(d.head(chars)) for d in docs]


def naming_text(front: str, naming_chars: int, nouns: Sequence[str]) -> str:
    """The naming phrases of a front, joined by PHRASE_SEPARATOR (the naming block's input)."""
    pattern = naming_pattern(tuple(nouns))
    return PHRASE_SEPARATOR.join(phrase for phrase, _ in naming_phrases(front[:naming_chars], pattern))


def alias_values(fronts: Sequence[str], width: int, columns: dict[str, list[int]]) -> np.ndarray:
    """Per label (of `width`): how early, and how often, one of its aliases appears in the front
    matter (dense float64, 2 * width columns)."""
    values = np.zeros((len(fronts), 2 * width), dtype=np.float64)
    if not columns:
        return values
    pattern = alias_pattern(tuple(columns))
    for i, front in enumerate(fronts):
        count: dict[int, int] = {}
        for match in pattern.finditer(front[:ALIAS_SEARCH_CHARS]):
            for j in columns[match.group(1)]:
                if j not in count:
                    values[i, j] = math.exp(-match.start() / ALIAS_POSITION_SCALE)
                count[j] = count.get(j, 0) + 1
        for j, n in count.items():
            values[i, width + j] = min(math.log1p(n) / math.log(21), 1.0)
    return values


def structure_values(docs: Sequence[DocumentText]) -> np.ndarray:
    """The structure cues of each document (float32, one column per STRUCTURE_NAMES)."""
    return np.array([structure_vector(d.full_text) for d in docs],
                    dtype=np.float32).reshape(len(docs), len(STRUCTURE_NAMES))


def feature_sources(vocabularies: Sequence[Sequence[str]], alias_labels: Sequence[str]) -> list[FeatureSource]:
    """Where each column comes from, in column order, given the heading-word, heading-char,
    naming and full-text vocabularies (each in column order)."""
    heading, chars, naming, full = vocabularies
    sources = [FeatureSource("heading", t) for t in heading]
    sources += [FeatureSource("heading_chars", t) for t in chars]
    sources += [FeatureSource("naming", t) for t in naming]
    sources += [FeatureSource("alias_position", label) for label in alias_labels]
    sources += [FeatureSource("alias_count", label) for label in alias_labels]
    sources += [FeatureSource("full", t) for t in full]
    sources += [FeatureSource("structure", name) for name in STRUCTURE_NAMES]
    return sources
