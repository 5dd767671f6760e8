"""The sort orders of a search, with the words a page shows for them: the one definition that the search
index, the web page, the API and the CLI all use."""
from __future__ import annotations

RELEVANCE = "relevance"
# A sort is a field of the document, with a leading "-" when it runs from the largest (newest) down.
SORTS = {RELEVANCE: "relevance", "effective": "oldest first", "-effective": "newest first",
         "expiry": "expiring first", "-ingested": "recently added", "title": "title", "type": "type"}
TEXT_SORT_FIELDS = ("title", "type")   # ordered A to Z by their words; the other fields are dates
DEFAULT_SORT = RELEVANCE     # a query's hits, best first, unless a sort is asked for
BROWSE_SORT = "-effective"   # an empty query (or *) lists every visible document, newest first
EXPIRING_SORT = "expiry"     # agreements expiring soon (corpus.expiring), the soonest first (ties by id)


def browse_sort(expiring: bool) -> str:
    """The order of a listing without query words when none is asked for: agreements expiring
    soon are listed soonest first (as the dashboard's cards list them), anything else newest first."""
    return EXPIRING_SORT if expiring else BROWSE_SORT


def sort_field(sort: str) -> tuple[str, bool]:
    """(the field a sort orders by, whether largest first): "-effective" -> ("effective", True)."""
    return sort.removeprefix("-"), sort.startswith("-")
