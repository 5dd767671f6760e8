"""The document page, page images, download of the original, tags and restrictions.

Every read goes through `document_record`/`document_header` with the caller as principal,
so a document the caller may not see is a 404 here exactly like a missing one."""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, send_file, url_for

from corpus import accounts, audit, labels
from corpus.access import Principal
from corpus.documents import document_header, document_record, set_visibility
from corpus.errors import PermissionDenied, UsageError
from corpus.field_corrections import CORRECTABLE, DATE_ROLES, REMOVE, SET, SINGLE_VALUED
from web import access
from web.downloads import send_download
from web.highlight import highlight
from web.page_images import page_png

blueprint = Blueprint("documents", __name__)

CHANGE_ACTIONS = ("label", "fields", "restrict", "ingest", "delete", "file", "essential", "hold", "trash",
                  "restore")


def may_restrict(who: Principal, owner: str) -> bool:
    """Owners limit their own documents; admins any document."""
    return who.may("restrict") or (bool(owner) and owner == who.name and who.may("read"))


def split_names(text: str) -> list[str]:
    return [n.strip() for n in (text or "").replace(";", ",").replace("\n", ",").split(",") if n.strip()]


def label_history(doc_id: int) -> list[dict]:
    """Every tag row of the document, oldest first (what ClassifierService.history returns)."""
    return [label.to_dict() for label in labels.history(access.services().store, doc_id)]


def change_history(doc_id: int) -> list[dict]:
    events = audit.events(access.services().store, target=str(doc_id), limit=200)
    return [e for e in events if e["action"] in CHANGE_ACTIONS]


@blueprint.route("/documents/<int:doc_id>")
def document_page(doc_id: int):
    store = access.services().store
    who = access.principal()
    record = document_record(store, doc_id, with_text=True, principal=who)
    access.record("view", doc_id, filename=record["filename"], owner=record["owner"])
    query = request.args.get("q", "")
    wanted = access.services().index.highlight_stems(query) if query.strip() else set()
    spans_by_page: dict[int, list] = {}
    for i, f in enumerate(record["fields"]):
        ev = f.get("evidence")
        if ev and ev.get("page") is not None and ev.get("start") is not None and ev.get("end") is not None:
            spans_by_page.setdefault(ev["page"], []).append((ev["start"], ev["end"], f"ev-{i}"))
    from search.snippets import word_spans
    pages = []
    for p in record["text"]:
        hits = word_spans(p["text"], wanted) if wanted else []
        pages.append({"number": p["page"], "html": highlight(p["text"], hits, spans_by_page.get(p["page"], [])),
                      "hits": len(hits)})
    first_hit = next((p["number"] for p in pages if p["hits"]), None)
    return render_template("document.html", doc=record, pages=pages, first_hit=first_hit,
                           label_history=label_history(doc_id), changes=change_history(doc_id),
                           can_restrict=may_restrict(who, record["owner"]), query=request.args.get("q", ""),
                           taxonomy=taxonomy(), correctable=CORRECTABLE, single_valued=SINGLE_VALUED,
                           date_roles=DATE_ROLES, **record_lifecycle(doc_id))


def record_lifecycle(doc_id: int) -> dict:
    """The document's category and lifecycle dates with their reasons (corpus/records)."""
    from datetime import date
    from corpus.records.filing import lifecycle_of
    from corpus.records.plan import file_plan
    services = access.services()
    return {"record_lifecycle": lifecycle_of(services.store, services.config, doc_id).as_dict(date.today()),
            "record_categories": [c.code for c in file_plan(services.config).categories]}


def taxonomy():
    from corpus.taxonomy import load_taxonomy
    return load_taxonomy(access.services().config["ACCORD_TAXONOMY_FILE"] or None)


@blueprint.route("/documents/<int:doc_id>/pages/<int:page>.png")
@access.audited("page")
def page_image(doc_id: int, page: int):
    services = access.services()
    doc = document_header(services.store, doc_id, access.principal())
    size = request.args.get("size", "full")
    path = page_png(services.config.cache_dir, services.store.original_path(doc.sha256), doc.sha256, doc.mime,
                    page, size, max_pixels=services.config["ACCORD_MAX_IMAGE_PIXELS"])
    response = send_file(path, mimetype="image/png", max_age=3600)
    # Private: the image must not be stored by shared caches (it may be restricted).
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


@blueprint.route("/documents/<int:doc_id>/original")
def download(doc_id: int):
    services = access.services()
    doc = document_header(services.store, doc_id, access.principal())
    access.record("download", doc_id, filename=doc.filename, owner=doc.owner)
    return send_download(services.store.original_path(doc.sha256), doc.filename, doc.mime)


def restrict(doc_id: int, *, public: bool, users: list[str], groups: list[str]) -> dict:
    """Shared by the form and the API: check, change, audit, reindex."""
    services = access.services()
    who = access.principal()
    doc = document_header(services.store, doc_id, who)
    if not may_restrict(who, doc.owner):
        raise PermissionDenied(f"{who.name!r} may not restrict document {doc_id}",
                               hint="Only the document's owner or an administrator may change who can see it.")
    for name in (*users, *groups):
        if not accounts.NAME_PATTERN.match(name):
            raise UsageError(f"invalid user or group name {name[:64]!r}",
                             hint="Names use letters, digits, '.', '_', '@' or '-' (at most 128).")
    if not public and not users and not groups and not doc.owner:
        raise UsageError("a restricted document needs at least one user or group",
                         hint="List users or groups, or make the document public.")
    set_visibility(services.store, doc_id, public=public, users=users, groups=groups)
    access.record("restrict", doc_id, public=public, users=sorted(set(users)), groups=sorted(set(groups)))
    services.document_changed(doc_id)
    return {"id": doc_id, "public": public, "users": sorted(set(users)), "groups": sorted(set(groups))}


@blueprint.route("/documents/<int:doc_id>/visibility", methods=["POST"])
def visibility_form(doc_id: int):
    public = request.form.get("visibility") == "public"
    restrict(doc_id, public=public, users=split_names(request.form.get("users", "")),
             groups=split_names(request.form.get("groups", "")))
    return redirect(url_for("documents.document_page", doc_id=doc_id))


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
    services.classifier.decide(doc_id, kind, value, who.name, action)
    access.record("label", doc_id, kind=kind, value=value, decision=action)
    services.document_changed(doc_id)


@blueprint.route("/documents/<int:doc_id>/labels", methods=["POST"])
@access.requires("label")
def label_form(doc_id: int):
    kind = request.form.get("kind", "type")
    value = request.form.get("value", "").strip()
    if not value:
        abort(400, "choose a value")
    decide_label(doc_id, kind, value, request.form.get("action", "correct"))
    return redirect(url_for("documents.document_page", doc_id=doc_id))


@blueprint.route("/documents/<int:doc_id>/fields", methods=["POST"])
@access.requires("correct")
def fields_form(doc_id: int):
    """One value's change from the document page: set (add, change, confirm) or remove."""
    form = request.form
    action = REMOVE if form.get("action") == REMOVE else SET
    previous = form.get("previous") or None
    # "Remove" beside a value removes the value shown, whatever was typed into its box since
    value = previous if action == REMOVE and previous else form.get("value")
    change = {"name": form.get("name", ""), "value": value, "action": action,
              "previous": previous if action == SET else None, "role": form.get("role") or None}
    access.services().correct_fields(doc_id, [change], access.principal(), ip=access.client_ip())
    return redirect(url_for("documents.document_page", doc_id=doc_id, _anchor="metadata"))
