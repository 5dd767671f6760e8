"""The web application through Flask's test client: sign-in, roles, CSRF, security
headers, restricted documents (404 everywhere), search and review, uploads, the dashboard,
error handling. Search and classifier are stand-ins (tests/web_standins.py), so these tests
exercise web/ alone; the browser tests use the real ones."""
from __future__ import annotations

import html
import re

import pytest
from click.testing import CliRunner

from corpus import accounts, audit
from corpus.access import Principal
from web.app import create_app
from web_corpus import PASSWORD
from web_standins import client_for, csrf_of, finished_upload, login, start_upload, web  # noqa: F401 - the fixture


def test_login_page_shows_banner_and_security_headers(web):
    app, services, _ = web
    response = app.test_client().get("/login")
    assert response.status_code == 200
    assert services.config["ACCORD_LOGIN_BANNER"][:40] in response.text
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in response.text  # no inline scripts anywhere


def test_login_needs_csrf_and_is_audited(web):
    app, services, _ = web
    client = app.test_client()
    assert client.post("/login", data={"username": "sam", "password": PASSWORD}).status_code == 400
    assert login(client, "sam", "wrong-password").status_code == 401
    response = login(client, "sam")
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
    actions = [e["action"] for e in audit.events(services.store, actor="sam")]
    assert actions[:2] == ["login", "login_failed"]


def test_anonymous_callers_are_sent_to_login_or_get_401(web):
    app, _, corpus = web
    client = app.test_client()
    response = client.get(f"/documents/{corpus.ids['mou-texas.pdf']}")
    assert response.status_code == 302 and "/login" in response.location
    api = client.get("/api/search?q=memorandum")
    assert api.status_code == 401 and api.json["error"] == "unauthenticated"
    assert client.get("/api/openapi.json").json["openapi"].startswith("3.")


@pytest.mark.parametrize("path, allowed", [
    ("/admin/users", {"ada"}), ("/audit", {"aud"}), ("/review", {"rex", "ada"}), ("/ingest", {"rita", "ada"}),
    ("/dashboard", {"sam", "rita", "rex", "ada", "aud"}),
])
def test_roles_are_enforced(web, path, allowed):
    app, _, _ = web
    for name in ("sam", "rita", "rex", "ada", "aud"):
        status = client_for(app, name).get(path).status_code
        assert status == (200 if name in allowed else 403), (name, path, status)


def test_restricted_document_is_404_everywhere_for_others(web):
    app, services, corpus = web
    hidden = corpus.restricted_id
    missing = 9999
    sam = client_for(app, "sam")
    for path in ("/documents/{}", "/documents/{}/pages/1.png?size=thumb", "/documents/{}/original",
                 "/documents/{}/similar"):
        assert sam.get(path.format(hidden)).status_code == 404, path
        assert sam.get(path.format(missing)).status_code == 404, path
    def linked_ids(client) -> set[int]:
        return {int(i) for i in re.findall(r"/documents/(\d+)", client.get("/search?q=agreement").text)}
    assert hidden in linked_ids(client_for(app, "owen"))   # the search does find it for its owner ...
    assert hidden not in linked_ids(sam)                   # ... and not for anyone else
    token = accounts.issue_token(services.store, "sam")
    headers = {"Authorization": f"Bearer {token}"}
    api = app.test_client()
    for path in ("/api/documents/{}", "/api/documents/{}/original", "/api/documents/{}/pages/1.png",
                 "/api/documents/{}/similar"):
        hidden_response = api.get(path.format(hidden), headers=headers)
        missing_response = api.get(path.format(missing), headers=headers)
        assert hidden_response.status_code == missing_response.status_code == 404, path
        assert hidden_response.json["error"] == missing_response.json["error"] == "not_found"
    # The owner and the listed group see it; so do auditors.
    for name in ("owen", "aud", "ada"):
        assert client_for(app, name).get(f"/documents/{hidden}").status_code == 200, name


def test_document_page_highlights_hits_and_renders_page_images(web):
    app, services, corpus = web
    doc_id = corpus.ids["mou-texas.pdf"]
    sam = client_for(app, "sam")
    page = sam.get(f"/documents/{doc_id}?q=biometric")
    assert page.status_code == 200
    section = re.search(r'id="page-2".*?</section>', page.text, re.S).group(0)
    assert '<mark class="hit">biometric</mark>' in section
    assert 'data-first-hit="2"' in page.text
    assert re.search(r"<dt>author <span[^>]*>file property</span></dt>\s*<dd>Office of Records", page.text)
    image = sam.get(f"/documents/{doc_id}/pages/1.png?size=thumb")
    assert image.status_code == 200 and image.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert list((services.config.cache_dir / "pages").rglob("1-thumb.png"))
    assert sam.get(f"/documents/{doc_id}/pages/9.png").status_code == 404
    download = sam.get(f"/documents/{doc_id}/original")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    actions = {(e["action"], e["target"]) for e in audit.events(services.store, actor="sam")}
    assert {("view", str(doc_id)), ("download", str(doc_id))} <= actions


def test_searches_are_audited_with_query_and_hit_count(web):
    app, services, _ = web
    response = client_for(app, "sam").get("/search?q=Memorandum")
    assert response.status_code == 200 and '<mark class="hit">Memorandum</mark>' in response.text
    event = audit.events(services.store, actor="sam", action="search")[0]
    assert event["details"]["query"] == "Memorandum" and event["details"]["hits"] == 2


def test_api_with_bearer_token(web):
    app, services, corpus = web
    runner = CliRunner()
    from web.cli import cli
    result = runner.invoke(cli, ["--home", str(services.config.home), "token", "ada"],
                           env={"ACCORD_SECRET_KEY": "test-secret"})
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    found = client.get("/api/search?q=Memorandum", headers=headers)
    assert found.status_code == 200 and found.json["total"] == 2
    assert {"id", "filename", "title", "score", "page", "snippet"} <= set(found.json["hits"][0])
    assert client.get("/api/search?q=x", headers={"Authorization": "Bearer nope"}).status_code == 401
    # "³".isdigit() is True but int("³") fails: an unknown job, not a server error (schemathesis found it)
    assert client.get("/api/ingest/%C2%B3", headers=headers).status_code == 404
    doc_id = corpus.ids["moa-ohio.pdf"]
    put = client.put(f"/api/documents/{doc_id}/visibility", json={"users": ["rex"]}, headers=headers)
    assert put.status_code == 200 and put.json["users"] == ["rex"]
    assert client.put(f"/api/documents/{doc_id}/visibility", json=[1], headers=headers).status_code == 400
    label = client.post(f"/api/documents/{doc_id}/labels", json={"kind": "type", "value": "moa"}, headers=headers)
    assert label.status_code == 200
    assert services.classifier.decisions[-1] == (doc_id, "type", "moa", "ada", "correct")
    assert client.post(f"/api/documents/{doc_id}/labels", json={"kind": "type", "value": "nonsense"},
                       headers=headers).status_code == 400
    assert client.get("/api/audit?action=restrict", headers=headers).status_code == 403   # admins are not auditors


def test_review_queue_decision_is_stored_and_audited(web):
    app, services, corpus = web
    rex = client_for(app, "rex")
    page = rex.get("/review")
    assert page.status_code == 200 and '<svg class="heatmap" id="confusion-matrix"' in page.text
    heat = page.text.split('id="confusion-matrix"')[1].split("</svg>")[0]
    assert heat.count("<rect") == 4 and 'class="heat-5 diagonal"' in heat and 'class="heat-1"' in heat
    reliability = page.text.split('id="reliability-chart"')[1].split("</svg>")[0]
    assert "accuracy 0.50" in reliability and "accuracy 1.00" in reliability
    assert "secret-pilot" not in page.text           # restricted from rex: not even its name
    assert "secret-pilot" in client_for(app, "ada").get("/review").text
    response = rex.post("/review/1", data={"csrf_token": csrf_of(page.text), "kind": "type", "value": "moa",
                                           "corrected": "mou", "action": "correct"})
    assert response.status_code == 302
    assert services.classifier.decisions == [(1, "type", "mou", "rex", "correct")]
    assert audit.events(services.store, action="label")[0]["details"]["value"] == "mou"
    assert "mou" in rex.get("/documents/1").text.split('id="history"')[1]


def test_a_failed_automatic_retrain_is_shown_on_the_model_page(web):
    app, services, _ = web
    rex = client_for(app, "rex")
    assert "retrain-error" not in rex.get("/review").text
    services.classifier.last_retrain_error = "ValueError: test_size = 15 should be greater or equal to 17"
    page = rex.get("/review").text
    assert 'class="error retrain-error"' in page and "test_size = 15" in page


def test_bulk_accept_reindexes_the_accepted_documents(web):
    """Regression: bulk-accepted documents kept their old type and scope in the search index."""
    app, services, _ = web
    rex = client_for(app, "rex")
    page = rex.get("/review")
    preview = rex.get("/review/bulk-accept?min_probability=0.98")
    assert preview.status_code == 200 and not hasattr(services.classifier, "bulk_accepted")   # changes nothing
    assert 'id="bulk-count">1<' in preview.text and 'id="bulk-skipped">0<' in preview.text   # 3 is hidden
    response = rex.post("/review/bulk-accept", data={"csrf_token": csrf_of(page.text), "min_probability": "0.98"})
    assert response.status_code == 302
    result = rex.get(response.headers["Location"]).text
    assert "accepted 1 suggestion;" in result and "0 marked unsure" in result
    # document 3 (restricted from rex, also confident) is neither accepted nor audited
    assert services.classifier.bulk_accepted == [2]
    assert services.wait_for_background(10)   # the index follows off the request path, like a decision's
    assert services.index.updated == [2]
    events = audit.events(services.store, action="label")
    assert [(e["target"], e["details"]["via"]) for e in events] == [("2", "bulk_accept")]


def test_errors_render_without_stack_traces(web, monkeypatch):
    app, services, _ = web
    sam = client_for(app, "sam")

    def explode(*args, **kwargs):
        raise RuntimeError("secret internals")
    monkeypatch.setattr(services.index, "search", explode)
    response = sam.get("/search?q=boom")
    assert response.status_code == 500
    assert "secret internals" not in response.text and "Traceback" not in response.text
    api = sam.get("/search?q=boom", headers={"Accept": "application/json"})
    assert api.status_code == 500 and api.json["error"] == "internal"
    assert sam.get("/search?q=x&sort=sideways").status_code == 400


def test_upload_runs_in_background_and_reports_progress(web, tmp_path):
    import io
    app, services, _ = web
    rita = client_for(app, "rita")
    files = [(io.BytesIO(f"Memorandum of Understanding number {i} between agencies.".encode()), f"upload-{i}.txt")
             for i in range(3)] + [(io.BytesIO(b""), "empty.txt")]
    state = finished_upload(rita, start_upload(rita, files))
    assert state["status"] == "done", state
    assert state["percent"] == 100 and state["done"] == 4 and state["stored"] == 3 and state["failed"] == 1
    assert state["failures"][0]["file"] == "empty.txt" and state["failures"][0]["code"] == "empty_file"
    report = rita.get(f"/ingest/uploads/{state['id']}/report.csv").text
    assert report.count("stored") == 3
    # the uploaded files are gone once the job is done (stored, or quarantined with their reason);
    # the upload's progress and its report stay
    upload_keys = {i.key for i in services.store.blobs.list(f"uploads/{state['id']}/")}
    assert upload_keys == {f"uploads/{state['id']}/state.json"}
    # Another records user cannot read this upload's progress.
    assert client_for(app, "owen").get(f"/ingest/uploads/{state['id']}").status_code == 404
    assert audit.events(services.store, action="ingest", actor="rita")
    # The page's job list shows per-worker throughput (the line `accord jobs` prints), in the
    # page and in the JSON its script polls.
    job = rita.get("/ingest", headers={"Accept": "application/json"}).json["jobs"][0]
    assert [(w["worker"], w["files"]) for w in job["workers"]] == [("in-process", 4)]
    assert job["workers"][0]["summary"].startswith("in-process: 4 files, ")
    assert job["workers"][0]["summary"] in rita.get("/ingest").text



def test_recent_jobs_link_each_job_to_its_report_page_and_downloads(web, tmp_path):
    import io
    import json
    app, services, corpus = web
    rita = client_for(app, "rita")
    text = b"Memorandum of Understanding on the exchange of arrest records between two agencies."
    files = [(io.BytesIO(text), "first copy.txt"), (io.BytesIO(text), "second copy.txt"),
             (io.BytesIO(b"MZ\x90\x00\x03" + bytes(64)), "Scan from printer.pdf")]
    state = finished_upload(rita, start_upload(rita, files))
    job_id = state["job_id"]
    assert state["status"] == "done" and job_id, state
    urls = [f"/ingest/jobs/{job_id}", f"/ingest/jobs/{job_id}/report.csv", f"/ingest/jobs/{job_id}/report.json"]
    for href in urls:   # linked from the page, and from the JSON its script polls to keep the list live
        assert f'href="{href}"' in rita.get("/ingest").text
    polled = rita.get("/ingest", headers={"Accept": "application/json"}).json["jobs"][0]
    assert [polled["report_url"], polled["csv_url"], polled["json_url"]] == urls
    page, csv_text, data = (rita.get(u) for u in urls)
    assert page.status_code == csv_text.status_code == data.status_code == 200
    stored = [i for i in data.json["items"] if i["status"] == "stored"][0]["document_id"]
    assert f'<a class="duplicate-of" href="/documents/{stored}">' in page.text
    assert "Scan from printer.pdf" in page.text and "Scan from printer.pdf" in csv_text.text
    home = str(services.config.home)
    for body in (page.text, csv_text.text, json.dumps(data.json)):
        assert home not in body and "uploads/" not in body and "b'" not in body
    assert csv_text.text.startswith("file,status,document_id,duplicate_of")
    # another records user's jobs are not listed to rita, nor readable by her
    assert client_for(app, "owen").get(urls[0]).status_code == 404
    # a command-line job's files are named as given (the folder's name, then the file), not by the server path
    folder = tmp_path / "incoming"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "letter.txt").write_text("A letter of intent between the county and the Department.")
    cli_job = services.ingest_batch([str(folder)], jobs=1).job_id
    shown = client_for(app, "ada").get(f"/ingest/jobs/{cli_job}/report.csv").text
    assert "\nincoming/sub/letter.txt,stored," in shown and str(tmp_path) not in shown
    # the API gives the same report: uploaded names, the worker, no server path (it gave raw journal rows)
    for number, user in ((job_id, "rita"), (cli_job, "ada")):
        bearer = {"Authorization": f"Bearer {accounts.issue_token(services.store, user)}"}
        api = app.test_client().get(f"/api/ingest/{number}", headers=bearer).get_json()
        assert api["items"] and all(i["worker"] == "in-process" for i in api["items"]), api
        assert home not in json.dumps(api) and str(tmp_path) not in json.dumps(api), api
    assert [i["file"] for i in api["items"]] == ["incoming/sub/letter.txt"]


def test_cli_report_of_an_upload_names_files_as_uploaded(web, config):
    import io

    from web.cli import cli
    app, _, _ = web
    rita = client_for(app, "rita")
    files = [(io.BytesIO(b"MZ\x90\x00\x03" + bytes(64)), "Scan from printer.pdf"),
             (io.BytesIO(b"Letter of Intent between the county and the Department."), "My letter (final).txt")]
    state = finished_upload(rita, start_upload(rita, files))
    assert state["status"] == "done" and state["job_id"], state
    for extra in ([], ["--csv"]):
        shown = CliRunner().invoke(cli, ["--home", str(config.home), "report", str(state["job_id"]), *extra],
                                   env={"ACCORD_SECRET_KEY": "test-secret"})
        assert shown.exit_code == 0, shown.output
        assert "Scan from printer.pdf" in shown.output and "My letter (final).txt" in shown.output
        assert "uploads/" not in shown.output and "Scan_from_printer" not in shown.output
        assert "b'" not in shown.output and "starts with content starting" not in shown.output

def test_every_report_of_an_upload_gives_a_zip_members_reason_under_its_uploaded_name(web, config):
    """A row is made readable once: the job report, its downloads, the API and `accord report` give
    the reason as the upload's own report does (they made it readable a second time, which cut the
    member's name back to its bare file name)."""
    import io
    import json
    import zipfile

    from web.cli import cli
    app, services, _ = web
    rita = client_for(app, "rita")
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("inner/bad member.pdf", b"MZ\x90\x00\x03" + bytes(64))
    state = finished_upload(rita, start_upload(rita, [(io.BytesIO(bundle.getvalue()), "my bundle.zip")]))
    job = state["job_id"]
    assert state["status"] == "done" and job, state
    member = "my bundle.zip!inner/bad member.pdf"
    reason = state["failures"][0]["reason"]
    assert state["failures"][0]["file"] == member and reason.startswith(f"{member}: "), state
    bearer = {"Authorization": f"Bearer {accounts.issue_token(services.store, 'rita')}"}
    cli_json = CliRunner().invoke(cli, ["--home", str(config.home), "report", str(job)],
                                  env={"ACCORD_SECRET_KEY": "test-secret"}).output
    reasons = [rita.get(f"/ingest/jobs/{job}/report.json").json["items"][0]["error"],
               app.test_client().get(f"/api/ingest/{job}", headers=bearer).get_json()["items"][0]["error"],
               json.loads(cli_json)["items"][0]["error"]]
    assert reasons == [reason] * 3
    for csv_text in (rita.get(f"/ingest/uploads/{state['id']}/report.csv").text,
                     rita.get(f"/ingest/jobs/{job}/report.csv").text):
        assert f'{member},failed,' in csv_text and f'"{member}: the content' in csv_text, csv_text
    # the dashboard's recent failures give the member under its full uploaded name, reason made readable once
    # (it cut the name to "bad member.pdf")
    failures = rita.get("/dashboard").text.split("Recent ingest failures")[1].split("</section>")[0]
    shown = html.unescape(re.sub(r"<[^>]+>", "", failures))
    assert f"· {reason}" in shown and "· bad member.pdf" not in shown, shown


def test_an_uploaded_file_named_like_the_uploads_progress_file_is_ingested_and_the_progress_kept(web):
    import io
    app, services, _ = web
    rita = client_for(app, "rita")
    files = [(io.BytesIO(b'{"note": "Memorandum of Agreement between the county and the state"}'), "state.json")]
    upload = start_upload(rita, files)
    state = finished_upload(rita, upload)   # the progress file, not the uploaded one
    assert state["id"] == upload["id"] and state["status"] == "done" and state["stored"] == 1, state
    # what was stored is the uploaded file, not the upload's progress written over it
    hits = services.index.search("county", principal=Principal("ada", "admin")).hits
    assert [h.filename for h in hits if h.filename == "state.json"] == ["state.json"]
    # a fresh process reads the progress from the blob store (no copy in memory)
    from web.uploads import UploadManager
    assert UploadManager(services).get(upload["id"]).status == "done"


def test_trusted_proxy_header_only_when_configured(web, config):
    app, services, _ = web
    assert app.test_client().get("/dashboard", headers={"X-Remote-User": "ada"}).status_code == 302
    proxied = create_app(config.replace(ACCORD_TRUST_PROXY_USER_HEADER="X-Remote-User"), services)
    client = proxied.test_client()
    assert client.get("/dashboard", headers={"X-Remote-User": "ada"}).status_code == 200
    assert client.get("/dashboard", headers={"X-Remote-User": "nobody"}).status_code == 302


def test_dashboard_counts_tags_expiring_and_backlog(web):
    from datetime import date, timedelta

    from corpus.tables import FieldRow, LabelRow
    app, services, corpus = web
    soon = (date.today() + timedelta(days=20)).isoformat()
    with services.store.session() as session:
        for name, doc_id in corpus.ids.items():
            session.add(LabelRow(document_id=doc_id, kind="type", value="mou", source="model", status="suggested",
                                 confidence=0.6))
        session.add(LabelRow(document_id=corpus.ids["moa-ohio.pdf"], kind="type", value="moa", source="reviewer",
                             status="corrected"))
        session.add(FieldRow(document_id=corpus.ids["moa-ohio.pdf"], name="expiry_date", value=soon, normalized=soon))
        session.add(FieldRow(document_id=corpus.restricted_id, name="expiry_date", value=soon, normalized=soon))
    # Every figure counts only what its reader may see (issue #10: sam was shown 3 documents).
    everything = client_for(app, "ada").get("/dashboard").text
    assert re.search(r'id="doc-count">3<', everything)
    assert re.search(r'id="backlog">2<', everything)    # the corrected one left the backlog
    page = client_for(app, "sam").get("/dashboard").text
    assert re.search(r'id="doc-count">2<', page)        # the restricted pilot is not counted
    assert re.search(r'id="backlog">1<', page)
    chart = page.split('id="chart-type"')[1].split("</ol>")[0]
    assert 'data-key="mou" data-count="1"' in chart and 'data-key="moa" data-count="1"' in chart
    expiring = page.split("Expiring within 180 days")[1].split("</section>")[0]
    assert "moa-ohio" in expiring.lower() or "Ohio" in expiring
    assert "Zephyr" not in expiring                      # restricted: not listed for a searcher
    # each card opens the search of what it counts, in the order the dashboard lists them (soonest first;
    # it opened them newest-effective first)
    assert re.search(r'href="/search\?expiring=90&amp;sort=expiry"><span class="big">1<', page), page


def test_foia_code_flags_can_be_reviewed_through_the_api(web):
    app, services, corpus = web
    from corpus.accounts import issue_token
    token = issue_token(services.store, "ada")
    headers = {"Authorization": f"Bearer {token}"}
    client = app.test_client()
    doc_id = corpus.ids["moa-ohio.pdf"]
    response = client.post(f"/api/documents/{doc_id}/labels", headers=headers,
                           json={"kind": "flag", "value": "(b)(6)", "action": "reject"})
    assert response.status_code == 200, response.text
    assert services.classifier.decisions[-1] == (doc_id, "flag", "(b)(6)", "ada", "reject")
    assert audit.events(services.store, action="label")[0]["details"]["value"] == "(b)(6)"


def test_dashboard_bars_open_the_search_they_count(web):
    app, services, corpus = web
    from corpus import labels
    labels.add_suggestion(services.store, corpus.ids["moa-ohio.pdf"], "type", "moa", confidence=0.9)
    page = client_for(app, "ada").get("/dashboard").text
    chart = page.split('id="chart-type"')[1].split("</ol>")[0]
    assert '<a href="/search?f.type=moa" class="chart-link bar-row">' in chart
