"""Every access channel leaves exactly one audit event: each action below is performed once,
through the path its users take (the web UI, the JSON API or the `accord` command), with the
real search index and classifier, and the events it wrote are compared with what it did."""
from __future__ import annotations

import re

from click.testing import CliRunner

from corpus import accounts, audit
from web.cli import cli
from web.services import Services
from web_corpus import PASSWORD

ENV = {"ACCORD_SECRET_KEY": "test-secret", "ACCORD_JOBS": "1", "ACCORD_RETRAIN_AFTER_LABELS": "1000"}


def _csrf(client) -> str:
    # The dashboard is not an audited read (an empty search now browses every document, and is one).
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/dashboard").text).group(1)


def _login(client, name, password=PASSWORD):
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client.post("/login", data={"username": name, "password": password, "csrf_token": token})


def test_each_of_the_actions_leaves_exactly_one_event(site, config, tmp_path):
    app, services, corpus = site
    store = services.store
    runner = CliRunner()
    home = ["--home", str(config.home)]
    public_id, hidden_id = corpus.ids["mou-texas.pdf"], corpus.restricted_id
    ohio_id = corpus.ids["moa-ohio.pdf"]
    sam, ada, aud, rex, owen = (app.test_client() for _ in range(5))
    for client, name in ((sam, "sam"), (ada, "ada"), (aud, "aud"), (rex, "rex"), (owen, "owen")):
        assert _login(client, name).status_code == 302
    token = accounts.issue_token(store, "sam")
    bearer = {"Authorization": f"Bearer {token}"}
    auditor = {"Authorization": f"Bearer {accounts.issue_token(store, 'aud')}"}
    api = app.test_client()
    source = tmp_path / "incoming"
    source.mkdir()
    (source / "mou-idaho.txt").write_text("MEMORANDUM OF UNDERSTANDING between the Department and the State of "
                                          "Idaho on the exchange of records. " * 5)

    def cli_ok(*args, stdin=None):
        result = runner.invoke(cli, [*home, *args], env=ENV, input=stdin)
        assert result.exit_code == 0, result.output
        return result

    def status(expected):
        def check(response):
            assert response.status_code == expected, (response.status_code, response.text[:300])
        return check

    public = str(public_id)
    # name: (perform, action, target, details that identify the event)
    actions = {
        "login": (lambda: status(302)(_login(app.test_client(), "rita")), "login", "rita", {}),
        "failed login": (lambda: status(401)(_login(app.test_client(), "rita", "wrong-password")),
                         "login_failed", "rita", {}),
        "logout": (lambda: status(302)(rex.post("/logout", data={"csrf_token": _csrf(rex)})), "logout", "rex", {}),
        "search (web)": (lambda: status(200)(sam.get("/search?q=memorandum")), "search", "",
                         {"query": "memorandum"}),
        "search (API)": (lambda: status(200)(api.get("/api/search?q=ohio", headers=bearer)), "search", "",
                         {"query": "ohio"}),
        "search (CLI)": (lambda: cli_ok("search", "texas"), "search", "", {"query": "texas"}),
        "view document (web)": (lambda: status(200)(sam.get(f"/documents/{public_id}")), "view", public,
                                {"filename": "mou-texas.pdf"}),
        "view document (API)": (lambda: status(200)(api.get(f"/api/documents/{public_id}", headers=bearer)),
                                "view", public, {"via": "api"}),
        "view document (CLI)": (lambda: cli_ok("show", str(ohio_id)), "view", str(ohio_id), {"via": "cli"}),
        "page image (web)": (lambda: status(200)(sam.get(f"/documents/{public_id}/pages/1.png")), "page", public,
                             {"page": 1, "via": "web"}),
        "thumbnail (web)": (lambda: status(200)(sam.get(f"/documents/{public_id}/pages/2.png?size=thumb")), "page",
                            public, {"page": 2, "query": {"size": "thumb"}}),
        "page image (API)": (lambda: status(200)(api.get(f"/api/documents/{public_id}/pages/3.png",
                                                         headers=bearer)), "page", public, {"page": 3, "via": "api"}),
        "download original (web)": (lambda: status(200)(sam.get(f"/documents/{public_id}/original")), "download",
                                    public, {}),
        "download original (API)": (lambda: status(200)(api.get(f"/api/documents/{ohio_id}/original",
                                                                headers=bearer)), "download", str(ohio_id),
                                    {"via": "api"}),
        "export CSV": (lambda: status(200)(sam.get("/search.csv?q=agreement")), "export", "search",
                       {"query": "agreement"}),
        "export JSONL (CLI)": (lambda: cli_ok("export", "--jsonl"), "export", "documents", {"via": "cli"}),
        "export audit CSV": (lambda: status(200)(aud.get("/audit.csv")), "export", "audit", {}),
        "similar (web)": (lambda: status(200)(sam.get(f"/documents/{public_id}/similar")), "similar", public,
                          {"via": "web"}),
        "similar (API)": (lambda: status(200)(api.get(f"/api/documents/{ohio_id}/similar", headers=bearer)),
                          "similar", str(ohio_id), {"via": "api"}),
        "audit read (web)": (lambda: status(200)(aud.get("/audit?action=login")), "audit_read", "",
                             {"query": {"action": "login"}}),
        "audit read (API)": (lambda: status(200)(api.get("/api/audit?limit=5", headers=auditor)), "audit_read", "",
                             {"via": "api", "query": {"limit": "5"}}),
        "audit read (CLI)": (lambda: cli_ok("audit", "list", "--limit", "3"), "audit_read", "", {"via": "cli"}),
        "denied 404 (hidden document)": (lambda: status(404)(sam.get(f"/documents/{hidden_id}")), "denied",
                                         f"/documents/{hidden_id}", {"status": 404, "reason": "not_found"}),
        "denied 403 (role)": (lambda: status(403)(sam.get("/admin/users")),
                              "denied", "/admin/users", {"status": 403, "reason": "forbidden"}),
        "denied 401 (no token)": (lambda: status(401)(api.get(f"/api/documents/{public_id}")), "denied",
                                  f"/api/documents/{public_id}", {"status": 401, "reason": "unauthenticated"}),
        "label decision": (lambda: status(302)(ada.post(f"/documents/{ohio_id}/labels", data={
                               "kind": "type", "value": "moa", "action": "correct", "csrf_token": _csrf(ada)})),
                           "label", str(ohio_id), {"value": "moa"}),
        "restrict": (lambda: status(302)(owen.post(f"/documents/{ohio_id}/visibility", data={
                         "visibility": "restricted", "groups": "zephyr-team", "csrf_token": _csrf(owen)})),
                     "restrict", str(ohio_id), {"groups": ["zephyr-team"]}),
        "user add (web)": (lambda: status(302)(ada.post("/admin/users", data={
                               "name": "nora", "role": "reviewer", "password": "long-enough-1",
                               "csrf_token": _csrf(ada)})), "user", "nora", {"change": "add"}),
        "user passwd (CLI)": (lambda: cli_ok("user", "passwd", "nora", "--password-stdin",
                                             stdin="another-long-pw\n"), "user", "nora", {"change": "password"}),
        "user deactivate (CLI)": (lambda: cli_ok("user", "deactivate", "nora"), "user", "nora",
                                  {"change": "deactivate"}),
        "token (CLI)": (lambda: cli_ok("token", "rita"), "user", "rita", {"change": "token"}),
        "ingest (CLI)": (lambda: cli_ok("ingest", str(source), "-q"), "ingest", None, {}),
        "reindex (CLI)": (lambda: cli_ok("reindex"), "reindex", "index", {"via": "cli"}),
        "reextract (CLI)": (lambda: cli_ok("reextract", "--id", str(public_id)), "reextract", public,
                            {"via": "cli"}),
        "classify (CLI)": (lambda: cli_ok("classify", str(public_id)), "classify", public, {"via": "cli"}),
        # issue 15: notes, saved views, bulk edit (one event per document changed)
        "note add (web)": (lambda: status(302)(sam.post(f"/documents/{public_id}/notes", data={
                               "text": "Renewal pending.", "csrf_token": _csrf(sam)})), "note", public,
                           {"change": "add", "text": "Renewal pending."}),
        "note edit (API)": (lambda: status(200)(api.put(f"/api/documents/{public_id}/notes/1", json={
                                "text": "Renewal signed."}, headers=bearer)), "note", public,
                            {"change": "edit", "before": "Renewal pending."}),
        "notes read (API)": (lambda: status(200)(api.get(f"/api/documents/{public_id}/notes", headers=bearer)),
                             "view", public, {"part": "notes", "via": "api"}),
        "note delete (web)": (lambda: status(302)(sam.post(f"/documents/{public_id}/notes/1/delete", data={
                                  "csrf_token": _csrf(sam)})), "note", public, {"change": "delete", "note": 1}),
        "saved view add (web)": (lambda: status(302)(sam.post("/views", data={
                                     "name": "Ohio", "q": "ohio", "groups": "staff", "csrf_token": _csrf(sam)})),
                                 "saved_view", "1", {"change": "add", "groups": ["staff"]}),
        "saved view update (API)": (lambda: status(200)(api.put("/api/views/1", json={"name": "Ohio MOAs"},
                                                                headers=bearer)),
                                    "saved_view", "1", {"change": "update", "name": "Ohio MOAs"}),
        "saved view delete (API)": (lambda: status(200)(api.delete("/api/views/1", headers=bearer)),
                                    "saved_view", "1", {"change": "delete"}),
        "bulk type (web)": (lambda: status(200)(ada.post("/bulk", data={
                                "action": "type", "value": "moa", "id": [str(public_id)],
                                "csrf_token": _csrf(ada)})), "label", public, {"via": "bulk", "value": "moa"}),
        "bulk zip (API)": (lambda: status(200)(api.post("/api/bulk", json={"action": "zip", "ids": [public_id, ohio_id]},
                                                        headers=bearer)), "download", public, {"via": "bulk"}),
    }
    cli_actor = Services.cli_actor()
    web_actor = {"login": "rita", "failed login": "rita", "logout": "rex", "restrict": "owen",
                 "label decision": "ada", "user add (web)": "ada", "export audit CSV": "aud",
                 "audit read (web)": "aud", "audit read (API)": "aud", "denied 401 (no token)": "anonymous",
                 "bulk type (web)": "ada"}

    found = 0
    for name, (perform, action, target, details) in actions.items():
        before = (audit.head(store) or (0, ""))[0]
        perform()
        new = [e for e in audit.events(store, limit=1000) if e["id"] > before]
        matching = [e for e in new if e["action"] == action and (target is None or e["target"] == target)
                    and all(e["details"].get(k) == v for k, v in details.items())]
        assert len(matching) == 1, (name, new)
        assert len(new) == 1, (name, "more than one event", new)   # nothing else was recorded alongside
        expected_actor = cli_actor if "(CLI)" in name else web_actor.get(name, "sam")
        assert matching[0]["actor"] == expected_actor, (name, matching[0])
        found += 1
    print(f"\naudit coverage: {len(actions)} distinct actions performed once each, {found} with exactly one "
          f"matching event")
    assert len(actions) >= 32 and found == len(actions)
    assert audit.check(store).intact
