"""The filters of a search as masks over a view: facet values the caller chose and the
date ranges read from the query ("expiring next year")."""
from __future__ import annotations

from datetime import date

import numpy as np

from corpus.errors import BadQuery
from search.engine import View
from search.facets import expired_mask, year_codes
from search.query import DateRange, expiring_within

FACETS = ("type", "scope", "party", "year", "foia", "flag", "status")
# after_id: documents numbered above an id (ids follow ingest order: a saved view's "new since
# your last visit")
FILTER_KEYS = FACETS + ("expiring_days", "after_id")


def date_mask(view: View, ranges: list[DateRange]) -> np.ndarray | None:
    """Documents with a date in every one of the ranges (the dates read from a query)."""
    mask = None
    for r in ranges:
        values = getattr(view, r.field)
        m = values != 0
        if r.low is not None:
            m &= values >= r.low
        if r.high is not None:
            m &= values <= r.high
        mask = m if mask is None else mask & m
    return mask


def filter_mask(view: View, filters: dict[str, list[str]] | None, today: date) -> np.ndarray | None:
    """Documents passing every filter (facet values chosen on the results page, or the API's
    filters), None for no filter."""
    if not filters:
        return None
    mask = np.ones(view.n, dtype=bool)
    for key, values in filters.items():
        values = [str(v) for v in (values if isinstance(values, (list, tuple)) else [values]) if str(v)]
        if not values:
            continue
        if key not in FILTER_KEYS:
            raise BadQuery(f"unknown filter {key!r}", hint=f"Filters: {', '.join(FILTER_KEYS)}.")
        if key in ("type", "scope"):
            mask &= view.single_mask(key, values)
        elif key in ("party", "foia", "flag"):
            mask &= view.multi_mask({"party": "parties", "flag": "flags"}.get(key, key), values)
        elif key == "year":
            codes, labels = year_codes(view)
            wanted = [i for i, label in enumerate(labels) if label in set(values)]
            mask &= np.isin(codes, np.array(wanted, dtype=np.int32))
        elif key == "status":
            expired = expired_mask(view, today)
            m = np.zeros(view.n, dtype=bool)
            if "expired" in values:
                m |= expired
            if "active" in values:
                m |= ~expired
            mask &= m
        elif key == "expiring_days":
            try:
                days = int(values[0])
            except ValueError:
                raise BadQuery(f"expiring_days must be a number of days, not {values[0]!r}") from None
            mask &= date_mask(view, [expiring_within(days, today)])
        elif key == "after_id":
            try:
                after = int(values[0])
            except ValueError:
                raise BadQuery(f"after_id must be a document id, not {values[0]!r}") from None
            mask &= view.doc_id > after
    return mask
