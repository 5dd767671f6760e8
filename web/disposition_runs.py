"""Disposition runs started from the web: the batch runs in a background thread (a large batch
takes longer than a request should), the queue page polls its progress. The CLI and the API
run a batch in the caller's own process and return when it is done. With ACCORD_BROKER_URL set,
the web's Run goes to the index queue's worker instead of a thread (web/queue_jobs.py).

The progress is read from the run's journal in the store (each item's status), so any server
process answers the polling page, and a run cut short (the server stopped) is simply run
again: `corpus.records.disposition.run` finishes what is unfinished.
"""
from __future__ import annotations

import logging
import threading

from corpus.access import Principal
from corpus.errors import AccordError, Conflict
from corpus.records import disposition

log = logging.getLogger("accord.web.disposition")


class DispositionRuns:
    """One run of a batch at a time in this process, in the background or in the caller."""

    def __init__(self, services):
        self.services = services
        self._threads: dict[int, threading.Thread] = {}
        self._errors: dict[int, str] = {}
        self._lock = threading.Lock()

    @property
    def _on_queue(self) -> bool:
        return bool(self.services.config["ACCORD_BROKER_URL"])

    def _claim(self, batch_id: int, thread: threading.Thread) -> None:
        with self._lock:
            running = self._threads.get(batch_id)
            if running is not None and running.is_alive():
                raise Conflict(f"batch {batch_id} is already running", hint="The disposition page shows its progress.")
            self._threads[batch_id] = thread
            self._errors.pop(batch_id, None)

    def start(self, batch_id: int, *, actor: str) -> None:
        """Check the batch may run (approved, or an unfinished run), then run it in a thread."""
        disposition.require_runnable(self.services.store, batch_id)
        if self._on_queue:   # the index queue's worker runs it (web/queue_jobs.py)
            from web.queue_jobs import submit_disposition
            submit_disposition(self.services.config, batch_id, actor=actor)
            return
        thread = threading.Thread(target=self._background, args=(batch_id, actor), name=f"disposition-{batch_id}",
                                  daemon=True)
        self._claim(batch_id, thread)
        thread.start()

    def _background(self, batch_id: int, actor: str) -> None:
        try:
            self.services.run_disposition(batch_id, actor=actor)
        except Exception as exc:     # the thread must record the failure, not die silently
            log.exception("disposition batch %s failed", batch_id)
            self._errors[batch_id] = exc.message if isinstance(exc, AccordError) else str(exc)

    def run_now(self, batch_id: int, *, actor: str) -> dict:
        """Run in the caller (the API), unless this process is already running the batch."""
        if self._on_queue:   # on the index queue's worker; the caller waits for it
            from web.queue_jobs import run_disposition_on_queue
            disposition.require_runnable(self.services.store, batch_id)
            run_disposition_on_queue(self.services.config, batch_id, actor=actor)
            return disposition.batch_detail(self.services.store, batch_id)
        self._claim(batch_id, threading.current_thread())
        try:
            return self.services.run_disposition(batch_id, actor=actor)
        finally:
            with self._lock:
                self._threads.pop(batch_id, None)

    def progress(self, batch_id: int, principal: Principal) -> dict:
        """The batch's state from its journal, counted over the items `principal` may see."""
        detail = disposition.batch_detail(self.services.store, batch_id, principal=principal)
        counts: dict[str, int] = {}
        for item in detail["items"]:
            counts[item["status"]] = counts.get(item["status"], 0) + 1
        total = len(detail["items"])
        finished = sum(counts.get(s, 0) for s in disposition.FINISHED_ITEM_STATES)
        if self._on_queue:   # whichever web process answers, the queue's state is the same
            from web.queue_jobs import disposition_state
            state = disposition_state(self.services.config, batch_id)
            running, error = state["running"], state["error"]
        else:
            thread = self._threads.get(batch_id)
            running, error = thread is not None and thread.is_alive(), self._errors.get(batch_id, "")
        return {"id": batch_id, "status": detail["status"], "running": running, "total": total,
                "finished": finished, "counts": counts, "error": error,
                "percent": 100 if detail["status"] == "done" else min(99, int(100 * finished / total) if total else 0)}

    def wait(self, timeout: float | None = None) -> None:
        """Wait for the background runs of this process (server shutdown, a test reading the result)."""
        for thread in list(self._threads.values()):
            if thread is not threading.current_thread():
                thread.join(timeout)
