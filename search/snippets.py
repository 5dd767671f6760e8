"""Snippets that name their page, made from the page texts of top hits only, as data:
plain text plus the (start, end) spans of the matched words. Nothing here is HTML: the web
renders text and spans once, through web.highlight (which the document page uses too), the
CLI brackets the spans, the API returns them.

Words match by stem, the way the index matched them ("agreements" marks for "agreement").
"""
from __future__ import annotations

import bisect
import re

from search.analysis import fold, stem

WINDOW = 220          # characters of context in one snippet


def _heads(wanted: set[str]) -> list[str]:
    """Lower-case beginnings of the words that can have a wanted stem (party -> parti)."""
    heads = set()
    for s in wanted:
        if s:
            heads.add(s)
            if s.endswith("i"):
                heads.add(s[:-1] + "y")
    return sorted(heads, key=len, reverse=True)


_WORD_CHAR = re.compile(r"\w")
_WORD_REST = re.compile(r"\w*")


def _matches(text: str, heads: list[str], wanted: set[str], low: str | None = None) -> list[tuple[int, int, str]]:
    """Wanted-stem words of a page, in text order: (start, end, stem).

    A word qualifies when it starts with one of the heads (a regex `\\b(?:heads)\\w*`);
    candidates are found with str.find on the lower-cased text (same offsets when lower()
    keeps the length, true for ASCII), which is several times faster than a regex
    alternation, and each distinct surface word is stemmed once per page."""
    if low is None:
        low = text.lower()
    if len(low) != len(text):
        pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, heads)) + r")\w*", re.I)
        spans = [(m.start(), m.end()) for m in pattern.finditer(text)]
    else:
        starts = set()
        for h in heads:
            i = low.find(h)
            while i != -1:
                if i == 0 or not _WORD_CHAR.match(low, i - 1):
                    starts.add(i)
                i = low.find(h, i + 1)
        spans = [(i, _WORD_REST.match(low, i).end()) for i in sorted(starts)]
    seen: dict[str, str | None] = {}
    out = []
    for b, e in spans:
        word = low[b:e]
        s = seen.get(word, "")
        if s == "":
            s = stem(fold(word))
            s = seen[word] = s if s in wanted else None
        if s is not None:
            out.append((b, e, s))
    return out


def word_spans(text: str, wanted: set[str]) -> list[tuple[int, int]]:
    """Every word of `text` whose stem is wanted, in order: what a page highlights."""
    heads = _heads(wanted)
    return [(b, e) for b, e, _ in _matches(text, heads, wanted)] if heads else []


def matching_words(words: list[str], wanted: set[str]) -> list[int]:
    """Indices of the words (a page's word boxes, in order) that `word_spans` marks: it runs over
    the words joined by spaces, so a box is marked exactly when the page text would mark its word."""
    if not words or not wanted:
        return []
    starts, pos = [], 0
    for word in words:
        starts.append(pos)
        pos += len(word) + 1
    found = set()
    for begin, end in word_spans(" ".join(words), wanted):
        first = bisect.bisect_right(starts, begin) - 1
        last = bisect.bisect_right(starts, end - 1) - 1
        found.update(range(first, last + 1))
    return sorted(found)


def make_snippet(pages: list[tuple[int, str]], wanted: set[str]) -> tuple[int | None, str, list[tuple[int, int]]]:
    """(page number, snippet text, spans of the wanted words in it) for the page where the
    wanted stems are densest.

    Pages are ranked by cheap substring counts; only the chosen page is scanned word by
    word (a document has many pages, a result list many documents)."""
    if not pages:
        return None, "", []
    heads = _heads(wanted)
    best = None
    if heads:
        for number, text in pages:
            low = text.lower()
            present = total = 0
            for h in heads:
                c = low.count(h)
                if c:
                    present += 1
                    total += c
            key = (present, total, -number)
            if present and (best is None or key > best[0]):
                best = (key, number, text, low)
    if best is not None:
        _, number, text, low = best
        found = _matches(text, heads, wanted, low)
        if found:
            return (number, *_window(text, _window_start(found), found))
    number, text = next(((n, t) for n, t in pages if t.strip()), pages[0])
    return (number, *_window(text, 0, []))


def _window_start(found: list[tuple[int, int, str]]) -> int:
    """Start of the window holding the most distinct wanted stems (ties: most matches,
    then the earliest). One pass with a sliding window: matches come in text order."""
    best_start, best_key = found[0][0], (0, 0)
    counts: dict[str, int] = {}
    end = 0
    n = len(found)
    for i, (start, _, _) in enumerate(found):
        limit = start + WINDOW - 40
        while end < n and found[end][0] < limit:
            s = found[end][2]
            counts[s] = counts.get(s, 0) + 1
            end += 1
        key = (len(counts), end - i)
        if key > best_key:
            best_start, best_key = start, key
        s = found[i][2]
        counts[s] -= 1
        if not counts[s]:
            del counts[s]
    return max(0, best_start - 40)


_SPACES = re.compile(r"\s+")


def _window(text: str, start: int, found: list[tuple[int, int, str]]) -> tuple[str, list[tuple[int, int]]]:
    """About WINDOW characters of `text` from `start` (cut at spaces), whitespace collapsed,
    with "…" where it was cut, and the spans of the found words inside it."""
    if start > 0:
        space = text.find(" ", start, start + 20)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + WINDOW)
    if end < len(text):
        space = text.rfind(" ", end - 20, end)
        end = space if space > start else end
    out, spans = ["…" if start > 0 else ""], []
    length = len(out[0])
    cursor = start

    def add(piece: str) -> None:
        nonlocal length
        piece = _SPACES.sub(" ", piece)
        if piece.startswith(" ") and (not length or out[-1].endswith(" ")):
            piece = piece[1:]
        out.append(piece)
        length += len(piece)

    for b, e, _ in found:
        if b < start or e > end:
            continue
        add(text[cursor:b])
        span_start = length
        word = text[b:e]
        if word.isprintable() and " " not in word:   # no whitespace (the usual case): nothing to collapse
            out.append(word)
            length += len(word)
        else:
            add(word)
        spans.append((span_start, length))
        cursor = e
    add(text[cursor:end].rstrip())
    if end < len(text):
        out.append("…")
    return "".join(out), spans
