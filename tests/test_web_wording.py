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
