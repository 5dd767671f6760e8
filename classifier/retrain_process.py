"""The automatic retrain's own process: `ClassifierService.retrain` run in a spawned, low-priority
child, so a web server's requests never wait behind it (classifier/service.py starts it after
ACCORD_RETRAIN_AFTER_LABELS new reviewer labels, from a thread that waits for it)."""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from multiprocessing import get_context

from corpus.config import Config
from corpus.errors import ModelError
from corpus.store import Store

RETRAIN_NICENESS = 10   # an automatic retrain yields the CPU to the server's requests


def retrain_in_child(config: Config, demo_count: int, *, reviewer: str, note: str) -> str | None:
    """Run `ClassifierService.retrain` in a fresh, low-priority process and wait for it; the new
    version's name, or None when another process's retrain of this store was already running.

    Why not a thread of the caller: a retrain is seconds of Python work, and in a web server
    process it holds Python's lock all that time, so every search and POST of that process waits
    behind it (the bench measured 49 ms of server CPU per search page with retrains in the
    server, 15 without). A spawned child (never a fork of a threaded server) runs beside the
    server's processes at a lower priority; its errors come back here as exceptions. It is
    daemonic: a server that stops ends it instead of waiting for it (the version it was
    writing is simply not registered; the next labels start another)."""
    if _retrain_running(config):
        return None
    context = get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_retrain_here, args=(send, config, demo_count, reviewer, note),
                            name="accord-retrain", daemon=True)
    child.start()
    send.close()
    try:
        outcome, value = receive.recv()
    except EOFError:   # killed (out of memory, a signal) before it could answer
        outcome, value = "error", None
    finally:
        receive.close()
    child.join()
    if value is None and outcome == "error":
        value = ModelError(f"the retrain process ended without an answer (exit code {child.exitcode})")
    if outcome == "error":
        raise value
    return value


def _retrain_running(config: Config) -> bool:
    """Whether another process holds the retrain lock: looked at before spawning, because a child
    costs about a second of imports only to find the lock taken (the child still takes it itself)."""
    try:
        with _retrain_lock(config) as held:
            return not held
    except FileNotFoundError:   # no models folder yet: nobody has retrained
        return False


@contextmanager
def _retrain_lock(config: Config):
    """Try the store's retrain lock without waiting: yields whether this process now holds it.
    Closing the file on leaving releases it; the models folder must exist (FileNotFoundError)."""
    with open(config.models_dir / ".retrain.lock", "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True


def _retrain_here(answer, config: Config, demo_count: int, reviewer: str, note: str) -> None:
    """The child's side of `retrain_in_child`: one retrain per store at a time across every
    process of the installation (each server process has its own ClassifierService)."""
    os.nice(RETRAIN_NICENESS)
    try:
        config.models_dir.mkdir(parents=True, exist_ok=True)
        with _retrain_lock(config) as held:
            if not held:
                answer.send(("ok", None))
                return
            from classifier.service import ClassifierService   # the module that imports this one
            store = Store(config, migrate=False)
            try:
                service = ClassifierService(config, store)
                service.demo_count = demo_count
                answer.send(("ok", service.retrain(reviewer=reviewer, note=note).version))
            finally:
                store.dispose()
    except Exception as exc:  # noqa: BLE001 - sent to the parent, which shows it on the model page
        try:
            answer.send(("error", exc))
        except Exception:   # an exception that does not pickle still comes back, as its words
            answer.send(("error", ModelError(f"{type(exc).__name__}: {exc}")))
