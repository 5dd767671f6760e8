"""Work that follows a request but must not delay its answer: what a reviewer's label decision
implies (the scope it changes, the search index, a retrain check). A whoosh commit with its
segment merge takes a large part of a second on a busy server; the reviewer's POST answers
as soon as the decision is stored and audited, and the document is searchable with its new
labels within about a second.

`BackgroundWork` is the small interface the web layer uses: `submit(task, **arguments)` with a
task name and JSON-able arguments, so a deployment that scales out can route the same tasks to
a shared queue (Celery, RQ) instead. The embedded default is `ThreadWork`: one daemon thread per
server process, running tasks in submission order. `accord serve` sends them instead to one
index-writer process of its own through a pipe (`PipeWork`, `run_writer`), which runs them in
its ThreadWork, outside the processes that answer requests. A task is submitted with the ids of the
documents it concerns; they are reindexed before the task runs (the decision is already stored,
so it is searchable after one commit, however long the task takes) and again after it (for what
the task changed; also when it failed; not when it returned False, saying it changed nothing:
a whoosh commit is the writer's largest cost), each time in one commit with the other tasks waiting, so
a burst of decisions costs a few index commits, not one each.
"""
from __future__ import annotations

import json
import logging
import os
import queue
import select
import threading
import time
from collections import deque
from typing import Callable, Iterable, Protocol

log = logging.getLogger("accord.background")

Task = Callable[..., None]   # called with the submitted keyword arguments


class BackgroundWork(Protocol):
    def submit(self, task: str, document_ids: Iterable[int], **arguments) -> None: ...

    def wait_idle(self, timeout: float | None = None) -> bool: ...

    def close(self, timeout: float | None = None) -> None: ...


class ThreadWork:
    """Runs named tasks on one daemon thread, reindexing their documents before and after them."""

    ROUND_SECONDS = 0.5

    def __init__(self, tasks: dict[str, Task], reindex: Callable[[list[int]], None], *, name: str = "accord-work"):
        self.tasks = dict(tasks)
        self.reindex = reindex
        self.name = name
        self._queue: queue.Queue = queue.Queue()
        self._idle = threading.Condition()
        self._unfinished = 0
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._closed = False

    def submit(self, task: str, document_ids: Iterable[int], **arguments) -> None:
        """Run `task(**arguments)` soon, then reindex `document_ids`."""
        if task not in self.tasks:
            raise KeyError(f"unknown background task {task!r}")
        item = (task, list(document_ids), arguments)
        if self._closed:   # during shutdown: do it now rather than lose it
            self._run_now(item)
            return
        with self._idle:
            self._unfinished += 1
        self._queue.put(item)
        self._ensure_thread()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until every submitted task has run and its documents are reindexed; False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: self._unfinished == 0, timeout)

    def close(self, timeout: float | None = 30.0) -> None:
        """Finish what was submitted (a stopping server must not leave a decision unindexed)."""
        self._closed = True
        if self._thread is not None:
            self.wait_idle(timeout)
            self._queue.put(None)
            self._thread.join(timeout)

    def _ensure_thread(self) -> None:
        with self._start_lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name=self.name, daemon=True)
                self._thread.start()

    def _loop(self) -> None:
        """Each round: take every task waiting; reindex their documents at once (the decision is
        stored, so it is searchable after this one commit), together with the documents of the
        tasks run since the last commit; then run tasks in order. After ROUND_SECONDS of tasks, a
        new arrival starts the next round: a backlog of slow tasks (on a saturated server) never
        delays the next decision's commit by more than that."""
        todo: deque = deque()   # tasks whose documents are reindexed once; not run yet
        owed: list = []          # tasks run; their documents to reindex again
        while True:
            batch = self._take(block=not todo and not owed)
            stopping = batch is None
            batch = batch or []
            self._reindex([i for _, ids, _ in owed + batch for i in ids])
            self._finished(len(owed))
            owed = []
            todo.extend(batch)
            started = time.monotonic()
            while todo and (stopping or time.monotonic() - started < self.ROUND_SECONDS or self._queue.empty()):
                task, document_ids, arguments = item = todo.popleft()
                try:
                    if self.tasks[task](**arguments) is False:   # it changed none of them: no second commit
                        item = (task, [], arguments)
                except Exception:   # one failed task must not stop the others or the thread
                    log.exception("background task %s%r failed", task, arguments)
                owed.append(item)
            if stopping:
                self._reindex([i for _, ids, _ in owed for i in ids])
                self._finished(len(owed))
                return

    def _take(self, *, block: bool) -> list | None:
        """Every task waiting (waiting for the first one when `block`); None once close() asked to stop."""
        batch: list = []
        while True:
            try:
                item = self._queue.get(block=block and not batch)
            except queue.Empty:
                return batch
            if item is None:
                if not batch:
                    return None
                self._queue.put(None)   # obeyed on the next round, after this batch
                return batch
            batch.append(item)

    def _finished(self, count: int) -> None:
        if count:
            with self._idle:
                self._unfinished -= count
                self._idle.notify_all()

    def _reindex(self, document_ids: list[int]) -> None:
        if not document_ids:
            return
        try:
            self.reindex(sorted(set(document_ids)))
        except Exception:
            # The index is derived data: `accord check --repair` or the next change brings it back.
            log.exception("search index update failed for documents %s", sorted(set(document_ids)))

    def _run_now(self, item: tuple[str, list[int], dict]) -> None:
        """After close(): the task and its reindex in the caller's thread."""
        task, document_ids, arguments = item
        try:
            self.tasks[task](**arguments)
        except Exception:
            log.exception("background task %s%r failed", task, arguments)
        self._reindex(document_ids)


class PipeWork:
    """Sends tasks to the server's index-writer process (`run_writer`) over a pipe, so that the
    whoosh commits, their segment merges and what a decision implies run outside the processes
    that answer requests. In a server process a commit held Python's lock for 20-500 ms of CPU
    and made >100,000 short-lived objects (full garbage collections with the lock held), so every
    search of that process waited behind it: they were the slow tail of the search page.

    One task is one line of JSON, written in one write() of at most PIPE_BUF bytes, which the
    kernel never interleaves with another process's. When the line is longer, the pipe is full or
    the writer process is gone, the task runs in this process instead (`local`): never lost."""

    def __init__(self, fd: int, local: BackgroundWork):
        self.fd, self.local = fd, local
        os.set_blocking(fd, False)   # a full pipe must not hold a request: run it here instead

    def submit(self, task: str, document_ids: Iterable[int], **arguments) -> None:
        document_ids = list(document_ids)
        line = (json.dumps({"task": task, "ids": document_ids, "arguments": arguments}) + "\n").encode()
        if self.fd >= 0 and len(line) <= select.PIPE_BUF:
            try:
                if os.write(self.fd, line) == len(line):
                    return
            except BlockingIOError:
                pass
            except OSError:   # the writer process ended (EPIPE): this process does its own work from now on
                log.warning("the index writer process is gone; index updates run in this server process")
                self._close_fd()
        self.local.submit(task, document_ids, **arguments)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Only what ran here: the writer process's queue is not visible from this side."""
        return self.local.wait_idle(timeout)

    def close(self, timeout: float | None = 30.0) -> None:
        self._close_fd()   # the writer finishes what it read once every server process closed its end
        self.local.close(timeout)

    def _close_fd(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def run_writer(fd: int, work: BackgroundWork) -> None:
    """The index-writer process's loop: each line read from the pipe is submitted to `work` (a
    ThreadWork, which batches the reindexing of many tasks into one commit). At end of file
    (every server process closed the pipe) it finishes what was submitted and returns."""
    with os.fdopen(fd, "rb") as pipe:
        for line in pipe:
            try:
                item = json.loads(line)
                work.submit(item["task"], item["ids"], **item["arguments"])
            except Exception:   # a malformed line or an unknown task must not stop the writer
                log.exception("index writer: cannot run %r", line[:200])
    work.close(None)
