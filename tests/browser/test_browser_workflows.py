"""Headless Chromium: bulk edit, saved views and notes as users do them (issue 15, items 1-3)."""
from __future__ import annotations

import re

import pytest

from web_corpus import add_text_document

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]
WIDTH_JS = "() => document.documentElement.scrollWidth"


def test_bulk_visibility_of_three_documents_one_not_permitted(open_as, live_server):
    url, services = live_server["url"], live_server["services"]
    mine = [add_text_document(services, f"kestrel-{n}.txt", "sam", f"Kestrel survey agreement number {n}.")
            for n in (1, 2)]
    theirs = add_text_document(services, "kestrel-3.txt", "owen", "Kestrel survey agreement number 3.")
    page = open_as("sam")
    page.goto(url + "/search?q=kestrel")
    expect(page.locator("#total")).to_have_text("3")
    page.click("#bulk-details summary")
    for box in page.locator("input.select-hit").all():
        box.check()
    page.select_option("#bulk-action", "visibility")
    expect(page.locator("#bulk-value")).to_be_hidden()      # a picker, not a field to type codes into
    page.select_option("#bulk-pick-visibility", "restricted")
    page.select_option("#bulk-groups", ["staff"])     # picked, not typed
    page.click("#bulk-review")
    expect(page.locator("#bulk-change")).to_have_text("2")
    expect(page.locator("#bulk-skipped")).to_have_text("1")
    expect(page.locator(".bulk-reasons")).to_contain_text("only the document's owner or an administrator")
    page.click("#bulk-confirm")
    expect(page.locator("#bulk-changed")).to_have_text("2")
    expect(page.locator("#bulk-skipped")).to_have_text("1")
    page.goto(f"{url}/documents/{mine[0]}")
    expect(page.locator(".visibility")).to_have_text("restricted")
    page.goto(f"{url}/documents/{theirs}")
    expect(page.locator(".visibility")).to_have_text("public")


def test_a_saved_view_shows_on_the_dashboard_with_its_count(open_as, live_server):
    url = live_server["url"]
    page = open_as("rex")
    page.goto(url + "/search?q=ohio")
    total = page.locator("#total").inner_text()
    page.click("details.save-view summary")
    page.fill("#save-view-form input[name=name]", "Ohio agreements")
    page.click("#save-view-form button[type=submit]")
    expect(page.locator("#view-saved")).to_be_visible()
    page.goto(url + "/dashboard")
    entry = page.locator("#dashboard-views li", has_text="Ohio agreements")
    expect(entry.locator(".count")).to_have_text(total)
    entry.locator("a").click()
    page.wait_for_url(re.compile(r".*/search\?q=ohio"))
    expect(page.locator("#sidebar-views")).to_contain_text("Ohio agreements")


def test_a_note_is_seen_and_found_only_by_people_who_may_see_its_document(open_as, live_server):
    url, corpus = live_server["url"], live_server["corpus"]
    hidden = corpus.restricted_id                          # owen and the zephyr-team group may see it
    owen = open_as("owen")
    owen.goto(f"{url}/documents/{hidden}")
    owen.fill("#note-text", "Marmosetfig telemetry annex is awaiting signature.")
    owen.click("form.note-add button[type=submit]")
    expect(owen.locator(".note-thread")).to_contain_text("Marmosetfig telemetry annex")
    expect(owen.locator(".note-thread .meta").first).to_contain_text("owen")
    owen.goto(url + "/search?q=marmosetfig")
    expect(owen.locator("#total")).to_have_text("1")

    sam = open_as("sam")
    sam.goto(url + "/search?q=marmosetfig")
    expect(sam.locator("#total")).to_have_text("0")
    response = sam.goto(f"{url}/documents/{hidden}")
    assert response.status == 404
    assert "Marmosetfig" not in sam.content()


def test_a_view_shared_by_picking_a_user_shows_what_is_new_since_their_last_visit(open_as, live_server):
    url, services = live_server["url"], live_server["services"]
    add_text_document(services, "osprey-1.txt", "rex", "Osprey monitoring agreement, first phase.")
    rex = open_as("rex")
    rex.goto(url + "/search?q=osprey")
    rex.click("details.save-view summary")
    expect(rex.locator("#save-view-form input[name=users]")).to_have_count(0)   # no free-text names to mistype
    rex.fill("#save-view-form input[name=name]", "Osprey work")
    rex.click("#save-view-form button[type=submit]")
    shared = rex.locator("section.saved-view", has_text="Osprey work")
    shared.locator("select[name=users]").select_option(["sam"])               # the picker of existing users
    shared.locator("button", has_text="Save").first.click()
    expect(rex.locator("section.saved-view", has_text="Osprey work")).to_contain_text("shared with sam")

    sam = open_as("sam")
    sam.goto(url + "/dashboard")
    entry = sam.locator("#dashboard-views li", has_text="Osprey work")
    expect(entry).to_contain_text("from rex")
    expect(entry.locator(".count")).to_have_text("1")
    entry.locator("a").click()                                    # a visit: nothing is new any more
    sam.wait_for_url(re.compile(r".*/search\?q=osprey"))
    sam.goto(url + "/dashboard")
    expect(sam.locator("#dashboard-views li", has_text="Osprey work").locator(".new-count")).to_have_count(0)
    add_text_document(services, "osprey-2.txt", "rex", "Osprey monitoring agreement, second phase.")
    sam.goto(url + "/dashboard")
    entry = sam.locator("#dashboard-views li", has_text="Osprey work")
    expect(entry.locator(".count")).to_have_text("2")
    expect(entry.locator(".new-count")).to_have_text("1 new")


def test_a_note_is_edited_and_deleted_by_its_author_and_others_cannot_edit_it(open_as, live_server):
    url, corpus = live_server["url"], live_server["corpus"]
    doc_id = corpus.ids["moa-ohio.pdf"]
    sam = open_as("sam")
    sam.set_viewport_size({"width": 390, "height": 844})
    sam.goto(f"{url}/documents/{doc_id}")
    sam.fill("#note-text", "Heronbill renewal draft sent to Ohio.")
    sam.click("form.note-add button[type=submit]")
    note = sam.locator(".note-thread li.note", has_text="Heronbill")
    note.locator("details summary").click()
    note.locator("textarea[name=text]").fill("Heronbill renewal draft signed by Ohio.")
    note.locator("details button[type=submit]").click()
    note = sam.locator(".note-thread li.note", has_text="Heronbill")
    expect(note.locator(".note-text")).to_have_text("Heronbill renewal draft signed by Ohio.")
    expect(note.locator(".meta")).to_contain_text("edited")
    assert sam.evaluate(WIDTH_JS) <= 390

    rex = open_as("rex")                                     # may see the document, did not write the note
    rex.goto(f"{url}/documents/{doc_id}")
    other = rex.locator(".note-thread li.note", has_text="Heronbill")
    expect(other).to_be_visible()
    expect(other.locator("details")).to_have_count(0)
    expect(other.locator("button.note-delete")).to_have_count(0)

    note.locator("button.note-delete").click()
    deleted = sam.locator(".note-thread li.note-deleted")
    expect(deleted).to_contain_text("Deleted by sam")
    expect(sam.locator(".note-thread")).not_to_contain_text("Heronbill")


def test_a_large_bulk_change_runs_as_a_job_whose_page_follows_it_to_the_result(open_as, live_server, monkeypatch):
    from web import bulk
    monkeypatch.setattr(bulk, "BACKGROUND_OVER", 1)      # what 200+ documents do, with three
    url, services = live_server["url"], live_server["services"]
    for n in (1, 2, 3):
        add_text_document(services, f"plover-{n}.txt", "rex", f"Plover habitat agreement number {n}.")
    page = open_as("rex")
    page.goto(url + "/search?q=plover")
    page.click("#bulk-details summary")
    page.check("#bulk-all")
    page.select_option("#bulk-action", "scope")
    page.select_option("#bulk-pick-scope", "in_scope")
    page.click("#bulk-review")
    expect(page.locator("#bulk-change")).to_have_text("3")
    page.click("#bulk-confirm")
    page.wait_for_url(re.compile(r".*/bulk/jobs/\w+"))
    expect(page.locator("#bulk-changed")).to_have_text("3", timeout=30000)   # the page followed the job
    expect(page.locator("#bulk-skipped")).to_have_text("0")
