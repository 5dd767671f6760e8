"""The Flask application factory: settings, security headers, the one error handler,
sign-in plumbing and one blueprint per area. Views call corpus/search/classifier
functions through `Services`; none of them issues SQL."""
from __future__ import annotations

import logging
import threading
from datetime import timedelta

from flask import Flask, jsonify, render_template, request
from flask_login import LoginManager
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from corpus.config import Config
from corpus.errors import AccordError
from corpus.keys import installation_secret
from web import access
from web.disposition_runs import DispositionRuns
from web.services import Services
from web.bulk import BulkJobs
from web.uploads import UploadManager

log = logging.getLogger("accord.web")

DENIED_STATUSES = (401, 403, 404)   # refusals recorded in the audit log ("denied")
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
                           "frame-ancestors 'none'")


MAX_ID = 10 ** 15 - 1   # the largest id or page number a route accepts (BoundedInt)


class BoundedInt(IntegerConverter):
    """Ids and page numbers of at most 15 digits: larger ones are a 404, not a database overflow."""
    regex = rf"\d{{1,{len(str(MAX_ID))}}}"


def create_app(config: Config, services: Services | None = None) -> Flask:
    app = Flask(__name__)
    app.url_map.converters["int"] = BoundedInt
    services = services or Services(config)
    app.extensions["accord"] = services
    app.extensions["accord_uploads"] = UploadManager(services)
    app.extensions["accord_disposition_runs"] = DispositionRuns(services)
    app.extensions["accord_bulk"] = BulkJobs(services)
    app.extensions["accord_search_slots"] = threading.BoundedSemaphore(max(1, config["ACCORD_SEARCH_CONCURRENCY"]))
    app.config.update(
        SECRET_KEY=installation_secret(config),
        MAX_CONTENT_LENGTH=config["ACCORD_MAX_UPLOAD_BYTES"],
        SESSION_COOKIE_NAME="accord_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SECURE=config["ACCORD_SESSION_COOKIE_SECURE"],
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SECURE=config["ACCORD_SESSION_COOKIE_SECURE"],
        REMEMBER_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=config["ACCORD_SESSION_MAX_HOURS"]),
        WTF_CSRF_TIME_LIMIT=config["ACCORD_SESSION_MAX_HOURS"] * 3600,
        # The CSRF token is bound to the session; the Referer check would break behind some proxies.
        WTF_CSRF_SSL_STRICT=False,
        ACCORD_PROXY_HEADER=config["ACCORD_TRUST_PROXY_USER_HEADER"],
        ACCORD_LOGIN_BANNER=config["ACCORD_LOGIN_BANNER"],
        JSON_SORT_KEYS=False,
    )

    login_manager = LoginManager(app)
    login_manager.session_protection = "basic"

    # One small query by the account's unique name per request: a session ends on every server
    # process the moment its account's session version changes (logout, password, role, deactivation).
    login_manager.user_loader(lambda session_id: access.load_session_user(services.store, session_id))

    # Order matters: identify the caller and check the role first, then CSRF.
    app.before_request(access.check_access)
    csrf = CSRFProtect()
    _register_blueprints(app, csrf)
    csrf.init_app(app)
    _register_error_handlers(app)
    app.after_request(access.record_audited)
    app.after_request(_security_headers)

    from web.highlight import highlight
    app.jinja_env.filters["highlight"] = highlight   # document text + spans -> escaped HTML with marks
    from web.time_display import time_element
    app.jinja_env.filters["when"] = time_element     # stored UTC -> <time> shown in the reader's zone
    # a type, scope or flag code -> its words ("other_record" -> "Other record"), as the taxonomy says
    app.jinja_env.filters["label"] = lambda code: services.taxonomy.label_of(code)
    from web.viewer import format_words
    app.jinja_env.filters["format_words"] = format_words   # a stored MIME type -> "Word document (DOCX)"
    from web.url_patterns import FixedUrls, id_urls
    app.jinja_env.globals["url_for"] = FixedUrls(app.url_for)   # the header's links: url_for once per process
    app.jinja_env.globals["id_urls"] = id_urls                  # a list's links to many ids: url_for once a list
    from web.event_details import detail_items
    app.jinja_env.filters["detail_items"] = detail_items   # an audit event's details in words, not a repr

    @app.context_processor
    def template_globals():
        return {"me": access.current_principal(), "banner": app.config["ACCORD_LOGIN_BANNER"]}

    return app


def _register_blueprints(app: Flask, csrf: CSRFProtect) -> None:
    from web.views import (admin, api, audit, auth, bulk, dashboard, documents, ingest, notes, records, review,
                           saved_views, search)
    for module in (auth, search, documents, review, ingest, dashboard, admin, audit, records, bulk, saved_views,
                   notes):
        app.register_blueprint(module.blueprint)
    # The API authenticates with bearer tokens only (never the session cookie), so it needs no CSRF token.
    csrf.exempt(api.blueprint)
    app.register_blueprint(api.blueprint)
    for module in (records, bulk, saved_views, notes):
        csrf.exempt(module.api_blueprint)
        app.register_blueprint(module.api_blueprint)


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
        if exc.http_status in DENIED_STATUSES:
            access.record_denied(exc.http_status, exc.code, exc.message)
        if exc.http_status >= 500:
            log.error("%s %s failed: %s", request.method, request.path, exc)
        return _render_error(exc.http_status, exc.code, exc.message, exc.hint)

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        return _render_error(400, "csrf", "The form expired or was not sent by this site.",
                             "Reload the page and submit the form again.")

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if exc.code in (401, 403):   # unknown addresses (404) are not attempts on anything
            access.record_denied(exc.code, (exc.name or "").lower(), exc.description or "")
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
