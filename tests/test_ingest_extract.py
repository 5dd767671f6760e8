"""Extraction stages and the single-file pipeline (no Tesseract here; see test_ingest_ocr.py)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from reportlab.lib.pdfencrypt import StandardEncryption

from corpus.documents import document_record, load_document
from corpus.errors import EncryptedFile
from ingest.ocr import parse_tsv
from ingest.pipeline import Limits, ingest_file, prepare_file
from ingest.quality import text_layer_problem
from test_ingest_samples import AGREEMENT_LINES, make_docx, make_eml, make_pdf, make_scanned_pdf


def _shift(text: str, by: int = -29) -> str:
    # What a broken font map does (the 18F 7600A form): each glyph decodes to the code
    # point 29 below the right one, so "the" reads "WKH" and spaces become control codes.
    return "".join(chr(ord(ch) + by) if ch.isalpha() else ch for ch in text)


def test_quality_check_accepts_english_and_rejects_short_and_garbled_text():
    english = " ".join(AGREEMENT_LINES * 3)
    assert text_layer_problem(english, 40) == ""
    assert "too short" in text_layer_problem("Page 1", 40)
    assert text_layer_problem("   ", 40) == "no text layer"
    assert "English" in text_layer_problem(_shift(english), 40)
    assert "control characters" in text_layer_problem(english.replace(" ", "\x03"), 40)
    # shifted letters without control characters: shapes of words, no English in them
    caesar = "".join(chr((ord(c) - 97 + 3) % 26 + 97) if c.islower() else c for c in english.lower())
    assert "English" in text_layer_problem(caesar, 40)


def test_tsv_parsing_keeps_lines_and_mean_confidence():
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "5\t1\t1\t1\t1\t1\t0\t0\t1\t1\t90\tMEMORANDUM",
        "5\t1\t1\t1\t1\t2\t0\t0\t1\t1\t80\tOF",
        "5\t1\t1\t1\t2\t1\t0\t0\t1\t1\t70\tAgreement",
        "4\t1\t1\t1\t2\t0\t0\t0\t1\t1\t-1\t",
        "5\t1\t2\t1\t1\t1\t0\t0\t1\t1\t60\tSigned",
    ]
    text, confidence, words = parse_tsv("\n".join([header, *rows]))
    assert text == "MEMORANDUM OF\nAgreement\n\nSigned"
    assert confidence == 75.0 and words == 4


def test_born_digital_pdf_keeps_its_text_layer_and_counts_redaction_boxes(tmp_path, config):
    path = make_pdf(tmp_path / "mou.pdf", [AGREEMENT_LINES, AGREEMENT_LINES[::-1]], boxes=2)
    prepared = prepare_file(str(path), str(path), Limits.from_config(config))
    doc = prepared.doc
    assert prepared.ocr_tasks == []
    assert [p.source for p in doc.pages] == ["text", "text"]
    assert "Homeland Security" in doc.pages[0].text
    assert doc.pages[0].redaction_boxes == 2 and doc.pages[1].redaction_boxes == 0
    assert doc.pages[0].width == pytest.approx(612)


def test_image_only_pdf_pages_are_sent_to_ocr_with_the_reason(tmp_path, config):
    path = make_scanned_pdf(tmp_path / "scan.pdf", dpi=100)
    prepared = prepare_file(str(path), str(path), Limits.from_config(config))
    assert [t.index for t in prepared.ocr_tasks] == [0]
    assert prepared.doc.pages[0].quality_note == "no text layer"


def test_pdf_with_empty_user_password_opens_with_a_warning(tmp_path, config):
    path = make_pdf(tmp_path / "locked.pdf", encrypt=StandardEncryption("", ownerPassword="owner", canPrint=0))
    prepared = prepare_file(str(path), str(path), Limits.from_config(config))
    assert "Homeland Security" in prepared.doc.text
    assert any("empty user password" in w for w in prepared.doc.warnings)


def test_pdf_with_a_user_password_is_refused(tmp_path, config):
    path = make_pdf(tmp_path / "secret.pdf", encrypt=StandardEncryption("secret", ownerPassword="owner"))
    with pytest.raises(EncryptedFile) as info:
        prepare_file(str(path), str(path), Limits.from_config(config))
    assert "password" in info.value.message and "qpdf" in info.value.hint


def test_docx_and_txt_are_stored_with_text(tmp_path, store, config):
    docx_doc, outcome = ingest_file(store, config, str(make_docx(tmp_path / "mou.docx")))
    assert outcome.status == "stored" and "Homeland Security" in docx_doc.text
    assert docx_doc.mime.endswith("wordprocessingml.document")
    txt = tmp_path / "notes.txt"
    txt.write_text("first page of the memorandum\fsecond page of the memorandum", encoding="utf-8")
    txt_doc, _ = ingest_file(store, config, str(txt))
    stored = load_document(store, txt_doc.id)
    assert [p.text for p in stored.pages] == ["first page of the memorandum", "second page of the memorandum"]
    assert stored.mime == "text/plain"


def test_mail_attachments_become_linked_child_documents(tmp_path, store, config):
    attachment = make_pdf(tmp_path / "signed.pdf").read_bytes()
    mail = make_eml(tmp_path / "message.eml", {"signed-mou.pdf": attachment})
    doc, outcome = ingest_file(store, config, str(mail))
    assert outcome.status == "stored"
    parent = document_record(store, doc.id, with_text=True)
    assert parent["mime"] == "message/rfc822" and "Signed MOU" in parent["text"][0]["text"]
    child_id = doc.children[0].id
    child = document_record(store, child_id)
    assert child["parent_id"] == doc.id and child["filename"] == "signed-mou.pdf"
    assert {"type": "attachment_of", "id": doc.id, "score": None} in child["related"]


def test_exact_duplicate_is_recorded_against_the_first_copy(tmp_path, store, config):
    first = make_pdf(tmp_path / "a.pdf")
    second = tmp_path / "copy-of-a.pdf"
    second.write_bytes(first.read_bytes())
    doc1, out1 = ingest_file(store, config, str(first))
    _, out2 = ingest_file(store, config, str(second))
    assert out1.status == "stored" and out2.status == "duplicate" and out2.duplicate_of == doc1.id
    assert document_record(store, doc1.id)["source_paths"] == [str(first.resolve()), str(second.resolve())]


def test_show_json_reports_the_read_out_fields(tmp_path, store, config):
    from web.cli import cli
    doc, _ = ingest_file(store, config, str(make_pdf(tmp_path / "mou.pdf")))
    result = CliRunner().invoke(cli, ["--home", str(config.home), "show", str(doc.id), "--json", "--with-text"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    for key in ("id", "sha256", "filename", "mime", "pages", "title", "page_sources", "ocr_confidence",
                "duplicate_of", "ingested_at", "text"):
        assert key in record
    assert record["mime"] == "application/pdf" and record["pages"] == 1 and record["page_sources"] == ["text"]
    assert record["title"] and "Homeland" in record["text"][0]["text"]


def test_filled_form_fields_are_part_of_the_page_text(tmp_path, config):
    # e.g. the 2025 287(g) MOAs: the agency's name is typed into a form field on a blank line
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas
    path = tmp_path / "form.pdf"
    pdf = canvas.Canvas(str(path), pagesize=letter)
    pdf.setFont("Helvetica", 12)
    pdf.drawString(72, 700, "This agreement is made between the agency and the ____________________.")
    pdf.drawString(72, 680, "The parties agree to share information under the Privacy Act of 1974.")
    pdf.acroForm.textfield(name="agency", value="Etowah County Sheriff", x=300, y=695, width=200, height=18,
                           borderWidth=0, fontSize=10)
    pdf.showPage()
    pdf.save()
    prepared = prepare_file(str(path), str(path), Limits.from_config(config))
    assert "Etowah County Sheriff" in prepared.doc.text
    assert prepared.ocr_tasks == []


def test_a_word_hyphenated_at_a_lines_end_is_read_whole(tmp_path, config):
    # pdfium gives that hyphen as U+FFFE and runs the lines together: "effec\ufffetive" would match no cue or query
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas
    path = tmp_path / "hyphenated.pdf"
    pdf = canvas.Canvas(str(path), pagesize=letter)
    pdf.setFont("Helvetica", 11)
    for y, line in ((700, "This Memorandum of Understanding shall be effec-"), (686, "tive on July 1, 2025 between the"),
                    (672, "City of Winston-"), (658, "Salem and the county.")):
        pdf.drawString(72, y, line)
    pdf.showPage()
    pdf.save()
    text = prepare_file(str(path), str(path), Limits.from_config(config)).doc.text
    assert "\ufffe" not in text
    assert "effective on July 1, 2025" in text and "Winston-Salem" in text


def test_scan_with_a_small_added_text_layer_is_still_ocrd(tmp_path, config):
    # e.g. a scanned 287(g) signature page on which ICE's digital signature block was typed:
    # the text layer holds ~80 characters, the agency's signature is only in the image
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    from test_ingest_samples import page_image
    path = tmp_path / "signed-scan.pdf"
    pdf = canvas.Canvas(str(path), pagesize=letter)
    pdf.drawImage(ImageReader(page_image(dpi=72)), 0, 0, width=letter[0], height=letter[1])
    pdf.drawString(320, 100, "March 7, 2025  Todd M. Lyons, Acting Director, U.S. Immigration")
    pdf.showPage()
    pdf.save()
    prepared = prepare_file(str(path), str(path), Limits.from_config(config))
    assert [t.index for t in prepared.ocr_tasks] == [0]
    assert prepared.doc.pages[0].quality_note.startswith("scanned page with only")
    born_digital = make_pdf(tmp_path / "plain.pdf")   # text without a page-sized image: kept
    assert prepare_file(str(born_digital), "x", Limits.from_config(config)).ocr_tasks == []


def test_a_pdfs_own_properties_are_kept_searchable_and_survive_reextraction(tmp_path, store, config):
    from reportlab.pdfgen import canvas

    from corpus.access import Principal
    from search import SearchIndex
    from search.source import StoreSource
    from web.cli import cli

    path = tmp_path / "dfs.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setTitle("287(g) MOA TF - Florida Dept of Financial Services")
    pdf.setAuthor("ICE ERO")   # Subject stays ReportLab's placeholder "unspecified": not kept
    pdf.drawString(72, 700, "This agreement between ICE and the DFS, Criminal Investigations Division")
    pdf.showPage()
    pdf.save()
    doc_id = ingest_file(store, config, str(path))[0].id
    record = document_record(store, doc_id)
    assert record["properties"] == {"title": "287(g) MOA TF - Florida Dept of Financial Services",
                                    "author": "ICE ERO"}
    # the text's fields are redone, the file's kept
    done = CliRunner().invoke(cli, ["--home", str(config.home), "reextract", "--id", str(doc_id)])
    assert done.exit_code == 0, done.output
    assert document_record(store, doc_id)["properties"]["author"] == "ICE ERO"
    index = SearchIndex(config.index_dir, StoreSource(store))
    index.rebuild()
    searcher = Principal("alice", "searcher")
    assert [h.id for h in index.search("florida financial services", principal=searcher).hits] == [doc_id]
    assert [h.id for h in index.search("properties:ERO", principal=searcher).hits] == [doc_id]
    # the text has no title line (its one line is a sentence), so the file's own Title property is the title
    assert [h.id for h in index.search("title:florida", principal=searcher).hits] == [doc_id]
