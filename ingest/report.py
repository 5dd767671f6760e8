"""The final report of an ingest job, as JSON and as CSV (one row per file)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable

from corpus.exports import csv_text
from corpus.failure_reasons import readable_reason

COLUMNS = ("file", "status", "document_id", "duplicate_of", "pages", "ocr_pages", "seconds", "error_code",
           "error", "sha256", "quarantine_path", "worker")


def report_paths(path: str | Path) -> tuple[Path, Path]:
    """`--report out` writes out.json and out.csv; `out.json` or `out.csv` name the pair the same way."""
    path = Path(path)
    base = path.with_suffix("") if path.suffix.lower() in (".json", ".csv") else path
    return base.with_name(base.name + ".json"), base.with_name(base.name + ".csv")


def readable(row: dict[str, Any], name: str | None = None) -> dict[str, Any]:
    """A report row as people read it, made so once: its reason in words (no byte reprs, the file's
    path replaced by `name` — by default its file name — other paths shortened) and, when `name` is
    given, the file under that name. The one step of the CLI's reports, the upload page and the job
    reports of the web and the API."""
    error = row.get("error")
    shown = {**row, "error": readable_reason(error, row.get("file"), name) if error else error}
    return shown if name is None else {**shown, "file": name}


def csv_of(rows: Iterable[dict[str, Any]]) -> str:
    """Rows already made readable, as CSV."""
    # corpus.exports neutralises cells a spreadsheet would run as a formula (a file named "=cmd|...").
    return csv_text(COLUMNS, ([row.get(k) for k in COLUMNS] for row in rows), lineterminator="\n")


def json_of(summary: dict[str, Any], rows: Iterable[dict[str, Any]]) -> str:
    """A job's summary and its rows already made readable, as JSON."""
    return json.dumps({"job": summary, "items": list(rows)}, indent=2, default=str)


def as_csv(items: list[dict[str, Any]]) -> str:
    return csv_of(map(readable, items))


def as_json(summary: dict[str, Any], items: list[dict[str, Any]]) -> str:
    return json_of(summary, map(readable, items))


def write_report(path: str | Path, summary: dict[str, Any], items: list[dict[str, Any]]) -> tuple[Path, Path]:
    json_path, csv_path = report_paths(path)
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(as_json(summary, items), encoding="utf-8")
    csv_path.write_text(as_csv(items), encoding="utf-8")
    return json_path, csv_path
