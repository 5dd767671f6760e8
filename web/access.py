"""Who is asking, and may they do this? Decided in ONE place: `check_access`, run before
every request. Views only declare what they need with `@requires("perm")` or `@public`;
a view that declares nothing needs "read" (deny by default).

Callers are identified, in order, by: an API bearer token (API paths only, never a
cookie, so the API needs no CSRF token), the trusted reverse-proxy header when
ACCORD_TRUST_PROXY_USER_HEADER is set, or the Flask-Login session.
"""
from __future__ import annotations

from flask import current_app, g, redirect, request, url_for
from flask_login import UserMixin, current_user

from corpus import accounts, audit
from corpus.access import Principal
from corpus.errors import AuthenticationRequired

PUBLIC = "public"
DEFAULT_PERMISSION = "read"


class SessionUser(UserMixin):
    """What Flask-Login keeps in the session: just the account name."""

    def __init__(self, account: accounts.Account):
        self.account = account

    def get_id(self) -> str:
        return self.account.name


def services():
    return current_app.extensions["accord"]


def requires(permission: str):
    """Declare the permission a view needs (checked by `check_access`)."""
    def mark(view):
        view.accord_permission = permission
        return view
    return mark


def public(view):
    view.accord_permission = PUBLIC
    return view


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def _bearer_token() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _identify() -> accounts.Account | None:
    store = services().store
    if is_api_request():
        return accounts.account_for_token(store, _bearer_token())
    header = current_app.config.get("ACCORD_PROXY_HEADER")
    if header and request.headers.get(header):
        return accounts.find_active(store, request.headers[header].strip())
    if current_user.is_authenticated:
        return current_user.account
    return None


def current_principal() -> Principal | None:
    return g.get("principal")


def principal() -> Principal:
    """The caller of a view that passed `check_access` (never None there)."""
    return g.principal


def check_access():
    """before_request: identify the caller and enforce the view's declared permission."""
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    permission = getattr(view, "accord_permission", DEFAULT_PERMISSION)
    if request.endpoint == "static":
        g.principal = None
        return None
    account = _identify()
    g.principal = account.principal if account else None
    if permission == PUBLIC:
        return None
    if g.principal is None:
        if is_api_request() or request.accept_mimetypes.best == "application/json":
            raise AuthenticationRequired("authentication required")
        return redirect(url_for("auth.login", next=request.full_path if request.query_string else request.path))
    g.principal.require(permission)
    return None


def client_ip() -> str:
    return request.remote_addr or ""


def record(action: str, target: object = "", **details) -> None:
    """Append an audit event for the current caller (role kept so owners' notices can skip auditors)."""
    who = current_principal()
    actor = who.name if who else details.pop("actor", "anonymous")
    if who:
        details.setdefault("role", who.role)
    audit.record(services().store, actor, action, str(target), ip=client_ip(), details=details)

