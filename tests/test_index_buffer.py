"""The bulk ingest's index buffer (web/services.py): the writer thread never waits for an index
flush, commits keep their order, and slow commits are spaced out."""
from __future__ import annotations

import threading

from web.services import _IndexBuffer


class _SlowIndex:
    """Services as the buffer sees them, with an index commit that waits until released."""

    def __init__(self):
        self.release = threading.Event()
        self.entered = threading.Event()
        self.commits: list[list[int]] = []

    def _suggest_labels(self, document_id: int) -> None:
        pass

    def documents_changed(self, ids: list[int]) -> None:
        self.entered.set()
        self.release.wait(30)
        self.commits.append(list(ids))

    def join_query_holds(self, ids: list[int]) -> None:
        pass


def test_storing_a_document_does_not_wait_for_a_flush_in_progress():
    services = _SlowIndex()
    buffer = _IndexBuffer(services)
    buffer.pending.append(1)
    flushing = threading.Thread(target=buffer.flush)
    flushing.start()
    assert services.entered.wait(30)
    stored = threading.Thread(target=buffer.document_stored, args=(2,))
    stored.start()
    stored.join(10)
    blocked = stored.is_alive()
    services.release.set()
    flushing.join(30)
    stored.join(30)
    buffer.flush()
    assert not blocked
    assert services.commits == [[1], [2]]


def test_a_slow_commit_spaces_out_the_next_timer_flush():
    services = _SlowIndex()
    services.release.set()
    buffer = _IndexBuffer(services)
    buffer.last_flush_seconds = 2.0
    buffer.document_stored(1)
    assert buffer.timer.interval == 8.0
    buffer.flush()
    assert buffer.timer is None and services.commits == [[1]]


def test_a_full_batch_is_committed_without_the_writer_waiting_for_it():
    services = _SlowIndex()   # its commit waits until released
    buffer = _IndexBuffer(services)
    stored = threading.Thread(target=lambda: [buffer.document_stored(i) for i in range(1, _IndexBuffer.BATCH + 2)])
    stored.start()
    stored.join(10)
    blocked = stored.is_alive()
    assert services.entered.wait(30)   # the full batch's commit began at once, on another thread
    services.release.set()
    stored.join(30)
    buffer.flush()
    assert not blocked
    assert [i for commit in services.commits for i in commit] == list(range(1, _IndexBuffer.BATCH + 2))
    assert len(services.commits[0]) >= _IndexBuffer.BATCH
