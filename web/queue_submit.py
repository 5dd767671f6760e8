"""`accord ingest` (and the web's uploads, `accord watch`) when ACCORD_BROKER_URL is set: the job
is opened and closed as by the in-process pool (ingest.bulk.open_batch / close_batch), but each
file goes to the worker queue, and this process waits on the journal, where the workers commit
each file's outcome. Killed, it loses nothing: the workers go on, and the same command resumes,
handing out again only the files the journal does not have (a file handed out twice is done once:
the tasks check the journal first).
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Callable

from corpus import journal
from corpus.config import Config
from corpus.consistency import job_document_ids
from corpus.store import Store
from ingest.bulk import BatchResult, Progress, ProgressReporter, close_batch, open_batch
from ingest.stages import FileContext, FileRun, record_failure, worker_name
from web.queue_files import forget_staged

log = logging.getLogger("accord.queue")
POLL_SECONDS = 0.5
QUIET_WARNING_SECONDS = 60     # no file finished for this long: say that a worker may be missing
INDEX_WAIT_SECONDS = 120       # then the submitter indexes what the index writer has not


def run_batch_on_queue(store: Store, config: Config, inputs: list[str], *, owner: str = "", actor: str = "",
                       progress: Callable[[Progress], None] | None = None,
                       stop_event: threading.Event | None = None, roots: list[str] | None = None,
                       unindexed: Callable[[list[int]], list[int]] | None = None) -> BatchResult:
    """run_batch's contract, on the worker queue. `unindexed(ids)`: those not yet in the index
    (the submitter waits for the index writer before it reports the job done)."""
    from web.queue_tasks import configure, submit_file
    configure(config)
    batch = open_batch(store, config, inputs, actor=actor, roots=roots)
    state = Progress(batch.job_id, len(batch.todo), skipped=batch.skipped)
    report = ProgressReporter(state, progress, time.monotonic())
    before = journal.done_totals(store, batch.job_id)
    ctx = FileContext(store, config, batch.job_id, batch.staging, owner=owner, worker=worker_name())
    for item in batch.todo:
        if item.error is not None:   # known bad before any work: reported here, like the pool does
            record_failure(ctx, FileRun(item), item.error)
        else:
            submit_file(batch.job_id, item, owner, blobs=store.blobs)
    completed = _wait(store, batch.job_id, state, before, report, stop_event)
    if completed and unindexed is not None:
        _wait_for_index(store, batch.job_id, unindexed, stop_event)
    result = close_batch(store, batch, completed)
    if completed:
        forget_staged(store.blobs, batch.job_id)
    report(True)
    return result


def _wait(store: Store, job_id: int, state: Progress, before: dict, report, stop_event) -> bool:
    """Until every file handed out is in the journal (True), or stopped (False)."""
    last_change, last_done = time.monotonic(), -1
    while True:
        totals = journal.done_totals(store, job_id)
        files = {s: n - before.get(s, (0, 0))[0] for s, (n, _) in totals.items()}
        state.files_done = sum(files.values())
        state.pages_done = sum(p for _, p in totals.values()) - sum(p for _, p in before.values())
        state.failures, state.duplicates = files.get("failed", 0), files.get("duplicate", 0)
        if state.files_done >= state.files_total:
            return True
        now = time.monotonic()
        if state.files_done != last_done:
            last_change, last_done = now, state.files_done
            report(True)
        elif now - last_change > QUIET_WARNING_SECONDS:
            log.warning("job %s: no file finished in %d s; is an `accord worker` running with this "
                        "ACCORD_BROKER_URL, ACCORD_HOME and store?", job_id, QUIET_WARNING_SECONDS)
            last_change = now
        report(False)
        if stop_event is not None and stop_event.wait(POLL_SECONDS):
            return False
        if stop_event is None:
            time.sleep(POLL_SECONDS)


def _wait_for_index(store: Store, job_id: int, unindexed, stop_event) -> None:
    """The job is reported done once its documents are searchable; a missing index writer only
    delays that (the caller indexes what is left after INDEX_WAIT_SECONDS)."""
    ids = job_document_ids(store, job_id)
    deadline = time.monotonic() + INDEX_WAIT_SECONDS
    while ids and time.monotonic() < deadline:
        ids = unindexed(ids)
        if not ids or (stop_event is not None and stop_event.is_set()):
            return
        time.sleep(POLL_SECONDS)
    if ids:
        log.warning("job %s: %d document(s) not indexed by a worker after %d s (is one consuming the index "
                    "queue?); indexing them here", job_id, len(ids), INDEX_WAIT_SECONDS)
