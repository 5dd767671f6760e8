"""The `accord` console script (pyproject's [project.scripts]): the command line of web/cli.py, with
one step before it. `accord ingest` starts the ingest pool's fork server before importing the
command line (click, the store and SQLAlchemy, every command's module: 0.85 CPU s), so that the
fork server's own imports (the pipeline, spaCy and its model: 1.2 CPU s, the longest wait of an
ingest's start-up; ingest/fork_server.py) run on another core meanwhile, not after them.

Only this module and what it imports are loaded before that start: nothing heavy.
"""
from __future__ import annotations

import sys

from corpus.config import Config


def main() -> None:
    home = _ingest_home(sys.argv[1:])
    if home is not None:
        from corpus.config import load_config
        from corpus.errors import AccordError
        try:
            start_ingest_workers(load_config(home or None))
        except AccordError:
            pass   # a setting in error: the command line reports it, with how to fix it
    from web.cli import main as command_line
    command_line()


def start_ingest_workers(config: Config) -> None:
    """Start the ingest pool's fork server now, unless the worker queue does the work (ACCORD_BROKER_URL):
    `accord ingest` calls this first of all, Services.ingest_batch before its own set-up. A running
    server is left as it is, so the second call costs nothing."""
    if not config["ACCORD_BROKER_URL"]:
        from ingest import fork_server
        from web.ingest_labels import LABEL_STEP_MODULES
        fork_server.start(LABEL_STEP_MODULES)


def _ingest_home(args: list[str]) -> str | None:
    """For `accord [--home DIR] ingest ...`: DIR, or "" without --home; None for any other command
    line (another command, --help, an option this does not know): then the fork server starts
    where it always does, in Services.ingest_batch, once the command line has read its options."""
    home = ""
    while args and args[0].startswith("--home"):
        if args[0] == "--home" and len(args) > 1:
            home, args = args[1], args[2:]
        elif args[0].startswith("--home="):
            home, args = args[0].removeprefix("--home="), args[1:]
        else:
            return None
    if args[:1] != ["ingest"] or "--help" in args:
        return None
    return home
