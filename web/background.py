"""Work that follows a request but must not delay its answer: what a reviewer's label decision
implies (the scope it changes, the search index, a retrain check). A whoosh commit with its
segment merge takes a large part of a second on a busy server; the reviewer's POST answers
as soon as the decision is stored and audited, and the document is searchable with its new
labels within about a second.

`BackgroundWork` is the small interface the web layer uses: `submit(task, **arguments)` with a
task name and JSON-able arguments, so a deployment that scales out can route the same tasks to
a shared queue (Celery, RQ) instead. The embedded default is `ThreadWork`: one daemon thread per
server process, running tasks in submission order. A task is submitted with the ids of the
documents it concerns; they are reindexed after it (also when it failed: the decision itself is
stored), once for all the tasks the thread found waiting, so a burst of decisions costs one
index commit, not one each.
"""
from __future__ import annotations

import logging
import queue
import threading
from typing import Callable, Iterable, Protocol

log = logging.getLogger("accord.background")

Task = Callable[..., None]   # called with the submitted keyword arguments


class BackgroundWork(Protocol):
    def submit(self, task: str, document_ids: Iterable[int], **arguments) -> None: ...

    def wait_idle(self, timeout: float | None = None) -> bool: ...

    def close(self, timeout: float | None = None) -> None: ...


class ThreadWork:
    """Runs named tasks on one daemon thread, then reindexes the documents they changed."""

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
            self._run_batch([item])
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
        while True:
            item = self._queue.get()
            if item is None:
                return
            batch = [item]
            while True:   # everything that arrived meanwhile goes into the same index commit
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self._queue.put(None)
                    break
                batch.append(more)
            try:
                self._run_batch(batch)
            finally:
                with self._idle:
                    self._unfinished -= len(batch)
                    self._idle.notify_all()

    def _run_batch(self, batch: list[tuple[str, list[int], dict]]) -> None:
        changed: list[int] = []
        for task, document_ids, arguments in batch:
            changed.extend(document_ids)
            try:
                self.tasks[task](**arguments)
            except Exception:   # one failed task must not stop the others or the thread
                log.exception("background task %s%r failed", task, arguments)
        if changed:
            try:
                self.reindex(sorted(set(changed)))
            except Exception:
                # The index is derived data: `accord check --repair` or the next change brings it back.
                log.exception("search index update failed for documents %s", sorted(set(changed)))
