"""The final report of an ingest job, as JSON and as CSV (one row per file)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from corpus.exports import csv_text
from corpus.failure_reasons import readable_reason

COLUMNS = ("file", "status", "document_id", "duplicate_of", "pages", "ocr_pages", "seconds", "error_code",
           "error", "sha256", "quarantine_path", "worker")


def report_paths(path: str | Path) -> tuple[Path, Path]:
    """`--report out` writes out.json and out.csv; `out.json` or `out.csv` name the pair the same way."""
    path = Path(path)
    base = path.with_suffix("") if path.suffix.lower() in (".json", ".csv") else path
    return base.with_name(base.name + ".json"), base.with_name(base.name + ".csv")


def readable(row: dict[str, Any]) -> dict[str, Any]:
    """The row with its reason in words: no byte reprs, paths shortened to their file name."""
    return {**row, "error": readable_reason(row["error"], row.get("file")) if row.get("error") else row.get("error")}


def as_csv(items: list[dict[str, Any]]) -> str:
    # corpus.exports neutralises cells a spreadsheet would run as a formula (a file named "=cmd|...").
    return csv_text(COLUMNS, ([readable(row).get(k) for k in COLUMNS] for row in items), lineterminator="\n")


def as_json(summary: dict[str, Any], items: list[dict[str, Any]]) -> str:
    return json.dumps({"job": summary, "items": [readable(row) for row in items]}, indent=2, default=str)


def write_report(path: str | Path, summary: dict[str, Any], items: list[dict[str, Any]]) -> tuple[Path, Path]:
    json_path, csv_path = report_paths(path)
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(as_json(summary, items), encoding="utf-8")
    csv_path.write_text(as_csv(items), encoding="utf-8")
    return json_path, csv_path
