"""How a file handed to the worker queue reaches a worker on another machine.

A file the operator names (`accord ingest /mnt/backlog`) is read where it is: every machine mounts
that folder at the same path (docs/deploy.md). A file only the submitting machine has — an upload
saved by a web process, a zip member it extracted into its staging folder — travels through the
blob store (corpus/blobs.py): the task carries its key (`blob`), and each task reads it through
`local_item`, a local copy for the task's time (none with a folder store: the shared file itself).
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Iterator

from corpus.blobs import UPLOADS_PREFIX, BlobStore, FolderBlobs, ingest_staging_prefix
from corpus.config import Config
from ingest.pipeline import OcrTask
from web.blob_copies import BlobCopies


def _relative(path: Path, folder: Path) -> str | None:
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return None


def shared_item(config: Config, blobs: BlobStore, item: dict) -> dict:
    """The task's item, with the blob key of a file that lives only on this machine (an upload, a
    zip member in the job's staging folder), put in the blob store if it is not there yet."""
    if not item.get("local_path"):
        return item
    path = Path(item["local_path"])
    key = None
    if isinstance(blobs, FolderBlobs):            # already in the shared folder: name it there
        key = _relative(path, blobs.root)
        if key is not None and not key.startswith((UPLOADS_PREFIX, "cache/ingest/")):
            return item                            # an operator's file that happens to be there
    if key is None:
        for area in (config.home / UPLOADS_PREFIX, config.cache_dir / "ingest"):
            if _relative(path, area) is not None:
                key = _relative(path, config.home)   # uploads/<id>/<name>, cache/ingest/job-N/...
                break
    if key is None:
        return item
    if not blobs.exists(key):
        blobs.put_file(key, path)
    return {**item, "blob": key}


@contextmanager
def local_item(blobs: BlobStore, item: dict, copies: BlobCopies | None = None) -> Iterator[dict]:
    """The item with a `local_path` this machine can read while the block runs (items without a
    blob key: as they are). `copies`: this machine's copies of object-store blobs, so the file's
    page tasks download it once, not once each."""
    if not item.get("blob"):
        yield item
        return
    fetch = copies.local_path(blobs, item["blob"]) if copies is not None and not isinstance(blobs, FolderBlobs) \
        else blobs.local_path(item["blob"])
    with fetch as local:
        yield {**item, "local_path": str(local)}


def local_page(page: OcrTask, item: dict) -> OcrTask:
    """An OCR page of a file that travels through the blob store, read from this task's copy of it
    (the page's own path was the copy of the task that listed the pages, perhaps on another machine).
    Pages of an e-mail's attachments (doc_path set) keep their path."""
    if item.get("blob") and not page.doc_path:
        return replace(page, path=item["local_path"])
    return page


def forget_staged(blobs: BlobStore, job_id: int) -> None:
    """A finished job's staged files (zip members) go from the blob store, as its staging folder does."""
    blobs.delete_prefix(ingest_staging_prefix(job_id))
