"""`accord audit verify` and `accord audit list`."""
from __future__ import annotations

import json
import re

import click

from corpus import audit as audit_log
from corpus.errors import AccordError, UsageError
from web.services import Services


class AuditChainBroken(AccordError):
    exit_code = 65
    code = "audit_chain_broken"
    hint = "Restore the audit table from backup and investigate who changed the database."


def register(cli: click.Group) -> None:
    cli.add_command(audit)


@click.group()
def audit() -> None:
    """The hash-chained audit log."""


class BadAnchor(UsageError):
    code = "bad_anchor"
    hint = "Pass the anchor exactly as `accord audit head` printed it: ID:HASH."


def _anchor(value: str | None) -> tuple[int, str] | None:
    if not value:
        return None
    event_id, _, digest = value.partition(":")
    if not re.fullmatch(r"[0-9]{1,18}", event_id) or len(digest) < 16:
        raise BadAnchor(f"not an audit anchor: {value!r}")
    return int(event_id), digest


@audit.command()
@click.option("--anchor", default=None, metavar="ID:HASH",
              help="An anchor recorded earlier with `accord audit head`: also proves no event up to it was deleted.")
@click.pass_obj
def verify(services: Services, anchor: str | None) -> None:
    """Check the hash chain; exits non-zero and names the rows when it is broken."""
    problems = audit_log.verify(services.store, _anchor(anchor))
    if problems:
        for problem in problems:
            click.echo(problem, err=True)
        raise AuditChainBroken(f"the audit log was tampered with: {len(problems)} problem(s), first: {problems[0]}")
    click.echo("audit log intact" + (f" up to and beyond anchor event {anchor.partition(':')[0]}" if anchor else ""))


@audit.command()
@click.pass_obj
def head(services: Services) -> None:
    """Print the newest event's anchor (ID:HASH). Keep it outside this database (a ticket, a
    signed e-mail, another system): `accord audit verify --anchor ID:HASH` then detects deleted
    newest events, which the chain alone cannot."""
    newest = audit_log.head(services.store)
    click.echo(f"{newest[0]}:{newest[1]}" if newest else "the audit log is empty")


@audit.command("list")
@click.option("--actor", default=None)
@click.option("--action", default=None)
@click.option("--target", default=None)
@click.option("--limit", default=50, show_default=True)
@click.pass_obj
def list_(services: Services, actor: str | None, action: str | None, target: str | None, limit: int) -> None:
    """Print recent events as JSON lines, newest first."""
    for event in audit_log.events(services.store, actor=actor, action=action, target=target, limit=limit):
        click.echo(json.dumps(event, default=str))
