"""Marks query terms and evidence spans in a page's text, escaping everything else."""
from __future__ import annotations

import re

from markupsafe import Markup, escape

_OPERATORS = {"and", "or", "not", "to"}
_WORD = re.compile(r"[\w][\w'-]*", re.UNICODE)


def query_terms(query: str) -> list[str]:
    """Plain words of a query: field names, operators and wildcards dropped."""
    terms = []
    for token in re.split(r"\s+", query or ""):
        token = token.split(":", 1)[1] if re.match(r"^[A-Za-z_]+:", token) else token
        for word in _WORD.findall(token.replace("*", " ").replace("?", " ")):
            if word.lower() not in _OPERATORS and len(word) > 1:
                terms.append(word.lower())
    return sorted(set(terms), key=len, reverse=True)


def _term_pattern(terms: list[str]) -> re.Pattern | None:
    if not terms:
        return None
    # Longer words also match their inflections (agreement -> agreements), as the stemmed index does.
    parts = [re.escape(t) + (r"\w*" if len(t) >= 4 else "") for t in terms]
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b", re.IGNORECASE)


def highlight(text: str, terms: list[str], spans: list[tuple[int, int, str]] = ()) -> Markup:
    """`spans` are (start, end, element id) evidence spans; they win over query matches."""
    marks: list[tuple[int, int, str]] = []
    for start, end, ident in spans:
        if 0 <= start < end <= len(text):
            marks.append((start, end, f'<mark class="evidence" id="{escape(ident)}">'))
    pattern = _term_pattern(terms)
    if pattern is not None:
        for m in pattern.finditer(text):
            marks.append((m.start(), m.end(), '<mark class="hit">'))
    marks.sort(key=lambda m: (m[0], 0 if "evidence" in m[2] else 1))
    out, pos = [], 0
    for start, end, opening in marks:
        if start < pos:
            continue
        out.append(str(escape(text[pos:start])))
        out.append(opening + str(escape(text[start:end])) + "</mark>")
        pos = end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def count_hits(text: str, terms: list[str]) -> int:
    pattern = _term_pattern(terms)
    return len(pattern.findall(text)) if pattern is not None else 0
