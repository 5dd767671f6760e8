"""An audit event's details in words for the audit page: "filters: type: mou; hits: 3", not a
Python dict's repr. The CSV and JSON exports keep the details as JSON (web/views/audit.py)."""
from __future__ import annotations

from typing import Any

NOTHING = "none"
HIDDEN_KEYS = ("role",)   # the actor's role at the time: shown by the actor column's context, not here


def readable_value(value: Any) -> str:
    """None or "" -> "none", True -> "yes", a list -> "a, b", a mapping -> "key: value, ...";
    nested values in brackets so a reader sees where they end."""
    if value is None or value == "":
        return NOTHING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        if not value:
            return NOTHING
        return ", ".join(f"{_key(k)}: {_nested(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple, set)):
        return ", ".join(_nested(v) for v in value) if value else NOTHING
    return str(value)


def _nested(value: Any) -> str:
    text = readable_value(value)
    return f"({text})" if isinstance(value, (dict, list, tuple, set)) and len(value) > 1 else text


def _key(key: Any) -> str:
    return str(key).replace("_", " ")


def detail_items(details: dict | None) -> list[tuple[str, str]]:
    """(key in words, value in words) of an event's details, in their stored order."""
    return [(_key(k), readable_value(v)) for k, v in (details or {}).items() if k not in HIDDEN_KEYS]
