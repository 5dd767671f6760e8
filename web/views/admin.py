"""Account administration: add users, change role/groups, reset passwords, issue API
tokens (shown once), deactivate. Every change is audited."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from corpus import accounts
from corpus.access import ROLES
from web import access
from web.operations import split_names

blueprint = Blueprint("admin", __name__)


@blueprint.route("/admin/users")
@access.requires("manage_users")
def users():
    return render_template("admin_users.html", users=accounts.list_users(access.services().store), roles=ROLES,
                           new_token=None)


@blueprint.route("/admin/users", methods=["POST"])
@access.requires("manage_users")
def add_user():
    form = request.form
    account = accounts.add_user(access.services().store, form.get("name", "").strip(), form.get("role", ""),
                                form.get("password", ""), split_names(form.get("groups", "")))
    access.record("user", account.name, change="add", role=account.role, groups=list(account.groups))
    return redirect(url_for("admin.users"))


@blueprint.route("/admin/users/<name>", methods=["POST"])
@access.requires("manage_users")
def change_user(name: str):
    store = access.services().store
    form = request.form
    action = form.get("action", "update")
    if action == "token":
        token = accounts.issue_token(store, name)
        access.record("user", name, change="token")
        return render_template("admin_users.html", users=accounts.list_users(store), roles=ROLES,
                               new_token={"name": name, "token": token})
    if action == "password":
        accounts.set_password(store, name, form.get("password", ""))
        access.record("user", name, change="password")
    elif action == "deactivate":
        accounts.deactivate(store, name)
        access.record("user", name, change="deactivate")
    elif action == "activate":
        accounts.update_user(store, name, active=True)
        access.record("user", name, change="activate")
    else:
        account = accounts.update_user(store, name, role=form.get("role") or None,
                                       groups=split_names(form.get("groups", "")))
        access.record("user", name, change="update", role=account.role, groups=list(account.groups))
    return redirect(url_for("admin.users"))


@blueprint.route("/admin/synonyms")
@access.requires("manage_users")
def synonyms():
    """Search settings: the concept groups search applies when it runs (no reindex)."""
    table = access.services().index.synonyms
    return render_template("admin_synonyms.html", text=table.text(), path=table.path, saved=False, error=None)


@blueprint.route("/admin/synonyms", methods=["POST"])
@access.requires("manage_users")
def save_synonyms():
    from corpus.errors import UsageError
    table = access.services().index.synonyms
    text = request.form.get("groups", "").replace("\r\n", "\n")
    try:
        saved = table.save(text)
    except UsageError as exc:   # shown beside the text being edited, which is kept
        return render_template("admin_synonyms.html", text=text, path=table.path, saved=False,
                               error=str(exc)), 400
    access.record("settings", "synonyms", groups=len(saved.groups))
    return render_template("admin_synonyms.html", text=table.text(), path=table.path, saved=True, error=None)
