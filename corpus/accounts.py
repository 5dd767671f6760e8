"""Local user accounts: hashed passwords (werkzeug), roles, groups and API tokens.

API tokens are random and shown once; only their sha256 is stored, so a copy of
the database does not hand out working tokens. A deactivated account can neither
log in nor use its token, but its row stays for the audit trail.

Web sessions carry the account's session version; logout, a password change, a role or
group change and deactivation bump it, which ends every session of that user at once.
API tokens are not sessions: they are credentials for scripts, checked against the account
on every request (so a role change applies at once), replaced by issuing a new one and
revoked by deactivation.
"""
from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import bindparam, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from corpus.access import ROLES, Principal
from corpus.errors import Conflict, NotFound, UsageError
from corpus.store import Store
from corpus.tables import AuditRow, DocumentRow, UserRow

NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$")
MIN_PASSWORD_LENGTH = 8
# Used when a name is unknown, so a failed login takes as long for a missing user as for a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    role: str
    groups: tuple[str, ...]
    active: bool
    has_token: bool
    created_at: str
    session_version: int = 0

    @property
    def principal(self) -> Principal:
        return Principal(self.name, self.role, self.groups)


def _account(row: UserRow) -> Account:
    return Account(id=row.id, name=row.name, role=row.role, groups=tuple(row.groups or ()), active=bool(row.active),
                   has_token=bool(row.token_hash),
                   created_at=row.created_at.isoformat() if row.created_at else "",
                   session_version=row.session_version or 0)


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise UsageError(f"unknown role {role!r}", hint=f"Roles: {', '.join(ROLES)}.")


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise UsageError(f"password too short (fewer than {MIN_PASSWORD_LENGTH} characters)",
                         hint="Choose a longer password or passphrase.")


def _clean_groups(groups: Iterable[str]) -> list[str]:
    cleaned = sorted({g.strip() for g in groups if g and g.strip()})
    for g in cleaned:
        if not NAME_PATTERN.match(g):
            raise UsageError(f"invalid group name {g!r}", hint="Use letters, digits, '.', '_', '@' or '-'.")
    return cleaned


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_user(store: Store, name: str, role: str, password: str = "", groups: Iterable[str] = ()) -> Account:
    """Create an account. An empty password makes a token-only account (no interactive login)."""
    if not NAME_PATTERN.match(name or ""):
        raise UsageError(f"invalid user name {name!r}", hint="Use letters, digits, '.', '_', '@' or '-' (max 128).")
    _check_role(role)
    if password:
        _check_password(password)
    with store.session() as session:
        if session.scalar(select(UserRow.id).where(UserRow.name == name)) is not None:
            raise Conflict(f"user {name!r} already exists", hint="Pick another name or change the existing user.")
        row = UserRow(name=name, role=role, groups=_clean_groups(groups),
                      password_hash=generate_password_hash(password) if password else "", active=True)
        session.add(row)
        session.flush()
        return _account(row)


def count_users(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count(UserRow.id))) or 0


def list_users(store: Store) -> list[Account]:
    with store.session() as session:
        return [_account(r) for r in session.scalars(select(UserRow).order_by(UserRow.name))]


# Built once: the search page's bulk bar offers these names on every page with hits.
_NAMES_AND_GROUPS = select(UserRow.name, UserRow.groups).order_by(UserRow.name)


def known_names(store: Store) -> tuple[list[str], list[str]]:
    """(user names, group names) a document may be restricted to: every account (a deactivated
    one may return) and every group some account is in; both sorted."""
    with store.connection() as connection:
        rows = connection.execute(_NAMES_AND_GROUPS).all()
    return [name for name, _ in rows], sorted({g for _, groups in rows for g in groups or ()})


def require_known_names(store: Store, users: Iterable[str], groups: Iterable[str], *, hint: str) -> None:
    """UsageError naming every user or group that is not `known_names` (a document's ACL, a bulk
    change of visibility, a saved view's shares); `hint` says where to pick existing ones."""
    users, groups = list(users), list(groups)
    for name in (*users, *groups):
        if not NAME_PATTERN.match(name):
            raise UsageError(f"invalid user or group name {name[:64]!r}",
                             hint="Names use letters, digits, '.', '_', '@' or '-' (at most 128).")
    known_users, known_groups = known_names(store)
    unknown = [*(f"user {u!r}" for u in users if u not in known_users),
               *(f"group {g!r}" for g in groups if g not in known_groups)]
    if unknown:
        raise UsageError(f"no such {', '.join(unknown)[:300]}", hint=hint)


def _row(session, name: str) -> UserRow:
    row = session.scalar(select(UserRow).where(UserRow.name == name))
    if row is None:
        raise NotFound(f"user {name!r} not found", hint="`accord user list` lists the accounts.")
    return row


def get_user(store: Store, name: str) -> Account:
    with store.session() as session:
        return _account(_row(session, name))


_ACCOUNT_COLUMNS = (UserRow.id, UserRow.name, UserRow.role, UserRow.groups, UserRow.active, UserRow.token_hash,
                    UserRow.created_at, UserRow.session_version)


# Built once (restoring a session runs it on every request; building it cost more than running it).
_ACCOUNT_BY_NAME = select(*_ACCOUNT_COLUMNS).where(UserRow.name == bindparam("name"))


def find_active(store: Store, name: str) -> Account | None:
    """The active account of that name, or None (used to restore a session, so on every request:
    a Core select of its columns, without the ORM's identity map and unit of work)."""
    with store.connection() as connection:
        row = connection.execute(_ACCOUNT_BY_NAME, {"name": name}).first()
    return _account(row) if row is not None and row.active else None


def verify_password(store: Store, name: str, password: str) -> Account | None:
    """The account if the name and password match an active account, else None."""
    with store.session() as session:
        row = session.scalar(select(UserRow).where(UserRow.name == name))
        if row is None or not row.password_hash:
            check_password_hash(_DUMMY_HASH, password or "")
            return None
        if not check_password_hash(row.password_hash, password or "") or not row.active:
            return None
        return _account(row)


def set_password(store: Store, name: str, password: str) -> None:
    _check_password(password)
    with store.session() as session:
        row = _row(session, name)
        row.password_hash = generate_password_hash(password)
        _end_sessions(row)


def end_sessions(store: Store, name: str) -> None:
    """Logout: every session of the user ends, in every browser and on every server process."""
    with store.session() as session:
        _end_sessions(_row(session, name))


def _end_sessions(row: UserRow) -> None:
    row.session_version = (row.session_version or 0) + 1


def update_user(store: Store, name: str, *, role: str | None = None, groups: Iterable[str] | None = None,
                active: bool | None = None) -> Account:
    with store.session() as session:
        row = _row(session, name)
        before = (row.role, sorted(row.groups or ()), bool(row.active))
        if role is not None:
            _check_role(role)
            row.role = role
        if groups is not None:
            row.groups = _clean_groups(groups)
        if active is not None:
            row.active = active
            if not active:
                row.token_hash = None
        if (row.role, sorted(row.groups or ()), bool(row.active)) != before:
            # Sessions opened with the old rights end; the user logs in again with the new ones.
            _end_sessions(row)
        return _account(row)


def deactivate(store: Store, name: str) -> Account:
    return update_user(store, name, active=False)


def issue_token(store: Store, name: str) -> str:
    """A new API token for the user (replacing any previous one); printed once, stored hashed."""
    token = secrets.token_urlsafe(32)
    with store.session() as session:
        row = _row(session, name)
        if not row.active:
            raise UsageError(f"user {name!r} is deactivated", hint="Reactivate the account first.")
        row.token_hash = token_digest(token)
    return token


def account_for_token(store: Store, token: str) -> Account | None:
    if not token:
        return None
    with store.session() as session:
        row = session.scalar(select(UserRow).where(UserRow.token_hash == token_digest(token)))
        return _account(row) if row is not None and row.active else None


def who_opened_documents_of(store: Store, owner: str, *, limit: int = 200) -> list[dict]:
    """Notifications for an owner: views and downloads of their documents by other people.

    Auditors' reads are recorded in the audit log but deliberately not reported to owners."""
    with store.session() as session:
        owned = [str(i) for i in session.scalars(select(DocumentRow.id).where(DocumentRow.owner == owner))]
        if not owned:
            return []
        rows = session.scalars(select(AuditRow).where(
            AuditRow.action.in_(("view", "download")), AuditRow.target.in_(owned), AuditRow.actor != owner)
            .order_by(AuditRow.id.desc()).limit(limit * 2)).all()
        auditors = set(session.scalars(select(UserRow.name).where(UserRow.role == "auditor")))
    out = []
    for r in rows:
        details = r.details or {}
        if details.get("role") == "auditor" or r.actor in auditors:
            continue
        out.append({"at": r.at.isoformat(), "actor": r.actor, "action": r.action, "document_id": int(r.target),
                    "filename": details.get("filename", "")})
    return out[:limit]
