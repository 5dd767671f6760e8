"""CLI commands of this area (filled in by the area's issue)."""
from __future__ import annotations

import click


def register(cli: click.Group) -> None:
    pass
