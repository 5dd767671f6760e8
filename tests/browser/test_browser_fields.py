"""Headless Chromium: a reviewer corrects metadata on the document page (issue 12's browser check)."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import pytest
from click.testing import CliRunner

from corpus import audit
from corpus.documents import load_document
from web.cli import cli

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _facets(page, url: str) -> str:
    page.goto(url + "/search?q=agreement")
    return page.locator("aside.facets").inner_text()


def _expiring_ids(page, url: str) -> tuple[list[str], list[str]]:
    """Documents in the search page's "expiring in 90 days" view and the dashboard's expiring list."""
    hrefs = "els => els.map(e => e.getAttribute('href'))"
    page.goto(url + "/search?expiring=90")
    found = page.locator("ol.hits a.hit-title").evaluate_all(hrefs)
    page.goto(url + "/dashboard")
    listed = page.locator("section:has(h2:text('Expiring within')) a").evaluate_all(hrefs)
    return [re.split(r"[?#]", h)[0] for h in found], [re.split(r"[?#]", h)[0] for h in listed]


def test_reviewer_corrects_a_party_and_an_expiry_and_search_reextract_and_audit_follow(open_as, live_server):
    url, services, config = live_server["url"], live_server["services"], live_server["config"]
    ohio = live_server["corpus"].ids["moa-ohio.pdf"]
    soon = (date.today() + timedelta(days=45)).isoformat()
    page = open_as("rex")
    assert "State of Ohio" in _facets(page, url)
    found, listed = _expiring_ids(page, url)
    assert f"/documents/{ohio}" not in found + listed

    page.goto(f"{url}/documents/{ohio}")
    party = page.locator("form.field-edit[data-field=party]")
    party.locator("input[name=value]").fill("Ohio Department of Public Safety")
    party.locator("button.field-save").click()
    page.wait_for_url(re.compile(r".*#metadata$"))
    add = page.locator("#field-add")
    add.locator("select[name=name]").select_option("date")
    add.locator("select[name=role]").select_option("expiry")
    add.locator("input[name=value]").fill(soon)
    add.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r".*#metadata$"))
    metadata = page.locator("#metadata")
    expect(metadata).to_contain_text("Ohio Department of Public Safety")
    expect(metadata).to_contain_text(soon)
    assert metadata.inner_text().count("confirmed by rex on ") == 2
    stamps = metadata.locator(".confirmed time.when").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
    today = datetime.now(timezone.utc).date().isoformat()
    assert len(stamps) == 2 and all(s.startswith(today) for s in stamps)

    facets = _facets(page, url)                 # the party facet changed
    assert "ohio department of public safety" in facets.lower() and "State of Ohio" not in facets
    found, listed = _expiring_ids(page, url)    # the expiring view and the dashboard's list now show it
    assert f"/documents/{ohio}" in found and f"/documents/{ohio}" in listed

    result = CliRunner().invoke(cli, ["--home", str(config.home), "reextract", "--id", str(ohio)])
    assert result.exit_code == 0, result.output
    fields = load_document(services.store, ohio).fields
    assert {(f.name, f.normalized or f.value, f.confirmed_by) for f in fields if f.confirmed_by} == {
        ("party", "ohio department of public safety", "rex"), ("expiry_date", soon, "rex")}
    assert "State of Ohio" not in {f.value for f in fields if f.name == "party"}
    page.goto(f"{url}/documents/{ohio}")
    assert page.locator("#metadata").inner_text().count("confirmed by rex") == 2
    assert "ohio department of public safety" in _facets(page, url).lower()

    history = page.goto(f"{url}/documents/{ohio}") and page.locator("#history").inner_text()
    assert f"expiry date → {soon}" in history and "rex" in history
    assert len(audit.events(services.store, actor="rex", action="fields", target=str(ohio))) == 2
    auditor = open_as("aud")
    auditor.goto(f"{url}/audit?action=fields")
    table = auditor.locator("#audit-table").inner_text()
    assert re.search(rf"rex\s+fields\s+{ohio}\b.*expiry_date.*{soon}", table)
    assert re.search(rf"rex\s+fields\s+{ohio}\b.*Ohio Department of Public Safety", table)
