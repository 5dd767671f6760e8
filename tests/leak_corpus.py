"""The leak harness's corpus (tests/leak_harness.py): the demo documents ingested once through the
product path, the accounts of every role, random restriction sets applied by the admin through
the API, and the "never existed" copy of a store (hidden documents erased, index rebuilt)."""
from __future__ import annotations

import random
import re
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, or_, select

from corpus import accounts
from corpus.config import Config, load_config
from corpus.demo import demo_truth, write_demo_corpus
from corpus.documents import document_ids
from corpus.labels import current_labels_many
from corpus.taxonomy import is_foia_code
from corpus.tables import DocumentRow, IngestItemRow
from corpus.visibility import visible_ids
from web.app import create_app
from web.services import Services


PASSWORD = "leak-harness-pass-1"
# name -> (role, groups); every role, two searchers (with and without a group)
USERS = {"sam": ("searcher", ["legal"]), "sue": ("searcher", []), "rita": ("records", []),
         "rex": ("reviewer", ["review"]), "ada": ("admin", []), "aud": ("auditor", []),
         "rory": ("records_officer", [])}
ALLOWED_USERS = ("sam", "sue", "rita", "rex")
ALLOWED_GROUPS = ("legal", "review")
MISSING_UPLOAD = "0" * 32


def make_config(home: Path) -> Config:
    # No automatic retrain: a background thread would make the two apps differ by timing.
    return load_config(home, environ={}, overrides={"ACCORD_SECRET_KEY": "leak-harness", "ACCORD_JOBS": 1,
                                                    "ACCORD_RETRAIN_AFTER_LABELS": 0})


@dataclass
class Template:
    home: Path
    tokens: dict[str, str]            # user -> API token
    ids: list[int]
    flag: str                         # the most common current flag (reviewers reject it)
    type_code: str


def build_template(root: Path, *, count: int = 32, seed: int = 4006) -> Template:
    """The demo corpus ingested once; each restriction set starts from a copy of it."""
    demo = write_demo_corpus(root / "demo", count=count, seed=seed, jobs=1)
    files = sorted(demo / t.file for t in demo_truth(demo) if not t.scanned)
    folders = (root / "batch-rita", root / "batch-operator")
    for number, path in enumerate(files):
        folders[number % 2].mkdir(exist_ok=True)
        shutil.copy(path, folders[number % 2] / path.name)
    home = root / "template"
    services = Services(make_config(home))
    tokens = {}
    for name, (role, groups) in USERS.items():
        accounts.add_user(services.store, name, role, PASSWORD, groups)
        tokens[name] = accounts.issue_token(services.store, name)
    services.ingest_batch([str(folders[0])], actor="rita", owner="sam")
    services.ingest_batch([str(folders[1])], actor="cli:operator")
    ids = list(document_ids(services.store))
    current = current_labels_many(services.store, ids)
    # A flag, not a FOIA exemption code: those are their own facet (f.foia), not f.flag's.
    flags = Counter(code for c in current.values() for code in c["flags"] if not is_foia_code(code))
    types = Counter(c["type"].value for c in current.values() if c["type"])
    # Someone else opened some of sam's documents: sam's notifications are not empty.
    app = create_app(services.config, services)
    # Records staff filed two documents as transitory and proposed them for disposition (batch 1,
    # through the API as records staff do), so the officer's approve and run steps really run.
    rita = {"Authorization": f"Bearer {tokens['rita']}"}
    api = app.test_client()
    for doc_id in ids[1:3]:
        filed = api.post(f"/api/records/documents/{doc_id}/file", json={"category": "transitory"}, headers=rita)
        assert filed.status_code == 200, filed.text
    proposed = api.post("/api/disposition/batches", json={"ids": ids[1:3]}, headers=rita)
    assert proposed.status_code == 201 and proposed.get_json()["id"] == 1, proposed.text
    rex = logged_in(app, "rex")
    for doc_id in ids[:6:2]:
        rex.get(f"/documents/{doc_id}")
    services.close()
    return Template(home=home, tokens=tokens, ids=ids, flag=flags.most_common(1)[0][0] if flags else "pii",
                    type_code=types.most_common(1)[0][0] if types else "mou")


def copy_home(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("cache"))
    return target


def restrict_randomly(home: Path, template: Template, seed: int) -> dict[int, dict]:
    """A random restriction set, applied by the admin through the API; returns what was set."""
    rng = random.Random(seed)
    services = Services(make_config(home))
    client = create_app(services.config, services).test_client()
    headers = {"Authorization": f"Bearer {template.tokens['ada']}"}
    chosen = {}
    for doc_id in template.ids:
        if rng.random() >= 0.45:
            continue
        users = [u for u in ALLOWED_USERS if rng.random() < 0.3]
        groups = [g for g in ALLOWED_GROUPS if rng.random() < 0.3]
        body = {"public": False, "users": users or ([] if groups else ["ada"]), "groups": groups}
        response = client.put(f"/api/documents/{doc_id}/visibility", json=body, headers=headers)
        assert response.status_code == 200, response.text
        chosen[doc_id] = body
    services.close()
    return chosen


def hidden_from(home: Path, user: str) -> set[int]:
    services = Services(make_config(home))
    try:
        principal = accounts.get_user(services.store, user).principal
        everything = set(document_ids(services.store))
        return everything - visible_ids(services.store, principal, everything)
    finally:
        services.close()


def erase_documents(home: Path, ids: set[int]) -> None:
    """The store as if the documents had never been ingested: their rows are deleted (the
    schema's ON DELETE CASCADE takes pages, fields, labels, ACL, relations, sources and
    signatures), so are the journal rows of the files that became them, and the index is rebuilt."""
    services = Services(make_config(home))
    if ids:
        with services.store.session() as session:
            session.execute(delete(IngestItemRow).where(or_(IngestItemRow.document_id.in_(ids),
                                                            IngestItemRow.duplicate_of.in_(ids))))
            session.execute(delete(DocumentRow).where(DocumentRow.id.in_(ids)))
            assert not session.scalars(select(DocumentRow.id).where(DocumentRow.id.in_(ids))).all()
    services.rebuild_index()
    services.close()


# --- clients ----------------------------------------------------------------------------------
def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    return found.group(1) if found else ""


def logged_in(app, name: str):
    client = app.test_client()
    token = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"username": name, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302, response.text
    return client
