"""Highlighted snippets that name their page, made from the page texts of top hits only.

Every piece of document text is HTML-escaped; the only markup in a snippet is the
<mark> this module adds. A page text containing "<script>" comes out as "&lt;script&gt;".
"""
from __future__ import annotations

import html
import re

from search.analysis import fold, stem

WINDOW = 220          # characters of context in one snippet
_WORD = re.compile(r"[^\W_]+")


def _heads(wanted: set[str]) -> list[str]:
    """Lower-case beginnings of the words that can have a wanted stem (party -> parti)."""
    heads = set()
    for s in wanted:
        if s:
            heads.add(s)
            if s.endswith("i"):
                heads.add(s[:-1] + "y")
    return sorted(heads, key=len, reverse=True)


def _matches(text: str, heads: list[str], wanted: set[str]) -> list[tuple[int, int, str]]:
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, heads)) + r")\w*", re.I)
    out = []
    for m in pattern.finditer(text):
        s = stem(fold(m.group(0)))
        if s in wanted:
            out.append((m.start(), m.end(), s))
    return out


def make_snippet(pages: list[tuple[int, str]], wanted: set[str]) -> tuple[int | None, str]:
    """(page number, snippet HTML) for the page where the wanted stems are densest.

    Pages are ranked by cheap substring counts; only the chosen page is scanned word by
    word (a document has many pages, a result list many documents)."""
    if not pages:
        return None, ""
    heads = _heads(wanted)
    best = None
    if heads:
        for number, text in pages:
            low = text.lower()
            counts = [low.count(h) for h in heads]
            key = (sum(1 for c in counts if c), sum(counts), -number)
            if key[0] and (best is None or key > best[0]):
                best = (key, number, text)
    if best is not None:
        _, number, text = best
        found = _matches(text, heads, wanted)
        if found:
            return number, _escape_window(text, _window_start(found), found)
    number, text = next(((n, t) for n, t in pages if t.strip()), pages[0])
    return number, _escape_window(text, 0, [])


def _window_start(found: list[tuple[int, int, str]]) -> int:
    """Start of the window holding the most distinct wanted stems."""
    best_start, best_key = found[0][0], (0, 0)
    for i, (start, _, _) in enumerate(found):
        inside = [s for b, _, s in found[i:] if b < start + WINDOW - 40]
        key = (len(set(inside)), len(inside))
        if key > best_key:
            best_start, best_key = start, key
    return max(0, best_start - 40)


def _escape_window(text: str, start: int, found: list[tuple[int, int, str]]) -> str:
    if start > 0:
        space = text.find(" ", start, start + 20)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + WINDOW)
    if end < len(text):
        space = text.rfind(" ", end - 20, end)
        end = space if space > start else end
    out = ["…" if start > 0 else ""]
    cursor = start
    for b, e, _ in found:
        if b < start or e > end:
            continue
        out.append(html.escape(text[cursor:b]))
        out.append("<mark>" + html.escape(text[b:e]) + "</mark>")
        cursor = e
    out.append(html.escape(text[cursor:end]))
    if end < len(text):
        out.append("…")
    return " ".join("".join(out).split())
