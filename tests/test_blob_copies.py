"""A file that travels to the queue's workers through an S3 bucket is downloaded once per machine,
not once per task: a scan's page tasks read the machine's copy (web/blob_copies.py). Copies are
bounded and cleaned (idle ones, the least recently used beyond the limit, a dead task's links)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from corpus.blobs import open_blobs
from corpus.config import load_config
from test_blobs import s3_bucket, s3_endpoint  # noqa: F401 - the fixtures
from web.blob_copies import BlobCopies
from web.queue_files import local_item

PAGES = 12


@pytest.fixture
def s3_blobs(s3_bucket, tmp_path):
    blobs = open_blobs(load_config(tmp_path / "home", environ={}, overrides={"ACCORD_BLOB_URL": s3_bucket}))
    fetched = []
    download = blobs.client.download_file

    def counting(bucket, name, target, *args, **kwargs):
        download(bucket, name, target, *args, **kwargs)
        fetched.append(os.path.getsize(target))
    blobs.client.download_file = counting
    return blobs, fetched


def _upload(blobs, key: str, size: int) -> bytes:
    data = os.urandom(size)
    blobs.put_bytes(key, data)
    return data


def _item(key: str) -> dict:
    return {"source_path": "scan.pdf", "local_path": "/elsewhere/scan.pdf", "name": "scan.pdf", "note": "", "blob": key}


def _read_every_page(blobs, key: str, copies) -> None:
    """The file's ingest task and each of its page tasks, as web/queue_tasks.py runs them."""
    for _ in range(1 + PAGES):
        with local_item(blobs, _item(key), copies) as local:
            assert Path(local["local_path"]).suffix == ".pdf"
            assert Path(local["local_path"]).stat().st_size > 0


def test_a_scans_page_tasks_download_it_once_per_machine(s3_blobs, tmp_path):
    blobs, fetched = s3_blobs
    data = _upload(blobs, "uploads/u1/scan.pdf", 300_000)
    _read_every_page(blobs, "uploads/u1/scan.pdf", None)   # without copies: each task downloads it
    before = sum(fetched) / PAGES
    fetched.clear()
    copies = BlobCopies(tmp_path / "copies")
    _read_every_page(blobs, "uploads/u1/scan.pdf", copies)
    after = sum(fetched) / PAGES
    print(f"bytes fetched per page of a {PAGES}-page file of {len(data)} bytes: before {before:.0f}, after {after:.0f}")
    assert fetched == [len(data)]
    assert before == (1 + PAGES) * len(data) / PAGES
    with local_item(blobs, _item("uploads/u1/scan.pdf"), copies) as local:
        assert Path(local["local_path"]).read_bytes() == data
    # a task's link is gone after it; the one copy stays for the next task
    assert [p.name for p in (tmp_path / "copies" / ".uses").iterdir()] == []
    assert len([p for p in (tmp_path / "copies").iterdir() if not p.name.startswith(".")]) == 1


def test_copies_are_bounded_and_cleaned(s3_blobs, tmp_path):
    blobs, fetched = s3_blobs
    for i in range(3):
        _upload(blobs, f"uploads/u{i}/f.pdf", 100_000)
    copies = BlobCopies(tmp_path / "copies", max_bytes=250_000)
    folder = tmp_path / "copies"

    def kept() -> int:
        return len([p for p in folder.iterdir() if not p.name.startswith(".")])
    for i in range(3):
        with local_item(blobs, _item(f"uploads/u{i}/f.pdf"), copies) as local:
            path = Path(local["local_path"])
            copies.evict()
            copies.evict(keep=None)
            assert path.stat().st_size == 100_000   # evicting never pulls a file from under a task
    assert kept() == 2   # the least recently used went beyond the limit
    # a task whose process died left its link behind: removed
    dead = folder / ".uses" / "999999999-x"
    dead.mkdir()
    (dead / "blob.pdf").write_bytes(b"x")
    BlobCopies(folder, idle_seconds=0).evict()   # idle copies go, with no task coming
    assert kept() == 0 and not dead.exists()


def test_a_missing_blob_is_reported_as_missing(s3_blobs, tmp_path):
    blobs, _ = s3_blobs
    with pytest.raises(FileNotFoundError):
        with local_item(blobs, _item("uploads/none/f.pdf"), BlobCopies(tmp_path / "copies")):
            pass
