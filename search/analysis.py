"""The analysis chain: one fast path used at index time, at query time and for snippets.

text -> accent folding -> lower case -> words ([^\\W_]+) -> Porter stems.

Stop words are dropped from the unigram stream but kept for word *pairs*: every two
adjacent words are also indexed as one term "a_b" ("~a_b": "_" is never inside a word,
and "~" sorts after every word). A phrase query becomes an AND of its pairs, so
"terms of the agreement" reads three short posting lists (term_of, of_the,
the_agreement) instead of walking positions of very common words — this is what keeps
phrases over common words fast (the common-grams idea, applied to every pair).
For phrases of three or more words this is exact up to the order of the pairs.

The per-token work is a dict lookup (stems are cached), not a generator chain, so
indexing 100 M tokens stays inside the build budget.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from itertools import islice

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer
from whoosh.analysis.filters import STOP_WORDS as _WHOOSH_STOP_WORDS
from whoosh.lang.porter import stem as _porter_stem
from whoosh.support.charset import accent_map

WORD = re.compile(r"[^\W_]+")
PAIR_JOINER = "_"
PAIR_PREFIX = "~"   # sorts after letters and digits, so a field's unigrams can be listed alone
_PAIR_FORMAT = (PAIR_PREFIX + "{}" + PAIR_JOINER + "{}").format
# "us" is not a stop word here: "U.S." and "US" are the country (see SPELLINGS).
STOP_WORDS = frozenset((_WHOOSH_STOP_WORDS - {"us"}) | {"shall", "such", "any", "all", "its", "s", "or", "into", "upon",
                                                        "which", "these", "those", "been", "other", "than", "there"})
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_STEMS: dict[str, str] = {}
_STEM_CACHE_LIMIT = 500_000


# The domain's spellings, rewritten before words are split, at index and query time alike
# (so either spelling finds the other): 287(g) -> 287g; (b)(6), b(6), (b) (6) -> b6 and
# (b)(7)(C) -> b7c for every FOIA code; form 7600-A -> 7600A; I&A -> IA; U.S. -> US;
# U.S.C. -> USC; a word hyphenated across a line break ("infor-\nmation") is joined.
_LINE_BREAK_HYPHEN = re.compile(r"(?<=[^\W\d_])-[ \t]*\r?\n\s*(?=[a-z])")
_LETTER_CODE = re.compile(r"(?<![\w)])\(([A-Za-z])\)\s?(?=\(\w{1,3}\))")       # (b)(6) -> b(6)
_SUBSECTIONS = re.compile(r"(?<=\w)((?:\(\w{1,3}\))+)")                          # 287(g), b(7)(c)
_FORM_SUFFIX = re.compile(r"\b(\d{2,})-([A-Za-z])\b")                               # 7600-A
_AMPERSAND = re.compile(r"\b([A-Za-z]{1,3})&([A-Za-z]{1,3})\b")                      # I&A, R&D, AT&T
_US = re.compile(r"\bU\.\s?S\.(?:\s?(C)\.?|\s?A\.)?(?!\w)")                          # U.S., U.S.A., U.S.C.


def spellings(text: str) -> str:
    """The text with the domain's variant spellings made one (see above). Each rewrite
    is skipped when its trigger character is absent: this runs over every indexed text."""
    if "-" in text:
        text = _LINE_BREAK_HYPHEN.sub("", text)
        text = _FORM_SUFFIX.sub(r"\1\2", text)
    if "(" in text:
        text = _LETTER_CODE.sub(r"\1", text)
        text = _SUBSECTIONS.sub(lambda m: re.sub(r"[()]", "", m.group(1)), text)
    if "&" in text:
        text = _AMPERSAND.sub(r"\1\2", text)
    if "U." in text:
        text = _US.sub(lambda m: "USC" if m.group(1) else "US", text)
    return text


def fold(text: str) -> str:
    """Lower case without accents ("Café" -> "cafe")."""
    text = text.lower()
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


def stem(word: str) -> str:
    cached = _STEMS.get(word)
    if cached is None:
        if len(_STEMS) > _STEM_CACHE_LIMIT:
            _STEMS.clear()
        cached = _STEMS[word] = _porter_stem(word) if word.isalpha() else word
    return cached


def stems(text: str) -> list[str]:
    """Stems of all words in order (stop words included)."""
    get = _STEMS.get
    return [get(w) or stem(w) for w in WORD.findall(fold(spellings(text)))]


def is_stop(word_or_stem: str) -> bool:
    return word_or_stem in STOP_WORDS


def unigram_counts(text: str) -> Counter:
    """Term -> frequency for the unigram stream (no stop words)."""
    stop = STOP_WORDS
    return Counter(s for s in stems(text) if s not in stop)


def text_terms(text: str) -> tuple[Counter, int]:
    """Unigrams (without stop words) and all adjacent pairs, with the token count.

    Used for every full-text field. Pages are joined by the caller with a newline; a
    pair may span a page break, exactly as a phrase may. Written for speed: the loops
    are C-level (Counter, map, str.format).
    """
    seq = stems(text)
    counts = Counter(seq)
    for word in STOP_WORDS.intersection(counts):
        del counts[word]
    counts.update(map(_PAIR_FORMAT, seq, islice(seq, 1, None)))
    return counts, len(seq)


def pair_terms(stem_seq: list[str]) -> list[str]:
    return list(map(_PAIR_FORMAT, stem_seq, islice(stem_seq, 1, None)))


def query_analyzer():
    """What whoosh's query parser uses to split phrases and words: folding, no stemming
    (the evaluator stems, so prefix and fuzzy terms can see the surface form)."""
    return RegexTokenizer(r"[^\W_]+") | LowercaseFilter() | CharsetFilter(accent_map)


# Domain synonyms and acronyms, applied at query time: a query word on the left also
# matches the phrase on the right, and a query phrase on the right also matches the word.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "mou": ("memorandum of understanding",),
    "moa": ("memorandum of agreement",),
    "moc": ("memorandum of cooperation",),
    "loi": ("letter of intent",),
    "isa": ("interconnection security agreement",),
    "isaa": ("information sharing and access agreement",),
    "ica": ("interface control agreement",),
    "sla": ("service level agreement",),
    "iaa": ("interagency agreement", "inter agency agreement"),
    "cmaa": ("customs mutual assistance agreement",),
    "dhs": ("department of homeland security", "homeland security"),
    "ice": ("immigration and customs enforcement",),
    "hsi": ("homeland security investigations",),
    "ero": ("enforcement and removal operations",),
    "cbp": ("customs and border protection",),
    "fbi": ("federal bureau of investigation",),
    "doj": ("department of justice",),
    "uscis": ("citizenship and immigration services",),
    "tsa": ("transportation security administration",),
    "fema": ("federal emergency management agency",),
    "uscg": ("coast guard",),
    "usss": ("secret service",),
    "pia": ("privacy impact assessment",),
    "pii": ("personally identifiable information",),
    "foia": ("freedom of information act",),
    "jem": ("jail enforcement model",),
    "wso": ("warrant service officer",),
    "tfm": ("task force model",),
}


def _build_reverse() -> dict[tuple[str, ...], str]:
    reverse = {}
    for acronym, phrases in SYNONYMS.items():
        for phrase in phrases:
            reverse[tuple(stems(phrase))] = acronym
    return reverse


SYNONYM_PHRASES = _build_reverse()
