"""An ingest job's report as the web and the API give it: one definition for the report page, its
CSV and JSON downloads and `GET /api/ingest/JOB` (the API gave the raw journal rows, server paths
included, while the pages gave uploaded names)."""
from __future__ import annotations

from pathlib import PurePath
from typing import Any

from corpus import statistics
from corpus.access import Principal
from corpus.journal import items, job_summary
from ingest.report import readable
from web.uploads import as_uploaded

# The columns of a report read from the web or the API: the file under its uploaded name, never
# the server's quarantine path (the CLI's `accord report` gives the operator those); the worker
# that processed it (host:pid or in-process).
REPORT_COLUMNS = ["file", "status", "document_id", "duplicate_of", "pages", "ocr_pages", "seconds", "error_code",
                  "error", "worker"]


def job_report(services, who: Principal, job_id: int) -> tuple[dict[str, Any], list[dict]]:
    """An ingest job's summary and per-file rows as `who` may read them (corpus.journal: a job of
    someone else is a 404, a file whose document is hidden is left out), each file under its
    uploaded name, each reason in words, no server path."""
    summary = job_summary(services.store, job_id, who)
    inputs = given_inputs(summary.get("inputs"))
    summary, rows = as_uploaded(services, summary, items(services.store, job_id, who),
                                others=lambda row: readable_as_given(row, inputs))
    summary = {**summary, "inputs": [i.name for i in map(PurePath, summary.get("inputs") or [])]}
    return summary, [{c: shown.get(c) for c in REPORT_COLUMNS} for shown in rows]


def recent_failures(services, who: Principal) -> list[dict]:
    """The dashboard's recent ingest failures named as their jobs' reports name them (an uploaded
    file under its uploaded name, a zip's member in full; a command-line job's file as given),
    each row made readable once."""
    _, rows = as_uploaded(services, {}, statistics.recent_failures(services.store, who),
                          others=lambda row: readable_as_given(row, given_inputs(row.get("inputs"))))
    return rows


def given_inputs(inputs: list[str] | None) -> list[PurePath]:
    """The folders and files a command-line job was given (an upload's are not: its rows are named
    as uploaded, and no other row lies in an upload's folder)."""
    return [PurePath(i) for i in inputs or [] if PurePath(i).is_absolute()]


def readable_as_given(row: dict, inputs: list[PurePath]) -> dict:
    """A command-line job's row made readable (ingest.report.readable), its file named as given."""
    return readable({**row, "file": as_given(row.get("file"), inputs)})


def as_given(path: str | None, inputs: list[PurePath]) -> str | None:
    """A file of a command-line job under the name of the folder or file it was given as
    ("pdf/ALASKA.pdf" for /srv/in/pdf/ALASKA.pdf given as /srv/in/pdf): not the server's path.
    Uploaded files already carry their uploaded names (web.uploads.as_uploaded)."""
    if not path or not PurePath(path).is_absolute():
        return path
    for given in inputs:
        try:
            return PurePath(given.name, PurePath(path).relative_to(given)).as_posix()
        except ValueError:
            continue
    container, bang, member = path.partition("!")   # a zip's member keeps its path in the zip
    return PurePath(container).name + bang + member
