"""The search page in headless Chromium: browsing, filter chips, dates in words, FOIA codes."""
from __future__ import annotations

import re

import pytest

from corpus.document import Document, ExtractedField, Page
from corpus.documents import save_document

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_an_empty_query_browses_every_visible_document_with_facets(open_as, live_server):
    page = open_as("sam")
    page.goto(live_server["url"] + "/search?q=")
    page.wait_for_selector("ol.hits li.hit")
    titles = page.locator("ol.hits li.hit a.hit-title").all_inner_texts()
    assert any("Texas" in t for t in titles) and any("Ohio" in t for t in titles)
    assert not any("Zephyr" in t for t in titles)          # restricted: not visible to sam
    assert page.locator("#total").inner_text() == str(len(titles))
    assert "every document" in page.locator(".summary .rule").inner_text()
    assert page.locator("aside.facets h3").count() >= 1


def test_remove_one_of_two_filters(open_as, live_server):
    page = open_as("sam")
    page.goto(live_server["url"] + "/search?q=")
    page.locator("aside.facets ul.facet-party a").first.click()
    page.wait_for_selector("ul.chips li.chip")
    page.locator("aside.facets ul.facet-status a").first.click()
    expect(page.locator("ul.chips li.chip")).to_have_count(2)
    kept = page.locator("ul.chips li.chip").nth(1).inner_text()
    page.locator("ul.chips li.chip a.remove").first.click()
    expect(page.locator("ul.chips li.chip")).to_have_count(1)
    assert page.locator("ul.chips li.chip").first.inner_text() == kept
    assert "f.status=" in page.url and "f.party=" not in page.url


def test_expiring_next_year_becomes_a_removable_chip(open_as, live_server):
    page = open_as("sam")
    page.fill("#q", "memorandum expiring next year")
    page.keyboard.press("Enter")
    chip = page.locator("ul.chips li.chip").first
    chip.wait_for()
    assert re.search(r"expiring in \d{4}", chip.inner_text())
    chip.locator("a.remove").click()
    page.wait_for_selector("ol.hits li.hit")
    assert page.locator("ul.chips li.chip").count() == 0
    assert page.locator("#q").input_value() == "memorandum"


def test_a_foia_code_typed_as_b6_finds_the_document_that_cites_b_6(open_as, live_server):
    services = live_server["services"]
    doc = Document(source_path="/incoming/release.pdf", filename="release.pdf", sha256="b6".ljust(64, "0"),
                   size=10, mime="application/pdf", title="Records release with withholdings", owner="owen",
                   pages=[Page(number=1, text="Names of staff are withheld under exemption (b)(6).")],
                   fields=[ExtractedField("foia_code", "(b)(6)", "(b)(6)")])
    doc_id, _ = save_document(services.store, doc)
    services.document_changed(doc_id)
    page = open_as("sam")
    page.fill("#q", "b6")
    page.keyboard.press("Enter")
    page.wait_for_selector("ol.hits li.hit")
    assert "Records release" in page.locator("ol.hits li.hit a.hit-title").first.inner_text()
    facet = page.locator("aside.facets ul.facet-foia a").first
    assert facet.inner_text() == "Exemption (b)(6)" and "(b)(6)" in facet.get_attribute("title")
