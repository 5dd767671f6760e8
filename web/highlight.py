"""The one highlighter: a text from a document plus the spans to mark -> escaped HTML.

Search results (snippet + spans from search/) and the document page (each page's text + the
spans search.snippets.word_spans finds for the query) both render through `highlight`, so a
word is marked the same way in both places. Everything that is not a mark is escaped; no
template marks document text |safe.
"""
from __future__ import annotations

from markupsafe import Markup, escape


def highlight(text: str, spans=(), evidence=()) -> Markup:
    """`spans`: (start, end) of matched words; `evidence`: (start, end, element id) of the
    metadata evidence, which wins where the two overlap."""
    marks: list[tuple[int, int, str]] = []
    for start, end, ident in evidence:
        if 0 <= start < end <= len(text):
            marks.append((start, end, f'<mark class="evidence" id="{escape(ident)}">'))
    for start, end in spans:
        if 0 <= start < end <= len(text):
            marks.append((start, end, '<mark class="hit">'))
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


def bracketed(text: str, spans=()) -> str:
    """The same marks for a terminal: [word]."""
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos or not 0 <= start < end <= len(text):
            continue
        out.append(text[pos:start] + "[" + text[start:end] + "]")
        pos = end
    return "".join(out) + text[pos:]
