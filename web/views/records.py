"""Records lifecycle: pages for the file plan, legal holds, the disposition queue and batches,
certificates; the trash; and the same operations in the JSON API (/api/...). The rules and
their audit events are in corpus/records; the index side is wired in web/services.py."""
from __future__ import annotations

import io
import tempfile
from datetime import date

from flask import Blueprint, Response, abort, current_app, jsonify, redirect, render_template, request, url_for

from corpus import audit
from corpus.documents import document_header
from corpus.errors import UsageError
from corpus.records import disposition, filing, transfer
from corpus.records.holds import list_holds, release_hold
from corpus.records.plan import file_plan
from corpus.records.reports import as_csv, records_report
from web import access
from web.app import MAX_ID   # as the routes' <int:...>
from web.downloads import send_download
from web.openapi import Reply, api_operation
from web.operations import json_body

blueprint = Blueprint("records", __name__, url_prefix="/records")
api_blueprint = Blueprint("records_api", __name__, url_prefix="/api")


# --- operations shared by the pages and the API -------------------------------------------
def _ids(values) -> list[int]:
    try:
        ids = sorted({int(v) for v in values if not isinstance(v, bool) and str(v).strip()})
    except (TypeError, ValueError):
        raise UsageError("document ids are whole numbers") from None
    if any(not 1 <= i <= MAX_ID for i in ids):
        raise UsageError("document ids are whole numbers from 1 to 999999999999999")
    return ids


def _lifecycle(doc_id: int) -> dict:
    services = access.services()
    document_header(services.store, doc_id, access.principal())     # 404 when hidden
    return filing.lifecycle_of(services.store, services.config, doc_id).as_dict(date.today())


def _place_hold(name: str, reason: str, ids: list[int], query: str | None) -> dict:
    services = access.services()
    return services.place_hold(name, reason=reason, issuer=access.principal().name, ids=ids, query=query or None,
                               ip=access.client_ip(), who=access.principal())


def _propose(ids: list[int], all_due: bool) -> int:
    services = access.services()
    return disposition.propose(services.store, services.config, who=access.principal(), ids=ids, all_due=all_due,
                               ip=access.client_ip())


def _approve(batch_id: int) -> None:
    disposition.approve(access.services().store, batch_id, who=access.principal(), ip=access.client_ip())


def _runs():
    """The app's disposition runs (web/disposition_runs.py, created in create_app)."""
    return current_app.extensions["accord_disposition_runs"]


def _trash(doc_id: int) -> None:
    document_header(access.services().store, doc_id, access.principal())
    access.services().trash(doc_id, who=access.principal(), ip=access.client_ip())


def _restore(doc_id: int) -> None:
    access.services().restore(doc_id, who=access.principal(), ip=access.client_ip())


# --- pages -----------------------------------------------------------------------------
@blueprint.route("/plan")
def plan_page():
    config = access.services().config
    # the plan's file path is the server's business; the page says only whether it is the built-in one
    return render_template("records_plan.html", plan=file_plan(config).as_dict(),
                           own_plan=bool(config["ACCORD_FILE_PLAN"]))


@blueprint.route("/holds")
@access.requires("records")
def holds_page():
    placed = request.args.get("placed")       # after "Place hold": say what it covers
    return render_template("records_holds.html", holds=list_holds(access.services().store, principal=access.principal()),
                           placed=placed, placed_count=request.args.get("count", type=int))


@blueprint.route("/holds", methods=["POST"])
@access.requires("records")
def holds_form():
    form = request.form
    hold = _place_hold(form.get("name", ""), form.get("reason", ""), _ids(form.get("ids", "").replace(",", " ").split()),
                       form.get("query", "").strip() or None)
    return redirect(url_for("records.holds_page", placed=hold["name"], count=len(hold["documents"])))


@blueprint.route("/holds/<name>/release", methods=["POST"])
@access.requires("records")
def release_form(name: str):
    release_hold(access.services().store, name, who=access.principal(), ip=access.client_ip())
    return redirect(url_for("records.holds_page"))


@blueprint.route("/disposition")
@access.requires("records")
def queue_page():
    services = access.services()
    # Records hidden from the caller are left out, not shown redacted: their existence is
    # what a differential leak test sees (an officer, who sees all, proposes them).
    summary = disposition.queue(services.store, services.config, principal=access.principal())
    due = [lc.as_dict() for lc in summary["due"]]
    batches = disposition.batches(services.store, principal=access.principal())
    return render_template("records_queue.html", due=due, batches=batches,
                           kept=disposition.kept_explanation(summary),
                           running=request.args.get("running", type=int))


@blueprint.route("/disposition", methods=["POST"])
@access.requires("records")
def propose_form():
    batch_id = _propose(_ids(request.form.getlist("id")), request.form.get("all_due") == "1")
    return redirect(url_for("records.queue_page", _anchor=f"batch-{batch_id}"))


@blueprint.route("/disposition/<int:batch_id>/approve", methods=["POST"])
@access.requires("approve_disposition")
def approve_form(batch_id: int):
    _approve(batch_id)
    return redirect(url_for("records.queue_page", _anchor=f"batch-{batch_id}"))


@blueprint.route("/disposition/<int:batch_id>/run", methods=["POST"])
@access.requires("approve_disposition")
def run_form(batch_id: int):
    """Starts the run in the background; the queue page polls its progress."""
    _runs().start(batch_id, actor=access.principal().name)
    return redirect(url_for("records.queue_page", running=batch_id, _anchor=f"batch-{batch_id}"))


@blueprint.route("/disposition/<int:batch_id>/progress")
@access.requires("records")
def run_progress(batch_id: int):
    return jsonify(_runs().progress(batch_id, access.principal()))


@blueprint.route("/certificates")
@access.requires("records")
def certificates_page():
    return render_template("records_certificates.html",
                           certificates=disposition.certificates(access.services().config, access.services().store,
                                                                  access.principal()))


@blueprint.route("/certificates/<int:batch_id>/<int:doc_id>.json")
@access.requires("records")
def certificate_file(batch_id: int, doc_id: int):
    return _certificate_download(batch_id, doc_id)


def _certificate_download(batch_id: int, doc_id: int) -> Response:
    data = disposition.certificate(access.services().store, batch_id, doc_id, access.principal())
    return send_download(io.BytesIO(data), f"certificate-{batch_id}-{doc_id}.json", "application/json")


def _bag_download(batch_id: int) -> Response:
    """The batch's transfer bag as a zip, read from the blob store (whichever machine built it)."""
    services, who = access.services(), access.principal()
    files = transfer.bag_files(services.store, batch_id, who)
    out = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)
    transfer.write_bag_zip(services.store, files, out, batch_id)
    out.seek(0)
    audit.record(services.store, who.name, "download", f"batch:{batch_id}", ip=access.client_ip(),
                 details={"what": "transfer bag", "files": len(files), "role": who.role})
    return send_download(out, f"transfer-bag-{batch_id}.zip", "application/zip")


@blueprint.route("/documents/<int:doc_id>/trash", methods=["POST"])
@access.requires("records")
def trash_form(doc_id: int):
    _trash(doc_id)
    return redirect(url_for("search.search_page"))


@blueprint.route("/trash")
@access.requires("records")
def trash_page():
    return render_template("records_trash.html", trashed=filing.trashed(access.services().store, principal=access.principal()),
                           days=access.services().config["ACCORD_TRASH_DAYS"])


@blueprint.route("/documents/<int:doc_id>/restore", methods=["POST"])
@access.requires("records")
def restore_form(doc_id: int):
    _restore(doc_id)
    return redirect(url_for("records.trash_page"))


@blueprint.route("/documents/<int:doc_id>/essential", methods=["POST"])
@access.requires("essential")
def essential_form(doc_id: int):
    document_header(access.services().store, doc_id, access.principal())
    filing.set_essential(access.services().store, doc_id, request.form.get("essential") == "1",
                         who=access.principal(), ip=access.client_ip())
    return redirect(url_for("documents.document_page", doc_id=doc_id))


@blueprint.route("/documents/<int:doc_id>/file", methods=["POST"])
@access.requires("records")
def file_form(doc_id: int):
    document_header(access.services().store, doc_id, access.principal())
    filing.file_document(access.services().store, access.services().config, doc_id, request.form.get("category", ""),
                         who=access.principal(), event_on=request.form.get("event_on") or None,
                         ip=access.client_ip())
    return redirect(url_for("documents.document_page", doc_id=doc_id))


@blueprint.route("/report.csv")
@access.requires("records")
def report_csv():
    which = request.args.get("report", "due")
    report = records_report(access.services().store, access.services().config, principal=access.principal())
    if which not in report:
        abort(404)
    return Response(as_csv(report[which]), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename=records-{which}.csv"})


# --- API ---------------------------------------------------------------------------------
@api_blueprint.route("/records/plan")
@api_operation("The file plan: record categories and their schedule items", responses={200: "FilePlan"})
def api_plan():
    return jsonify(file_plan(access.services().config).as_dict())


@api_blueprint.route("/records/report")
@access.requires("records")
@api_operation("Dispositions due in 30/90/365 days, holds, counts by category (records staff)",
               responses={200: Reply("Report", "application/json", {"type": "object"})}, errors=(403,))
def api_report():
    return jsonify(records_report(access.services().store, access.services().config, principal=access.principal()))


@api_blueprint.route("/records/documents/<int:doc_id>")
@api_operation("A document's category and lifecycle dates with their reasons", responses={200: "Lifecycle"},
               errors=(404,))
def api_lifecycle(doc_id: int):
    return jsonify(_lifecycle(doc_id))


@api_blueprint.route("/records/documents/<int:doc_id>/file", methods=["POST"])
@access.requires("records")
@api_operation("File a document to a category (records staff; audited)", body={
    "type": "object", "properties": {"category": {"type": "string"}, "event_on": {"type": "string", "format": "date"}},
    "required": ["category"]}, responses={200: "Lifecycle"}, errors=(400, 403, 404))
def api_file(doc_id: int):
    body = json_body()
    document_header(access.services().store, doc_id, access.principal())
    lc = filing.file_document(access.services().store, access.services().config, doc_id, str(body.get("category", "")),
                              who=access.principal(), event_on=body.get("event_on"), ip=access.client_ip())
    return jsonify(lc.as_dict(date.today()))


@api_blueprint.route("/records/documents/<int:doc_id>/essential", methods=["PUT"])
@access.requires("essential")
@api_operation("Set or clear the essential-records flag (records officer only)",
               body={"type": "object", "properties": {"essential": {"type": "boolean"}}, "required": ["essential"]},
               errors=(400, 403, 404))
def api_essential(doc_id: int):
    value = json_body().get("essential")
    if not isinstance(value, bool):
        raise UsageError("'essential' must be true or false")
    filing.set_essential(access.services().store, doc_id, value, who=access.principal(), ip=access.client_ip())
    return jsonify({"id": doc_id, "essential": value})


@api_blueprint.route("/records/documents/<int:doc_id>/trash", methods=["POST"])
@access.requires("records")
@api_operation("Trash a wrongly ingested document (records staff; refused when held: 409)",
               errors=(403, 404, 409))
def api_trash(doc_id: int):
    _trash(doc_id)
    return jsonify({"id": doc_id, "state": "trashed"})


@api_blueprint.route("/records/documents/<int:doc_id>/restore", methods=["POST"])
@access.requires("records")
@api_operation("Restore a trashed document", errors=(403, 404))
def api_restore(doc_id: int):
    _restore(doc_id)
    return jsonify({"id": doc_id, "state": "active"})


@api_blueprint.route("/holds")
@access.requires("records")
@api_operation("Active legal holds and the documents they cover (records staff)",
               responses={200: Reply("Holds", "application/json", {"type": "object"})}, errors=(403,))
def api_holds():
    return jsonify({"holds": list_holds(access.services().store, principal=access.principal())})


@api_blueprint.route("/holds", methods=["POST"])
@access.requires("records")
@api_operation("Place a legal hold by ids or a saved query (audited)", body="Hold",
               responses={201: Reply("Placed", "application/json", {"type": "object"})}, errors=(400, 403, 404, 409))
def api_place_hold():
    body = json_body()
    ids = body.get("ids", [])
    if not isinstance(ids, list):
        raise UsageError("'ids' must be a list of document ids")
    query = body.get("query")
    if query is not None and not isinstance(query, str):
        raise UsageError("'query' must be a string")
    return jsonify(_place_hold(str(body.get("name", "")), str(body.get("reason", "")), _ids(ids), query)), 201


@api_blueprint.route("/holds/<name>/release", methods=["POST"])
@access.requires("records")
@api_operation("Release a legal hold (audited)", errors=(403, 404, 409))
def api_release_hold(name: str):
    release_hold(access.services().store, name, who=access.principal(), ip=access.client_ip())
    return jsonify({"name": name, "released": True})


@api_blueprint.route("/disposition/due")
@access.requires("records")
@api_operation("Records due for disposition (past eligible, not held)",
               responses={200: Reply("Due", "application/json", {"type": "object"})}, errors=(403,))
def api_due():
    services = access.services()
    summary = disposition.queue(services.store, services.config, principal=access.principal())
    return jsonify({"due": [lc.as_dict() for lc in summary["due"]],
                    "kept": {k: summary[k] for k in ("held", "not_approved", "past_eligible", "unscheduled", "waiting")},
                    "explanation": disposition.kept_explanation(summary)})


@api_blueprint.route("/disposition/batches", methods=["POST"])
@access.requires("records")
@api_operation("Propose a disposition batch (records staff)", body={"type": "object", "properties": {
    "ids": {"type": "array", "items": {"type": "integer"}}, "all_due": {"type": "boolean"}}},
    responses={201: "Batch"}, errors=(400, 403, 404, 409))
def api_propose():
    body = json_body()
    ids = body.get("ids", [])
    if not isinstance(ids, list):
        raise UsageError("'ids' must be a list of document ids")
    batch_id = _propose(_ids(ids), body.get("all_due") is True)
    return jsonify(disposition.batch_detail(access.services().store, batch_id, principal=access.principal())), 201


@api_blueprint.route("/disposition/batches/<int:batch_id>")
@access.requires("records")
@api_operation("A batch: what each record is and under which authority it goes", responses={200: "Batch"},
               errors=(403, 404))
def api_batch(batch_id: int):
    return jsonify(disposition.batch_detail(access.services().store, batch_id, principal=access.principal()))


@api_blueprint.route("/disposition/batches/<int:batch_id>/approve", methods=["POST"])
@access.requires("approve_disposition")
@api_operation("Approve a batch (records officer or admin, not the proposer)", responses={200: "Batch"},
               errors=(403, 404, 409))
def api_approve(batch_id: int):
    _approve(batch_id)
    return jsonify(disposition.batch_detail(access.services().store, batch_id, principal=access.principal()))


@api_blueprint.route("/disposition/batches/<int:batch_id>/run", methods=["POST"])
@access.requires("approve_disposition")
@api_operation("Run (or finish) an approved batch: destroy with certificates, transfer as BagIt",
               responses={200: "Batch"}, errors=(403, 404, 409))
def api_run(batch_id: int):
    """Runs the batch in the request and answers when it is done (a long batch: the page or the CLI)."""
    return jsonify(_runs().run_now(batch_id, actor=access.principal().name))


@api_blueprint.route("/disposition/batches/<int:batch_id>/accept", methods=["POST"])
@access.requires("approve_disposition")
@api_operation("Record NARA's acceptance of a batch's transfer", errors=(403, 404, 409))
def api_accept(batch_id: int):
    ids = transfer.accept(access.services().store, access.services().config, batch_id, who=access.principal())
    return jsonify({"batch": batch_id, "accepted": ids})


@api_blueprint.route("/disposition/batches/<int:batch_id>/certificates/<int:doc_id>")
@access.requires("records")
@api_operation("A destroyed record's certificate, as written by the batch's run",
               responses={200: Reply("Certificate", "application/json", {"type": "object"})}, errors=(403, 404))
def api_certificate(batch_id: int, doc_id: int):
    return _certificate_download(batch_id, doc_id)


@api_blueprint.route("/disposition/batches/<int:batch_id>/transfer-bag.zip")
@access.requires("approve_disposition")
@api_operation("A batch's transfer bag (BagIt) as a zip, for a user who may see every record of the batch",
               responses={200: Reply("Transfer bag", "application/zip", {"type": "string", "format": "binary"})},
               errors=(403, 404))
def api_transfer_bag(batch_id: int):
    return _bag_download(batch_id)


@api_blueprint.route("/disposition/certificates")
@access.requires("records")
@api_operation("Disposition certificates",
               responses={200: Reply("Certificates", "application/json", {"type": "object"})}, errors=(403,))
def api_certificates():
    return jsonify({"certificates": disposition.certificates(access.services().config, access.services().store,
                                                             access.principal())})
