"""Bulk edit: one change applied to many documents, shared by the search page and POST /api/bulk.

1. `resolve` turns a selection (ids ticked on the page, or "all N matching" a search, run
   for the caller, so only over the documents the caller may see) into visible documents;
   an id the caller may not see is counted as "not found", exactly like a missing one.
2. `plan` says, per document, whether the caller may make the change (the same rules as the
   single-document paths: reviewers set tags, owners or admins visibility, records staff
   filing and holds) and whether it changes anything; the rest are skipped with a reason.
3. `apply` makes the change, one audit event per document (a hold also writes its own event,
   naming its documents, as corpus.records.holds does for every hold), and reindexes in batches. Selections above
   BACKGROUND_OVER run in a background job (`BulkJobs`) whose progress the page polls.

Download as zip is `zip_response`: the visible documents' originals, each audited as a download.
"""
from __future__ import annotations

import io
import json
import logging
import re
import threading
import time
import uuid
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from flask import send_file

from corpus import accounts, audit, labels
from corpus.access import Principal
from corpus.documents import document_headers, set_visibility
from corpus.errors import AccordError, NotFound, UsageError
from corpus.blobs import bulk_job_key
from web.operations import may_restrict, search_arguments

log = logging.getLogger("accord.web.bulk")

ACTIONS = {"type": "set the agreement type", "scope": "set the directive scope",
           "visibility": "change who may see them", "category": "file them to a record category",
           "hold": "place them under a new legal hold", "zip": "download them as a zip"}
MAX_SELECTION = 10_000
BACKGROUND_OVER = 200
ZIP_MAX_DOCUMENTS = 1000
NOT_FOUND = "not found"
_JOB_ID = re.compile(r"^[0-9a-f]{32}$")


@dataclass
class Request:
    """What the caller asked for: an action, its value and the selection."""
    action: str
    value: str = ""
    users: list[str] = field(default_factory=list)     # visibility
    groups: list[str] = field(default_factory=list)
    reason: str = ""                                   # hold
    ids: list[int] = field(default_factory=list)       # ticked documents
    search: dict | None = None                         # "all matching": search_arguments of the query string


@dataclass
class Plan:
    request: Request
    change: list[int]
    skipped: dict[str, list[int]]          # reason -> visible ids the caller may not (or need not) change
    not_found: int = 0                     # asked-for ids missing or hidden: a count, never the ids

    @property
    def skipped_count(self) -> int:
        return self.not_found + sum(len(v) for v in self.skipped.values())

    def reasons(self) -> list[dict]:
        counted = [{"reason": NOT_FOUND, "count": self.not_found}] if self.not_found else []
        return counted + [{"reason": reason, "count": len(ids)} for reason, ids in self.skipped.items()]

    def summary(self) -> dict:
        return {"action": self.request.action, "value": self.request.value, "change": len(self.change),
                "skipped": self.skipped_count, "reasons": self.reasons()}


def read_request(action: str, value: str, *, ids, users=(), groups=(), reason: str = "", search_args=None) -> Request:
    if action not in ACTIONS:
        raise UsageError(f"unknown bulk action {action!r}", hint=f"Actions: {', '.join(ACTIONS)}.")
    try:
        id_list = sorted({int(i) for i in ids if str(i).strip()})
    except (TypeError, ValueError):
        raise UsageError("document ids are whole numbers") from None
    search = search_arguments(search_args) if search_args is not None else None
    if not id_list and search is None:
        raise UsageError("no documents selected", hint="Tick documents in the results, or “select all matching”.")
    if len(id_list) > MAX_SELECTION:
        raise UsageError(f"at most {MAX_SELECTION} documents at once", hint="Narrow the search.")
    return Request(action, (value or "").strip(), [u for u in users if u], [g for g in groups if g],
                   (reason or "").strip(), id_list, search)


def resolve(services, request: Request, who: Principal) -> tuple[dict, int]:
    """(visible document headers by id, how many requested ids were not found or hidden)."""
    if request.search is not None:
        spec = request.search
        results = services.index.search(spec["query"], principal=who, per_page=MAX_SELECTION, sort=spec["sort"],
                                        filters=spec["filters"], snippets=False, facets=False)
        wanted = [hit.id for hit in results.hits]
    else:
        wanted = request.ids
    headers = document_headers(services.store, wanted, who)
    return headers, len(set(wanted)) - len(headers)


def _check_value(services, request: Request) -> None:
    if request.action in ("type", "scope"):
        taxonomy = services.taxonomy
        allowed = taxonomy.type_codes if request.action == "type" else taxonomy.scope_codes
        if request.value not in allowed:
            raise UsageError(f"{request.value!r} is not a {request.action} of the taxonomy",
                             hint=f"Known {request.action} codes: {', '.join(allowed[:30])}.")
    elif request.action == "visibility":
        if request.value not in ("public", "restricted"):
            raise UsageError("visibility is 'public' or 'restricted'")
        accounts.require_known_names(services.store, request.users, request.groups,
                                     hint="Choose existing users and groups (an administrator adds them on the "
                                          "Users page).")
    elif request.action == "category":
        from corpus.records.plan import file_plan
        file_plan(services.config).category(request.value)   # UsageError naming the categories
    elif request.action == "hold":
        if not request.value or not request.reason:
            raise UsageError("a legal hold needs a name and a reason",
                             hint="Name the matter (e.g. “FOIA 2026-0042”) and say why.")


def plan(services, request: Request, who: Principal) -> Plan:
    """Who may change what: the same rules as each single-document path."""
    _check_value(services, request)
    headers, not_found = resolve(services, request, who)
    ids = sorted(headers)
    skipped: dict[str, list[int]] = {}

    def skip(reason: str, doc_ids: list[int]) -> None:
        if doc_ids:
            skipped.setdefault(reason, []).extend(doc_ids)

    change = ids
    if request.action in ("type", "scope"):
        if not who.may("label"):
            skip("not permitted: only reviewers set tags", ids)
            change = []
        else:
            current = labels.current_labels_many(services.store, ids)
            same = [i for i in ids if (lab := current[i][request.action]) is not None and lab.value == request.value
                    and lab.confirmed]
            skip(f"already {request.action} {request.value}", same)
            change = [i for i in ids if i not in set(same)]
    elif request.action == "visibility":
        denied = [i for i in ids if not may_restrict(who, headers[i].owner)]
        skip("not permitted: only the document's owner or an administrator may change who can see it", denied)
        change = [i for i in ids if i not in set(denied)]
        if request.value == "restricted" and not request.users and not request.groups:
            ownerless = [i for i in change if not headers[i].owner]
            skip("a restricted document needs at least one user or group", ownerless)
            change = [i for i in change if i not in set(ownerless)]
    elif request.action in ("category", "hold"):
        if not who.may("records"):
            skip("not permitted: only records staff file documents and place holds", ids)
            change = []
    return Plan(request, change, skipped, not_found)


def apply(services, planned: Plan, who: Principal, *, ip: str = "", job: str = "",
          progress=lambda done: None) -> dict:
    """Make the planned change; returns {"changed", "skipped", "failed": [{id, reason}], ...}."""
    request, failed, done = planned.request, [], 0
    via = {"via": "bulk", **({"job": job} if job else {})}
    if request.action == "hold":
        try:
            # the hold itself is one event (target: its name, as corpus.records.holds writes it) ...
            services.place_hold(request.value, reason=request.reason, issuer=who.name, ids=planned.change, ip=ip,
                                who=who)
        except AccordError as exc:
            failed = [{"id": i, "reason": exc.message} for i in planned.change]
        else:
            # ... and, as for every bulk action, each document it changed gets its own event, so the
            # document's history and an audit search by document show the hold
            for number, doc_id in enumerate(planned.change, 1):
                audit.record(services.store, who.name, "hold", str(doc_id), ip=ip,
                             details={"hold": request.value, "reason": request.reason, "role": who.role, **via})
                if number % 20 == 0:
                    progress(number)
            done = len(planned.change)
        progress(done)
        return _result(planned, done, failed)
    with services.changes_in_batches() as changed:
        for number, doc_id in enumerate(planned.change, 1):
            try:
                _apply_one(services, request, doc_id, who, ip, via)
                done += 1
                if request.action != "category":     # the file plan is not in the index
                    changed(doc_id)
            except AccordError as exc:   # e.g. a document deleted meanwhile; the others go on
                failed.append({"id": doc_id, "reason": exc.message})
            if number % 20 == 0:
                progress(number)
    progress(len(planned.change))
    return _result(planned, done, failed)


def _apply_one(services, request: Request, doc_id: int, who: Principal, ip: str, via: dict) -> None:
    if request.action in ("type", "scope"):
        services.classifier.decide(doc_id, request.action, request.value, who.name, "correct")
        audit.record(services.store, who.name, "label", str(doc_id), ip=ip,
                     details={"kind": request.action, "value": request.value, "decision": "correct",
                              "role": who.role, **via})
    elif request.action == "visibility":
        public = request.value == "public"
        users, groups = ([], []) if public else (sorted(set(request.users)), sorted(set(request.groups)))
        set_visibility(services.store, doc_id, public=public, users=users, groups=groups)
        audit.record(services.store, who.name, "restrict", str(doc_id), ip=ip,
                     details={"public": public, "users": users, "groups": groups, "role": who.role, **via})
    elif request.action == "category":
        from corpus.records.filing import file_document
        file_document(services.store, services.config, doc_id, request.value, who=who, ip=ip)   # audits "file"


def _result(planned: Plan, done: int, failed: list[dict]) -> dict:
    return {**planned.summary(), "changed": done, "failed": failed}


def zip_response(services, planned: Plan, who: Principal, *, ip: str = ""):
    """The originals of the selected visible documents in one zip, each audited as a download."""
    if len(planned.change) > ZIP_MAX_DOCUMENTS:
        raise UsageError(f"a zip holds at most {ZIP_MAX_DOCUMENTS} documents ({len(planned.change)} selected)",
                         hint="Narrow the search, or use the API per document.")
    headers = document_headers(services.store, planned.change, who)
    buffer, names = io.BytesIO(), set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for doc_id in planned.change:
            doc = headers.get(doc_id)
            if doc is None:
                continue
            name = f"{doc_id}-{Path(doc.filename).name or 'document'}"
            while name in names:
                name = "_" + name
            names.add(name)
            # a fixed date: the same documents give the same bytes
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with services.store.open_original(doc.sha256) as original:   # from the blob store, folder or bucket
                archive.writestr(info, original.read())
            audit.record(services.store, who.name, "download", str(doc_id), ip=ip,
                         details={"filename": doc.filename, "owner": doc.owner, "role": who.role, "via": "bulk"})
    buffer.seek(0)
    return send_file(buffer, mimetype="application/zip", as_attachment=True, download_name="accord-documents.zip")


# --- background jobs ---------------------------------------------------------------------
@dataclass
class BulkJob:
    id: str
    actor: str
    action: str
    total: int
    done: int = 0
    status: str = "running"      # running | done | failed
    result: dict = field(default_factory=dict)
    error: str = ""
    started: float = field(default_factory=time.time)
    finished: float | None = None

    def as_dict(self) -> dict:
        percent = 100 if self.status != "running" else min(99, int(100 * self.done / self.total) if self.total else 0)
        return {**asdict(self), "percent": percent}


class BulkJobs:
    """Large bulk changes run in a thread; their state is also written to the blob store (bulk/ID.json:
    ACCORD_HOME/bulk/ by default) so any server process answers the polling page (as web/uploads.py
    does for uploads)."""

    def __init__(self, services):
        self.services = services
        self._jobs: dict[str, BulkJob] = {}
        self._lock = threading.Lock()

    def start(self, planned: Plan, who: Principal, *, ip: str = "") -> BulkJob:
        job = BulkJob(uuid.uuid4().hex, who.name, planned.request.action, len(planned.change))
        with self._lock:
            self._jobs[job.id] = job
        self._save(job)
        threading.Thread(target=self._run, args=(job, planned, who, ip), name=f"bulk-{job.id[:8]}",
                         daemon=True).start()
        return job

    def get(self, job_id: str, who: Principal) -> BulkJob:
        job = None
        if _JOB_ID.match(job_id or ""):
            job = self._jobs.get(job_id) or self._load(job_id)
        if job is None or (job.actor != who.name and not who.may("manage_users")):
            raise NotFound(f"bulk job {job_id} not found", hint="Check the job id.")
        return job

    def _run(self, job: BulkJob, planned: Plan, who: Principal, ip: str) -> None:
        def progress(done: int) -> None:
            job.done = done
            self._save(job)
        try:
            job.result = apply(self.services, planned, who, ip=ip, job=job.id, progress=progress)
            job.status = "done"
        except Exception as exc:   # the thread must record the failure, not die silently
            log.exception("bulk job %s failed", job.id)
            job.status, job.error = "failed", getattr(exc, "message", None) or str(exc)
        finally:
            job.finished = time.time()
            self._save(job)

    def _save(self, job: BulkJob) -> None:
        data = json.dumps(asdict(job), default=str).encode()
        self.services.store.blobs.put_bytes(bulk_job_key(job.id), data, mode=0o600)

    def _load(self, job_id: str) -> BulkJob | None:
        try:
            return BulkJob(**json.loads(self.services.store.blobs.get(bulk_job_key(job_id))))
        except (OSError, ValueError, TypeError):
            return None

