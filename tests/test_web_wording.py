"""What a new user reads on the pages: codes and server details in words (issue 15, walked as
new users at phone and desktop widths)."""
from __future__ import annotations

from corpus import labels
from corpus.journal import _throughput_text
from corpus.records.plan import DEFAULT_FILE_PLAN
from web_standins import client_for


def test_search_results_name_type_and_scope_in_words_not_codes(site):
    app, services, corpus = site
    doc_id = corpus.ids["moa-ohio.pdf"]
    labels.record_decision(services.store, doc_id, "type", "other_record", "rex", "correct")
    labels.record_decision(services.store, doc_id, "scope", "out_of_scope:not_agreement", "rex", "correct")
    services.document_changed(doc_id)
    page = client_for(app, "sam").get("/search?q=Ohio").text
    meta = page[page.index('class="meta"'):][:600]
    taxonomy = services.taxonomy
    assert taxonomy.label_of("other_record") in meta and taxonomy.label_of("out_of_scope:not_agreement") in meta
    assert "· other_record" not in meta and ">out_of_scope:not_agreement<" not in meta


def test_file_plan_page_shows_no_server_path(site):
    app, _, _ = site
    page = client_for(app, "rita").get("/records/plan")
    assert page.status_code == 200
    assert str(DEFAULT_FILE_PLAN) not in page.text and str(DEFAULT_FILE_PLAN.parent) not in page.text
    assert "built-in plan" in page.text


def test_the_document_header_names_the_format_in_words(site):
    app, _, corpus = site
    page = client_for(app, "sam").get(f"/documents/{corpus.ids['mou-texas.pdf']}").text
    header = page[page.index('class="meta"'):][:400]
    assert "3 pages" in header and '<span title="application/pdf">PDF</span>' in header


def test_a_worker_line_counts_one_file_and_one_page_in_the_singular():
    line = _throughput_text({"worker": "in-process", "files": 1, "pages": 1, "ocr_pages": 0, "seconds": 2.0,
                             "files_per_second": 0.5, "pages_per_second": 0.5})
    assert line.startswith("in-process: 1 file, 1 page (0 OCR)")
    many = _throughput_text({"worker": "w", "files": 2, "pages": 3, "ocr_pages": 1, "seconds": 2.0,
                             "files_per_second": 1.0, "pages_per_second": 1.5})
    assert "2 files, 3 pages" in many


def test_certificates_page_lists_certificates_not_the_transfer_bag_files_beside_them(site):
    """A transfer's BagIt files sit under dispositions/batch-N/ beside its certificates; the page
    listed them as certificates (last session's walk)."""
    import json

    from corpus.blobs import certificate_key, transfer_bag_prefix
    app, services, corpus = site
    doc_id = corpus.ids["mou-texas.pdf"]
    blobs = services.store.blobs
    certificate = {"batch": 7, "document": {"id": doc_id, "title": "MOU Texas", "sha256": "ab" * 32},
                   "action": "transfer", "authority": "GRS 5.2", "proposed_by": "rita", "approved_by": "ada",
                   "carried_out_at": "2026-12-01T10:00:00"}
    blobs.put_bytes(certificate_key(7, doc_id), json.dumps(certificate).encode())
    bag = {"bagit.txt": b"BagIt-Version: 1.0\n", "manifest-sha256.txt": b"ab  data/originals/x.pdf\n",
           f"data/metadata/{doc_id}.json": json.dumps({"id": doc_id, "filename": "mou-texas.pdf"}).encode(),
           f"data/audit/{doc_id}.json": json.dumps([{"action": "view"}]).encode()}
    for name, data in bag.items():      # as corpus/records/transfer.py lays a bag out
        blobs.put_bytes(transfer_bag_prefix(7) + name, data)
    page = client_for(app, "rita").get("/records/certificates").text
    rows = [row for row in page.split("<tr>")[2:] if "<td" in row]
    assert len(rows) == 1 and f"/records/certificates/7/{doc_id}.json" in rows[0]
    assert "bagit" not in page and "manifest" not in page


def test_placing_a_hold_says_what_it_covers_and_a_hold_without_documents_says_how_to_fix_it(site):
    from web_standins import csrf_of
    app, _, corpus = site
    rita = client_for(app, "rita")
    form = rita.get("/records/holds").text
    empty = rita.post("/records/holds", data={"csrf_token": csrf_of(form), "name": "matter-1", "reason": "letter"},
                      headers={"Referer": "http://localhost/records/holds"})
    assert empty.status_code == 400
    assert "--id" not in empty.text.split("How to fix")[0]          # the web form has no --id
    assert "Document ids" in empty.text and 'href="http://localhost/records/holds" id="error-back"' in empty.text
    placed = rita.post("/records/holds", data={"csrf_token": csrf_of(form), "name": "matter-2", "reason": "letter",
                                               "ids": str(corpus.ids["mou-texas.pdf"])}, follow_redirects=True)
    assert placed.status_code == 200
    assert "Placed legal hold “matter-2” on 1 document you may see" in placed.text


def test_document_history_names_a_reviewers_tag_in_words(site):
    from web_standins import csrf_of
    app, services, corpus = site
    doc_id = corpus.ids["moa-ohio.pdf"]
    rex = client_for(app, "rex")
    page = rex.get(f"/documents/{doc_id}").text
    changed = rex.post(f"/documents/{doc_id}/labels", data={"csrf_token": csrf_of(page), "action": "correct",
                                                         "kind": "scope", "value": "out_of_scope:not_agreement"})
    assert changed.status_code in (200, 302, 303)
    history = rex.get(f"/documents/{doc_id}").text.split('id="history"')[1].split("</section>")[0]
    change = [line for line in history.splitlines() if "change-event" in line and "label by rex" in line]
    assert change and services.taxonomy.label_of("out_of_scope:not_agreement") in change[0]
    assert "→ out_of_scope:not_agreement" not in change[0]


def test_record_category_choices_show_the_category_title_beside_its_code(site):
    from corpus.records.plan import file_plan
    app, services, corpus = site
    page = client_for(app, "rita").get(f"/documents/{corpus.ids['mou-texas.pdf']}").text
    category = file_plan(services.config).categories[0]
    assert f'<option value="{category.code}"' in page and f"{category.title} ({category.code})</option>" in page
