"""Bulk ingest: files, folders (recursive) and zips, resumable, page-parallel.

Public API (used by `accord ingest`, `accord watch` and the web upload page):

    run_batch(store, config, inputs, *, jobs, actor="", owner="", on_stored=None,
              progress=None, stop_event=None) -> BatchResult

How the work flows:
  - `open_batch` lists the files (zips are checked, then extracted to a staging folder) and
    starts or resumes the job in the journal;
  - each file runs through `ingest.stages.file_stages` (the stage sequence, top to bottom) on
    an executor: the in-process pool (ingest/pool.py) here, or the worker queue
    (web/queue_submit.py, when ACCORD_BROKER_URL is set), which uses `open_batch` and
    `close_batch` the same way;
  - each file's outcome is committed to the job journal right after it is handled, so a
    crash (Ctrl-C, kill -9) loses only files in flight and the same command resumes;
  - `close_batch` marks a finished job done and builds the result from the journal.
Nothing is ingested twice: finished items are skipped on resume, and a file whose bytes
are already stored becomes a "duplicate" of the first copy (sha256) without any OCR.
"""
from __future__ import annotations

import importlib
import logging
import shutil
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from corpus import journal
from corpus.config import Config
from corpus.store import Store
from ingest import archive
from ingest.inputs import WorkItem, list_work
from ingest.pool import PoolExecutor, make_executor  # noqa: F401  (make_executor: part of the API)
from ingest.stages import IN_PROCESS, FileContext

log = logging.getLogger("accord.ingest")


@dataclass
class Progress:
    job_id: int
    files_total: int
    files_done: int = 0
    pages_done: int = 0
    failures: int = 0
    duplicates: int = 0
    skipped: int = 0              # already handled by an earlier run of the same job
    elapsed: float = 0.0
    current: str = ""

    @property
    def pages_per_second(self) -> float:
        return self.pages_done / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta_seconds(self) -> float | None:
        if not self.files_done:
            return None
        return self.elapsed / self.files_done * (self.files_total - self.files_done)

    def as_dict(self) -> dict[str, Any]:
        return {**vars(self), "pages_per_second": round(self.pages_per_second, 2),
                "eta_seconds": None if self.eta_seconds is None else round(self.eta_seconds, 1)}


@dataclass
class BatchResult:
    job_id: int
    resumed: bool
    interrupted: bool
    counts: dict[str, int]
    items: list[dict[str, Any]]
    failed: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    counts_before: dict[str, int] = field(default_factory=dict)   # resumed: what earlier runs had done

    @property
    def ok(self) -> bool:
        return not self.failed and not self.interrupted


@dataclass
class OpenBatch:
    """A job started or resumed: the items still to do, and what the executors share."""
    job_id: int
    resumed: bool
    todo: deque[WorkItem]
    skipped: int
    staging: Path
    counts_before: dict[str, int]
    started: float


def open_batch(store: Store, config: Config, inputs: list[str], *, actor: str = "",
               roots: list[str] | None = None) -> OpenBatch:
    """Start the job for these inputs, or resume the unfinished one: the items not yet handled."""
    started = time.monotonic()
    if roots is None:
        resolved = [str(Path(p).expanduser().resolve()) for p in inputs]
    else:
        resolved = [str(Path(p).expanduser().parent.resolve() / Path(p).name) for p in inputs]
        roots = [str(Path(r).expanduser().resolve()) for r in roots]
    job_id, resumed = journal.start_or_resume(store, resolved, actor=actor)
    before = journal.job_summary(store, job_id)["counts"] if resumed else {}
    finished = journal.finished_paths(store, job_id)
    staging = config.cache_dir / "ingest" / f"job-{job_id}"
    work = list(list_work(resolved, staging, archive.ZipLimits.from_config(config), roots))
    todo = deque(item for item in work if item.source_path not in finished)
    return OpenBatch(job_id, resumed, todo, len(work) - len(todo), staging, before, started)


def close_batch(store: Store, batch: OpenBatch, completed: bool) -> BatchResult:
    """Mark a completed job done (its staging folder goes); the result as the journal has it."""
    if completed:
        journal.finish(store, batch.job_id)
        shutil.rmtree(batch.staging, ignore_errors=True)
    items = journal.items(store, batch.job_id)
    counts: dict[str, int] = {}
    for row in items:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    return BatchResult(job_id=batch.job_id, resumed=batch.resumed, interrupted=not completed, counts=counts,
                       items=items, failed=[row for row in items if row["status"] == "failed"],
                       seconds=round(time.monotonic() - batch.started, 2), counts_before=batch.counts_before)


class ProgressReporter:
    """Calls `progress(Progress)` at most twice a second, and at once when forced."""

    def __init__(self, state: Progress, callback: Callable[[Progress], None] | None, started: float):
        self.state, self.callback, self.started = state, callback, started
        self._last = 0.0

    def __call__(self, force: bool = False) -> None:
        if self.callback is None:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.5:
            return
        self._last = now
        self.state.elapsed = now - self.started
        self.callback(self.state)


def run_batch(store: Store, config: Config, inputs: list[str], *, jobs: int, actor: str = "", owner: str = "",
              on_stored: Callable[[int], None] | None = None,
              progress: Callable[[Progress], None] | None = None,
              stop_event: threading.Event | None = None, isolate: bool = False,
              roots: list[str] | None = None, label_step: Callable | None = None,
              on_labelled: Callable[[int, Any], None] | None = None,
              preload: tuple[str, ...] = ()) -> BatchResult:
    """Ingest files, folders and zips on the in-process pool; resumes the unfinished job with
    the same inputs.

    `on_stored(document_id)` runs after each new document is stored (index, classify);
    `progress(Progress)` at most twice a second and after each file; setting `stop_event`
    stops handing out work, and the job stays resumable. Per-file failures never raise:
    they are in `BatchResult.failed` (and quarantined); KeyboardInterrupt is re-raised
    after the pool has stopped. `isolate`: files are read in worker processes even with one
    job, under ACCORD_WORKER_MAX_MEMORY (what the CLI, the web and `watch` use).
    `roots`: the folders links may lead into. Given, inputs are not resolved through a link
    of their own (a link dropped into a watched folder is judged, not followed); by default
    the inputs, resolved, are the roots.
    `label_step(doc)` (picklable) runs in the worker after the metadata stage; its result goes
    to `on_labelled(document_id, result)`, called for that document instead of on_stored;
    `preload`: the modules it needs, imported once for all the pool's workers.
    """
    batch = open_batch(store, config, inputs, actor=actor, roots=roots)
    state = Progress(batch.job_id, len(batch.todo), skipped=batch.skipped)
    report = ProgressReporter(state, progress, time.monotonic())
    ctx = FileContext(store, config, batch.job_id, batch.staging, owner=owner, on_stored=on_stored,
                      worker=IN_PROCESS, label_step=label_step, on_labelled=on_labelled)
    pool = PoolExecutor(ctx, jobs=jobs, progress=state, stop_event=stop_event, isolate=isolate, report=report,
                        preload=preload)
    if jobs > 1 and batch.todo:
        # the writer needs ingest.relations (the metadata rules it compares parties with: a
        # third of a second); load it while the workers start up and read the first files
        threading.Thread(target=importlib.import_module, args=("ingest.relations",), daemon=True).start()
    completed = pool.run(batch.todo)
    result = close_batch(store, batch, completed)
    report(True)
    return result
