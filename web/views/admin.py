"""Account administration: add users, change role/groups, reset passwords, issue API
tokens (shown once), deactivate. Every change is audited."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from corpus import accounts
from corpus.access import PERMISSION_WORDS, PERMISSIONS, ROLES
from web import access
from web.operations import split_names

blueprint = Blueprint("admin", __name__)


@blueprint.route("/admin/users")
@access.requires("manage_users")
def users():
    return _users_page(saved=(request.args.get("saved", ""), request.args.get("change", "")))


# What the page says after a change, from the account as it now is (the address carries only
# the name and the kind of change, so no one can put words on an administrator's page).
SAVED_WORDS = {"add": "Added {name} ({role}).", "update": "Saved: {name} is {role} ({groups}).",
               "password": "Password of {name} set; their sessions have ended.",
               "deactivate": "{name} deactivated: their sessions and API token no longer work.",
               "activate": "{name} may log in again."}


def _users_page(*, new_token=None, saved: tuple[str, str] = ("", "")):
    users = accounts.list_users(access.services().store)
    # Each role in words, from the one table of permissions, so an admin picks the narrowest one.
    role_words = {role: "; ".join(PERMISSION_WORDS.get(p, p) for p in sorted(PERMISSIONS[role])) for role in ROLES}
    name, change = saved
    account = next((u for u in users if u.name == name), None)
    message = SAVED_WORDS[change].format(name=account.name, role=account.role,
                                         groups=", ".join(account.groups) or "no group") \
        if account is not None and change in SAVED_WORDS else ""
    return render_template("admin_users.html", users=users, roles=ROLES, role_words=role_words,
                           new_token=new_token, saved=message)


@blueprint.route("/admin/users", methods=["POST"])
@access.requires("manage_users")
def add_user():
    form = request.form
    account = accounts.add_user(access.services().store, form.get("name", "").strip(), form.get("role", ""),
                                form.get("password", ""), split_names(form.get("groups", "")))
    access.record("user", account.name, change="add", role=account.role, groups=list(account.groups))
    return redirect(url_for("admin.users", saved=account.name, change="add") + f"#user-{account.name}")


@blueprint.route("/admin/users/<name>", methods=["POST"])
@access.requires("manage_users")
def change_user(name: str):
    store = access.services().store
    form = request.form
    action = form.get("action", "update")
    if action == "token":
        token = accounts.issue_token(store, name)
        access.record("user", name, change="token")
        return _users_page(new_token={"name": name, "token": token})
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
    change = action if action in SAVED_WORDS else "update"
    return redirect(url_for("admin.users", saved=name, change=change) + f"#user-{name}")


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
