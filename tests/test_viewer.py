"""The document viewer (issue #15, item 4): word boxes stored at ingest, hits marked on page
images by the one matcher, text documents shown as sheets, thumbnails audited once."""
from __future__ import annotations

import io
import re

import pytest
from click.testing import CliRunner
from PIL import Image, ImageOps

from corpus import audit
from corpus.page_words import decode_words, page_words
from corpus.records.purge import purge_rows, purged
from ingest import pdf
from ingest.ocr import tsv_word_boxes, unturned
from ingest.pipeline import ingest_file
from search.analysis import stems
from search.snippets import word_spans
from web_standins import client_for, web  # noqa: F401  (the web fixture: real store, stand-in index)
from web.cli import cli
from web.viewer import SHEET_LINES, hit_boxes, sheet_ranges


def _pdf(pages: list[tuple[str, int]]) -> bytes:
    """One word per page, drawn large at a known place; the int is the page's /Rotate."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas
    buffer = io.BytesIO()
    doc = canvas.Canvas(buffer, pagesize=letter)
    for text, rotation in pages:
        doc.setPageRotation(rotation)
        doc.setFont("Helvetica", 28)
        doc.drawString(100, 300, text)
        doc.showPage()
    doc.save()
    return buffer.getvalue()


def _ink_box(image: Image.Image) -> tuple[float, float, float, float]:
    left, top, right, bottom = ImageOps.invert(image.convert("L")).point(lambda v: 255 if v > 60 else 0).getbbox()
    return left / image.width, top / image.height, right / image.width, bottom / image.height


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_text_layer_word_boxes_sit_on_the_ink_of_the_rendered_page(tmp_path, rotation):
    path = tmp_path / "one.pdf"
    path.write_bytes(_pdf([("Biometric", rotation)]))
    document, _ = pdf.open_pdf(path)
    try:
        pages, _, _ = pdf.text_layer(document, 10, "one.pdf")
        image = document[0].render(scale=1).to_pil()
    finally:
        document.close()
    [(word, x0, y0, x1, y1)] = decode_words(pages[0].words)
    assert word == "Biometric"
    ink = _ink_box(image)
    # the box holds the ink (font ascent to descent is a little taller than the letters) ...
    assert x0 - 0.01 <= ink[0] and ink[2] <= x1 + 0.01 and y0 - 0.01 <= ink[1] and ink[3] <= y1 + 0.01
    # ... and is not much larger than it
    assert (x1 - x0) * (y1 - y0) < 2.5 * (ink[2] - ink[0]) * (ink[3] - ink[1])


def test_a_word_broken_over_two_lines_gets_a_box_on_each_line(tmp_path):
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas
    path = tmp_path / "broken.pdf"
    doc = canvas.Canvas(str(path), pagesize=letter)
    text = doc.beginText(72, 700)
    text.setFont("Helvetica", 12)
    text.textLine("the result-")
    text.textLine("dependent fee")
    doc.drawText(text)
    doc.save()
    document, _ = pdf.open_pdf(path)
    try:
        pages, _, _ = pdf.text_layer(document, 10, "broken.pdf")
    finally:
        document.close()
    for word, x0, y0, x1, y1 in decode_words(pages[0].words):
        assert y1 - y0 < 0.03, (word, y0, y1)   # one line tall (12 pt of 792), never both lines
    assert any(w[0].startswith("dependent") for w in decode_words(pages[0].words))


def test_ocr_boxes_are_shares_of_the_image_and_turned_back_to_the_page():
    tsv = ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
           "5\t1\t1\t1\t1\t1\t100\t50\t200\t20\t96\tAgreement\n"
           "5\t1\t1\t1\t1\t2\t310\t50\t10\t20\t95\t \n")
    [box] = tsv_word_boxes(tsv, (1000, 500))
    assert box == ("Agreement", 0.1, 0.1, 0.3, 0.14)
    # read on the image turned 90 degrees clockwise: the page's top-left corner is the image's top-right
    [(word, x0, y0, x1, y1)] = unturned([("w", 0.9, 0.0, 1.0, 0.2)], 90)
    assert (x0, y0, x1, y1) == pytest.approx((0.0, 0.0, 0.2, 0.1))
    assert unturned([("w", 0.1, 0.2, 0.3, 0.4)], 0) == [("w", 0.1, 0.2, 0.3, 0.4)]
    [(_, *back)] = unturned(unturned([("w", 0.1, 0.2, 0.3, 0.4)], 180), 180)
    assert back == pytest.approx([0.1, 0.2, 0.3, 0.4])


def test_hit_boxes_are_the_words_the_one_highlighter_marks():
    words = [("The", 0, 0, .1, .1), ("Parties,", .2, 0, .3, .1), ("agreed", .4, 0, .5, .1),
             ("party-to-party", .6, 0, .7, .1), ("partial", .8, 0, .9, .1)]
    wanted = set(stems("party"))
    text = " ".join(w[0] for w in words)
    marked_in_text = {text[b:e] for b, e in word_spans(text, wanted)}
    boxes = hit_boxes(words, wanted)
    assert boxes == [(.2, 0, .3, .1), (.6, 0, .7, .1)]
    assert marked_in_text == {"Parties", "party", "party"} or marked_in_text == {"Parties", "party"}
    assert hit_boxes(words, set()) == [] and hit_boxes([], wanted) == []


def test_text_pages_are_cut_into_sheets_at_line_breaks():
    text = "".join(f"line {i} of the agreement\n" for i in range(1, 2 * SHEET_LINES + 11))
    ranges = sheet_ranges(text)
    assert len(ranges) == 3 and ranges[0][0] == 0 and ranges[-1][1] == len(text)
    assert all(text[end - 1] == "\n" for _, end in ranges)
    assert "".join(text[a:b] for a, b in ranges) == text
    long_line = "word " * 5000
    assert all(long_line[b - 1] == " " for _, b in sheet_ranges(long_line)[:-1])


def test_word_boxes_are_stored_at_ingest_and_purged_with_the_page_texts(store, config, tmp_path):
    path = tmp_path / "mou.pdf"
    path.write_bytes(_pdf([("Memorandum", 0), ("Biometric", 0)]))
    doc, outcome = ingest_file(store, config, str(path))
    stored = page_words(store, outcome.document_id)
    assert [w[0] for w in stored[2]] == ["Biometric"]
    with store.session() as session:
        purge_rows(session, outcome.document_id, state="destroyed", by="test")
    with store.session() as session:
        assert purged(session, outcome.document_id)
    assert page_words(store, outcome.document_id) == {}


def _hit_boxes_in(html: str) -> list[str]:
    return re.findall(r'class="hit-box" data-box="([^"]+)"', html)


def test_document_page_marks_hits_on_the_page_image_after_the_backfill(web):  # noqa: F811
    app, services, corpus = web
    doc_id = corpus.ids["mou-texas.pdf"]
    sam = client_for(app, "sam")
    before = sam.get(f"/documents/{doc_id}?q=biometric").text
    assert _hit_boxes_in(before) == []   # stored before boxes existed
    assert "was not stored" in before     # the viewer does not claim marks it cannot draw
    result = CliRunner().invoke(cli, ["--home", str(services.config.home), "pages", "boxes"])
    assert result.exit_code == 0, result.output
    assert "word boxes for 3 document(s)" in result.output
    html = sam.get(f"/documents/{doc_id}?q=biometric").text
    boxes = _hit_boxes_in(html)
    assert len(boxes) == 1 and "was not stored" not in html
    page2 = html[html.index('id="page-2"'):html.index('id="page-3"')]
    assert boxes[0] in page2 and "<mark class=\"hit\">biometric</mark>" in page2
    x0, y0, x1, y1 = map(float, boxes[0].split(","))
    assert 0 < x0 < x1 < 1 and 0 < y0 < y1 < 0.3   # drawn near the top of the page (y=700 of 792)
    # no bare PNG links: the viewer is the way to a page image
    assert "page-image-link" not in html and 'data-src="/documents/%d/pages/2.png"' % doc_id in html


def test_thumbnails_shown_by_the_document_page_are_one_audited_view(web):  # noqa: F811
    app, services, corpus = web
    doc_id = corpus.ids["mou-texas.pdf"]
    sam = client_for(app, "sam")
    html = sam.get(f"/documents/{doc_id}").text
    thumbs = re.findall(r'<img src="(/documents/%d/pages/\d\.png\?[^"]+)"' % doc_id, html)
    assert len(thumbs) == 3 and all("size=thumb" in t and "pass=" in t for t in thumbs)
    for url in thumbs:
        assert sam.get(url.replace("&amp;", "&")).status_code == 200
    events = audit.events(services.store, actor="sam", target=str(doc_id))
    assert [e["action"] for e in events] == ["view"] and events[0]["details"]["thumbnails"] == 3
    # the pass is the caller's own: another user's request with it, or a thumbnail without it, is audited
    rex = client_for(app, "rex")
    assert rex.get(thumbs[0].replace("&amp;", "&")).status_code == 200
    assert sam.get(f"/documents/{doc_id}/pages/1.png?size=thumb").status_code == 200
    pages = [e for e in audit.events(services.store, target=str(doc_id)) if e["action"] == "page"]
    assert sorted(e["actor"] for e in pages) == ["rex", "sam"]


def test_text_and_mail_documents_are_shown_as_sheets_without_images(web, tmp_path):  # noqa: F811
    app, services, corpus = web
    txt = tmp_path / "letter.txt"
    txt.write_text("".join(f"Clause {i}: the parties keep the records.\n" for i in range(1, 131))
                   + "The telemetry annex closes the letter.\n")
    eml = tmp_path / "note.eml"
    eml.write_text("From: a@example.gov\nTo: b@example.gov\nSubject: Annex\n\nThe telemetry annex is attached.\n")
    ids = [ingest_file(services.store, services.config, str(p), owner="sam",
                       on_stored=services.document_changed)[1].document_id for p in (txt, eml)]
    sam = client_for(app, "sam")
    letter = sam.get(f"/documents/{ids[0]}?q=telemetry").text
    assert "<img" not in letter.split('id="viewer"')[1]
    assert letter.count('<section class="page sheet') == 3 and 'data-kind="text"' in letter
    last = letter[letter.index('data-sheet="3" data-page="1"'):]
    assert '<mark class="hit">telemetry</mark>' in last and "lines 121-131" in last
    assert 'data-first-sheet="3"' in letter
    note = sam.get(f"/documents/{ids[1]}").text
    assert "<img" not in note.split('id="viewer"')[1] and "telemetry annex" in note
    # each thumbnail is a miniature of its sheet's words, its number written once (the caption)
    thumbs = re.findall(r'<a href="#[^"]+" class="thumb[^"]*" data-sheet="\d+">(.*?)</a>', letter, re.S)
    assert len(thumbs) == 3
    for number, thumb in enumerate(thumbs, 1):
        assert re.findall(r">\s*(\d+)(?: · \d+)?\s*<", thumb) == [str(number)]   # "3 · 1": sheet 3, one hit
    assert "Clause 1: the parties" in thumbs[0] and "Clause 61:" in thumbs[1]
