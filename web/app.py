"""The Flask application factory: settings, security headers, the one error handler,
sign-in plumbing and one blueprint per area. Views call corpus/search/classifier
functions through `Services`; none of them issues SQL."""
from __future__ import annotations

import logging
import os
import secrets
import time
from datetime import timedelta
from pathlib import Path

from flask import Flask, jsonify, render_template, request
from flask_login import LoginManager
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from corpus import accounts
from corpus.config import Config
from corpus.errors import AccordError
from web import access
from web.services import Services

log = logging.getLogger("accord.web")

ACCOUNT_CACHE_SECONDS = 5.0
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
                           "frame-ancestors 'none'")


class BoundedInt(IntegerConverter):
    """Ids and page numbers of at most 15 digits: larger ones are a 404, not a database overflow."""
    regex = r"\d{1,15}"


def secret_key(config: Config) -> str:
    """ACCORD_SECRET_KEY, or a key generated once into ACCORD_HOME/secret_key (mode 0600)."""
    if config["ACCORD_SECRET_KEY"]:
        return config["ACCORD_SECRET_KEY"]
    path = Path(config.home) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(key)
    return key


def create_app(config: Config, services: Services | None = None) -> Flask:
    app = Flask(__name__)
    app.url_map.converters["int"] = BoundedInt
    services = services or Services(config)
    app.extensions["accord"] = services
    app.config.update(
        SECRET_KEY=secret_key(config),
        MAX_CONTENT_LENGTH=config["ACCORD_MAX_UPLOAD_BYTES"],
        SESSION_COOKIE_NAME="accord_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SECURE=config["ACCORD_SESSION_COOKIE_SECURE"],
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SECURE=config["ACCORD_SESSION_COOKIE_SECURE"],
        REMEMBER_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=8),
        WTF_CSRF_TIME_LIMIT=8 * 3600,
        # The CSRF token is bound to the session; the Referer check would break behind some proxies.
        WTF_CSRF_SSL_STRICT=False,
        ACCORD_PROXY_HEADER=config["ACCORD_TRUST_PROXY_USER_HEADER"],
        ACCORD_LOGIN_BANNER=config["ACCORD_LOGIN_BANNER"],
        JSON_SORT_KEYS=False,
    )

    login_manager = LoginManager(app)
    login_manager.session_protection = "basic"

    # Restoring the session's account costs a query per request; a few seconds of caching
    # bounds how long a deactivated or changed account keeps its old rights.
    recent: dict[str, tuple[float, accounts.Account | None]] = {}

    @login_manager.user_loader
    def load_user(name: str):
        now = time.monotonic()
        cached = recent.get(name)
        if cached is None or now - cached[0] > ACCOUNT_CACHE_SECONDS:
            if len(recent) > 10_000:
                recent.clear()
            cached = recent[name] = (now, accounts.find_active(services.store, name))
        return access.SessionUser(cached[1]) if cached[1] else None

    # Order matters: identify the caller and check the role first, then CSRF.
    app.before_request(access.check_access)
    csrf = CSRFProtect()
    _register_blueprints(app, csrf)
    csrf.init_app(app)
    _register_error_handlers(app)
    app.after_request(_security_headers)

    from web.highlight import highlight
    app.jinja_env.filters["highlight"] = highlight   # document text + spans -> escaped HTML with marks

    @app.context_processor
    def template_globals():
        return {"me": access.current_principal(), "banner": app.config["ACCORD_LOGIN_BANNER"]}

    return app


def _register_blueprints(app: Flask, csrf: CSRFProtect) -> None:
    from web.views import admin, api, audit, auth, dashboard, documents, ingest, review, search
    for module in (auth, search, documents, review, ingest, dashboard, admin, audit):
        app.register_blueprint(module.blueprint)
    # The API authenticates with bearer tokens only (never the session cookie), so it needs no CSRF token.
    csrf.exempt(api.blueprint)
    app.register_blueprint(api.blueprint)


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def _wants_json() -> bool:
    if access.is_api_request():
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def _render_error(status: int, code: str, message: str, hint: str = ""):
    if _wants_json():
        return jsonify({"error": code, "message": message, "hint": hint}), status
    return render_template("error.html", status=status, message=message, hint=hint), status


def _register_error_handlers(app: Flask) -> None:
    @app.errorhandler(AccordError)
    def accord_error(exc: AccordError):
        if exc.http_status >= 500:
            log.error("%s %s failed: %s", request.method, request.path, exc)
        return _render_error(exc.http_status, exc.code, exc.message, exc.hint)

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        return _render_error(400, "csrf", "The form expired or was not sent by this site.",
                             "Reload the page and submit the form again.")

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        hints = {404: "Check the address.", 405: "This address does not accept that method.",
                 413: "The upload is larger than ACCORD_MAX_UPLOAD_BYTES; split it into smaller batches."}
        return _render_error(exc.code or 500, (exc.name or "error").lower().replace(" ", "_"),
                             exc.description or exc.name, hints.get(exc.code, ""))

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        # Full details go to the server log only; the user gets no stack trace.
        log.exception("unhandled error on %s %s", request.method, request.path)
        return _render_error(500, "internal", "Something went wrong on the server.",
                             "The error was logged; try again or tell an administrator.")
