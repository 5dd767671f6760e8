"""`accord audit verify` and `accord audit list`."""
from __future__ import annotations

import json

import click

from corpus import audit as audit_log
from corpus.errors import AccordError
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


@audit.command()
@click.pass_obj
def verify(services: Services) -> None:
    """Check the hash chain; exits non-zero and names the rows when it is broken."""
    problems = audit_log.verify(services.store)
    if problems:
        for problem in problems:
            click.echo(problem, err=True)
        raise AuditChainBroken(f"the audit log was tampered with: {len(problems)} problem(s), first: {problems[0]}")
    click.echo("audit log intact")


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
