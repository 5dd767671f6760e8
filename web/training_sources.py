"""The real documents the shipped default model learns from, read as a user's ingest reads them.

classifier/ may not import ingest/, so this wiring module does it: each labelled file of the
public data folder (see ../shared/data/README.md) goes through ingest's own stages (format
detection, text layer, OCR of pages without usable text) and reaches the classifier as page
texts (`classifier.training.Example`). Texts are cached by sha256 in a folder outside the
repository, and OCR'd pages can be taken from a store that already ingested the same bytes.

Which files, and with which type:
  records_related/, agreements_other/  every row of labels.csv, its `type`
  agreements_287g/                     every row, type 287g
  interagency_forms/                   every PDF (GSA 7600A/B interagency agreement forms), type iaa
  contracts_cuad/, nda_kleister/       a sample (lowest sha256 first: fixed, independent of names
                                       and order) as other_agreement — commercial contracts and NDAs
"""
from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from classifier.text import DocumentText
from classifier.training import Example
from corpus.config import Config, load_config
from corpus.errors import UsageError

LABELLED_FOLDERS = ("records_related", "agreements_other")
CONTRACT_SAMPLE = 60          # per commercial set: enough for the kind, without drowning the records
CACHE_VERSION = 1


@dataclass(frozen=True)
class Source:
    folder: str
    file: str        # relative to the folder
    label: str
    sha256: str

    @property
    def key(self) -> str:
        return f"real:{self.sha256}"

    def to_dict(self) -> dict:
        return {"folder": self.folder, "file": self.file, "label": self.label, "sha256": self.sha256}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rows(folder: Path) -> list[dict]:
    with (folder / "labels.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def collect_sources(data: Path, *, contract_sample: int = CONTRACT_SAMPLE) -> list[Source]:
    """The labelled files under `data`, in a fixed order (folder, then file)."""
    data = Path(data)
    if not (data / LABELLED_FOLDERS[0] / "labels.csv").is_file():
        raise UsageError(f"{data} does not hold the public data folders ({LABELLED_FOLDERS[0]}/labels.csv)",
                         hint="Pass --data ../shared/data.")
    sources: list[Source] = []
    for name in LABELLED_FOLDERS:
        for row in _rows(data / name):
            sources.append(Source(name, row["file"], row["type"].strip(), _sha256(data / name / row["file"])))
    for row in _rows(data / "agreements_287g"):
        sources.append(Source("agreements_287g", row["file"], "287g", _sha256(data / "agreements_287g" / row["file"])))
    for path in sorted((data / "interagency_forms").glob("*.pdf")):
        sources.append(Source("interagency_forms", path.name, "iaa", _sha256(path)))
    for name in ("contracts_cuad", "nda_kleister"):
        rows = [r for r in _rows(data / name) if r.get("text")]
        hashed = sorted((_sha256(data / name / r["text"]), r["text"]) for r in rows)
        sources += [Source(name, file, "other_agreement", sha) for sha, file in hashed[:contract_sample]]
    return sources


class TextReader:
    """Page texts of files as `accord ingest` extracts them (OCR included), cached by sha256."""

    def __init__(self, config: Config, cache_dir: Path | None, ocr_stores: list[Path] = ()):
        from ingest.pipeline import Limits
        self.limits = Limits.from_config(config)
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self.ocr_stores = list(ocr_stores)
        self._stores = None
        self.ocr_pages = 0

    def pages(self, path: Path, sha256: str) -> tuple[str, ...]:
        cached = self._cached(sha256)
        if cached is None:
            cached = self._from_stores(sha256) or self._extract(path)
            self._cache(sha256, cached)
        return cached

    def _cached(self, sha256: str) -> tuple[str, ...] | None:
        if not self.cache_dir:
            return None
        path = self.cache_dir / f"{sha256}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return tuple(data["pages"]) if data.get("version") == CACHE_VERSION else None

    def _cache(self, sha256: str, pages: tuple[str, ...]) -> None:
        if self.cache_dir:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            (self.cache_dir / f"{sha256}.json").write_text(json.dumps({"version": CACHE_VERSION, "pages": pages}))

    def _from_stores(self, sha256: str) -> tuple[str, ...] | None:
        """The pages of the same bytes in a store that ingested them (read only: no migration)."""
        from corpus.documents import document_pages, find_by_sha256
        from corpus.store import Store
        if self._stores is None:
            self._stores = [Store(load_config(home, read_instance_file=False), migrate=False)
                            for home in self.ocr_stores if (Path(home) / "accord.db").is_file()]
        for store in self._stores:
            document_id = find_by_sha256(store, sha256)
            if document_id is not None:
                pages = document_pages(store, document_id).pages
                if any(p.strip() for p in pages):
                    return pages
        return None

    def _extract(self, path: Path) -> tuple[str, ...]:
        from ingest.pipeline import apply_ocr, prepare_file, run_ocr
        prepared = prepare_file(str(path), str(path), self.limits)
        for task in prepared.ocr_tasks:
            apply_ocr(prepared.doc, task, run_ocr(task))
            self.ocr_pages += 1
        return tuple(page.text or "" for page in prepared.doc.pages)


def read_examples(data: Path, sources: list[Source], reader: TextReader,
                  progress: Callable[[int, int], None] | None = None) -> list[Example]:
    examples = []
    for number, source in enumerate(sources, 1):
        pages = reader.pages(Path(data) / source.folder / source.file, source.sha256)
        examples.append(Example(source.key, DocumentText(pages, name=f"{source.folder}/{source.file}"), source.label))
        if progress:
            progress(number, len(sources))
    return examples
