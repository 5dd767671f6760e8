"""`accord reextract`: run metadata extraction again over stored page text (never re-OCR)."""
from __future__ import annotations

import logging

import click

from corpus.documents import document_ids, require_known_document
from corpus.errors import AccordError
from web.services import Services

log = logging.getLogger("accord.metadata")


def register(cli: click.Group) -> None:
    cli.add_command(reextract)


@click.command()
@click.option("--id", "ids", multiple=True, help="Only this document (repeatable). Default: every document.")
@click.option("--no-relations", is_flag=True, help="Do not look for amendment and near-duplicate links again.")
@click.pass_obj
def reextract(services: Services, ids: tuple[str, ...], no_relations: bool) -> None:
    """Re-run metadata extraction on stored documents from their stored text, then reindex them.
    With ACCORD_BROKER_URL set, workers do it (ingest queue; the index writer reindexes)."""
    from ingest.metadata import EXTRACTION_VERSION
    store = services.store
    targets = [require_known_document(store, i) for i in ids] if ids else document_ids(store)
    if services.config["ACCORD_BROKER_URL"]:
        from web.queue_jobs import reextract_on_queue
        done, failed = reextract_on_queue(services.config, list(targets), actor=services.cli_actor(),
                                          relations=not no_relations)
        for doc_id, reason in sorted(failed.items()):
            click.echo(f"FAILED document {doc_id}: {reason}", err=True)
    else:
        done, failed = 0, {}
        with services.changes_in_batches() as changed:
            for doc_id in targets:
                services.reextract(doc_id, actor=services.cli_actor(), relations=not no_relations)
                changed(doc_id)
                done += 1
    click.echo(f"re-extracted {done} document(s) (extraction version {EXTRACTION_VERSION})")
    if failed:
        raise AccordError(f"{len(failed)} document(s) could not be re-extracted",
                          hint="The reasons are above; run `accord reextract --id ID` again for them.")
