"""The index writer's lock on the queue (web/queue.py): a waiter gives up after a bounded wait with
IndexLocked naming the holder, a holder killed on this machine frees the lock at once, and a live
holder keeps it for as long as it writes (it renews it)."""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading

import pytest

from corpus.errors import IndexError_, IndexLocked
from corpus.processes import provably_dead
from web import queue

pytestmark = [pytest.mark.scaleout]


def _client(url: str):
    import redis
    return redis.Redis.from_url(url)


def _hold(url: str, taken, release) -> None:
    """A writer that takes the lock and keeps it until told (or killed)."""
    with queue.index_writer_lock(_client(url), 5):
        taken.set()
        release.wait(60)


@pytest.fixture
def holder(redis_url):
    """Another process holding the index writer's lock (until the test ends, or kills it)."""
    ctx = multiprocessing.get_context("fork")
    taken, release = ctx.Event(), ctx.Event()
    process = ctx.Process(target=_hold, args=(redis_url, taken, release), daemon=True)
    process.start()
    assert taken.wait(30)
    yield process
    if process.is_alive():   # never set an event a killed process may have been waiting on: set() would hang
        release.set()
        process.join(30)


def test_a_waiter_gives_up_with_an_error_naming_the_live_holder(redis_url, holder):
    outcome: list[BaseException] = []

    def wait():
        try:
            with queue.index_writer_lock(_client(redis_url), 1):
                pass
        except BaseException as exc:
            outcome.append(exc)
    waiter = threading.Thread(target=wait, daemon=True)
    waiter.start()
    waiter.join(60)   # without a bounded wait it would still be waiting
    assert not waiter.is_alive(), "the waiter waited without bound"
    assert len(outcome) == 1 and isinstance(outcome[0], IndexLocked), outcome
    assert isinstance(outcome[0], IndexError_)
    assert f":{holder.pid}" in outcome[0].message and outcome[0].hint


def test_a_killed_holder_on_this_machine_frees_the_lock_at_once(redis_url, holder):
    client = _client(redis_url)
    client.expire(queue.INDEX_LOCK_KEY, 3600)   # as if it had just renewed it: expiry would not free it
    os.kill(holder.pid, signal.SIGKILL)
    holder.join(30)
    with queue.index_writer_lock(client, 2):   # provably dead: taken over, not waited out
        assert client.get(queue.INDEX_LOCK_KEY).decode().startswith(f"{os.uname().nodename}:{os.getpid()}:")
    assert client.get(queue.INDEX_LOCK_KEY) is None


def test_a_holder_on_another_machine_is_never_judged_dead():
    assert not provably_dead(f"some-other-host-{os.getpid()}:1:abc")
    assert not provably_dead(f"{os.uname().nodename}:{os.getpid()}:abc")


def test_a_live_holder_keeps_the_lock_past_its_expiry(redis_url, monkeypatch):
    monkeypatch.setattr(queue, "INDEX_LOCK_SECONDS", 1)
    client = _client(redis_url)
    with queue.index_writer_lock(client, 1):
        # renewed every third of a second: still ours after several expiries
        for _ in range(4):
            threading.Event().wait(0.6)
            assert client.get(queue.INDEX_LOCK_KEY) is not None
        with pytest.raises(IndexLocked):
            with queue.index_writer_lock(_client(redis_url), 1):
                pass
