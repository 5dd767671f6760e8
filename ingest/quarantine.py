"""Files that failed are copied, untouched, to ACCORD_HOME/quarantine/job-<id>/ with a
`<name>.reason.txt` beside each saying what went wrong and what to do."""
from __future__ import annotations

import re
import shutil
from datetime import datetime, timezone
from pathlib import Path

from corpus.config import Config
from corpus.errors import AccordError


def _safe_name(source_path: str) -> str:
    # "/in/box.zip!sub/a.pdf" -> "box.zip!sub_a.pdf": readable, flat, no path tricks.
    first, _, rest = source_path.partition("!")
    name = Path(first).name + (f"!{rest}" if rest else "")
    return re.sub(r"[/\\\x00]", "_", name)[-200:] or "file"


def quarantine(config: Config, job_id: int | None, source_path: str, local_path: str | None,
               error: AccordError) -> str:
    """Copy the original (when it can still be read) and write the reason; returns the
    path of the quarantined copy (or of the reason file when there was nothing to copy)."""
    folder = config.quarantine_dir / (f"job-{job_id}" if job_id is not None else "single")
    folder.mkdir(parents=True, exist_ok=True)
    name = _safe_name(source_path)
    target = folder / name
    counter = 1
    while target.exists() or target.with_name(target.name + ".reason.txt").exists():
        counter += 1
        target = folder / f"{counter}-{name}"
    copied = False
    note = ""
    if local_path:
        try:
            shutil.copyfile(local_path, target)
            copied = True
        except OSError as exc:
            note = f"The original could not be copied here: {exc.strerror or exc}.\n"
    reason = target.with_name(target.name + ".reason.txt")
    reason.write_text(
        f"file: {source_path}\n"
        f"when: {datetime.now(timezone.utc).isoformat(timespec='seconds')}\n"
        f"error: {error.code}\n"
        f"what happened: {error.message}\n"
        f"what to do: {error.hint}\n{note}", encoding="utf-8")
    return str(target if copied else reason)
