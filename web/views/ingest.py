"""Upload / bulk ingest with live progress (the page polls a small JSON endpoint)."""
from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request, url_for

from corpus.journal import recent_jobs
from web import access
from web.downloads import csv_download
from web.operations import start_upload, uploads

blueprint = Blueprint("ingest", __name__)
MAX_ITEMS_SHOWN = 500


def _owner_filter() -> str | None:
    who = access.principal()
    return None if who.may("manage_users") else who.name


@blueprint.route("/ingest")
@access.requires("ingest")
def upload_page():
    jobs = recent_jobs(access.services().store, limit=10, principal=access.principal())
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
    columns = ["file", "status", "document_id", "duplicate_of", "pages", "ocr_pages", "seconds", "error_code",
               "error"]
    return csv_download(columns, ([row.get(c) for c in columns] for row in rows),
                        f"accord-upload-{upload.id[:8]}.csv")
