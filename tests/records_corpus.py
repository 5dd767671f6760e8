"""Shared set-up of the records tests: the web corpus (tests/web_corpus.py) with the real
search index, one account per role plus a records officer, API tokens, and a test client."""
from __future__ import annotations

import json
from pathlib import Path

from corpus import accounts
from web_corpus import PASSWORD, add_documents, add_users

OFFICER = "olga"
UNIQUE_PHRASE = "audit trail of each access"        # on page 2 of moa-ohio.pdf only


def build(config):
    from web.app import create_app
    from web.services import Services
    services = Services(config)
    add_users(services.store)
    accounts.add_user(services.store, OFFICER, "records_officer", PASSWORD)
    corpus = add_documents(services.store)
    services.documents_changed(list(corpus.ids.values()))
    app = create_app(config, services)
    app.config["TESTING"] = True
    tokens = {name: accounts.issue_token(services.store, name) for name in ("rita", OFFICER, "ada", "sam")}
    return services, corpus, app, tokens


def api(app, tokens, name, method, path, body=None):
    client = app.test_client()
    return client.open(path, method=method, headers={"Authorization": f"Bearer {tokens[name]}"},
                       json=body if body is not None else None)


def custom_plan(tmp_path: Path, *categories: dict) -> str:
    """The default plan plus `categories` (approved), written to a file for ACCORD_FILE_PLAN."""
    from corpus.records.plan import DEFAULT_FILE_PLAN
    data = json.loads(DEFAULT_FILE_PLAN.read_text())
    data["categories"] = [*categories, *data["categories"]]
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data))
    return str(path)


def files_containing(home: Path, needle: bytes) -> list[str]:
    return sorted(str(p.relative_to(home)) for p in home.rglob("*") if p.is_file() and needle in p.read_bytes())
