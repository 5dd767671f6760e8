"""Roles and document visibility, decided in one place.

Least privilege: each role lists exactly what it may do. The visibility rule is here
(`may_see` over `visibility_tokens`); the search index applies it inside its queries
with the same tokens, and corpus/visibility.py applies it to every read of the store.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from corpus.errors import PermissionDenied

ROLES = ("searcher", "records", "reviewer", "admin", "auditor", "records_officer")

# What each role may do. "read" = search, view, download documents it can see; "correct" = change
# a document's metadata values (parties, dates, title, term; corpus/field_corrections.py).
PERMISSIONS: dict[str, frozenset[str]] = {
    "searcher": frozenset({"read"}),
    # records: file documents, trash/restore mistakes, place holds, propose disposition batches.
    "records": frozenset({"read", "ingest", "correct", "records"}),
    "reviewer": frozenset({"read", "label", "correct"}),
    "admin": frozenset({"read", "ingest", "label", "correct", "restrict", "manage_users", "retrain", "see_all",
                        "records", "approve_disposition", "release_any_hold"}),
    # Auditors read everything, including the audit log, but change nothing.
    "auditor": frozenset({"read", "audit", "see_all"}),
    # The records officer approves disposition batches, releases any legal hold (records staff
    # release only the holds they placed) and alone sets the essential-records flag.
    "records_officer": frozenset({"read", "ingest", "records", "approve_disposition", "release_any_hold", "essential",
                                  "see_all"}),
}

# What each permission lets a person do, in the words a refusal uses.
PERMISSION_WORDS: dict[str, str] = {
    "read": "search and read documents", "ingest": "upload documents", "correct": "correct a document's metadata",
    "records": "manage records (file plan, holds, disposition)", "label": "review tags",
    "restrict": "change who may see a document", "manage_users": "manage users and search settings",
    "retrain": "retrain the classifier", "see_all": "see every document", "audit": "read the audit log",
    "approve_disposition": "approve disposition batches", "release_any_hold": "release another person's legal hold",
    "essential": "set the essential-records flag",
}


def _either(names: list[str]) -> str:
    """"a", "a or b", "a, b or c"."""
    return " or ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " or " + names[-1]


def roles_with(permission: str) -> list[str]:
    """The roles granted `permission`, in ROLES order (a refusal names them)."""
    return [role for role in ROLES if permission in PERMISSIONS[role]]


PUBLIC = "public"
RESTRICTED = "restricted"
EVERYONE_TOKEN = "*"   # index token of a public document


@dataclass(frozen=True)
class Principal:
    """Who is asking. `system` is the CLI operator on the server itself."""

    name: str
    role: str
    groups: tuple[str, ...] = field(default_factory=tuple)

    def may(self, permission: str) -> bool:
        return permission in PERMISSIONS.get(self.role, frozenset())

    def require(self, permission: str) -> None:
        if not self.may(permission):
            words = PERMISSION_WORDS.get(permission, permission.replace("_", " "))
            roles = roles_with(permission)
            # Least privilege: say which roles may, so an admin refused the audit log learns it is the
            # auditor's, not that some other administrator could let them in.
            raise PermissionDenied(
                f"{self.name} ({self.role}) may not {words}",
                hint=(f"Only the {_either(roles)} role{'s' if len(roles) > 1 else ''} may {words}. If your work "
                      f"needs it, ask an administrator to change your role (the Users page), or ask "
                      f"someone who holds it."))

    @property
    def sees_everything(self) -> bool:
        return self.may("see_all")


SYSTEM = Principal("system", "admin")


def visibility_tokens(visibility: str, owner: str, users: list[str] | tuple[str, ...],
                      groups: list[str] | tuple[str, ...]) -> list[str]:
    """Tokens stored with a document; a caller may see it if any of its own tokens match."""
    if visibility == PUBLIC:
        return [EVERYONE_TOKEN]
    tokens = [f"u:{u}" for u in users] + [f"g:{g}" for g in groups]
    if owner:
        tokens.append(f"u:{owner}")
    return sorted(set(tokens))


def principal_tokens(principal: Principal) -> list[str]:
    """Tokens of the caller; documents carrying any of them are visible."""
    return [EVERYONE_TOKEN, f"u:{principal.name}"] + [f"g:{g}" for g in principal.groups]


def may_see(principal: Principal, visibility: str, owner: str, users, groups) -> bool:
    if not principal.may("read"):
        return False
    if principal.sees_everything:
        return True
    return bool(set(visibility_tokens(visibility, owner, users, groups)) & set(principal_tokens(principal)))
