"""Model files: written atomically, signed with this installation's key, refused otherwise.

Every file is checked against its HMAC-SHA256 (keyed by ACCORD_SECRET_KEY, or by the key
generated once into ACCORD_HOME/secret_key — the same key the web app signs sessions with)
before anything in it is read.

Layout: a magic line, one JSON header line {hmac, sha256, sklearn, features, created, ...}, then
the payload. The HMAC covers the payload and the header fields other than itself.
- DATA_MAGIC (what model versions are written as): a bundle {"type": model, "scope": model or
  None} as data, `TypeModel.to_data` of each: JSON (its first `json_bytes` bytes) then the arrays
  (npz, no pickles). It loads as `classifier.inference.LinearModel`s: numpy only, so the processes
  that classify (the ingest writer and workers) never import scikit-learn; and a scikit-learn
  upgrade does not make it stale (the predictions are numpy's), only a new FEATURES_VERSION does.
- MAGIC: a pickle (model files written before DATA_MAGIC, and other objects). Unpickling runs
  code and needs the scikit-learn version that wrote it; a model bundle among them is turned
  into LinearModels as it loads, so every model predicts the one way.
"""
from __future__ import annotations

import hashlib
import hmac
import io
import json
import pickle
import zipfile
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from classifier.feature_text import FEATURES_VERSION
from classifier.inference import LinearModel
from corpus.blobs import BlobStore
from corpus.config import Config
from corpus.errors import ModelError, UntrustedModel
from corpus.files import write_atomically
from corpus.keys import installation_secret

MAGIC = b"ACCORD-MODEL 1\n"
DATA_MAGIC = b"ACCORD-MODEL 2\n"
DATA_FORMAT = "accord-model-bundle/1"
KEY_PURPOSE = b"accord classifier model files v1"


def installation_key(config: Config) -> bytes:
    """The HMAC key for model files, derived from the installation's secret (never the secret
    itself, so a leaked model signature says nothing about session keys)."""
    secret = installation_secret(config)
    return hmac.new(secret.encode(), KEY_PURPOSE, hashlib.sha256).digest()


def _signature(key: bytes, header: dict, payload: bytes) -> str:
    signed = json.dumps({k: v for k, v in header.items() if k != "hmac"}, sort_keys=True).encode()
    return hmac.new(key, signed + b"\n" + payload, hashlib.sha256).hexdigest()


def is_model_bundle(obj: Any) -> bool:
    """A bundle of models ({"type": ..., "scope": ...}) that can be written as data."""
    return isinstance(obj, dict) and "type" in obj and all(
        model is None or hasattr(model, "to_data") for model in obj.values())


def _bundle_payload(bundle: dict) -> tuple[bytes, int]:
    """(payload, length of its JSON part) of a model bundle written as data."""
    metas, arrays = {}, {}
    for name, model in bundle.items():
        if model is None:
            metas[name] = None
            continue
        meta, named = model.to_data()
        metas[name] = meta
        arrays.update({f"{name}/{key}": np.asarray(value) for key, value in named.items()})
    text = json.dumps({"format": DATA_FORMAT, "models": metas}, sort_keys=True, separators=(",", ":")).encode()
    buffer = io.BytesIO()
    # an npz (np.load reads it) compressed at level 1: a tenth larger than savez_compressed's
    # level 6, in under half the time (the first model of a store is written as an ingest starts)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, value in arrays.items():
            with archive.open(f"{name}.npy", "w", force_zip64=True) as member:
                np.lib.format.write_array(member, value, allow_pickle=False)
    return text + buffer.getvalue(), len(text)


def _bundle_of(payload: bytes, json_bytes: int) -> dict:
    """The LinearModels of a bundle written by _bundle_payload."""
    metas = json.loads(payload[:json_bytes])["models"]
    with np.load(io.BytesIO(payload[json_bytes:]), allow_pickle=False) as npz:
        arrays = {key: npz[key] for key in npz.files}
    bundle = {}
    for name, meta in metas.items():
        prefix = f"{name}/"
        bundle[name] = None if meta is None else LinearModel(
            meta, {key[len(prefix):]: value for key, value in arrays.items() if key.startswith(prefix)})
    return bundle


def _sklearn_version() -> str:
    """The installed scikit-learn's version, read without importing it (seconds of imports)."""
    try:
        return metadata.version("scikit-learn")
    except metadata.PackageNotFoundError:
        return "none"


def model_file(obj: Any, key: bytes, **info: Any) -> tuple[bytes, dict]:
    """A signed model file's bytes and header (written to a path by save_model, or to the blob
    store): a model bundle as data, anything else pickled."""
    created = datetime.now(timezone.utc).isoformat(timespec="seconds")
    if is_model_bundle(obj):
        magic = DATA_MAGIC
        payload, json_bytes = _bundle_payload(obj)
        # "sklearn": the version the models were trained with (for the record; data never goes stale with it)
        header = {"sha256": hashlib.sha256(payload).hexdigest(), "sklearn": _sklearn_version(),
                  "features": FEATURES_VERSION, "format": DATA_FORMAT, "json_bytes": json_bytes,
                  "created": created, **info}
    else:
        import sklearn
        magic = MAGIC
        payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        header = {"sha256": hashlib.sha256(payload).hexdigest(), "sklearn": sklearn.__version__,
                  "features": FEATURES_VERSION, "created": created, **info}
    header["hmac"] = _signature(key, header, payload)
    return magic + json.dumps(header, sort_keys=True).encode() + b"\n" + payload, header


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
    if not data.startswith((MAGIC, DATA_MAGIC)):   # both magic lines are as long
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
    A pickle from another scikit-learn version, or a file fitted on another FEATURES_VERSION, raises
    ModelError(code="stale_model") so the caller can retrain instead of unpickling incompatible
    internals or predicting from columns that no longer mean what they meant. `where` names the
    file in messages (a path or a blob store URL)."""
    header, payload = _split(data, where)
    return _checked_load(header, payload, key, where)


def _stored_bytes(blobs: BlobStore, blob_key: str) -> bytes:
    try:
        return blobs.get(blob_key)
    except FileNotFoundError:
        raise ModelError(f"model file {blobs.where(blob_key)} is missing",
                         hint="Restore it from backup, or `accord classifier rollback` to another version.") from None


def load_stored_model(blobs: BlobStore, blob_key: str, key: bytes) -> tuple[Any, dict]:
    """load_model_bytes of a model file in the blob store."""
    return load_model_bytes(_stored_bytes(blobs, blob_key), key, blobs.where(blob_key))


def check_stored_model(blobs: BlobStore, blob_key: str, key: bytes) -> dict:
    """The header of a model file in the blob store, after the checks load_model_bytes makes
    before reading the models (signature, staleness), without reading them: whether a version
    is usable, for a process that does not classify itself (the ingest writer)."""
    data = _stored_bytes(blobs, blob_key)
    where = blobs.where(blob_key)
    header, payload = _split(data, where)
    _check(header, payload, key, where)
    return header


def check_model(path: str | Path, key: bytes) -> dict:
    """check_stored_model of a model file at a path."""
    header, payload = read_header(path)
    _check(header, payload, key, str(path))
    return header


def _check(header: dict, payload: bytes, key: bytes, path: str) -> None:
    expected = _signature(key, header, payload)
    if not hmac.compare_digest(expected, str(header.get("hmac", ""))):
        raise UntrustedModel(f"{path} was not written by this installation (signature mismatch)")
    if header.get("features", 1) != FEATURES_VERSION:   # files from before the field was written are version 1
        raise ModelError(f"{path} was trained on features version {header.get('features', 1)}, "
                         f"this is {FEATURES_VERSION}", code="stale_model",
                         hint="Retrain it (`accord classifier retrain`); the service does so by itself.")
    if "format" in header:
        if header["format"] != DATA_FORMAT:
            raise ModelError(f"{path} is in format {header['format']!r}, this version reads {DATA_FORMAT!r}",
                             code="stale_model", hint="Retrain it (`accord classifier retrain`); the service does "
                                                      "so by itself.")
        return
    if header.get("sklearn") != _sklearn_version():   # a pickle needs the scikit-learn that wrote it
        raise ModelError(f"{path} was trained with scikit-learn {header.get('sklearn')}, "
                         f"this is {_sklearn_version()}", code="stale_model",
                         hint="Retrain it (`accord classifier retrain`); the service does so by itself.")


def _checked_load(header: dict, payload: bytes, key: bytes, path: str) -> tuple[Any, dict]:
    _check(header, payload, key, path)
    if "format" in header:
        try:
            return _bundle_of(payload, int(header["json_bytes"])), header
        except Exception as exc:  # noqa: BLE001 - any decoding failure means an unusable file
            raise ModelError(f"cannot load {path}: {exc}") from exc
    try:
        obj = pickle.loads(payload)
    except Exception as exc:  # noqa: BLE001 - any unpickling failure means an unusable file
        raise ModelError(f"cannot load {path}: {exc}") from exc
    if is_model_bundle(obj):
        obj = {name: None if model is None else LinearModel(*model.to_data()) for name, model in obj.items()}
    return obj, header
