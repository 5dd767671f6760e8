"""Leak-proof by construction (issue #10), checked by the differential leak harness
(tests/leak_harness.py): over 3 random restriction sets on the demo corpus, every route of the app,
for every role and anonymously, answers user U exactly as an app over a store where the documents
hidden from U never existed. A planted leak shows the harness catches one."""
from __future__ import annotations

import random

import pytest

import leak_harness as H
from corpus import audit, labels
from corpus.documents import document_ids
from web.app import create_app
from web.services import Services

RESTRICTION_SEEDS = (101, 202, 303)
USERS = [*H.USERS, None]      # every role, and not signed in
# Admins, auditors and records officers see every document and an anonymous caller none, whatever
# the restrictions:
# no set can hide more or less from them, so they are compared in the first set only (their
# hidden count is still checked there) to keep the test's runtime down.
SAME_IN_EVERY_SET = {"ada", "aud", "rory", None}
SEES_EVERYTHING = ("ada", "aud", "rory")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return H.build_template(tmp_path_factory.mktemp("leak-template"))


def test_every_route_of_the_url_map_is_covered(tmp_path):
    """Adding a route without adding its requests to the harness fails here."""
    services = Services(H.make_config(tmp_path / "home"))
    app = create_app(services.config, services)
    routes = {rule.endpoint for rule in app.url_map.iter_rules()} - {"static"}
    services.close()
    missing = routes - H.covered_endpoints()
    print(f"\nleak harness covers {len(routes & H.covered_endpoints())}/{len(routes)} routes")
    assert not missing, f"routes the leak harness does not request: {sorted(missing)}"
    assert not H.covered_endpoints() - routes, "the harness names endpoints the app no longer has"


@pytest.mark.slow
def test_no_route_answers_differently_when_hidden_documents_never_existed(template, tmp_path):
    routes = None
    total_answers, total_differences, lines = 0, 0, []
    for seed in RESTRICTION_SEEDS:
        full = H.copy_home(template.home, tmp_path / f"set-{seed}")
        restricted = H.restrict_randomly(full, template, seed)
        for user in USERS:
            if user in SAME_IN_EVERY_SET and seed != RESTRICTION_SEEDS[0]:
                continue
            outcome = H.compare_user(tmp_path / f"set-{seed}-runs", full, template, user, seed)
            assert (outcome.hidden == 0) == (user in SEES_EVERYTHING), "admins, auditors, officers see all"
            total_answers += outcome.answers
            total_differences += len(outcome.differences)
            routes = outcome.endpoints if routes is None else routes | outcome.endpoints
            lines.append(f"set {seed} ({len(restricted)} restricted): {outcome.user or 'anonymous'} "
                         f"({outcome.hidden} hidden) {outcome.answers} answers, "
                         f"{len(outcome.differences)} differences")
            lines.extend("    " + d for d in outcome.differences)
    services = Services(H.make_config(tmp_path / "empty"))
    app_routes = {r.endpoint for r in create_app(services.config, services).url_map.iter_rules()} - {"static"}
    services.close()
    print("\n" + "\n".join(lines))
    print(f"leak harness: {len(routes & app_routes)}/{len(app_routes)} routes requested "
          f"({100 * len(routes & app_routes) // len(app_routes)}%), {len(RESTRICTION_SEEDS)} restriction sets, "
          f"{len(USERS)} callers, {total_answers} answers compared, {total_differences} differences")
    assert app_routes <= routes, f"routes never requested: {sorted(app_routes - routes)}"
    assert total_differences == 0


def _plant_dashboard(monkeypatch):
    """Dashboard figures counted over every document (the bug issue #10 found)."""
    import corpus.statistics
    from corpus.visibility import visible_clause
    monkeypatch.setattr(corpus.statistics, "visible_clause", lambda principal: visible_clause(None))


def _plant_job_report(monkeypatch):
    """An ingest job's report listing every file, whoever's document it became."""
    import corpus.journal
    monkeypatch.setattr(corpus.journal, "_shown", lambda session, rows, principal: rows)


def _plant_search_statistics(monkeypatch):
    """BM25 over every document: hidden documents move the scores and order of visible hits."""
    import search.engine
    monkeypatch.setattr(search.engine.View, "seen_by", lambda self, tokens: self)


def _plant_bulk_selection(monkeypatch):
    """A bulk selection resolved over every document instead of the caller's."""
    import web.bulk
    from corpus.access import SYSTEM
    everything = web.bulk.document_headers
    monkeypatch.setattr(web.bulk, "document_headers", lambda store, ids, who: everything(store, ids, SYSTEM))


def _plant_notes(monkeypatch):
    """Notes read and written without the document's visibility check."""
    import corpus.notes
    monkeypatch.setattr(corpus.notes, "_visible_document", lambda session, document_id, who: None)


@pytest.mark.slow
@pytest.mark.parametrize("plant, user, where", [(_plant_dashboard, "sue", ("/dashboard",)),
                                                (_plant_job_report, "rita", ("/ingest", "/api/ingest/1")),
                                                (_plant_search_statistics, "sue", ("search", "similar")),
                                                (_plant_bulk_selection, "sue", ("/bulk",)),
                                                (_plant_notes, "sue", ("/notes",))],
                         ids=["dashboard", "job-report", "search-statistics", "bulk-selection", "notes"])
def test_the_harness_catches_a_planted_leak(template, tmp_path, monkeypatch, plant, user, where):
    plant(monkeypatch)
    full = H.copy_home(template.home, tmp_path / "planted")
    H.restrict_randomly(full, template, RESTRICTION_SEEDS[0])
    outcome = H.compare_user(tmp_path / "planted-runs", full, template, user, RESTRICTION_SEEDS[0])
    print(f"\nplanted leak ({plant.__doc__.strip()}): caught={bool(outcome.differences)}, "
          f"{len(outcome.differences)} differences for {user} ({outcome.hidden} hidden), first: "
          f"{outcome.differences[0][:100] if outcome.differences else None}")
    assert outcome.hidden > 0
    assert outcome.differences
    assert all(any(w in d for w in where) or d.startswith("...") for d in outcome.differences)


@pytest.mark.slow
def test_bulk_accept_touches_only_visible_documents_and_audits_each(template, tmp_path):
    home = H.copy_home(template.home, tmp_path / "bulk")
    H.restrict_randomly(home, template, RESTRICTION_SEEDS[1])
    hidden = H.hidden_from(home, "rex")
    services = Services(H.make_config(home))
    before = labels.current_labels_many(services.store, document_ids(services.store))
    rex = H.logged_in(create_app(services.config, services), "rex")
    response = rex.post("/review/bulk-accept", data={"min_probability": "0.5",
                                                     "csrf_token": H.csrf_of(rex.get("/review").text)})
    assert response.status_code == 302
    after = labels.current_labels_many(services.store, document_ids(services.store))
    accepted = {i for i in after if after[i]["type"] and after[i]["type"].status == "accepted"}
    would_have = {i for i in hidden if before[i]["type"] and before[i]["type"].status == "suggested"
                  and before[i]["type"].rule != "unsure" and (before[i]["type"].confidence or 0) >= 0.5}
    events = audit.events(services.store, action="label", actor="rex")
    services.close()
    assert hidden and would_have, "the restriction set should hide confident suggestions from rex"
    assert accepted and not accepted & hidden
    assert sorted(int(e["target"]) for e in events) == sorted(accepted)   # one event per document


@pytest.mark.slow
def test_a_rejected_flag_leaves_facets_filters_and_the_record(template, tmp_path):
    home = H.copy_home(template.home, tmp_path / "flag")
    services = Services(H.make_config(home))
    app = create_app(services.config, services)
    flagged = [i for i, c in labels.current_labels_many(services.store, template.ids).items()
               if template.flag in c["flags"]]
    api = {"Authorization": f"Bearer {template.tokens['rex']}"}
    client = app.test_client()

    def flag_facet():
        found = client.get(f"/api/search?q=the&f.flag={template.flag}&per_page=100", headers=api).get_json()
        return {h["id"] for h in found["hits"]}
    assert flag_facet() >= set(flagged) > set()
    doc_id = random.Random(1).choice(flagged)
    response = client.post(f"/api/documents/{doc_id}/labels", headers=api,
                           json={"kind": "flag", "value": template.flag, "action": "reject"})
    assert response.status_code == 200
    assert services.wait_for_background()   # a decision reaches the index off the request (about a second)
    assert doc_id not in flag_facet()
    record = client.get(f"/api/documents/{doc_id}", headers=api).get_json()
    assert template.flag not in record["flags"]
    # and after a full rebuild of the index (the one definition, not a live-update special case)
    services.rebuild_index()
    assert doc_id not in flag_facet()
    services.close()


@pytest.mark.slow
def test_ingest_job_reports_show_a_records_user_only_their_jobs_and_visible_files(template, tmp_path):
    """Issue #10: a records user read GET /api/ingest/JOB of a job holding another user's
    restricted file, path included."""
    home = H.copy_home(template.home, tmp_path / "jobs")
    H.restrict_randomly(home, template, RESTRICTION_SEEDS[0])
    hidden = H.hidden_from(home, "rita")
    services = Services(H.make_config(home))
    client = create_app(services.config, services).test_client()

    def job(number, user):
        return client.get(f"/api/ingest/{number}", headers={"Authorization": f"Bearer {template.tokens[user]}"})
    assert job(2, "rita").status_code == 404                  # the operator's job: not hers
    assert job(2, "ada").status_code == 200
    everything, mine = job(1, "ada").get_json(), job(1, "rita").get_json()
    services.close()
    hidden_in_job = {i["document_id"] for i in everything["items"]} & hidden
    assert hidden_in_job, "the restriction set should hide some of rita's job's documents from her"
    assert not {i["document_id"] for i in mine["items"]} & hidden
    assert not any(f"{i['file']}" in str(mine) for i in everything["items"] if i["document_id"] in hidden)
    assert mine["counts"]["stored"] == everything["counts"]["stored"] - len(hidden_in_job)
