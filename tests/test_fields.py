"""Reviewers correct metadata values (issue 12, "reviewers correct any value"): the rules that
apply a correction, the API, the document page's form and `accord fields`; every correction is
confirmed with who and when, audited, searchable at once and kept by `accord reextract`."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import pytest
from click.testing import CliRunner

from corpus import accounts, audit
from corpus.document import Document, Evidence, ExtractedField, Page
from corpus.documents import load_document, save_document
from corpus.errors import UsageError
from corpus.field_corrections import Correction, FieldChange, apply_corrections
from web.app import create_app
from web.cli import cli
from web.services import Services
from web_corpus import PASSWORD, add_documents, add_users

SOON = (date.today() + timedelta(days=40)).isoformat()

AGREEMENT = ["MEMORANDUM OF AGREEMENT\nBETWEEN\nU.S. IMMIGRATION AND CUSTOMS ENFORCEMENT\nAND\nTHE HOST\n\n"
             "This Memorandum of Agreement is entered into by U.S. Immigration and Customs Enforcement (ICE) and "
             "the Host. This MOA is effective as of March 5, 2025. This MOA shall remain in effect for three (3) "
             "years from the effective date.\n"]


def _reviewer(name: str, value: str | None = None, **kw) -> Correction:
    return Correction(FieldChange(name, value=value, **kw), "rex", None)


# --- the rules --------------------------------------------------------------------------------
def test_a_correction_replaces_a_single_value_and_edits_a_list_value_by_value():
    extracted = [ExtractedField("party", "the Host", "host", Evidence(1, 0, 8)),
                 ExtractedField("party", "ICE", "ice", Evidence(1, 10, 13)),
                 ExtractedField("expiry_date", "2028-03-05", "2028-03-05", Evidence(1, 20, 40)),
                 ExtractedField("effective_date", "March 5, 2025", "2025-03-05", Evidence(1, 50, 63))]
    current = apply_corrections(extracted, [
        _reviewer("party", "Polk County Sheriff's Office", normalized="polk county sheriffs office", previous="host"),
        _reviewer("expiry_date", "2027-09-30", normalized="2027-09-30"),
        _reviewer("effective_date", "2025-03-05", normalized="2025-03-05"),     # confirms the extractor's
    ])
    by_name = {}
    for f in current:
        by_name.setdefault(f.name, []).append(f)
    assert [f.value for f in by_name["party"]] == ["ICE", "Polk County Sheriff's Office"]
    assert [f.value for f in by_name["expiry_date"]] == ["2027-09-30"]
    effective = by_name["effective_date"][0]
    assert effective.confirmed_by == "rex" and effective.evidence == Evidence(1, 50, 63)   # evidence kept
    assert not by_name["party"][0].confirmed_by and by_name["party"][1].confirmed_by == "rex"
    removed = apply_corrections(current, [_reviewer("party", "ICE", normalized="ice", action="remove"),
                                          _reviewer("expiry_date", action="remove")])
    assert [f.value for f in removed if f.name == "party"] == ["Polk County Sheriff's Office"]
    assert not [f for f in removed if f.name == "expiry_date"]


def test_a_change_is_checked_before_it_is_stored():
    for bad in (FieldChange("ocr_confidence", value="1"), FieldChange("party", value=" "),
                FieldChange("party", action="remove"), FieldChange("date", value="2027-01-01"),
                FieldChange("title", action="rename", value="x"), FieldChange("title", value="x" * 2001)):
        with pytest.raises(UsageError):
            bad.validate()


def test_typed_values_are_normalized_as_the_extractor_does():
    from ingest.metadata.reviewed import reviewed_change
    assert reviewed_change("date", "March 3, 2027", role="expiry") == FieldChange(
        "expiry_date", "set", "2027-03-03", "2027-03-03", None, {"role": "expiry"})
    renewal = reviewed_change("date", "1 Oct 2027", role="renewal")
    assert (renewal.name, renewal.normalized, renewal.attributes) == ("date", "2027-10-01", {"role": "renewal"})
    assert reviewed_change("effective_date", "1947-05-28").normalized == "1947-05-28"    # older than the extractor looks
    assert reviewed_change("party", "The Polk County Sheriff's Office").normalized == "polk county sheriffs office"
    assert reviewed_change("term", "three (3) years from signature").normalized == "3 years"
    assert reviewed_change("term", "until terminated by either party").normalized == "until terminated"
    for name, value, role in (("expiry_date", "next spring", None), ("expiry_date", "C4-26-05 mail stop", None),
                              ("date", "2027-01-01", "birthday")):
        with pytest.raises(UsageError):
            reviewed_change(name, value, role=role)


# --- through the CLI, and `accord reextract` ------------------------------------------------------
def _agreement(store) -> int:
    doc = Document(source_path="/in/moa.txt", filename="moa.txt", sha256="ab" * 32, size=1, mime="text/plain",
                   pages=[Page(1, AGREEMENT[0])])
    doc_id, _ = save_document(store, doc)
    return doc_id


def test_cli_corrections_survive_reextract_and_are_audited(config):
    services = Services(config)
    doc_id = _agreement(services.store)
    services.close()
    home = ["--home", str(config.home)]
    run = CliRunner().invoke
    assert run(cli, [*home, "reextract"]).exit_code == 0
    extracted = load_document(Services(config).store, doc_id).fields
    assert "host" in {f.normalized for f in extracted if f.name == "party"}     # the extractor's mistake
    result = run(cli, [*home, "fields", "set", str(doc_id), "party", "Polk County Sheriff's Office",
                       "--replace", "the Host"])
    assert result.exit_code == 0, result.output
    expiry = ["date", "September 30, 2027", "--role", "expiry"]
    assert run(cli, [*home, "fields", "set", str(doc_id), *expiry]).exit_code == 0
    assert run(cli, [*home, "fields", "set", str(doc_id), "title", "MOA between ICE and Polk County"]).exit_code == 0
    assert run(cli, [*home, "fields", "remove", str(doc_id), "term"]).exit_code == 0
    assert run(cli, [*home, "reextract"]).exit_code == 0

    listing = run(cli, [*home, "fields", "list", str(doc_id)]).output
    assert re.search(r"party: Polk County Sheriff's Office .*confirmed by cli:\S+ on \d{4}-\d\d-\d\d", listing)
    assert "expiry_date: 2027-09-30" in listing and "the Host" not in listing and " term:" not in listing
    services = Services(config)
    doc = load_document(services.store, doc_id)
    assert doc.title == "MOA between ICE and Polk County"
    parties = {f.normalized for f in doc.fields if f.name == "party"}
    assert "polk county sheriffs office" in parties and "host" not in parties
    assert "immigration and customs enforcement" in " ".join(parties)     # the extractor's right value stays
    events = audit.events(services.store, action="fields", target=str(doc_id))
    assert len(events) == 4 and events[0]["actor"].startswith("cli:")
    assert {"name": "term", "action": "remove", "value": None} in events[0]["details"]["changes"]
    hits = services.index.search("party:polk", principal=services_principal())
    assert [h.id for h in hits.hits] == [doc_id]
    services.close()
    assert run(cli, [*home, "fields", "set", "999", "party", "X"]).exit_code == 66
    assert run(cli, [*home, "fields", "set", str(doc_id), "date", "2027-01-01"]).exit_code == 64   # no role


def services_principal():
    from corpus.access import SYSTEM
    return SYSTEM


# --- through the API and the document page -------------------------------------------------------
@pytest.fixture
def live(config):
    """The app with the real search index (the facets and the expiring filter are under test)."""
    services = Services(config)
    add_users(services.store)
    corpus = add_documents(services.store)
    services.documents_changed(list(corpus.ids.values()))
    app = create_app(config, services)
    app.config["TESTING"] = True
    yield app, services, corpus
    services.close()


def _api(app, services, name):
    token = accounts.issue_token(services.store, name)
    client = app.test_client()

    def put(doc_id, body):
        return client.put(f"/api/documents/{doc_id}/fields", json=body, headers={"Authorization": f"Bearer {token}"})

    def get(path):
        return client.get(path, headers={"Authorization": f"Bearer {token}"})
    return put, get


def _party_facet(get) -> dict:
    return {f["value"]: f["count"] for f in get("/api/search?q=agreement").json["facets"].get("party", [])}


def test_api_correction_reaches_the_facets_and_the_expiring_filter_at_once(live):
    app, services, corpus = live
    put, get = _api(app, services, "rex")
    ohio = corpus.ids["moa-ohio.pdf"]
    assert get("/api/search?q=agreement&expiring=90").json["total"] == 0
    before = _party_facet(get)
    response = put(ohio, {"changes": [
        {"name": "party", "value": "Ohio Department of Public Safety", "previous": "State of Ohio"},
        {"name": "date", "role": "expiry", "value": SOON}]})
    assert response.status_code == 200, response.json
    confirmed = [f for f in response.json["fields"] if f.get("confirmed_by") == "rex"]
    assert {f["name"] for f in confirmed} == {"party", "expiry_date"} and all(f["confirmed_at"] for f in confirmed)
    after = _party_facet(get)
    assert after != before and not any("State of Ohio" in v or v == "state of ohio" for v in after)
    assert any("ohio department of public safety" in v.lower() for v in after)
    expiring = get("/api/search?q=agreement&expiring=90").json
    assert [h["id"] for h in expiring["hits"]] == [ohio] and expiring["hits"][0]["expiry_date"] == SOON
    record = get(f"/api/documents/{ohio}").json
    assert record["expiry_date"]["value"] == SOON and record["expiry_date"]["confirmed_by"] == "rex"
    event = audit.events(services.store, actor="rex", action="fields")[0]
    assert event["target"] == str(ohio) and event["details"]["role"] == "reviewer"


def test_api_correcting_needs_a_correcting_role_and_a_visible_document(live):
    app, services, corpus = live
    body = {"changes": [{"name": "party", "value": "Zephyr Agency Inc."}]}
    hidden = corpus.restricted_id
    put_sam, _ = _api(app, services, "sam")
    assert put_sam(corpus.ids["mou-texas.pdf"], body).status_code == 403          # searchers read only
    put_aud, _ = _api(app, services, "aud")
    assert put_aud(hidden, body).status_code == 403                               # auditors change nothing
    put_rex, _ = _api(app, services, "rex")
    missing = put_rex(999, body)
    restricted = put_rex(hidden, body)
    assert restricted.status_code == missing.status_code == 404
    assert restricted.json["message"].replace(str(hidden), "N") == missing.json["message"].replace("999", "N")
    put_owen, _ = _api(app, services, "owen")                                     # records staff who may see it
    assert put_owen(hidden, body).status_code == 200
    put_ada, _ = _api(app, services, "ada")
    removal = {"changes": [{"name": "party", "action": "remove", "value": "Zephyr Agency Inc."}]}
    assert put_ada(hidden, removal).status_code == 200
    assert not audit.events(services.store, actor="rex", action="fields")


@pytest.mark.parametrize("body", [
    {}, {"changes": []}, {"changes": "party"}, {"changes": [["party", "x"]]}, {"changes": [{"name": 3, "value": "x"}]},
    {"changes": [{"name": "party", "value": "x", "colour": "red"}]}, {"changes": [{"name": "pages", "value": "3"}]},
    {"changes": [{"name": "expiry_date", "value": "soon"}]}, {"changes": [{"name": "party", "action": "remove"}]},
    {"changes": [{"name": "date", "value": "2027-01-01", "role": "birthday"}]}])
def test_api_refuses_a_malformed_change_with_a_hint(live, body):
    app, services, corpus = live
    put, _ = _api(app, services, "rita")
    response = put(corpus.ids["mou-texas.pdf"], body)
    assert response.status_code == 400 and response.json["message"]
    assert not audit.events(services.store, action="fields")


def test_openapi_documents_the_fields_operation(live):
    app, _, _ = live
    spec = app.test_client().get("/api/openapi.json").json
    operation = spec["paths"]["/api/documents/{doc_id}/fields"]["put"]
    change = spec["components"]["schemas"]["FieldChange"]
    assert {"name", "value", "action", "previous", "role"} <= set(change["properties"])
    assert "expiry" in change["properties"]["role"]["enum"]
    assert {"200", "400", "403", "404"} <= set(operation["responses"])


def test_document_page_edits_a_value_beside_its_evidence_and_shows_who_confirmed_it(live):
    from web_standins import client_for, csrf_of
    app, services, corpus = live
    texas = corpus.ids["mou-texas.pdf"]
    sam = client_for(app, "sam")
    assert "field-edit" not in sam.get(f"/documents/{texas}").text                # no form for a searcher
    assert sam.post(f"/documents/{texas}/fields", data={"csrf_token": csrf_of(sam.get(f"/documents/{texas}").text),
                                                         "name": "party", "value": "X"}).status_code == 403
    rex = client_for(app, "rex")
    page = rex.get(f"/documents/{texas}").text
    beside_evidence = r'evidence-link[^>]*>2031-06-30</a>.*?<form[^>]+field-edit[^>]+data-field="expiry_date"'
    assert re.search(beside_evidence, page, re.S)
    token = csrf_of(page)
    no_csrf = rex.post(f"/documents/{texas}/fields", data={"name": "expiry_date", "value": "2031-06-30"})
    assert no_csrf.status_code == 400
    response = rex.post(f"/documents/{texas}/fields", data={"csrf_token": token, "name": "expiry_date",
                                                             "previous": "2031-06-30", "value": "June 30, 2032",
                                                             "action": "set"})
    assert response.status_code == 302 and response.location.endswith("#metadata")
    response = rex.post(f"/documents/{texas}/fields", data={"csrf_token": token, "name": "party",
                                                             "previous": "Department and the State of Texas",
                                                             "value": "edited but removed", "action": "remove"})
    assert response.status_code == 302
    page = rex.get(f"/documents/{texas}").text
    today = datetime.now(timezone.utc).date().isoformat()     # the stamp is UTC, shown in the reader's zone
    assert re.search(rf"2032-06-30\s*<span class=\"confirmed\">confirmed by rex on <time class=\"when\" datetime=\"{today}T", page)
    assert "State of Texas</a>" not in page
    history = page[page.index('id="history"'):]
    assert "fields by rex: expiry date → 2032-06-30" in history
    assert "party removed: Department and the State of Texas" in history
    assert rex.get(f"/documents/{corpus.restricted_id}").status_code == 404
    assert rex.post(f"/documents/{corpus.restricted_id}/fields", data={"csrf_token": token, "name": "party",
                                                                       "value": "X"}).status_code == 404


# --- confirmed values are evaluation gold ----------------------------------------------------------
def test_bench_scores_the_extractor_against_every_confirmed_value(config, monkeypatch):
    from pathlib import Path
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[1] / "bench"))
    import metadata_confirmed as bench
    services = Services(config)
    doc_id = _agreement(services.store)
    services.close()
    home = ["--home", str(config.home)]
    run = CliRunner().invoke
    assert run(cli, [*home, "reextract"]).exit_code == 0
    assert bench.score_repository(config.home) == (0, {})
    for args in (["set", "party", "Polk County Sheriff's Office", "--replace", "the Host"],
                 ["set", "effective_date", "2025-03-05"],           # the extractor's value, confirmed
                 ["set", "expiry_date", "2027-09-30"], ["remove", "term"]):
        assert run(cli, [*home, "fields", args[0], str(doc_id), *args[1:]]).exit_code == 0
    count, scores = bench.score_repository(config.home)
    assert count == 1
    party = scores["party"]
    assert (party.positives, party.found, party.negatives_found) == (1, 0, 1)     # missed Polk, said "Host" again
    assert (scores["effective_date"].agree, scores["effective_date"].documents) == (1, 1)
    assert scores["expiry_date"].agree == 0 and "'2027-09-30'" in scores["expiry_date"].disagreements[0]
    assert (scores["term"].gold_none, scores["term"].invented) == (1, 1)          # it states no term, we said 3 years
