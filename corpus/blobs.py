"""Blob store: originals, page images and other shared files, by key, behind one interface.

Two implementations, chosen by ACCORD_BLOB_URL (`open_blobs`):
  - empty or file:///PATH  a folder (the default: ACCORD_HOME itself, so a key names the same
                           file as before, e.g. originals/ab/cd/<sha256>); on several machines,
                           a shared folder (NFS) mounted at the same path everywhere;
  - s3://BUCKET[/PREFIX][?endpoint=URL&region=NAME]
                           an S3-compatible object store (boto3; credentials from its usual
                           chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, ~/.aws, an instance role).
The keys are built here and only here (original_key, page_image_key, ...), so every reader and
writer of a kind of file agrees on where it is. Keys are relative, '/'-separated, never '..'.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from abc import ABC, abstractmethod
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator
from urllib.parse import parse_qs, urlparse

from corpus.config import Config
from corpus.errors import ConfigError, StoreError
from corpus.files import write_atomically

COPY_CHUNK = 1024 * 1024


# --- the keys: one definition of where each kind of file lives ----------------------------

def original_key(sha256: str) -> str:
    """An original, content-addressed and write-once."""
    return f"originals/{sha256[:2]}/{sha256[2:4]}/{sha256}"


ORIGINALS_PREFIX = "originals/"


def page_images_prefix(sha256: str) -> str:
    """Every cached page image of one original (deleted with it)."""
    return f"cache/pages/{sha256}/"


def page_image_key(sha256: str, page: int, size: str) -> str:
    return f"{page_images_prefix(sha256)}{page}-{size}.png"


def upload_state_key(upload_id: str) -> str:
    """An upload's progress, read by whichever web process answers the polling page."""
    return f"uploads/{upload_id}/state.json"


UPLOADS_PREFIX = "uploads/"    # uploads/<uuid>/files/<file>: a web upload's files, read by the queue's workers


def upload_files_prefix(upload_id: str) -> str:
    """An upload's files, in a folder of their own: an uploaded name (`state.json`) never meets the
    upload's own files. Removed once the upload's job is done (its report is in the journal)."""
    return f"{UPLOADS_PREFIX}{upload_id}/files/"


def ingest_staging_prefix(job_id: int) -> str:
    """Files of an ingest job that only the submitting machine had (a zip's members it extracted),
    handed to workers on other machines through the blob store; removed when the job is done."""
    return f"cache/ingest/job-{job_id}/"


def certificate_key(batch_id: int, document_id: int) -> str:
    """A disposition certificate (ACCORD_HOME/dispositions/... in the folder default, as before)."""
    return f"{disposition_batch_prefix(batch_id)}certificate-{document_id}.json"


def disposition_batch_prefix(batch_id: int) -> str:
    return f"dispositions/batch-{batch_id}/"


def transfer_bag_prefix(batch_id: int) -> str:
    """A transfer's BagIt package, one blob per file of the bag (bagit.txt, manifests, data/...)."""
    return f"{disposition_batch_prefix(batch_id)}transfer-bag/"


DISPOSITIONS_PREFIX = "dispositions/"


def model_key(relative: str) -> str:
    """A signed classifier model file (relative: its path as the model version records it)."""
    return f"models/{relative}"


def bulk_job_key(job_id: str) -> str:
    """A bulk edit's progress, read by whichever web process answers the polling page."""
    return f"bulk/{job_id}.json"


def quarantine_key(folder: str, name: str) -> str:
    """A failed file's copy (and `<key>.reason.txt`) when the blob store is not ACCORD_HOME's folder:
    workers on any machine put them where the operator finds them (ingest/quarantine.py)."""
    return f"quarantine/{folder}/{name}"


@dataclass(frozen=True)
class BlobInfo:
    key: str
    size: int
    mtime: float     # seconds since the epoch


def _check_key(key: str) -> str:
    parts = key.split("/")
    if not key or key.startswith("/") or any(p in ("", ".", "..") for p in parts[:-1]) or parts[-1] in (".", ".."):
        raise ValueError(f"not a blob key: {key!r}")
    return key


class BlobStore(ABC):
    """What Accord does with shared files. Missing keys: get/open raise FileNotFoundError,
    delete is a no-op, exists is False."""

    @abstractmethod
    def put_file(self, key: str, path: str | os.PathLike, *, mode: int = 0o444) -> None:
        """Store a local file's bytes under key, whole or not at all."""

    @abstractmethod
    def put_bytes(self, key: str, data: bytes, *, mode: int = 0o444) -> None: ...

    @abstractmethod
    def open(self, key: str) -> BinaryIO:
        """A readable binary stream (close it)."""

    def get(self, key: str) -> bytes:
        with self.open(key) as stream:
            return stream.read()

    @abstractmethod
    def exists(self, key: str) -> bool: ...

    @abstractmethod
    def info(self, key: str) -> BlobInfo | None: ...

    @abstractmethod
    def delete(self, key: str, *, scrub: bool = False) -> None:
        """Remove key. `scrub`: overwrite the bytes first where the medium allows it (a destroyed
        record's original on a local disk); an object store deletes the object."""

    @abstractmethod
    def delete_prefix(self, prefix: str) -> None: ...

    @abstractmethod
    def rename(self, key: str, new_key: str) -> None:
        """Give a blob another key (a pending certificate its final name). Readers of new_key see
        the whole blob or none; the old key is gone afterwards."""

    @abstractmethod
    def list(self, prefix: str) -> Iterator[BlobInfo]:
        """Every blob whose key starts with prefix (temporary files of writes in progress excluded)."""

    @abstractmethod
    @contextmanager
    def local_path(self, key: str) -> Iterator[Path]:
        """A local file holding the blob while the block runs (PDFium and Pillow read paths).
        An object store's copy is a temporary file removed afterwards, so nothing of a purged
        record stays behind on a web or worker machine."""

    @abstractmethod
    def where(self, key: str) -> str:
        """Where the blob is, for messages (a path or a URL)."""


class FolderBlobs(BlobStore):
    """Keys are paths under one folder (ACCORD_HOME by default: today's layout)."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def path(self, key: str) -> Path:
        return self.root / _check_key(key)

    def put_file(self, key, path, *, mode=0o444):
        def copy(out) -> None:
            with open(path, "rb") as source:
                shutil.copyfileobj(source, out, COPY_CHUNK)
        write_atomically(self.path(key), copy, mode=mode)

    def put_bytes(self, key, data, *, mode=0o444):
        write_atomically(self.path(key), lambda out: out.write(data), mode=mode)

    def open(self, key):
        return open(self.path(key), "rb")

    def exists(self, key):
        return self.path(key).is_file()

    def info(self, key):
        try:
            stat = self.path(key).stat()
        except OSError:
            return None
        return BlobInfo(key, stat.st_size, stat.st_mtime)

    def delete(self, key, *, scrub=False):
        path = self.path(key)
        if scrub and path.is_file():
            path.chmod(0o600)
            _overwrite(path)
        path.unlink(missing_ok=True)

    def delete_prefix(self, prefix):
        shutil.rmtree(self.path(prefix.rstrip("/")), ignore_errors=True)

    def rename(self, key, new_key):
        target = self.path(new_key)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.path(key), target)

    def list(self, prefix):
        base = self.path(prefix.rstrip("/")) if prefix.strip("/") else self.root
        for folder, _dirs, files in os.walk(base):
            for name in files:
                if name.startswith("."):   # write_atomically's temporary files
                    continue
                path = Path(folder) / name
                try:
                    stat = path.stat()
                except OSError:
                    continue
                yield BlobInfo(path.relative_to(self.root).as_posix(), stat.st_size, stat.st_mtime)

    @contextmanager
    def local_path(self, key):
        path = self.path(key)
        if not path.is_file():
            raise FileNotFoundError(str(path))
        yield path

    def where(self, key):
        return str(self.path(key))


def _overwrite(path: Path) -> None:
    """Zero the bytes before unlinking (on filesystems that write in place this keeps them
    from being read back from the disk; copy-on-write filesystems and SSDs may still hold them)."""
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        while size > 0:
            n = min(size, COPY_CHUNK)
            handle.write(b"\0" * n)
            size -= n
        handle.flush()
        os.fsync(handle.fileno())


class S3Blobs(BlobStore):
    """An S3-compatible bucket (AWS S3, MinIO, Ceph RGW, ...). Objects are written in one PUT
    (or a multipart upload completed at the end), so readers see all of an object or none."""

    def __init__(self, bucket: str, prefix: str = "", *, endpoint_url: str | None = None,
                 region: str | None = None, client=None):
        if client is None:
            try:
                import boto3
            except ImportError:
                raise ConfigError("ACCORD_BLOB_URL names an S3 bucket but boto3 is not installed",
                                  hint="pip install boto3 (or install accord with its [s3] extra).") from None
            client = boto3.client("s3", endpoint_url=endpoint_url, region_name=region)
        self.client, self.bucket = client, bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.endpoint_url = endpoint_url

    def _name(self, key: str) -> str:
        return self.prefix + _check_key(key)

    def _missing(self, exc) -> bool:
        code = str(getattr(exc, "response", {}).get("Error", {}).get("Code", ""))
        return code in ("404", "NoSuchKey", "NotFound")

    def _call(self, what: str, fn, *args, **kwargs):
        from botocore.exceptions import BotoCoreError, ClientError
        try:
            return fn(*args, **kwargs)
        except ClientError as exc:
            if self._missing(exc):
                raise FileNotFoundError(what) from None
            raise StoreError(f"blob store s3://{self.bucket}: {what} failed: {exc}",
                             hint="Check ACCORD_BLOB_URL, the bucket and the S3 credentials.") from exc
        except BotoCoreError as exc:
            raise StoreError(f"blob store s3://{self.bucket}: {what} failed: {exc}",
                             hint="Check ACCORD_BLOB_URL (endpoint) and that the object store is reachable.") from exc

    def put_file(self, key, path, *, mode=0o444):
        self._call(f"writing {key}", self.client.upload_file, str(path), self.bucket, self._name(key))

    def put_bytes(self, key, data, *, mode=0o444):
        self._call(f"writing {key}", self.client.put_object, Bucket=self.bucket, Key=self._name(key), Body=data)

    def open(self, key):
        answer = self._call(f"reading {key}", self.client.get_object, Bucket=self.bucket, Key=self._name(key))
        return answer["Body"]

    def exists(self, key):
        return self.info(key) is not None

    def info(self, key):
        try:
            head = self._call(f"looking up {key}", self.client.head_object, Bucket=self.bucket, Key=self._name(key))
        except FileNotFoundError:
            return None
        return BlobInfo(key, head["ContentLength"], head["LastModified"].timestamp())

    def delete(self, key, *, scrub=False):
        self._call(f"deleting {key}", self.client.delete_object, Bucket=self.bucket, Key=self._name(key))

    def delete_prefix(self, prefix):
        batch = [{"Key": self._name(info.key)} for info in self.list(prefix)]
        for start in range(0, len(batch), 1000):   # the most one DeleteObjects request takes
            self._call(f"deleting {prefix}*", self.client.delete_objects, Bucket=self.bucket,
                       Delete={"Objects": batch[start:start + 1000], "Quiet": True})

    def rename(self, key, new_key):
        # S3 has no rename: a server-side copy (atomic for readers of new_key), then the delete
        self._call(f"copying {key}", self.client.copy_object, Bucket=self.bucket, Key=self._name(new_key),
                   CopySource={"Bucket": self.bucket, "Key": self._name(key)})
        self.delete(key)

    def list(self, prefix):
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix + prefix)
        for page in self._call(f"listing {prefix}", list, pages):
            for item in page.get("Contents", []):
                yield BlobInfo(item["Key"][len(self.prefix):], item["Size"], item["LastModified"].timestamp())

    @contextmanager
    def local_path(self, key):
        suffix = Path(key).suffix
        with tempfile.TemporaryDirectory(prefix="accord-blob-") as folder:
            target = Path(folder) / f"blob{suffix}"
            self._call(f"reading {key}", self.client.download_file, self.bucket, self._name(key), str(target))
            yield target

    def where(self, key):
        return f"s3://{self.bucket}/{self._name(key)}"


def open_blobs(config: Config) -> BlobStore:
    """The blob store ACCORD_BLOB_URL names (empty: the ACCORD_HOME folder)."""
    url = config["ACCORD_BLOB_URL"].strip()
    if not url:
        return FolderBlobs(config.home)
    parsed = urlparse(url)
    if parsed.scheme == "file":
        return FolderBlobs(Path(parsed.path).expanduser())
    if parsed.scheme == "s3" and parsed.netloc:
        options = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        unknown = set(options) - {"endpoint", "region"}
        if unknown:
            raise ConfigError(f"ACCORD_BLOB_URL: unknown option(s) {', '.join(sorted(unknown))}",
                              hint="s3://BUCKET[/PREFIX][?endpoint=URL&region=NAME]")
        return S3Blobs(parsed.netloc, parsed.path, endpoint_url=options.get("endpoint"),
                       region=options.get("region"))
    raise ConfigError(f"ACCORD_BLOB_URL={url!r} is not a blob store URL",
                      hint="Leave it empty (the ACCORD_HOME folder), or use file:///PATH or "
                           "s3://BUCKET[/PREFIX][?endpoint=URL&region=NAME].")
