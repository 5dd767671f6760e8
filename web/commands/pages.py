"""`accord pages boxes`: word boxes for documents stored before ingest kept them."""
from __future__ import annotations

import click

from corpus import audit
from corpus.documents import document_ids, load_document, require_known_document
from corpus.page_words import has_page_words, replace_page_words
from web.services import Services


def register(cli: click.Group) -> None:
    cli.add_command(pages)


@click.group()
def pages() -> None:
    """Page-level data kept beside the text (word boxes for marking hits on page images)."""


@pages.command("boxes")
@click.option("--id", "ids", multiple=True, help="Only this document (repeatable). Default: every document.")
@click.option("--force", is_flag=True, help="Compute them again for documents that already have word boxes.")
@click.option("--no-ocr", is_flag=True, help="Skip OCR'd pages and images (they need a Tesseract pass per page).")
@click.pass_obj
def boxes(services: Services, ids: tuple[str, ...], force: bool, no_ocr: bool) -> None:
    """Compute the word boxes of stored documents from their originals (PDF text layer; Tesseract
    for OCR'd pages and images), so search hits are marked on their page images."""
    from ingest.pipeline import Limits
    from ingest.word_boxes import word_boxes
    store = services.store
    limits = Limits.from_config(services.config)
    targets = [require_known_document(store, i) for i in ids] if ids else list(document_ids(store))
    done = skipped = 0
    for doc_id in targets:
        if not force and has_page_words(store, doc_id):
            skipped += 1
            continue
        doc = load_document(store, doc_id)
        with store.original_file(doc.sha256) as original:   # a local copy when the blobs are in S3
            doc.original_path = str(original)
            found = word_boxes(doc, limits, with_ocr=not no_ocr)
        if not found:
            continue
        replace_page_words(store, doc_id, found)
        audit.record(store, services.cli_actor(), "reextract", str(doc_id),
                     details={"via": "cli", "word_boxes": len(found)})
        done += 1
    click.echo(f"word boxes for {done} document(s); {skipped} already had them")
