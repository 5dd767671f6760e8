"""The default model that ships with Accord, stored as data.

A fresh installation (no ../shared, no reviewer labels yet) classifies with a model trained on
real public documents as well as the demo corpus. It is committed as plain data, never a pickle,
so any scikit-learn version loads it and loading runs no code:

    classifier/default_model/model.json     parameters, classes, vocabularies, learned numbers
    classifier/default_model/arrays.npz     idf weights, coefficients, intercepts, class centroids
    classifier/default_model/manifest.json  training sources (file, label, sha256 of each input),
                                            code version (git commit), parameters, held-out metrics,
                                            and the sha256 of the two files above

`accord classifier build-default --data ../shared/data` rebuilds it (web/commands/classifier.py).
"""
from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from classifier.inference import LinearModel
from corpus.errors import ModelError
from corpus.files import write_atomically

if TYPE_CHECKING:
    from classifier.model import TypeModel

DEFAULT_DIR = Path(__file__).with_name("default_model")
MODEL_FILE, ARRAYS_FILE, MANIFEST_FILE = "model.json", "arrays.npz", "manifest.json"
FORMAT = "accord-type-model/1"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def save_shipped(model: "TypeModel", manifest: dict, directory: str | Path = DEFAULT_DIR) -> dict:
    """Write the model's data and its manifest into `directory`; returns the manifest written."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    meta, arrays = model.to_data()
    model_bytes = json.dumps({"format": FORMAT, **meta}, sort_keys=True, separators=(",", ":")).encode()
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **{k: np.asarray(v) for k, v in arrays.items()})
    arrays_bytes = buffer.getvalue()
    manifest = {**manifest, "format": FORMAT,
                "files": {MODEL_FILE: _sha256(model_bytes), ARRAYS_FILE: _sha256(arrays_bytes)}}
    write_atomically(directory / MODEL_FILE, lambda out: out.write(model_bytes), mode=0o644)
    write_atomically(directory / ARRAYS_FILE, lambda out: out.write(arrays_bytes), mode=0o644)
    text = json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    write_atomically(directory / MANIFEST_FILE, lambda out: out.write(text.encode()), mode=0o644)
    return manifest


def read_manifest(directory: str | Path = DEFAULT_DIR) -> dict:
    path = Path(directory) / MANIFEST_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"no shipped default model at {path.parent}: {exc}",
                         hint="Rebuild it: `accord classifier build-default --data ../shared/data`.") from exc


def load_shipped(directory: str | Path = DEFAULT_DIR) -> tuple[LinearModel, dict]:
    """(model, manifest): the model's predictions from its data (numpy only; `TypeModel.from_data`
    of `model.to_data()` is the scikit-learn estimator). ModelError when the files are missing,
    damaged or do not match the manifest."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    try:
        model_bytes = (directory / MODEL_FILE).read_bytes()
        arrays_bytes = (directory / ARRAYS_FILE).read_bytes()
    except OSError as exc:
        raise ModelError(f"cannot read the shipped model in {directory}: {exc.strerror or exc}") from exc
    for name, data in ((MODEL_FILE, model_bytes), (ARRAYS_FILE, arrays_bytes)):
        if manifest.get("files", {}).get(name) != _sha256(data):
            raise ModelError(f"{directory / name} does not match its manifest (sha256)",
                             hint="Restore it from git or rebuild it with `accord classifier build-default`.")
    meta = json.loads(model_bytes)
    if meta.get("format") != FORMAT:
        raise ModelError(f"{directory / MODEL_FILE} is in format {meta.get('format')!r}, expected {FORMAT!r}")
    with np.load(io.BytesIO(arrays_bytes), allow_pickle=False) as arrays:
        model = LinearModel(meta, {k: arrays[k] for k in arrays.files})
    return model, manifest


def format_manifest(manifest: dict) -> str:
    """Plain-text summary for `accord classifier report` and the build command."""
    from collections import Counter
    sources = manifest.get("sources", [])
    by_folder = Counter(s["folder"] for s in sources)
    by_label = Counter(s["label"] for s in sources)
    lines = [f"shipped default model ({manifest.get('format')}), code version {manifest.get('code_version')}",
             f"trained on: {manifest.get('trained_on')}",
             "real sources: " + ", ".join(f"{folder} {n}" for folder, n in sorted(by_folder.items())),
             "real labels: " + ", ".join(f"{label} {n}" for label, n in sorted(by_label.items())),
             f"build settings: {manifest.get('build')}",
             f"files: {manifest.get('files')}"]
    for name, metrics in (manifest.get("metrics") or {}).items():
        if not metrics or not metrics.get("count"):
            continue
        lines.append(f"{name}: n={metrics['count']} accuracy {metrics['accuracy']:.3f} macro-F1 "
                     f"{metrics['macro_f1']:.3f} ECE {metrics['ece']:.3f} confident-wrong (p>=0.95) "
                     f"{metrics.get('confident_wrong_rate', float('nan')):.1%} unsure {metrics['unsure_fraction']:.1%} "
                     f"(error unsure {metrics['unsure_error_rate']} vs confident {metrics['confident_error_rate']})")
    return "\n".join(lines)
