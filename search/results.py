"""What a search returns: plain dataclasses, JSON-ready through to_dict()."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from corpus.sorting import DEFAULT_SORT


@dataclass
class Hit:
    id: int
    filename: str
    title: str
    score: float
    page: int | None          # page of the snippet (1-based)
    snippet: str              # plain text from the document (never HTML: render it with its spans)
    spans: list[tuple[int, int]] = field(default_factory=list)   # [start, end) of matched words in snippet
    type: str = ""
    scope: str = ""
    parties: list[str] = field(default_factory=list)
    effective_date: str | None = None
    expiry_date: str | None = None


@dataclass
class SearchResults:
    query: str
    total: int                # exact number of matching documents the caller may see
    page: int
    per_page: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]]
    suggestion: str | None = None
    relaxed: bool = False     # no document had all (or most) words; these have some of them (ranked)
    rule: str = "syntax"      # which matching rule applied: a key of search.query.RULES
    sort: str = DEFAULT_SORT   # the order actually used (an empty query lists newest first)
    # date filters read from the query ("expiring next year"): {"label": words, "phrase": query text}
    date_filters: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["facets"] = {name: [[value, count] for value, count in values]
                          for name, values in self.facets.items()}
        return data
