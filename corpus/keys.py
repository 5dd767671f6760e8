"""The installation's keys, each read or created in one place.

- the installation secret (ACCORD_SECRET_KEY, or generated once into ACCORD_HOME/secret_key):
  signs web sessions and, through a derived key, model files;
- the audit key (ACCORD_AUDIT_KEY_FILE, default ACCORD_HOME/audit.key): keys the audit chain's
  HMAC. It lives outside the database, so someone who can only write to the database cannot
  recompute a valid chain.

A generated key file is written completely to a temporary file and then hard-linked into
place: the link either creates the file whole or fails because another process was first, so
concurrent first starts agree on one key and nobody ever reads a half-written file.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from corpus.config import Config
from corpus.errors import ConfigError


def installation_secret(config: Config) -> str:
    """ACCORD_SECRET_KEY, or the key generated once into ACCORD_HOME/secret_key."""
    if config["ACCORD_SECRET_KEY"]:
        return config["ACCORD_SECRET_KEY"]
    return key_file(config.secret_key_file)


def audit_key(config: Config, *, create: bool = True) -> bytes:
    """The audit chain's HMAC key. Verification passes create=False: a missing key there means
    the key was lost or moved, and a fresh one would only make every keyed event look forged."""
    path = config.audit_key_file
    if not create and not path.exists():
        raise ConfigError(f"the audit key {path} is missing",
                          hint="Restore the audit key file from where it is kept (ACCORD_AUDIT_KEY_FILE); "
                               "without it keyed audit events cannot be checked.")
    return key_file(path).encode()


def key_file(path: Path) -> str:
    """The key stored in `path` (mode 600), generating it first if the file does not exist."""
    path = Path(path)
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32))
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:   # another process created it first: use theirs
            pass
    finally:
        temporary.unlink(missing_ok=True)
    return _read(path)


def _read(path: Path) -> str:
    key = path.read_text(encoding="ascii").strip()
    if not key:
        raise ConfigError(f"the key file {path} is empty", hint="Restore it from backup, or remove it to generate "
                                                                "a new one (existing sessions end).")
    return key
