"""Facets of a search (type, scope, year, party, FOIA code, flag, status), and the per-view
year and expiry columns that the facets and the filters share.

Every facet value of every facet gets one global code; each document's codes sit in one
row of a small padded matrix (built once per view). Counting a search's facets is then a
gather of its matching rows and ONE bincount, instead of one masked pass per facet. When
most documents match (a common word), the few that do not are counted instead and
subtracted from the counts over all documents: the work follows the smaller side.
"""
from __future__ import annotations

from datetime import date

import numpy as np

from search.engine import View

MAX_WIDTH = 24   # codes per document; wider (documents with very many parties) -> per-facet counting


class FacetCounter:
    def __init__(self, view: View, year_codes: np.ndarray, year_labels: list[str]):
        n = view.n
        self.parts: list[tuple[str, list[str], int]] = []   # (facet, vocabulary, first code)
        blocks, offset = [], 0
        for name, (codes, vocab) in (("type", view.single["type"]), ("scope", view.single["scope"]),
                                     ("year", (year_codes, year_labels))):
            blocks.append((codes.astype(np.int64) + offset)[:, None])
            self.parts.append((name, vocab, offset))
            offset += len(vocab)
        for name, column in (("party", "parties"), ("foia", "foia"), ("flag", "flags")):
            col = view.multi[column]
            lengths = np.diff(col.indptr)
            width = int(lengths.max()) if len(lengths) else 0
            block = np.full((n, width), -1, dtype=np.int64)
            if width:
                rows = view.multi_rows(column)
                block[rows, np.arange(len(col.codes)) - col.indptr[rows]] = col.codes.astype(np.int64) + offset
            blocks.append(block)
            self.parts.append((name, col.vocab, offset))
            offset += len(col.vocab)
        matrix = np.concatenate(blocks, axis=1) if blocks else np.zeros((n, 0), np.int64)
        self.usable = matrix.shape[1] <= MAX_WIDTH
        self.size = offset + 1           # the last code is padding
        matrix[matrix < 0] = offset
        self.matrix = matrix.astype(np.int32) if self.usable else None
        self.everything = np.bincount(self.matrix.ravel(), minlength=self.size) if self.usable else None

    def counts(self, mask: np.ndarray, matching: np.ndarray) -> dict[str, tuple[np.ndarray, list[str]]]:
        """Per facet, (count per value code, vocabulary) over the documents of `mask`
        (`matching` = np.flatnonzero(mask))."""
        n = len(mask)
        if len(matching) <= n // 2:
            counts = np.bincount(self.matrix[matching].ravel(), minlength=self.size)
        else:
            others = np.flatnonzero(~mask)
            counts = self.everything - np.bincount(self.matrix[others].ravel(), minlength=self.size)
        return {name: (counts[start:start + len(vocab)], vocab) for name, vocab, start in self.parts}


def year_codes(view: View) -> tuple[np.ndarray, list[str]]:
    """Per document, the code of its effective year in the returned label list ("" = none)."""
    if not hasattr(view, "_years"):
        uniq, inverse = np.unique(view.effective, return_inverse=True)
        years = [str(date.fromordinal(int(u)).year) if u else "" for u in uniq]
        labels = sorted(set(years))
        code = {label: i for i, label in enumerate(labels)}
        view._years = (np.array([code[y] for y in years], dtype=np.int32)[inverse.ravel()], labels)
    return view._years


def expired_mask(view: View, today: date) -> np.ndarray:
    """Documents whose expiry date has passed, computed once per view and day."""
    day = today.toordinal()
    cached = getattr(view, "_expired", None)
    if cached is None or cached[0] != day:
        cached = view._expired = (day, (view.expiry != 0) & (view.expiry < day))
    return cached[1]


def facet_counter(view: View) -> FacetCounter:
    if not hasattr(view, "_facet_counter"):
        view._facet_counter = FacetCounter(view, *year_codes(view))
    return view._facet_counter


def facet_counts(view: View, mask: np.ndarray, matching: np.ndarray, today: date,
                 limit: int) -> dict[str, list[tuple[str, int]]]:
    """The facets of a search: the `limit` most frequent values of each, years newest first,
    and active/expired status (`matching` = np.flatnonzero(mask))."""
    expired = expired_mask(view, today)
    n_total = len(matching)
    n_expired = int(np.count_nonzero(expired[matching] if n_total < view.n // 8 else expired & mask))
    status = [(k, v) for k, v in (("active", n_total - n_expired), ("expired", n_expired)) if v]
    counter = facet_counter(view)
    if counter.usable:
        counts = counter.counts(mask, matching)
        top = {name: view._top(c, vocab, limit) for name, (c, vocab) in counts.items()}
        years, labels = counts["year"]
    else:
        codes, labels = year_codes(view)
        years = np.bincount(codes[mask], minlength=len(labels))
        top = {"type": view.single_counts("type", mask, limit),
               "scope": view.single_counts("scope", mask, limit),
               "party": view.multi_counts("parties", mask, limit),
               "foia": view.multi_counts("foia", mask, limit),
               "flag": view.multi_counts("flags", mask, limit)}
    return {
        "type": top["type"], "scope": top["scope"], "party": top["party"],
        "year": sorted(((labels[i], int(years[i])) for i in np.flatnonzero(years) if labels[i]), reverse=True),
        "foia": top["foia"], "flag": top["flag"], "status": status,
    }
