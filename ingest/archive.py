"""ZIP archives are containers: checked from the central directory BEFORE anything is
extracted, then extracted member by member with the same limits enforced on the bytes
actually produced (a central directory can lie about sizes).

Refused as a whole: absolute or '../' member names, too many members, a total expanded
size over ACCORD_ZIP_MAX_BYTES, a member compressed more than ACCORD_ZIP_MAX_RATIO.
Archives inside the archive are not opened (the member fails with NestedArchive, found
by content when the member is prepared). A member bigger than ACCORD_UNPACK_MAX_BYTES fails
alone. Packages that are documents (DOCX) get the same checks before their parts are read
(check_package), so every level of packing has a size and a ratio limit.
"""
from __future__ import annotations

import os
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from corpus.errors import ArchiveTooLarge, CorruptFile, DecompressionBomb, EncryptedFile, UnsafeArchive

RATIO_FLOOR_BYTES = 1 << 20   # small members may compress very well legitimately (blank pages, text)
CHUNK = 1 << 20


@dataclass(frozen=True)
class ZipLimits:
    max_bytes: int
    max_ratio: int
    max_members: int
    member_max_bytes: int = 512 * 1024 ** 2

    @classmethod
    def from_config(cls, config) -> "ZipLimits":
        return cls(config["ACCORD_ZIP_MAX_BYTES"], config["ACCORD_ZIP_MAX_RATIO"], config["ACCORD_ZIP_MAX_MEMBERS"],
                   config["ACCORD_UNPACK_MAX_BYTES"])


@dataclass
class Member:
    name: str            # as in the archive (validated)
    local_path: str      # extracted copy in the staging folder
    error: Exception | None = None


def _unsafe(name: str) -> bool:
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return True
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return ".." in parts


def check_archive(path: str | os.PathLike, limits: ZipLimits) -> list[zipfile.ZipInfo]:
    """The members to extract, or the error that refuses the whole archive."""
    name = Path(path).name
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise CorruptFile(f"{name} is not a readable zip archive ({exc})") from None
    if len(infos) > limits.max_members:
        raise ArchiveTooLarge(f"{name} has {len(infos)} members, more than ACCORD_ZIP_MAX_MEMBERS={limits.max_members}")
    unsafe = [i.filename for i in infos if _unsafe(i.filename)]
    if unsafe:
        raise UnsafeArchive(f"{name} has member names that escape the folder: {', '.join(unsafe[:3])}")
    total = sum(i.file_size for i in infos)
    if total > limits.max_bytes:
        raise ArchiveTooLarge(f"{name} would expand to {total} bytes, more than ACCORD_ZIP_MAX_BYTES={limits.max_bytes}")
    for info in infos:
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise ArchiveTooLarge(f"{name}: member {info.filename} is compressed "
                                  f"{info.file_size // max(info.compress_size, 1)}:1, more than "
                                  f"ACCORD_ZIP_MAX_RATIO={limits.max_ratio} (a zip bomb?)")
    return [i for i in infos if not i.is_dir()]


def extract_archive(path: str | os.PathLike, staging: str | os.PathLike, limits: ZipLimits) -> list[Member]:
    """Check, then extract every file member under `staging`; per-member problems are
    returned on the member, problems of the whole archive are raised."""
    infos = check_archive(path, limits)
    staging = Path(staging)
    staging.mkdir(parents=True, exist_ok=True)
    members: list[Member] = []
    produced_total = 0
    with zipfile.ZipFile(path) as archive:
        for number, info in enumerate(infos):
            local = staging / f"{number:05d}-{PurePosixPath(info.filename).name or 'member'}"
            member = Member(info.filename, str(local))
            members.append(member)
            if info.flag_bits & 0x1:
                member.error = EncryptedFile(f"{info.filename} in {Path(path).name} is password-protected")
                member.local_path = str(path)   # quarantine keeps the archive that holds it
                continue
            if info.file_size > limits.member_max_bytes:
                member.error = DecompressionBomb(f"{info.filename} in {Path(path).name} expands to {info.file_size} "
                                                 f"bytes, more than ACCORD_UNPACK_MAX_BYTES={limits.member_max_bytes}")
                member.local_path = str(path)
                continue
            try:
                produced_total += _extract_member(archive, info, local, limits, produced_total)
            except ArchiveTooLarge:
                raise
            except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, zlib.error) as exc:
                member.error = CorruptFile(f"{info.filename} in {Path(path).name} cannot be extracted ({exc})")
                # what was written is a broken fragment: quarantine keeps the archive that holds
                # the member's real bytes instead
                local.unlink(missing_ok=True)
                member.local_path = str(path)
    return members


def _extract_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, local: Path, limits: ZipLimits,
                    produced_before: int) -> int:
    """Stream one member out, stopping as soon as it exceeds what the directory declared
    or the archive's total budget."""
    produced = 0
    allowed = min(info.file_size, limits.max_bytes - produced_before)
    with archive.open(info) as source, open(local, "wb") as out:
        for chunk in iter(lambda: source.read(CHUNK), b""):
            produced += len(chunk)
            if produced > allowed:
                out.close()
                local.unlink(missing_ok=True)
                raise ArchiveTooLarge(f"member {info.filename} expands beyond its declared size or "
                                      f"ACCORD_ZIP_MAX_BYTES={limits.max_bytes} (a zip bomb?)")
            out.write(chunk)
    return produced


def check_package(path: str | os.PathLike, name: str, *, max_bytes: int, max_ratio: int, max_members: int,
                  max_xml_bytes: int) -> None:
    """A document that is a zip package (DOCX) is read whole by its library, so before that:
    member count, every member's size and ratio, and the XML parts' total (XML is parsed into
    a tree about ten times its size) are checked on the bytes each member really expands to."""
    try:
        with zipfile.ZipFile(path) as package:
            infos = package.infolist()
            if len(infos) > max_members:
                raise DecompressionBomb(f"{name} has {len(infos)} parts, more than ACCORD_ZIP_MAX_MEMBERS={max_members}")
            xml_total = 0
            for info in infos:
                produced = _expanded_size(package, info, max_bytes, max_ratio, name)
                if info.filename.lower().endswith((".xml", ".rels")):
                    xml_total += produced
                    if xml_total > max_xml_bytes:
                        raise DecompressionBomb(f"{name}: its XML parts expand beyond {max_xml_bytes} bytes "
                                                f"(ACCORD_UNPACK_MAX_BYTES / {XML_TREE_FACTOR})")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, zlib.error, NotImplementedError) as exc:
        raise CorruptFile(f"{name} is not a readable package ({exc})") from None


XML_TREE_FACTOR = 8   # a parsed XML tree takes several times the bytes of its text


def _expanded_size(package: zipfile.ZipFile, info: zipfile.ZipInfo, max_bytes: int, max_ratio: int,
                   name: str) -> int:
    """How many bytes the member really expands to (the directory's sizes can lie), reading
    no further than max_bytes, nor past the ratio limit."""
    if info.file_size > max_bytes:
        raise DecompressionBomb(f"{name}: part {info.filename} declares {info.file_size} bytes, more than "
                                f"ACCORD_UNPACK_MAX_BYTES={max_bytes}")
    produced = 0
    with package.open(info) as source:
        for chunk in iter(lambda: source.read(CHUNK), b""):
            produced += len(chunk)
            if produced > max_bytes:
                raise DecompressionBomb(f"{name}: part {info.filename} expands beyond "
                                        f"ACCORD_UNPACK_MAX_BYTES={max_bytes}")
            if produced > RATIO_FLOOR_BYTES and produced > max_ratio * max(info.compress_size, 1):
                raise DecompressionBomb(f"{name}: part {info.filename} expands more than {max_ratio}:1 "
                                        f"(ACCORD_ZIP_MAX_RATIO) from {info.compress_size} bytes")
    return produced
