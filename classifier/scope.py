"""Directive 4006.1 scope decision: in scope, exempt (which exemption), or out of scope.

Rules over the document type, the parties and the data direction read from the text
(corpus.direction) decide whenever they can; each answer names the rule it applied and the part
of DHS Directive 4006.1 the rule comes from (DIRECTIVE). Only an information-sharing agreement
whose text says nothing about who gives data to whom is left to a model learned from reviewers'
scope decisions (if there is one) or to the directive's presumption (in scope), marked unsure and
saying what was looked for.

Rules, in order:
  exempt-type        the type itself is exempt (ISA, ICA, SLA, IAA, CMAA, 287(g))
  exempt-cue         the heading names an exempt kind of sharing (court order/discovery, FOIA or
                     Privacy Act request, ad hoc request, liaison transfer)
  not-an-agreement   directives, memoranda, PIAs, forms and other records are not agreements
  one-dhs            every party is inside DHS, or all the data moves between components
  vendor             an "other agreement" in which a department component buys from a company
  not-an-isaa        any other "other agreement" (company-to-company contracts, NDAs, labour contracts)
  no-dhs-party       an agreement no DHS component is party to
  inbound-only       an ISAA under which only the outside party's data comes in
  outbound           an ISAA under which Department data goes out (outbound or both ways)

A scope is never surer than the type it follows: when the type is unsure, or the text never names
the exempt type the model chose, the decision is marked unsure for a reviewer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from corpus.direction import LOOKED_FOR, US_GOVERNMENT, DirectionReading, read_direction
from corpus.organisations import party_kind, party_mentions, within_dhs
from corpus.taxonomy import Taxonomy

HEADING_CHARS = 800
PREAMBLE_CHARS = 3000      # where a U.S. Government party is named
EXEMPT_CUES = (
    ("exempt:court_order", re.compile(r"court order|subpoena|protective order|discovery request|in the matter of",
                                      re.IGNORECASE), "court order or discovery"),
    ("exempt:foia_request", re.compile(r"(foia|freedom of information act|privacy act) request", re.IGNORECASE),
     "a FOIA or Privacy Act request"),
    ("exempt:ad_hoc", re.compile(r"\bad[ -]hoc (request|disclosure|sharing)", re.IGNORECASE), "an ad hoc request"),
    ("exempt:liaison", re.compile(r"\bliaison (transfer|officer|exchange)", re.IGNORECASE), "a liaison transfer"),
)
# The part of Directive 4006.1 each rule applies (shown with every decision).
DIRECTIVE = {
    "exempt-type": "Directive 4006.1 §2.1 (exempted agreement types)",
    "exempt-cue": "Directive 4006.1 §2.1 (exempted kinds of sharing)",
    "not-an-agreement": "Directive 4006.1 §2.1 (applies to agreements only)",
    "one-dhs": "Directive 4006.1 §2.1 (One DHS: sharing among components is not an ISAA)",
    "vendor": "Directive 4006.1 §2.1 (exempted vendor transactions)",
    "not-an-isaa": "Directive 4006.1 §2.1 (an ISAA shares Department information)",
    "no-dhs-party": "Directive 4006.1 §2.1 (an ISAA is a Department agreement)",
    "inbound-only": "Directive 4006.1 §2.1, footnote 3 (only outside information coming in)",
    "outbound": "Directive 4006.1 §2.1 (ISAA sharing Department information outside DHS)",
    "presumed-isaa": "Directive 4006.1 §2.1 (an ISAA is presumed to share Department information)",
    "learned-scope": "Directive 4006.1 §2.1 (decided as reviewers decided similar agreements)",
}


@dataclass(frozen=True)
class ScopeDecision:
    code: str
    rule: str
    explanation: str
    decided_by_rule: bool = True
    unsure: bool = False
    probability: float | None = None
    evidence: tuple[dict, ...] = field(default=(), compare=False)   # data-direction sentences with offsets

    @property
    def directive(self) -> str:
        return DIRECTIVE.get(self.rule, "Directive 4006.1 §2.1")

    def to_dict(self) -> dict:
        return {"code": self.code, "rule": self.rule, "directive": self.directive, "explanation": self.explanation,
                "decided_by_rule": self.decided_by_rule, "unsure": self.unsure, "probability": self.probability,
                "evidence": list(self.evidence)}


def _field_values(fields: Iterable[Mapping], name: str) -> list[str]:
    return [str(f.get("normalized") or f.get("value") or "") for f in fields if f.get("name") == name]


def data_direction(fields: Iterable[Mapping]) -> str | None:
    """The stored data_direction field (ingest writes corpus.direction's outcome)."""
    values = {v.lower() for v in _field_values(fields, "data_direction")}
    if "both" in values or {"inbound", "outbound"} <= values:
        return "both"
    return next(iter(values & {"inbound", "outbound", "internal"}), None)


def party_names(fields: Iterable[Mapping]) -> list[str]:
    return [str(f.get("value") or f.get("normalized") or "") for f in fields if f.get("name") in ("party", "agency")]


def _with_doubt(decision: ScopeDecision, doubt: str | None) -> ScopeDecision:
    if not doubt:
        return decision
    return ScopeDecision(decision.code, decision.rule, f"{decision.explanation} {doubt}", decision.decided_by_rule,
                         True, decision.probability, decision.evidence)


def _names_type(entry: Mapping, text: str) -> bool:
    """Whether the text names the type by one of its aliases (an exempt type the text never names
    is more likely a wrong type than an exempt agreement)."""
    for alias in [entry.get("label", ""), *(entry.get("aliases") or [])]:
        alias = re.sub(r"\s*\(.*?\)\s*$", "", alias) if "(" in alias and not alias.startswith("287") else alias
        if not alias:
            continue
        flags = 0 if alias.isupper() else re.IGNORECASE
        words = re.escape(alias).replace(r"\ ", r"[\s-]+")
        if re.search(rf"(?<!\w){words}(?!\w)", text, flags):
            return True
    return False


def decide_scope(type_code: str, taxonomy: Taxonomy, fields: Iterable[Mapping] = (), heading: str = "", *,
                 direction: DirectionReading | None = None, text: str = "",
                 type_unsure: bool = False) -> ScopeDecision | None:
    """The rule-based decision, or None when no rule decides (an ISAA whose text gives no data direction).
    `direction` is the reading of the document's text (else the stored data_direction field is used);
    `text` the document's text, to check that an exempt type is named in it; `type_unsure` marks
    the decision unsure because the type it rests on is."""
    fields = list(fields)
    entry = taxonomy.type_entry(type_code) or {}
    group = entry.get("group", "")
    label = entry.get("label", type_code)
    exemption = entry.get("exemption")
    doubt = "The type is unsure, so this scope is unsure too." if type_unsure else None
    if exemption:
        if text and not _names_type(entry, text):
            doubt = f"The text never names a {label}; check the type before relying on this exemption."
        return _with_doubt(ScopeDecision(f"exempt:{exemption}", "exempt-type",
                                         f"{label} is one of the agreement types the directive exempts."), doubt)
    if group in ("agreement", "other"):
        for code, cue, what in EXEMPT_CUES:
            match = cue.search(heading[:HEADING_CHARS])
            if match:
                return _with_doubt(ScopeDecision(code, "exempt-cue", f"The heading names {what} "
                                                 f"(\"{match.group(0)}\"), which the directive exempts."), doubt)
    if group == "related" or not group:
        return _with_doubt(ScopeDecision("out_of_scope:not_agreement", "not-an-agreement",
                                         f"A {label.lower()} is not an agreement, so the directive does not apply."),
                           doubt)
    parties = party_names(fields)
    outcome = direction.outcome if direction is not None else (data_direction(fields) or "none")
    evidence = tuple(s.to_dict() for s in direction.supporting[:5]) if direction is not None else ()
    inside = [p for p in parties if within_dhs(p)]
    if (len(parties) >= 2 and len(inside) == len(parties)) or outcome == "internal" \
            or (direction is not None and direction.internal_parties):
        who = "; ".join(parties) if len(parties) >= 2 else "the parties named in the text"
        return _with_doubt(ScopeDecision("out_of_scope:one_dhs", "one-dhs",
                                         f"Every party is inside DHS ({who}): the data stays within the Department, "
                                         "so this is not an ISAA.", evidence=evidence), doubt)
    if group == "other":
        # parties as extracted, else as the heading names them (an extractor may drop "Inc.")
        department = any(within_dhs(p) for p in parties) or within_dhs(heading[:HEADING_CHARS])
        company = any(party_kind(p) == "company" for p in parties) or \
            any(kind == "company" for _s, _e, kind in party_mentions(heading[:HEADING_CHARS]))
        if department and company:
            return _with_doubt(ScopeDecision("exempt:vendor", "vendor", "A department component contracts with a "
                                             "company: a vendor transaction is exempt."), doubt)
        return _with_doubt(ScopeDecision("out_of_scope:not_agreement", "not-an-isaa",
                                         "A contract, NDA or labour agreement between outside parties is not an "
                                         "information sharing agreement."), doubt)
    if text and not inside and not within_dhs(text) and not US_GOVERNMENT.search(text[:PREAMBLE_CHARS]):
        named = f" (parties: {'; '.join(parties)})" if parties else ""
        return _with_doubt(ScopeDecision("out_of_scope:not_agreement", "no-dhs-party",
                                         f"The text names no DHS component or the Department{named}, so this is "
                                         "not a Department ISAA.", evidence=evidence), doubt)
    if outcome == "inbound":
        return _with_doubt(ScopeDecision("out_of_scope:inbound_only", "inbound-only",
                                         "Only the outside party's data comes in; the directive covers Department "
                                         "data going out." + _example(direction), evidence=evidence), doubt)
    if outcome in ("outbound", "both"):
        return _with_doubt(ScopeDecision("in_scope", "outbound",
                                         f"An {label} under which Department data goes to a party outside DHS "
                                         f"(data direction: {outcome})." + _example(direction), evidence=evidence),
                           doubt)
    return None


def _example(direction: DirectionReading | None) -> str:
    first = direction.deciding if direction is not None else None
    return f" Page {first.page}: \"{' '.join(first.sentence.split())[:200]}\"" if first else ""


def presumed_scope(type_code: str, taxonomy: Taxonomy, looked_for: str = LOOKED_FOR) -> ScopeDecision:
    """When no rule decides and no learned scope model exists: the directive presumes an ISAA
    shares agency data, so in scope — but unsure, for a reviewer to check."""
    label = (taxonomy.type_entry(type_code) or {}).get("label", type_code)
    return ScopeDecision("in_scope", "presumed-isaa",
                         f"An {label} whose text does not say who gives data to whom (looked for {looked_for}); "
                         "presumed to share Department data outside DHS. Check the direction.",
                         decided_by_rule=False, unsure=True)


def scope_of_text(type_code: str, taxonomy: Taxonomy, pages: Sequence[str], fields: Iterable[Mapping] = (), *,
                  type_unsure: bool = False) -> tuple[ScopeDecision | None, DirectionReading]:
    """The rule-based decision for a document's text (pages) and stored fields, with the direction
    reading it rests on: what `accord classify`, the review UI and the benches all call."""
    fields = list(fields)
    reading = read_direction(pages, party_names(fields))
    text = "\n".join(pages)
    return decide_scope(type_code, taxonomy, fields, text[:2000], direction=reading, text=text,
                        type_unsure=type_unsure), reading
