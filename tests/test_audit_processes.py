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
