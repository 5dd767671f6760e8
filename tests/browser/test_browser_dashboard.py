"""Headless Chromium: the dashboard's bars open the search they count, the model's charts are
drawn, and the permissions form (picker, saved message, history in time order) — issue 15,
items 5 and 7, as an administrator and a reviewer walk them."""
from __future__ import annotations

import re

import pytest

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_dashboard_bar_opens_the_search_it_counts(open_as, live_server):
    page = open_as("rex")
    page.goto(live_server["url"] + "/dashboard")
    bar = page.locator("a.chart-link").first
    counted = int(bar.locator(".chart-value").text_content())
    bar.click()
    page.wait_for_url(re.compile(r".*/search\?f\.\w+="))
    assert int(page.locator("#total").inner_text()) == counted


def test_the_model_is_shown_as_a_confusion_heat_map_and_a_reliability_chart(open_as, live_server):
    page = open_as("rex")
    page.goto(live_server["url"] + "/dashboard")
    for chart in ("#confusion-matrix", "#reliability-chart"):
        box = page.locator(chart).bounding_box()
        assert box and box["width"] > 50 and box["height"] > 50, chart
    assert page.locator("#confusion-matrix rect").count() >= 4         # cells, not a shaded table


def test_permissions_form_picks_a_user_says_saved_and_lists_history_in_time_order(open_as, live_server):
    url, corpus = live_server["url"], live_server["corpus"]
    doc_id = corpus.ids["moa-ohio.pdf"]
    page = open_as("ada")
    page.goto(f"{url}/documents/{doc_id}")
    form = page.locator("#who-may-see form").first
    form.locator("input[value=restricted]").check()
    form.locator("select[name=users]").select_option(["rex"])
    form.locator("button[type=submit]").click()
    expect(page.locator("#who-may-see")).to_contain_text("Saved")
    form = page.locator("#who-may-see form").first
    form.locator("input[value=public]").check()
    form.locator("button[type=submit]").click()
    expect(page.locator("#who-may-see")).to_contain_text("Saved")
    times = page.locator("#history time.when").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
    assert len(times) >= 2 and times == sorted(times)
    assert re.search(r"restricted.*public", page.locator("#history").inner_text(), re.S)


def test_on_a_phone_the_heat_map_labels_stay_readable_in_words(open_as, live_server):
    """Scaled to a phone's width the heat map's labels were ~7 px; it now keeps its size and
    scrolls inside its own box (the page itself does not scroll sideways)."""
    page = open_as("rex")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server["url"] + "/dashboard")
    heat_map = page.locator("#confusion-matrix")
    drawn, declared = heat_map.evaluate("s => [s.getBoundingClientRect().width, s.viewBox.baseVal.width]")
    assert drawn >= declared, "not scaled down"
    assert float(heat_map.locator("text.chart-label").first.evaluate("t => getComputedStyle(t).fontSize")[:-2]) >= 12
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    taxonomy = live_server["services"].taxonomy
    rows = heat_map.locator("text.chart-label[text-anchor=end]").all_text_contents()
    assert any(taxonomy.label_of(code)[:10] in " ".join(rows) for code in taxonomy.type_codes if taxonomy.label_of(code) != code)
    first_class = page.locator("table.per-class tr td:first-child").first
    code = first_class.locator(".code").inner_text()
    assert first_class.inner_text().startswith(taxonomy.label_of(code))     # words first, the code beside
