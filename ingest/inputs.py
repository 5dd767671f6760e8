"""What a batch is asked to ingest, as a flat list of work items: files as they are, folders
walked recursively, zips checked (ingest/archive.py) and expanded into a staging folder. A
path that cannot be used becomes an item that already carries its error, so it is reported
like any other failed file."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from corpus.errors import AccordError, FileVanished, IngestError
from ingest import archive, detect


@dataclass
class WorkItem:
    source_path: str              # what the journal and the report call it
    local_path: str | None        # where its bytes are (zip members: the staging copy)
    name: str
    error: AccordError | None = None   # known bad before any work (unsafe zip, missing input)


def _is_archive(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            magic = handle.read(4)
    except OSError:
        return False   # prepare_file reports why it cannot be read
    return magic in (b"PK\x03\x04", b"PK\x05\x06") and detect._zip_kind(path) == detect.ZIP


def files_under(folder: Path) -> Iterator[Path]:
    """The files below a folder, in a stable order; hidden files and folders are skipped."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):   # editor swap files, .DS_Store, partial downloads
                yield Path(root) / name


def list_work(inputs: list[str], staging: Path, zip_limits: archive.ZipLimits) -> Iterator[WorkItem]:
    """Every file to handle, zips expanded into `staging` (after their safety checks)."""
    for number, raw in enumerate(inputs):
        top = Path(raw)
        if top.is_dir():
            paths = list(files_under(top))
        elif top.exists() or top.is_symlink():
            paths = [top]
        else:
            yield WorkItem(str(top), None, top.name, FileVanished(f"{top} does not exist"))
            continue
        for index, path in enumerate(paths):
            if not (path.is_file() and _is_archive(str(path))):
                yield WorkItem(str(path), str(path), path.name)
                continue
            try:
                members = archive.extract_archive(path, staging / f"zip-{number}-{index}", zip_limits)
            except IngestError as exc:
                yield WorkItem(str(path), str(path), path.name, exc)
                continue
            for member in members:
                yield WorkItem(f"{path}!{member.name}", member.local_path, Path(member.name).name, member.error)
