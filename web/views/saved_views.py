"""Saved views: save the current search under a name, share it, open it (which records the
visit, so its "new" count starts again), rename or delete it; and the same in the API
(/api/views). Counts are the caller's (web/saved_views.py)."""
from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, request, url_for

from corpus import accounts, saved_views
from web import access
from web.openapi import api_operation
from web.operations import json_body, json_names
from web import saved_views as views

blueprint = Blueprint("saved_views", __name__, url_prefix="/views")
api_blueprint = Blueprint("saved_views_api", __name__, url_prefix="/api/views")


# --- pages -----------------------------------------------------------------------------
@blueprint.route("")
def list_page():
    who = access.principal()
    return render_template("saved_views.html", items=views.with_counts(who), search_url=views.search_url,
                           choices=accounts.known_names(access.services().store), saved=request.args.get("saved"))


@blueprint.route("/counts")
def counts():
    """The caller's views with their counts, for the list beside the search results (filled by
    accord.js after the results, with the page's session: the API takes tokens only)."""
    return jsonify({"views": [views.view_json(item) for item in views.with_counts(access.principal())]})


@blueprint.route("", methods=["POST"])
def create_form():
    users, groups = views.shares_from_form(request.form)
    view = views.save(views.spec_from_args(request.form), name=request.form.get("name", ""), users=users,
                      groups=groups)
    return redirect(url_for("saved_views.list_page", saved=view.id, _anchor=f"view-{view.id}"))


@blueprint.route("/<int:view_id>")
def open_view(view_id: int):
    """Opening a view runs its search; what the caller sees now is no longer new to them."""
    store = access.services().store
    view = saved_views.get_view(store, view_id, access.principal())
    saved_views.record_visit(store, view_id, access.principal())
    return redirect(views.search_url(view))


@blueprint.route("/<int:view_id>", methods=["POST"])
def change_form(view_id: int):
    """Rename or re-share (the search itself stays, unless the form sends a new one)."""
    who = access.principal()
    current = saved_views.get_view(access.services().store, view_id, who)
    spec = (views.spec_from_args(request.form) if "q" in request.form
            else {"query": current.query, "filters": current.filters, "sort": current.sort})
    users, groups = views.shares_from_form(request.form)
    views.save(spec, name=request.form.get("name") or current.name, users=users, groups=groups, view_id=view_id)
    return redirect(url_for("saved_views.list_page", saved=view_id, _anchor=f"view-{view_id}"))


@blueprint.route("/<int:view_id>/delete", methods=["POST"])
def delete_form(view_id: int):
    saved_views.delete_view(access.services().store, view_id, access.principal(), ip=access.client_ip())
    return redirect(url_for("saved_views.list_page"))


# --- API -------------------------------------------------------------------------------
def _one(view_id: int) -> dict:
    who = access.principal()
    view = saved_views.get_view(access.services().store, view_id, who)
    seen = saved_views.last_visits(access.services().store, who).get(view_id)
    total = views.count(view, who)
    return views.view_json({"view": view, "count": total,
                            "new": total if seen is None else views.count(view, who, after_id=seen)})


@api_blueprint.route("")
@api_operation("Your saved views and those shared with you, with live counts", responses={200: "SavedViews"})
def api_list():
    return jsonify({"views": [views.view_json(item) for item in views.with_counts(access.principal())]})


@api_blueprint.route("", methods=["POST"])
@api_operation("Save a search as a view (audited)", body="SavedViewSpec", responses={201: "SavedView"}, errors=(400,))
def api_create():
    body = json_body()
    view = views.save(views.spec_from_json(body), name=str(body.get("name", "")), users=json_names(body, "users"),
                      groups=json_names(body, "groups"))
    return jsonify(_one(view.id)), 201


@api_blueprint.route("/<int:view_id>")
@api_operation("One saved view with its count and new-since-last-visit count", responses={200: "SavedView"}, errors=(404,))
def api_view(view_id: int):
    return jsonify(_one(view_id))


@api_blueprint.route("/<int:view_id>", methods=["PUT"])
@api_operation("Change your saved view (audited)", body="SavedViewSpec", responses={200: "SavedView"}, errors=(400, 404))
def api_change(view_id: int):
    body = json_body()
    current = saved_views.get_view(access.services().store, view_id, access.principal())
    merged = {"query": current.query, "filters": current.filters, "sort": current.sort,
              **{k: body[k] for k in ("query", "filters", "sort") if k in body}}
    views.save(views.spec_from_json(merged), name=str(body.get("name") or current.name),
               users=json_names(body, "users") if "users" in body else list(current.users),
               groups=json_names(body, "groups") if "groups" in body else list(current.groups), view_id=view_id)
    return jsonify(_one(view_id))


@api_blueprint.route("/<int:view_id>", methods=["DELETE"])
@api_operation("Delete your saved view (audited)", responses={200: {"type": "object"}}, errors=(404,))
def api_delete(view_id: int):
    saved_views.delete_view(access.services().store, view_id, access.principal(), ip=access.client_ip())
    return jsonify({"id": view_id, "deleted": True})
