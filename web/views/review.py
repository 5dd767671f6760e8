"""The review queue: most uncertain suggestions first; accept / correct / unsure with one
click or a key; bulk accept of confident suggestions; the model's held-out metrics."""
from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, request, url_for

from corpus import statistics
from corpus.errors import UsageError
from web import access
from web.operations import decide_label, taxonomy

blueprint = Blueprint("review", __name__)
PER_PAGE = 25


@blueprint.route("/review")
@access.requires("label")
def queue():
    try:
        offset = max(0, int(request.args.get("offset", 0)))
    except ValueError:
        raise UsageError("offset must be a whole number") from None
    classifier = access.services().classifier
    # Built from the documents the reviewer may see only: not even a restricted document's name,
    # nor its place in the queue, reaches the page.
    items = [queue_item(i) for i in classifier.review_queue(PER_PAGE, offset, principal=access.principal())]
    done = None
    if request.args.get("accepted") is not None:   # the result of a bulk accept (see bulk_accept)
        done = {key: request.args.get(key, type=int, default=0) for key in ("accepted", "skipped")}
        done["threshold"] = request.args.get("threshold", "")
    # The dashboard's "tags awaiting review", so the two pages never disagree.
    backlog = statistics.review_backlog(access.services().store, access.principal())
    return render_template("review.html", items=items, offset=offset, per_page=PER_PAGE, taxonomy=taxonomy(),
                           backlog=backlog,
                           metrics=classifier.current_metrics(), retrain_error=classifier.last_retrain_error,
                           bulk_done=done)


def queue_item(item: dict) -> dict:
    """The classifier's review item in the names the template uses."""
    return {**item, "doc_id": item["document_id"], "kind": item.get("kind", "type"), "value": item["label"],
            "confidence": item["probability"]}


def _wants_json() -> bool:
    """The queue's script decides without leaving the page (so focus stays in the queue)."""
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json"


@blueprint.route("/review/<int:doc_id>", methods=["POST"])
@access.requires("label")
def decide(doc_id: int):
    action = request.form.get("action", "accept")
    kind = request.form.get("kind", "type")
    value = (request.form.get("corrected") if action == "correct" else request.form.get("value")) or ""
    if not value.strip():
        raise UsageError("no value chosen", hint="Pick the correct value from the list before correcting.")
    decide_label(doc_id, kind, value.strip(), action)
    if _wants_json():
        return jsonify({"id": doc_id, "kind": kind, "value": value.strip(), "action": action})
    return redirect(url_for("review.queue", offset=request.form.get("offset", 0), _anchor="queue"))


def _threshold(text: str | None) -> float:
    try:
        threshold = float(text if text is not None else "0.95")
    except ValueError:
        raise UsageError("min_probability must be a number between 0 and 1") from None
    if not 0.5 <= threshold <= 1.0:
        raise UsageError("min_probability must be between 0.5 and 1", hint="Use e.g. 0.95.")
    return threshold


@blueprint.route("/review/bulk-accept")
@access.requires("label")
def bulk_accept_preview():
    """What a bulk accept would do, to confirm before anything changes."""
    threshold = _threshold(request.args.get("min_probability"))
    preview = access.services().classifier.bulk_accept_preview(threshold, principal=access.principal())
    return render_template("review_bulk.html", preview=preview, threshold=threshold)


@blueprint.route("/review/bulk-accept", methods=["POST"])
@access.requires("label")
def bulk_accept():
    threshold = _threshold(request.form.get("min_probability"))
    who = access.principal()
    classifier = access.services().classifier
    unsure = classifier.bulk_accept_preview(threshold, principal=who)["unsure"]
    accepted = classifier.bulk_accept(threshold, who.name, principal=who)
    for doc_id in accepted:   # one event per document changed, like a single decision
        access.record("label", doc_id, kind="type", decision="accept", via="bulk_accept", min_probability=threshold)
    if accepted:
        # The accepted types (and the scopes decided from them) reach the search index within
        # about a second, off the request path, like a single decision's.
        access.services().documents_changed_soon(list(accepted))
    return redirect(url_for("review.queue", accepted=len(accepted), skipped=unsure, threshold=threshold))
