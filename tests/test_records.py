"""Records lifecycle: file plan, lifecycle dates with reasons, legal holds through every path,
disposition (two people, certificates, gone everywhere), transfer (BagIt), trash."""
from __future__ import annotations

import json
from pathlib import Path
from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from corpus import accounts, audit, labels
from corpus.access import SYSTEM, Principal
from corpus.blobs import certificate_key
from corpus.document import Evidence, ExtractedField
from corpus.documents import add_relation, document_header, replace_fields, save_document
from corpus.errors import OnLegalHold, PermissionDenied
from corpus.records import disposition, filing
from corpus.records.holds import place_hold
from corpus.records.plan import load_file_plan
from corpus.taxonomy import load_taxonomy
from records_corpus import OFFICER, UNIQUE_PHRASE, api, build, custom_plan, files_containing
from web.cli import cli

STAFF = Principal("rita", "records")


@pytest.fixture
def config(any_config):
    """Every test here runs on SQLite and, when ACCORD_TEST_DATABASE_URL is set, PostgreSQL."""
    return any_config


@pytest.fixture
def env(config):
    services, corpus, app, tokens = build(config)
    yield services, corpus, app, tokens
    services.close()


def run_cli(config, *args):
    env = {"ACCORD_DATABASE_URL": config["ACCORD_DATABASE_URL"]} if config["ACCORD_DATABASE_URL"] else {}
    return CliRunner(env=env).invoke(cli, ["--home", str(config.home), *args], catch_exceptions=False)


def store_files(config) -> list[str]:
    """The files under ACCORD_HOME that are the store (none on PostgreSQL)."""
    return [] if config["ACCORD_DATABASE_URL"] else ["accord.db"]


def test_default_plan_covers_the_taxonomy_and_the_grs_transitory_items():
    plan = load_file_plan()
    for code in load_taxonomy().type_codes:
        assert plan.default_category(code).code != plan.unscheduled, code
    transitory, intermediary = plan.category("transitory"), plan.category("intermediary")
    assert "GRS 5.2 item 010" in transitory.schedule.authority and transitory.schedule.disposes
    assert "GRS 5.2 item 020" in intermediary.schedule.authority
    assert plan.category("unscheduled").schedule.disposition == "permanent"
    assert not plan.category("unscheduled").schedule.disposes


def test_event_cutoff_from_the_extracted_expiry_is_recomputed_after_a_correction(env):
    services, corpus, app, tokens = env
    doc = corpus.ids["mou-texas.pdf"]
    labels.add_suggestion(services.store, doc, "type", "mou")
    lc = filing.lifecycle_of(services.store, services.config, doc)
    assert lc.category.code == "isaa" and lc.filed_by == "document type mou"
    # expires 2031-06-30 -> cut off at the end of that fiscal year (30 Sep), destroy 6 years later
    assert (lc.cutoff_date, lc.eligible_date) == (date(2031, 9, 30), date(2037, 9, 30))
    assert lc.event["kind"] == "expired" and lc.event["date"] == "2031-06-30"
    assert lc.event["evidence"] == {"page": 3, "start": 26, "end": 36}
    assert "2031-06-30" in lc.reason
    # a reviewer corrects the expiry date: after 30 September it falls in the next fiscal year
    replace_fields(services.store, doc, [ExtractedField("expiry_date", "2 November 2029", "2029-11-02",
                                                        Evidence(3, 26, 36), extractor="reviewer")])
    shown = api(app, tokens, "sam", "GET", f"/api/records/documents/{doc}").get_json()
    assert (shown["cutoff_date"], shown["eligible_date"]) == ("2030-09-30", "2036-09-30")
    assert shown["event"]["date"] == "2029-11-02" and shown["due"] is False


def test_an_amendment_follows_its_parent_agreement(env):
    services, corpus, *_ = env
    parent, amendment = corpus.ids["mou-texas.pdf"], corpus.ids["moa-ohio.pdf"]
    labels.add_suggestion(services.store, parent, "type", "mou")
    labels.add_suggestion(services.store, amendment, "type", "form")
    add_relation(services.store, amendment, parent, "amends")
    lc = filing.lifecycle_of(services.store, services.config, amendment)
    assert lc.category.code == "isaa" and lc.filed_by == f"parent agreement {parent}"
    assert lc.cutoff_date == date(2031, 9, 30) and f"follows parent agreement {parent}" in lc.reason


def test_the_lifecycle_files_by_the_current_type_a_reviewers_correction_over_the_models(env):
    """The category follows the one definition of a document's current type (corpus.labels), for
    live and trashed documents alike: the model says mou (isaa), a reviewer corrects it to directive
    (policy), and the model's older suggestion must not win."""
    services, corpus, app, tokens = env
    doc = corpus.ids["mou-texas.pdf"]
    labels.add_suggestion(services.store, doc, "type", "mou", confidence=0.9)
    labels.record_decision(services.store, doc, "type", "directive", "rita", "correct")
    assert labels.current_labels(services.store, doc)["type"].value == "directive"
    shown = api(app, tokens, "rita", "GET", f"/api/records/documents/{doc}").get_json()
    assert (shown["category"], shown["filed_by"]) == ("policy", "document type directive")
    filing.trash(services.store, services.config, doc, who=STAFF)
    lc = filing.lifecycle_of(services.store, services.config, doc)
    assert (lc.state, lc.category.code, lc.filed_by) == ("trashed", "policy", "document type directive")


def test_unscheduled_and_unapproved_records_are_never_due(env):
    services, corpus, *_ = env
    doc = corpus.ids["mou-texas.pdf"]
    assert filing.lifecycle_of(services.store, services.config, doc).category.code == "unscheduled"
    labels.add_suggestion(services.store, doc, "type", "mou")
    lc = filing.lifecycle_of(services.store, services.config, doc)
    assert not lc.due(date(2099, 1, 1)) and "not NARA-approved" in lc.reason


def test_a_held_document_survives_trash_and_disposition_through_every_path(env, config):
    services, corpus, app, tokens = env
    held, other = corpus.ids["mou-texas.pdf"], corpus.ids["moa-ohio.pdf"]
    for doc in (held, other):
        filing.file_document(services.store, config, doc, "transitory", who=STAFF)
    result = run_cli(config, "hold", "add", "Smith v. Agency", "--reason", "litigation", "--id", str(held))
    assert result.exit_code == 0, result.output
    # CLI
    assert run_cli(config, "trash", str(held)).exit_code == OnLegalHold.exit_code
    assert run_cli(config, "disposition", "propose", "--id", str(held)).exit_code == OnLegalHold.exit_code
    due = run_cli(config, "disposition", "due", "--json")
    assert str(held) not in [line.strip() for line in due.output.split() if line.strip().rstrip(",").isdigit()]
    # API
    assert api(app, tokens, "rita", "POST", f"/api/records/documents/{held}/trash").status_code == 409
    assert api(app, tokens, "rita", "POST", "/api/disposition/batches", {"ids": [held]}).status_code == 409
    # UI
    from web_standins import client_for, csrf_of
    rita = client_for(app, "rita")
    token = csrf_of(rita.get(f"/documents/{held}").text)
    assert rita.post(f"/records/documents/{held}/trash", data={"csrf_token": token}).status_code == 409
    assert rita.post("/records/disposition", data={"csrf_token": token, "id": str(held)}).status_code == 409
    # bulk: all due, then a hold placed after approval stops the record when the batch runs
    batch = run_cli(config, "disposition", "propose", "--all-due").output.split()[-1]
    items = disposition.batch_detail(services.store, int(batch))["items"]
    assert [i["id"] for i in items] == [other]
    assert run_cli(config, "disposition", "approve", batch, "--as", OFFICER).exit_code == 0
    place_hold(services.store, "late hold", reason="new request", issuer="counsel", document_ids=[other])
    assert run_cli(config, "disposition", "run", batch).exit_code == 0
    item = disposition.batch_detail(services.store, int(batch))["items"][0]
    assert item["status"] == "skipped" and "late hold" in item["note"]
    for doc in (held, other):
        assert services.store.original_path(document_header(services.store, doc).sha256).exists()
        assert doc in {h.id for h in services.index.search("agreement OR Ohio", principal=SYSTEM).hits}
    with pytest.raises(OnLegalHold):
        filing.trash(services.store, config, held, who=STAFF)


def test_a_destroyed_document_is_gone_everywhere_but_its_stub_and_certificate(env, config):
    services, corpus, app, tokens = env
    doc, keep = corpus.ids["moa-ohio.pdf"], corpus.ids["mou-texas.pdf"]
    sha256 = document_header(services.store, doc).sha256
    from web_standins import client_for
    officer = client_for(app, OFFICER)
    assert officer.get(f"/documents/{doc}/pages/1.png?size=thumb").status_code == 200   # a cached thumbnail
    assert services.index.search("Ohio", principal=SYSTEM).total == 1
    assert api(app, tokens, "rita", "POST", f"/api/records/documents/{doc}/file",
               {"category": "transitory"}).status_code == 200
    proposed = api(app, tokens, "rita", "POST", "/api/disposition/batches", {"ids": [doc]})
    assert proposed.status_code == 201
    batch = proposed.get_json()["id"]
    assert api(app, tokens, "rita", "POST", f"/api/disposition/batches/{batch}/approve").status_code == 403
    approved = api(app, tokens, OFFICER, "POST", f"/api/disposition/batches/{batch}/approve").get_json()
    assert approved["items"][0]["authority"].startswith("GRS 5.2 item 010")
    ran = api(app, tokens, OFFICER, "POST", f"/api/disposition/batches/{batch}/run").get_json()
    assert ran["status"] == "done" and ran["items"][0]["status"] == "done"

    # every file under ACCORD_HOME: the sha256 only in the store (the stub) and the certificate,
    # the text nowhere
    certificate = f"dispositions/batch-{batch}/certificate-{doc}.json"
    assert files_containing(config.home, sha256.encode()) == [*store_files(config), certificate]
    assert files_containing(config.home, UNIQUE_PHRASE.encode()) == []
    assert files_containing(config.home, b"Ohio shall maintain") == []
    assert not services.store.original_path(sha256).exists()
    assert not (config.cache_dir / "pages" / sha256).exists()
    # the index keeps no deleted-but-present document (its segments were merged, not just marked)
    services.index.current_view()
    assert services.index._ix.doc_count_all() == services.index._ix.doc_count() == 2

    # search: hits, counts, facets, suggestions, similar
    index = services.index
    assert index.search(f'"{UNIQUE_PHRASE}"', principal=SYSTEM).total == 0
    results = index.search("Ohio OR Memorandum", principal=SYSTEM)
    assert doc not in {h.id for h in results.hits} and results.total == 1
    assert all("Ohio" not in value for values in (results.facets or {}).values() for value, _ in values)
    assert (index.suggest("Ohoi", principal=SYSTEM) or "").lower().find("ohio") < 0
    assert doc not in {h.id for h in index.more_like_this(keep, principal=SYSTEM)}
    # API and pages
    assert api(app, tokens, "ada", "GET", f"/api/documents/{doc}").status_code == 404
    assert api(app, tokens, "ada", "GET", f"/api/documents/{doc}/original").status_code == 404
    assert officer.get(f"/documents/{doc}").status_code == 404
    assert officer.get(f"/documents/{doc}/pages/1.png").status_code == 404
    # the stub, the certificate and the audit trail remain, and the chain verifies
    import json
    cert = json.loads((config.dispositions_dir / f"batch-{batch}" / f"certificate-{doc}.json").read_text())
    assert cert["document"]["sha256"] == sha256 and cert["approved_by"] == OFFICER and cert["proposed_by"] == "rita"
    assert filing.lifecycle_of(services.store, config, doc).state == "destroyed"
    steps = [e["details"].get("step") for e in audit.events(services.store, action="disposition", limit=50)]
    assert {"propose", "approve", "run", "destroyed", "finished"} <= set(steps)
    assert audit.verify(services.store) == []
    assert "certificate" in officer.get("/records/certificates").text.lower()


def test_disposition_takes_two_people_and_only_the_officer_sets_the_essential_flag(env, config):
    services, corpus, app, tokens = env
    doc = corpus.ids["moa-ohio.pdf"]
    filing.file_document(services.store, config, doc, "transitory", who=STAFF)
    batch = disposition.propose(services.store, config, who=Principal(OFFICER, "records_officer"), ids=[doc])
    with pytest.raises(PermissionDenied):
        disposition.approve(services.store, batch, who=Principal(OFFICER, "records_officer"))
    with pytest.raises(PermissionDenied):
        disposition.approve(services.store, batch, who=STAFF)
    assert api(app, tokens, "ada", "PUT", f"/api/records/documents/{doc}/essential",
               {"essential": True}).status_code == 403
    assert api(app, tokens, OFFICER, "PUT", f"/api/records/documents/{doc}/essential",
               {"essential": True}).status_code == 200
    assert filing.lifecycle_of(services.store, config, doc).essential
    assert audit.events(services.store, action="essential")[0]["actor"] == OFFICER


def test_trash_restores_with_index_entry_and_labels_and_purges_after_the_delay_unless_held(env, config):
    services, corpus, app, tokens = env
    doc, held = corpus.ids["moa-ohio.pdf"], corpus.ids["mou-texas.pdf"]
    labels.add_suggestion(services.store, doc, "type", "moa")
    assert api(app, tokens, "sam", "POST", f"/api/records/documents/{doc}/trash").status_code == 403
    assert api(app, tokens, "rita", "POST", f"/api/records/documents/{doc}/trash").status_code == 200
    assert services.index.search("Ohio", principal=SYSTEM).total == 0
    assert api(app, tokens, "ada", "GET", f"/api/documents/{doc}").status_code == 404
    assert run_cli(config, "restore", str(doc)).exit_code == 0
    hits = services.index.search("Ohio", principal=SYSTEM).hits
    assert [h.id for h in hits] == [doc] and hits[0].type == "moa"
    assert labels.current_label(services.store, doc, "type").value == "moa"
    # trashed, then held: the purge after the delay skips the held one
    filing.trash(services.store, config, doc, who=STAFF)
    filing.trash(services.store, config, held, who=STAFF)
    place_hold(services.store, "hold on trash", reason="request", issuer="counsel", document_ids=[held])
    from datetime import datetime, timezone
    later = datetime.now(timezone.utc) + timedelta(days=config["ACCORD_TRASH_DAYS"] + 1)
    purged = filing.purge_expired_trash(services.store, config, services.purge_from_index, actor="cli:test",
                                        now=later)
    assert purged == [doc]
    assert filing.lifecycle_of(services.store, config, doc).state == "purged"
    assert filing.lifecycle_of(services.store, config, held).state == "trashed"
    assert {e["action"] for e in audit.events(services.store, target=str(doc))} >= {"trash", "restore", "purge"}
    # the trash is for recent mistakes
    with pytest.raises(Exception, match="more than"):
        filing.trash(services.store, config, corpus.ids["secret-pilot.pdf"], who=STAFF, now=later)


def test_documents_ingested_later_join_a_query_hold(env):
    services, corpus, *_ = env
    placed = services.place_hold("Zephyr matter", reason="subpoena", issuer="counsel", query="Zephyr")
    assert placed["documents"] == [corpus.ids["secret-pilot.pdf"]]
    from corpus.document import Document, Page
    data = b"%PDF-1.4 later zephyr"
    sha, _ = services.store.keep_original_bytes(data)
    new_id, _ = save_document(services.store, Document(source_path="/in/late.txt", filename="late.txt", sha256=sha,
                                                      size=len(data), mime="text/plain", title="Late",
                                                      pages=[Page(1, "A later note about the Zephyr Agency.")]))
    services.document_stored(new_id)      # what ingest calls for every new document
    assert filing.lifecycle_of(services.store, services.config, new_id).holds == ["Zephyr matter"]


def test_transfer_writes_a_valid_bag_and_destroys_after_acceptance(config, tmp_path):
    import bagit
    plan = custom_plan(tmp_path, {"code": "transfer_now", "title": "Permanent, transfer at once", "types": [],
                                  "schedule": {"authority": "N1-000-00-1 item 1", "approved": True,
                                               "disposition": "transfer", "retention": {},
                                               "cutoff": {"rule": "immediate"}}})
    services, corpus, app, tokens = build(config.replace(ACCORD_FILE_PLAN=plan))
    try:
        doc = corpus.ids["mou-texas.pdf"]
        filing.file_document(services.store, services.config, doc, "transfer_now", who=STAFF)
        batch = disposition.propose(services.store, services.config, who=STAFF, ids=[doc])
        disposition.approve(services.store, batch, who=Principal(OFFICER, "records_officer"))
        services.run_disposition(batch, actor="cli:test")
        bag_dir = services.config.dispositions_dir / f"batch-{batch}" / "transfer-bag"
        bag = bagit.Bag(str(bag_dir))
        bag.validate()
        payload = sorted(p for p in bag.payload_files())
        assert any(p.startswith("data/originals/") for p in payload)
        assert f"data/metadata/{doc}.json" in payload and "data/metadata/records.csv" in payload
        assert f"data/audit/{doc}.json" in payload
        assert filing.lifecycle_of(services.store, services.config, doc).state == "transferred"
        from corpus.records.transfer import accept
        accept(services.store, services.config, batch, who=Principal(OFFICER, "records_officer"))
        services.run_disposition(batch, actor="cli:test")
        assert filing.lifecycle_of(services.store, services.config, doc).state == "destroyed"
        assert services.store.blobs.exists(certificate_key(batch, doc))
        assert not (bag_dir / "data").exists()
    finally:
        services.close()


def test_cli_walkthrough_plan_hold_due_propose_approve_run(env, config):
    services, corpus, *_ = env
    assert "transitory" in run_cli(config, "records", "plan").output
    assert '"categories"' in run_cli(config, "records", "plan", "--json").output
    doc, other = corpus.ids["moa-ohio.pdf"], corpus.ids["mou-texas.pdf"]
    assert run_cli(config, "records", "file", str(doc), str(other), "--category", "transitory").exit_code == 0
    assert run_cli(config, "hold", "add", "keep", "--reason", "check", "--id", str(other)).exit_code == 0
    assert [h["documents"] for h in json.loads(run_cli(config, "hold", "list", "--json").output)] == [[other]]
    assert str(doc) in run_cli(config, "disposition", "due").output
    batch = run_cli(config, "disposition", "propose", "--all-due").output.split()[-1]
    assert run_cli(config, "disposition", "approve", batch, "--as", "rita").exit_code == PermissionDenied.exit_code
    assert run_cli(config, "disposition", "run", batch).exit_code != 0      # not approved yet
    assert run_cli(config, "disposition", "approve", batch, "--as", OFFICER).exit_code == 0
    assert "1 done" in run_cli(config, "disposition", "run", batch).output
    def due_ids() -> list[int]:
        return [r["id"] for r in json.loads(run_cli(config, "disposition", "due", "--json").output)]
    assert due_ids() == [] and "1 records are under legal hold" in run_cli(config, "disposition", "due").output
    assert run_cli(config, "hold", "release", "keep").exit_code == 0
    assert due_ids() == [other]                                                 # released: due again
    events = {e["action"]: e for e in audit.events(services.store, limit=200)}
    assert events["hold"]["target"] == "keep" and events["hold"]["actor"].startswith("cli:")
    assert events["hold_release"]["target"] == "keep" and events["file"]["details"]["category"] == "transitory"
    assert run_cli(config, "audit", "verify").exit_code == 0


def test_records_hidden_from_staff_are_not_in_their_queue_holds_reports_or_proposals(env, config):
    """Issue #10 (differential leak harness): a record hidden from records staff is not listed to
    them at all (not even redacted: its existence is what they would learn), and naming it
    answers as a missing record; the officer, who sees every record, handles it."""
    services, corpus, app, tokens = env
    secret = corpus.ids["secret-pilot.pdf"]
    filing.file_document(services.store, config, secret, "transitory", who=STAFF)
    due = api(app, tokens, "rita", "GET", "/api/disposition/due").get_json()["due"]
    assert secret not in [d["id"] for d in due]
    report = api(app, tokens, "rita", "GET", "/api/records/report").get_json()
    assert secret not in [d["id"] for d in report["due"]]
    missing = api(app, tokens, "rita", "POST", "/api/disposition/batches", {"ids": [999_999]})
    hidden = api(app, tokens, "rita", "POST", "/api/disposition/batches", {"ids": [secret]})
    assert hidden.status_code == missing.status_code == 404
    hidden = api(app, tokens, "rita", "POST", "/api/holds", {"name": "h", "reason": "r", "ids": [secret]})
    assert hidden.status_code == 404
    due = api(app, tokens, OFFICER, "GET", "/api/disposition/due").get_json()["due"]
    assert [d["title"] for d in due if d["id"] == secret][0].startswith("Restricted pilot agreement")
    placed = api(app, tokens, OFFICER, "POST", "/api/holds", {"name": "all", "reason": "r", "ids": [secret]})
    assert placed.status_code == 201
    holds = api(app, tokens, "rita", "GET", "/api/holds").get_json()["holds"]
    assert [h["documents"] for h in holds if h["name"] == "all"] == [[]]


def test_trash_and_restore_through_the_pages(env):
    services, corpus, app, tokens = env
    from web_standins import client_for, csrf_of
    doc = corpus.ids["moa-ohio.pdf"]
    rita = client_for(app, "rita")
    token = csrf_of(rita.get(f"/documents/{doc}").text)
    assert rita.post(f"/records/documents/{doc}/trash", data={"csrf_token": token}).status_code == 302
    assert rita.get(f"/documents/{doc}").status_code == 404
    assert services.index.search("Ohio", principal=SYSTEM).total == 0
    assert f'id="trashed-{doc}"' in rita.get("/records/trash").text
    assert rita.post(f"/records/documents/{doc}/restore", data={"csrf_token": token}).status_code == 302
    assert rita.get(f"/documents/{doc}").status_code == 200
    assert services.index.search("Ohio", principal=SYSTEM).total == 1
    assert rita.post(f"/records/documents/{doc}/essential", data={"csrf_token": token,
                                                                 "essential": "1"}).status_code == 403


def test_only_the_issuer_a_records_officer_or_an_admin_releases_a_hold(env, config):
    services, corpus, app, tokens = env
    from web_standins import client_for, csrf_of
    doc = corpus.ids["mou-texas.pdf"]

    def active() -> set[str]:
        return {h["name"] for h in api(app, tokens, OFFICER, "GET", "/api/holds").get_json()["holds"]}

    def released_by(name: str) -> str:
        return [e for e in audit.events(services.store, action="hold_release", limit=50) if e["target"] == name][0]["actor"]

    # API: rita places two holds; owen (records staff, not the issuer) may not release them
    for name in ("api-1", "api-2"):
        assert api(app, tokens, "rita", "POST", "/api/holds", {"name": name, "reason": "FOIA",
                                                               "ids": [doc]}).status_code == 201
    owen_token = {**tokens, "owen": accounts.issue_token(services.store, "owen")}
    assert api(app, owen_token, "owen", "POST", "/api/holds/api-1/release").status_code == 403
    assert api(app, tokens, "sam", "POST", "/api/holds/api-1/release").status_code == 403
    assert api(app, tokens, "rita", "POST", "/api/holds/api-1/release").status_code == 200     # the issuer
    assert api(app, tokens, OFFICER, "POST", "/api/holds/api-2/release").status_code == 200    # an officer
    assert released_by("api-1") == "rita" and released_by("api-2") == OFFICER
    denied = [e for e in audit.events(services.store, action="denied", limit=50) if "api-1" in str(e["target"])]
    assert denied, "a refused release is audited"

    # web: the page offers Release only to who may; a forged form post is refused
    assert api(app, tokens, "rita", "POST", "/api/holds", {"name": "web-1", "reason": "FOIA",
                                                           "ids": [doc]}).status_code == 201
    owen, rita, ada = client_for(app, "owen"), client_for(app, "rita"), client_for(app, "ada")
    page = owen.get("/records/holds").text
    assert "web-1" in page and "/records/holds/web-1/release" not in page
    assert "/records/holds/web-1/release" in rita.get("/records/holds").text
    token = csrf_of(page)
    assert owen.post("/records/holds/web-1/release", data={"csrf_token": token}).status_code == 403
    assert "web-1" in active()
    assert ada.post("/records/holds/web-1/release",
                    data={"csrf_token": csrf_of(ada.get("/records/holds").text)}).status_code == 302
    assert "web-1" not in active() and released_by("web-1") == "ada"

    # CLI: a hold placed as rita; owen and sam may not release it, rita and the officer may
    assert run_cli(config, "hold", "add", "cli-1", "--reason", "FOIA", "--id", str(doc), "--as", "rita").exit_code == 0
    assert run_cli(config, "hold", "add", "cli-2", "--reason", "FOIA", "--id", str(doc), "--as", "rita").exit_code == 0
    for name in ("owen", "sam"):
        assert run_cli(config, "hold", "release", "cli-1", "--as", name).exit_code == PermissionDenied.exit_code
    assert {"cli-1", "cli-2"} <= active()
    assert run_cli(config, "hold", "release", "cli-1", "--as", "rita").exit_code == 0
    assert run_cli(config, "hold", "release", "cli-2", "--as", OFFICER).exit_code == 0
    assert not {"cli-1", "cli-2"} & active()
    assert released_by("cli-1") == "rita" and released_by("cli-2") == OFFICER


def test_the_run_button_runs_the_batch_in_the_background_and_the_page_follows_it(env):
    services, corpus, app, tokens = env
    from web_standins import client_for, csrf_of
    docs = [corpus.ids["moa-ohio.pdf"], corpus.ids["mou-texas.pdf"]]
    for doc in docs:
        filing.file_document(services.store, services.config, doc, "transitory", who=STAFF)
    batch = disposition.propose(services.store, services.config, who=STAFF, ids=docs)
    officer = client_for(app, OFFICER)
    token = csrf_of(officer.get("/records/disposition").text)
    assert officer.post(f"/records/disposition/{batch}/run", data={"csrf_token": token}).status_code == 409
    assert officer.post(f"/records/disposition/{batch}/approve", data={"csrf_token": token}).status_code == 302
    started = officer.post(f"/records/disposition/{batch}/run", data={"csrf_token": token})
    assert started.status_code == 302 and f"running={batch}" in started.headers["Location"]
    page = officer.get(started.headers["Location"]).text
    assert f'data-progress-url="/records/disposition/{batch}/progress"' in page
    states = []
    while not states or states[-1]["status"] != "done" or states[-1]["running"]:
        states.append(officer.get(f"/records/disposition/{batch}/progress").get_json())
        assert len(states) < 100_000, states[-1]
        app.extensions["accord_disposition_runs"].wait(0.05)      # as a browser waits between polls
    assert states[-1]["finished"] == states[-1]["total"] == 2 and states[-1]["percent"] == 100
    assert states[-1]["counts"] == {"done": 2} and states[-1]["error"] == ""
    assert all(services.store.blobs.exists(certificate_key(batch, d)) for d in docs)
    assert 'data-progress-url' not in officer.get("/records/disposition").text    # done: nothing to follow
    # staff follow it too, counted over what they may see; searchers may not
    assert client_for(app, "rita").get(f"/records/disposition/{batch}/progress").get_json()["finished"] == 2
    assert client_for(app, "sam").get(f"/records/disposition/{batch}/progress").status_code == 403


def test_due_says_how_many_records_are_kept_for_want_of_an_approved_authority_and_how_to_proceed(env, config):
    services, corpus, app, tokens = env
    texas = corpus.ids["mou-texas.pdf"]
    labels.add_suggestion(services.store, texas, "type", "mou")               # isaa: not NARA-approved
    out = run_cli(config, "disposition", "due").output
    assert "0 records due" in out
    assert "1 records are kept because their category has no NARA-approved authority (isaa 1)" in out
    assert "--category transitory" in out and "ACCORD_FILE_PLAN" in out
    assert "2 records are unscheduled or permanent" in out
    shown = api(app, tokens, OFFICER, "GET", "/api/disposition/due").get_json()
    assert shown["due"] == [] and shown["kept"]["not_approved"] == {"isaa": 1} and shown["kept"]["unscheduled"] == 2
    from web_standins import client_for
    assert "no NARA-approved authority (isaa 1)" in client_for(app, OFFICER).get("/records/disposition").text
    # the agency's own plan with an approved authority: the record falls due under it
    plan = json.loads(Path(custom_plan(config.home.parent)).read_text())
    isaa = next(c for c in plan["categories"] if c["code"] == "isaa")
    isaa["schedule"].update(approved=True, authority="N1-563-08-1 item 2", retention={"years": 0},
                            cutoff={"rule": "immediate"})
    (config.home.parent / "approved.json").write_text(json.dumps(plan))
    approved = config.replace(ACCORD_FILE_PLAN=str(config.home.parent / "approved.json"))
    assert [lc.document_id for lc in disposition.due(services.store, approved)] == [texas]


def test_records_file_takes_several_ids_or_a_query_audited_per_document_and_refuses_held_ones(env, config):
    services, corpus, app, tokens = env
    ohio, texas, secret = corpus.ids["moa-ohio.pdf"], corpus.ids["mou-texas.pdf"], corpus.restricted_id
    place_hold(services.store, "keep texas", reason="FOIA", issuer=OFFICER, document_ids=[texas])
    refused = run_cli(config, "records", "file", str(ohio), str(texas), "--category", "transitory")
    assert refused.exit_code == OnLegalHold.exit_code and "keep texas" in refused.output
    assert filing.lifecycle_of(services.store, config, ohio).category.code != "transitory"     # nothing filed
    filed = run_cli(config, "records", "file", "--query", "", "--category", "transitory")    # every document
    assert filed.exit_code == 0, filed.output
    assert f"document {texas} NOT refiled: under legal hold keep texas" in filed.output
    assert "2 documents filed to transitory, 1 held left as they were; 2 of them due" in filed.output
    assert {filing.lifecycle_of(services.store, config, d).category.code for d in (ohio, secret)} == {"transitory"}
    assert filing.lifecycle_of(services.store, config, texas).category.code != "transitory"
    events = [e for e in audit.events(services.store, action="file", limit=50)]
    assert sorted(int(e["target"]) for e in events) == sorted([ohio, secret])
    # the same rule through the API and the page
    assert api(app, tokens, "rita", "POST", f"/api/records/documents/{texas}/file",
               {"category": "transitory"}).status_code == OnLegalHold.http_status
    assert run_cli(config, "records", "file", "--query", "no-such-word-anywhere", "--category",
                   "transitory").exit_code != 0


def test_the_readme_example_file_plan_loads_with_approved_authorities(tmp_path):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    example = readme.split("### Your own file plan", 1)[1].split("```json\n", 1)[1].split("```", 1)[0]
    (tmp_path / "plan.json").write_text(example)
    plan = load_file_plan(str(tmp_path / "plan.json"))
    assert plan.category("isaa").schedule.disposes and not plan.category("unscheduled").schedule.disposes
