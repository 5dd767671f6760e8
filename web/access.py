"""Who is asking, and may they do this? Decided in ONE place: `check_access`, run before
every request. Views only declare what they need with `@requires("perm")` or `@public`;
a view that declares nothing needs "read" (deny by default).

Callers are identified, in order, by: an API bearer token (API paths only, never a
cookie, so the API needs no CSRF token), the trusted reverse-proxy header when
ACCORD_TRUST_PROXY_USER_HEADER is set, or the Flask-Login session.
"""
from __future__ import annotations

import time

from flask import current_app, g, redirect, request, session, url_for
from flask_login import UserMixin, current_user, login_user, logout_user

from corpus import accounts, audit
from corpus.access import Principal
from corpus.errors import AuthenticationRequired

PUBLIC = "public"
DEFAULT_PERMISSION = "read"
SESSION_STARTED, SESSION_SEEN = "accord_started", "accord_seen"
SEEN_RESOLUTION_SECONDS = 60   # the cookie is rewritten at most once a minute to move the idle clock


class SessionUser(UserMixin):
    """What Flask-Login keeps in the session: the account name and its session version."""

    def __init__(self, account: accounts.Account):
        self.account = account

    def get_id(self) -> str:
        # Names cannot contain ":" (accounts.NAME_PATTERN).
        return f"{self.account.name}:{self.account.session_version}"


def load_session_user(store, session_id: str) -> SessionUser | None:
    """Flask-Login's user_loader: the session's account, if it is active and its session
    version is still the one the session was opened with."""
    name, _, version = str(session_id).rpartition(":")
    account = accounts.find_active(store, name) if name else None
    if account is None or str(account.session_version) != version:
        return None
    return SessionUser(account)


def start_session(account: accounts.Account) -> None:
    """After a successful login: a fresh session (no fixation) with its lifetime clocks."""
    session.clear()
    login_user(SessionUser(account))
    now = int(time.time())
    session[SESSION_STARTED] = session[SESSION_SEEN] = now
    g.principal = account.principal


def end_session() -> None:
    """Logout: ends every session of the user, not only this browser's."""
    if current_user.is_authenticated:
        accounts.end_sessions(services().store, current_user.account.name)
    logout_user()
    session.clear()


def _session_account() -> accounts.Account | None:
    """The session's account, unless the session outlived ACCORD_SESSION_MAX_HOURS since login
    or ACCORD_SESSION_IDLE_MINUTES since its last request."""
    if not current_user.is_authenticated:
        return None
    config = services().config
    now = time.time()
    started, seen = session.get(SESSION_STARTED, 0), session.get(SESSION_SEEN, 0)
    too_old = now - started > config["ACCORD_SESSION_MAX_HOURS"] * 3600
    if too_old or now - seen > config["ACCORD_SESSION_IDLE_MINUTES"] * 60:
        name = current_user.account.name
        logout_user()
        session.clear()
        audit.record(services().store, name, "logout", name, ip=client_ip(),
                     details={"reason": "session lifetime" if too_old else "idle"})
        return None
    if now - seen >= SEEN_RESOLUTION_SECONDS:
        session[SESSION_SEEN] = int(now)
    return current_user.account


def services():
    return current_app.extensions["accord"]


def requires(permission: str):
    """Declare the permission a view needs (checked by `check_access`)."""
    def mark(view):
        view.accord_permission = permission
        return view
    return mark


def audited(action: str, target: str | None = "doc_id"):
    """Declare that each successful response of this view is an audited access: `record_audited`
    writes one event (action, the view argument named `target`, the other view arguments and the
    query string) after the view answered below 400."""
    def mark(view):
        view.accord_audit = (action, target)
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
    return _session_account()


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


AUDITED_QUERY_CHARS = 500   # of each query-string value kept in an event (enough for filters, not a flood)


def already_audited() -> None:
    """This request of an @audited view is covered by an event written before (the document page's
    `view`, which lists its thumbnails): record_audited writes none for it."""
    g.accord_audit_covered = True


def record_audited(response):
    """after_request: the event of a view declared with @audited."""
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    marked = getattr(view, "accord_audit", None)
    if marked is None or response.status_code >= 400 or current_principal() is None \
            or g.get("accord_audit_covered"):
        return response
    action, target_arg = marked
    arguments = dict(request.view_args or {})
    target = arguments.pop(target_arg, "") if target_arg else ""
    query = {key: value[:AUDITED_QUERY_CHARS] for key, value in request.args.items()}
    record(action, target, **arguments, **({"query": query} if query else {}),
           via="api" if is_api_request() else "web")
    return response


def record_denied(status: int, reason: str, message: str) -> None:
    """A refused request (401, 403, 404) with its reason. A document hidden from the caller and
    a missing one raise the same NotFound, so their events are alike too: the event records what
    was asked for and why it was refused, not whether the document exists."""
    record("denied", request.path[:256], status=status, reason=reason, message=message[:300],
           method=request.method, via="api" if is_api_request() else "web")


def client_ip() -> str:
    return request.remote_addr or ""


def record(action: str, target: object = "", **details) -> None:
    """Append an audit event for the current caller (role kept so owners' notices can skip auditors)."""
    who = current_principal()
    actor = who.name if who else details.pop("actor", "anonymous")
    if who:
        details.setdefault("role", who.role)
    audit.record(services().store, actor, action, str(target), ip=client_ip(), details=details)

