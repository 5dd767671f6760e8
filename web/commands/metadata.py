"""`accord reextract`: run metadata extraction again over stored page text (never re-OCR)."""
from __future__ import annotations

import logging

import click

from corpus import audit
from corpus.documents import document_ids, load_document, replace_fields, require_known_document
from web.services import Services

log = logging.getLogger("accord.metadata")


def register(cli: click.Group) -> None:
    cli.add_command(reextract)


@click.command()
@click.option("--id", "ids", multiple=True, help="Only this document (repeatable). Default: every document.")
@click.option("--no-relations", is_flag=True, help="Do not look for amendment and near-duplicate links again.")
@click.pass_obj
def reextract(services: Services, ids: tuple[str, ...], no_relations: bool) -> None:
    """Re-run metadata extraction on stored documents from their stored text, then reindex them."""
    from ingest.metadata import EXTRACTION_VERSION, extract_metadata
    from ingest.relations import link_document
    store = services.store
    targets = [require_known_document(store, i) for i in ids] if ids else document_ids(store)
    done = 0
    with services.changes_in_batches() as changed:
        for doc_id in targets:
            doc = load_document(store, doc_id)
            extract_metadata(doc)   # replaces the text's fields; keeps the file's own properties
            replace_fields(store, doc_id, doc.fields, title=doc.title or None, extraction_version=EXTRACTION_VERSION)
            if not no_relations:
                link_document(store, doc_id)
            changed(doc_id)
            audit.record(store, services.cli_actor(), "reextract", str(doc_id),
                         details={"via": "cli", "extraction_version": EXTRACTION_VERSION,
                                  "relations": not no_relations})
            done += 1
    click.echo(f"re-extracted {done} document(s) (extraction version {EXTRACTION_VERSION})")
