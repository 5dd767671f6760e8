"""Uploads through the browser or the API: files are saved under uploads/<uuid>/files/ (in the blob
store's folder: ACCORD_HOME by default; with an object store, in ACCORD_HOME, and put in the
bucket when handed to the worker queue: web/queue_files.py) and ingested in a background thread
by the same pipeline as `accord ingest`; the page polls the upload's progress. The files are removed
once the job is done (its report stays in the journal).

Progress is kept in memory by the process running the upload and written to the blob
store (corpus/blobs.py: uploads/<uuid>/state.json, in ACCORD_HOME by default), so any server
process (`accord serve --processes N`, or another machine sharing the blob store) can answer
the polling page; the per-file outcome is also in the ingest journal.
"""
from __future__ import annotations

import json
import logging
import re
import shutil
import threading
import time
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from corpus.blobs import UPLOADS_PREFIX, FolderBlobs, upload_files_prefix, upload_state_key
from corpus.errors import NotFound, UsageError
from ingest.report import readable

log = logging.getLogger("accord.web.uploads")
MAX_FAILURES_SHOWN = 200
_UUID = re.compile(r"^[0-9a-f]{32}$")


@dataclass
class Upload:
    id: str
    actor: str
    folder: Path
    files: list[str]
    total: int
    done: int = 0
    stored: int = 0
    duplicates: int = 0
    failed: int = 0
    pages: int = 0
    status: str = "queued"             # queued | running | done | failed
    error: str = ""
    job_id: int | None = None
    started: float = field(default_factory=time.time)
    finished: float | None = None
    failures: list[dict] = field(default_factory=list)
    items: list[dict] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)   # saved file name -> the name as uploaded

    def shown_name(self, source_path: str | None) -> str:
        """The name the uploader gave a file; a zip's member under the zip's uploaded name and its
        own path in the zip ("bundle.zip!inner/member.pdf"), as the report names members."""
        container, bang, member = (source_path or "").rstrip("/\\").partition("!")
        base = re.split(r"[/\\]", container)[-1]
        name = self.names.get(base, base)
        return f"{name}!{member}" if bang else name

    def failure(self, row: dict) -> dict:
        shown = self.readable_row(row)
        return {"file": shown["file"], "code": shown["error_code"], "reason": shown["error"]}

    def readable_row(self, row: dict) -> dict:
        """A report row without server paths: readable (ingest.report) under the uploaded name."""
        return readable({k: v for k, v in row.items() if k != "quarantine_path"}, self.shown_name(row.get("file")))

    def as_dict(self) -> dict[str, Any]:
        elapsed = (self.finished or time.time()) - self.started
        # 100 only once the job has finished (indexing of the last file included).
        percent = 100 if self.status == "done" else min(99, int(100 * self.done / self.total) if self.total else 0)
        return {"id": self.id, "status": self.status, "files": len(self.files), "total": self.total,
                "done": self.done, "stored": self.stored, "duplicates": self.duplicates, "failed": self.failed,
                "pages": self.pages, "pages_per_second": round(self.pages / elapsed, 2) if elapsed > 0 else 0.0,
                "percent": min(100, percent), "seconds": round(elapsed, 1), "job_id": self.job_id,
                "error": self.error, "failures": self.failures[:MAX_FAILURES_SHOWN]}


def _count_inputs(paths: Iterable[Path]) -> int:
    total = 0
    for path in paths:
        if path.suffix.lower() == ".zip":
            try:
                with zipfile.ZipFile(path) as archive:
                    total += sum(1 for m in archive.infolist() if not m.is_dir())
            except zipfile.BadZipFile:
                total += 1
        else:
            total += 1
    return total


class UploadManager:
    """Starts background ingest runs and keeps their progress for the polling page."""

    def __init__(self, services):
        self.services = services
        self._uploads: dict[str, Upload] = {}
        self._lock = threading.Lock()

    def start(self, files: list[FileStorage], *, actor: str, owner: str) -> Upload:
        files = [f for f in files if f and f.filename]
        if not files:
            raise UsageError("no files were uploaded", hint="Choose or drop one or more files (or a zip).")
        upload_id = uuid.uuid4().hex
        folder = uploads_root(self.services) / upload_id
        files_folder = _files_folder(self.services, upload_id)
        files_folder.mkdir(parents=True, exist_ok=True)
        saved: list[Path] = []
        names: dict[str, str] = {}
        for number, storage in enumerate(files, 1):
            name = secure_filename(storage.filename) or f"upload-{number}"
            target = files_folder / name
            if target.exists():
                target = files_folder / f"{number}-{name}"
            storage.save(target)
            saved.append(target)
            names[target.name] = re.split(r"[/\\]", storage.filename)[-1][:255]
        upload = Upload(id=upload_id, actor=actor, folder=folder, files=[p.name for p in saved],
                        total=_count_inputs(saved), names=names)
        with self._lock:
            self._uploads[upload_id] = upload
        self._save(upload)
        thread = threading.Thread(target=self._run, args=(upload, saved, owner), name=f"upload-{upload_id[:8]}",
                                  daemon=True)
        thread.start()
        return upload

    def get(self, upload_id: str, *, actor: str | None = None) -> Upload:
        upload = None
        if _UUID.match(upload_id or ""):
            upload = self._uploads.get(upload_id) or self._load(upload_id)
        # Someone else's upload is as unknown as a missing one (admins see all).
        if upload is None or (actor is not None and upload.actor != actor):
            raise NotFound(f"upload {upload_id} not found", hint="Check the upload id.")
        return upload

    def _save(self, upload: Upload) -> None:
        fields = {k: v for k, v in vars(upload).items() if k not in ("folder", "items")}
        data = json.dumps(fields, default=str).encode()
        self.services.store.blobs.put_bytes(upload_state_key(upload.id), data, mode=0o644)

    def _load(self, upload_id: str) -> Upload | None:
        try:
            fields = json.loads(self.services.store.blobs.get(upload_state_key(upload_id)))
        except (OSError, ValueError):
            return None
        return Upload(folder=uploads_root(self.services) / upload_id, **fields)

    def _progress(self, upload: Upload, state) -> None:
        """Called by the ingest orchestrator (`ingest.bulk.Progress`) at most twice a second."""
        with self._lock:
            upload.job_id = state.job_id
            upload.total = max(state.files_total, 1) if state.files_total else upload.total
            upload.done = state.files_done
            upload.pages = state.pages_done
            upload.duplicates = state.duplicates
            failures_changed = state.failures != upload.failed
            upload.failed = state.failures
            upload.stored = max(0, state.files_done - state.failures - state.duplicates)
        if failures_changed:
            self._load_failures(upload)
        self._save(upload)

    def _load_failures(self, upload: Upload) -> None:
        from corpus.journal import items
        rows = [r for r in items(self.services.store, upload.job_id) if r["status"] == "failed"]
        upload.failures = [upload.failure(r) for r in rows[:MAX_FAILURES_SHOWN]]

    def _run(self, upload: Upload, paths: list[Path], owner: str) -> None:
        upload.status = "running"
        try:
            result = self.services.ingest_batch([str(p) for p in paths], actor=upload.actor, owner=owner,
                                                progress=lambda state: self._progress(upload, state))
            upload.job_id = result.job_id
            upload.items = result.items
            upload.stored = result.counts.get("stored", 0)
            upload.duplicates = result.counts.get("duplicate", 0)
            upload.failed = result.counts.get("failed", 0)
            upload.failures = [upload.failure(r) for r in result.failed[:MAX_FAILURES_SHOWN]]
            upload.done = upload.total = max(len(result.items), upload.done)
            upload.status = "failed" if result.interrupted else "done"
        except Exception as exc:   # the thread must record the failure, not die silently
            log.exception("upload %s failed", upload.id)
            upload.status = "failed"
            upload.error = getattr(exc, "message", None) or str(exc)
        finally:
            if upload.status == "done":   # every file's outcome is in the journal by now
                self._forget_files(upload)
            upload.finished = time.time()
            self._save(upload)

    def _forget_files(self, upload: Upload) -> None:
        """The uploaded files, once their job is done: each file's outcome is in the journal (the
        report), a stored one is in originals/ and a failed one was copied to quarantine with its
        reason. An interrupted job keeps them (`accord ingest` on the folder resumes it)."""
        blobs = self.services.store.blobs
        try:
            blobs.delete_prefix(upload_files_prefix(upload.id))   # the shared copy the workers read
            if not isinstance(blobs, FolderBlobs):
                shutil.rmtree(_files_folder(self.services, upload.id), ignore_errors=True)
        except Exception:   # left for now; the upload itself succeeded
            log.exception("could not remove the files of upload %s", upload.id)

    def report(self, upload: Upload, principal=None) -> list[dict]:
        """Per-file rows for the downloadable report (from the journal when known), as far as
        `principal` may read them (corpus.journal.items)."""
        if upload.job_id is not None:
            from corpus.journal import items
            try:
                return [upload.readable_row(r) for r in items(self.services.store, int(upload.job_id), principal)]
            except NotFound:
                pass
        return [upload.readable_row(r) for r in upload.items]


def uploads_root(services) -> Path:
    """The folder uploads are saved in: the blob store's, when it is a folder (every machine sharing
    it reads them there), else ACCORD_HOME/uploads on this machine."""
    blobs = services.store.blobs
    if isinstance(blobs, FolderBlobs):
        return blobs.path(UPLOADS_PREFIX.rstrip("/"))
    return services.config.home / UPLOADS_PREFIX.rstrip("/")


def _files_folder(services, upload_id: str) -> Path:
    return uploads_root(services).parent / upload_files_prefix(upload_id).rstrip("/")


def as_uploaded(services, summary: dict[str, Any], rows: list[dict],
                others: Callable[[dict], dict] = lambda row: row) -> tuple[dict[str, Any], list[dict]]:
    """An ingest job's report (`accord report`) with each uploaded file under the name it was
    uploaded as and a readable reason, as the upload page shows it; a file that did not come
    through an upload is shown by `others` (as it is, by default: the operator gave those paths)."""
    root = uploads_root(services)
    manager, uploads = UploadManager(services), {}

    def upload_of(path: str | None) -> Upload | None:
        try:
            upload_id = Path(path or "").relative_to(root).parts[0]
        except (ValueError, IndexError):
            return None
        if upload_id not in uploads:
            try:
                uploads[upload_id] = manager.get(upload_id)
            except NotFound:
                uploads[upload_id] = None
        return uploads[upload_id]

    def row_as_uploaded(row: dict) -> dict:
        upload = upload_of(row.get("file"))
        return upload.readable_row(row) if upload else others(row)

    inputs = [(upload_of(p).shown_name(p) if upload_of(p) else p) for p in summary.get("inputs") or []]
    return {**summary, **({"inputs": inputs} if "inputs" in summary else {})}, [row_as_uploaded(r) for r in rows]

