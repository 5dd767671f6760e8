"""`accord watch DIR`: ingest files dropped into a folder once they are stable.

Polling (portable, no inotify dependency): a file is ready when its size and mtime have
not changed for ACCORD_WATCH_SETTLE_SECONDS, so a copy still in progress is never read.
Files are left where they are; one already in the store (same sha256) is not ingested
again, so restarting the watcher does not re-ingest the folder.
"""
from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Callable

from corpus.config import Config
from corpus.documents import find_by_sha256
from corpus.store import Store, sha256_of_file
from ingest.bulk import BatchResult, run_batch
from ingest.inputs import files_under


def stable_files(folder: Path, seen: dict[Path, tuple[int, int, float]], settle: float, now: float) -> list[Path]:
    """Update `seen` (path -> (size, mtime_ns, unchanged since)) and return the settled files."""
    ready = []
    present = set()
    for path in files_under(folder):
        try:
            info = path.stat()
        except OSError:
            continue
        present.add(path)
        signature = (info.st_size, info.st_mtime_ns)
        previous = seen.get(path)
        if previous is None or previous[:2] != signature:
            seen[path] = (*signature, now)
        elif now - previous[2] >= settle:
            ready.append(path)
    for gone in set(seen) - present:
        del seen[gone]
    return ready


def watch_folder(store: Store, config: Config, folder: str, *, jobs: int, owner: str = "", actor: str = "",
                 on_stored: Callable[[int], None] | None = None,
                 on_batch: Callable[[BatchResult], None] | None = None,
                 stop_event: threading.Event | None = None, interval: float = 2.0,
                 clock: Callable[[], float] = time.monotonic, isolate: bool = False,
                 run: Callable[..., BatchResult] | None = None) -> None:
    """Poll until `stop_event` is set (or KeyboardInterrupt). Links dropped into the folder are
    judged against the folder (one leading out of it is refused), never followed blindly.
    `isolate`: as run_batch's (worker processes under ACCORD_WORKER_MAX_MEMORY). `run`: another
    executor with run_batch's contract, called with (paths, stop_event=, roots=) (the worker
    queue); by default run_batch here."""
    stop_event = stop_event or threading.Event()
    root = Path(folder).resolve()
    settle = config["ACCORD_WATCH_SETTLE_SECONDS"]
    seen: dict[Path, tuple[int, int, float]] = {}
    handled: dict[Path, tuple[int, int]] = {}
    while not stop_event.is_set():
        ready = []
        for path in stable_files(root, seen, settle, clock()):
            signature = seen[path][:2]
            if handled.get(path) == signature:
                continue
            handled[path] = signature
            try:
                if not path.is_symlink() and find_by_sha256(store, sha256_of_file(path)) is not None:
                    continue   # ingested before (by an earlier watcher, or another command)
            except OSError:
                pass           # vanished or unreadable: run_batch reports it properly
            ready.append(str(path))
        if ready:
            if run is not None:
                result = run(ready, stop_event=stop_event, roots=[str(root)])
            else:
                result = run_batch(store, config, ready, jobs=jobs, actor=actor, owner=owner, on_stored=on_stored,
                                   stop_event=stop_event, isolate=isolate, roots=[str(root)])
            if on_batch:
                on_batch(result)
        stop_event.wait(interval)
