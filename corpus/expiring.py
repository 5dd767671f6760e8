"""What "expiring within N days" means: one definition for the dashboard's cards and list
(corpus.statistics.expiring) and the search's expiring filter and words (search.query,
search.natural_dates), listed in one order (corpus.sorting.EXPIRING_SORT)."""
from __future__ import annotations

from datetime import date, timedelta


def expiring_window(within_days: int, today: date) -> tuple[date, date]:
    """The first and the last day (both included) on which an agreement expiring within
    `within_days` days of `today` expires: one that expired yesterday is expired, not expiring."""
    return today, today + timedelta(days=within_days)
