"""Headless Chromium: a reviewer works through the queue by keys alone (issue 15, review flow)."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from corpus.tables import LabelRow

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FOCUS_IN_QUEUE = ("() => document.activeElement && document.activeElement.classList.contains('queue-item')"
                  " && !document.activeElement.classList.contains('deciding')")


def _decisions_by(store, reviewer: str) -> int:
    with store.session() as session:
        return session.scalar(select(func.count(LabelRow.id)).where(LabelRow.created_by == reviewer)) or 0


def test_ten_review_decisions_in_a_row_by_keys_alone(open_as, live_server):
    store = live_server["services"].store
    before = _decisions_by(store, "rex")
    page = open_as("rex")
    page.goto(live_server["url"] + "/review")
    page.wait_for_function(FOCUS_IN_QUEUE)
    # the model's figures say what they were computed on, and on how many documents
    expect(page.locator("#metrics-basis")).to_contain_text(re.compile(r"Evaluated on .*\b\d+ .*documents"))
    kinds = set(page.locator("li.queue-item").evaluate_all("els => els.map(e => e.className)"))
    assert any("kind-scope" in k for k in kinds)        # scope suggestions are reviewable in the queue
    # First accept one, then mark the rest unsure: unsure tags stay pending, so when the page
    # runs out it reloads with the same tags and focus must land in the queue again.
    for number, key in enumerate("a" + "u" * 9, start=1):
        with page.expect_response(lambda r: r.request.method == "POST" and "/review/" in r.url):
            page.keyboard.press(key)                 # no clicks, no Tab: focus must already be there
        page.wait_for_function(FOCUS_IN_QUEUE)
        assert _decisions_by(store, "rex") == before + number
    dashboard = open_as("rex")
    dashboard.goto(live_server["url"] + "/dashboard")
    backlog = int(dashboard.locator("#backlog").inner_text())
    expect(dashboard.locator("#metrics-basis-short")).to_contain_text(re.compile(r"on \d+ held-out .*documents"))
    page.goto(live_server["url"] + "/review")
    assert backlog == page.locator("li.queue-item").count()   # "awaiting review" is the queue
    assert int(page.locator("#queue-total").inner_text()) == backlog   # and the queue says so itself


def test_bulk_accept_previews_then_reports(open_as, live_server):
    page = open_as("ada")
    page.goto(live_server["url"] + "/review")
    page.fill("input[name=min_probability]", "0.5")
    page.click("form.bulk button")
    count = int(page.locator("#bulk-count").inner_text())
    if count:
        page.click("#bulk-confirm")
        expect(page.locator("#bulk-result")).to_contain_text(f"accepted {count} suggestion")


def test_a_key_pressed_twice_decides_once_and_the_result_is_said_in_words(open_as, live_server):
    """Under load a second `a` reached the same item while its decision was on its way and sent
    it twice; the status line read "Saved: accept scope exempt:287g (document 2)"."""
    store = live_server["services"].store
    taxonomy = live_server["services"].taxonomy
    page = open_as("rex")
    page.goto(live_server["url"] + "/review")
    page.wait_for_function(FOCUS_IN_QUEUE)
    first = page.locator("li.queue-item").first
    title = first.locator(".qi-head a").inner_text()
    code = first.locator(".qi-suggestion .code").inner_text()
    kind = first.locator("input[name=kind]").get_attribute("value")
    total = int(page.locator("#queue-total").inner_text())
    before = _decisions_by(store, "rex")
    with page.expect_response(lambda r: r.request.method == "POST" and "/review/" in r.url):
        # two presses in one turn of the page's event loop: the answer cannot arrive in between
        page.evaluate("""() => { const item = document.activeElement;
            for (let i = 0; i < 2; i++) item.dispatchEvent(new KeyboardEvent('keydown', {key: 'a', bubbles: true})); }""")
    expect(page.locator("#queue-status")).to_have_text(f"Saved. Accepted {kind} “{taxonomy.label_of(code)}” for {title}.")
    page.wait_for_timeout(500)
    assert _decisions_by(store, "rex") == before + 1
    assert int(page.locator("#queue-total").inner_text()) == total - 1
