"""Exports and downloads (issue #10, item 8): no CSV cell can run as a spreadsheet formula, and a
file name with CR/LF, quotes or non-ASCII letters still downloads, under a safe header."""
from __future__ import annotations

import csv
import io

import pytest

from corpus.document import Document, Page
from corpus.documents import save_document
from corpus.exports import csv_cell, csv_text
from ingest.report import as_csv
from web_standins import client_for, standin_services
from web.app import create_app
from web.downloads import content_disposition
from web_corpus import make_pdf

FORMULA = "=cmd|' -C calc'!A0 formula.pdf"
CRLF = "bad\r\nSet-Cookie: x=1.pdf"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_starting_like_a_formula_is_text(start):
    assert csv_cell(f"{start}1+2") == f"'{start}1+2"
    assert next(csv.reader(io.StringIO(csv_text(["h"], [[f"{start}x"]])))) == ["h"]


def test_numbers_and_plain_text_are_unchanged():
    assert csv_cell(-5) == -5 and csv_cell(0.25) == 0.25 and csv_cell("memo.pdf") == "memo.pdf"
    assert csv_cell(None) == ""


def test_the_cli_ingest_report_is_neutralised():
    text = as_csv([{"file": f"/in/{FORMULA}", "status": "failed", "error": "=HYPERLINK(\"x\")"},
                   {"file": FORMULA, "status": "stored"}])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["error"].startswith("'=") and rows[1]["file"] == "'" + FORMULA
    assert rows[0]["file"] == f"/in/{FORMULA}"        # not at the start of the cell: harmless


@pytest.mark.parametrize("name, header", [
    ("plain.pdf", 'attachment; filename="plain.pdf"'),
    (CRLF, 'attachment; filename="badSet-Cookie: x=1.pdf"'),
    ('quo"te\\.pdf', "attachment; filename=\"quo_te_.pdf\"; filename*=UTF-8''quo%22te%5C.pdf"),
    ("Übereinkunft €.pdf", "attachment; filename=\"Ubereinkunft .pdf\"; filename*=UTF-8''%C3%9Cbereinkunft%20%E2%82%AC.pdf"),
    ("\r\n", 'attachment; filename="download"'),
])
def test_download_names_per_rfc_6266(name, header):
    assert content_disposition(name) == header


@pytest.fixture
def web(config):
    services = standin_services(config)
    ids = {}
    for name in (FORMULA, CRLF):
        data = make_pdf([f"Agreement on formulas {len(ids)}"])
        sha, _ = services.store.keep_original_bytes(data)
        ids[name], _ = save_document(services.store, Document(
            source_path=f"/in/{name}", filename=name, sha256=sha, size=len(data), mime="application/pdf",
            title="=SUM(A1:A2)", pages=[Page(number=1, text=f"Agreement on formulas {len(ids)}")]))
    yield create_app(config, services), services, ids
    services.close()


def test_search_csv_neutralises_file_names_and_titles(web):
    app, _, _ = web
    response = client_for(app, "sam").get("/search.csv?q=Agreement")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {r["filename"] for r in rows} == {"'" + FORMULA, CRLF}   # CR/LF inside a quoted cell is data
    assert {r["title"] for r in rows} == {"'=SUM(A1:A2)"}
    assert response.headers["Content-Disposition"] == 'attachment; filename="accord-search.csv"'


def test_original_with_cr_lf_in_its_name_downloads(web):
    app, services, ids = web
    from corpus import accounts
    token = accounts.issue_token(services.store, "sam")
    for response in (client_for(app, "sam").get(f"/documents/{ids[CRLF]}/original"),
                     app.test_client().get(f"/api/documents/{ids[CRLF]}/original",
                                           headers={"Authorization": f"Bearer {token}"})):
        assert response.status_code == 200          # was 500
        assert response.data.startswith(b"%PDF")
        assert response.headers["Content-Disposition"] == 'attachment; filename="badSet-Cookie: x=1.pdf"'
        assert "Set-Cookie" not in response.headers
