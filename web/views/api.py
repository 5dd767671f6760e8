"""The JSON API: the same operations as the UI, with bearer-token authentication
(`accord token NAME`). The OpenAPI document is at /api/openapi.json. A document the
caller may not see answers 404 exactly like a missing one."""
from __future__ import annotations

import re

from flask import Blueprint, current_app, jsonify, request

from corpus import audit
from corpus.documents import document_header, document_record, field_record
from corpus.errors import UsageError
from corpus.sorting import SORTS
from web import access
from web.downloads import send_original
from web.job_reports import job_report
from web.openapi import Reply, api_operation, openapi_document, query_param
from web.operations import audit_filters, decide_label, json_body, json_names, one_of_few_searches, restrict, \
    run_search, send_page_image, start_upload, uploads

blueprint = Blueprint("api", __name__, url_prefix="/api")


def hit_json(hit) -> dict:
    return {"id": hit.id, "filename": hit.filename, "title": hit.title, "score": round(float(hit.score or 0), 4),
            "page": hit.page, "snippet": hit.snippet or "", "spans": [list(s) for s in hit.spans or []],
            "type": hit.type, "scope": hit.scope,
            "parties": list(hit.parties or []), "effective_date": hit.effective_date,
            "expiry_date": hit.expiry_date}


@blueprint.route("/openapi.json")
@access.public
@api_operation("This document: the OpenAPI 3.0 description of /api, generated from the routes",
               responses={200: Reply("OpenAPI document", "application/json", {"type": "object"})})
def openapi():
    return jsonify(openapi_document(current_app))


@blueprint.route("/search")
@one_of_few_searches
@api_operation("Search the agreements you may see", parameters=[
    query_param("q", {"type": "string", "maxLength": 500}, 'Any text. Words, "phrases", field:value, AND/OR/NOT, '
                'dates in words ("expiring next year"); empty lists every document'),
    query_param("page", {"type": "integer", "minimum": 1, "maximum": 10000},
                "past the last page: 400 naming the number of pages"),
    query_param("per_page", {"type": "integer", "minimum": 1, "maximum": 100}),
    query_param("sort", {"type": "string", "enum": list(SORTS)}),
    query_param("expiring", {"type": "integer", "minimum": 1, "maximum": 3650},
                "only agreements expiring within this many days")],
    responses={200: "SearchResults"}, errors=(400, 403))
def search():
    try:
        per_page = min(100, max(1, int(request.args.get("per_page", 20))))
    except ValueError:
        raise UsageError("per_page must be a whole number between 1 and 100") from None
    spec, results = run_search(request.args, per_page=per_page)
    pages = max(1, -(-results.total // results.per_page))
    if spec["page"] > pages:
        raise UsageError(f"page {spec['page']} is past the last page: there are {pages} page(s)",
                         hint=f"Ask for page=1..{pages}.", code="page_out_of_range")
    return jsonify({"query": spec["query"], "total": results.total, "page": results.page, "pages": pages,
                    "rule": results.rule, "relaxed": results.relaxed, "sort": results.sort,
                    "per_page": results.per_page, "hits": [hit_json(h) for h in results.hits],
                    "facets": {name: [{"value": v, "count": c} for v, c in values]
                               for name, values in (results.facets or {}).items()},
                    "suggestion": results.suggestion, "date_filters": results.date_filters})


@blueprint.route("/documents/<int:doc_id>")
@api_operation("One document's record", parameters=[query_param("text", {"type": "boolean"}, "with its text")],
               responses={200: "Document"}, errors=(404,))
def document(doc_id: int):
    with_text = request.args.get("text", "false").lower() in ("1", "true", "yes")
    record = document_record(access.services().store, doc_id, with_text=with_text, principal=access.principal())
    access.record("view", doc_id, filename=record["filename"], owner=record["owner"], via="api")
    return jsonify(record)


@blueprint.route("/documents/<int:doc_id>/similar")
@access.audited("similar")
@api_operation("Agreements similar to this one",
               parameters=[query_param("limit", {"type": "integer", "minimum": 1, "maximum": 100})],
               responses={200: "Similar"}, errors=(400, 404))
def similar(doc_id: int):
    services = access.services()
    document_header(services.store, doc_id, access.principal())
    try:
        limit = min(100, max(1, int(request.args.get("limit", 10))))
    except ValueError:
        raise UsageError("limit must be a whole number between 1 and 100") from None
    hits = services.index.more_like_this(doc_id, principal=access.principal(), limit=limit)
    return jsonify({"id": doc_id, "hits": [hit_json(h) for h in hits]})


@blueprint.route("/documents/<int:doc_id>/original")
@api_operation("Download the original file (audited)", errors=(404,), responses={
    200: Reply("The original bytes", "application/octet-stream", {"type": "string", "format": "binary"})})
def original(doc_id: int):
    services = access.services()
    doc = document_header(services.store, doc_id, access.principal())
    access.record("download", doc_id, filename=doc.filename, owner=doc.owner, via="api")
    return send_original(services.store, doc.sha256, doc.filename, doc.mime)


@blueprint.route("/documents/<int:doc_id>/pages/<int:page>.png")
@access.audited("page")
@api_operation("A page image rendered from the original",
               parameters=[query_param("size", {"type": "string", "enum": ["thumb", "full"]})],
               path_schemas={"page": {"type": "integer", "minimum": 1, "maximum": 100000}}, errors=(404,),
               responses={200: Reply("PNG", "image/png", {"type": "string", "format": "binary"})})
def page_image(doc_id: int, page: int):
    return send_page_image(doc_id, page, request.args.get("size", "full"))


@blueprint.route("/documents/<int:doc_id>/labels", methods=["POST"])
@access.requires("label")
@api_operation("Accept, correct or mark unsure a document's tag (reviewers); searchable within about a second",
               body="Label", responses={200: "Label"}, errors=(400, 403, 404))
def labels(doc_id: int):
    body = json_body()
    kind, value, action = body.get("kind", "type"), body.get("value"), body.get("action", "correct")
    if not all(isinstance(v, str) for v in (kind, value, action)) or not value.strip():
        raise UsageError("kind, value and action must be strings; value must not be empty",
                         hint='Example: {"kind": "type", "value": "MOU", "action": "correct"}')
    decide_label(doc_id, kind, value.strip(), action)
    return jsonify({"id": doc_id, "kind": kind, "value": value.strip(), "action": action})


FIELD_CHANGE_KEYS = ("name", "value", "action", "previous", "role")


def _field_change(change) -> dict:
    if not isinstance(change, dict) or set(change) - set(FIELD_CHANGE_KEYS) or not isinstance(change.get("name"), str) \
            or not all(change.get(k) is None or isinstance(change[k], str) for k in FIELD_CHANGE_KEYS):
        raise UsageError(f"each change is an object of string {', '.join(FIELD_CHANGE_KEYS)}",
                         hint='Example: {"changes": [{"name": "party", "value": "County of Polk"}, '
                              '{"name": "date", "role": "expiry", "value": "2027-09-30"}, '
                              '{"name": "party", "action": "remove", "value": "Host"}]}')
    return {k: change[k] for k in FIELD_CHANGE_KEYS if change.get(k) is not None}


@blueprint.route("/documents/<int:doc_id>/fields", methods=["PUT"])
@access.requires("correct")
@api_operation("Correct metadata values: add, change, confirm or remove a party, a date with its role, the title, "
               "the term, the expiry (records staff, reviewers, admins). Each value is stored as confirmed by the "
               "caller, audited, searchable at once and kept by `accord reextract`",
               body="FieldChanges", responses={200: "Fields"}, errors=(400, 403, 404))
def fields(doc_id: int):
    changes = json_body().get("changes")
    if not isinstance(changes, list) or not 1 <= len(changes) <= 100:
        raise UsageError("'changes' must be a list of 1 to 100 changes")
    current = access.services().correct_fields(doc_id, [_field_change(c) for c in changes], access.principal(),
                                               ip=access.client_ip())
    return jsonify({"id": doc_id, "fields": [field_record(f) for f in current]})


@blueprint.route("/documents/<int:doc_id>/visibility", methods=["PUT"])
@api_operation("Restrict a document to users/groups, or make it public (owner or admin)", body="Visibility",
               responses={200: "Visibility"}, errors=(400, 403, 404))
def visibility(doc_id: int):
    body = json_body()
    public = body.get("public", False)
    if not isinstance(public, bool):
        raise UsageError("'public' must be true or false")
    users, groups = json_names(body, "users"), json_names(body, "groups")
    if not public and not users and not groups:
        raise UsageError('send {"public": true} or at least one of "users" / "groups"')
    return jsonify(restrict(doc_id, public=public, users=users, groups=groups))


@blueprint.route("/ingest", methods=["POST"])
@access.requires("ingest")
@api_operation("Upload files (or zips) to ingest in the background (records staff)",
               body=Reply("The files", "multipart/form-data", {"type": "object", "properties": {"files": {
                   "type": "array", "items": {"type": "string", "format": "binary"}}}, "required": ["files"]}),
               responses={202: "Upload"}, errors=(400, 403, 413))
def ingest():
    return jsonify(start_upload(request.files.getlist("files"))), 202


@blueprint.route("/ingest/<job>")
@access.requires("ingest")
@api_operation("Progress of an upload (its id) or an ingest job's report (a number)",
               responses={200: Reply("Progress or report", "application/json", {"type": "object"})},
               errors=(403, 404))
def ingest_status(job: str):
    who = access.principal()
    if re.fullmatch(r"[0-9]{1,15}", job):   # str.isdigit() also accepts "³", which int() refuses
        # the report the pages give (uploaded names, reasons in words, no server path)
        summary, rows = job_report(access.services(), who, int(job))
        return jsonify({**summary, "items": rows})
    upload = uploads().get(job, actor=None if who.may("manage_users") else who.name)
    return jsonify(upload.as_dict())


@blueprint.route("/audit")
@access.audited("audit_read", target=None)
@access.requires("audit")
@api_operation("Audit events, newest first (auditors)", parameters=[
    query_param("actor", {"type": "string"}), query_param("action", {"type": "string"}),
    query_param("target", {"type": "string"}), query_param("since", {"type": "string", "format": "date"}),
    query_param("until", {"type": "string", "format": "date"}),
    query_param("limit", {"type": "integer", "minimum": 1, "maximum": 1000}),
    query_param("offset", {"type": "integer", "minimum": 0, "maximum": 1000000})],
    responses={200: "AuditEvents"}, errors=(400, 403))
def audit_events():
    filters = audit_filters(request.args)
    return jsonify({"events": audit.events(access.services().store, **filters), "offset": filters["offset"],
                    "limit": filters["limit"]})
