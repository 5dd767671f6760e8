"""Files that failed are copied, untouched, to ACCORD_HOME/quarantine/job-<id>/ with a
`<name>.reason.txt` beside each saying what went wrong and what to do.

The copy keeps the file's holes (a sparse 600 MB file stays a few KB on disk), and a zip
member that could not be extracted is kept as the archive that holds its real bytes, never
as a broken fragment of it."""
from __future__ import annotations

import errno
import os
import re
import stat
from datetime import datetime, timezone
from pathlib import Path

from corpus.blobs import BlobStore, FolderBlobs, open_blobs, quarantine_key
from corpus.config import Config
from corpus.errors import AccordError


def _safe_name(source_path: str) -> str:
    # "/in/box.zip!sub/a.pdf" -> "box.zip!sub_a.pdf": readable, flat, no path tricks.
    first, _, rest = source_path.partition("!")
    name = Path(first).name + (f"!{rest}" if rest else "")
    return re.sub(r"[/\\\x00]", "_", name)[-200:] or "file"


def quarantine(config: Config, job_id: int | None, source_path: str, local_path: str | None,
               error: AccordError) -> str:
    """Copy the original (when it can still be read) and write the reason; returns the
    path of the quarantined copy (or of the reason file when there was nothing to copy).
    With an object store for blobs (ACCORD_BLOB_URL=s3://...) both go there, under quarantine/,
    whichever machine's worker failed the file; the returned path is then its URL."""
    blobs = open_blobs(config)
    if not isinstance(blobs, FolderBlobs):
        return _quarantine_to_blobs(blobs, job_id, source_path, local_path, error)
    folder = config.quarantine_dir / (f"job-{job_id}" if job_id is not None else "single")
    folder.mkdir(parents=True, exist_ok=True)
    name = _safe_name(source_path)
    target = folder / name
    counter = 1
    while target.exists() or target.with_name(target.name + ".reason.txt").exists():
        counter += 1
        target = folder / f"{counter}-{name}"
    copied = False
    note = ""
    container, _, member = source_path.partition("!")
    if local_path and member and Path(local_path).name == Path(container).name:
        note = f"The copy is the archive {Path(container).name}; the member {member} is inside it.\n"
    if local_path:
        try:
            copy_keeping_holes(local_path, target)
            copied = True
        except OSError as exc:
            note = f"The original could not be copied here: {exc.strerror or exc}.\n"
    reason = target.with_name(target.name + ".reason.txt")
    reason.write_text(_reason_text(source_path, error, note), encoding="utf-8")
    return str(target if copied else reason)


def _reason_text(source_path: str, error: AccordError, note: str) -> str:
    return (f"file: {source_path}\n"
            f"when: {datetime.now(timezone.utc).isoformat(timespec='seconds')}\n"
            f"error: {error.code}\n"
            f"what happened: {error.message}\n"
            f"what to do: {error.hint}\n{note}")


def _quarantine_to_blobs(blobs: BlobStore, job_id: int | None, source_path: str, local_path: str | None,
                         error: AccordError) -> str:
    folder = f"job-{job_id}" if job_id is not None else "single"
    name = _safe_name(source_path)
    key, counter = quarantine_key(folder, name), 1
    while blobs.exists(key) or blobs.exists(key + ".reason.txt"):
        counter += 1
        key = quarantine_key(folder, f"{counter}-{name}")
    copied, note = False, ""
    container, _, member = source_path.partition("!")
    if local_path and member and Path(local_path).name == Path(container).name:
        note = f"The copy is the archive {Path(container).name}; the member {member} is inside it.\n"
    if local_path:
        try:
            if not stat.S_ISREG(os.stat(local_path).st_mode):   # a pipe would be read forever
                raise OSError(errno.EINVAL, "not a regular file (a pipe, device or folder)")
            blobs.put_file(key, local_path)
            copied = True
        except OSError as exc:
            note = f"The original could not be copied here: {exc.strerror or exc}.\n"
    blobs.put_bytes(key + ".reason.txt", _reason_text(source_path, error, note).encode("utf-8"))
    return blobs.where(key if copied else key + ".reason.txt")


COPY_CHUNK = 1 << 20


def copy_keeping_holes(source: str, target: Path) -> None:
    """Copy only the data extents of `source` (SEEK_DATA/SEEK_HOLE); the holes stay holes, so a
    sparse file takes no more disk in quarantine than where it came from. Only regular files
    are copied: opening a pipe would wait for a writer forever."""
    if not stat.S_ISREG(os.stat(source).st_mode):
        raise OSError(errno.EINVAL, "not a regular file (a pipe, device or folder)")
    with open(source, "rb") as src, open(target, "wb") as out:
        size = os.fstat(src.fileno()).st_size
        position = 0
        while position < size:
            try:
                start = os.lseek(src.fileno(), position, os.SEEK_DATA)
            except OSError as exc:
                if exc.errno == errno.ENXIO:   # only a hole up to the end
                    break
                if exc.errno in (errno.EINVAL, errno.EOPNOTSUPP):   # no hole support: all data
                    start = position
                else:
                    raise
            try:
                end = os.lseek(src.fileno(), start, os.SEEK_HOLE)
            except OSError:
                end = size
            src.seek(start)
            out.seek(start)
            remaining = end - start
            while remaining > 0:
                chunk = src.read(min(COPY_CHUNK, remaining))
                if not chunk:
                    break
                out.write(chunk)
                remaining -= len(chunk)
            position = end
        out.truncate(size)
