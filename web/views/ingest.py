"""Upload / bulk ingest with live progress (the page polls a small JSON endpoint)."""
from __future__ import annotations

from flask import Blueprint, Response, jsonify, render_template, request, url_for

from corpus.journal import recent_jobs
from ingest.report import json_of
from web import access
from web.downloads import content_disposition, csv_download
from web.operations import start_upload, uploads
from web.job_reports import REPORT_COLUMNS, job_report

blueprint = Blueprint("ingest", __name__)
MAX_ITEMS_SHOWN = 500


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
    return {"report_url": url_for("ingest.job_report_page", ingest_job=job_id),
            "csv_url": url_for("ingest.job_report_csv", ingest_job=job_id),
            "json_url": url_for("ingest.job_report_json", ingest_job=job_id)}


def _job_report(job_id: int) -> tuple[dict, list[dict]]:
    return job_report(access.services(), access.principal(), job_id)


@blueprint.route("/ingest/jobs/<int:ingest_job>")
@access.requires("ingest")
def job_report_page(ingest_job: int):
    summary, rows = _job_report(ingest_job)
    return render_template("ingest_report.html", job=summary, rows=rows[:MAX_ITEMS_SHOWN], shown_limit=MAX_ITEMS_SHOWN,
                           total=len(rows), **report_links(ingest_job))


@blueprint.route("/ingest/jobs/<int:ingest_job>/report.csv")
@access.requires("ingest")
def job_report_csv(ingest_job: int):
    _, rows = _job_report(ingest_job)
    return csv_download(REPORT_COLUMNS, ([row[c] for c in REPORT_COLUMNS] for row in rows),
                        f"accord-ingest-job-{ingest_job}.csv")


@blueprint.route("/ingest/jobs/<int:ingest_job>/report.json")
@access.requires("ingest")
def job_report_json(ingest_job: int):
    summary, rows = _job_report(ingest_job)
    return Response(json_of(summary, rows), mimetype="application/json",
                    headers={"Content-Disposition": content_disposition(f"accord-ingest-job-{ingest_job}.json")})
