"""The records officer's walkthrough in headless Chromium, on its own server (it destroys a
document, so it does not share the session server): file, hold, due queue, propose, approve,
run, certificate."""
from __future__ import annotations

import threading

import pytest

from corpus.config import load_config
from records_corpus import OFFICER, build
from web_corpus import PASSWORD

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def records_server(tmp_path_factory, browser):
    import waitress
    home = tmp_path_factory.mktemp("records-browser-home")
    config = load_config(home, environ={}, overrides={"ACCORD_SECRET_KEY": "browser-secret", "ACCORD_JOBS": 1,
                                                       "ACCORD_SESSION_COOKIE_SECURE": False})
    services, corpus, app, _ = build(config)
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    yield {"url": f"http://127.0.0.1:{server.effective_port}", "services": services, "corpus": corpus}
    server.close()
    services.close()


def log_in(browser, url, name):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(url + "/login")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/search")
    return context, page


def test_hold_then_queue_propose_approve_run_and_certificate(browser, records_server):
    url, ids = records_server["url"], records_server["corpus"].ids
    held, disposed = ids["mou-texas.pdf"], ids["moa-ohio.pdf"]
    staff_context, staff = log_in(browser, url, "rita")
    try:
        for doc in (held, disposed):
            staff.goto(f"{url}/documents/{doc}")
            staff.select_option("#lifecycle select[name=category]", "transitory")
            staff.click("#lifecycle button:has-text('File')")
            expect(staff.locator("#lifecycle .eligible")).not_to_have_text("—")
        staff.goto(f"{url}/records/holds")
        staff.fill("input[name=name]", "Browser matter")
        staff.fill("input[name=reason]", "preservation letter")
        staff.fill("input[name=ids]", str(held))
        staff.click("button:has-text('Place hold')")
        expect(staff.locator("table.holds")).to_contain_text("Browser matter")
        staff.goto(f"{url}/documents/{held}")
        expect(staff.locator("#lifecycle .held")).to_have_text("Browser matter")

        staff.click("nav >> text=Records")
        expect(staff.locator(f"#due-{disposed}")).to_be_visible()
        expect(staff.locator(f"#due-{held}")).to_have_count(0)          # held: not in the queue
        staff.click("button:has-text('Propose all due')")
        batch = staff.locator("section.batch").first
        expect(batch.locator(".status")).to_have_text("proposed")
        expect(batch).to_contain_text("GRS 5.2 item 010")
        expect(batch.locator("button:has-text('Approve')")).to_have_count(0)   # staff cannot approve
    finally:
        staff_context.close()
    other_context, other = log_in(browser, url, "owen")          # records staff, not the hold's issuer
    try:
        other.goto(f"{url}/records/holds")
        expect(other.locator("table.holds")).to_contain_text("Browser matter")
        expect(other.locator("tr:has-text('Browser matter') button:has-text('Release')")).to_have_count(0)
    finally:
        other_context.close()

    officer_context, officer = log_in(browser, url, OFFICER)
    try:
        officer.goto(f"{url}/records/disposition")
        batch = officer.locator("section.batch").first
        batch.locator("button:has-text('Approve')").click()
        batch = officer.locator("section.batch").first
        expect(batch.locator(".status")).to_have_text("approved")
        batch.locator("button:has-text('Run')").click()
        # the run goes on in the background; the page follows it and shows the result when done
        expect(officer.locator("section.batch").first.locator(".status")).to_have_text("done")
        expect(officer.locator(".run-progress")).to_have_count(0)
        officer.goto(f"{url}/records/certificates")
        expect(officer.locator("table.certificates")).to_contain_text("Memorandum of Agreement with the State of Ohio")
        assert officer.goto(f"{url}/documents/{disposed}").status == 404
        assert officer.goto(f"{url}/documents/{held}").status == 200
        # rita placed the hold; the records officer may release it too
        officer.goto(f"{url}/records/holds")
        officer.locator("tr:has-text('Browser matter') button:has-text('Release')").click()
        expect(officer.locator("table.holds")).not_to_contain_text("Browser matter")
    finally:
        officer_context.close()
