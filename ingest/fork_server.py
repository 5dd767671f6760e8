"""The pool's fork server: one process that imports the workers' modules once (numpy, pypdfium2,
SQLAlchemy, spaCy and its pipeline, the label step's modules: over a CPU second), then forks
each pool worker from itself, so a worker starts in milliseconds with all of them loaded.

Its imports are the longest wait of an ingest's start-up: no file is read until they are done.
So it is started as early as possible (`start`: `accord ingest` calls it before its own heavy
imports, Services.ingest_batch before opening the index), and this module imports nothing heavy
itself. ingest/pool.py makes the pool from the running server.

Imported by the fork server too, first of its modules (FIRST_MODULE): a forked worker then does
not run the main script again (see `_main_already_run`).
"""
from __future__ import annotations

import multiprocessing
import os
import sys

# What every pool worker imports before its first task (the caller may add its own: a label
# step's modules), and the spaCy pipeline, loaded once (ingest.worker_models imports spaCy).
# spaCy is optional: a module that cannot be imported is skipped.
FIRST_MODULE = __name__
WORKER_MODULES = ("ingest.pipeline", "ingest.stages", "ingest.metadata", "ingest.worker_models")

# The main script of the process that starts the server, for the server (set only while it starts)
_MAIN_SCRIPT = "ACCORD_FORK_SERVER_MAIN"


def context(preload: tuple[str, ...] = ()):
    """The multiprocessing context of the pool, its fork server running (started if it is not).
    Which modules it imports is fixed when it starts (the first call of this process)."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(list(dict.fromkeys((FIRST_MODULE,) + WORKER_MODULES + tuple(preload))))
    _ensure_running()
    return ctx


def start(preload: tuple[str, ...] = ()) -> None:
    """Start the fork server now: its imports run on another core while this process does its
    own start-up (its imports, the classifier model check, opening the index), instead of after
    it. The pool later uses the running server (same `preload`); a running server is left as it is."""
    context(preload)


def _ensure_running() -> None:
    """Start the fork server (if it isn't running) without the working directory on its import path.
    It runs `python -c`, which puts the working directory first on sys.path (Python 3.11 ignores
    the parent's path), so `accord ingest` run from inside another checkout or beside a folder
    named like one of our packages imported that code in every worker, and each file "crashed"."""
    from multiprocessing import forkserver, spawn
    main_script = spawn.get_preparation_data("pool").get("init_main_from_path")
    saved = {name: os.environ.get(name) for name in ("PYTHONSAFEPATH", _MAIN_SCRIPT)}
    os.environ["PYTHONSAFEPATH"] = "1"
    if main_script:
        os.environ[_MAIN_SCRIPT] = main_script
    try:
        forkserver.ensure_running()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _main_already_run() -> None:
    """In the fork server: mark the main script of the process that started it as this process's
    main module, so that a forked worker does not run it again. Multiprocessing runs it in every
    new worker (as `__mp_main__`, for tasks defined in it) unless `__main__.__file__` already names
    it; ours are all in packages, and running it again cost each worker, after the fork server's
    imports and before its first task, the script's own imports: `accord` imports the whole
    command line (0.17 CPU s), a bench script its own. Nothing in a worker uses that module."""
    main_script = os.environ.pop(_MAIN_SCRIPT, None)
    main = sys.modules.get("__main__")
    if main_script and main is not None and not hasattr(main, "__file__"):   # `python -c`: the fork server
        main.__file__ = main_script


_main_already_run()
