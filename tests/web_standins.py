"""The web app over small stand-ins for search and the classifier that speak their agreed
interfaces (so tests of web/ alone need no index or model), and sign-in helpers for its test client.
The browser tests use the real ones."""
from __future__ import annotations

import re

import pytest

from corpus.documents import document_ids, load_document
from corpus.errors import NotFound
from search.results import Hit, SearchResults
from web.app import create_app
from waiting import wait_until
from web.services import Services
from web_corpus import PASSWORD, add_documents, add_users


class StandInIndex:
    """Substring search over the store, honouring visibility like the real index must."""

    def __init__(self, store):
        self.store = store

    def search(self, query, *, principal, page=1, per_page=20, sort="relevance", filters=None, snippets=True):
        hits = []
        for doc_id in document_ids(self.store):
            try:
                doc = load_document(self.store, doc_id, principal)
            except NotFound:
                continue
            for p in doc.pages:
                if query.lower() in p.text.lower():
                    at = p.text.find(query)
                    hits.append(Hit(doc.id, doc.filename, doc.title, 1.0, p.number, p.text,
                                    [(at, at + len(query))] if at >= 0 else []))
                    break
        return SearchResults(query, len(hits), page, per_page, hits[(page - 1) * per_page: page * per_page],
                       {"type": [("MOU", len(hits))]})

    def more_like_this(self, doc_id, *, principal, limit=10):
        return []

    def highlight_stems(self, query):
        from search.analysis import stems
        return set(stems(query))

    def update_document(self, document_id):
        self.updated = getattr(self, "updated", []) + [document_id]

    def update_documents(self, document_ids):
        self.updated = getattr(self, "updated", []) + list(document_ids)

    def unindexed(self, document_ids):
        return [i for i in document_ids if i not in getattr(self, "updated", [])]

    def delete_document(self, document_id):
        pass


class StandInClassifier:
    """Honours visibility like the real service: it is given the caller and filters with corpus.visibility."""

    def __init__(self, store=None):
        self.store = store
        self.decisions = []
        self.last_retrain_error = None

    def _visible(self, principal, ids):
        from corpus.visibility import visible_ids
        return set(ids) if principal is None else visible_ids(self.store, principal, ids)

    def suggest(self, doc_id):
        return []

    def ensure_model(self, *, load=False):   # an ingest batch asks for a model before its workers suggest labels
        return None

    def store_computed(self, doc_id, labels):
        return []

    def review_queue(self, limit, offset, *, principal=None):
        items = [{"document_id": 1, "filename": "mou-texas.pdf", "label": "moa", "probability": 0.55, "margin": 0.1,
                 "evidence": [{"text": "memorandum", "page": 1}]},
                {"document_id": 3, "filename": "secret-pilot.pdf", "label": "pilot", "probability": 0.6,
                 "margin": 0.2, "evidence": []}]
        shown = self._visible(principal, [i["document_id"] for i in items])
        return [i for i in items if i["document_id"] in shown][offset:offset + limit]

    def decide(self, doc_id, kind, value, reviewer, action, follow_up=True):
        self.decisions.append((doc_id, kind, value, reviewer, action))
        return value

    def after_decision(self, doc_id, kind, value, action):
        self.followed_up = getattr(self, "followed_up", []) + [(doc_id, kind, value, action)]

    def history(self, doc_id):
        return [{"kind": k, "value": v, "status": a, "source": "reviewer", "who": r, "when": "2026-01-01T00:00:00",
                 "confidence": None} for d, k, v, r, a in self.decisions if d == doc_id]

    def versions(self):
        return ["v1"]

    def current_metrics(self):
        return {"macro_f1": 0.9, "per_class": {"MOU": {"precision": 1, "recall": 0.8, "f1": 0.89}},
                "confusion": {"labels": ["MOU", "MOA"], "matrix": [[4, 1], [0, 5]]},
                "calibration_bins": [{"low": 0.5, "high": 0.6, "count": 4, "confidence": 0.55, "accuracy": 0.5},
                                     {"low": 0.9, "high": 1.0, "count": 6, "confidence": 0.95, "accuracy": 1.0}]}

    def bulk_accept_preview(self, min_probability, *, principal=None):
        confident = [doc_id for doc_id, p in ((1, 0.97), (2, 0.99), (3, 0.99)) if p >= min_probability]
        return {"accept": len(self._visible(principal, confident)), "unsure": 0, "min_probability": min_probability}

    def bulk_accept(self, min_probability, reviewer, *, principal=None):
        shown = self._visible(principal, [1, 2, 3])
        self.bulk_accepted = [doc_id for doc_id, p in ((1, 0.97), (2, 0.99), (3, 0.99))
                              if p >= min_probability and doc_id in shown]
        return self.bulk_accepted


def standin_services(config) -> Services:
    """The app's services over the stand-in index and classifier, with the test accounts."""
    services = Services(config)
    services.__dict__["index"] = StandInIndex(services.store)
    services.__dict__["classifier"] = StandInClassifier(services.store)
    add_users(services.store)
    return services


@pytest.fixture
def web(config):
    services = standin_services(config)
    corpus = add_documents(services.store)
    app = create_app(config, services)
    app.config["TESTING"] = True
    yield app, services, corpus
    services.close()


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def start_upload(client, files: list[tuple]) -> dict:
    """Upload `files` ((stream, name) pairs) as the ingest page's form does; its JSON answer."""
    started = client.post("/ingest/uploads", data={"files": files, "csrf_token": csrf_of(client.get("/ingest").text)},
                          content_type="multipart/form-data", headers={"Accept": "application/json"})
    assert started.status_code == 202, started.text
    return started.json


def finished_upload(client, started: dict, timeout: float = 60) -> dict:
    """The progress of an upload the page started (`started`: its JSON answer), polled as the page
    polls it until the job is done or failed."""
    def finished():
        state = client.get(f"/ingest/uploads/{started['id']}").json
        return state if state["status"] in ("done", "failed") else None
    return wait_until(finished, timeout, f"upload {started['id']} to finish", poll=0.2)


def login(client, name, password=PASSWORD):
    token = csrf_of(client.get("/login").text)
    return client.post("/login", data={"username": name, "password": password, "csrf_token": token})


def client_for(app, name):
    client = app.test_client()
    assert login(client, name).status_code == 302
    return client
