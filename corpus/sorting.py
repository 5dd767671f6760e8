"""The sort orders of a search, with the words a page shows for them: the one definition that the search
index, the web page, the API and the CLI all use."""
from __future__ import annotations

SORTS = {"relevance": "relevance", "effective": "oldest first", "-effective": "newest first",
         "expiry": "expiring first", "-ingested": "recently added", "title": "title", "type": "type"}
DEFAULT_SORT = "relevance"   # a query's hits, best first, unless a sort is asked for
BROWSE_SORT = "-effective"   # an empty query (or *) lists every visible document, newest first
