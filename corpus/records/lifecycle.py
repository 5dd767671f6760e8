"""Which category each document is filed to, and its lifecycle dates with their reasons.

Nothing here is stored: the category, cutoff and disposition-eligible dates are computed
from the file plan, the document's type, its parent and its extracted dates each time they
are asked for, so correcting the type or the expiry date recomputes them at once.

Category: the one records staff filed it to; else its parent agreement's (an amendment,
addendum or attachment follows its parent); else the default category of its type; else
unscheduled (kept as permanent).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Iterable

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import Session

from corpus.documents import metadata_summary, stored_fields
from corpus.labels import current_labels_in
from corpus.records.holds import holding
from corpus.records.plan import Category, FilePlan
from corpus.tables import DocumentRow, RecordFilingRow, RelationRow

DATE_FIELDS = ("expiry_date", "effective_date", "signature_date")
CHUNK = 500
MAX_PARENT_DEPTH = 8


@dataclass
class Lifecycle:
    document_id: int
    title: str
    category: Category
    filed_by: str                      # "records staff (NAME)", "parent agreement N", "document type X", "unscheduled"
    state: str                         # active | trashed | destroyed | transferred
    essential: bool
    holds: list[str]
    cutoff_date: date | None
    eligible_date: date | None
    rule: str                          # the cutoff rule in words
    event: dict[str, Any] | None       # {"kind", "date", "source", "evidence"} when an event set the cutoff
    reason: str                        # one sentence: why these dates (or why none)
    ingested_at: datetime | None = None
    parent_id: int | None = None
    sha256: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def held(self) -> bool:
        return bool(self.holds)

    def due(self, today: date) -> bool:
        """Past its eligible date under an approved schedule, active and not held."""
        return (self.state == "active" and not self.held and self.category.schedule.disposes
                and self.eligible_date is not None and self.eligible_date <= today)

    @property
    def action(self) -> str:
        return "transfer" if self.category.schedule.disposition == "transfer" else "destroy"

    def as_dict(self, today: date | None = None) -> dict[str, Any]:
        s = self.category.schedule
        out = {"id": self.document_id, "title": self.title, "category": self.category.code,
               "category_title": self.category.title, "filed_by": self.filed_by, "authority": s.authority,
               "approved": s.approved, "disposition": s.disposition, "retention": s.retention_text(),
               "rule": self.rule, "event": self.event, "cutoff_date": _iso(self.cutoff_date),
               "eligible_date": _iso(self.eligible_date), "reason": self.reason, "state": self.state,
               "essential": self.essential, "holds": list(self.holds)}
        if today is not None:
            out["due"] = self.due(today)
        return out


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _parse_day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def year_end(day: date, kind: str, fiscal_end: tuple[int, int]) -> date:
    """The last day of the calendar or fiscal year containing `day`."""
    if kind == "calendar":
        return date(day.year, 12, 31)
    if kind == "fiscal":
        end = date(day.year, *fiscal_end)
        return end if day <= end else date(day.year + 1, *fiscal_end)
    return day


@dataclass
class _Facts:
    row: Any
    filing: RecordFilingRow | None = None
    type_code: str | None = None
    fields: list = field(default_factory=list)
    parent: int | None = None
    holds: list[str] = field(default_factory=list)


def _load_facts(session: Session, ids: list[int]) -> dict[int, _Facts]:
    facts: dict[int, _Facts] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        for row in session.execute(select(DocumentRow.id, DocumentRow.title, DocumentRow.parent_id,
                                          DocumentRow.ingested_at, DocumentRow.sha256)
                                   .where(DocumentRow.id.in_(chunk))):
            facts[row.id] = _Facts(row=row, parent=row.parent_id)
        for filing in session.scalars(select(RecordFilingRow).where(RecordFilingRow.document_id.in_(chunk))):
            facts[filing.document_id].filing = filing
        # The one definition of a document's current type (a reviewer's correction over the model's
        # suggestion, whichever is newest); it covers trashed documents too, whose type is still theirs.
        for doc_id, current in current_labels_in(session, facts.keys() & set(chunk)).items():
            if current["type"] is not None:
                facts[doc_id].type_code = current["type"].value
        for doc_id, fields in stored_fields(session, chunk, DATE_FIELDS).items():
            if doc_id in facts:
                facts[doc_id].fields = fields
        # "X amends P": an amendment follows the agreement it amends.
        for doc_id, parent in session.execute(select(RelationRow.document_id, RelationRow.related_id)
                                              .where(RelationRow.document_id.in_(chunk),
                                                     RelationRow.kind == "amends")):
            if facts[doc_id].parent is None:
                facts[doc_id].parent = parent
        for doc_id, names in holding(session, chunk).items():
            facts[doc_id].holds.extend(names)
    return facts


def _ensure_parents(session: Session, facts: dict[int, _Facts]) -> None:
    for _ in range(MAX_PARENT_DEPTH):
        missing = sorted({f.parent for f in facts.values() if f.parent and f.parent not in facts})
        if not missing:
            return
        facts.update(_load_facts(session, missing))


def _category(plan: FilePlan, facts: dict[int, _Facts], doc_id: int, depth: int = 0) -> tuple[Category, str, int]:
    """(category, how it was chosen, the document whose dates govern)."""
    f = facts[doc_id]
    if f.filing is not None and f.filing.category:
        return plan.category_or_unscheduled(f.filing.category), f"records staff ({f.filing.filed_by})", doc_id
    if f.parent and f.parent in facts and depth < MAX_PARENT_DEPTH:
        category, _, governing = _category(plan, facts, f.parent, depth + 1)
        return category, f"parent agreement {f.parent}", governing
    if f.type_code:
        category = plan.default_category(f.type_code)
        if category.code != plan.unscheduled:
            return category, f"document type {f.type_code}", doc_id
    return plan.category(plan.unscheduled), "unscheduled (no category receives its type)", doc_id


def _dates(plan: FilePlan, category: Category, f: _Facts) -> tuple[date | None, dict | None, str]:
    """(cutoff date, event, reason) from the governing document's facts."""
    cutoff = category.schedule.cutoff
    summary = metadata_summary(f.fields)
    ingested = f.row.ingested_at.date() if f.row.ingested_at else None
    recorded = _parse_day(f.filing.event_on if f.filing else None)
    if cutoff.rule == "none":
        return None, None, "kept: the category has no cutoff"
    if cutoff.rule == "immediate":
        start = _parse_day(f.filing.filed_at.isoformat() if f.filing and f.filing.filed_at else None) or ingested
        return start, None, "no cutoff period: eligible once filed"
    if cutoff.rule in ("calendar_year", "fiscal_year"):
        dated = summary["effective_date"] or (summary["signature_dates"] or [None])[0]
        day = _parse_day(dated["value"]) if dated else None
        source = "effective date" if summary["effective_date"] else "signature date"
        if day is None:
            day, source = ingested, "ingest date"
        kind = "calendar" if cutoff.rule == "calendar_year" else "fiscal"
        event = {"kind": "dated", "date": _iso(day), "source": source,
                 "evidence": dated["evidence"] if dated and source != "ingest date" else None}
        return year_end(day, kind, plan.fiscal_year_end), event, f"end of the {kind} year of its {source}"
    # event and time-event
    if cutoff.event == "expired":
        expiry = summary["expiry_date"]
        expiry_day = _parse_day(expiry["value"]) if expiry else None
        if recorded and (expiry_day is None or recorded < expiry_day):
            event = {"kind": "terminated", "date": _iso(recorded), "source": "recorded by records staff",
                     "evidence": None}
        elif expiry_day:
            event = {"kind": "expired", "date": _iso(expiry_day), "source": "expiry_date field",
                     "evidence": expiry["evidence"]}
        else:
            return None, None, "waiting for the event: no expiry date extracted or recorded"
    else:
        if not recorded:
            return None, None, f"waiting for the event: {cutoff.event.replace('_', ' ')} not recorded"
        event = {"kind": cutoff.event, "date": _iso(recorded), "source": "recorded by records staff",
                 "evidence": None}
    day = _parse_day(event["date"])
    if cutoff.rule == "time_event":
        return day, event, f"{event['kind']} on {event['date']} ({event['source']})"
    end = year_end(day, cutoff.year_end, plan.fiscal_year_end)
    suffix = f", cut off at the end of that {cutoff.year_end} year" if cutoff.year_end != "none" else ""
    return end, event, f"{event['kind']} on {event['date']} ({event['source']}){suffix}"


def lifecycles(session: Session, plan: FilePlan, document_ids: Iterable[int]) -> list[Lifecycle]:
    ids = sorted({int(i) for i in document_ids})
    facts = _load_facts(session, ids)
    _ensure_parents(session, facts)
    out = []
    for doc_id in ids:
        if doc_id not in facts:
            continue
        f = facts[doc_id]
        category, how, governing = _category(plan, facts, doc_id)
        cutoff, event, reason = _dates(plan, category, facts[governing])
        if governing != doc_id and event:
            reason = f"follows parent agreement {governing}: {reason}"
        schedule = category.schedule
        eligible = cutoff + relativedelta(**schedule.retention) if cutoff else None
        if not schedule.approved and schedule.cutoff.rule != "none":
            reason += "; its schedule item is not NARA-approved, so it is kept (as unscheduled)"
        out.append(Lifecycle(document_id=doc_id, title=f.row.title, category=category, filed_by=how,
                             state=f.filing.state if f.filing else "active",
                             essential=bool(f.filing and f.filing.essential), holds=list(f.holds),
                             cutoff_date=cutoff, eligible_date=eligible, rule=schedule.cutoff.describe(),
                             event=event, reason=reason, ingested_at=f.row.ingested_at,
                             parent_id=f.parent, sha256=f.row.sha256))
    return out
