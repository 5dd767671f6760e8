"""The store: the single source of truth (SQLite in ACCORD_HOME or PostgreSQL).

Originals are kept content-addressed by sha256 in the blob store (corpus/blobs.py: by
default ACCORD_HOME/originals) and are never modified. The search index and model files are caches derived from here.
"""
from __future__ import annotations

import hashlib
import os
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

from sqlalchemy import create_engine, event, inspect, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from corpus.blobs import BlobStore, FolderBlobs, open_blobs, original_key
from corpus.config import Config
from corpus.errors import NotFound, StoreError

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
HASH_CHUNK = 1024 * 1024


def sha256_of_file(path: str | os.PathLike) -> str:
    with open(path, "rb") as handle:
        return sha256_of_stream(handle)


def sha256_of_stream(stream: BinaryIO) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(HASH_CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers (web, search) run while the ingest writer commits.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    # Deleted rows are overwritten with zeros, not left in free pages (destroyed records must
    # not be recoverable from the file; corpus/records/purge.py).
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


class Store:
    """Owns the engine, the session factory and the blob store (originals and derived files)."""

    def __init__(self, config: Config, *, migrate: bool = True):
        self.config = config
        for folder in (config.home, config.originals_dir, config.quarantine_dir):
            folder.mkdir(parents=True, exist_ok=True)
        self.blobs: BlobStore = open_blobs(config)
        self.url = config.database_url
        self.engine = make_engine(self.url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        if migrate:
            self.migrate()

    # -- schema -----------------------------------------------------------------
    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision (idempotent)."""
        # imported here: alembic takes a noticeable share of the start-up of a process that only
        # opens the store (every ingest pool worker, Store(config, migrate=False))
        from alembic import command as alembic_command
        from alembic.config import Config as AlembicConfig
        alembic_config = AlembicConfig()
        alembic_config.set_main_option("script_location", str(MIGRATIONS_DIR))
        try:
            with self.engine.begin() as connection:
                alembic_config.attributes["connection"] = connection
                alembic_command.upgrade(alembic_config, "head")
        except OperationalError as exc:
            raise StoreError(f"cannot open the store at {self._safe_url()}: {exc.orig}") from exc

    def table_names(self) -> list[str]:
        return inspect(self.engine).get_table_names()

    def _safe_url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def dispose(self) -> None:
        self.engine.dispose()

    # -- sessions ---------------------------------------------------------------
    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back on any error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except SQLAlchemyError as exc:
            session.rollback()
            raise StoreError(f"store operation failed: {exc}") from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """A Core connection in one transaction (commits on success, rolls back on any error), for
        the statements of every request (the session's account, the audit event): the ORM
        session's identity map and unit of work cost more than such a statement itself."""
        try:
            with self.engine.begin() as connection:
                yield connection
        except SQLAlchemyError as exc:
            raise StoreError(f"store operation failed: {exc}") from exc

    # -- originals (content-addressed, write-once, in the blob store) -------------------
    def original_path(self, sha256: str) -> Path:
        """The original's file when the blob store is a folder (the default); see original_file."""
        if isinstance(self.blobs, FolderBlobs):
            return self.blobs.path(original_key(sha256))
        return self.config.originals_dir / sha256[:2] / sha256[2:4] / sha256

    def has_original(self, sha256: str) -> bool:
        return self.blobs.exists(original_key(sha256))

    def original_file(self, sha256: str):
        """Context manager: a local file holding the original while the block runs."""
        return self.blobs.local_path(original_key(sha256))

    def open_original(self, sha256: str) -> BinaryIO:
        try:
            return self.blobs.open(original_key(sha256))
        except FileNotFoundError:
            raise NotFound(f"the original {sha256} is missing from {self.blobs.where(original_key(sha256))}",
                           hint="`accord check --repair` restores it from where it was ingested, when it is "
                                "still there; else restore the blob store from backup.") from None

    def stored_sha256(self, sha256: str) -> str:
        """The sha256 of the bytes the original's blob holds now (a damaged copy differs)."""
        with self.open_original(sha256) as stream:
            return sha256_of_stream(stream)

    def keep_original(self, path: str | os.PathLike, sha256: str | None = None) -> tuple[str, str]:
        """Store a file as an original under its sha256; returns (sha256, where it is stored)."""
        sha256 = sha256 or sha256_of_file(path)
        key = original_key(sha256)
        if not self.blobs.exists(key):   # an existing original is never touched: same key, same bytes
            self.blobs.put_file(key, path)
        return sha256, self.blobs.where(key)

    def keep_original_bytes(self, data: bytes) -> tuple[str, str]:
        """Same as keep_original for content already in memory (zip members, attachments)."""
        sha256 = hashlib.sha256(data).hexdigest()
        key = original_key(sha256)
        if not self.blobs.exists(key):
            self.blobs.put_bytes(key, data)
        return sha256, self.blobs.where(key)


def count(session: Session, statement) -> int:
    from sqlalchemy import func
    return session.scalar(select(func.count()).select_from(statement.subquery())) or 0
