"""Parties named by the short name the text defines for them ('CompuDyne Corporation and its subsidiaries (together, the
"Company")'), read near the start where the heading and the preamble name fewer than two: never a name listed after
"including", one a party's description mentions (its insurer, its parent), nor one before a term that names a thing."""
from __future__ import annotations

import re

from ingest.metadata.names import ORG_SUFFIX_CAPITALS, ORG_SUFFIX_WORDS
from ingest.metadata.parties import DEFINED_TERM, OPERATIVE_START, clean_name, companies_listed, plausible_party
from ingest.metadata.spans import Span, locate


# a defined term that names a thing, not a party: 'by and between X and Y (the "Rights Agreement")' cites
# another agreement; '(a "Competitor")' names an example
_THING_TERM = re.compile(r"(?:agreement|plan|transaction|merger|act|rights|notes?|shares|stock|securities|competitors?|"
                         r"property|products?|business|information|material|services?|offering|facility|loan)$", re.IGNORECASE)
# a name that follows these is an affiliate, an example or a competitor the text lists, not a party
_LISTED_AFTER = re.compile(r"\b(?:including|include|includes|such\s+as|e\.g\.|namely|without\s+limitation)\b[^.;]{0,120}$",
                           re.IGNORECASE)


# a name that a party's description mentions ("a savings association with its deposits insured by the
# Deposit Insurance Fund ("DIF")"): the insurer, regulator or owner of a party, not a party
_DESCRIBED_BY = re.compile(r"\b(?:insured|administered|regulated|owned|controlled|managed|advised|guaranteed|supervised|"
                           r"chartered|licensed|operated|sponsored|serviced|sub-?advised|wholly[- ]owned)\s+by\s+(?:the\s+)?$|"
                           r"\b(?:a|the)\s+(?:wholly[- ]owned\s+)?(?:division|subsidiary|unit)\s+of\s+(?:the\s+)?$",
                           re.IGNORECASE)


_APPOSITIVE_NAME = re.compile(r"(?<![\w-])((?-i:[A-Z][\w.&'’-]*)(?:,?\s+(?:(?:and|&|of|the)\s+)?(?-i:[A-Z][\w.&'’-]*)){0,6}),\s+an?\s+"
                             r"(?:[\w\u00ad-]+\s+){0,6}?(?:corporation|company|bank|association|partnership|trust)\b"
                             # its address may follow: "Synchron, a California corporation having a principal place of
                             # business at 3550 General Atomics Court, San Diego, CA 92121 (the "Investor")"
                             r"(?:[^()]{0,40}|,?\s+(?:having|with)\s+(?:a|its)\s+(?:principal\s+|registered\s+)?"
                             r"(?:place\s+of\s+business|offices?)\b[^()]{0,140})$")


def defined_term_parties(text: str, limit: int = 2500) -> list[Span]:
    """'CompuDyne Corporation and its subsidiaries (together, the "Company")', anywhere near the start.
    Not a name listed after "including" or "such as", nor one before a term that names a thing
    (a cited agreement, a competitor)."""
    spans = []
    head = text[:limit]
    # the preamble ends where the operative clauses begin; a name defined after that is one the body mentions
    operative = OPERATIVE_START.search(head)
    head = head[:operative.start()] if operative else head
    # the short names the text defines ("the Bank", "the Agent") stand for a party; they are never its name
    # (compared as written: "Acme Corp." is a name even where the text defines "Acme")
    short_names = {" ".join((t["term"] or t["abbr"]).lower().split()) for t in DEFINED_TERM.finditer(text[:limit])}
    for t in DEFINED_TERM.finditer(head):
        if t["term"] and _THING_TERM.search(t["term"].strip()):
            continue
        before = head[max(0, t.start() - 160):t.start()]
        # the name may be followed by a parenthetical of its own ('Acme Inc. (formerly Old Acme, Inc.) (the "Company")')
        # and by words of its own sentence ("and/or one of its subsidiaries or affiliates"), never by a new sentence
        # from a word's start ("nStor Corporation", never "Stor Corporation"; a number is one of its words: "Kes 7 Capital Inc.")
        # (a name never runs over a paragraph break: the title line above the sentence is not part of it)
        m = re.search(rf"(?<![\w-])((?=[A-Za-z])(?:(?:[A-Z]|[a-z]+[A-Z]|\d{{1,3}}(?=[ \t]+[A-Z]))[\w.&'’-]*(?:[ \t,]|\n(?![ \t]*\n))+(?:(?:and|&|of|the)\s+)?){{0,6}}(?:{ORG_SUFFIX_WORDS}|{ORG_SUFFIX_CAPITALS}|Association\b))[\s,]*"
                      rf"(?:\((?:formerly|f/k/a|d/b/a|now|previously)\b[^()]{{0,80}}\)\s*)?(?:(?:(?!\.\s+[A-Z])[^()]){{0,80}})?$", before)
        # "the Professional Golfers Association Tour (the "Tour")": the term names something longer than the name
        # (unless the words after it are a name of their own: "..., Inc. Shoshone Mining Company (the "Company")")
        if not m:
            # "Hyde Lake Bancorp, MHC, a Vermont-chartered mutual holding company (the "MHC")": no corporate suffix,
            # but the appositive says what kind of organisation the name is
            m = _APPOSITIVE_NAME.search(before)
        continues = m and re.match(r"\s+(?-i:[A-Z][a-z])", before[m.end(1):]) \
            and not re.search(rf"{ORG_SUFFIX_WORDS}[\s,]*$", before[m.end(1):])
        if m and not continues and not _LISTED_AFTER.search(before[:m.start(1)]) and not _DESCRIBED_BY.search(before[:m.start(1)]):
            # "Offering, the Corporation": the short name a party is defined by ends the words, no company's name
            if re.search(rf"(?:^|,\s*)the\s+{ORG_SUFFIX_WORDS}$", m.group(1).strip(), re.IGNORECASE):
                continue
            # 'WYZZ, Inc. and WYZZ Licensee, Inc. (collectively "WYZZ")', "A Inc., B Inc., and C Ltd. (collectively
            # the "Agents")": companies listed under one term
            for name in companies_listed(before[m.start(1):]) or [clean_name(_below_heading(m.group(1)))]:
                if plausible_party(name) and re.sub(r"^the\s+", "", " ".join(name.lower().split())) not in short_names:
                    found = locate(head, name, t.start() - 160)
                    if found:
                        spans.append(found)
    return spans


def _below_heading(words: str) -> str:
    """A name's words without the heading line naming the document they ran on from ("INTELLECTUAL PROPERTY
    RIGHTS AGREEMENT / Synchron"); a name's own words wrapped over lines stay ("NORTHWIND TRADERS / Corporation")."""
    above, _, last = words.rpartition("\n")
    return last if re.search(r"\b(?:AGREEMENT|CONTRACT|MEMORANDUM)\s*$", above) else words
