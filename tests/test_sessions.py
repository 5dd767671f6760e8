"""Sessions end: a session cookie kept across logout, a password change, a role change or a
deactivation is refused, on every server process (here: two apps on one store), and sessions
have absolute and idle lifetimes."""
from __future__ import annotations

import re
import time

import pytest
from click.testing import CliRunner

from corpus import accounts, audit
from web import access
from web.app import create_app
from web.cli import cli
from web.services import Services
from web_corpus import PASSWORD, add_documents, add_users

COOKIE = "accord_session"


@pytest.fixture
def two_processes(config):
    """Two server processes on one store: each has its own Services, as after fork()."""
    first, second = Services(config), Services(config)
    add_users(first.store)
    add_documents(first.store)
    apps = []
    for services in (first, second):
        app = create_app(config, services)
        app.config["TESTING"] = True
        apps.append(app)
    yield apps, first
    first.close()
    second.close()


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _logged_in(app, name="sam"):
    client = app.test_client()
    response = client.post("/login", data={"username": name, "password": PASSWORD,
                                           "csrf_token": _csrf(client.get("/login").text)})
    assert response.status_code == 302
    return client


def _replay(app, cookie: str):
    """A fresh browser presenting a copied cookie: 200 if the session still works."""
    client = app.test_client()
    client.set_cookie(COOKIE, cookie)
    return client.get("/dashboard").status_code


def _cookie(client) -> str:
    return client.get_cookie(COOKIE).value


def test_old_cookie_is_refused_after_logout_on_every_process(two_processes):
    (web1, web2), _ = two_processes
    sam = _logged_in(web1)
    other_browser = _logged_in(web2)
    kept = _cookie(sam)
    assert _replay(web1, kept) == 200 and _replay(web2, kept) == 200
    sam.post("/logout", data={"csrf_token": _csrf(sam.get("/search").text)})
    assert _replay(web1, kept) == 302 and _replay(web2, kept) == 302     # sent to the login page
    assert other_browser.get("/dashboard").status_code == 302           # logout ends all of sam's sessions


def test_old_cookie_is_refused_after_a_password_change(two_processes, config):
    (web1, web2), _ = two_processes
    kept = _cookie(_logged_in(web1))
    assert _replay(web2, kept) == 200
    result = CliRunner().invoke(cli, ["--home", str(config.home), "user", "passwd", "sam", "--password-stdin"],
                                input="a-new-long-password\n", env={"ACCORD_SECRET_KEY": "test-secret"})
    assert result.exit_code == 0, result.output
    assert _replay(web1, kept) == 302 and _replay(web2, kept) == 302


def test_old_cookie_is_refused_after_a_role_change_and_a_deactivation(two_processes):
    (web1, web2), services = two_processes
    kept = _cookie(_logged_in(web1, "rex"))
    admin = _logged_in(web2, "ada")
    page = admin.get("/admin/users").text
    assert admin.post("/admin/users/rex", data={"csrf_token": _csrf(page), "action": "update", "role": "searcher",
                                               "groups": ""}).status_code == 302
    assert _replay(web1, kept) == 302
    kept = _cookie(_logged_in(web1, "rex"))                   # logs in again, with the new role
    assert _replay(web1, kept) == 200
    accounts.deactivate(services.store, "rex")
    assert _replay(web1, kept) == 302


def test_unchanged_account_keeps_its_session(two_processes):
    (web1, _), services = two_processes
    kept = _cookie(_logged_in(web1))
    accounts.update_user(services.store, "sam", role="searcher", groups=["staff"])   # same role and groups
    assert _replay(web1, kept) == 200


@pytest.mark.parametrize("clock, setting", [(access.SESSION_SEEN, "ACCORD_SESSION_IDLE_MINUTES"),
                                            (access.SESSION_STARTED, "ACCORD_SESSION_MAX_HOURS")])
def test_idle_and_absolute_lifetimes(two_processes, clock, setting):
    (web1, _), services = two_processes
    sam = _logged_in(web1)
    limit = services.config[setting] * (60 if setting.endswith("MINUTES") else 3600)
    with sam.session_transaction() as session:
        session[clock] = int(time.time()) - limit + 120          # within the limit
    assert sam.get("/dashboard").status_code == 200
    with sam.session_transaction() as session:
        session[clock] = int(time.time()) - limit - 1            # past it
    assert sam.get("/dashboard").status_code == 302
    assert sam.get("/dashboard").status_code == 302              # and the session is gone for good
    ended = audit.events(services.store, action="logout", actor="sam")
    assert len(ended) == 1 and ended[0]["details"]["reason"] == ("idle" if clock == access.SESSION_SEEN
                                                                 else "session lifetime")


def test_api_tokens_follow_the_account_at_once(two_processes):
    """Tokens are not sessions (they are for scripts), but a role change or a deactivation
    applies to them at the next request on every process."""
    (web1, web2), services = two_processes
    headers = {"Authorization": f"Bearer {accounts.issue_token(services.store, 'aud')}"}
    assert web1.test_client().get("/api/audit", headers=headers).status_code == 200
    accounts.update_user(services.store, "aud", role="searcher")
    assert web2.test_client().get("/api/audit", headers=headers).status_code == 403
    accounts.deactivate(services.store, "aud")
    assert web2.test_client().get("/api/search?q=x", headers=headers).status_code == 401
