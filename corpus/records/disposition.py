"""Disposition: the due queue, batches proposed by records staff and approved by a records
officer, and the journaled run that destroys (purge + certificate) or transfers (BagIt).

A run is crash-safe. Each item's status in the store is the journal:
  pending -> purging: its content rows and files are purged (idempotent), its certificate
  written beside the final name (".pending"); then the index is purged for all of them;
  then each certificate is renamed to its final name and the item marked done.
Killed anywhere, the next run repeats the unfinished steps, so every record ends either
fully purged with its certificate, or untouched; never a certificate without the purge.
"""
from __future__ import annotations

import json
import re
from datetime import date
from typing import Callable, Iterable

from sqlalchemy import select

from corpus import audit
from corpus.access import Principal
from corpus.blobs import DISPOSITIONS_PREFIX, FolderBlobs, certificate_key, disposition_batch_prefix
from corpus.config import Config
from corpus.documents import document_ids
from corpus.errors import Conflict, NotEligible, NotFound, PermissionDenied, UsageError
from corpus.records.holds import holding, require_not_held
from corpus.records.lifecycle import Lifecycle, lifecycles
from corpus.records.plan import file_plan
from corpus.records.purge import compact_store, purge_files, purge_rows
from corpus.records.run_claim import batch_run_claim
from corpus.store import Store
from corpus.tables import DispositionBatchRow, DispositionItemRow, DocumentRow, utcnow
from corpus.visibility import visible_ids_in

PurgeDerived = Callable[[list[int]], None]     # removes documents from the search index (and merges it)


def all_lifecycles(store: Store, config: Config, *, batch: int = 500,
                   principal: Principal | None = None) -> list[Lifecycle]:
    """Every record's lifecycle; with `principal`, only the records that principal may see."""
    plan, out, ids = file_plan(config), [], list(document_ids(store))
    for start in range(0, len(ids), batch):
        with store.session() as session:
            chunk = ids[start:start + batch]
            if principal is not None:
                shown = visible_ids_in(session, principal, chunk, include_removed=True)
                chunk = [i for i in chunk if i in shown]
            out.extend(lifecycles(session, plan, chunk))
    return out


def due(store: Store, config: Config, today: date | None = None, *,
        principal: Principal | None = None) -> list[Lifecycle]:
    """Records past their disposition-eligible date under an approved schedule and not held
    (with `principal`: those it may see; records hidden from a records clerk are not theirs to
    propose, and their existence is not theirs to learn)."""
    return queue(store, config, today, principal=principal)["due"]


def queue(store: Store, config: Config, today: date | None = None, *,
          principal: Principal | None = None) -> dict:
    """The due records, and why the other active records are not due: held, kept because their
    category has no NARA-approved authority (by category; `past_eligible`: those whose computed
    date has passed), unscheduled (kept as permanent), or not yet eligible."""
    today = today or date.today()
    out: dict = {"due": [], "held": 0, "not_approved": {}, "past_eligible": 0, "unscheduled": 0, "waiting": 0}
    plan = file_plan(config)
    for lc in all_lifecycles(store, config, principal=principal):
        schedule = lc.category.schedule
        if lc.state != "active":
            continue
        if lc.due(today):
            out["due"].append(lc)
        elif lc.held:
            out["held"] += 1
        elif lc.category.code == plan.unscheduled or schedule.disposition == "permanent":
            out["unscheduled"] += 1
        elif not schedule.approved:
            out["not_approved"][lc.category.code] = out["not_approved"].get(lc.category.code, 0) + 1
            out["past_eligible"] += bool(lc.eligible_date and lc.eligible_date <= today)
        else:
            out["waiting"] += 1
    return out


def kept_explanation(summary: dict) -> list[str]:
    """Why records are not due, and what to do, in sentences (CLI and web queue)."""
    lines = []
    kept = sum(summary["not_approved"].values())
    if kept:
        by_category = ", ".join(f"{code} {n}" for code, n in sorted(summary["not_approved"].items()))
        lines.append(f"{kept} records are kept because their category has no NARA-approved authority ({by_category}); "
                     f"{summary['past_eligible']} of them past the date their schedule would give. Nothing is "
                     "disposed of outside an approved schedule (unscheduled = permanent). To proceed: refile "
                     "records that are transitory or intermediary (on the web: a document's Record section, "
                     "or tick search results and file them; `accord records file ID... --category transitory`), "
                     "or have an administrator point ACCORD_FILE_PLAN at a file plan whose categories carry "
                     "your approved authorities (\"approved\": true; README, \"Your own file plan\").")
    if summary["unscheduled"]:
        lines.append(f"{summary['unscheduled']} records are unscheduled or permanent: kept.")
    if summary["held"]:
        lines.append(f"{summary['held']} records are under legal hold (`accord hold list`).")
    if summary["waiting"]:
        lines.append(f"{summary['waiting']} records are under an approved schedule but not yet eligible.")
    return lines


def propose(store: Store, config: Config, *, who: Principal, ids: Iterable[int] = (), all_due: bool = False,
            today: date | None = None, ip: str = "") -> int:
    """Records staff propose a batch; every record in it must be due now. Returns the batch id."""
    who.require("records")
    today = today or date.today()
    if all_due:
        chosen = due(store, config, today, principal=who)
    else:
        wanted = sorted({int(i) for i in ids})
        if not wanted:
            raise UsageError("name the records (--id ID...) or use --all-due")
        with store.session() as session:
            hidden = set(wanted) - visible_ids_in(session, who, wanted)
            if hidden:                                   # as a missing one, before any other check
                raise NotFound(f"document {min(hidden)} not found")
            chosen = lifecycles(session, file_plan(config), wanted)
            require_not_held(session, wanted, "disposed of")
        missing = set(wanted) - {lc.document_id for lc in chosen if lc.state == "active"}
        if missing:
            raise NotFound(f"document {min(missing)} not found")
        for lc in chosen:
            if not lc.due(today):
                raise NotEligible(f"document {lc.document_id} is not due for disposition: category "
                                  f"{lc.category.code} ({lc.category.schedule.authority}); {lc.reason}; eligible "
                                  f"{lc.eligible_date.isoformat() if lc.eligible_date else 'never (no date yet)'}")
    if not chosen:
        raise NotEligible("no records are due for disposition")
    with store.session() as session:
        batch = DispositionBatchRow(status="proposed", proposed_by=who.name, runs=0)
        session.add(batch)
        session.flush()
        for lc in chosen:
            session.add(DispositionItemRow(batch_id=batch.id, document_id=lc.document_id, action=lc.action,
                                           category=lc.category.code, authority=lc.category.schedule.authority,
                                           cutoff_date=lc.cutoff_date.isoformat() if lc.cutoff_date else None,
                                           eligible_date=lc.eligible_date.isoformat() if lc.eligible_date else None,
                                           reason=lc.reason, status="pending", note=""))
        batch_id = batch.id
    audit.record(store, who.name, "disposition", f"batch:{batch_id}", ip=ip,
                 details={"step": "propose", "documents": [lc.document_id for lc in chosen][:1000],
                          "count": len(chosen)})
    return batch_id


def approve(store: Store, batch_id: int, *, who: Principal, ip: str = "") -> None:
    """A records officer (or admin), not the proposer, approves the batch."""
    if not who.may("approve_disposition"):
        raise PermissionDenied(f"{who.name!r} may not approve disposition", hint="A records officer approves batches.")
    with store.session() as session:
        batch = _batch(session, batch_id)
        if batch.status != "proposed":
            raise Conflict(f"batch {batch_id} is {batch.status}, not proposed")
        if batch.proposed_by == who.name:
            raise PermissionDenied(f"{who.name!r} proposed batch {batch_id} and may not also approve it",
                                   hint="Disposition takes two people: another records officer approves.")
        batch.status, batch.approved_by, batch.approved_at = "approved", who.name, utcnow()
    audit.record(store, who.name, "disposition", f"batch:{batch_id}", ip=ip, details={"step": "approve"})


def _batch(session, batch_id: int) -> DispositionBatchRow:
    batch = session.get(DispositionBatchRow, int(batch_id))
    if batch is None:
        raise NotFound(f"no disposition batch {batch_id}", hint="`accord disposition due` and the web queue list them.")
    return batch


def batch_detail(store: Store, batch_id: int, *, principal: Principal | None = None) -> dict:
    """A batch and its items; with `principal`, only the items that principal may see."""
    with store.session() as session:
        batch = _batch(session, batch_id)
        items = session.execute(select(DispositionItemRow, DocumentRow.title, DocumentRow.filename)
                                .join(DocumentRow, DocumentRow.id == DispositionItemRow.document_id)
                                .where(DispositionItemRow.batch_id == batch.id)
                                .order_by(DispositionItemRow.document_id)).all()
        if principal is not None:
            shown = visible_ids_in(session, principal, [i.document_id for i, _, _ in items], include_removed=True)
            items = [row for row in items if row[0].document_id in shown]
        return {"id": batch.id, "status": batch.status, "proposed_by": batch.proposed_by,
                "proposed_at": _iso(batch.proposed_at), "approved_by": batch.approved_by,
                "approved_at": _iso(batch.approved_at), "finished_at": _iso(batch.finished_at), "runs": batch.runs,
                "items": [{"id": i.document_id, "title": title, "filename": filename, "action": i.action,
                           "category": i.category, "authority": i.authority, "cutoff_date": i.cutoff_date,
                           "eligible_date": i.eligible_date, "reason": i.reason, "status": i.status,
                           "note": i.note, "certificate": i.certificate}
                          for i, title, filename in items]}


def batches(store: Store, *, principal: Principal | None = None) -> list[dict]:
    with store.session() as session:
        ids = list(session.scalars(select(DispositionBatchRow.id).order_by(DispositionBatchRow.id.desc())))
    return [batch_detail(store, i, principal=principal) for i in ids]


def _iso(value) -> str | None:
    return value.isoformat() if value else None


FINISHED_ITEM_STATES = ("done", "skipped", "transferred")     # the others: pending, purging


def _require_runnable(batch: DispositionBatchRow) -> None:
    if batch.status not in ("approved", "running", "done"):
        raise Conflict(f"batch {batch.id} is {batch.status}: a records officer must approve it first",
                       hint=f"`accord disposition approve {batch.id} --as OFFICER`.")


def require_runnable(store: Store, batch_id: int) -> None:
    """An approved batch, or one whose run is unfinished (or done: running it again is harmless)."""
    with store.session() as session:
        _require_runnable(_batch(session, batch_id))


def run(store: Store, config: Config, batch_id: int, *, purge_derived: PurgeDerived, actor: str) -> dict:
    """Carry out an approved batch (or finish an interrupted run); one run of a batch at a time,
    whichever process or machine starts it (AlreadyRunning otherwise)."""
    require_runnable(store, batch_id)   # a missing or unapproved batch says so, not "already running"
    with batch_run_claim(store, batch_id):
        return _run(store, config, batch_id, purge_derived=purge_derived, actor=actor)


def _run(store: Store, config: Config, batch_id: int, *, purge_derived: PurgeDerived, actor: str) -> dict:
    with store.session() as session:
        batch = _batch(session, batch_id)
        _require_runnable(batch)
        batch.status, batch.runs = ("running" if batch.status != "done" else "done"), batch.runs + 1
        facts = {"proposed_by": batch.proposed_by, "proposed_at": _iso(batch.proposed_at),
                 "approved_by": batch.approved_by, "approved_at": _iso(batch.approved_at)}
        items = list(session.scalars(select(DispositionItemRow).where(DispositionItemRow.batch_id == batch_id,
                                                                      DispositionItemRow.status.in_(
                                                                          ("pending", "purging")))
                                     .order_by(DispositionItemRow.document_id)))
    audit.record(store, actor, "disposition", f"batch:{batch_id}", details={"step": "run", "items": len(items)})
    destroying = []
    transfers = []
    for item in items:
        if item.action == "transfer":
            transfers.append(item)
            continue
        if item.status == "pending" and not _may_proceed(store, item):
            continue
        _purge_one(store, config, batch_id, item, facts, actor)
        destroying.append(item.document_id)
    if destroying:
        purge_derived(destroying)      # one index commit (merged, so deleted postings are gone) for all
    for item in items:
        if item.document_id in destroying:
            _finish_one(store, config, batch_id, item, actor)
    if transfers:
        from corpus.records.transfer import transfer_items
        transfer_items(store, config, batch_id, [t for t in transfers if t.status == "purging"
                                                  or _may_proceed(store, t)], facts, actor)
    # A run killed while writing a certificate to a folder leaves its temporary file (write_atomically
    # removes it on errors, not on SIGKILL); the certificate itself was rewritten above.
    if isinstance(store.blobs, FolderBlobs):
        for stale in store.blobs.path(disposition_batch_prefix(batch_id).rstrip("/")).glob(".certificate-*.tmp"):
            stale.unlink(missing_ok=True)
    compact_store(store)
    with store.session() as session:
        batch = _batch(session, batch_id)
        left = session.scalar(select(DispositionItemRow.id).where(DispositionItemRow.batch_id == batch_id,
                                                                  DispositionItemRow.status.in_(
                                                                      ("pending", "purging"))).limit(1))
        if left is None and batch.status != "done":
            batch.status, batch.finished_at = "done", utcnow()
    audit.record(store, actor, "disposition", f"batch:{batch_id}", details={"step": "finished",
                                                                           "destroyed": destroying})
    return batch_detail(store, batch_id)


def _may_proceed(store: Store, item: DispositionItemRow) -> bool:
    """A hold placed after approval stops the record (the item is skipped, not failed)."""
    with store.session() as session:
        held = holding(session, [item.document_id])
        row = session.get(DocumentRow, item.document_id)
        reason = ("under legal hold " + ", ".join(held[item.document_id])) if held else \
            ("no longer in the repository" if row is None or row.deleted_at is not None else "")
        if reason:
            session.get(DispositionItemRow, item.id).status = "skipped"
            session.get(DispositionItemRow, item.id).note = reason
    if reason:
        audit.record(store, "system", "disposition", str(item.document_id),
                     details={"step": "skipped", "batch": item.batch_id, "reason": reason})
    return not reason


def _certificate(config: Config, batch_id: int, item: DispositionItemRow, facts: dict, stub: dict, actor: str,
                 action_text: str) -> dict:
    return {"certificate": "disposition", "batch": batch_id, "document": stub, "action": action_text,
            "category": item.category, "authority": item.authority, "cutoff_date": item.cutoff_date,
            "eligible_date": item.eligible_date, "reason": item.reason, **facts, "carried_out_by": actor,
            "carried_out_at": utcnow().isoformat(),
            "purged": ["original file", "page texts", "extracted fields", "labels", "relations", "page images and "
                       "thumbnails", "search index entries (index merged)", "similarity signature", "source paths"],
            "remains": ["this certificate", "the metadata stub (id, title, filename, sha256, dates)",
                        "the audit trail"]}


def _purge_one(store: Store, config: Config, batch_id: int, item: DispositionItemRow, facts: dict,
               actor: str) -> None:
    final = certificate_key(batch_id, item.document_id)
    pending = final + ".pending"
    with store.session() as session:
        row = session.get(DocumentRow, item.document_id)
        require_not_held(session, [item.document_id], "destroyed")
        stub = {"id": row.id, "title": row.title, "filename": row.filename, "sha256": row.sha256,
                "mime": row.mime, "size": row.size, "pages": row.page_count,
                "ingested_at": _iso(row.ingested_at)}
        session.get(DispositionItemRow, item.id).status = "purging"
    if not store.blobs.exists(final) and not store.blobs.exists(pending):
        body = _certificate(config, batch_id, item, facts, stub, actor, "destroyed")
        store.blobs.put_bytes(pending, json.dumps(body, indent=2).encode(), mode=0o444)
    with store.session() as session:
        require_not_held(session, [item.document_id], "destroyed")
        sha256 = purge_rows(session, item.document_id, state="destroyed", by=actor)
    purge_files(store, sha256)


def _finish_one(store: Store, config: Config, batch_id: int, item: DispositionItemRow, actor: str) -> None:
    final = certificate_key(batch_id, item.document_id)
    pending = final + ".pending"
    if store.blobs.exists(pending):
        store.blobs.rename(pending, final)
    certificate = final[len(DISPOSITIONS_PREFIX):]
    # The event before the item is marked done, and once: a run killed between the two is finished
    # by a rerun (or the redelivered queue task), which must neither lose the event nor write it twice.
    if not _destroyed_event_recorded(store, batch_id, item.document_id):
        audit.record(store, actor, "disposition", str(item.document_id),
                     details={"step": "destroyed", "batch": batch_id, "authority": item.authority,
                              "certificate": certificate})
    with store.session() as session:
        row = session.get(DispositionItemRow, item.id)
        row.status, row.done_at = "done", utcnow()
        row.certificate = certificate


def _destroyed_event_recorded(store: Store, batch_id: int, document_id: int) -> bool:
    return any(e["details"].get("step") == "destroyed" and e["details"].get("batch") == batch_id
               for e in audit.events(store, action="disposition", target=str(document_id)))


_CERTIFICATE_KEY = re.compile(r"^batch-(\d+)/certificate-(\d+)\.json$")


def certificates(config: Config, store: Store, principal: Principal | None = None) -> list[dict]:
    """The certificates (from the blob store, whichever machine wrote them); with `principal`,
    only those of records that principal may see."""
    out = []
    keys = sorted((info.key for info in store.blobs.list(DISPOSITIONS_PREFIX)
                   if _CERTIFICATE_KEY.match(info.key[len(DISPOSITIONS_PREFIX):])),
                  key=lambda k: tuple(int(n) for n in _CERTIFICATE_KEY.match(k[len(DISPOSITIONS_PREFIX):]).groups()))
    for key in keys:
        try:
            out.append({"path": key[len(DISPOSITIONS_PREFIX):], **json.loads(store.blobs.get(key))})
        except (OSError, ValueError):
            continue
    if principal is not None:
        with store.session() as session:
            shown = visible_ids_in(session, principal, [c["document"]["id"] for c in out], include_removed=True)
        out = [c for c in out if c["document"]["id"] in shown]
    return out


def certificate(store: Store, batch_id: int, document_id: int, principal: Principal) -> bytes:
    """One certificate's file, as written (a record the principal may not see: as a missing one)."""
    with store.session() as session:
        if document_id not in visible_ids_in(session, principal, [document_id], include_removed=True):
            raise NotFound(f"no certificate for document {document_id} in batch {batch_id}")
    try:
        return store.blobs.get(certificate_key(batch_id, document_id))
    except FileNotFoundError:
        raise NotFound(f"no certificate for document {document_id} in batch {batch_id}",
                       hint="Certificates are written when a batch's run destroys a record "
                            "(`accord disposition show BATCH`).") from None
