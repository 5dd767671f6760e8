"""Issue 15, items 1-3 through the paths users take (pages and API, real index): bulk edit,
saved views, notes. Each test checks what a user who may not see a document learns: nothing."""
from __future__ import annotations

import io
import re
import time
import zipfile

from sqlalchemy import select

from corpus import accounts, audit, notes
from corpus.document import Document, Page
from corpus.documents import save_document
from corpus.records.purge import purge_rows
from corpus.tables import NoteRow
from web_corpus import PASSWORD


def _csrf(text: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', text).group(1)


class User:
    """A signed-in browser session and an API token of one account."""

    def __init__(self, app, name: str):
        self.client = app.test_client()
        token = _csrf(self.client.get("/login").text)
        assert self.client.post("/login", data={"username": name, "password": PASSWORD,
                                                "csrf_token": token}).status_code == 302
        self.csrf = _csrf(self.client.get("/dashboard").text)
        self.api = app.test_client()
        self.bearer = {"Authorization": f"Bearer {accounts.issue_token(app.extensions['accord'].store, name)}"}

    def post(self, path, **form):
        return self.client.post(path, data={**form, "csrf_token": self.csrf})

    def get(self, path):
        return self.client.get(path)

    def api_call(self, method, path, body=None):
        return self.api.open(path, method=method, json=body, headers=self.bearer)


def _events(store, action, after):
    return [e for e in audit.events(store, action=action, limit=1000) if e["id"] > after]


def _head(store):
    return (audit.head(store) or (0, ""))[0]


# --- notes ------------------------------------------------------------------------------------
def test_a_note_finds_its_document_only_for_people_who_may_see_it(site):
    app, services, corpus = site
    owen, sam, ada = User(app, "owen"), User(app, "sam"), User(app, "ada")
    hidden = corpus.restricted_id
    before = _head(services.store)
    added = owen.api_call("POST", f"/api/documents/{hidden}/notes", {"text": "Quokkaberry renewal is pending."})
    assert added.status_code == 201, added.text
    note_id = added.get_json()["id"]

    def finds(user, word):
        assert services.wait_for_background(10)   # a note reaches the index off the request path
        return [h["id"] for h in user.api_call("GET", f"/api/search?q={word}").get_json()["hits"]]
    assert finds(owen, "quokkaberry") == finds(owen, "note:quokkaberry") == [hidden]
    assert finds(ada, "quokkaberry") == [hidden]
    assert finds(sam, "quokkaberry") == []                       # sam may not see the document
    assert sam.api_call("GET", f"/api/documents/{hidden}/notes").status_code == 404
    assert sam.api_call("POST", f"/api/documents/{hidden}/notes", {"text": "x"}).status_code == 404
    assert sam.get(f"/documents/{hidden}").status_code == 404
    assert "Quokkaberry renewal" in owen.get(f"/documents/{hidden}").text

    # edited: the new words find it, the old ones no longer do
    edited = owen.api_call("PUT", f"/api/documents/{hidden}/notes/{note_id}", {"text": "Wallabyplum renewal signed."})
    assert edited.status_code == 200 and edited.get_json()["edited_at"]
    assert finds(owen, "quokkaberry") == [] and finds(owen, "wallabyplum") == [hidden]
    assert sam.api_call("PUT", f"/api/documents/{hidden}/notes/{note_id}", {"text": "y"}).status_code == 404

    # deleted (soft): the thread keeps it as deleted, without its text; the index forgets it
    assert owen.post(f"/documents/{hidden}/notes/{note_id}/delete").status_code == 302
    thread = owen.api_call("GET", f"/api/documents/{hidden}/notes").get_json()["notes"]
    assert thread[0]["deleted_at"] and thread[0]["deleted_by"] == "owen" and thread[0]["text"] == ""
    assert finds(owen, "wallabyplum") == []
    changes = [e["details"]["change"] for e in sorted(_events(services.store, "note", before), key=lambda e: e["id"])]
    assert changes == ["add", "edit", "delete"]


def test_only_the_author_edits_and_auditors_write_no_notes(site):
    app, services, corpus = site
    public_id = corpus.ids["mou-texas.pdf"]
    sam, rex, aud, ada = (User(app, n) for n in ("sam", "rex", "aud", "ada"))
    note_id = sam.api_call("POST", f"/api/documents/{public_id}/notes", {"text": "Check the annex."}).get_json()["id"]
    assert rex.api_call("PUT", f"/api/documents/{public_id}/notes/{note_id}", {"text": "mine now"}).status_code == 403
    assert rex.api_call("DELETE", f"/api/documents/{public_id}/notes/{note_id}").status_code == 403
    assert aud.api_call("POST", f"/api/documents/{public_id}/notes", {"text": "audit"}).status_code == 403
    assert sam.api_call("POST", f"/api/documents/{public_id}/notes", {"text": "  "}).status_code == 400
    assert ada.api_call("DELETE", f"/api/documents/{public_id}/notes/{note_id}").status_code == 200   # moderation
    assert "Check the annex." not in rex.get(f"/documents/{public_id}").text


# --- saved views ------------------------------------------------------------------------------
def _dashboard_views(user) -> dict[str, tuple[int, int]]:
    html = user.get("/dashboard").text
    section = html[html.index('id="dashboard-views"'):]
    section = section[:section.index("</ul>")]
    out = {}
    for name, count, rest in re.findall(r'data-view="\d+">([^<]+)</a>\s*<span class="count"[^>]*>(\d+)</span>'
                                        r'((?:\s*<span class="new-count"[^>]*>\d+ new)?)', section):
        new = re.search(r"(\d+) new", rest)
        out[name] = (int(count), int(new.group(1)) if new else 0)
    return out


def test_a_shared_view_counts_what_each_caller_may_see(site):
    app, services, corpus = site
    owen, sam, rex = User(app, "owen"), User(app, "sam"), User(app, "rex")
    # owen's view finds the restricted pilot agreement (and the Ohio pilot project); shared with the staff group
    made = owen.post("/views", name="Pilot projects", q="pilot", groups="staff")
    assert made.status_code == 302
    assert _dashboard_views(owen)["Pilot projects"][0] == 2
    assert _dashboard_views(sam)["Pilot projects"] == (1, 1)         # sam is in staff, sees one; not opened yet
    assert "Pilot projects" not in _dashboard_views(rex)             # rex is not in staff
    view_id = int(re.search(r"saved=(\d+)", made.location).group(1))
    assert rex.api_call("GET", f"/api/views/{view_id}").status_code == 404
    assert sam.api_call("PUT", f"/api/views/{view_id}", {"name": "mine"}).status_code == 403
    assert sam.api_call("DELETE", f"/api/views/{view_id}").status_code == 403
    assert 'id="sidebar-views"' in sam.get("/search?q=ohio").text and "Pilot projects" in sam.get("/search").text


def test_new_since_last_visit_counts_documents_added_after_the_visit(site):
    app, services, corpus = site
    sam = User(app, "sam")
    created = sam.api_call("POST", "/api/views", {"name": "Agreements", "query": "agreement",
                                                  "filters": {}, "sort": "-ingested"})
    assert created.status_code == 201, created.text
    view = created.get_json()
    assert (view["count"], view["new"]) == (2, 0)     # its owner has seen what it finds
    assert sam.api_call("PUT", f"/api/views/{view['id']}", {"users": ["rex"]}).status_code == 200
    assert User(app, "rex").api_call("GET", f"/api/views/{view['id']}").get_json()["new"] == 2   # never opened
    opened = sam.get(f"/views/{view['id']}")
    assert opened.status_code == 302 and "q=agreement" in opened.location and "sort=-ingested" in opened.location
    assert _dashboard_views(sam)["Agreements"] == (2, 0)
    data = b"%PDF-1.4 fake"
    sha, _ = services.store.keep_original_bytes(data)
    new_id, _ = save_document(services.store, Document(
        source_path="/incoming/new.txt", filename="new.txt", sha256=sha, size=len(data), mime="text/plain",
        title="Agreement on shared training", pages=[Page(number=1, text="A new agreement on training.")]))
    services.document_changed(new_id)
    assert _dashboard_views(sam)["Agreements"] == (3, 1)
    assert sam.api_call("GET", f"/api/views/{view['id']}").get_json()["new"] == 1
    sam.get(f"/views/{view['id']}")
    assert _dashboard_views(sam)["Agreements"] == (3, 0)


def test_the_search_page_lists_views_without_running_their_searches_and_counts_are_reused(site, monkeypatch):
    app, services, _ = site
    sam = User(app, "sam")
    for n, query in enumerate(("agreement", "ohio", "pilot")):
        assert sam.api_call("POST", "/api/views", {"name": f"View {n}", "query": query}).status_code == 201
    searches = []
    real_search = services.index.search
    monkeypatch.setattr(services.index, "search", lambda *a, **k: searches.append(a) or real_search(*a, **k))
    page = sam.get("/search?q=agreement").text
    assert "View 2" in page and 'data-counts-url="/views/counts"' in page
    assert len(searches) == 1                      # its own results only, not one or two per view
    searches.clear()
    counted = {v["name"]: v["count"] for v in sam.get("/views/counts").get_json()["views"]}   # the page's session
    assert counted["View 0"] == 2
    assert searches == []              # counted when saved; the index has not changed since: reused
    data = b"a new agreement"
    sha, _ = services.store.keep_original_bytes(data)
    new_id, _ = save_document(services.store, Document(
        source_path="/incoming/more.txt", filename="more.txt", sha256=sha, size=len(data), mime="text/plain",
        title="One more agreement", pages=[Page(number=1, text="One more agreement.")]))
    services.document_changed(new_id)
    counted = {v["name"]: v["count"] for v in sam.get("/views/counts").get_json()["views"]}
    assert counted["View 0"] == 3 and searches      # a new index state: counted again


def test_saved_view_api_checks_names_and_searches(site):
    app, services, _ = site
    sam = User(app, "sam")
    assert sam.api_call("POST", "/api/views", {"name": "x", "query": "a", "users": ["nobody-here"]}).status_code == 400
    assert sam.api_call("POST", "/api/views", {"name": "x", "query": "a", "sort": "sideways"}).status_code == 400
    assert sam.api_call("POST", "/api/views", {"name": "x", "filters": {"colour": ["red"]}}).status_code == 400
    assert sam.api_call("POST", "/api/views", {"name": "", "query": "a"}).status_code == 400
    ok = sam.api_call("POST", "/api/views", {"name": "Ohio", "query": "ohio", "users": ["rex"]})
    assert ok.status_code == 201 and ok.get_json()["users"] == ["rex"]
    assert sam.api_call("POST", "/api/views", {"name": "Ohio", "query": "x"}).status_code == 409
    view_id = ok.get_json()["id"]
    renamed = sam.api_call("PUT", f"/api/views/{view_id}", {"name": "Ohio agreements"}).get_json()
    assert renamed["name"] == "Ohio agreements" and renamed["query"] == "ohio" and renamed["users"] == ["rex"]
    assert [v["name"] for v in User(app, "rex").api_call("GET", "/api/views").get_json()["views"]] == \
        ["Ohio agreements"]
    assert sam.api_call("DELETE", f"/api/views/{view_id}").status_code == 200
    assert sam.api_call("GET", "/api/views").get_json()["views"] == []


# --- bulk edit --------------------------------------------------------------------------------
def _numbers(html: str, *ids: str) -> list[int]:
    return [int(re.search(rf'id="{i}">(\d+)<', html).group(1)) for i in ids]


def test_bulk_type_skips_a_document_the_reviewer_may_not_see(site):
    app, services, corpus = site
    rex = User(app, "rex")
    ids = [str(i) for i in corpus.ids.values()]            # the restricted one is hidden from rex
    preview = rex.get("/bulk?action=type&value=moa&" + "&".join(f"id={i}" for i in ids))
    assert _numbers(preview.text, "bulk-change", "bulk-skipped") == [2, 1]
    assert "1 skipped: not found" in preview.text
    before = _head(services.store)
    done = rex.post("/bulk", action="type", value="moa", id=ids)
    assert _numbers(done.text, "bulk-changed", "bulk-skipped") == [2, 1]
    events = _events(services.store, "label", before)
    assert sorted(int(e["target"]) for e in events) == sorted(i for i in corpus.ids.values()
                                                             if i != corpus.restricted_id)
    assert all(e["details"]["via"] == "bulk" and e["details"]["value"] == "moa" for e in events)
    # the change is in the index at once; a second run has nothing to change
    hits = rex.api_call("GET", "/api/search?q=&f.type=moa").get_json()["total"]
    assert hits == 2
    again = rex.api_call("POST", "/api/bulk", {"action": "type", "value": "moa", "ids": ids, "preview": True})
    assert again.get_json()["change"] == 0 and again.get_json()["skipped"] == 3


def test_bulk_visibility_is_for_owners_and_admins(site):
    app, services, corpus = site
    sam, owen = User(app, "sam"), User(app, "owen")
    ids = [corpus.ids["mou-texas.pdf"], corpus.ids["moa-ohio.pdf"]]     # owned by owen
    denied = sam.api_call("POST", "/api/bulk", {"action": "visibility", "value": "restricted", "groups": ["staff"],
                                                "ids": ids}).get_json()
    assert denied["changed"] == 0 and denied["skipped"] == 2 and "owner" in denied["reasons"][0]["reason"]
    unknown = owen.api_call("POST", "/api/bulk", {"action": "visibility", "value": "restricted",
                                                  "groups": ["no-such-group"], "ids": ids})
    assert unknown.status_code == 400
    before = _head(services.store)
    done = owen.api_call("POST", "/api/bulk", {"action": "visibility", "value": "restricted", "groups": ["zephyr-team"],
                                               "ids": ids}).get_json()
    assert done["changed"] == 2
    assert len(_events(services.store, "restrict", before)) == 2
    assert sam.api_call("GET", f"/api/documents/{ids[0]}").status_code == 404


def test_select_all_matching_is_resolved_over_the_callers_visible_set(site):
    app, services, corpus = site
    sam, ada = User(app, "sam"), User(app, "ada")
    body = {"action": "zip", "search": {"query": "agreement"}, "preview": True}
    assert sam.api_call("POST", "/api/bulk", body).get_json()["change"] == 2
    assert ada.api_call("POST", "/api/bulk", body).get_json()["change"] == 3
    before = _head(services.store)
    response = sam.post("/bulk", action="zip", all="1", q="agreement")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    assert len(names) == 2 and not any("secret-pilot" in n for n in names)
    downloads = _events(services.store, "download", before)
    assert len(downloads) == 2 and all(e["details"]["via"] == "bulk" for e in downloads)


def test_records_staff_file_in_bulk_and_others_are_told_why_not(site):
    app, services, corpus = site
    rita, sam = User(app, "rita"), User(app, "sam")
    ids = [corpus.ids["mou-texas.pdf"], corpus.ids["moa-ohio.pdf"]]
    refused = sam.api_call("POST", "/api/bulk", {"action": "category", "value": "transitory", "ids": ids}).get_json()
    assert refused["changed"] == 0 and "records staff" in refused["reasons"][0]["reason"]
    before = _head(services.store)
    filed = rita.api_call("POST", "/api/bulk", {"action": "category", "value": "transitory", "ids": ids}).get_json()
    assert filed["changed"] == 2 and len(_events(services.store, "file", before)) == 2
    before = _head(services.store)
    held = rita.api_call("POST", "/api/bulk", {"action": "hold", "value": "Bulk matter", "reason": "FOIA request",
                                               "ids": ids}).get_json()
    assert held["changed"] == 2
    # one event per document changed (beside the hold's own event, whose target is its name)
    per_document = [e for e in _events(services.store, "hold", before) if e["target"] != "Bulk matter"]
    assert sorted(int(e["target"]) for e in per_document) == sorted(ids)
    assert all(e["details"]["via"] == "bulk" and e["details"]["hold"] == "Bulk matter" for e in per_document)
    assert rita.api_call("GET", "/api/holds").get_json()["holds"][0]["name"] == "Bulk matter"


def test_a_large_selection_runs_as_a_job_with_progress(site, monkeypatch):
    import web.bulk
    monkeypatch.setattr(web.bulk, "BACKGROUND_OVER", 1)
    app, services, corpus = site
    rex = User(app, "rex")
    started = rex.post("/bulk", action="scope", value=services.taxonomy.scope_codes[0], all="1", q="")
    assert started.status_code == 302 and "/bulk/jobs/" in started.location
    job_id = started.location.rsplit("/", 1)[-1]
    for _ in range(100):
        state = rex.api_call("GET", f"/api/bulk/{job_id}").get_json()
        if state["status"] != "running":
            break
        time.sleep(0.1)
    assert state["status"] == "done" and state["percent"] == 100 and state["result"]["changed"] == 2
    assert "2</strong> changed" in rex.get(f"/bulk/jobs/{job_id}").text
    assert User(app, "sam").api_call("GET", f"/api/bulk/{job_id}").status_code == 404    # someone else's job


def test_a_destroyed_record_loses_its_notes(site):
    app, services, corpus = site
    doc_id = corpus.ids["moa-ohio.pdf"]
    sam = User(app, "sam")
    assert sam.api_call("POST", f"/api/documents/{doc_id}/notes", {"text": "Pilot ends in May."}).status_code == 201
    with services.store.session() as session:
        purge_rows(session, doc_id, state="destroyed", by="test")
        assert notes.note_texts_in(session, [doc_id]) == {}
        assert session.scalars(select(NoteRow).where(NoteRow.document_id == doc_id)).all() == []
