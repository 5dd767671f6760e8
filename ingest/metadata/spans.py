"""A name or value found in a page's text, with its offsets, and how to find a name again in the
text it came from (line breaks and all)."""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str



def locate(text: str, name: str, start: int = 0) -> Span | None:
    """Where a whitespace-normalised name occurs in the original text (line breaks and all)."""
    pattern = r"\s+".join(re.escape(w) for w in name.split())
    m = re.compile(pattern).search(text, max(0, start))
    if m is None and name.endswith("."):
        # "Acme, Inc" as printed, read as "Acme, Inc.": the span is the printed text, the name keeps its stop
        m = re.compile(pattern[:-2]).search(text, max(0, start))
    return Span(m.start(), m.end(), name) if m else None

