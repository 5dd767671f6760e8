"""Directive 4006.1 §2.1 scope decision: in scope, exempt (which exemption), or out of scope.

Rules over the document type, the parties and the data direction decide whenever they can;
each answer names the rule it applied. Only an information-sharing agreement whose data
direction is unknown is left to a model learned from reviewers' scope decisions (if there is
one) or to the directive's presumption (in scope), marked unsure.

Rules, in order:
  exempt-type        the type itself is exempt (ISA, ICA, SLA, IAA, CMAA, 287(g) — §2.1 footnotes)
  exempt-cue         the heading names an exempt kind of sharing (court order/discovery, FOIA or
                     Privacy Act request, ad hoc request, liaison transfer)
  not-an-agreement   directives, memoranda, PIAs, forms and other records are not agreements
  vendor             an "other agreement" in which a department component buys from a company
  not-an-isaa        any other "other agreement" (company-to-company contracts, NDAs)
  inbound-only       an ISAA under which only the outside party's data comes in
  outbound           an ISAA under which agency data goes out (outbound or both ways)
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from corpus.taxonomy import Taxonomy

HEADING_CHARS = 800
# Department components (and the department itself) as written in agreements.
DEPARTMENT = re.compile(
    r"department of homeland security|\bdhs\b|immigration and customs enforcement|\bice\b|"
    r"customs and border protection|\bcbp\b|citizenship and immigration services|\buscis\b|"
    r"transportation security administration|\btsa\b|federal emergency management agency|\bfema\b|"
    r"coast guard|\buscg\b|secret service|\busss\b|cybersecurity and infrastructure security agency|"
    r"\bcisa\b|homeland security investigations|enforcement and removal operations|"
    r"federal law enforcement training cent|office of intelligence and analysis", re.IGNORECASE)
COMPANY = re.compile(r"\b(inc|llc|l\.l\.c|corp|corporation|company|co|ltd|limited|plc|l\.p|lp|llp|gmbh|s\.a)\b\.?",
                     re.IGNORECASE)
EXEMPT_CUES = (
    ("exempt:court_order", re.compile(r"court order|subpoena|protective order|discovery request|in the matter of",
                                      re.IGNORECASE), "court order or discovery"),
    ("exempt:foia_request", re.compile(r"(foia|freedom of information act|privacy act) request", re.IGNORECASE),
     "a FOIA or Privacy Act request"),
    ("exempt:ad_hoc", re.compile(r"\bad[ -]hoc (request|disclosure|sharing)", re.IGNORECASE), "an ad hoc request"),
    ("exempt:liaison", re.compile(r"\bliaison (transfer|officer|exchange)", re.IGNORECASE), "a liaison transfer"),
)


@dataclass(frozen=True)
class ScopeDecision:
    code: str
    rule: str
    explanation: str
    decided_by_rule: bool = True
    unsure: bool = False
    probability: float | None = None

    def to_dict(self) -> dict:
        return {"code": self.code, "rule": self.rule, "explanation": self.explanation,
                "decided_by_rule": self.decided_by_rule, "unsure": self.unsure, "probability": self.probability}


def _field_values(fields: Iterable[Mapping], name: str) -> list[str]:
    return [str(f.get("normalized") or f.get("value") or "") for f in fields if f.get("name") == name]


def data_direction(fields: Iterable[Mapping]) -> str | None:
    values = {v.lower() for v in _field_values(fields, "data_direction")}
    if "both" in values or {"inbound", "outbound"} <= values:
        return "both"
    return next(iter(values & {"inbound", "outbound"}), None)


def decide_scope(type_code: str, taxonomy: Taxonomy, fields: Iterable[Mapping] = (),
                 heading: str = "") -> ScopeDecision | None:
    """The rule-based decision, or None when no rule decides (an ISAA of unknown direction)."""
    fields = list(fields)
    entry = taxonomy.type_entry(type_code) or {}
    group = entry.get("group", "")
    label = entry.get("label", type_code)
    exemption = entry.get("exemption")
    if exemption:
        return ScopeDecision(f"exempt:{exemption}", "exempt-type",
                             f"{label} is one of the agreement types the directive exempts (§2.1).")
    if group in ("agreement", "other"):
        for code, cue, what in EXEMPT_CUES:
            match = cue.search(heading[:HEADING_CHARS])
            if match:
                return ScopeDecision(code, "exempt-cue",
                                     f"The heading names {what} (\"{match.group(0)}\"), which the directive exempts.")
    if group == "related" or not group:
        return ScopeDecision("out_of_scope:not_agreement", "not-an-agreement",
                             f"A {label.lower()} is not an agreement, so the directive does not apply.")
    parties = _field_values(fields, "party") + _field_values(fields, "agency")
    if group == "other":
        department = any(DEPARTMENT.search(p) for p in parties) if parties else bool(DEPARTMENT.search(heading))
        company = any(COMPANY.search(p) for p in parties) if parties else bool(COMPANY.search(heading))
        if department and company:
            return ScopeDecision("exempt:vendor", "vendor",
                                 "A department component contracts with a company: a vendor transaction is exempt.")
        return ScopeDecision("out_of_scope:not_agreement", "not-an-isaa",
                             "A contract or NDA between outside parties is not an information sharing agreement.")
    direction = data_direction(fields)
    if direction == "inbound":
        return ScopeDecision("out_of_scope:inbound_only", "inbound-only",
                             "Only the outside party's data comes in; the directive covers agency data going out.")
    if direction in ("outbound", "both"):
        return ScopeDecision("in_scope", "outbound",
                             f"An {label} under which agency data goes to a party outside the department "
                             f"(data direction: {direction}).")
    return None


def presumed_scope(type_code: str, taxonomy: Taxonomy) -> ScopeDecision:
    """When no rule decides and no learned scope model exists: the directive presumes an ISAA
    shares agency data, so in scope — but unsure, for a reviewer to check."""
    label = (taxonomy.type_entry(type_code) or {}).get("label", type_code)
    return ScopeDecision("in_scope", "presumed-isaa",
                         f"An {label} with no data direction found; presumed to share agency data "
                         f"outside the department. Check the direction.", decided_by_rule=False, unsure=True)
