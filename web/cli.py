"""The `accord` command line. Errors surface here (and in the Flask error handler) only."""
from __future__ import annotations

import json
import logging
import sys

import click

from corpus.config import describe_settings, load_config
from corpus.errors import AccordError
from web.services import Services


class AccordGroup(click.Group):
    """Turns AccordError into a one-paragraph message and its exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except AccordError as exc:
            click.secho(f"error: {exc.message}", fg="red", err=True)
            if exc.hint:
                click.echo(f"  how to fix: {exc.hint}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted; run the same command again to resume.", err=True)
            ctx.exit(130)


@click.group(cls=AccordGroup)
@click.option("--home", type=click.Path(file_okay=False), default=None,
              help="Repository folder (overrides ACCORD_HOME; default ./accord-data).")
@click.pass_context
def cli(ctx: click.Context, home: str | None) -> None:
    """Accord: the searchable repository of information sharing and access agreements."""
    config = load_config(home)
    logging.basicConfig(level=config["ACCORD_LOG_LEVEL"], format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    services = Services(config)
    ctx.call_on_close(services.close)
    ctx.obj = services


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def settings(services: Services, as_json: bool) -> None:
    """List every setting with its effective value and help."""
    rows = describe_settings(services.config)
    if as_json:
        click.echo(json.dumps(rows, indent=2, default=str))
        return
    for row in rows:
        click.echo(f"{row['name']} = {row['value']!r}\n    {row['help']}")


@cli.command()
@click.pass_obj
def migrate(services: Services) -> None:
    """Create or upgrade the store's schema."""
    services.store.migrate()
    click.echo(f"store at {services.store._safe_url()} is up to date")


def _register_commands() -> None:
    # Each area keeps its commands in its own module under web/commands/.
    from web.commands import COMMAND_MODULES
    import importlib
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"web.commands.{name}")
        module.register(cli)


_register_commands()


def main() -> None:
    cli(prog_name="accord")


if __name__ == "__main__":
    sys.exit(main())
