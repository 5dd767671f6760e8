"""Waiting in tests for what happens off the test's thread (a background upload, another process):
one loop with a deadline, failing the test with what it waited for."""
from __future__ import annotations

import time

import pytest


def wait_until(condition, timeout: float, what: str, poll: float = 0.05):
    """Call `condition` every `poll` seconds until it returns something true, and return that; fail
    the test, naming `what`, when `timeout` seconds pass first."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            pytest.fail(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(poll)
