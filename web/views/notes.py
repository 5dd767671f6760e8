"""Notes on a document: add, edit (the author), delete (the author or an admin; kept as
"deleted" for the audit trail), from the document page and the API. A document the caller
may not see answers 404 here exactly like a missing one (corpus/notes.py), and each change
reindexes the document (off the request path) so its notes' words find it within about a second."""
from __future__ import annotations

from flask import Blueprint, jsonify, redirect, request, url_for

from corpus import notes
from corpus.errors import UsageError
from web import access
from web.openapi import api_operation

blueprint = Blueprint("notes", __name__, url_prefix="/documents")
api_blueprint = Blueprint("notes_api", __name__, url_prefix="/api/documents")


def _changed(doc_id: int) -> None:
    # Notes change no one's access to the document: its index entry follows off the request path.
    access.services().documents_changed_soon([doc_id])


def add(doc_id: int, text: str) -> notes.Note:
    note = notes.add_note(access.services().store, doc_id, text, who=access.principal(), ip=access.client_ip())
    _changed(doc_id)
    return note


def edit(doc_id: int, note_id: int, text: str) -> notes.Note:
    note = notes.edit_note(access.services().store, doc_id, note_id, text, who=access.principal(),
                           ip=access.client_ip())
    _changed(doc_id)
    return note


def remove(doc_id: int, note_id: int) -> notes.Note:
    note = notes.delete_note(access.services().store, doc_id, note_id, who=access.principal(), ip=access.client_ip())
    _changed(doc_id)
    return note


def _back(doc_id: int, anchor: str = "notes"):
    return redirect(url_for("documents.document_page", doc_id=doc_id, _anchor=anchor))


# --- pages -----------------------------------------------------------------------------
@blueprint.route("/<int:doc_id>/notes", methods=["POST"])
def add_form(doc_id: int):
    note = add(doc_id, request.form.get("text", ""))
    return _back(doc_id, f"note-{note.id}")


@blueprint.route("/<int:doc_id>/notes/<int:note_id>", methods=["POST"])
def edit_form(doc_id: int, note_id: int):
    edit(doc_id, note_id, request.form.get("text", ""))
    return _back(doc_id, f"note-{note_id}")


@blueprint.route("/<int:doc_id>/notes/<int:note_id>/delete", methods=["POST"])
def delete_form(doc_id: int, note_id: int):
    remove(doc_id, note_id)
    return _back(doc_id)


# --- API -------------------------------------------------------------------------------
def _text() -> str:
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("text"), str):
        raise UsageError('send a JSON object with the note\'s "text"', hint='Example: {"text": "Renewal pending."}')
    return body["text"]


@api_blueprint.route("/<int:doc_id>/notes")
@api_operation("A document's notes (audited as a view)", responses={200: "Notes"}, errors=(404,))
def api_notes(doc_id: int):
    thread = notes.notes_of(access.services().store, doc_id, access.principal())
    access.record("view", doc_id, part="notes", via="api")
    return jsonify({"id": doc_id, "notes": [n.to_dict() for n in thread]})


@api_blueprint.route("/<int:doc_id>/notes", methods=["POST"])
@api_operation("Add a note to a document (audited; the document is reindexed)", body="NoteText", responses={201: "Note"}, errors=(400, 404))
def api_add(doc_id: int):
    return jsonify(add(doc_id, _text()).to_dict()), 201


@api_blueprint.route("/<int:doc_id>/notes/<int:note_id>", methods=["PUT"])
@api_operation("Edit your note (audited)", body="NoteText", responses={200: "Note"}, errors=(400, 403, 404))
def api_edit(doc_id: int, note_id: int):
    return jsonify(edit(doc_id, note_id, _text()).to_dict())


@api_blueprint.route("/<int:doc_id>/notes/<int:note_id>", methods=["DELETE"])
@api_operation("Delete a note (its author or an admin; kept as deleted for the audit)", responses={200: "Note"}, errors=(403, 404))
def api_delete(doc_id: int, note_id: int):
    return jsonify(remove(doc_id, note_id).to_dict())
