"""Upload / bulk ingest with live progress (the page polls a small JSON endpoint)."""
from __future__ import annotations

from flask import Blueprint, Response, jsonify, render_template, request, url_for

from corpus.journal import items, job_summary, recent_jobs
from ingest.report import as_json, readable
from web import access
from web.downloads import content_disposition, csv_download
from web.operations import start_upload, uploads
from web.uploads import as_uploaded

blueprint = Blueprint("ingest", __name__)
MAX_ITEMS_SHOWN = 500
# The columns of a report downloaded from the web: the file under its uploaded name, never the
# server's quarantine path (the CLI's `accord report` gives the operator those).
REPORT_COLUMNS = ["file", "status", "document_id", "duplicate_of", "pages", "ocr_pages", "seconds", "error_code",
                  "error"]


def _owner_filter() -> str | None:
    who = access.principal()
    return None if who.may("manage_users") else who.name


@blueprint.route("/ingest")
@access.requires("ingest")
def upload_page():
    jobs = [{**job, **report_links(job["id"])}
            for job in recent_jobs(access.services().store, limit=10, principal=access.principal())]
    if request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json":
        return jsonify({"jobs": jobs})   # the page's script polls this to keep "Recent ingest jobs" live
    return render_template("upload.html", jobs=jobs, max_bytes=access.services().config["ACCORD_MAX_UPLOAD_BYTES"])


@blueprint.route("/ingest/uploads", methods=["POST"])
@access.requires("ingest")
def upload_files():
    state = start_upload(request.files.getlist("files"))
    state["progress_url"] = url_for("ingest.upload_progress", upload_id=state["id"])
    state["report_url"] = url_for("ingest.upload_report", upload_id=state["id"])
    return jsonify(state), 202


@blueprint.route("/ingest/uploads/<upload_id>")
@access.requires("ingest")
def upload_progress(upload_id: str):
    upload = uploads().get(upload_id, actor=_owner_filter())
    state = upload.as_dict()
    if upload.status in ("done", "failed"):
        # Each file's outcome, linked: the stored document, or the one a duplicate matched.
        state["items"] = [{"file": row["file"], "status": row["status"],
                           "document_url": _document_url(row.get("document_id")),
                           "duplicate_url": _document_url(row.get("duplicate_of"))}
                          for row in uploads().report(upload, access.principal())[:MAX_ITEMS_SHOWN]]
    return jsonify(state)


def _document_url(doc_id) -> str | None:
    return url_for("documents.document_page", doc_id=doc_id) if doc_id else None


@blueprint.route("/ingest/uploads/<upload_id>/report.csv")
@access.requires("ingest")
def upload_report(upload_id: str):
    upload = uploads().get(upload_id, actor=_owner_filter())
    rows = uploads().report(upload, access.principal())
    return csv_download(REPORT_COLUMNS, ([row.get(c) for c in REPORT_COLUMNS] for row in rows),
                        f"accord-upload-{upload.id[:8]}.csv")


def report_links(job_id: int) -> dict[str, str]:
    """Where a job's report is read: the page, and its CSV and JSON downloads."""
    return {"report_url": url_for("ingest.job_report_page", job_id=job_id),
            "csv_url": url_for("ingest.job_report_csv", job_id=job_id),
            "json_url": url_for("ingest.job_report_json", job_id=job_id)}


def _job_report(job_id: int) -> tuple[dict, list[dict]]:
    """An ingest job's summary and per-file rows as the caller may read them (corpus.journal: a
    job of someone else is a 404, a file whose document is hidden is left out), each file under
    its uploaded name, each reason in words, no server path."""
    services, who = access.services(), access.principal()
    summary, rows = as_uploaded(services, job_summary(services.store, job_id, who), items(services.store, job_id, who))
    return summary, [{c: readable(row).get(c) for c in REPORT_COLUMNS} for row in rows]


@blueprint.route("/ingest/jobs/<int:job_id>")
@access.requires("ingest")
def job_report_page(job_id: int):
    summary, rows = _job_report(job_id)
    return render_template("ingest_report.html", job=summary, rows=rows[:MAX_ITEMS_SHOWN], shown_limit=MAX_ITEMS_SHOWN,
                           total=len(rows), **report_links(job_id))


@blueprint.route("/ingest/jobs/<int:job_id>/report.csv")
@access.requires("ingest")
def job_report_csv(job_id: int):
    _, rows = _job_report(job_id)
    return csv_download(REPORT_COLUMNS, ([row[c] for c in REPORT_COLUMNS] for row in rows),
                        f"accord-ingest-job-{job_id}.csv")


@blueprint.route("/ingest/jobs/<int:job_id>/report.json")
@access.requires("ingest")
def job_report_json(job_id: int):
    summary, rows = _job_report(job_id)
    return Response(as_json(summary, rows), mimetype="application/json",
                    headers={"Content-Disposition": content_disposition(f"accord-ingest-job-{job_id}.json")})
