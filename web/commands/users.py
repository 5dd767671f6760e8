"""`accord user add/list/deactivate/passwd` and `accord token NAME`."""
from __future__ import annotations

import sys

import click

from corpus import accounts, audit
from corpus.access import ROLES
from corpus.errors import UsageError
from web.services import Services


def register(cli: click.Group) -> None:
    cli.add_command(user)
    cli.add_command(token)


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("password", hide_input=True, confirmation_prompt=True)
    if not password:
        raise UsageError("empty password", hint="Pipe the password on standard input: echo ... | accord user add ...")
    return password


@click.group()
def user() -> None:
    """Manage local accounts."""


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True, help="What the user may do.")
@click.option("--group", "groups", multiple=True, help="A group the user belongs to (repeatable).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (one line).")
@click.option("--no-password", is_flag=True, help="Token-only account (no interactive login).")
@click.pass_obj
def add(services: Services, name: str, role: str, groups: tuple[str, ...], password_stdin: bool,
        no_password: bool) -> None:
    """Create an account."""
    password = "" if no_password else _read_password(password_stdin)
    account = accounts.add_user(services.store, name, role, password, groups)
    audit.record(services.store, services.cli_actor(), "user", account.name, details={"change": "add", "role": role})
    click.echo(f"added {account.name} ({account.role})")


@user.command("list")
@click.pass_obj
def list_(services: Services) -> None:
    """List accounts."""
    for a in accounts.list_users(services.store):
        click.echo(f"{a.name:<24} {a.role:<9} {'active' if a.active else 'deactivated':<11} "
                   f"{'token' if a.has_token else '-':<6} {','.join(a.groups)}")


@user.command("deactivate")
@click.argument("name")
@click.pass_obj
def deactivate(services: Services, name: str) -> None:
    """Stop an account from logging in or using its token."""
    accounts.deactivate(services.store, name)
    audit.record(services.store, services.cli_actor(), "user", name, details={"change": "deactivate"})
    click.echo(f"deactivated {name}")


@user.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (one line).")
@click.pass_obj
def passwd(services: Services, name: str, password_stdin: bool) -> None:
    """Set an account's password."""
    accounts.set_password(services.store, name, _read_password(password_stdin))
    audit.record(services.store, services.cli_actor(), "user", name, details={"change": "password"})
    click.echo(f"password of {name} changed")


@click.command()
@click.argument("name")
@click.pass_obj
def token(services: Services, name: str) -> None:
    """Print a new API token for NAME (replaces the previous one; stored hashed)."""
    value = accounts.issue_token(services.store, name)
    audit.record(services.store, services.cli_actor(), "user", name, details={"change": "token"})
    click.echo(value)
