"""Operations shared by several blueprints (the pages and the JSON API): searching, deciding
a tag, restricting a document, starting an upload. Views call these and never each other's
functions. Each checks the caller's rights, changes the store, audits and reindexes."""
from __future__ import annotations

import functools
import io
from datetime import datetime

from flask import current_app, request, send_file
from werkzeug.datastructures import MultiDict

from corpus import accounts, audit, labels
from corpus.access import Principal
from corpus.documents import document_header, set_visibility
from corpus.errors import PermissionDenied, UsageError
from corpus.sorting import DEFAULT_SORT, SORTS
from web import access
from web.page_images import page_png
from web.uploads import UploadManager

AUDIT_PER_PAGE = 100
PER_PAGE = 20   # hits on a search page


def taxonomy():
    """The label vocabulary of this app's services (one load per process: Services.taxonomy)."""
    return access.services().taxonomy


def split_names(*texts: str) -> list[str]:
    """Names from comma, semicolon or line separated text (a picker sends one name a value)."""
    return [n.strip() for text in texts for n in (text or "").replace(";", ",").replace("\n", ",").split(",")
            if n.strip()]


def json_body() -> dict:
    """An API request's JSON object body (a UsageError saying how to send one otherwise)."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise UsageError("the request body must be a JSON object", hint="Send Content-Type: application/json.")
    return body


def json_names(body: dict, key: str) -> list[str]:
    """The list of names under `key` of a JSON body (none when absent), stripped, blanks dropped."""
    value = body.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{key!r} must be a list of names")
    return [v.strip() for v in value if v.strip()]


def may_restrict(who: Principal, owner: str) -> bool:
    """Owners limit their own documents; admins any document."""
    return who.may("restrict") or (bool(owner) and owner == who.name and who.may("read"))


def restrict(doc_id: int, *, public: bool, users: list[str], groups: list[str]) -> dict:
    """Shared by the form and the API: check, change, audit, reindex."""
    services = access.services()
    who = access.principal()
    doc = document_header(services.store, doc_id, who)
    if not may_restrict(who, doc.owner):
        raise PermissionDenied(f"{who.name!r} may not restrict document {doc_id}",
                               hint="Only the document's owner or an administrator may change who can see it.")
    accounts.require_known_names(services.store, users, groups,
                                 hint="Choose existing users and groups from the lists (an administrator adds "
                                      "accounts and groups on the Users page).")
    if not public and not users and not groups and not doc.owner:
        raise UsageError("a restricted document needs at least one user or group",
                         hint="List users or groups, or make the document public.")
    set_visibility(services.store, doc_id, public=public, users=users, groups=groups)
    access.record("restrict", doc_id, public=public, users=sorted(set(users)), groups=sorted(set(groups)))
    services.document_changed(doc_id)
    return {"id": doc_id, "public": public, "users": sorted(set(users)), "groups": sorted(set(groups))}


def decide_label(doc_id: int, kind: str, value: str, action: str) -> None:
    """Shared by the document page, the review queue and the API."""
    services = access.services()
    who = access.principal()
    document_header(services.store, doc_id, who)   # 404 when hidden
    if kind not in labels.KINDS:
        raise UsageError(f"unknown label kind {kind!r}", hint=f"Kinds: {', '.join(labels.KINDS)}.")
    if action not in labels.ACTIONS:
        raise UsageError(f"unknown review action {action!r}", hint=f"Actions: {', '.join(labels.ACTIONS)}.")
    vocabulary = taxonomy()
    # Flags are both release-restricted categories and FOIA exemption codes.
    allowed = {"type": vocabulary.type_codes, "scope": vocabulary.scope_codes,
               "flag": [*vocabulary.flag_codes, *vocabulary.foia_codes]}[kind]
    if value not in allowed:
        raise UsageError(f"{value!r} is not a {kind} of the taxonomy",
                         hint=f"Known {kind} codes: {', '.join(allowed[:30])}.")
    services.decide_label(doc_id, kind, value, who.name, action)   # the index follows within about a second
    access.record("label", doc_id, kind=kind, value=value, decision=action)


def search_arguments(args) -> dict:
    """Query-string -> keyword arguments of `index.search` (shared by the page, CSV and API)."""
    try:
        page = max(1, int(args.get("page", 1) or 1))
    except ValueError:
        raise UsageError("page must be a whole number", hint="Use page=1, 2, ...") from None
    sort = args.get("sort", DEFAULT_SORT) or DEFAULT_SORT
    if sort not in SORTS:
        raise UsageError(f"unknown sort {sort!r}", hint=f"Sorts: {', '.join(SORTS)}.")
    filters: dict = {}
    for key in args:
        if key.startswith("f."):
            values = [v for v in args.getlist(key) if v]
            if values:
                filters[key[2:]] = values
    expiring = args.get("expiring", "")
    if expiring:
        try:
            filters["expiring_days"] = [str(int(expiring))]
        except ValueError:
            raise UsageError("expiring must be a number of days", hint="Use expiring=30, 90 or 180.") from None
    # control characters (a pasted NUL) are never part of a search, and a store may refuse them
    query = "".join(ch for ch in args.get("q", "") if ch.isprintable() or ch in "\t\n").strip()
    return {"query": query, "page": page, "sort": sort, "filters": filters or None}


def one_of_few_searches(view):
    """At most ACCORD_SEARCH_CONCURRENCY requests of views marked so run at once in this process
    (a semaphore made in create_app); the others wait here, on their own thread. A search is CPU
    work that holds Python's lock: more at once only slows each, and a reviewer's POST or a light
    page, which do not wait here, would share the CPU with all of them."""
    @functools.wraps(view)
    def limited(*args, **kwargs):
        with current_app.extensions["accord_search_slots"]:
            return view(*args, **kwargs)
    return limited


def run_search(args, *, per_page: int = PER_PAGE, snippets: bool = True, audited: bool = True):
    """`audited=False` for a caller that records the read as its own event (the CSV export)."""
    spec = search_arguments(args)
    results = access.services().index.search(spec["query"], principal=access.principal(), page=spec["page"],
                                             per_page=per_page, sort=spec["sort"], filters=spec["filters"],
                                             snippets=snippets)
    if audited:
        access.record("search", "", query=spec["query"], filters=spec["filters"] or {}, hits=results.total,
                      page=spec["page"])
    return spec, results


def uploads() -> UploadManager:
    """The app's upload manager (created in create_app)."""
    return current_app.extensions["accord_uploads"]


def start_upload(files) -> dict:
    """Shared by the page and the API."""
    who = access.principal()
    upload = uploads().start(files, actor=who.name, owner=who.name)
    access.record("ingest", f"upload:{upload.id}", files=upload.files[:100], count=len(upload.files))
    return upload.as_dict()


def send_page_image(doc_id: int, page: int, size: str = "full"):
    """A page as PNG for the page and the API (404 when the caller may not see the document)."""
    services = access.services()
    doc = document_header(services.store, doc_id, access.principal())
    png = page_png(services.store, doc.sha256, doc.mime, page, size, max_pixels=services.config["ACCORD_MAX_IMAGE_PIXELS"])
    response = send_file(io.BytesIO(png), mimetype="image/png", max_age=3600)
    # Private: the image must not be stored by shared caches (it may be restricted).
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


def audit_filters(args) -> dict:
    """Query-string -> keyword arguments of corpus.audit.events (the audit page, its export, the API)."""
    try:
        offset = max(0, int(args.get("offset", 0) or 0))
        limit = min(1000, max(1, int(args.get("limit", AUDIT_PER_PAGE) or AUDIT_PER_PAGE)))
    except ValueError:
        raise UsageError("offset and limit must be whole numbers") from None
    action = args.get("action") or None
    if action and action not in audit.ACTIONS:
        raise UsageError(f"unknown action {action!r}", hint=f"Actions: {', '.join(audit.ACTIONS)}.")
    return {"actor": args.get("actor") or None, "action": action, "target": args.get("target") or None,
            "since": _date(args.get("since")), "until": _date(args.get("until")), "limit": limit, "offset": offset}


def _date(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"not a date: {text!r}", hint="Use YYYY-MM-DD or YYYY-MM-DDTHH:MM.") from None


# --- searching: API bodies (saved views and bulk selections reuse search_arguments above) ---------
def search_args_from_json(body: dict) -> MultiDict:
    """An API body's search {"query", "filters": {name: [values]}, "sort"} as the search page's
    query string (q, f.NAME, expiring, sort), for `search_arguments`."""
    filters = body.get("filters") or {}
    if not isinstance(filters, dict) or not all(isinstance(v, list) and all(isinstance(x, str) for x in v)
                                                for v in filters.values()):
        raise UsageError('"filters" maps a facet name to a list of values',
                         hint='Example: {"filters": {"type": ["mou"], "year": ["2020"]}}')
    query, sort = body.get("query", ""), body.get("sort", DEFAULT_SORT)
    if not isinstance(query, str) or not isinstance(sort, str):
        raise UsageError('"query" and "sort" are strings')
    args = MultiDict([("q", query), ("sort", sort)]
                     + [(f"f.{k}", v) for k, values in filters.items() if k != "expiring_days" for v in values])
    if filters.get("expiring_days"):
        args.add("expiring", filters["expiring_days"][0])
    return args
