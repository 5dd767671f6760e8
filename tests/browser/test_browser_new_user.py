"""Headless Chromium: what a new user stumbled on when walking the journeys at phone and desktop
widths (issue 15, held-out walk): words broken a character a line, raw codes."""
from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# how many lines the text of each cell takes (a Range's client rects: one per line box)
LINES_JS = """cells => cells.map(td => { const r = document.createRange(); r.selectNodeContents(td);
                                      return [td.textContent.trim(), new Set([...r.getClientRects()].map(x => Math.round(x.top))).size]; })"""


def test_desktop_audit_log_keeps_short_columns_on_one_line(open_as, live_server):
    from corpus import audit
    # an ingest from the command line: its details (inputs, counts) are long lines of text
    audit.record(live_server["services"].store, "cli:records-clerk", "audit_read", "job:12", ip="192.168.100.200",
                 details={"inputs": ["/srv/incoming/agreements/2025/batch-0042/scans"] * 4,
                          "counts": {"stored": 1200, "duplicate": 17, "failed": 3}, "interrupted": False})
    page = open_as("aud")
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(live_server["url"] + "/audit")
    row = page.locator("#audit-table tr").nth(1)
    # event number, user, action, IP: "5/2", "127.0.0./1" and "audit_rea/d" were cut in two
    for column in (1, 3, 4, 6):
        cells = row.locator(f"td:nth-child({column})")
        for text, lines in cells.evaluate_all(LINES_JS):
            assert lines <= 1, (column, text, lines)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1400
