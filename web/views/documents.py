"""The document page, page images, download of the original, tags and restrictions.

Every read goes through `document_record`/`document_header` with the caller as principal,
so a document the caller may not see is a 404 here exactly like a missing one."""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for

from corpus import accounts, audit, labels, notes
from corpus.documents import document_header, document_record
from corpus.field_corrections import CORRECTABLE, DATE_ROLES, REMOVE, SET, SINGLE_VALUED
from corpus.page_words import page_words
from web import access, viewer
from web.downloads import send_original
from web.page_images import has_page_images
from web.operations import decide_label, may_restrict, restrict, send_page_image, split_names, taxonomy

blueprint = Blueprint("documents", __name__)

CHANGE_ACTIONS = ("label", "fields", "restrict", "ingest", "delete", "file", "essential", "hold", "trash",
                  "restore")


def label_history(doc_id: int) -> list[dict]:
    """Every tag row of the document, oldest first (what ClassifierService.history returns)."""
    return [label.to_dict() for label in labels.history(access.services().store, doc_id)]


def change_history(doc_id: int) -> list[dict]:
    events = audit.events(access.services().store, target=str(doc_id), limit=200)
    return [e for e in events if e["action"] in CHANGE_ACTIONS]


def history_in_time_order(tags: list[dict], changes: list[dict]) -> list[dict]:
    """Tag rows and audited changes as one list, oldest first: {"at", "tag"} or {"at", "change"}."""
    entries = [{"at": t.get("when") or "", "tag": t} for t in tags] + [{"at": e["at"], "change": e} for e in changes]
    return sorted(entries, key=lambda entry: entry["at"][:26])


@blueprint.route("/documents/<int:doc_id>")
def document_page(doc_id: int):
    store = access.services().store
    who = access.principal()
    record = document_record(store, doc_id, with_text=True, principal=who)
    images = has_page_images(record["mime"])
    access.record("view", doc_id, filename=record["filename"], owner=record["owner"],
                  **({"thumbnails": record["pages"]} if images else {}))
    query = request.args.get("q", "")
    wanted = access.services().index.highlight_stems(query) if query.strip() else set()
    sheets = viewer.sheets(record["text"], record["fields"], wanted, images=images,
                           words_by_page=page_words(store, doc_id) if images and wanted else {})
    first_hit = next((s for s in sheets if s.hits or s.boxes), None)
    return render_template("document.html", doc=record, sheets=sheets, images=images,
                           first_hit=first_hit.page if first_hit else None,
                           first_hit_sheet=first_hit,
                           thumbnail_pass=viewer.thumbnail_pass(who.name, doc_id) if images else "",
                           history=history_in_time_order(label_history(doc_id), change_history(doc_id)),
                           restrict_choices=accounts.known_names(store) if may_restrict(who, record["owner"]) else None,
                           saved=request.args.get("saved"),
                           can_restrict=may_restrict(who, record["owner"]), query=request.args.get("q", ""),
                           taxonomy=taxonomy(), correctable=CORRECTABLE, single_valued=SINGLE_VALUED,
                           date_roles=DATE_ROLES, notes=notes.notes_of(store, doc_id, who),
                           may_write_notes=notes.may_write_notes(who), **record_lifecycle(doc_id))


def record_lifecycle(doc_id: int) -> dict:
    """The document's category and lifecycle dates with their reasons (corpus/records)."""
    from datetime import date
    from corpus.records.filing import lifecycle_of
    from corpus.records.plan import file_plan
    services = access.services()
    return {"record_lifecycle": lifecycle_of(services.store, services.config, doc_id).as_dict(date.today()),
            "record_categories": [(c.code, c.title) for c in file_plan(services.config).categories]}


@blueprint.route("/documents/<int:doc_id>/pages/<int:page>.png")
@access.audited("page")
def page_image(doc_id: int, page: int):
    size = request.args.get("size", "full")
    response = send_page_image(doc_id, page, size)
    if size == "thumb" and viewer.holds_thumbnail_pass(request.args.get("pass", ""), access.principal().name, doc_id):
        access.already_audited()   # in the document page's view event
    return response


@blueprint.route("/documents/<int:doc_id>/original")
def download(doc_id: int):
    services = access.services()
    doc = document_header(services.store, doc_id, access.principal())
    access.record("download", doc_id, filename=doc.filename, owner=doc.owner)
    return send_original(services.store, doc.sha256, doc.filename, doc.mime)


@blueprint.route("/documents/<int:doc_id>/visibility", methods=["POST"])
def visibility_form(doc_id: int):
    public = request.form.get("visibility") == "public"
    restrict(doc_id, public=public, users=split_names(*request.form.getlist("users")),
             groups=split_names(*request.form.getlist("groups")))
    return redirect(url_for("documents.document_page", doc_id=doc_id, saved="visibility", _anchor="who-may-see"))


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
