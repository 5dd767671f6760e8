"""`accord audit verify`, `accord audit anchor`, `accord audit head` and `accord audit list`."""
from __future__ import annotations

import json
import re

import click

from corpus import audit as audit_log
from corpus.errors import AccordError, UsageError
from web.services import Services

SHOWN_PROBLEMS = 50


class AuditChainBroken(AccordError):
    exit_code = 65
    code = "audit_chain_broken"
    hint = "Restore the audit table from backup and investigate who changed the database."


def register(cli: click.Group) -> None:
    cli.add_command(audit)


@click.group()
def audit() -> None:
    """The HMAC-chained, anchored audit log."""


class BadAnchor(UsageError):
    code = "bad_anchor"
    hint = "Pass the anchor exactly as `accord audit head` printed it: ID:HASH."


def _anchor(value: str | None) -> tuple[int, str] | None:
    if not value:
        return None
    event_id, _, digest = value.partition(":")
    if not re.fullmatch(r"[0-9]{1,18}", event_id) or not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise BadAnchor(f"not an audit anchor: {value!r}")
    return int(event_id), digest


@audit.command()
@click.option("--anchor", default=None, metavar="ID:HASH",
              help="An extra anchor kept elsewhere (printed by `accord audit head`); checked like the anchors "
                   "in ACCORD_AUDIT_ANCHOR_FILE.")
@click.pass_obj
def verify(services: Services, anchor: str | None) -> None:
    """Check the chain against the audit key and every anchor; say how far it can vouch.
    Exits non-zero and names the rows when the log was tampered with."""
    result = audit_log.check(services.store, _anchor(anchor))
    for line in result.summary():
        click.echo(line)
    if result.problems:
        for problem in result.problems[:SHOWN_PROBLEMS]:
            click.echo(problem, err=True)
        if len(result.problems) > SHOWN_PROBLEMS:
            click.echo(f"... and {len(result.problems) - SHOWN_PROBLEMS} more", err=True)
        raise AuditChainBroken(f"the audit log was tampered with: {len(result.problems)} problem(s), "
                               f"first: {result.problems[0]}")


@audit.command()
@click.pass_obj
def anchor(services: Services) -> None:
    """Anchor the newest event now (appended to ACCORD_AUDIT_ANCHOR_FILE, and syslog if set)."""
    written = audit_log.anchor_now(services.store)
    click.echo(f"anchored event {written.id} ({written.hash})" if written else "the audit log is empty")


@audit.command()
@click.pass_obj
def head(services: Services) -> None:
    """Print the newest event's anchor (ID:HASH) to keep in a second place (a ticket, another
    system); `accord audit verify --anchor ID:HASH` checks the chain still reaches it."""
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
    found = audit_log.events(services.store, actor=actor, action=action, target=target, limit=limit)
    # The auditor's own reads are audited, from the CLI as from the web (after the read: not listed by it).
    audit_log.record(services.store, services.cli_actor(), "audit_read", "",
                     details={"via": "cli", "query": {"actor": actor or "", "action": action or "",
                                                      "target": target or "", "limit": limit}})
    for event in found:
        click.echo(json.dumps(event, default=str))
