"""Times on pages: readable for people, exact for machines.

The store keeps UTC (naive datetimes or ISO strings). A page shows "6 Dec 2026, 23:36 UTC" inside
`<time datetime="…Z" title="…Z">`; accord.js rewrites the words into the reader's own time zone,
so the server never guesses a zone and the exact instant stays in the attribute and the tooltip."""
from __future__ import annotations

from datetime import date, datetime

from markupsafe import Markup, escape

from corpus.times import as_aware_utc


def as_utc(value) -> datetime | None:
    """A stored time (datetime, ISO string with or without zone, or None) as an aware UTC datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    return as_aware_utc(value)


def time_element(value, precision: str = "minute") -> Markup:
    """Jinja filter `when`: a <time> element, or the value itself when it is not a time.
    precision "day" shows the date only (a hold's placing day)."""
    moment = as_utc(value)
    if moment is None:
        return Markup(escape(value or ""))
    exact = moment.isoformat(timespec="seconds").replace("+00:00", "Z")
    if precision == "day":
        words = f"{moment.day} {moment:%b %Y}"
    else:
        words = f"{moment.day} {moment:%b %Y}, {moment:%H:%M} UTC"
    return Markup('<time class="when" datetime="{0}" title="{0}" data-precision="{1}">{2}</time>').format(
        exact, precision, words)
