"""Upload / bulk ingest with live progress (the page polls a small JSON endpoint)."""
from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for

from corpus.journal import recent_jobs
from web import access
from web.uploads import UploadManager

blueprint = Blueprint("ingest", __name__)


def uploads() -> UploadManager:
    manager = current_app.extensions.get("accord_uploads")
    if manager is None:
        manager = current_app.extensions["accord_uploads"] = UploadManager(access.services())
    return manager


def start_upload(files) -> dict:
    """Shared by the page and the API."""
    who = access.principal()
    upload = uploads().start(files, actor=who.name, owner=who.name)
    access.record("ingest", f"upload:{upload.id}", files=upload.files[:100], count=len(upload.files))
    return upload.as_dict()


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
    out = io.StringIO()
    columns = ["file", "status", "document_id", "duplicate_of", "pages", "ocr_pages", "seconds", "error_code",
               "error"]
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)   # journal items: every row has "file"
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="accord-upload-{upload.id[:8]}.csv"'})
