"""Per-file failure reasons as people read them: in the upload page, its CSV, the dashboard
and the CLI report. Ingest stages raise errors whose text may carry the path the server
stored the file under (uploads/<uuid>/...) or a Python repr of raw bytes from a parser
(b'MZ\\x90...'); readers know the file by the name they gave it and need no reprs."""
from __future__ import annotations

import ast
import re

# An absolute path (POSIX or Windows) of two or more parts, not inside a URL or a fraction;
# the last part is kept.
_PATH = re.compile(r"(?<![\w:/\\.])(?:[A-Za-z]:)?(?:[/\\][\w.@+~-][^\s'\"()<>,;:/\\]*)+[/\\]([^\s'\"()<>,;:/\\]+)")
_BYTES = re.compile(r"""b'(?:[^'\\]|\\.)*'|b"(?:[^"\\]|\\.)*\"""")
# "unexpected error: ValueError('...')" -> "unexpected error: ValueError: ..."
_EXCEPTION_REPR = re.compile(r"\b([A-Z]\w*(?:Error|Exception|Warning))\((['\"])(.*?)\2,?\)")


def _describe_bytes(literal: str) -> str:
    try:
        data = ast.literal_eval(literal)
    except (ValueError, SyntaxError):
        return "binary content"
    head = ""
    for byte in data[:8]:
        if not 32 <= byte < 127:
            break
        head += chr(byte)
    return f'content starting "{head}"' if head else "binary content"


def readable_reason(error: str | None, source_path: str | None = None, name: str | None = None) -> str:
    """`error` with the file's stored path replaced by `name` (by default its base name), other
    absolute paths shortened to their last part, and byte reprs described in words."""
    text = error or ""
    if source_path:
        stored = re.split(r"[/\\]", source_path.rstrip("/\\"))[-1]
        shown = name or stored
        text = text.replace(source_path, shown)
        if shown != stored:
            # Stages also name the file by its stored base name (spaces made safe on upload).
            text = re.sub(rf"(?<![\w.-]){re.escape(stored)}(?![\w.-])", lambda m: shown, text)
    text = _BYTES.sub(lambda m: _describe_bytes(m.group(0)), text)
    text = text.replace("starts with content starting ", "starts with ")   # said once, not twice
    text = _EXCEPTION_REPR.sub(lambda m: f"{m.group(1)}: {m.group(3)}", text)
    return _PATH.sub(lambda m: m.group(1), text)
