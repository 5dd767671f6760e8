"""Figures for the dashboard: counts by tag and year, expiring agreements, ingest failures,
review backlog. Read-only queries over the store, each over the documents the caller may
see (corpus.visibility): a figure must not count what its reader cannot find."""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select

from corpus.access import Principal
from corpus.expiring import expiring_window
from corpus.journal import failed_items
from corpus.labels import current_labels_select, pending_review
from corpus.store import Store
from corpus.tables import DocumentRow, FieldRow, LabelRow
from corpus.visibility import visible_clause, visible_ids


def _current_visible(kind: str, principal: Principal | None):
    """The newest label row of `kind` of each document the caller may see, as a subquery."""
    return (current_labels_select(kind, LabelRow.document_id, LabelRow.value, LabelRow.status)
            .where(visible_clause(principal)).subquery())


def label_counts(store: Store, kind: str, principal: Principal | None) -> list[tuple[str, int]]:
    current = _current_visible(kind, principal)
    with store.session() as session:
        rows = session.execute(select(current.c.value, func.count()).group_by(current.c.value)
                               .order_by(func.count().desc(), current.c.value)).all()
    return [(value, n) for value, n in rows]


def review_backlog(store: Store, principal: Principal | None) -> int:
    """Tags awaiting review: exactly the items of the review queue (corpus.labels.pending_review)
    on the documents the caller may see."""
    pending = pending_review(store)
    if principal is None:
        return len(pending)
    shown = visible_ids(store, principal, {lab.document_id for lab in pending})
    return sum(1 for lab in pending if lab.document_id in shown)


def document_count(store: Store, principal: Principal | None) -> int:
    with store.session() as session:
        return session.scalar(select(func.count(DocumentRow.id)).where(visible_clause(principal))) or 0


def year_counts(store: Store, principal: Principal | None, field: str = "effective_date") -> list[tuple[str, int]]:
    """Documents per year of a date field (normalized ISO dates), oldest first."""
    with store.session() as session:
        values = session.execute(select(FieldRow.document_id, FieldRow.normalized)
                                 .join(DocumentRow, DocumentRow.id == FieldRow.document_id)
                                 .where(FieldRow.name == field, FieldRow.normalized.is_not(None),
                                        visible_clause(principal))).all()
    years: dict[str, set[int]] = {}
    for doc_id, normalized in values:
        year = (normalized or "")[:4]
        if year.isdigit():
            years.setdefault(year, set()).add(doc_id)
    return sorted((y, len(ids)) for y, ids in years.items())


def expiring(store: Store, principal: Principal | None, within_days: int, *, today: date | None = None,
             limit: int = 50) -> list[dict[str, Any]]:
    """Agreements the caller may see expiring within `within_days` days (corpus.expiring), in the
    order of corpus.sorting.EXPIRING_SORT: the soonest first, ties by id (as the search sorts them)."""
    first, last = expiring_window(within_days, today or date.today())
    with store.session() as session:
        rows = session.execute(
            select(DocumentRow.id, DocumentRow.filename, DocumentRow.title, FieldRow.normalized)
            .join(FieldRow, FieldRow.document_id == DocumentRow.id)
            .where(FieldRow.name == "expiry_date", FieldRow.normalized >= first.isoformat(),
                   FieldRow.normalized <= last.isoformat(), visible_clause(principal))
            .order_by(FieldRow.normalized, DocumentRow.id)).all()
    out, seen = [], set()
    for doc_id, filename, title, expiry in rows:
        if doc_id in seen:
            continue
        seen.add(doc_id)
        out.append({"id": doc_id, "filename": filename, "title": title, "expiry_date": expiry})
        if len(out) >= limit:
            break
    return out


def recent_failures(store: Store, principal: Principal | None, limit: int = 20) -> list[dict[str, Any]]:
    """Failed files of the ingest jobs the caller may see (corpus.journal's rule)."""
    return failed_items(store, principal, limit)
