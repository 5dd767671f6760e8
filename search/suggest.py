"""Did you mean: the words of a query that no visible document contains, replaced by the
closest words that visible documents do contain (SearchIndex.suggest, and a search that
found nothing)."""
from __future__ import annotations

import re

import numpy as np

from search.analysis import fold, stem
from search.engine import View
from search.evaluate import near_terms
from search.source import Source

# the fields spelling suggestions count words in (what the words' surface forms are read from)
SPELLING_FIELDS = ("text", "title", "party")


def _visible_df(view: View, term: str, mask: np.ndarray) -> int:
    return sum(view.doc_frequency(f, term, mask) for f in SPELLING_FIELDS)


def _visible_anywhere(view: View, term: str, mask: np.ndarray) -> bool:
    """_visible_df(...) > 0, usually decided by the first few postings of a common word."""
    for fieldname in SPELLING_FIELDS:
        ids, _ = view.postings(fieldname, term)
        if len(ids) and (mask[ids[:64]].any() or mask[ids].any()):
            return True
    return False


def suggest_words(view: View, source: Source, query: str, words: list[tuple[str, str]],
                  mask: np.ndarray) -> str | None:
    """Replace words no visible document contains by the closest word that visible
    documents do contain. Only the caller's visible documents are counted, so a
    suggestion never reveals a word that appears only in documents they cannot see."""
    suggestion, changed = query, False
    for surface, stemmed in words:
        if _visible_anywhere(view, stemmed, mask):
            continue
        candidates = set(near_terms(view, stemmed, 2)) | set(near_terms(view, surface, 2))
        scored = [(_visible_df(view, c, mask), c) for c in candidates]
        scored = [(df, c) for df, c in scored if df > 0]
        if not scored:
            continue
        best = max(scored, key=lambda dc: (dc[0], -abs(len(dc[1]) - len(stemmed)), dc[1]))[1]
        replacement = _surface_form(view, source, best, mask) or best
        suggestion = _replace_word(suggestion, surface, replacement)
        changed = True
    return suggestion if changed and suggestion != query else None


def _surface_form(view: View, source: Source, stemmed: str, mask: np.ndarray) -> str | None:
    for fieldname in SPELLING_FIELDS:
        ids, _ = view.postings(fieldname, stemmed)
        visible = ids[mask[ids]] if len(ids) else ids
        if len(visible):
            # The visible document with the lowest id, not the first in index order: that order
            # depends on which documents were updated (e.g. restricted) since the last rebuild.
            first = int(visible[int(np.argmin(view.doc_id[visible]))])
            doc_id = int(view.doc_id[first])
            for _, text in source.pages([doc_id]).get(doc_id, []):
                for word in fold(text).split():
                    word = word.strip(".,;:()[]\"'")
                    if word.isalpha() and stem(word) == stemmed:
                        return word
            meta = view.meta(first)
            for word in fold(f"{meta.get('title', '')} {' '.join(meta.get('parties', []))}").split():
                if word.isalpha() and stem(word) == stemmed:
                    return word
    return None


def _replace_word(text: str, word: str, replacement: str) -> str:
    return re.sub(rf"(?<![\w]){re.escape(word)}(?![\w])", replacement, text, count=1, flags=re.I)
