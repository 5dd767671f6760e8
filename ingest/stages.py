"""The stage sequence for one file, top to bottom; every executor runs this one function.

    detect + text layer -> (same bytes in flight? wait) -> already stored? duplicate
      -> OCR of the pages that need it -> metadata (-> label suggestions: ctx.label_step)
      -> store -> (classify, index: on_stored; or store the suggestions, index: on_labelled)

`file_stages` is a generator. Where a stage is heavy, pure work that an executor may run
elsewhere it yields a request, and the executor sends back the result:

    Run(fn, args, kwargs)  one call (detect + text layer; metadata; label suggestions)
    ReadPages(tasks)       every page that needs OCR; answered with their results, in order
    Claim(sha256)          "no other file with these bytes is in flight": the in-process pool
                           parks the file until the first copy is done; a queue may answer at
                           once (the store's unique sha256 then decides which copy is first)

The in-process pool (ingest/pool.py) sends the requests to its process pool with crash
isolation and a watchdog; the worker queue (web/queue_tasks.py) runs them in a worker and
fans the pages out across workers. The stages themselves live in ingest/pipeline.py; the
outcome of a file is committed to the job journal by `record_outcome` / `record_failure`,
the same way whichever executor ran it.
"""
from __future__ import annotations

import logging
import os
import socket
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Callable, Generator

from corpus import journal
from corpus.config import Config
from corpus.document import Document
from corpus.documents import find_by_sha256, save_document, source_recorded, stored_page_counts
from corpus.errors import AccordError, IngestError, OcrFailed
from corpus.store import Store
from ingest.inputs import WorkItem
from ingest.pipeline import Limits, OcrTask, Prepared, apply_ocr, describe, prepare_file, run_ocr, store_document
from ingest.quarantine import quarantine

log = logging.getLogger("accord.ingest")
IN_PROCESS = "in-process"   # the report's `worker` for files read by the embedded pool


def worker_name() -> str:
    """The report's `worker` for a file a queue worker handled: host:pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True)
class Run:
    fn: Callable
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ReadPages:
    tasks: tuple[OcrTask, ...]


@dataclass(frozen=True)
class Claim:
    sha256: str


@dataclass
class FileContext:
    """What the stages of one batch share: where to write, and who reads."""
    store: Store
    config: Config
    job_id: int
    staging: Path
    owner: str = ""
    on_stored: Callable[[int], None] | None = None
    worker: str = IN_PROCESS
    # Label suggestions computed in the worker, right after the metadata: label_step(doc) there
    # (a picklable function: it travels to the worker), and on_labelled(document_id, labels)
    # here instead of on_stored for that document. Unset: on_stored does it all in the writer.
    label_step: Callable[[Document], Any] | None = None
    on_labelled: Callable[[int, Any], None] | None = None

    @property
    def limits(self) -> Limits:
        return Limits.from_config(self.config)


@dataclass
class FileRun:
    """One file on its way through the stages (what a failure report needs to know)."""
    item: WorkItem
    started: float = field(default_factory=time.monotonic)
    prepared: Prepared | None = None


def file_stages(ctx: FileContext, run: FileRun) -> Generator[Any, Any, journal.ItemOutcome]:
    """The stages of one file, top to bottom. Raises IngestError (the file fails); returns the
    outcome (stored | duplicate) the executor records with `record_outcome`."""
    item = run.item
    if item.error is not None:
        raise item.error
    run.prepared = prepared = yield Run(prepare_file, (item.local_path, item.source_path, ctx.limits),
                                        {"name": item.name, "staging_dir": str(ctx.staging),
                                         "with_metadata": True, "label_step": ctx.label_step})
    yield Claim(prepared.doc.sha256)
    existing = find_by_sha256(ctx.store, prepared.doc.sha256)
    if existing is not None:
        return _duplicate(ctx, run, existing)
    if prepared.ocr_tasks:
        results = yield ReadPages(tuple(prepared.ocr_tasks))
        for task, result in zip(prepared.ocr_tasks, results):
            try:
                apply_ocr(prepared.doc, task, result)
            except Exception as exc:
                raise OcrFailed(f"page {task.index + 1}: {exc!r}") from exc
        prepared.doc, prepared.labels = yield Run(describe_and_label, (ctx.label_step, prepared.doc))
    on_stored = ctx.on_stored
    if prepared.labels is not None and ctx.on_labelled is not None:
        on_stored = partial(_stored_with_labels, ctx, prepared)
    doc_id, created = store_document(ctx.store, prepared.doc, job_id=ctx.job_id, owner=ctx.owner,
                                     on_stored=on_stored, described=True)
    if created:
        return _outcome(ctx, run, "stored", document_id=doc_id)
    return _outcome(ctx, run, "duplicate", duplicate_of=doc_id)


def describe_and_label(label_step: Callable[[Document], Any] | None, doc: Document) -> tuple[Document, Any]:
    """The metadata stage of an OCR'd document, then its label suggestions."""
    describe(doc)
    return doc, label_step(doc) if label_step is not None else None


def _stored_with_labels(ctx: FileContext, prepared: Prepared, document_id: int) -> None:
    # store_document calls this for the document first, then for each child (attachment): the
    # labels computed in the worker are the document's own; children go the usual way.
    if document_id == prepared.doc.id:
        ctx.on_labelled(document_id, prepared.labels)
    elif ctx.on_stored is not None:
        ctx.on_stored(document_id)


def run_inline(ctx: FileContext, run: FileRun) -> journal.ItemOutcome:
    """Answer every request in this process, page after page (one file: `ingest_file`).
    Raises IngestError: the caller decides about quarantine."""
    stages = file_stages(ctx, run)
    answer = None
    while True:
        try:
            request = stages.send(answer)
        except StopIteration as stop:
            return stop.value
        if isinstance(request, Run):
            answer = request.fn(*request.args, **request.kwargs)
        elif isinstance(request, ReadPages):
            answer = [run_ocr(task) for task in request.tasks]
        else:
            answer = None   # Claim: nothing else runs here


def _duplicate(ctx: FileContext, run: FileRun, existing: int) -> journal.ItemOutcome:
    doc = run.prepared.doc
    if source_recorded(ctx.store, existing, doc.source_path, ctx.job_id):
        # an earlier, killed run of this job (or an earlier delivery of this task) stored the file
        # but died before its journal entry was committed: it is this job's own document
        if ctx.on_stored:
            try:
                ctx.on_stored(existing)   # the killed run may have died before this
            except Exception:
                log.exception("indexing failed for document %s", existing)
        # Its pages as stored: this run stopped before OCR (the document was found first), so
        # its own pages hold no OCR text, and the report would count the OCR'd pages as none.
        return _outcome(ctx, run, "stored", document_id=existing, counts=stored_page_counts(ctx.store, existing))
    save_document(ctx.store, doc, job_id=ctx.job_id)   # records this path as another source
    return _outcome(ctx, run, "duplicate", duplicate_of=existing)


def _outcome(ctx: FileContext, run: FileRun, status: str, *, document_id=None, duplicate_of=None,
             counts: tuple[int, int] | None = None) -> journal.ItemOutcome:
    """`counts`: (pages, OCR pages) when they are not those of the document this run read."""
    doc = run.prepared.doc
    pages, ocr_pages = counts if counts is not None else (len(doc.pages), doc.ocr_pages)
    return journal.ItemOutcome(
        source_path=run.item.source_path, status=status, document_id=document_id, duplicate_of=duplicate_of,
        sha256=doc.sha256, pages=pages, ocr_pages=ocr_pages,
        seconds=round(time.monotonic() - run.started, 3),
        error="; ".join(([run.item.note] if run.item.note else []) + doc.warnings) or None, worker=ctx.worker)


def record_outcome(ctx: FileContext, outcome: journal.ItemOutcome) -> None:
    journal.record(ctx.store, ctx.job_id, outcome)


def record_failure(ctx: FileContext, run: FileRun, error: AccordError) -> journal.ItemOutcome:
    """Quarantine the file with its reason and commit the failure to the journal."""
    item = run.item
    try:
        quarantined = quarantine(ctx.config, ctx.job_id, item.source_path, item.local_path, error)
    except Exception:   # a full disk must not turn one failed file into a failed batch
        log.exception("could not quarantine %s", item.source_path)
        quarantined = None
    doc = run.prepared.doc if run.prepared else None
    outcome = journal.ItemOutcome(
        source_path=item.source_path, status="failed", sha256=doc.sha256 if doc else None,
        pages=len(doc.pages) if doc else 0, seconds=round(time.monotonic() - run.started, 3),
        error_code=error.code, error=str(error), quarantine_path=quarantined, worker=ctx.worker)
    journal.record(ctx.store, ctx.job_id, outcome)
    log.warning("%s: %s", item.source_path, error)
    return outcome


def internal_error(exc: Exception) -> IngestError:
    return IngestError(f"unexpected error: {exc!r}", code="internal",
                       hint="This is a bug in Accord; report it with the file if you can.")
