"""A real server (waitress in a thread, free port, temp ACCORD_HOME) and Debian's
headless Chromium driven by Playwright. Never runs `playwright install`."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from corpus.config import load_config
from web_corpus import PASSWORD, add_documents, add_users

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    import waitress

    from web.app import create_app
    from web.services import Services
    home = tmp_path_factory.mktemp("browser-home")
    config = load_config(home, environ={}, overrides={"ACCORD_SECRET_KEY": "browser-secret", "ACCORD_JOBS": 1,
                                                       "ACCORD_SESSION_COOKIE_SECURE": False})
    services = Services(config)
    add_users(services.store)
    corpus = add_documents(services.store)
    for doc_id in corpus.ids.values():
        # As ingest does: tag suggestions first (trains the demo model on first use), then the
        # index, so the type and scope facets count what the dashboard counts.
        services.classifier.suggest(doc_id)
        services.document_changed(doc_id)
    app = create_app(config, services)
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=6)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.effective_port}"
    yield {"url": url, "services": services, "corpus": corpus, "config": config, "app": app}
    server.close()
    services.close()


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def open_as(browser, live_server):
    """open_as(name) -> a logged-in Playwright page."""
    contexts = []

    def opener(name: str):
        context = browser.new_context(accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.goto(live_server["url"] + "/login")
        page.fill("input[name=username]", name)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/search")
        return page
    yield opener
    for context in contexts:
        context.close()
