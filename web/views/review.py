"""The review queue: most uncertain suggestions first; accept / correct / unsure with one
click or a key; bulk accept of confident suggestions; the model's held-out metrics."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from corpus.errors import UsageError
from web import access
from web.views.documents import decide_label, taxonomy

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
    return render_template("review.html", items=items, offset=offset, per_page=PER_PAGE, taxonomy=taxonomy(),
                           metrics=classifier.current_metrics(), retrain_error=classifier.last_retrain_error)


def queue_item(item: dict) -> dict:
    """The classifier's review item in the names the template uses."""
    return {**item, "doc_id": item["document_id"], "kind": item.get("kind", "type"), "value": item["label"],
            "confidence": item["probability"]}


@blueprint.route("/review/<int:doc_id>", methods=["POST"])
@access.requires("label")
def decide(doc_id: int):
    action = request.form.get("action", "accept")
    kind = request.form.get("kind", "type")
    value = (request.form.get("corrected") if action == "correct" else request.form.get("value")) or ""
    if not value.strip():
        raise UsageError("no value chosen", hint="Pick the correct value from the list before correcting.")
    decide_label(doc_id, kind, value.strip(), action)
    return redirect(url_for("review.queue", offset=request.form.get("offset", 0), _anchor="queue"))


@blueprint.route("/review/bulk-accept", methods=["POST"])
@access.requires("label")
def bulk_accept():
    try:
        threshold = float(request.form.get("min_probability", "0.95"))
    except ValueError:
        raise UsageError("min_probability must be a number between 0 and 1") from None
    if not 0.5 <= threshold <= 1.0:
        raise UsageError("min_probability must be between 0.5 and 1", hint="Use e.g. 0.95.")
    who = access.principal()
    accepted = access.services().classifier.bulk_accept(threshold, who.name, principal=who)
    for doc_id in accepted:   # one event per document changed, like a single decision
        access.record("label", doc_id, kind="type", decision="accept", via="bulk_accept", min_probability=threshold)
    if accepted:
        # The accepted types (and the scopes decided from them) must reach the search index.
        access.services().documents_changed(accepted)
    return redirect(url_for("review.queue"))
