"""Upload / bulk ingest with live progress (the page polls a small JSON endpoint)."""
from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request, url_for

from corpus.journal import recent_jobs
from web import access
from web.downloads import csv_download
from web.operations import start_upload, uploads

blueprint = Blueprint("ingest", __name__)


def _owner_filter() -> str | None:
    who = access.principal()
    return None if who.may("manage_users") else who.name


@blueprint.route("/ingest")
@access.requires("ingest")
def upload_page():
    return render_template("upload.html", jobs=recent_jobs(access.services().store, limit=10, principal=access.principal()),
                           max_bytes=access.services().config["ACCORD_MAX_UPLOAD_BYTES"])


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
    return jsonify(uploads().get(upload_id, actor=_owner_filter()).as_dict())


@blueprint.route("/ingest/uploads/<upload_id>/report.csv")
@access.requires("ingest")
def upload_report(upload_id: str):
    upload = uploads().get(upload_id, actor=_owner_filter())
    rows = uploads().report(upload, access.principal())
    columns = ["file", "status", "document_id", "duplicate_of", "pages", "ocr_pages", "seconds", "error_code",
               "error"]
    return csv_download(columns, ([row.get(c) for c in columns] for row in rows),
                        f"accord-upload-{upload.id[:8]}.csv")
