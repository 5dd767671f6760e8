"""Times as the store keeps them: UTC, written aware (corpus.tables.utcnow) but read back naive from
SQLite. Everything that compares or shows a stored time makes it aware here first."""
from __future__ import annotations

from datetime import datetime, timezone


def as_aware_utc(moment: datetime) -> datetime:
    """A time read back from the store as an aware UTC datetime (a naive one is UTC)."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)
