"""`accord fields`: list and correct a document's metadata values (parties, dates with their
role, title, term, expiry). A correction is stored as confirmed by `cli:<OS user>`, audited,
reindexed, and kept by `accord reextract` (the same path as the document page and the API)."""
from __future__ import annotations

import json

import click

from corpus import audit
from corpus.access import Principal
from corpus.documents import document_record, field_record, require_known_document
from corpus.field_corrections import CORRECTABLE, DATE_ROLES, REMOVE, SET
from web.services import Services


def register(cli: click.Group) -> None:
    cli.add_command(fields)


@click.group()
def fields() -> None:
    """List and correct a document's metadata values."""


def _operator(services: Services) -> Principal:
    """The operator on the server itself corrects as an administrator, under their OS account's name."""
    return Principal(services.cli_actor(), "admin")


def _print(values: list[dict]) -> None:
    for f in values:
        role = (f.get("attributes") or {}).get("role")
        name = f"{f['name']} ({role})" if role and f["name"] == "date" else f["name"]
        where = f" (p.{f['evidence']['page']})" if f.get("evidence") else ""
        confirmed = f"  [confirmed by {f['confirmed_by']} on {(f['confirmed_at'] or '')[:10]}]" \
            if f.get("confirmed_by") else ""
        click.echo(f"{name:>18}: {f['value']}{where}{confirmed}")


@fields.command("list")
@click.argument("document_id")
@click.option("--json", "as_json", is_flag=True, help="Print the values as JSON.")
@click.pass_obj
def list_fields(services: Services, document_id: str, as_json: bool) -> None:
    """Show a document's current metadata values, and who confirmed each corrected one."""
    doc_id = require_known_document(services.store, document_id)
    values = document_record(services.store, doc_id)["fields"]
    audit.record(services.store, services.cli_actor(), "view", str(doc_id), details={"via": "cli", "what": "fields"})
    if as_json:
        click.echo(json.dumps(values, indent=2, ensure_ascii=False, default=str))
    else:
        _print(values)


@fields.command("set")
@click.argument("document_id")
@click.argument("name", type=click.Choice(CORRECTABLE))
@click.argument("value")
@click.option("--role", type=click.Choice(DATE_ROLES), help="A date's role (needed when NAME is 'date').")
@click.option("--replace", "previous", metavar="OLD", help="The value this one replaces (parties, signatories, dates "
                                                           "of a role that can have several).")
@click.pass_obj
def set_field(services: Services, document_id: str, name: str, value: str, role: str | None,
              previous: str | None) -> None:
    """Set NAME to VALUE: replaces a title, term or expiry; adds (or, with --replace, changes) a party."""
    doc_id = require_known_document(services.store, document_id)
    current = services.correct_fields(doc_id, [{"name": name, "value": value, "action": SET, "previous": previous,
                                                "role": role}], _operator(services))
    _print([field_record(f) for f in current if f.confirmed_by])


@fields.command("remove")
@click.argument("document_id")
@click.argument("name", type=click.Choice(CORRECTABLE))
@click.argument("value", required=False)
@click.option("--role", type=click.Choice(DATE_ROLES), help="A date's role (when NAME is 'date').")
@click.pass_obj
def remove_field(services: Services, document_id: str, name: str, value: str | None, role: str | None) -> None:
    """Remove a value: the document states none (title, term, expiry, a date) or VALUE is not one of its parties.
    The removal stays when metadata is extracted again."""
    doc_id = require_known_document(services.store, document_id)
    current = services.correct_fields(doc_id, [{"name": name, "value": value, "action": REMOVE, "role": role}],
                                      _operator(services))
    left = [field_record(f) for f in current if f.name == name]
    click.echo(f"removed; {len(left)} {name} value(s) left")
    _print(left)
