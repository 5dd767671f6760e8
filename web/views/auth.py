"""Sign in and out. The warning banner is shown before anyone can log in."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request, url_for

from corpus import accounts
from web import access

blueprint = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths, so the login form cannot redirect elsewhere."""
    if not target:
        return url_for("search.search_page")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("search.search_page")
    return target


@blueprint.route("/login", methods=["GET", "POST"])
@access.public
def login():
    error = ""
    if request.method == "POST":
        name = request.form.get("username", "").strip()
        password = request.form.get("password", "")
        account = accounts.verify_password(access.services().store, name, password)
        if account is None:
            access.record("login_failed", name, actor=name or "anonymous")
            # The same words for an unknown name and a wrong password (no account list for guessers).
            error = ("Unknown user name or wrong password. Check the name and Caps Lock; if you have forgotten "
                     "the password, an administrator sets a new one (Users page, or `accord user passwd NAME`).")
        else:
            access.start_session(account)
            access.record("login", account.name)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("login.html", error=error, next=request.args.get("next", "")), (401 if error else 200)


@blueprint.route("/logout", methods=["POST"])
@access.public
def logout():
    if access.current_principal():
        access.record("logout", access.current_principal().name)
    access.end_session()
    return redirect(url_for("auth.login"))
