"""Headless Chromium: every page fits a phone (390 px) and a desktop (1,400 px) without
sideways scrolling; keyboard shortcuts between hits (issue 15, responsive and keyboard)."""
from __future__ import annotations

import pytest

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = (390, 1400)
WIDTH_JS = "() => [document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]"


def _pages(live_server) -> list[str]:
    doc = live_server["corpus"].ids["mou-texas.pdf"]
    return ["/search", "/search?q=agreement", "/dashboard", "/review", "/ingest", "/admin/users",
            "/notifications", f"/documents/{doc}", f"/documents/{doc}?q=biometric", f"/documents/{doc}/similar",
            "/review/bulk-accept?min_probability=0.9", "/views", "/bulk?action=zip&all=1&q=agreement",
            f"/bulk?action=type&value=moa&id={doc}"]


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_the_viewport(open_as, live_server, width):
    too_wide = {}
    for user, paths in (("ada", ["/login", *_pages(live_server)]), ("aud", ["/audit", "/dashboard"]),
                        ("rita", ["/dashboard", "/ingest"])):
        page = open_as(user)
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            response = page.goto(live_server["url"] + path)
            assert response.status < 400, path
            document_width, body_width, viewport = page.evaluate(WIDTH_JS)
            if max(document_width, body_width) > viewport:
                too_wide[f"{user} {path}"] = max(document_width, body_width)
    assert too_wide == {}, f"wider than {width} px: {too_wide}"


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
