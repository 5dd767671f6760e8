"""The worker queue's tasks (run by `accord worker`; sent by `accord ingest` and the web when
ACCORD_BROKER_URL is set). web/queue.py holds the queue's settings and its Redis state.

A file: `ingest_file` runs `ingest.stages.file_stages` in the worker. When some pages need OCR
it fans them out as `ocr_page` tasks and ends; the page that completes the set hands the file
back to `ingest_file`, which runs the stages again from the top: detection and the text layer
are cheap, every page now comes from the cache, and metadata, the store and classification
follow. A new document goes to the `index` queue, whose one writer updates the search index.
"""
from __future__ import annotations

import functools
import logging
import os
import threading
import time

from celery import Celery, signals
from celery.exceptions import SoftTimeLimitExceeded

from corpus import journal
from corpus.config import Config
from corpus.errors import AccordError, IndexLocked, IngestError, OutOfMemory, StoreError, WorkerCrashed
from ingest.inputs import WorkItem
from ingest.pipeline import run_ocr
from ingest.stages import (Claim, FileContext, FileRun, ReadPages, Run, file_stages, internal_error,
                           record_failure, record_outcome, worker_name)
from web import queue
from web.blob_copies import BlobCopies
from web.queue_files import local_item, local_page, shared_item

log = logging.getLogger("accord.queue")
app = Celery("accord", set_as_current=False)
app.conf.task_routes = {"accord.ingest_file": {"queue": "ingest"}, "accord.ocr_page": {"queue": "ocr"},
                        "accord.index_documents": {"queue": "index"},
                        "accord.noop_page": {"queue": "ocr"}}

_config: Config | None = None
_services: dict[int, object] = {}   # per process: a forked worker process builds its own


def configure(config: Config) -> Celery:
    """The app, set up for this installation (the worker, the submitter, the web)."""
    global _config
    _config = config
    app.conf.update(queue.celery_settings(config))
    import web.queue_jobs  # noqa: F401 - registers reextract, retrain and disposition tasks
    return app


def worker_services():
    """This process's Services (store, index, classifier), built after the fork."""
    from web.services import Services
    pid = os.getpid()
    if pid not in _services:
        _services.clear()
        _services[pid] = Services(_config)
    return _services[pid]


def worker_redis():
    """The Redis client of the broker this worker was configured with (the queue state)."""
    return queue.redis_client(_config)


_copies = BlobCopies()   # this machine's copies of files read from an object store (web/blob_copies.py)
_running_tag: list[str | None] = [None]   # this process's task's message (delivery tag), while it runs


@signals.worker_process_init.connect
def _worker_process_init(**_kwargs) -> None:
    # A worker process ends with its parent (a kill -9 of `accord worker` must not leave
    # children finishing tasks whose messages are handed to another worker meanwhile).
    from ingest.pool import limit_memory, start_watchdog
    start_watchdog()
    if _config is not None:   # as for the in-process pool's workers: one file cannot take the machine
        limit_memory(_config["ACCORD_WORKER_MAX_MEMORY"])
        threading.Thread(target=_heartbeat, name="accord-heartbeat", daemon=True).start()


@signals.task_prerun.connect
def _task_started(task=None, **_kwargs) -> None:
    _running_tag[0] = ((task.request.properties or {}).get("delivery_tag") if task is not None else None)


@signals.task_postrun.connect
def _task_ended(**_kwargs) -> None:
    _running_tag[0] = None


def _heartbeat() -> None:
    """While a task runs here, its message is not handed to another worker (web/queue.py)."""
    interval = queue.heartbeat_seconds(_config)
    while True:
        time.sleep(interval)
        try:   # copies unused for a while go even when no task comes
            _copies.evict()
        except OSError:
            log.warning("could not clean the local copies of blobs", exc_info=True)
        tag = _running_tag[0]
        if tag:
            try:
                queue.keep_visible(worker_redis(), tag)
            except Exception:   # Redis away for a moment: the next beat tries again
                log.warning("could not mark task %s as running", tag, exc_info=True)


def _item_dict(item: WorkItem) -> dict:
    return {"source_path": item.source_path, "local_path": item.local_path, "name": item.name, "note": item.note}


def _file_run(item: dict) -> FileRun:
    """The file as a task carries it; `started_at` (epoch seconds) is when its first task began, so a
    file's seconds in the report cover its OCR pages too, not only the last task."""
    run = FileRun(WorkItem(**{k: item[k] for k in ("source_path", "local_path", "name", "note")}))
    if item.get("started_at"):
        run.started = time.monotonic() - max(0.0, time.time() - item["started_at"])
    return run


def _context(job_id: int, owner: str) -> FileContext:
    services = worker_services()
    staging = _config.cache_dir / "ingest" / f"job-{job_id}"
    return FileContext(services.store, _config, job_id, staging, owner=owner, on_stored=_stored, worker=worker_name())


def _stored(document_id: int) -> None:
    """A new document: label suggestions here, the index by its one writer."""
    worker_services()._suggest_labels(document_id)
    index_documents.delay([document_id])


def _finished(store, job_id: int, source_path: str) -> bool:
    return source_path in journal.finished_paths(store, job_id, among=[source_path])


def count_start(client, key: str, what: str) -> tuple[int, WorkerCrashed | None]:
    """Count this start of the task; the error its file fails with when its worker died too often."""
    limit = _config["ACCORD_WORKER_MAX_CRASHES"]
    starts = queue.count_delivery(client, key)
    if starts <= limit:
        return starts, None
    return starts, WorkerCrashed(
        f"a worker died {starts - 1} times while reading {what}: it crashes the worker (perhaps out of memory), or "
        f"takes longer than ACCORD_WORKER_STALL_SECONDS={_config['ACCORD_WORKER_STALL_SECONDS']} "
        f"(ACCORD_WORKER_MAX_CRASHES={limit})")


def submit_file(job_id: int, item: WorkItem, owner: str, blobs=None) -> None:
    """`blobs`: the submitter's blob store, through which a file only it has reaches other machines."""
    ingest_file.delay(job_id, shared_item(_config, blobs, _item_dict(item)) if blobs else _item_dict(item), owner)


def _reads_blob(task):
    """The task reads its file from a local copy when the file travels through the blob store."""
    @functools.wraps(task)
    def run(self, job_id: int, item: dict, *args, **kwargs):
        try:
            with local_item(worker_services().store.blobs, item, _copies) as local:
                return task(self, job_id, local, *args, **kwargs)
        except FileNotFoundError:
            # a task redelivered after its file's job was done: the upload's files are gone by then
            if item.get("blob") and _finished(worker_services().store, job_id, item["source_path"]):
                return "done already"
            raise
    return run


@app.task(bind=True, name="accord.ingest_file")
@_reads_blob
def ingest_file(self, job_id: int, item: dict, owner: str = "") -> str:
    ctx = _context(job_id, owner)
    run = _file_run(item)
    if _finished(ctx.store, job_id, run.item.source_path):
        return "done already"   # a redelivered or resubmitted task: its file is in the journal
    client = worker_redis()
    key = f"file:{job_id}:{run.item.source_path}"
    _, crashed = count_start(client, key, run.item.name)
    if crashed:
        record_failure(ctx, run, crashed)
        queue.delivered(client, key)
        return "failed"
    try:
        status = _drive(ctx, run, job_id, item, owner, client)
    except StoreError as exc:   # the store is unreachable (or another copy of the bytes was stored
        # at the same moment): try again later; the file is not at fault, so this start is not counted
        log.warning("store error on %s, retrying: %s", run.item.source_path, exc)
        queue.delivered(client, key)
        raise self.retry(countdown=10, max_retries=None)
    queue.delivered(client, key)
    return status


def _drive(ctx: FileContext, run: FileRun, job_id: int, item: dict, owner: str, client) -> str:
    """Answer the stages' requests in this worker; pages not yet read go to the ocr queue."""
    stages = file_stages(ctx, run)
    answer = None
    try:
        while True:
            request = stages.send(answer)
            if isinstance(request, Run):
                answer = request.fn(*request.args, **request.kwargs)
            elif isinstance(request, Claim):
                answer = None   # the store's unique sha256 decides which copy is first
            elif isinstance(request, ReadPages):
                sha256 = run.prepared.doc.sha256
                cached = queue.cached_pages(client, sha256, list(request.tasks))
                if all(result is not None for result in cached):
                    answer = cached
                    continue
                stages.close()
                total = len(request.tasks)
                item = {**item, "started_at": item.get("started_at") or time.time() - (time.monotonic() - run.started)}
                for task, result in zip(request.tasks, cached):
                    if result is None:
                        ocr_page.delay(job_id, item, owner, sha256, queue.task_dict(task), total)
                return "reading pages"
            else:   # pragma: no cover - file_stages yields only the requests above
                raise TypeError(f"unknown stage request {request!r}")
    except StopIteration as stop:
        record_outcome(ctx, stop.value)
        return stop.value.status
    except StoreError:
        raise
    except AccordError as exc:
        record_failure(ctx, run, exc)
    except MemoryError:
        record_failure(ctx, run, _out_of_memory())
    except SoftTimeLimitExceeded:
        record_failure(ctx, run, WorkerCrashed(
            f"reading {run.item.name} took longer than ACCORD_WORKER_STALL_SECONDS={_config['ACCORD_WORKER_STALL_SECONDS']}"))
    except Exception as exc:
        log.exception("unexpected error on %s", run.item.source_path)
        record_failure(ctx, run, internal_error(exc))
    return "failed"


def _out_of_memory() -> OutOfMemory:
    return OutOfMemory("reading it needed more memory than the worker may use "
                       f"(ACCORD_WORKER_MAX_MEMORY={_config['ACCORD_WORKER_MAX_MEMORY']})")


@app.task(bind=True, name="accord.ocr_page")
@_reads_blob
def ocr_page(self, job_id: int, item: dict, owner: str, sha256: str, task: dict, total: int) -> str:
    ctx = _context(job_id, owner)
    run = _file_run(item)
    if _finished(ctx.store, job_id, run.item.source_path):
        return "done already"
    client = worker_redis()
    page = local_page(queue.task_from(task), item)
    key = f"page:{sha256}:{queue.page_field(page)}"
    starts, crashed = count_start(client, key, f"{run.item.name} (page {page.index + 1})")
    if crashed:
        record_failure(ctx, run, crashed)
        queue.delivered(client, key)
        return "failed"
    cached = queue.cached_pages(client, sha256, [page])[0]
    try:
        result = cached if cached is not None else run_ocr(page)
    except SoftTimeLimitExceeded:
        result = None
        error: IngestError = WorkerCrashed(f"page {page.index + 1} took longer than ACCORD_WORKER_STALL_SECONDS="
                                           f"{_config['ACCORD_WORKER_STALL_SECONDS']}")
    except IngestError as exc:
        result, error = None, exc
    except MemoryError:
        result, error = None, _out_of_memory()
    except Exception as exc:
        log.exception("unexpected error on %s page %s", run.item.source_path, page.index + 1)
        result, error = None, internal_error(exc)
    if result is None:
        record_failure(ctx, run, error)
        queue.delivered(client, key)
        return "failed"
    read = queue.cache_page(client, sha256, page, result)
    queue.delivered(client, key)
    # every page read: the file's remaining stages. A redelivered task hands it on again: its
    # first delivery may have claimed the gathering and died before handing it on.
    if read >= total and (queue.first_to_gather(client, job_id, run.item.source_path) or starts > 1):
        ingest_file.delay(job_id, item, owner)
    return "read"


@app.task(bind=True, name="accord.index_documents", max_retries=None)
def index_documents(self, document_ids: list[int], run_id: str | None = None) -> int:
    """The one index writer (a Redis lock keeps it one, however many workers take this queue).
    `run_id`: a command waiting on these documents (web/queue_jobs.py); they are marked done."""
    services = worker_services()
    try:
        with queue.index_writer_lock(worker_redis(), _config["ACCORD_INDEX_LOCK_WAIT_SECONDS"]):
            services.documents_changed(document_ids)
        services.join_query_holds(document_ids)
        if run_id:
            queue.mark_done(worker_redis(), run_id, document_ids)
    except (StoreError, IndexLocked) as exc:   # not lost: the update is tried again
        log.warning("%s while indexing %s, retrying: %s", type(exc).__name__, document_ids, exc)
        raise self.retry(countdown=10)
    return len(document_ids)


@app.task(name="accord.noop_page")
def noop_page(marker: str) -> None:
    """A page task that does nothing: bench/scaleout.py measures the queue's own cost per page with it."""
    worker_redis().incr(marker)

