"""CSV written for people to open in a spreadsheet: every export (search results, audit log,
ingest reports, web or CLI) is built by `csv_text`, so no cell can run as a formula.

A cell that starts with = + - @ (or a tab or carriage return, which some spreadsheets skip
before reading a formula) is prefixed with an apostrophe: spreadsheets then show it as text
(OWASP "CSV injection"). Numbers are written as they are; only text can carry a formula.
"""
from __future__ import annotations

import csv
import io
from typing import Any, Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]], *, lineterminator: str = "\r\n") -> str:
    """A CSV document: the header, then each row with every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=lineterminator)
    writer.writerow([csv_cell(h) for h in header])
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return out.getvalue()
