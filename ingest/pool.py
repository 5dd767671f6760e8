"""The in-process executor: runs `ingest.stages.file_stages` for many files at once over a
process pool on this machine (the embedded default; `ACCORD_BROKER_URL` unset).

  - the heavy requests of each file's stages (detect + text layer, one page's OCR, metadata)
    go to a process pool; each page that needs OCR is its own task in the SAME pool, so one
    40-page scan keeps every core busy;
  - this process alone runs the rest of the stages, so it is the single writer of the store;
  - a worker that dies (PDFium and Tesseract run inside the workers, and native code can
    crash on hostile input) or hangs (stopped by its watchdog after ACCORD_WORKER_STALL_SECONDS)
    breaks the pool: a new pool is started, and the tasks that were in flight are run again
    one at a time, so the file that kills a worker on its own fails with a clear error
    (worker_crashed) and every other file goes on.
"""
from __future__ import annotations

import logging
import os
import resource
import signal
import threading
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Callable, Generator

from corpus.errors import AccordError, IngestError, OutOfMemory, StoreError, WorkerCrashed
from ingest import fork_server
from ingest.inputs import WorkItem
from ingest.pipeline import OcrTask, run_ocr
from ingest.stages import (Claim, FileContext, FileRun, ReadPages, Run, file_stages, internal_error,
                           record_failure, record_outcome)

log = logging.getLogger("accord.ingest")


# --- the worker side --------------------------------------------------------------------

_busy_until = 0.0   # in a pool worker: when its current task must be done (0: idle)


def _worker_init(max_memory: int = 0, environ: dict[str, str] | None = None) -> None:
    # Ctrl-C is handled by the main process, which stops handing out work; workers just
    # finish their page. (Tesseract's thread limit is set where it is loaded: ingest/tesseract.py.)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if environ is not None:   # the pool's environment now, not the fork server's when it started
        os.environ.clear()
        os.environ.update(environ)
    _release_fork_server()
    threading.Thread(target=_watchdog, args=(os.getppid(),), daemon=True).start()
    limit_memory(max_memory)


def _release_fork_server() -> None:
    """A forked worker inherits the end of the pipe by which the fork server notices that the
    process it serves has gone: while any worker holds it, the server outlives a `kill -9` of
    the main process, and so do the workers (their watchdog waits for their parent, the server,
    to end). A worker starts no processes of its own: it lets go of it."""
    from multiprocessing import forkserver
    server = getattr(forkserver, "_forkserver", None)
    fd = getattr(server, "_forkserver_alive_fd", None)
    if fd is not None:
        os.close(fd)
        server._forkserver_alive_fd = None


def limit_memory(max_memory: int) -> None:
    """ACCORD_WORKER_MAX_MEMORY for this worker process (the pool's, or a queue worker's)."""
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


def start_watchdog() -> None:
    """For a process forked by someone else (a queue worker's pool): end with the parent."""
    threading.Thread(target=_watchdog, args=(os.getppid(),), daemon=True).start()


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


def make_executor(jobs: int, *, isolate: bool = False, max_memory: int = 0, preload: tuple[str, ...] = ()):
    """`isolate`: even one job runs in a worker process, where a crash, a hang and the memory
    limit (max_memory, ACCORD_WORKER_MAX_MEMORY) concern that file alone. Without it, one job
    runs in this process (tests of the stages, tiny batches). `preload`: modules the workers
    need besides ingest.fork_server.WORKER_MODULES."""
    if jobs <= 1 and not isolate:
        return _InlineExecutor()
    # Not fork: the web server calls this from a thread, and forking a threaded process with
    # open database connections is unsafe. A fork server is a fresh single-threaded process
    # that imports the workers' modules once and forks each worker from itself: a worker then
    # starts in milliseconds, where a spawned one imported them all again (about 2 CPU s: numpy,
    # pypdfium2, SQLAlchemy, scikit-learn, spaCy), once per worker and again after every crash.
    # Which modules it imports is fixed when it starts (ingest/fork_server.py).
    return ProcessPoolExecutor(max(1, jobs), mp_context=fork_server.context(preload),
                               initializer=_worker_init, initargs=(max_memory, dict(os.environ)))


# --- the driver -------------------------------------------------------------------------

@dataclass
class _FileState:
    run: FileRun
    stages: Generator
    results: list = field(default_factory=list)   # page results while ReadPages is answered
    remaining: int = 0
    pages_read: int = 0
    sha256: str | None = None                     # claimed: no other copy runs meanwhile
    done: bool = False
    futures: list[Future] = field(default_factory=list)


@dataclass
class _Task:
    """One request handed to the pool, kept so it can be handed out again."""
    state: _FileState
    page: int | None            # None: a Run request; else the position in ReadPages
    ocr: OcrTask | None
    fn: Callable
    args: tuple
    kwargs: dict
    pool: int = 0               # which pool ran it (a new one starts after a crash)


def _broke(future: Future) -> bool:
    """The future failed because its pool broke (when a pool breaks, every task in it fails)."""
    return future.done() and not future.cancelled() and isinstance(future.exception(), BrokenProcessPool)


class PoolExecutor:
    def __init__(self, ctx: FileContext, *, jobs: int, progress, stop_event, isolate: bool = False,
                 report: Callable[[bool], None], preload: tuple[str, ...] = ()):
        self.ctx = ctx
        self.jobs = jobs
        self.progress, self.stop_event, self.report = progress, stop_event, report
        self.stall_seconds = ctx.config["ACCORD_WORKER_STALL_SECONDS"]
        self.isolate = isolate
        self.max_memory = ctx.config["ACCORD_WORKER_MAX_MEMORY"]
        self.preload = preload
        self.executor = self._make_executor()
        self.pool = 0                       # counts the pools started after crashes
        self.suspects: deque[_Task] = deque()   # in flight when a worker died: re-run one by one
        self.isolated: _Task | None = None      # the suspect running alone, if any
        self.window = max(2, jobs * 2)   # files in flight; OCR pages queue behind them
        self.futures: dict[Future, _Task] = {}
        self.in_flight = 0
        self.owner_of_sha: dict[str, _FileState] = {}
        self.waiting_on_sha: dict[str, list[_FileState]] = {}

    def _make_executor(self):
        return make_executor(self.jobs, isolate=self.isolate, max_memory=self.max_memory, preload=self.preload)

    # -- main loop --
    def run(self, todo: deque[WorkItem]) -> bool:
        """Returns True when every item was handled, False when stopped early."""
        try:
            while todo or self.futures or self.suspects:
                if self.stop_event is not None and self.stop_event.is_set():
                    return False
                while todo and self.in_flight < self.window and not self.suspects and not self.isolated:
                    run = FileRun(todo.popleft())
                    state = _FileState(run, file_stages(self.ctx, run))
                    self.in_flight += 1
                    self.progress.current = run.item.source_path
                    self._guarded(state, self._advance, state, None)
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
                self.report(False)
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
            log.exception("unexpected error on %s", state.run.item.source_path)
            if not state.done:
                self._fail(state, internal_error(exc))

    def _advance(self, state: _FileState, value: Any) -> None:
        """Send the last answer into the file's stages and dispatch what they ask for next."""
        try:
            request = state.stages.send(value)
        except StopIteration as stop:
            self._finish(state, stop.value)
            return
        except StoreError:
            raise   # the store itself is unusable: stop the batch (it stays resumable)
        except AccordError as exc:
            self._fail(state, exc)
            return
        if isinstance(request, Run):
            self._resubmit(_Task(state, None, None, request.fn, request.args, request.kwargs))
        elif isinstance(request, ReadPages):
            state.results, state.remaining = [None] * len(request.tasks), len(request.tasks)
            for position, task in enumerate(request.tasks):
                self._resubmit(_Task(state, position, task, run_ocr, (task,), {}))
        elif isinstance(request, Claim):
            self._claim(state, request.sha256)
        else:   # pragma: no cover - file_stages yields only the requests above
            raise TypeError(f"unknown stage request {request!r}")

    def _claim(self, state: _FileState, sha256: str) -> None:
        owner = self.owner_of_sha.get(sha256)
        if owner is not None and owner is not state:   # the same bytes are being handled right now
            self.waiting_on_sha.setdefault(sha256, []).append(state)
            return
        self.owner_of_sha[sha256] = state
        state.sha256 = sha256
        self._advance(state, None)

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
            page = f" (page {task.ocr.index + 1})" if task.ocr is not None else ""
            self._fail(task.state, WorkerCrashed(
                f"the worker process died while reading {task.state.run.item.name}{page}: it crashed (perhaps "
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
            log.warning("a worker died while %s was in flight", state.run.item.source_path)
            self._after_crash(task)
            return
        except IngestError as exc:
            self._fail(state, exc)
            return
        except Exception as exc:   # a bug or a broken worker: this file fails, the batch goes on
            log.exception("unexpected error on %s", state.run.item.source_path)
            self._fail(state, internal_error(exc))
            return
        if task.page is None:
            self._advance(state, result)
            return
        state.results[task.page] = result
        state.remaining -= 1
        state.pages_read += 1
        self.progress.pages_done += 1
        if state.remaining == 0:   # every page read: on to metadata
            self._advance(state, state.results)

    def _finish(self, state: _FileState, outcome) -> None:
        record_outcome(self.ctx, outcome)
        self.progress.pages_done += outcome.pages - state.pages_read
        self.progress.duplicates += outcome.status == "duplicate"
        self._close(state)

    def _fail(self, state: _FileState, error: AccordError) -> None:
        for future in state.futures:
            future.cancel()
        state.stages.close()
        record_failure(self.ctx, state.run, error)
        self.progress.failures += 1
        self._close(state)

    def _close(self, state: _FileState) -> None:
        state.done = True
        self.in_flight -= 1
        self.progress.files_done += 1
        sha = state.sha256
        if sha and self.owner_of_sha.get(sha) is state:
            del self.owner_of_sha[sha]
            for waiting in self.waiting_on_sha.pop(sha, []):
                self._guarded(waiting, self._claim, waiting, sha)
        self.report(True)

