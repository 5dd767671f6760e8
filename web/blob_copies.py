"""A worker machine's local copies of the files its queue tasks read from an object store.

Every task of a file that travels through the blob store (an upload, a zip member: web/queue_files.py)
needs it as a local path: the file's `ingest_file` task, and each of its `ocr_page` tasks. With an S3
bucket each of them downloaded the whole file, so a 400-page scan cost 400 downloads of itself. Here
the first task on a machine downloads it; the machine's other tasks (any worker process) use that
copy. A copy is named by the blob's key, size and modification time (those blobs are written once),
and each task reads a hard link of it of its own, so evicting a copy never pulls it from under a task.

Copies are bounded (MAX_BYTES, least recently used first) and short-lived: one unused for IDLE_SECONDS
goes, whether or not another task comes (the worker's heartbeat calls `evict`), so nothing of a record
destroyed later stays on a worker machine for long. Temporary links of tasks whose process died are
removed too. A folder blob store needs none of this: its files are read where they are.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import socket
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from corpus.blobs import BlobStore
from corpus.processes import provably_dead

MAX_BYTES = 4 * 1024 ** 3
IDLE_SECONDS = 300.0
_USES = ".uses"


def default_folder() -> Path:
    """On the machine's own disk (the system's temporary folder, TMPDIR), never the shared folder."""
    return Path(tempfile.gettempdir()) / f"accord-blob-copies-{os.getuid()}"


class BlobCopies:
    def __init__(self, folder: Path | None = None, *, max_bytes: int = MAX_BYTES, idle_seconds: float = IDLE_SECONDS):
        self.folder = Path(folder or default_folder())
        self.max_bytes, self.idle_seconds = max_bytes, idle_seconds

    @contextmanager
    def local_path(self, blobs: BlobStore, key: str) -> Iterator[Path]:
        """A local file with the blob's bytes while the block runs (downloaded once per machine)."""
        info = blobs.info(key)
        if info is None:
            raise FileNotFoundError(key)
        (self.folder / _USES).mkdir(parents=True, exist_ok=True, mode=0o700)
        name = hashlib.sha256(f"{key}\0{info.size}\0{info.mtime}".encode()).hexdigest()
        copy = self.folder / name
        use = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=self.folder / _USES))
        try:
            target = use / f"blob{Path(key).suffix}"
            try:
                os.link(copy, target)
                os.utime(copy)   # recently used
            except FileNotFoundError:
                self._fetch(blobs, key, copy, use)
                os.link(copy, target)
            self.evict(keep=copy)
            yield target
        finally:
            shutil.rmtree(use, ignore_errors=True)

    def _fetch(self, blobs: BlobStore, key: str, copy: Path, use: Path) -> None:
        partial = use / "partial"
        with blobs.local_path(key) as fetched:
            try:
                os.replace(fetched, partial)
            except OSError:   # another file system than the store's temporary copy
                shutil.copyfile(fetched, partial)
        os.replace(partial, copy)   # atomic: two tasks fetching at once both leave a whole copy

    def evict(self, keep: Path | None = None) -> None:
        """Remove copies idle too long, then the least recently used beyond MAX_BYTES, and the
        temporary links of tasks whose process died."""
        if not self.folder.is_dir():
            return
        now = time.time()
        copies = []
        for entry in os.scandir(self.folder):
            if entry.name.startswith(".") or not entry.is_file():
                continue
            stat = entry.stat()
            if now - stat.st_mtime > self.idle_seconds and entry.path != str(keep):
                _remove(Path(entry.path))
            else:
                copies.append((stat.st_mtime, stat.st_size, Path(entry.path)))
        total = sum(size for _, size, _ in copies)
        for _, size, path in sorted(copies):
            if total <= self.max_bytes:
                break
            if path != keep:
                _remove(path)
                total -= size
        uses = self.folder / _USES
        if uses.is_dir():
            for entry in os.scandir(uses):
                pid = entry.name.split("-", 1)[0]
                if pid.isdigit() and provably_dead(f"{socket.gethostname()}:{pid}"):
                    shutil.rmtree(entry.path, ignore_errors=True)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
