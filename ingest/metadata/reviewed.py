"""A value a reviewer typed, normalized exactly as the extractor normalizes the same field, so a
corrected party groups with the extracted ones in the facets and a typed date is an ISO date
(corpus/field_corrections.py stores and applies the change)."""
from __future__ import annotations

from corpus.errors import UsageError
from corpus.field_corrections import DATE_NAME_OF_ROLE, DATE_NAMES, DATE_ROLES, ROLE_OF_DATE_NAME, SET, FieldChange
from ingest.metadata.dates import DURATION, parse_duration, single_date
from ingest.metadata.names import normalize_name
from ingest.metadata.party_merge import party_key
from ingest.metadata.term_clause import UNTIL_TERMINATED


def reviewed_change(name: str, value: str | None = None, *, action: str = SET, previous: str | None = None,
                    role: str | None = None) -> FieldChange:
    """The FieldChange for `name` set to (or `value` removed from) a document. A date is named by its
    field (effective_date, expiry_date, signature_date) or as "date" with a role."""
    name = (name or "").strip()
    role = (role or "").strip() or None
    if name == "date" and role in DATE_NAME_OF_ROLE:
        name = DATE_NAME_OF_ROLE[role]
    attributes: dict = {}
    if name in DATE_NAMES:
        if role and role not in DATE_ROLES:
            raise UsageError(f"unknown date role {role!r}", hint=f"Roles: {', '.join(DATE_ROLES)}.")
        attributes["role"] = ROLE_OF_DATE_NAME.get(name, role)
    value = " ".join((value or "").split()) or None
    display, normalized = _normalize(name, value) if value else (None, None)
    if name == "term" and value:
        attributes.update(_term_attributes(value))
    prior = _normalize(name, " ".join(previous.split()))[1] if previous and previous.strip() else None
    return FieldChange(name, action, display, normalized, prior, attributes).validate()


def _normalize(name: str, value: str) -> tuple[str, str | None]:
    """(value as shown, normalized value) for one field."""
    if name in DATE_NAMES:
        found = single_date(value, min_year=1600, max_year=2400)   # a reviewer may date a 1947 treaty
        if found is None:      # "C4-26-05" (a mail stop) or "Form 2019-12" is refused, not read as a date
            raise UsageError(f"{value[:60]!r} is not a date",
                             hint="Write a date such as 2027-03-31 or March 31, 2027.")
        iso = found.isoformat()
        return iso, iso
    if name == "party":
        return value, party_key(value)
    if name == "agency":
        return value, normalize_name(value)
    if name == "signatory":
        return value, value.lower()
    if name == "term":      # as the extractor: the duration, or "until terminated", or nothing
        attributes = _term_attributes(value)
        return value, attributes.get("duration") or ("until terminated" if attributes["until_terminated"] else None)
    if name in ("jurisdiction", "state", "program_model"):
        return value, value
    return value, None      # the title


def _term_attributes(text: str) -> dict:
    duration = DURATION.search(text)
    if duration:
        return {"duration": str(parse_duration(duration)), "until_terminated": False}
    return {"until_terminated": bool(UNTIL_TERMINATED.search(text))}
