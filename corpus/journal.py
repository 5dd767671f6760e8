"""The ingest job journal: what a bulk run has done, so it can resume after a crash.

A job is keyed by its resolved inputs; running the same command again continues
the unfinished job, skipping items already stored, duplicated or failed. Each
item's outcome is committed in its own transaction right after the file is
handled, so a `kill -9` loses at most the files in flight.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from corpus.access import Principal
from corpus.errors import NotFound
from corpus.store import Store
from corpus.tables import IngestItemRow, IngestJobRow, utcnow
from corpus.visibility import everything_visible, visible_ids_in

DONE_STATUSES = ("stored", "duplicate", "failed")


def job_key(inputs: Iterable[str]) -> str:
    return hashlib.sha256(json.dumps(sorted(inputs)).encode()).hexdigest()


@dataclass
class ItemOutcome:
    source_path: str
    status: str                     # stored | duplicate | failed
    document_id: int | None = None
    duplicate_of: int | None = None
    sha256: str | None = None
    pages: int = 0
    ocr_pages: int = 0
    seconds: float = 0.0
    error_code: str | None = None
    error: str | None = None
    quarantine_path: str | None = None
    worker: str | None = None       # host:pid of the queue worker that handled it, or "in-process"


def start_or_resume(store: Store, inputs: list[str], *, actor: str = "") -> tuple[int, bool]:
    """Returns (job id, resumed)."""
    key = job_key(inputs)
    with store.session() as session:
        job = session.scalars(select(IngestJobRow).where(IngestJobRow.key == key, IngestJobRow.status == "running")
                              .order_by(IngestJobRow.id.desc())).first()
        if job is not None:
            job.runs += 1
            return job.id, True
        job = IngestJobRow(key=key, inputs=sorted(inputs), created_by=actor)
        session.add(job)
        session.flush()
        return job.id, False


def finished_paths(store: Store, job_id: int, among: list[str] | None = None) -> set[str]:
    """The job's files already handled (of `among`, when given)."""
    with store.session() as session:
        query = select(IngestItemRow.source_path).where(IngestItemRow.job_id == job_id,
                                                        IngestItemRow.status.in_(DONE_STATUSES))
        if among is not None:
            query = query.where(IngestItemRow.source_path.in_(among))
        return set(session.scalars(query))


def done_totals(store: Store, job_id: int) -> dict[str, tuple[int, int]]:
    """Per status of the job's handled files: (files, pages). What a submitter waiting on
    workers shows as progress."""
    with store.session() as session:
        rows = session.execute(select(IngestItemRow.status, func.count(), func.coalesce(func.sum(IngestItemRow.pages), 0))
                               .where(IngestItemRow.job_id == job_id, IngestItemRow.status.in_(DONE_STATUSES))
                               .group_by(IngestItemRow.status)).all()
        return {status: (int(files), int(pages)) for status, files, pages in rows}


def record(store: Store, job_id: int, outcome: ItemOutcome) -> None:
    with store.session() as session:
        item = session.scalars(select(IngestItemRow).where(IngestItemRow.job_id == job_id,
                                                           IngestItemRow.source_path == outcome.source_path)).first()
        if item is None:
            item = IngestItemRow(job_id=job_id, source_path=outcome.source_path)
            session.add(item)
        elif (item.status, outcome.status) == ("stored", "duplicate") and outcome.duplicate_of == item.document_id:
            # the file's twin: one file handed out twice (a resumed submitter, a redelivered task), both copies
            # read it and the other stored it first. The file was stored, once; it is no duplicate of itself.
            return
        for name, value in vars(outcome).items():
            setattr(item, name, value)


def finish(store: Store, job_id: int, status: str = "done") -> None:
    with store.session() as session:
        job = session.get(IngestJobRow, job_id)
        job.status = status
        job.finished_at = utcnow()


# Who may read a job and its report: the job's own actor, and callers who see every document
# (admins, auditors, the CLI operator). Within it, a file's row is shown only when the document it
# became (or duplicated) is visible to the reader, so a report never names a restricted file of
# someone else; its counts are counted over the rows shown.
def may_read_job(principal: Principal | None, created_by: str) -> bool:
    return everything_visible(principal) or created_by == principal.name


def _job(session: Session, job_id: int, principal: Principal | None) -> IngestJobRow:
    job = session.get(IngestJobRow, job_id)
    if job is None or not may_read_job(principal, job.created_by):
        raise NotFound(f"ingest job {job_id} not found", hint="`accord jobs` lists ingest jobs.")
    return job


def _shown(session: Session, rows: list[IngestItemRow], principal: Principal | None) -> list[IngestItemRow]:
    if everything_visible(principal):
        return rows
    referenced = {i for r in rows for i in (r.document_id, r.duplicate_of) if i is not None}
    visible = visible_ids_in(session, principal, referenced)
    return [r for r in rows if all(i is None or i in visible for i in (r.document_id, r.duplicate_of))]


def _item(r: IngestItemRow) -> dict[str, Any]:
    return {"file": r.source_path, "status": r.status, "document_id": r.document_id,
            "duplicate_of": r.duplicate_of, "sha256": r.sha256, "pages": r.pages, "ocr_pages": r.ocr_pages,
            "seconds": round(r.seconds or 0.0, 3), "error_code": r.error_code, "error": r.error,
            "quarantine_path": r.quarantine_path, "worker": r.worker}


def items(store: Store, job_id: int, principal: Principal | None = None) -> list[dict[str, Any]]:
    """Per-file rows of the report the caller may read, in the order files were handled
    (None: the operator, who reads everything)."""
    with store.session() as session:
        _job(session, job_id, principal)
        rows = session.scalars(select(IngestItemRow).where(IngestItemRow.job_id == job_id)
                               .order_by(IngestItemRow.id)).all()
        return [_item(r) for r in _shown(session, list(rows), principal)]


def job_summary(store: Store, job_id: int, principal: Principal | None = None) -> dict[str, Any]:
    with store.session() as session:
        job = _job(session, job_id, principal)
        rows = session.scalars(select(IngestItemRow).where(IngestItemRow.job_id == job_id)).all()
        counts: dict[str, int] = {}
        shown = _shown(session, list(rows), principal)
        for r in shown:
            counts[r.status] = counts.get(r.status, 0) + 1
        return {"id": job.id, "status": job.status, "inputs": job.inputs, "runs": job.runs,
                "created_by": job.created_by, "created_at": job.created_at.isoformat(),
                "finished_at": job.finished_at.isoformat() if job.finished_at else None,
                "counts": dict(sorted(counts.items())), "workers": worker_throughput(shown),
                "busy_seconds": round(busy_seconds(shown), 2)}


def busy_seconds(rows: list[IngestItemRow]) -> float:
    """From the first of these files' start to the last one's end."""
    ends = [r.updated_at.timestamp() for r in rows if r.updated_at]
    starts = [r.updated_at.timestamp() - (r.seconds or 0.0) for r in rows if r.updated_at]
    return max(ends) - min(starts) if ends else 0.0


def worker_throughput(rows: list[IngestItemRow]) -> list[dict[str, Any]]:
    """Per worker (host:pid, or in-process) of a job: files, pages, and pages per second over the
    time from its first file's start to its last file's end."""
    by_worker: dict[str, list[IngestItemRow]] = {}
    for r in rows:
        by_worker.setdefault(r.worker or "", []).append(r)
    result = []
    for worker, items in sorted(by_worker.items()):
        span = busy_seconds(items)
        pages = sum(r.pages or 0 for r in items)
        row = {"worker": worker, "files": len(items), "pages": pages,
               "ocr_pages": sum(r.ocr_pages or 0 for r in items), "seconds": round(span, 2),
               "files_per_second": round(len(items) / span, 2) if span > 0 else None,
               "pages_per_second": round(pages / span, 2) if span > 0 else None}
        result.append({**row, "summary": _throughput_text(row)})
    return result


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _throughput_text(w: dict[str, Any]) -> str:
    """One line per worker, the same in `accord jobs` and on the upload page."""
    rates = (f"{w['files_per_second']:.2f} files/s, {w['pages_per_second']:.2f} pages/s"
             if w["pages_per_second"] is not None else "rate not measured")
    return (f"{w['worker'] or '(not recorded)'}: {_count(w['files'], 'file')}, {_count(w['pages'], 'page')} "
            f"({w['ocr_pages']} OCR) "
            f"in {w['seconds']:.1f} s: {rates}")


def recent_jobs(store: Store, limit: int = 20, principal: Principal | None = None) -> list[dict[str, Any]]:
    with store.session() as session:
        query = select(IngestJobRow.id).order_by(IngestJobRow.id.desc()).limit(limit)
        if not everything_visible(principal):
            query = query.where(IngestJobRow.created_by == principal.name)
        ids = session.scalars(query).all()
    return [job_summary(store, i, principal) for i in ids]


def failed_items(store: Store, principal: Principal | None, limit: int = 20) -> list[dict[str, Any]]:
    """The newest failed files of the jobs the caller may read (with the inputs their job was given)."""
    with store.session() as session:
        query = (select(IngestItemRow, IngestJobRow.inputs).join(IngestJobRow, IngestJobRow.id == IngestItemRow.job_id)
                 .where(IngestItemRow.status == "failed").order_by(IngestItemRow.id.desc()).limit(limit))
        if not everything_visible(principal):
            query = query.where(IngestJobRow.created_by == principal.name)
        return [{"job_id": r.job_id, "file": r.source_path, "code": r.error_code, "error": r.error,
                 "at": r.updated_at.isoformat() if r.updated_at else "", "inputs": inputs}
                for r, inputs in session.execute(query)]
