"""Model files: written atomically, signed with this installation's key, refused otherwise.

A model file is a pickle, and unpickling runs code, so a file is only unpickled after its
HMAC-SHA256 (keyed by ACCORD_SECRET_KEY, or by the key generated once into
ACCORD_HOME/secret_key — the same key the web app signs sessions with) has been checked.

Layout: MAGIC, then one JSON header line {hmac, sha256, sklearn, features, created}, then the pickle.
The HMAC covers the pickle bytes and the header fields other than itself.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import pickle
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sklearn

from classifier.features import FEATURES_VERSION
from corpus.blobs import BlobStore
from corpus.config import Config
from corpus.errors import ModelError, UntrustedModel
from corpus.files import write_atomically
from corpus.keys import installation_secret

MAGIC = b"ACCORD-MODEL 1\n"
KEY_PURPOSE = b"accord classifier model files v1"


def installation_key(config: Config) -> bytes:
    """The HMAC key for model files, derived from the installation's secret (never the secret
    itself, so a leaked model signature says nothing about session keys)."""
    secret = installation_secret(config)
    return hmac.new(secret.encode(), KEY_PURPOSE, hashlib.sha256).digest()


def _signature(key: bytes, header: dict, payload: bytes) -> str:
    signed = json.dumps({k: v for k, v in header.items() if k != "hmac"}, sort_keys=True).encode()
    return hmac.new(key, signed + b"\n" + payload, hashlib.sha256).hexdigest()


def model_file(obj: Any, key: bytes, **info: Any) -> tuple[bytes, dict]:
    """A signed model file's bytes and header (written to a path by save_model, or to the blob store)."""
    payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    header = {"sha256": hashlib.sha256(payload).hexdigest(), "sklearn": sklearn.__version__, "features": FEATURES_VERSION,
              "created": datetime.now(timezone.utc).isoformat(timespec="seconds"), **info}
    header["hmac"] = _signature(key, header, payload)
    return MAGIC + json.dumps(header, sort_keys=True).encode() + b"\n" + payload, header


def save_model(obj: Any, path: str | Path, key: bytes, **info: Any) -> dict:
    """Pickle `obj` to `path` atomically (temporary file + rename); returns the header."""
    data, header = model_file(obj, key, **info)
    write_atomically(Path(path), lambda out: out.write(data), mode=0o600)
    return header


def read_header(path: str | Path) -> tuple[dict, bytes]:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ModelError(f"cannot read model file {path}: {exc.strerror or exc}") from exc
    return _split(data, str(path))


def _split(data: bytes, where: str) -> tuple[dict, bytes]:
    if not data.startswith(MAGIC):
        raise UntrustedModel(f"{where} is not an Accord model file")
    end = data.find(b"\n", len(MAGIC))
    try:
        header = json.loads(data[len(MAGIC):end])
    except ValueError as exc:
        raise UntrustedModel(f"{where} has a damaged header") from exc
    return header, data[end + 1:]


def load_model(path: str | Path, key: bytes) -> tuple[Any, dict]:
    """load_model_bytes of a file's bytes."""
    header, payload = read_header(path)
    return _checked_load(header, payload, key, str(path))


def load_model_bytes(data: bytes, key: bytes, where: str) -> tuple[Any, dict]:
    """(object, header) — only if the file was signed with `key`; UntrustedModel otherwise.
    A file from another scikit-learn version, or fitted on another FEATURES_VERSION, raises
    ModelError(code="stale_model") so the caller can retrain instead of unpickling incompatible
    internals or predicting from columns that no longer mean what they meant. `where` names the
    file in messages (a path or a blob store URL)."""
    header, payload = _split(data, where)
    return _checked_load(header, payload, key, where)


def load_stored_model(blobs: BlobStore, blob_key: str, key: bytes) -> tuple[Any, dict]:
    """load_model_bytes of a model file in the blob store."""
    try:
        data = blobs.get(blob_key)
    except FileNotFoundError:
        raise ModelError(f"model file {blobs.where(blob_key)} is missing",
                         hint="Restore it from backup, or `accord classifier rollback` to another version.") from None
    return load_model_bytes(data, key, blobs.where(blob_key))


def _checked_load(header: dict, payload: bytes, key: bytes, path: str) -> tuple[Any, dict]:
    expected = _signature(key, header, payload)
    if not hmac.compare_digest(expected, str(header.get("hmac", ""))):
        raise UntrustedModel(f"{path} was not written by this installation (signature mismatch)")
    if header.get("sklearn") != sklearn.__version__:
        raise ModelError(f"{path} was trained with scikit-learn {header.get('sklearn')}, "
                         f"this is {sklearn.__version__}", code="stale_model",
                         hint="Retrain it (`accord classifier retrain`); the service does so by itself.")
    if header.get("features", 1) != FEATURES_VERSION:   # files from before the field was written are version 1
        raise ModelError(f"{path} was trained on features version {header.get('features', 1)}, "
                         f"this is {FEATURES_VERSION}", code="stale_model",
                         hint="Retrain it (`accord classifier retrain`); the service does so by itself.")
    try:
        return pickle.loads(payload), header
    except Exception as exc:  # noqa: BLE001 - any unpickling failure means an unusable file
        raise ModelError(f"cannot load {path}: {exc}") from exc
