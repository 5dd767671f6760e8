"""Bulk ingest: files, folders (recursive) and zips, resumable, page-parallel.

Public API (used by `accord ingest`, `accord watch` and the web upload page):

    run_batch(store, config, inputs, *, jobs, actor="", owner="", on_stored=None,
              progress=None, stop_event=None) -> BatchResult

How the work flows:
  - the main process lists the files (zips are checked, then extracted to a staging folder);
  - per file, a "prepare" task (detect + text layer + quality check) goes to a process pool;
  - each page that needs OCR becomes its own task in the SAME pool, so one 40-page scan
    keeps every core busy;
  - the main process alone writes to the store (single writer): metadata, original, rows;
  - each file's outcome is committed to the job journal right after it is handled, so a
    crash (Ctrl-C, kill -9) loses only files in flight and the same command resumes;
  - a worker that dies (PDFium and Tesseract run inside the workers, and native code can
    crash on hostile input) or hangs (stopped by its watchdog after ACCORD_WORKER_STALL_SECONDS)
    breaks the pool: a new pool is started, and the tasks that were in flight are run again
    one at a time, so the file that kills a worker on its own fails with a clear error and
    every other file goes on.
Nothing is ingested twice: finished items are skipped on resume, and a file whose bytes
are already stored becomes a "duplicate" of the first copy (sha256) without any OCR.
"""
from __future__ import annotations

import importlib
import logging
import multiprocessing
import os
import resource
import shutil
import signal
import threading
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from corpus import journal
from corpus.config import Config
from corpus.documents import find_by_sha256, save_document, source_recorded
from corpus.errors import AccordError, IngestError, OcrFailed, OutOfMemory, StoreError, WorkerCrashed
from corpus.store import Store
from ingest import archive
from ingest.inputs import WorkItem, list_work
from ingest.pipeline import (Limits, OcrTask, Prepared, apply_ocr, describe, prepare_file, run_ocr,
                             store_document)
from ingest.quarantine import quarantine

log = logging.getLogger("accord.ingest")
DESCRIBE = "describe"   # marks the metadata task of a file in the futures table


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


# --- the worker side --------------------------------------------------------------------

_busy_until = 0.0   # in a pool worker: when its current task must be done (0: idle)


def _worker_init(max_memory: int = 0) -> None:
    # Ctrl-C is handled by the main process, which stops handing out work; workers just
    # finish their page. (Tesseract's thread limit is set where it is loaded: ingest/tesseract.py.)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watchdog, args=(os.getppid(),), daemon=True).start()
    if max_memory > 0:
        # The address-space limit bounds what one file can make a worker take (resident memory
        # never exceeds it): a decompression or pixel bomb that slips past the format checks
        # gets a MemoryError here, and that file fails alone, instead of the machine swapping.
        resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))


def _watchdog(parent: int) -> None:
    """A pool worker ends itself when it is orphaned (after a `kill -9` of the main process
    nobody closes the pool's queues, and idle workers would wait on them forever) or when
    its task has run past its time. Native code (PDFium, Tesseract's layout analysis) can
    hang without ever returning to Python; this thread still runs, because ctypes and
    pypdfium2 release the GIL, and the pool then treats the task like a crash."""
    while os.getppid() == parent and not (_busy_until and time.monotonic() > _busy_until):
        time.sleep(0.5)
    os._exit(1)


def _within(seconds: float, fn: Callable, *args, **kwargs):
    """Run fn in a pool worker with a deadline the watchdog enforces (no-op in this process)."""
    global _busy_until
    _busy_until = time.monotonic() + seconds
    try:
        return fn(*args, **kwargs)
    except MemoryError:
        limit = resource.getrlimit(resource.RLIMIT_AS)[0]
        raise OutOfMemory("reading it needed more memory than the worker may use"
                          + (f" (ACCORD_WORKER_MAX_MEMORY={limit})" if limit != resource.RLIM_INFINITY else "")) from None
    finally:
        _busy_until = 0.0


class _InlineExecutor:
    """The pool's interface, run in this process (jobs <= 1: tests, the web, tiny batches)."""

    def submit(self, fn, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:
            future.set_exception(exc)
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass


def make_executor(jobs: int, *, isolate: bool = False, max_memory: int = 0):
    """`isolate`: even one job runs in a worker process, where a crash, a hang and the memory
    limit (max_memory, ACCORD_WORKER_MAX_MEMORY) concern that file alone. Without it, one job
    runs in this process (tests of the stages, tiny batches)."""
    if jobs <= 1 and not isolate:
        return _InlineExecutor()
    # spawn, not fork: the web server calls this from a thread, and forking a threaded
    # process with open database connections is unsafe.
    return ProcessPoolExecutor(max(1, jobs), mp_context=multiprocessing.get_context("spawn"),
                               initializer=_worker_init, initargs=(max_memory,))


# --- the orchestrator -------------------------------------------------------------------

@dataclass
class _FileState:
    item: WorkItem
    started: float
    prepared: Prepared | None = None
    remaining: int = 0
    done: bool = False
    futures: list[Future] = field(default_factory=list)


@dataclass
class _Task:
    """One piece of work handed to the pool, kept so it can be handed out again."""
    state: _FileState
    kind: OcrTask | str | None    # None: prepare; DESCRIBE: metadata; an OcrTask: one page
    fn: Callable
    args: tuple
    kwargs: dict
    pool: int = 0                 # which pool ran it (a new one starts after a crash)


def _broke(future: Future) -> bool:
    """The future failed because its pool broke (when a pool breaks, every task in it fails)."""
    return future.done() and not future.cancelled() and isinstance(future.exception(), BrokenProcessPool)


def _internal_error(exc: Exception) -> IngestError:
    return IngestError(f"unexpected error: {exc!r}", code="internal",
                       hint="This is a bug in Accord; report it with the file if you can.")


class _Batch:
    def __init__(self, store, config, job_id, *, jobs, owner, on_stored, progress, stop_event, staging,
                 isolate=False):
        self.store, self.config, self.job_id, self.owner = store, config, job_id, owner
        self.on_stored, self.progress_callback, self.stop_event = on_stored, progress, stop_event
        self.staging = staging
        self.limits = Limits.from_config(config)
        self.jobs = jobs
        self.stall_seconds = config["ACCORD_WORKER_STALL_SECONDS"]
        self.isolate = isolate
        self.max_memory = config["ACCORD_WORKER_MAX_MEMORY"]
        self.executor = self._make_executor()
        self.pool = 0                       # counts the pools started after crashes
        self.suspects: deque[_Task] = deque()   # in flight when a worker died: re-run one by one
        self.isolated: _Task | None = None      # the suspect running alone, if any
        self.window = max(2, jobs * 2)   # files in flight; OCR pages queue behind them
        self.futures: dict[Future, _Task] = {}
        self.in_flight = 0
        self.owner_of_sha: dict[str, _FileState] = {}
        self.waiting_on_sha: dict[str, list[_FileState]] = {}
        self.started = time.monotonic()
        self.state = Progress(job_id, 0)
        self._last_report = 0.0

    def _make_executor(self):
        return make_executor(self.jobs, isolate=self.isolate, max_memory=self.max_memory)

    # -- main loop --
    def run(self, todo: deque[WorkItem]) -> bool:
        """Returns True when every item was handled, False when stopped early."""
        try:
            while todo or self.futures or self.suspects:
                if self.stop_event is not None and self.stop_event.is_set():
                    return False
                while todo and self.in_flight < self.window and not self.suspects and not self.isolated:
                    state = _FileState(todo.popleft(), time.monotonic())
                    self._guarded(state, self._start, state)
                while self.suspects and self.suspects[0].state.done:
                    self.suspects.popleft()   # its file failed meanwhile
                if self.suspects and not self.futures:
                    self.isolated = self.suspects.popleft()
                    self._resubmit(self.isolated)
                if not self.futures:
                    continue
                done, _ = wait(list(self.futures), timeout=0.5, return_when=FIRST_COMPLETED)
                # in submission order, so which copy of two identical files is "first" is stable
                for future in [f for f in self.futures if f in done]:
                    task = self.futures.pop(future, None)   # None: taken by _after_crash
                    if task is not None and not task.state.done and not future.cancelled():
                        self._guarded(task.state, self._handle, task, future)
                self._report()
            return True
        finally:
            for future in self.futures:
                future.cancel()
            self.executor.shutdown(wait=True, cancel_futures=True)

    def _guarded(self, state: _FileState, step: Callable, *args) -> None:
        """Whatever goes wrong with one file in this process fails that file, never the batch;
        only a store that stopped working stops it (the job stays resumable)."""
        try:
            step(*args)
        except StoreError:
            raise
        except Exception as exc:
            log.exception("unexpected error on %s", state.item.source_path)
            if not state.done:
                self._fail(state, _internal_error(exc))

    def _start(self, state: _FileState) -> None:
        item = state.item
        self.in_flight += 1
        self.state.current = item.source_path
        if item.error is not None:
            self._fail(state, item.error)
            return
        self._submit(state, None, prepare_file, item.local_path, item.source_path, self.limits,
                     name=item.name, staging_dir=str(self.staging), with_metadata=True)

    def _submit(self, state: _FileState, kind: OcrTask | str | None, fn, *args, **kwargs) -> None:
        self._resubmit(_Task(state, kind, fn, args, kwargs))

    def _resubmit(self, task: _Task) -> None:
        call = (_within, self.stall_seconds, task.fn, *task.args)
        try:
            future = self.executor.submit(*call, **task.kwargs)
        except BrokenProcessPool:   # a worker died and the pool noticed before we did
            self._new_pool(self.pool)
            future = self.executor.submit(*call, **task.kwargs)
        task.pool = self.pool
        task.state.futures.append(future)
        self.futures[future] = task

    def _new_pool(self, broken: int) -> None:
        if broken != self.pool:
            return   # already replaced
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._make_executor()
        self.pool += 1

    def _after_crash(self, task: _Task) -> None:
        """Every task of the broken pool failed with it; which one killed the worker is known
        only when it ran alone, so the others are re-run one at a time."""
        broken = [f for f, other in self.futures.items() if other.pool == task.pool and _broke(f)]
        in_flight = [task] + [self.futures.pop(f) for f in broken]
        self._new_pool(task.pool)
        if len(in_flight) == 1:
            page = f" (page {task.kind.index + 1})" if isinstance(task.kind, OcrTask) else ""
            self._fail(task.state, WorkerCrashed(
                f"the worker process died while reading {task.state.item.name}{page}: it crashed (perhaps "
                f"out of memory, ACCORD_WORKER_MAX_MEMORY={self.max_memory}), or was stopped after "
                f"ACCORD_WORKER_STALL_SECONDS={self.stall_seconds} without finishing"))
        else:
            self.suspects.extend(t for t in in_flight if not t.state.done)

    def _handle(self, task: _Task, future: Future) -> None:
        state = task.state
        if task is self.isolated:
            self.isolated = None
        try:
            result = future.result()
        except BrokenProcessPool:
            log.warning("a worker died while %s was in flight", state.item.source_path)
            self._after_crash(task)
            return
        except IngestError as exc:
            self._fail(state, exc)
            return
        except Exception as exc:   # a bug or a broken worker: this file fails, the batch goes on
            log.exception("unexpected error on %s", state.item.source_path)
            self._fail(state, _internal_error(exc))
            return
        if task.kind is None:
            state.prepared = result
            self._after_prepare(state)
            return
        if task.kind == DESCRIBE:
            state.prepared.doc = result
            self._store(state)
            return
        try:
            apply_ocr(state.prepared.doc, task.kind, result)
        except Exception as exc:
            self._fail(state, OcrFailed(f"page {task.kind.index + 1}: {exc!r}"))
            return
        self.state.pages_done += 1
        state.remaining -= 1
        if state.remaining == 0:   # every page read: metadata in a worker, then store here
            self._submit(state, DESCRIBE, describe, state.prepared.doc)

    def _after_prepare(self, state: _FileState) -> None:
        doc = state.prepared.doc
        existing = find_by_sha256(self.store, doc.sha256)
        if existing is not None:
            self._duplicate(state, existing)
            return
        if doc.sha256 in self.owner_of_sha:   # the same bytes are being handled right now
            self.waiting_on_sha.setdefault(doc.sha256, []).append(state)
            return
        self.owner_of_sha[doc.sha256] = state
        tasks = state.prepared.ocr_tasks
        if not tasks:
            self._store(state)
            return
        state.remaining = len(tasks)
        for task in tasks:
            self._submit(state, task, run_ocr, task)

    def _store(self, state: _FileState) -> None:
        doc = state.prepared.doc
        try:
            doc_id, created = store_document(self.store, doc, job_id=self.job_id, owner=self.owner,
                                             on_stored=self.on_stored, described=True)
        except IngestError as exc:
            self._fail(state, exc)
            return
        except StoreError:
            raise   # the store itself is unusable: stop the batch (it stays resumable)
        except Exception as exc:
            log.exception("unexpected error storing %s", state.item.source_path)
            self._fail(state, _internal_error(exc))
            return
        self.state.pages_done += len(doc.pages) - len(state.prepared.ocr_tasks)
        if created:
            self._finish(state, "stored", document_id=doc_id)
        else:
            self._finish(state, "duplicate", duplicate_of=doc_id)

    def _duplicate(self, state: _FileState, existing: int) -> None:
        doc = state.prepared.doc
        if source_recorded(self.store, existing, doc.source_path, self.job_id):
            # an earlier, killed run of this job stored the file but died before its journal
            # entry was committed: it is this job's own document, not a duplicate
            if self.on_stored:
                try:
                    self.on_stored(existing)   # the killed run may have died before this
                except Exception:
                    log.exception("indexing failed for document %s", existing)
            self._finish(state, "stored", document_id=existing)
            return
        save_document(self.store, doc, job_id=self.job_id)   # records this path as another source
        self._finish(state, "duplicate", duplicate_of=existing)

    def _finish(self, state: _FileState, status: str, *, document_id=None, duplicate_of=None) -> None:
        doc = state.prepared.doc
        outcome = journal.ItemOutcome(
            source_path=state.item.source_path, status=status, document_id=document_id,
            duplicate_of=duplicate_of, sha256=doc.sha256, pages=len(doc.pages), ocr_pages=doc.ocr_pages,
            seconds=round(time.monotonic() - state.started, 3),
            error="; ".join(([state.item.note] if state.item.note else []) + doc.warnings) or None)
        journal.record(self.store, self.job_id, outcome)
        self.state.duplicates += status == "duplicate"
        self._close(state)

    def _fail(self, state: _FileState, error: AccordError) -> None:
        for future in state.futures:
            future.cancel()
        item = state.item
        try:
            quarantined = quarantine(self.config, self.job_id, item.source_path, item.local_path, error)
        except Exception:   # a full disk must not turn one failed file into a failed batch
            log.exception("could not quarantine %s", item.source_path)
            quarantined = None
        doc = state.prepared.doc if state.prepared else None
        journal.record(self.store, self.job_id, journal.ItemOutcome(
            source_path=item.source_path, status="failed", sha256=doc.sha256 if doc else None,
            pages=len(doc.pages) if doc else 0, seconds=round(time.monotonic() - state.started, 3),
            error_code=error.code, error=str(error), quarantine_path=quarantined))
        self.state.failures += 1
        log.warning("%s: %s", item.source_path, error)
        self._close(state)

    def _close(self, state: _FileState) -> None:
        state.done = True
        self.in_flight -= 1
        self.state.files_done += 1
        sha = state.prepared.doc.sha256 if state.prepared else None
        if sha and self.owner_of_sha.get(sha) is state:
            del self.owner_of_sha[sha]
            for waiting in self.waiting_on_sha.pop(sha, []):
                self._after_prepare(waiting)
        self._report(force=True)

    def _report(self, force: bool = False) -> None:
        if self.progress_callback is None:
            return
        now = time.monotonic()
        if not force and now - self._last_report < 0.5:
            return
        self._last_report = now
        self.state.elapsed = now - self.started
        self.progress_callback(self.state)


def run_batch(store: Store, config: Config, inputs: list[str], *, jobs: int, actor: str = "", owner: str = "",
              on_stored: Callable[[int], None] | None = None,
              progress: Callable[[Progress], None] | None = None,
              stop_event: threading.Event | None = None, isolate: bool = False,
              roots: list[str] | None = None) -> BatchResult:
    """Ingest files, folders and zips; resumes the unfinished job with the same inputs.

    `on_stored(document_id)` runs after each new document is stored (index, classify);
    `progress(Progress)` at most twice a second and after each file; setting `stop_event`
    stops handing out work, and the job stays resumable. Per-file failures never raise:
    they are in `BatchResult.failed` (and quarantined); KeyboardInterrupt is re-raised
    after the pool has stopped. `isolate`: files are read in worker processes even with one
    job, under ACCORD_WORKER_MAX_MEMORY (what the CLI, the web and `watch` use).
    `roots`: the folders links may lead into. Given, inputs are not resolved through a link
    of their own (a link dropped into a watched folder is judged, not followed); by default
    the inputs, resolved, are the roots.
    """
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
    batch = _Batch(store, config, job_id, jobs=jobs, owner=owner, on_stored=on_stored, progress=progress,
                   stop_event=stop_event, staging=staging, isolate=isolate)
    batch.state.files_total = len(todo)
    batch.state.skipped = len(work) - len(todo)
    if jobs > 1 and todo:
        # the writer needs datasketch (which imports scipy: seconds); load it while the
        # workers start up and read the first files, instead of when the first file is stored
        threading.Thread(target=importlib.import_module, args=("ingest.relations",), daemon=True).start()
    completed = batch.run(todo)
    if completed:
        journal.finish(store, job_id)
        shutil.rmtree(staging, ignore_errors=True)
    batch._report(force=True)
    items = journal.items(store, job_id)
    counts: dict[str, int] = {}
    for row in items:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    return BatchResult(job_id=job_id, resumed=resumed, interrupted=not completed, counts=counts, items=items,
                       failed=[row for row in items if row["status"] == "failed"],
                       seconds=round(time.monotonic() - started, 2), counts_before=before)
