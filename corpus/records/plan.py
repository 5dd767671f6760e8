"""The file plan as data: record categories, each with one schedule item (authority,
disposition, retention period, cutoff rule), and the document types each receives.

The default (corpus/records/file_plan.json) covers the taxonomy; ACCORD_FILE_PLAN points
at an agency's own JSON of the same shape. A schedule item that is not NARA-approved
("approved": false) is treated like an unscheduled one: its dates are shown, but nothing
filed under it is ever due, since records may not be destroyed or transferred outside an
approved schedule (36 CFR 1226.10).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from corpus.errors import ConfigError, UsageError

DEFAULT_FILE_PLAN = Path(__file__).with_name("file_plan.json")
DISPOSITIONS = ("destroy", "transfer", "permanent")      # temporary -> destroy, permanent -> transfer to NARA
CUTOFF_RULES = ("immediate", "calendar_year", "fiscal_year", "event", "time_event", "none")
EVENTS = ("expired", "superseded", "case_closed")
YEAR_ENDS = ("calendar", "fiscal", "none")


@dataclass(frozen=True)
class Cutoff:
    rule: str
    event: str | None = None
    year_end: str = "none"        # after an event: cut off at the end of that calendar/fiscal year

    def describe(self) -> str:
        if self.rule == "immediate":
            return "eligible at once (no cutoff period)"
        if self.rule == "calendar_year":
            return "cut off at the end of the calendar year"
        if self.rule == "fiscal_year":
            return "cut off at the end of the fiscal year"
        if self.rule == "none":
            return "no cutoff (kept)"
        end = {"calendar": " at the end of that calendar year", "fiscal": " at the end of that fiscal year",
               "none": ""}[self.year_end]
        return f"cut off when {self.event.replace('_', ' ')}{end}" if self.rule == "event" \
            else f"time-event: retention counts from the day {self.event.replace('_', ' ')}"


@dataclass(frozen=True)
class ScheduleItem:
    authority: str
    disposition: str
    retention: dict[str, int]
    cutoff: Cutoff
    approved: bool
    instructions: str = ""

    @property
    def disposes(self) -> bool:
        """Whether records under this item ever leave the repository (destroy or transfer)."""
        return self.approved and self.disposition in ("destroy", "transfer") and self.cutoff.rule != "none"

    def retention_text(self) -> str:
        parts = [f"{n} {unit if n != 1 else unit[:-1]}" for unit, n in self.retention.items() if n]
        return ", ".join(parts) or "none"


@dataclass(frozen=True)
class Category:
    code: str
    title: str
    types: tuple[str, ...]
    schedule: ScheduleItem

    def as_dict(self) -> dict[str, Any]:
        s = self.schedule
        return {"code": self.code, "title": self.title, "types": list(self.types),
                "authority": s.authority, "approved": s.approved, "disposition": s.disposition,
                "retention": dict(s.retention), "retention_text": s.retention_text(),
                "cutoff": {"rule": s.cutoff.rule, "event": s.cutoff.event, "year_end": s.cutoff.year_end},
                "cutoff_text": s.cutoff.describe(), "instructions": s.instructions, "disposes": s.disposes}


@dataclass(frozen=True)
class FilePlan:
    name: str
    categories: tuple[Category, ...]
    unscheduled: str
    fiscal_year_end: tuple[int, int] = (9, 30)    # month, day
    source: str = field(default="")

    def category(self, code: str) -> Category:
        for c in self.categories:
            if c.code == code:
                return c
        raise UsageError(f"no record category {code!r} in the file plan",
                         hint=f"Categories: {', '.join(c.code for c in self.categories)} (`accord records plan`).")

    def category_or_unscheduled(self, code: str) -> Category:
        """A stored filing whose category left the plan falls back to unscheduled (kept)."""
        return next((c for c in self.categories if c.code == code), None) or self.category(self.unscheduled)

    def default_category(self, document_type: str | None) -> Category:
        """The category receiving a document type by default; unscheduled when none does."""
        for c in self.categories:
            if document_type and document_type in c.types:
                return c
        return self.category(self.unscheduled)

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "source": self.source, "unscheduled": self.unscheduled,
                "fiscal_year_end": f"{self.fiscal_year_end[0]:02d}-{self.fiscal_year_end[1]:02d}",
                "categories": [c.as_dict() for c in self.categories]}


def _parse_category(entry: dict) -> Category:
    s = entry["schedule"]
    cutoff = s.get("cutoff") or {"rule": "none"}
    rule, event, year_end = cutoff["rule"], cutoff.get("event"), cutoff.get("year_end", "none")
    if rule not in CUTOFF_RULES:
        raise ValueError(f"category {entry['code']}: cutoff rule {rule!r} is not one of {CUTOFF_RULES}")
    if rule in ("event", "time_event") and event not in EVENTS:
        raise ValueError(f"category {entry['code']}: event {event!r} is not one of {EVENTS}")
    if year_end not in YEAR_ENDS:
        raise ValueError(f"category {entry['code']}: year_end {year_end!r} is not one of {YEAR_ENDS}")
    if s["disposition"] not in DISPOSITIONS:
        raise ValueError(f"category {entry['code']}: disposition {s['disposition']!r} is not one of {DISPOSITIONS}")
    retention = {unit: int(s.get("retention", {}).get(unit, 0)) for unit in ("years", "months", "days")}
    return Category(code=entry["code"], title=entry.get("title", entry["code"]), types=tuple(entry.get("types", ())),
                    schedule=ScheduleItem(authority=s["authority"], disposition=s["disposition"],
                                          retention=retention, cutoff=Cutoff(rule, event, year_end),
                                          approved=bool(s.get("approved", False)),
                                          instructions=s.get("instructions", "")))


@lru_cache(maxsize=8)
def load_file_plan(path: str | None = None) -> FilePlan:
    source = Path(path) if path else DEFAULT_FILE_PLAN
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
        categories = tuple(_parse_category(c) for c in data["categories"])
        month, day = (int(p) for p in data.get("fiscal_year_end", "09-30").split("-"))
        plan = FilePlan(name=data.get("name", source.stem), categories=categories,
                        unscheduled=data.get("unscheduled", "unscheduled"), fiscal_year_end=(month, day),
                        source=str(source))
        codes = [c.code for c in categories]
        if len(set(codes)) != len(codes):
            raise ValueError("category codes must be unique")
        if plan.unscheduled not in codes:
            raise ValueError(f"the unscheduled category {plan.unscheduled!r} is not in the plan")
        return plan
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"cannot load the file plan {source}: {exc}",
                          hint="ACCORD_FILE_PLAN must be JSON like corpus/records/file_plan.json.") from exc


def file_plan(config) -> FilePlan:
    return load_file_plan(config["ACCORD_FILE_PLAN"] or None)
