"""A tiny corpus and one account per role for the web tests (unit and browser).

Documents are small real PDFs (reportlab) stored straight into the store, so page
images render, downloads work and the search index can be rebuilt from the store.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from corpus import accounts
from corpus.document import FILE_PROPERTY, Document, Evidence, ExtractedField, Page
from corpus.documents import save_document, set_visibility
from corpus.store import Store

PASSWORD = "correct-horse-9"
ROLE_USERS = {"sam": "searcher", "rita": "records", "rex": "reviewer", "ada": "admin", "aud": "auditor"}

PAGES = {
    "mou-texas.pdf": ("Memorandum of Understanding between the Department and the State of Texas",
                      ["This Memorandum of Understanding sets out the terms of cooperation.",
                       "The parties agree to exchange biometric records for identity verification.",
                       "This agreement expires on 2031-06-30 unless renewed."]),
    "moa-ohio.pdf": ("Memorandum of Agreement with the State of Ohio",
                     ["Memorandum of Agreement for a pilot project on records retention.",
                      "Ohio shall maintain an audit trail of each access."]),
    "secret-pilot.pdf": ("Restricted pilot agreement with the Zephyr Agency",
                         ["Pilot project agreement with the Zephyr Agency concerning telemetry.",
                          "Only named staff may read this document."]),
}


@dataclass
class WebCorpus:
    ids: dict[str, int]          # filename -> document id
    restricted_id: int


def make_pdf(pages: list[str]) -> bytes:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    for text in pages:
        pdf.drawString(72, 700, text)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def add_users(store: Store) -> None:
    for name, role in ROLE_USERS.items():
        accounts.add_user(store, name, role, PASSWORD, groups=["staff"] if role == "searcher" else [])
    accounts.add_user(store, "owen", "records", PASSWORD, groups=["zephyr-team"])


def add_documents(store: Store) -> WebCorpus:
    ids = {}
    for filename, (title, pages) in PAGES.items():
        data = make_pdf(pages)
        sha, _ = store.keep_original_bytes(data)
        doc = Document(source_path=f"/incoming/{filename}", filename=filename, sha256=sha, size=len(data),
                       mime="application/pdf", title=title, owner="owen",
                       pages=[Page(number=i, text=t, width=612, height=792) for i, t in enumerate(pages, 1)])
        start = pages[0].find("State of") if "State of" in pages[0] else 0
        doc.fields = [ExtractedField("party", title.split("with the ")[-1].split("between the ")[-1],
                                     evidence=Evidence(1, max(0, start), max(0, start) + 8)),
                      ExtractedField(FILE_PROPERTY, "Office of Records", extractor="pdf:info", attributes={"key": "author"})]
        if "2031-06-30" in " ".join(pages):
            at = pages[2].find("2031-06-30")
            doc.fields.append(ExtractedField("expiry_date", "2031-06-30", "2031-06-30", Evidence(3, at, at + 10)))
        doc_id, _ = save_document(store, doc)
        ids[filename] = doc_id
    restricted = ids["secret-pilot.pdf"]
    set_visibility(store, restricted, public=False, users=["owen"], groups=["zephyr-team"])
    return WebCorpus(ids=ids, restricted_id=restricted)


def add_text_document(services, name: str, owner: str, text: str) -> int:
    """One plain-text document, stored and indexed as ingest leaves it."""
    data = text.encode()
    sha, _ = services.store.keep_original_bytes(data)
    doc_id, _ = save_document(services.store, Document(
        source_path=f"/incoming/{name}", filename=name, sha256=sha, size=len(data), mime="text/plain",
        title=name, owner=owner, pages=[Page(number=1, text=text)]))
    services.document_changed(doc_id)
    return doc_id

