"""Headless Chromium: what a first-time user meets on a phone and a desktop (issue 15's held-out
walk): times readable in the reader's own zone, a refusal that names who may, dashboard labels
whole and legible on a phone, the bulk-edit picker, the Users page's saved message, the review
queue in words."""
from __future__ import annotations

import re

import pytest

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ISO_IN_TEXT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")


def test_history_and_notes_show_readable_local_times_with_the_exact_instant_kept(browser, live_server):
    from web_corpus import PASSWORD
    # A reader in New York: the page shows their time, the attribute keeps the UTC instant.
    context = browser.new_context(timezone_id="America/New_York", locale="en-US")
    try:
        page = context.new_page()
        page.goto(live_server["url"] + "/login")
        page.fill("input[name=username]", "rex")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/search")
        doc_id = live_server["corpus"].ids["mou-texas.pdf"]
        page.goto(f"{live_server['url']}/documents/{doc_id}")
        page.fill("#note-text", "Renewal talks start in spring.")
        page.click("form.note-add button[type=submit]")
        stamp = page.locator(".note-thread time.when").first
        exact = stamp.get_attribute("datetime")
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", exact)
        assert stamp.get_attribute("title") == exact
        # the page's script turns the server's UTC text into the reader's time: wait for it (a loaded CI run read
        # "8 Dec 2026, 01:50 UTC" before the script had run)
        expect(stamp).to_have_text(re.compile(r"\b(?:EST|EDT)\b"))   # the reader's zone, not the server's
        assert not ISO_IN_TEXT.search(page.locator("main").inner_text())   # no raw ISO string anywhere
    finally:
        context.close()


def test_an_admin_refused_the_audit_log_is_told_it_is_the_auditors_and_is_not_offered_it(open_as, live_server):
    page = open_as("ada")
    expect(page.locator("header nav a", has_text="Audit")).to_have_count(0)
    response = page.goto(live_server["url"] + "/audit")
    assert response.status == 403
    hint = page.locator(".error .hint")
    expect(hint).to_contain_text("Only the auditor role may read the audit log")
    expect(page.locator(".error h1")).not_to_contain_text("'")          # no Python repr of names
    auditor = open_as("aud")
    auditor.goto(live_server["url"] + "/audit")
    assert not ISO_IN_TEXT.search(auditor.locator("#audit-table").inner_text())
    assert auditor.locator("#audit-table time.when").count() > 0


def test_on_a_phone_dashboard_labels_are_whole_and_legible(open_as, live_server):
    page = open_as("rex")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server["url"] + "/dashboard")
    labels = page.locator("#chart-type .bar-label")
    assert labels.count() >= 1
    for i in range(labels.count()):
        label = labels.nth(i)
        assert "…" not in label.inner_text()
        size = float(label.evaluate("e => getComputedStyle(e).fontSize").rstrip("px"))
        assert size >= 13, f"{label.inner_text()}: {size}px"
        assert label.evaluate("e => e.scrollWidth <= e.clientWidth + 1")      # not cut off
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390


def test_bulk_edit_offers_the_types_in_words_instead_of_a_field_for_codes(open_as, live_server):
    page = open_as("rex")
    page.goto(live_server["url"] + "/search?q=agreement")
    page.click("#bulk-details summary")
    page.locator("input.select-hit").first.check()
    page.select_option("#bulk-action", "type")
    expect(page.locator("#bulk-value")).to_be_hidden()
    picker = page.locator("#bulk-pick-type")
    expect(picker).to_be_visible()
    expect(picker.locator("option[value=moa]")).to_have_text(re.compile("Memorandum of Agreement"))
    page.select_option("#bulk-pick-type", "moa")
    page.click("#bulk-review")
    assert re.search(r"[?&]value=moa(&|$)", page.url)                   # one value sent: the picked one
    expect(page.locator("#bulk-change")).to_have_text(re.compile(r"^[01]$"))
    page.go_back()
    page.click("#bulk-details summary") if not page.locator("#bulk-details[open]").count() else None
    page.select_option("#bulk-action", "zip")
    expect(picker).to_be_hidden()


def test_the_users_page_fits_a_phone_and_says_what_was_saved(open_as, live_server):
    page = open_as("ada")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server["url"] + "/admin/users")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    card = page.locator("#user-rita")
    card.locator("input[name=groups]").fill("records-team")
    card.locator("button[value=update]").click()
    expect(page.locator("#user-saved")).to_have_text("Saved: rita is records (records-team).")
    page.click("details.role-guide summary")
    expect(page.locator("details.role-guide")).to_contain_text("read the audit log")
    page.locator("#user-rita input[name=groups]").fill("")           # as it was, for the other tests
    page.locator("#user-rita button[value=update]").click()
    expect(page.locator("#user-saved")).to_have_text("Saved: rita is records (no group).")


def test_the_review_queue_names_a_suggestion_in_words(open_as, live_server):
    page = open_as("rex")
    page.goto(live_server["url"] + "/review")
    first = page.locator("li.queue-item").first
    words, code = first.locator(".suggested").inner_text(), first.locator(".qi-suggestion .code").inner_text()
    assert code and words and words != code         # "Memorandum of Understanding (MOU)", not only "mou"


def test_saved_views_beside_the_results_get_their_counts_after_the_page(open_as, live_server):
    from corpus import accounts
    token = accounts.issue_token(live_server["services"].store, "sam")
    client = live_server["app"].test_client()
    made = client.post("/api/views", json={"name": "Texas agreements", "query": "texas"},
                       headers={"Authorization": f"Bearer {token}"})
    assert made.status_code == 201, made.text
    page = open_as("sam")
    page.goto(live_server["url"] + "/search?q=agreement")
    entry = page.locator("#sidebar-views li", has_text="Texas agreements")
    expect(entry.locator(".count")).to_have_text(str(made.get_json()["count"]))
    expect(entry.locator(".count.pending")).to_have_count(0)


def test_a_search_finding_nothing_says_how_to_find_more(open_as, live_server):
    page = open_as("sam")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server["url"] + '/search?q="biometric+records+of+texas"&f.type=moa')
    expect(page.locator("#total")).to_have_text("0")
    empty = page.locator("#no-results")
    expect(empty).to_contain_text("drop the quotes")
    empty.get_by_role("link", name="search without filters").click()
    expect(page.locator(".chips")).to_have_count(0)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390


def test_a_date_in_words_is_a_removable_chip_and_an_empty_result_says_what_was_searched(open_as, live_server):
    page = open_as("sam")
    page.goto(live_server["url"] + "/search?q=memorandm+signed+in+1999")
    # "signed in 1999" is a filter on the signature date, shown as a chip, not searched as words
    chip = page.locator(".chips .chip", has_text="signed in 1999")
    expect(chip).to_have_count(1)
    summary = page.locator("p.summary")
    expect(summary).to_contain_text("0 results for “memorandm” with signed in 1999")
    expect(summary).not_to_contain_text("every document")
    empty = page.locator("#no-results")
    expect(empty).to_contain_text("remove a filter")
    expect(empty).to_contain_text("check the spelling: did you mean")
    expect(empty.get_by_role("link", name="search without filters")).to_have_attribute("href", "/search?q=memorandm")
    chip.get_by_role("link").click()            # removing the chip keeps the words
    expect(page.locator("#q")).to_have_value("memorandm")
    expect(page.locator(".chips")).to_have_count(0)
    page.goto(live_server["url"] + "/search?q=effective+2019")
    expect(page.locator(".chips .chip", has_text="effective in 2019")).to_have_count(1)


def test_on_a_phone_the_bulk_category_picker_stays_on_the_screen(open_as, live_server):
    page = open_as("rita")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server["url"] + "/search?q=agreement")
    page.click("#bulk-details summary")
    page.select_option("#bulk-action", "category")
    expect(page.locator("#bulk-pick-category")).to_be_visible()
    box = page.locator("#bulk-pick-category").bounding_box()
    assert box["x"] + box["width"] <= 390
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
