"""Audit browsing and CSV export (auditors), and owners' notification list."""
from __future__ import annotations

import json

from flask import Blueprint, render_template, request

from corpus import accounts, audit
from web import access
from web.operations import audit_filters
from web.downloads import csv_download

blueprint = Blueprint("audit", __name__)
EXPORT_LIMIT = 100_000


@blueprint.route("/audit")
@access.audited("audit_read", target=None)
@access.requires("audit")
def browse():
    filters = audit_filters(request.args)
    events = audit.events(access.services().store, **filters)
    return render_template("audit.html", events=events, filters=filters, actions=audit.ACTIONS, args=request.args)


@blueprint.route("/audit.csv")
@access.requires("audit")
def export():
    filters = {**audit_filters(request.args), "limit": EXPORT_LIMIT, "offset": 0}
    store = access.services().store
    events = audit.events(store, **filters)
    header = ["id", "at", "actor", "action", "target", "ip", "details", "hash"]
    rows = [[e["id"], e["at"], e["actor"], e["action"], e["target"], e["ip"],
             json.dumps(e["details"], sort_keys=True, default=str), e["hash"]] for e in events]
    access.record("export", "audit", rows=len(events))
    return csv_download(header, rows, "accord-audit.csv")


@blueprint.route("/notifications")
def notifications():
    who = access.principal()
    return render_template("notifications.html",
                           events=accounts.who_opened_documents_of(access.services().store, who.name))
