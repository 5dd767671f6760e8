"""Bulk edit from the search page: a confirmation (how many will change, how many are skipped
and why), then the change (or a background job with progress when large), then the result;
and the same as POST /api/bulk (with "preview": true for the confirmation). The rules are in
web/bulk.py."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, url_for

from corpus.errors import UsageError
from web import access
from web.openapi import api_operation
from web import bulk
from web.operations import search_args_from_json, split_names

blueprint = Blueprint("bulk", __name__, url_prefix="/bulk")
api_blueprint = Blueprint("bulk_api", __name__, url_prefix="/api/bulk")

SELECTION_KEYS = ("q", "sort", "expiring")


def jobs() -> bulk.BulkJobs:
    """The app's bulk job manager (created in create_app)."""
    return current_app.extensions["accord_bulk"]


def _from_form(values) -> bulk.Request:
    every = values.get("all") == "1"
    return bulk.read_request(values.get("action", ""), values.get("value", ""), ids=values.getlist("id"),
                             users=split_names(*values.getlist("users")),
                             groups=split_names(*values.getlist("groups")), reason=values.get("reason", ""),
                             search_args=values if every else None)


def _carried(values) -> list[tuple[str, str]]:
    """The selection and the action as hidden fields of the confirmation form."""
    keep = ("action", "value", "users", "groups", "reason", "id", "all", *SELECTION_KEYS)
    return [(k, v) for k, v in values.items(multi=True) if k in keep or k.startswith("f.")]


def _run(planned: bulk.Plan):
    who = access.principal()
    services = access.services()
    if planned.request.action == "zip":
        return None, bulk.zip_response(services, planned, who, ip=access.client_ip())
    if len(planned.change) > bulk.BACKGROUND_OVER:
        return jobs().start(planned, who, ip=access.client_ip()), None
    return None, bulk.apply(services, planned, who, ip=access.client_ip())


# --- pages -----------------------------------------------------------------------------
@blueprint.route("")
def preview():
    planned = bulk.plan(access.services(), _from_form(request.args), access.principal())
    search = [(k, v) for k, v in request.args.items(multi=True) if k in SELECTION_KEYS or k.startswith("f.")]
    back = url_for("search.search_page") + ("?" + urlencode(search) if search else "")
    return render_template("bulk_preview.html", plan=planned.summary(), description=bulk.ACTIONS,
                           carried=_carried(request.args), back=back)


@blueprint.route("", methods=["POST"])
def run():
    planned = bulk.plan(access.services(), _from_form(request.form), access.principal())
    job, outcome = _run(planned)
    if job is not None:
        return redirect(url_for("bulk.job_page", job_id=job.id))
    if not isinstance(outcome, dict):
        return outcome     # the zip
    return render_template("bulk_result.html", result=outcome, description=bulk.ACTIONS, job=None)


@blueprint.route("/jobs/<job_id>")
def job_page(job_id: str):
    job = jobs().get(job_id, access.principal())
    return render_template("bulk_result.html", result=job.result or None, description=bulk.ACTIONS,
                           job=job.as_dict())


# --- API -------------------------------------------------------------------------------
def _from_json() -> tuple[bulk.Request, bool]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise UsageError("the request body must be a JSON object",
                         hint='Example: {"action": "type", "value": "mou", "ids": [1, 2], "preview": true}')
    names = {}
    for key in ("users", "groups", "ids"):
        value = body.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) and not isinstance(v, bool)
                                                  for v in value):
            raise UsageError(f"{key!r} must be a list")
        names[key] = [str(v).strip() for v in value if str(v).strip()]
    search = body.get("search")
    if search is not None and not isinstance(search, dict):
        raise UsageError('"search" is an object: {"query", "filters", "sort"}')
    for key in ("action", "value", "reason"):
        if not isinstance(body.get(key, ""), str):
            raise UsageError(f"{key!r} must be a string")
    planned = bulk.read_request(body.get("action", ""), body.get("value", ""), ids=names["ids"],
                                users=names["users"], groups=names["groups"], reason=body.get("reason", ""),
                                search_args=search_args_from_json(search) if search is not None else None)
    return planned, body.get("preview") is True


@api_blueprint.route("", methods=["POST"])
@api_operation("Change many documents at once, or preview the change (one audit event per document); large selections answer 202 with a job", body="BulkRequest", responses={200: "BulkSummary", 202: "BulkSummary"}, errors=(400, 403))
def api_bulk():
    wanted, preview_only = _from_json()
    planned = bulk.plan(access.services(), wanted, access.principal())
    if preview_only:
        return jsonify({**planned.summary(), "preview": True})
    job, outcome = _run(planned)
    if job is not None:
        return jsonify({**planned.summary(), "job": job.as_dict()}), 202
    return outcome if not isinstance(outcome, dict) else jsonify(outcome)


@api_blueprint.route("/<job_id>")
@api_operation("A bulk job's progress and result", responses={200: "BulkJob"}, errors=(404,))
def api_job(job_id: str):
    return jsonify(jobs().get(job_id, access.principal()).as_dict())
