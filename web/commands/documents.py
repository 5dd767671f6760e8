"""`accord show` and `accord export`: the read-out for other tools."""
from __future__ import annotations

import json

import click

from corpus import audit

from corpus.documents import document_ids, document_record, require_known_document
from web.services import Services


def register(cli: click.Group) -> None:
    cli.add_command(show)
    cli.add_command(export)


@click.command()
@click.argument("document_id")
@click.option("--json", "as_json", is_flag=True, help="Print the full JSON record.")
@click.option("--with-text", is_flag=True, help="Include the text of every page.")
@click.pass_obj
def show(services: Services, document_id: str, as_json: bool, with_text: bool) -> None:
    """Show one document's record."""
    doc_id = require_known_document(services.store, document_id)
    record = document_record(services.store, doc_id, with_text=with_text)
    audit.record(services.store, services.cli_actor(), "view", str(doc_id), details={"via": "cli"})
    if as_json:
        click.echo(json.dumps(record, indent=2, ensure_ascii=False, default=str))
        return
    for key in ("id", "filename", "title", "mime", "pages", "sha256", "ocr_confidence", "ingested_at"):
        click.echo(f"{key:>15}: {record[key]}")
    click.echo(f"{'page sources':>15}: {' '.join(record['page_sources'])}")
    for f in record["fields"]:
        where = f" (p.{f['evidence']['page']})" if f["evidence"] else ""
        click.echo(f"{f['name']:>15}: {f['value']}{where}")
    if with_text:
        for page in record["text"]:
            click.echo(f"\n--- page {page['page']} ---\n{page['text']}")


@click.command()
@click.option("--jsonl", is_flag=True, default=True, help="One JSON object per line (the only format).")
@click.option("--with-text", is_flag=True, help="Include the text of every page.")
@click.pass_obj
def export(services: Services, jsonl: bool, with_text: bool) -> None:
    """Export every document's record, one JSON line each (streamed)."""
    audit.record(services.store, services.cli_actor(), "export", "documents",
                 details={"via": "cli", "with_text": with_text})
    for doc_id in document_ids(services.store):
        record = document_record(services.store, doc_id, with_text=with_text)
        click.echo(json.dumps(record, ensure_ascii=False, default=str))
