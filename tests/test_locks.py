"""corpus.locks: the one back-off loop that every index lock waits in."""
from __future__ import annotations

import pytest

from corpus.errors import IndexLocked
from corpus.locks import acquire_with_backoff


def test_returns_what_the_acquire_returns_once_the_holder_lets_go():
    tries = iter([None, None, None, "lock"])
    assert acquire_with_backoff(lambda: next(tries), wait_seconds=60, first_delay=0.001,
                                timed_out=lambda: IndexLocked("never")) == "lock"
    assert next(tries, "spent") == "spent"   # no try after the one that succeeded


def test_raises_the_given_error_naming_the_last_holder_seen_after_the_wait():
    holders = iter(f"host:{pid}" for pid in range(1000, 100000))
    seen = []

    def never() -> None:
        seen.append(next(holders))
        return None

    with pytest.raises(IndexLocked) as caught:
        acquire_with_backoff(never, wait_seconds=0.05, first_delay=0.001, max_delay=0.002,
                             timed_out=lambda: IndexLocked(f"held by {seen[-1]}"))
    assert caught.value.message == f"held by {seen[-1]}"
    assert len(seen) >= 2   # it tried again before giving up
