"""Headless Chromium: the document viewer (issue 15, item 4). A hit marked on a scanned (OCR'd)
page, zoom and page navigation by buttons and keys, no broken image for any kind of document,
no sideways scrolling at phone and desktop widths."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from corpus import audit
from ingest.pipeline import ingest_file

expect = pytest.importorskip("playwright.sync_api").expect

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from test_ingest_samples import make_docx, make_image, page_image  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCAN_LINES = [["MEMORANDUM OF UNDERSTANDING", "between the Department and the County Sheriff",
               "on the exchange of records."],
              ["ARTICLE II", "The Sheriff keeps a quarterly reconciliation", "of every record exchanged."]]
IMAGE_SIZES_JS = "els => els.map(e => [e.getAttribute('src'), e.complete, e.naturalWidth])"
WIDTH_JS = "() => [document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]"


def _ingest(live_server, path: Path) -> int:
    services = live_server["services"]
    _, outcome = ingest_file(services.store, services.config.replace(ACCORD_OCR_DPI=150), str(path), owner="rita",
                             on_stored=services.document_changed)
    return outcome.document_id or outcome.duplicate_of


@pytest.fixture(scope="module")
def documents(live_server, tmp_path_factory):
    """One document of each kind, ingested the way users' files are (the scan through Tesseract)."""
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    folder = tmp_path_factory.mktemp("viewer-docs")
    scan = folder / "sheriff-scan.pdf"
    pdf = canvas.Canvas(str(scan), pagesize=letter)
    for lines in SCAN_LINES:   # image-only pages, like copier output
        pdf.drawImage(ImageReader(page_image(lines, dpi=150)), 0, 0, width=letter[0], height=letter[1])
        pdf.showPage()
    pdf.save()
    text = folder / "letter.txt"
    text.write_text("".join(f"Clause {i}: the county keeps the records.\n" for i in range(1, 90)))
    mail = folder / "note.eml"
    mail.write_text("From: clerk@county.example\nTo: records@agency.example\nSubject: Exchange schedule\n\n"
                    "The exchange schedule for the sheriff is below.\n")
    return {"pdf": _ingest(live_server, scan), "txt": _ingest(live_server, text), "eml": _ingest(live_server, mail),
            "docx": _ingest(live_server, make_docx(folder / "annex.docx")),
            "png": _ingest(live_server, make_image(folder / "fax.png", "PNG", dpi=150))}


@pytest.mark.ocr
def test_viewer_marks_a_hit_on_a_scanned_page_zooms_and_turns_pages(open_as, live_server, documents):
    doc_id = documents["pdf"]
    page = open_as("sam")
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{live_server['url']}/documents/{doc_id}?q=reconciliation")
    sheet = page.locator("section.sheet.current")
    expect(sheet).to_have_attribute("data-page", "2")            # opens on the page with the hit
    expect(page.locator(".v-number")).to_have_value("2")
    image = sheet.locator("img.page-img")
    expect(image).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    box = sheet.locator(".hit-box.placed")
    expect(box).to_have_count(1)
    hit, img = box.bounding_box(), image.bounding_box()
    # on the image, on the second of its three lines (page_image draws them 30 pt apart from y=720)
    assert img["x"] <= hit["x"] and hit["x"] + hit["width"] <= img["x"] + img["width"]
    assert 0.05 < (hit["y"] - img["y"]) / img["height"] < 0.2 and hit["width"] > 40
    # zoom: the buttons and the keys scale the page and its marks together
    page.click(".v-in")
    expect(page.locator(".v-level")).to_have_text("125%")
    wider = image.bounding_box()
    assert wider["width"] == pytest.approx(img["width"] * 1.25, rel=0.02)
    assert box.bounding_box()["width"] == pytest.approx(hit["width"] * 1.25, rel=0.05)
    page.keyboard.press("-")
    expect(page.locator(".v-level")).to_have_text("100%")
    # previous page by button, next by key
    page.click(".v-prev")
    expect(page.locator("section.sheet.current")).to_have_attribute("data-page", "1")
    expect(page.locator(".v-number")).to_have_value("1")
    expect(page.locator("section.sheet.current img.page-img")).to_be_visible()
    expect(page.locator(".v-prev")).to_be_disabled()
    page.keyboard.press("ArrowRight")
    expect(page.locator("section.sheet.current")).to_have_attribute("data-page", "2")
    # each page viewed is one audited event; the thumbnails are in the page view's event
    events = audit.events(live_server["services"].store, actor="sam", target=str(doc_id))
    assert sorted(e["details"]["page"] for e in events if e["action"] == "page") == [1, 2]
    assert [e["details"].get("thumbnails") for e in events if e["action"] == "view"] == [2]


@pytest.mark.ocr
@pytest.mark.parametrize("kind", ["pdf", "txt", "eml", "docx", "png"])
def test_no_broken_image_on_the_document_page(open_as, live_server, documents, kind):
    page = open_as("sam")
    page.goto(f"{live_server['url']}/documents/{documents[kind]}")
    page.wait_for_load_state("networkidle")
    for thumb in page.locator("nav.thumbs img").all():
        thumb.scroll_into_view_if_needed()   # lazy thumbnails load when shown
    page.wait_for_load_state("networkidle")
    images = page.locator("img").evaluate_all(IMAGE_SIZES_JS)
    broken = [src for src, complete, width in images if not complete or width == 0]
    assert broken == [], f"{kind}: broken images {broken}"
    if kind in ("pdf", "png"):
        assert any("/pages/1.png" in src for src, _, _ in images)   # the page itself is shown
    else:
        assert page.locator("section.sheet.current pre.text-sheet").inner_text().strip()


@pytest.mark.ocr
@pytest.mark.parametrize("width", (390, 1400))
def test_viewer_fits_the_viewport_even_zoomed_in(open_as, live_server, documents, width):
    page = open_as("sam")
    page.set_viewport_size({"width": width, "height": 900})
    for kind in ("pdf", "txt"):
        page.goto(f"{live_server['url']}/documents/{documents[kind]}?q=records")
        for _ in range(5):
            page.click(".v-in")
        expect(page.locator(".v-level")).to_have_text("300%")
        document_width, body_width, viewport = page.evaluate(WIDTH_JS)
        assert max(document_width, body_width) <= viewport, (kind, width, document_width, body_width)


@pytest.mark.ocr
@pytest.mark.parametrize("kind", ("pdf", "docx"))
def test_on_a_phone_the_document_comes_first_and_its_format_is_in_words(open_as, live_server, documents, kind):
    """A new user opening a document without a search on a phone saw tags, metadata and history
    first and the page ~2,400 px down; the header showed a raw MIME type."""
    page = open_as("sam")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server['url']}/documents/{documents[kind]}")
    sheet = page.locator("section.sheet.current")
    expect(sheet).to_be_visible()
    assert sheet.bounding_box()["y"] < 844, "the page itself starts within the first screen"
    assert page.locator("#viewer").bounding_box()["y"] < page.locator("#tags").bounding_box()["y"]
    details = page.get_by_role("link", name="Tags and details")
    expect(details).to_be_visible()                      # and one tap leads to the tags and metadata
    meta = page.locator(".doc-head .meta").inner_text()
    assert {"pdf": "PDF", "docx": "Word document (DOCX)"}[kind] in meta
    assert "application/" not in meta
    assert "1 pages" not in meta
    # a text page shown whole is a "Page", as the header counts it ("Sheet" only for parts of one)
    assert page.locator(".v-goto").inner_text().startswith("Page")


TOP_JS = """() => [document.querySelector('section.sheet.current h2').getBoundingClientRect().top,
                   document.querySelector('.viewer-bar').getBoundingClientRect().bottom]"""
IMAGE_LOADED_JS = "() => { const i = document.querySelector('section.sheet.current img'); return i && i.complete; }"
# What the user sees once nothing more is coming: every image of the viewer (the thumbnails above
# the page included) loaded and the fonts in ...
LOADED_JS = """() => Array.from(document.querySelectorAll('#viewer img')).every(i => i.complete)
                     && document.fonts.status === 'loaded'"""
# ... and then two frames, in which the viewer's ResizeObservers run (a layout forced from a test's
# script between frames shows what no frame painted). The page's and the bar's tops, after them.
SETTLED_TOPS_JS = """async () => {
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    return [document.querySelector('section.sheet.current').getBoundingClientRect().top,
            document.querySelector('.viewer-bar').getBoundingClientRect().bottom];
}"""
# A font that arrives late and makes the bar's buttons bigger: it wraps into a third row (set through
# the CSSOM, which the page's CSP allows; a <style> it blocks).
LATE_FONT_JS = """() => document.querySelectorAll('.viewer-bar, .viewer-bar button, .viewer-bar input')
                         .forEach(e => { e.style.fontSize = '24px'; })"""


def _hold_thumbnails(page):
    """The thumbnails sit above the page: their responses are held, as on a slow link, until the
    test calls the returned release(), after the jump to the page (each grows by ~90 px then)."""
    held, released = [], []

    def handle(route):
        if released:
            route.continue_()
        else:
            held.append(route)

    def release():
        released.append(True)
        for route in held:
            route.continue_()
    page.route(lambda url: "/pages/" in url and "size=thumb" in url, handle)
    return release


@pytest.mark.ocr
@pytest.mark.parametrize("how", ("next", "link"))
def test_on_a_phone_a_page_turned_to_starts_below_the_sticky_toolbar(open_as, live_server, documents, how):
    """At 390 px the toolbar is two rows and stays at the top when scrolled: a page reached by Next
    after reading down, or by a link to it (a search result's #page-N), must start below the bar (its
    heading sat under the bar, or above the screen once the page's image loaded and the browser kept
    the text below the image in place). A linked page stays just below the bar while the thumbnails
    above it arrive late and the bar grows after the jump (the heading was once 56 px from the top
    under a 66 px bar; with the thumbnails held back it was 127 px below the bar)."""
    page = open_as("sam")
    page.set_viewport_size({"width": 390, "height": 844})
    url = f"{live_server['url']}/documents/{documents['pdf']}"
    if how == "next":
        page.goto(url)
        page.wait_for_function(IMAGE_LOADED_JS)
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")   # read down to the page's end
        page.click(".v-next")
    else:
        release_thumbnails = _hold_thumbnails(page)
        page.goto(f"{url}#page-2")
    expect(page.locator(".v-number")).to_have_value("2")
    page.wait_for_function(IMAGE_LOADED_JS)
    if how == "link":
        release_thumbnails()
        page.wait_for_function(LOADED_JS)   # (wait_for_function takes a promise for true: no async here)
        sheet, bar = page.evaluate(SETTLED_TOPS_JS)
        assert bar <= sheet <= bar + 16, ("thumbnails arrived", sheet, bar)   # the scroll margin's .8rem
        page.evaluate(LATE_FONT_JS)
        sheet, taller_bar = page.evaluate(SETTLED_TOPS_JS)
        assert taller_bar > bar + 20 and taller_bar <= sheet <= taller_bar + 16, ("late font", sheet, taller_bar)
    heading, bar = page.evaluate(TOP_JS)
    assert bar <= heading < 844, (how, heading, bar)
