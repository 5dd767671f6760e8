"""Accounts, permissions and audit through Flask's test client: password hashing, deactivation,
the user CLI, admin's user page and tokens, the permissions form (picker, unknown names, saved
message, history), owner notifications and the auditor's CSV."""
from __future__ import annotations

import re
import sqlite3

from click.testing import CliRunner

from corpus import accounts, audit
from web_corpus import PASSWORD
from web_standins import client_for, csrf_of, login, web  # noqa: F401 - the fixture


def test_restriction_by_form_needs_owner_or_admin_and_is_audited(web):
    app, services, corpus = web
    doc_id = corpus.ids["moa-ohio.pdf"]
    sam = client_for(app, "sam")
    page = sam.get(f"/documents/{doc_id}").text
    assert "Who may see this" not in page
    denied = sam.post(f"/documents/{doc_id}/visibility", data={"visibility": "restricted", "users": "sam",
                                                                "csrf_token": csrf_of(page)})
    assert denied.status_code == 403
    owen = client_for(app, "owen")
    page = owen.get(f"/documents/{doc_id}").text
    ok = owen.post(f"/documents/{doc_id}/visibility", data={"visibility": "restricted", "groups": "zephyr-team",
                                                           "csrf_token": csrf_of(page)})
    assert ok.status_code == 302
    assert sam.get(f"/documents/{doc_id}").status_code == 404
    assert doc_id in services.index.updated      # the index learns the new visibility at once
    assert audit.events(services.store, action="restrict")[0]["actor"] == "owen"


def test_accounts_hash_passwords_and_deactivation_blocks_login(web):
    app, services, _ = web
    store = services.store
    with sqlite3.connect(services.config.home / "accord.db") as db:
        stored = db.execute("SELECT password_hash FROM users WHERE name='sam'").fetchone()[0]
    assert PASSWORD not in stored and stored.startswith(("scrypt:", "pbkdf2:"))
    token = accounts.issue_token(store, "sam")
    assert accounts.account_for_token(store, token).name == "sam"
    accounts.deactivate(store, "sam")
    assert accounts.account_for_token(store, token) is None
    assert login(app.test_client(), "sam").status_code == 401


def test_user_cli_and_audit_verify_detects_an_edited_row(config):
    from web.cli import cli
    runner = CliRunner()
    env = {"ACCORD_SECRET_KEY": "test-secret"}
    home = ["--home", str(config.home)]
    added = runner.invoke(cli, [*home, "user", "add", "carol", "--role", "reviewer", "--password-stdin"],
                          input="long-enough-pw\n", env=env)
    assert added.exit_code == 0, added.output
    assert "carol" in runner.invoke(cli, [*home, "user", "list"], env=env).output
    assert runner.invoke(cli, [*home, "audit", "verify"], env=env).exit_code == 0
    anchor = runner.invoke(cli, [*home, "audit", "head"], env=env).output.strip()
    assert runner.invoke(cli, [*home, "audit", "verify", "--anchor", anchor], env=env).exit_code == 0
    assert runner.invoke(cli, [*home, "audit", "verify", "--anchor", "nonsense"], env=env).exit_code == 64
    with sqlite3.connect(config.home / "accord.db") as db:
        row_id = db.execute("SELECT id FROM audit_events ORDER BY id LIMIT 1").fetchone()[0]
        db.execute("UPDATE audit_events SET actor='mallory' WHERE id=?", (row_id,))
    broken = runner.invoke(cli, [*home, "audit", "verify"], env=env)
    assert broken.exit_code != 0
    assert f"event {row_id}" in broken.output


def test_auditor_exports_audit_csv(web):
    app, _, corpus = web
    client_for(app, "sam").get(f"/documents/{corpus.ids['mou-texas.pdf']}")
    aud = client_for(app, "aud")
    assert aud.get("/audit?actor=sam").status_code == 200
    csv_text = aud.get("/audit.csv?actor=sam").text
    assert csv_text.startswith("id,at,actor,action") and ",sam,view," in csv_text


def test_audit_page_shows_details_in_words_and_the_exports_keep_json(web):
    app, _, _ = web
    client_for(app, "sam").get("/search?q=agreement&f.type=mou")
    client_for(app, "sam").get("/search")
    aud = client_for(app, "aud")
    page = aud.get("/audit?actor=sam&action=search").text
    details = re.findall(r'<td class="details">(.*?)</td>', page, re.S)
    assert len(details) == 2
    shown = [re.sub(r"<[^>]+>", "", d) for d in details]
    assert "filters: type: mou" in shown[1] and "query: agreement" in shown[1]
    assert "filters: none" in shown[0] and "query: none" in shown[0]   # the empty search
    for text in shown:   # no Python reprs: {'a': 1}, None, True, [..]
        assert not re.search(r"[{}\[\]]|\bNone\b|\bTrue\b|\bFalse\b|&#39;|=", text), text
    csv_text = aud.get("/audit.csv?actor=sam&action=search").text
    assert '{""filters"": {""type"": [""mou""]}' in csv_text


def test_admin_adds_a_user_and_issues_a_token_shown_once(web):
    app, services, _ = web
    ada = client_for(app, "ada")
    page = ada.get("/admin/users").text
    added = ada.post("/admin/users", data={"csrf_token": csrf_of(page), "name": "nora", "role": "reviewer",
                                          "groups": "privacy, legal", "password": "long-enough-1"})
    assert added.status_code == 302
    assert accounts.get_user(services.store, "nora").groups == ("legal", "privacy")
    issued = ada.post("/admin/users/nora", data={"csrf_token": csrf_of(page), "action": "token"})
    token = re.search(r'id="new-token">([^<]+)<', issued.text).group(1)
    assert accounts.account_for_token(services.store, token).name == "nora"
    assert token not in ada.get("/admin/users").text
    changes = [e["details"]["change"] for e in audit.events(services.store, action="user", target="nora")]
    assert changes == ["token", "add"]


def test_permissions_form_picks_known_names_rejects_unknown_ones_and_says_saved(web):
    app, services, corpus = web
    doc_id = corpus.ids["moa-ohio.pdf"]
    owen = client_for(app, "owen")
    page = owen.get(f"/documents/{doc_id}").text
    assert '<option value="zephyr-team"' in page and '<option value="sam"' in page   # the picker
    tags = client_for(app, "rex").get(f"/documents/{doc_id}").text
    assert 'name="kind" value="scope"' in tags and 'name="kind" value="type"' in tags   # one form per kind
    unknown = owen.post(f"/documents/{doc_id}/visibility", data={"visibility": "restricted", "users": ["sam", "nobody"],
                                                                "csrf_token": csrf_of(page)})
    assert unknown.status_code == 400 and "no such user &#39;nobody&#39;" in unknown.text
    assert audit.events(services.store, action="restrict") == []                   # nothing changed
    saved = owen.post(f"/documents/{doc_id}/visibility", data={"visibility": "restricted", "users": ["sam", "rex"],
                                                              "csrf_token": csrf_of(page)}, follow_redirects=True)
    assert 'id="visibility-saved"' in saved.text
    assert audit.events(services.store, action="restrict")[0]["details"]["users"] == ["rex", "sam"]


def test_owner_notifications_exclude_auditors(web):
    app, services, corpus = web
    doc_id = corpus.ids["moa-ohio.pdf"]
    client_for(app, "sam").get(f"/documents/{doc_id}")
    client_for(app, "aud").get(f"/documents/{doc_id}")
    page = client_for(app, "owen").get("/notifications").text
    rows = re.findall(r"<tr><td><time [^>]*>[^<]*</time></td><td>([^<]+)</td><td>(view|download)</td>", page)
    assert ("sam", "view") in rows and not any(actor == "aud" for actor, _ in rows)
