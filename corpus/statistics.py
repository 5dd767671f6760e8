"""Figures for the dashboard: counts by tag and year, expiring agreements, ingest failures,
review backlog. Read-only queries over the store."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from corpus.access import Principal, may_see
from corpus.documents import acl_of
from corpus.labels import current_labels_select
from corpus.store import Store
from corpus.tables import DocumentRow, FieldRow, IngestItemRow


def label_counts(store: Store, kind: str) -> list[tuple[str, int]]:
    current = current_labels_select(kind).subquery()
    with store.session() as session:
        rows = session.execute(select(current.c.value, func.count()).group_by(current.c.value)
                               .order_by(func.count().desc())).all()
    return [(value, n) for value, n in rows]


def review_backlog(store: Store) -> int:
    """Documents whose current type or scope is still only a suggestion."""
    total = 0
    with store.session() as session:
        for kind in ("type", "scope"):
            current = current_labels_select(kind).subquery()
            total += session.scalar(select(func.count()).select_from(current).where(
                current.c.status == "suggested")) or 0
    return total


def document_count(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count(DocumentRow.id)).where(DocumentRow.deleted_at.is_(None))) or 0


def year_counts(store: Store, field: str = "effective_date") -> list[tuple[str, int]]:
    """Documents per year of a date field (normalized ISO dates), oldest first."""
    with store.session() as session:
        values = session.execute(select(FieldRow.document_id, FieldRow.normalized).where(
            FieldRow.name == field, FieldRow.normalized.is_not(None))).all()
    years: dict[str, set[int]] = {}
    for doc_id, normalized in values:
        year = (normalized or "")[:4]
        if year.isdigit():
            years.setdefault(year, set()).add(doc_id)
    return sorted((y, len(ids)) for y, ids in years.items())


def expiring(store: Store, principal: Principal, within_days: int, *, today: date | None = None,
             limit: int = 50) -> list[dict[str, Any]]:
    """Agreements the caller may see whose expiry date falls in the next `within_days` days."""
    today = today or date.today()
    until = today + timedelta(days=within_days)
    with store.session() as session:
        rows = session.execute(
            select(DocumentRow.id, DocumentRow.filename, DocumentRow.title, DocumentRow.visibility,
                   DocumentRow.owner, FieldRow.normalized)
            .join(FieldRow, FieldRow.document_id == DocumentRow.id)
            .where(FieldRow.name == "expiry_date", FieldRow.normalized >= today.isoformat(),
                   FieldRow.normalized <= until.isoformat(), DocumentRow.deleted_at.is_(None))
            .order_by(FieldRow.normalized)).all()
        out, seen = [], set()
        for doc_id, filename, title, visibility, owner, expiry in rows:
            if doc_id in seen:
                continue
            users, groups = acl_of(session, doc_id) if visibility != "public" else ([], [])
            if may_see(principal, visibility, owner, users, groups):
                seen.add(doc_id)
                out.append({"id": doc_id, "filename": filename, "title": title, "expiry_date": expiry})
            if len(out) >= limit:
                break
    return out


def recent_failures(store: Store, limit: int = 20) -> list[dict[str, Any]]:
    with store.session() as session:
        rows = session.scalars(select(IngestItemRow).where(IngestItemRow.status == "failed")
                               .order_by(IngestItemRow.id.desc()).limit(limit)).all()
        return [{"job_id": r.job_id, "file": r.source_path, "code": r.error_code, "error": r.error,
                 "at": r.updated_at.isoformat() if r.updated_at else ""} for r in rows]
