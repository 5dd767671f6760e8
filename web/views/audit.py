"""Audit browsing and CSV export (auditors), and owners' notification list."""
from __future__ import annotations

import json
from datetime import datetime

from flask import Blueprint, render_template, request

from corpus import accounts, audit
from corpus.errors import UsageError
from web import access
from web.downloads import csv_download

blueprint = Blueprint("audit", __name__)
PER_PAGE = 100
EXPORT_LIMIT = 100_000


def _date(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"not a date: {text!r}", hint="Use YYYY-MM-DD or YYYY-MM-DDTHH:MM.") from None


def event_filters(args) -> dict:
    try:
        offset = max(0, int(args.get("offset", 0) or 0))
        limit = min(1000, max(1, int(args.get("limit", PER_PAGE) or PER_PAGE)))
    except ValueError:
        raise UsageError("offset and limit must be whole numbers") from None
    action = args.get("action") or None
    if action and action not in audit.ACTIONS:
        raise UsageError(f"unknown action {action!r}", hint=f"Actions: {', '.join(audit.ACTIONS)}.")
    return {"actor": args.get("actor") or None, "action": action, "target": args.get("target") or None,
            "since": _date(args.get("since")), "until": _date(args.get("until")), "limit": limit, "offset": offset}


@blueprint.route("/audit")
@access.audited("audit_read", target=None)
@access.requires("audit")
def browse():
    filters = event_filters(request.args)
    events = audit.events(access.services().store, **filters)
    return render_template("audit.html", events=events, filters=filters, actions=audit.ACTIONS, args=request.args)


@blueprint.route("/audit.csv")
@access.requires("audit")
def export():
    filters = {**event_filters(request.args), "limit": EXPORT_LIMIT, "offset": 0}
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
