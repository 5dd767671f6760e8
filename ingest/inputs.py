"""What a batch is asked to ingest, as a flat list of work items: files as they are, folders
walked recursively, zips checked (ingest/archive.py) and expanded into a staging folder. A
path that cannot be used becomes an item that already carries its error, so it is reported
like any other failed file."""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from corpus.errors import AccordError, FileVanished, IngestError, LinkedFolder, LinkRefused
from ingest import archive, detect


@dataclass
class WorkItem:
    source_path: str              # what the journal and the report call it
    local_path: str | None        # where its bytes are (zip members: the staging copy)
    name: str
    error: AccordError | None = None   # known bad before any work (unsafe zip, missing input)
    note: str = ""                     # a warning for the report (e.g. the name was not UTF-8)


def _is_archive(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            magic = handle.read(4)
    except OSError:
        return False   # prepare_file reports why it cannot be read
    return magic in (b"PK\x03\x04", b"PK\x05\x06") and detect._zip_kind(path) == detect.ZIP


def printable(text: str) -> str:
    """A path or name as text any store and terminal accepts. File names are bytes on Linux;
    one that is not UTF-8 (written by a Latin-1 or Shift-JIS system) reaches Python with
    surrogate escapes, which no UTF-8 database takes. Its bad bytes become visible "\\xff"."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:   # a lone surrogate that stands for no byte
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _inside(path: str, roots: list[str]) -> bool:
    return any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def files_under(folder: Path) -> Iterator[Path]:
    """The files below a folder, in a stable order; hidden files and folders are skipped.
    Links to folders are yielded too (they are not walked): the caller reports them."""
    for root, dirs, files in os.walk(folder):
        linked = sorted(d for d in dirs if not d.startswith(".") and os.path.islink(os.path.join(root, d)))
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in linked)
        for name in sorted(files + linked):
            if not name.startswith("."):   # editor swap files, .DS_Store, partial downloads
                yield Path(root) / name


def _link_error(path: Path, roots: list[str], links_seen: dict[tuple[int, int], int]) -> AccordError | None:
    """Why a path must not be read: a link leading out of the input roots (symbolic or hard),
    or a link to a folder. None when it may be read."""
    shown = printable(str(path))
    if path.is_symlink():
        target = os.path.realpath(path)
        if os.path.isdir(target):
            return LinkedFolder(f"{shown} is a link to the folder {printable(target)}; it was not walked")
        if not _inside(target, roots):
            return LinkRefused(f"{shown} is a link to {printable(target)}, outside the folders being ingested")
        return None
    try:
        info = path.stat()
    except OSError:
        return None   # prepare_file reports why it cannot be read
    # A hard link is the file itself, under another name: there is no "target" to look at.
    # When some of its names are not among the files listed below the roots, one lives outside.
    if stat.S_ISREG(info.st_mode) and info.st_nlink > 1 and links_seen.get((info.st_dev, info.st_ino), 0) < info.st_nlink:
        return LinkRefused(f"{shown} is a hard link ({info.st_nlink} names) to a file that also lives "
                           "outside the folders being ingested")
    return None


def _hard_link_names(paths: list[Path]) -> dict[tuple[int, int], int]:
    """How many of the listed paths name each multiply-linked file."""
    seen: dict[tuple[int, int], int] = {}
    for path in paths:
        try:
            info = path.lstat()
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode) and info.st_nlink > 1:
            key = (info.st_dev, info.st_ino)
            seen[key] = seen.get(key, 0) + 1
    return seen


def list_work(inputs: list[str], staging: Path, zip_limits: archive.ZipLimits,
              roots: list[str] | None = None) -> Iterator[WorkItem]:
    """Every file to handle, zips expanded into `staging` (after their safety checks). Paths
    are reported by their printable form (non-UTF-8 bytes escaped) and read by their real one.
    Links may lead anywhere inside the inputs, or inside `roots` when given (`accord watch`
    names each new file of its folder, and the folder is the root)."""
    listed: list[tuple[int, Path | None, list[Path]]] = []
    for number, raw in enumerate(inputs):
        top = Path(raw)
        if roots is not None and top.is_symlink():
            listed.append((number, top, [top]))   # judged as a link below, never walked
        elif top.is_dir():
            listed.append((number, top, list(files_under(top))))
        elif top.exists() or top.is_symlink():
            listed.append((number, top, [top]))
        else:
            listed.append((number, None, [top]))
    if roots is None:
        roots = [str(top) for _, top, _ in listed if top is not None]
    links_seen = _hard_link_names([path for _, _, paths in listed for path in paths])
    for number, top, paths in listed:
        if top is None:
            shown = printable(str(paths[0]))
            yield WorkItem(shown, None, printable(paths[0].name), FileVanished(f"{shown} does not exist"))
            continue
        for index, path in enumerate(paths):
            shown, name = printable(str(path)), printable(path.name)
            error = _link_error(path, roots, links_seen)
            if error is not None:
                yield WorkItem(shown, None, name, error)
                continue
            if not (path.is_file() and _is_archive(str(path))):
                note = "" if shown == str(path) else "the file name is not UTF-8; its undecodable bytes are shown as \\xNN"
                yield WorkItem(shown, str(path), name, note=note)
                continue
            try:
                members = archive.extract_archive(path, staging / f"zip-{number}-{index}", zip_limits)
            except IngestError as exc:
                yield WorkItem(shown, str(path), name, exc)
                continue
            for member in members:
                yield WorkItem(f"{shown}!{printable(member.name)}", member.local_path,
                               printable(Path(member.name).name), member.error)
