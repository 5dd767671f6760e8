"""Filing documents to categories, the essential-records flag, recorded events, and the trash
(for mistakes: a duplicate, the wrong file). Every change is audited here, so every path
(UI, API, CLI) leaves the same event."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Callable

from sqlalchemy import select

from corpus import audit
from corpus.access import Principal
from corpus.config import Config
from corpus.errors import Conflict, NotFound, PermissionDenied, UsageError
from corpus.records.filing_rows import filing_row, set_filing_state
from corpus.records.holds import holding, require_not_held
from corpus.records.lifecycle import Lifecycle, lifecycles
from corpus.records.plan import file_plan
from corpus.records.purge import compact_store, purge_files, purge_rows
from corpus.store import Store
from corpus.tables import DocumentRow, RecordFilingRow, utcnow
from corpus.times import as_aware_utc
from corpus.visibility import visible_ids_in


def _live(session, document_id: int) -> DocumentRow:
    row = session.get(DocumentRow, document_id)
    if row is None or row.deleted_at is not None:
        raise NotFound(f"document {document_id} not found")
    return row


def lifecycle_of(store: Store, config: Config, document_id: int) -> Lifecycle:
    with store.session() as session:
        found = lifecycles(session, file_plan(config), [document_id])
    if not found:
        raise NotFound(f"document {document_id} not found")
    return found[0]


def _check_filing(config: Config, category: str, event_on: str | None, who: Principal) -> None:
    who.require("records")
    file_plan(config).category(category)   # UsageError naming the categories when unknown
    if event_on:
        try:
            date.fromisoformat(event_on)
        except ValueError:
            raise UsageError(f"not a date: {event_on!r}", hint="Use YYYY-MM-DD.") from None


def file_document(store: Store, config: Config, document_id: int, category: str, *, who: Principal,
                  event_on: str | None = None, ip: str = "") -> Lifecycle:
    """Records staff file a document to a category (and may record its event date). A held
    record's filing is frozen with it: its category decides its disposition."""
    _check_filing(config, category, event_on, who)
    with store.session() as session:
        _live(session, document_id)
        require_not_held(session, [document_id], "refiled")
        filing = filing_row(session, document_id)
        before = filing.category
        filing.category, filing.filed_by, filing.filed_at = category, who.name, utcnow()
        if event_on:
            filing.event_on = event_on
    audit.record(store, who.name, "file", str(document_id), ip=ip,
                 details={"category": category, "before": before, "event_on": event_on})
    return lifecycle_of(store, config, document_id)


def file_documents(store: Store, config: Config, document_ids: list[int], category: str, *, who: Principal,
                   event_on: str | None = None, skip_held: bool = False, ip: str = "") -> tuple[list[Lifecycle],
                                                                                                  dict[int, list[str]]]:
    """File several documents, each audited. Every id is checked first (unknown, hidden from
    `who`, or held: nothing is filed). With `skip_held` (documents picked by a query), held ones
    are left in their category and returned with their holds instead."""
    _check_filing(config, category, event_on, who)
    ids = sorted({int(i) for i in document_ids})
    with store.session() as session:
        shown = visible_ids_in(session, who, ids)
        for doc_id in ids:
            if doc_id not in shown:
                raise NotFound(f"document {doc_id} not found")
            _live(session, doc_id)
        held = holding(session, ids)
        if held and not skip_held:
            require_not_held(session, ids, "refiled")
    filed = [file_document(store, config, doc_id, category, who=who, event_on=event_on, ip=ip)
             for doc_id in ids if doc_id not in held]
    return filed, held


def set_essential(store: Store, document_id: int, essential: bool, *, who: Principal, ip: str = "") -> None:
    if not who.may("essential"):
        raise PermissionDenied(f"{who.name!r} may not set the essential-records flag",
                               hint="Only a records officer sets or clears it.")
    with store.session() as session:
        _live(session, document_id)
        filing_row(session, document_id).essential = bool(essential)
    audit.record(store, who.name, "essential", str(document_id), ip=ip, details={"essential": bool(essential)})


def trash(store: Store, config: Config, document_id: int, *, who: Principal, now: datetime | None = None,
          ip: str = "") -> None:
    """Move a wrongly ingested document to the trash: hidden everywhere, restorable, purged
    after ACCORD_TRASH_DAYS unless held. Allowed within ACCORD_TRASH_DAYS of its ingest."""
    who.require("records")
    now = now or utcnow()
    days = config["ACCORD_TRASH_DAYS"]
    with store.session() as session:
        row = _live(session, document_id)
        require_not_held(session, [document_id], "trashed")
        if now - as_aware_utc(row.ingested_at) > timedelta(days=days):
            raise Conflict(f"document {document_id} was ingested more than {days} days ago; the trash is for "
                           "recent mistakes", hint="Records past that are disposed of under their schedule "
                                                   "(`accord records file ID --category CODE`, then disposition).")
        row.deleted_at = row.updated_at = now
        set_filing_state(session, document_id, "trashed", at=now, by=who.name)
        filename = row.filename
    audit.record(store, who.name, "trash", str(document_id), ip=ip, details={"filename": filename})


def restore(store: Store, document_id: int, *, who: Principal, ip: str = "") -> None:
    who.require("records")
    with store.session() as session:
        row = session.get(DocumentRow, document_id)
        filing = session.get(RecordFilingRow, document_id)
        if (row is None or filing is None or filing.state != "trashed"
                or not visible_ids_in(session, who, [document_id], include_removed=True)):
            raise NotFound(f"document {document_id} is not in the trash")
        row.deleted_at = None
        row.updated_at = utcnow()
        set_filing_state(session, document_id, "active", at=utcnow(), by=who.name)
    audit.record(store, who.name, "restore", str(document_id), ip=ip)


def trashed(store: Store, *, principal: Principal | None = None) -> list[dict]:
    """The trash; with `principal`, the documents in it that principal may see."""
    with store.session() as session:
        rows = session.execute(select(DocumentRow.id, DocumentRow.filename, DocumentRow.title,
                                      RecordFilingRow.state_at, RecordFilingRow.state_by)
                               .join(RecordFilingRow, RecordFilingRow.document_id == DocumentRow.id)
                               .where(RecordFilingRow.state == "trashed").order_by(DocumentRow.id)).all()
        if principal is not None:
            shown = visible_ids_in(session, principal, [r.id for r in rows], include_removed=True)
            rows = [r for r in rows if r.id in shown]
    return [{"id": r.id, "filename": r.filename, "title": r.title, "trashed_at": r.state_at.isoformat(),
             "trashed_by": r.state_by} for r in rows]


def purge_expired_trash(store: Store, config: Config, purge_derived: Callable[[list[int]], None], *,
                        actor: str, now: datetime | None = None) -> list[int]:
    """Purge documents trashed more than ACCORD_TRASH_DAYS ago, unless held. Returns their ids."""
    now = now or utcnow()
    limit = now - timedelta(days=config["ACCORD_TRASH_DAYS"])
    with store.session() as session:
        candidates = [(i, at) for i, at in session.execute(
            select(RecordFilingRow.document_id, RecordFilingRow.state_at).where(RecordFilingRow.state == "trashed"))]
        held = set(holding(session, [i for i, _ in candidates]))
    due = [i for i, at in candidates
           if as_aware_utc(at) <= limit and i not in held]
    for doc_id in due:
        with store.session() as session:
            require_not_held(session, [doc_id], "purged")
            sha256 = purge_rows(session, doc_id, state="purged", by=actor)
        if sha256:
            purge_files(store, sha256)
    if due:
        purge_derived(due)
        compact_store(store)
        for doc_id in due:
            audit.record(store, actor, "purge", str(doc_id), details={"reason": "trash delay passed"})
    return due

