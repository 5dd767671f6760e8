"""Evidence: the phrases that drove a type suggestion, found again in the text with page numbers.

The model's largest positive feature contributions for the suggested label are mapped back:
heading and naming n-grams to their first occurrence in the heading region, alias features to
the alias itself, full-text words to their first occurrence anywhere, structure cues (a memo
header, a signature block, a RESOLUTION heading) to the match that fired them. Character n-grams are
left out (they would point at fragments of words already shown).
"""
from __future__ import annotations

import re

from classifier.feature_text import ALIAS_SEARCH_CHARS
from classifier.structure import find_cue
from classifier.text import DocumentText

SNIPPET_CHARS = 160
MAX_EVIDENCE = 5
CANDIDATES = 40


def _term_regex(term: str) -> re.Pattern:
    """A normalised term as a pattern over raw text: any run of space, hyphen or underscore
    between words, case-insensitive, whole words."""
    words = [re.escape(w) for w in term.split() if w != "|"]
    return re.compile(r"(?<![A-Za-z0-9])" + r"[\s\-_]+".join(words) + r"(?![A-Za-z0-9])", re.IGNORECASE)


def _find(doc: DocumentText, term: str, limit: int | None) -> tuple[int, int, int] | None:
    """(page, start, end) of the first occurrence of term, within the first `limit` characters."""
    pattern = _term_regex(term)
    text = doc.head(limit) if limit else doc.full_text
    offset = len(doc.title) + 1 if doc.title else 0   # head() prepends the title
    match = pattern.search(text, offset)
    if match is None:
        return None
    page, start = doc.locate(match.start() - offset)
    return page, start, start + (match.end() - match.start())


def _snippet(page_text: str, start: int, end: int) -> str:
    """The line (or sentence part) around a match, trimmed to SNIPPET_CHARS."""
    left = max(page_text.rfind("\n", 0, start), page_text.rfind(". ", 0, start) + 1, start - SNIPPET_CHARS // 2)
    right_candidates = [i for i in (page_text.find("\n", end), page_text.find(". ", end)) if i != -1]
    right = min(right_candidates + [end + SNIPPET_CHARS // 2, len(page_text)])
    return " ".join(page_text[max(left, 0):right].split())[:SNIPPET_CHARS]


def type_evidence(model, doc: DocumentText, label: str, limit: int = MAX_EVIDENCE) -> list[dict]:
    """Up to `limit` evidence items {text, term, page, start, end, weight} for `label` (`model`: a
    TypeModel or a LinearModel)."""
    features = model.features_
    found: list[dict] = []
    seen_spans: list[tuple[int, int, int]] = []
    for column, weight in model.contributions(doc, label)[:CANDIDATES]:
        if weight <= 0 or len(found) >= limit:
            break
        if column >= len(features.sources_):
            continue   # a base model's probability: evidence comes from the base's own features
        source = features.sources_[column]
        if source.block == "heading_chars":
            continue
        if source.block == "structure":
            span = find_cue(doc.full_text, source.term)
            if span is None:
                continue
            page, start = doc.locate(span[0])
            found_span = (page, start, start + span[1] - span[0])
            if not any(p == page and s < found_span[2] and start < e for p, s, e in seen_spans):
                seen_spans.append(found_span)
                found.append({"text": _snippet(doc.pages[page - 1], start, found_span[2]),
                              "term": doc.pages[page - 1][start:found_span[2]], "page": page, "start": start,
                              "end": found_span[2], "weight": round(weight, 4), "feature": f"structure:{source.term}"})
            continue
        if source.block in ("alias_position", "alias_count"):
            terms = [a for a, cols in features.alias_columns_.items()
                     if features.alias_labels_.index(source.term) in cols]
            limit_chars = ALIAS_SEARCH_CHARS
        else:
            terms = [source.term]
            limit_chars = {"heading": 2 * features.head_chars, "naming": 2 * features.naming_chars}.get(source.block)
        for term in terms:
            where = _find(doc, term, limit_chars)
            if where is None:
                continue
            page, start, end = where
            if any(p == page and s < end and start < e for p, s, e in seen_spans):
                break   # overlaps evidence already shown (e.g. "memorandum" inside "memorandum of")
            seen_spans.append((page, start, end))
            page_text = doc.pages[page - 1]
            snippet = _snippet(page_text, start, end)
            if any(item["text"] == snippet for item in found):
                break   # the same sentence already explains this suggestion
            found.append({"text": snippet, "term": page_text[start:end],
                          "page": page, "start": start, "end": end, "weight": round(weight, 4),
                          "feature": source.block})
            break
    return found

