"""Waiting for a lock that another process holds: one back-off loop for every lock Accord waits on.

The search index has three (whoosh's write lock, the flock that lets one process build a missing
index, the worker queue's Redis lock on the index writer); each tries to take its lock without
blocking and, while another holds it, tries again after a pause that doubles up to a ceiling, until
a deadline, then raises the error its caller gives (naming the holder where it is known).
"""
from __future__ import annotations

import time
from typing import Callable, TypeVar

from corpus.errors import AccordError

T = TypeVar("T")


def acquire_with_backoff(try_acquire: Callable[[], T | None], *, wait_seconds: float,
                         timed_out: Callable[[], AccordError], first_delay: float = 0.01,
                         max_delay: float = 0.5) -> T:
    """What `try_acquire` returns once it returns something other than None (None: the lock is
    another's). Between tries it sleeps `first_delay`, doubling up to `max_delay`; once
    `wait_seconds` have passed since the first try, `timed_out()` is raised (built then, so it can
    name the holder last seen)."""
    deadline = time.monotonic() + wait_seconds
    delay = first_delay
    while True:
        acquired = try_acquire()
        if acquired is not None:
            return acquired
        if time.monotonic() >= deadline:
            raise timed_out()
        time.sleep(delay)
        delay = min(delay * 2, max_delay)
