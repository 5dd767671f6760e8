"""Audit appends from several processes on one SQLite store (the web server's processes): they
take turns, so none loses the race for the chain head and sleeps before writing again."""
from __future__ import annotations

import os
import threading

from corpus import audit
from corpus.store import Store

PER_THREAD = 60


def _append_in_child(config) -> int:
    """Fork a process that appends from 3 threads; its exit code is how many times it lost the race."""
    pid = os.fork()
    if pid:
        return pid
    code = 99
    try:
        lost = []
        audit.time = type("Clock", (), {"sleep": staticmethod(lost.append)})   # a lost race sleeps once
        store = Store(config, migrate=False)
        threads = [threading.Thread(target=lambda t=t: [audit.record(store, f"p{os.getpid()}", "search", str(i),
                                                                     details={"thread": t})
                                                        for i in range(PER_THREAD)]) for t in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        store.dispose()
        code = min(len(lost), 98)
    finally:
        os._exit(code)


def test_server_processes_appending_at_once_never_lose_the_race_and_keep_one_chain(store):
    children = [_append_in_child(store.config) for _ in range(3)]
    lost = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children]
    assert lost == [0, 0, 0]
    assert len(audit.events(store, limit=10_000)) == 3 * 3 * PER_THREAD
    assert audit.verify(store) == []


def test_threads_appending_at_once_commit_together_and_a_bad_event_fails_alone(store, monkeypatch):
    threads_count = 8
    transactions, opened = [], store.connection
    writer = audit._writer(store)

    def connection():
        if not transactions:   # hold the first append until every other thread waits for its turn
            for _ in range(500):
                with writer.turn:
                    if len(writer.waiting) == threads_count - 1:
                        break
                threading.Event().wait(0.01)
        transactions.append(1)
        return opened()

    monkeypatch.setattr(store, "connection", connection)
    outcomes = {}

    def append(n):
        details = {"n": n, "bad": {object()}} if n == 3 else {"n": n}   # a set of an object is not JSON
        try:
            outcomes[n] = audit.record(store, "rex", "search", str(n), details=details)
        except Exception as exc:
            outcomes[n] = exc

    threads = [threading.Thread(target=append, args=(n,)) for n in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert isinstance(outcomes.pop(3), Exception)
    assert len(set(outcomes.values())) == threads_count - 1 and all(isinstance(i, int) for i in outcomes.values())
    # the first alone, then the 7 waiting in one transaction, which failed on the bad event and
    # was written again one event at a time
    assert len(transactions) == 1 + 1 + (threads_count - 1)
    assert sorted(e["target"] for e in audit.events(store)) == [str(n) for n in range(threads_count) if n != 3]
    assert audit.verify(store) == []
