"""`accord serve`: the web UI and API behind waitress."""
from __future__ import annotations

import secrets

import click

from corpus import accounts, audit
from web.services import Services

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def register(cli: click.Group) -> None:
    cli.add_command(serve)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
@click.option("--threads", default=8, show_default=True, help="Worker threads of the WSGI server.")
@click.option("--demo-admin", is_flag=True,
              help="If there are no accounts yet, create 'admin' with a random password and print it once.")
@click.pass_obj
def serve(services: Services, host: str, port: int, threads: int, demo_admin: bool) -> None:
    """Serve the web UI and JSON API (waitress)."""
    import waitress

    from web.app import create_app
    config = services.config
    if demo_admin and accounts.count_users(services.store) == 0:
        password = secrets.token_urlsafe(12)
        accounts.add_user(services.store, "admin", "admin", password)
        audit.record(services.store, "system", "user", "admin", details={"change": "add", "role": "admin"})
        click.echo(f"created account 'admin' with password: {password}  (shown once; change it under Users)")
    if config["ACCORD_SESSION_COOKIE_SECURE"] and host in LOCAL_HOSTS:
        # Browsers drop Secure cookies on plain http://127.0.0.1 in some versions; a loopback-only
        # demo cannot be sniffed, so the flag is relaxed here and only here.
        config = config.replace(ACCORD_SESSION_COOKIE_SECURE=False)
        click.echo("note: serving plain HTTP on loopback, so the session cookie is not marked Secure")
    app = create_app(config, services)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Accord is at http://{shown}:{port}/  (Ctrl+C to stop)")
    waitress.serve(app, host=host, port=port, threads=threads, ident="accord", clear_untrusted_proxy_headers=True)
