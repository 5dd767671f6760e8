"""End-to-end through headless Chromium: what users actually do in the UI."""
from __future__ import annotations

import re

import pytest

from corpus import audit

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_login_banner_shows_before_login(browser, live_server):
    page = browser.new_page()
    try:
        page.goto(live_server["url"] + "/documents/1")
        assert "/login" in page.url
        banner = page.locator("#login-banner")
        assert banner.is_visible()
        assert "monitored" in banner.inner_text()
    finally:
        page.close()


def test_log_in_search_and_open_a_highlighted_hit_on_the_right_page(open_as, live_server):
    page = open_as("sam")
    page.fill("#q", "biometric")
    page.keyboard.press("Enter")
    page.wait_for_selector("ol.hits li.hit")
    first = page.locator("ol.hits li.hit a.hit-title").first
    assert "mou" in first.inner_text().lower() or "understanding" in first.inner_text().lower()
    first.click()
    page.wait_for_selector("article.document")
    mark = page.locator("#page-2 mark.hit").first
    assert mark.is_visible()
    assert mark.inner_text().lower().startswith("biometric")
    assert page.locator("#page-1 mark.hit").count() == 0


def test_correct_a_suggested_type_then_see_it_in_history_and_audit(open_as, live_server):
    services = live_server["services"]
    page = open_as("rex")
    page.goto(live_server["url"] + "/review")
    item = page.locator("li.queue-item").first
    item.wait_for()
    doc_id = int(item.get_attribute("data-doc"))
    suggested = item.locator("input[name=value]").get_attribute("value")
    options = [o for o in item.locator("select[name=corrected] option").evaluate_all("els => els.map(e => e.value)")
               if o != suggested]
    corrected = options[0]
    item.locator("select[name=corrected]").select_option(corrected)
    with page.expect_response(lambda r: r.request.method == "POST" and f"/review/{doc_id}" in r.url):
        item.locator("button.correct").click()
    expect(page.locator("#queue-status")).to_contain_text("Saved")
    page.goto(f"{live_server['url']}/documents/{doc_id}")
    history = page.locator("#history").inner_text()
    assert corrected in history and "rex" in history
    events = audit.events(services.store, actor="rex", action="label")
    assert events and events[0]["details"]["value"] == corrected
    auditor = open_as("aud")
    auditor.goto(f"{live_server['url']}/audit?action=label")
    assert re.search(rf"rex\s+label\s+{doc_id}", auditor.locator("#audit-table").inner_text())


def test_upload_three_files_and_watch_progress_reach_100(open_as, live_server, tmp_path):
    paths = []
    for i in range(3):
        path = tmp_path / f"browser-upload-{i}.txt"
        path.write_text(f"Letter of Intent number {i} between the Department and a county sheriff.")
        paths.append(str(path))
    page = open_as("rita")
    page.goto(live_server["url"] + "/ingest")
    page.set_input_files("#files", paths)
    page.click("#upload-button")
    # Polled text, not wait_for_function: the page's CSP forbids evaluating strings.
    expect(page.locator("#progress-percent")).to_have_text("100", timeout=60000)
    assert page.locator("#progress-status").inner_text() == "done"
    assert page.locator("#progress-done").inner_text() == "3"
    assert page.locator("#progress-report").is_visible()


def test_searcher_cannot_reach_a_restricted_document_any_way(open_as, live_server):
    hidden = live_server["corpus"].restricted_id
    url = live_server["url"]
    page = open_as("sam")
    page.goto(url + "/search?q=Zephyr")
    assert page.locator(f"a[href^='/documents/{hidden}']").count() == 0
    response = page.goto(f"{url}/documents/{hidden}")
    assert response.status == 404
    for path in (f"/documents/{hidden}/pages/1.png?size=thumb", f"/documents/{hidden}/original"):
        assert page.request.get(url + path).status == 404
    owner = open_as("owen")
    owner.goto(url + "/search?q=Zephyr")
    assert owner.locator(f"a[href^='/documents/{hidden}']").count() >= 1
    assert owner.request.get(f"{url}/documents/{hidden}/pages/1.png?size=thumb").status == 200


def test_upload_report_names_files_as_uploaded_links_duplicates_and_shows_no_server_path(open_as, live_server,
                                                                                          tmp_path):
    original = tmp_path / "Signed agreement (final).txt"
    original.write_text("Memorandum of Agreement between the Department and Harbor County, signed 2024.")
    copy = tmp_path / "copy of signed agreement.txt"
    copy.write_bytes(original.read_bytes())
    broken = tmp_path / "Scan from printer.pdf"
    broken.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(200))   # an executable named .pdf
    page = open_as("rita")
    page.goto(live_server["url"] + "/ingest")
    page.set_input_files("#files", [str(original), str(copy), str(broken)])
    page.click("#upload-button")
    expect(page.locator("#progress-report")).to_be_visible(timeout=60000)
    failures = page.locator("#progress-failures").inner_text()
    outcomes = page.locator("#progress-items").inner_text()
    assert "Scan from printer.pdf" in failures                  # the name as uploaded, not Scan_from_printer.pdf
    for shown in (failures, outcomes):
        assert "uploads/" not in shown and str(live_server["config"].home) not in shown and "b'" not in shown
        assert "Scan_from_printer" not in shown                 # nor the name it was stored under
    duplicate = page.locator("#progress-items li.outcome-duplicate a")
    expect(duplicate).to_have_count(1)
    assert re.fullmatch(r"/documents/\d+", duplicate.get_attribute("href"))
    assert page.locator("#progress-items li.outcome-stored a").count() == 1
    report = page.request.get(live_server["url"] + page.locator("#progress-report").get_attribute("href")).text()
    assert "Scan from printer.pdf" in report and "uploads/" not in report and "b'" not in report
    assert "Scan_from_printer" not in report
    jobs_before = page.locator("#jobs tbody tr").count()
    assert jobs_before >= 1 and "rita" in page.locator("#jobs").inner_text()   # refreshed without a reload
    # the refreshed list links each job to its report: the page, its CSV and its JSON
    newest = page.locator("#jobs tbody tr").first
    expect(newest.locator("td.report a")).to_have_count(3, timeout=15000)
    newest.locator("td").first.get_by_role("link").click()
    expect(page.locator("#job-report a.duplicate-of")).to_have_count(1)
    expect(page.locator("#job-report")).to_contain_text("Scan from printer.pdf")
    assert str(live_server["config"].home) not in page.content() and "Scan_from_printer" not in page.content()
    page.goto(live_server["url"] + "/ingest")
    page.goto(live_server["url"] + "/dashboard")                 # the dashboard's failures say it the same way
    failures = page.locator("section", has_text="Recent ingest failures").inner_text()
    assert "Scan from printer.pdf" in failures and "Scan_from_printer" not in failures
