"""Headless Chromium: every page fits a phone (390 px) and a desktop (1,400 px) without
sideways scrolling; keyboard shortcuts between hits (issue 15, responsive and keyboard).

The pages are not a hand list: every GET route of the app's URL map is opened by every role
(JSON, files and CSV are recognised by their answer), so a new page is measured the day it is
added, and a route whose path parameters the test cannot fill fails until it is taught them."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from corpus import accounts
from web_corpus import ROLE_USERS, add_text_document

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = (390, 1400)
WIDTH_JS = "() => [document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]"
# Query strings that open the states of a page that are wider than its plain form.
VARIANTS = {"search.search_page": ["", "?q=agreement", "?q=agreement&f.type=mou&expiring=365"],
            "documents.document_page": ["", "?q=biometric"],
            "bulk.preview": ["?action=zip&all=1&q=agreement", "?action=type&value=moa&id={doc_id}",
                             "?action=visibility&value=restricted&groups=staff&id={doc_id}"],
            "review.bulk_accept_preview": ["?min_probability=0.9"],
            "audit.browse": ["", "?action=label"]}


def _path_values(live_server, monkeypatch) -> dict[str, str]:
    """A value for each path parameter of the URL map (a saved view, a bulk job, a document)."""
    from web import bulk
    monkeypatch.setattr(bulk, "BACKGROUND_OVER", 0)     # a one-document change runs as a job, as large ones do
    services, corpus = live_server["services"], live_server["corpus"]
    doc_id = corpus.ids["mou-texas.pdf"]
    token = accounts.issue_token(services.store, "rex")
    client = live_server["app"].test_client()
    headers = {"Authorization": f"Bearer {token}"}
    view = client.post("/api/views", json={"name": "Layout view", "query": "agreement", "users": ["sam"]},
                       headers=headers)
    assert view.status_code == 201, view.text
    fresh = add_text_document(services, "layout-job.txt", "rex", "A document for the bulk job page.")
    job = client.post("/api/bulk", json={"action": "scope", "value": "in_scope", "ids": [fresh]},
                      headers=headers)
    assert job.status_code == 202, job.text
    source = Path(services.config.home) / "layout-ingest"     # an ingest job of the records user, with a
    source.mkdir(exist_ok=True)                                # stored file, a duplicate and a failure
    (source / "first copy.txt").write_text("A memorandum of understanding for the ingest report page. " * 4)
    (source / "second copy.txt").write_text("A memorandum of understanding for the ingest report page. " * 4)
    (source / "empty.pdf").write_bytes(b"")
    ingested = services.ingest_batch([str(source)], jobs=1, actor="rita", owner="rita")
    return {"doc_id": str(doc_id), "page": "1", "view_id": str(view.get_json()["id"]),
            "job_id": job.get_json()["job"]["id"], "upload_id": "0" * 32, "batch_id": "1",
            "ingest_job": str(ingested.job_id)}


def _page_paths(live_server, monkeypatch) -> list[tuple[str, str]]:
    """(endpoint, path) for every GET route outside the API and the static files."""
    values = _path_values(live_server, monkeypatch)
    paths = []
    for rule in live_server["app"].url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static" or rule.rule.startswith("/api/"):
            continue
        unknown = set(rule.arguments) - set(values)
        assert not unknown, f"{rule.rule}: teach _path_values a value for {sorted(unknown)}"
        path = re.sub(r"<(?:[a-z]+:)?(\w+)>", lambda m: values[m.group(1)], rule.rule)
        for variant in VARIANTS.get(rule.endpoint, [""]):
            paths.append((rule.endpoint, path + variant.format(**values)))
    return paths


def test_every_page_of_the_url_map_fits_the_viewport_for_every_role_that_opens_it(open_as, live_server,
                                                                                   monkeypatch):
    paths = _page_paths(live_server, monkeypatch)
    assert len({endpoint for endpoint, _ in paths}) >= 25      # the URL map was really read
    too_wide, opened = {}, set()
    for user in ROLE_USERS:
        page = open_as(user)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for endpoint, path in paths:
                # Asked first with the page's cookies: a file or CSV would start a download.
                answer = page.request.get(live_server["url"] + path, max_redirects=0)
                if answer.status in (302, 403, 404) or "text/html" not in answer.headers.get("content-type", ""):
                    continue    # not this role's page, or not a page (JSON, a file, CSV)
                response = page.goto(live_server["url"] + path)
                assert response.status < 400, f"{user} {path}: {response.status}"
                opened.add(endpoint)
                document_width, body_width, viewport = page.evaluate(WIDTH_JS)
                if max(document_width, body_width) > viewport:
                    too_wide[f"{user} {width} {path}"] = max(document_width, body_width)
    assert too_wide == {}, f"wider than the viewport: {too_wide}"
    for expected in ("search.search_page", "documents.document_page", "dashboard.dashboard", "review.queue",
                     "admin.synonyms", "saved_views.list_page", "bulk.job_page", "audit.browse", "auth.login",
                     "ingest.job_report_page"):
        assert expected in opened, f"{expected} was never opened as a page"


def test_on_a_phone_the_first_result_is_on_the_first_screen(open_as, live_server):
    page = open_as("sam")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server["url"] + "/search?q=agreement")
    first = page.locator("ol.hits li.hit").first
    assert first.bounding_box()["y"] < 844
    page.click(".to-filters a")
    assert page.locator("#filters").bounding_box()["y"] < 844      # scrolled down to the filters


def test_skip_to_results_and_j_k_between_hits(open_as, live_server):
    page = open_as("sam")
    page.goto(live_server["url"] + "/search?q=agreement")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-results")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    hits = page.locator("ol.hits li.hit a.hit-title")
    assert hits.count() >= 2
    expect(hits.nth(0)).to_be_focused()
    page.keyboard.press("j")
    expect(hits.nth(1)).to_be_focused()
    page.keyboard.press("k")
    expect(hits.nth(0)).to_be_focused()


LINES_JS = """cell => { const range = document.createRange(); range.selectNodeContents(cell);
  return new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top))).size; }"""


def test_on_a_phone_a_table_scrolls_in_its_box_and_keeps_numbers_whole(open_as, live_server):
    page = open_as("aud")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server["url"] + "/audit")
    row = page.locator("#audit-table tr").nth(1)
    for column in (0, 5):       # the event number and the IP address, one line each (not a digit a line)
        assert row.locator("td").nth(column).evaluate(LINES_JS) == 1
    assert page.evaluate(WIDTH_JS)[0] <= 390
