"""Structure features: what kind of document this is, read from its shape rather than its words.

A record *about* an agreement (a resolution approving it, a report citing it, a press release)
shares the agreement's vocabulary but not its structure; a labour contract titled "Memorandum of
Understanding" shares the title of an ISAA but not its parties. Each cue below is a named regular
expression counted over part of the text and turned into a value in [0, 1], so the linear model
can weigh it and the evidence shown to a reviewer can point at the match that fired it:
- who the parties are: government bodies, foreign partners (treaty language), unions, companies;
- signature blocks and how dense the obligations are ("shall", "agree");
- record headings: RESOLUTION, NOTICE, PRESS RELEASE, REPORT, FAQ, FORM, AGENDA, MINUTES;
- letter and memo headers: TO / FROM / SUBJECT / DATE, a salutation, a closing;
- directive sections (purpose, scope, authority, responsibilities) and blank form fields.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from corpus.organisations import lowered_for_search

FRONT_CHARS = 4000        # where a document names its parties and its kind
TAIL_CHARS = 6000         # where signature blocks sit
BODY_CHARS = 60000        # enough body to measure densities without reading whole books
I, M = re.IGNORECASE, re.MULTILINE


@dataclass(frozen=True)
class Cue:
    name: str
    pattern: re.Pattern
    region: str           # front | body | tail | lines (the first lines of the front)
    saturate: int         # count at which the value reaches 1
    per_words: int = 0    # > 0: a density, occurrences per this many words (then saturate applies to it)
    # the pattern without IGNORECASE, for the lowercased text (None: it has capitals; the pattern
    # then runs as it is): `re` matches a literal ignoring case several times slower, and the
    # cues run over 60,000 characters of every document the classifier reads
    lowercase: re.Pattern | None = None


def _cue(name: str, regex: str, region: str, saturate: int = 3, flags: int = I | M, per_words: int = 0) -> Cue:
    lowercase = None
    if flags & I and not re.search(r"[A-Z]", re.sub(r"\\.", "", regex)):   # capitals only in escapes (\s, \b)
        lowercase = re.compile(regex, flags & ~I)
    return Cue(name, re.compile(regex, flags), region, saturate, per_words, lowercase)


# Heading words count when they stand on a line of their own (optionally with a number or date),
# as records title themselves, not when they occur inside a sentence.
def _heading(words: str) -> str:
    return r"^[ \t#*]*(?:%s)\b[^\n]{0,60}$" % words


CUES: tuple[Cue, ...] = (
    # -- parties ---------------------------------------------------------------------------------
    _cue("party_government", r"\b(?:department of|county of|city of|state of|office of|board of|"
         r"commission|sheriff'?s? office|police department|school district|agency|ministry of|"
         r"government of|district attorney|governor)\b", "front", 6),
    _cue("party_foreign", r"\b(?:kingdom of|republic of|government of the|contracting part(?:y|ies)|"
         r"exchange of notes|excellency|embassy|high contracting|done at [a-z ]+, (?:in|this)|"
         r"in (?:two|duplicate) originals?|in the (?:english|dutch|french|spanish) languages?)\b", "body", 4),
    _cue("party_union", r"\b(?:union|local (?:no\.? ?)?\d+|bargaining unit|collective bargaining|"
         r"grievance|seniority|overtime|employees? association|officers'? association|"
         r"fraternal order|iaff|afscme|teamsters|wages?)\b", "body", 8, per_words=1000),
    _cue("party_company", r"\b(?:inc|llc|l\.l\.c|corp|corporation|ltd|limited|plc|gmbh|l\.p)\b\.?", "front", 4),
    _cue("between_parties", r"\b(?:by and between|between the|entered into (?:by|between))\b", "front", 2),
    # -- signatures and obligations ------------------------------------------------------------------
    _cue("signature_block", r"(?:in witness whereof|^\s*by:\s|^\s*signature\b|^\s*signed\b|/s/|"
         r"^\s*name:\s|^\s*title:\s|_{8,}|for the (?:government|department|county|city) of)", "tail", 5),
    _cue("shall_density", r"\bshall\b", "body", 12, per_words=1000),
    _cue("agree_density", r"\b(?:agrees?|agreed|undertakes?|covenants?)\b", "body", 6, per_words=1000),
    _cue("the_parties", r"\b(?:the parties|each party|either party|both parties)\b", "body", 6),
    _cue("term_termination", r"\b(?:terminat(?:e|ion)|term of this|effective upon|shall remain in effect|"
         r"amendments? to this)\b", "body", 4),
    _cue("whereas", r"^\s*whereas\b", "body", 4),
    _cue("be_it_resolved", r"\b(?:be it (?:further )?resolved|resolved,? that|now,? therefore,? be it)\b", "body", 2),
    # -- record headings -------------------------------------------------------------------------------
    _cue("heading_resolution", _heading(r"resolution(?: no\.?)?"), "lines", 1),
    _cue("heading_notice", _heading(r"notice(?: of)?|public notice"), "lines", 1),
    _cue("heading_press_release", r"\b(?:press release|for immediate release|news release|media contact)\b",
         "front", 1),
    _cue("heading_report", _heading(r"(?:staff |annual |final |oversight |audit |board )?report"), "lines", 1),
    _cue("heading_faq", r"(?:frequently asked questions|\bfaqs?\b|questions and answers|^\s*q(?:uestion)?\s*\d*[:.]\s)",
         "body", 4),
    _cue("heading_form", _heading(r"form\b|(?:application|request) form|routing slip"), "lines", 1),
    _cue("agenda_minutes", r"\b(?:agenda|minutes|roll call|call to order|adjourn(?:ed|ment)|motion|seconded|"
         r"ayes?|noes|public comment|consent calendar)\b", "body", 6, per_words=1000),
    _cue("federal_register", r"(?:federal register|^\s*(?:agency|action|summary|dates|addresses):\s)", "front", 3),
    # -- letters and memoranda ---------------------------------------------------------------------------
    _cue("memo_to", r"^\s*(?:to|memorandum for)\s*:?\s", "lines", 1),
    # Text conversions often lose the colon ("From Jane Doe- Director", "Subject- ..."): a dash will do.
    _cue("memo_heading", r"^[ \t#*]*memorandum\b(?! of (?:understanding|agreement|cooperation))", "lines", 1),
    _cue("memo_from", r"^\s*from\s*[:\-\u2013]|^\s*from\s*:?\s+\S+(?:\s\S+)?\s*[-\u2013,]", "lines", 1),
    _cue("memo_subject", r"^\s*(?:subject|re|subj)\s*[:\-\u2013]", "lines", 1),
    _cue("memo_date", r"^\s*date\s*:\s?", "lines", 1),
    _cue("salutation", r"^\s*dear\b", "front", 1),
    _cue("closing", r"^\s*(?:sincerely|respectfully|regards|cordially)\b", "tail", 1),
    # -- directives and forms ------------------------------------------------------------------------------
    _cue("policy_sections", r"^[ \t#*\divx.()]*(?:purpose|scope|authority|authorities|applicability|"
         r"responsibilities|definitions|policy|procedures?|background|required actions?|effective date|"
         r"cancellation|supersedes?)\b\s*[:.]?\s*$", "body", 5),
    _cue("blank_fields", r"(?:_{4,}|\[ \]|☐|□|\(check one\)|\(if applicable\)|\(print\)|\(signature\))", "body", 10),
)
NAMES: tuple[str, ...] = tuple(c.name for c in CUES)
WORD = re.compile(r"\w+")
LINES_OF_FRONT = 25


def _regions(text: str) -> dict[str, str]:
    front = text[:FRONT_CHARS]
    return {"front": front, "body": text[:BODY_CHARS], "tail": text[-TAIL_CHARS:],
            "lines": "\n".join(front.splitlines()[:LINES_OF_FRONT])}


def _value(cue: Cue, count: int, words: int) -> float:
    if cue.per_words:
        count = count * cue.per_words / max(words, 200)   # short texts: do not inflate densities
    return min(math.log1p(count) / math.log1p(cue.saturate), 1.0)


def structure_vector(text: str) -> list[float]:
    """One value in [0, 1] per cue of CUES, in order."""
    regions = _regions(text)
    words = len(WORD.findall(regions["body"]))
    # A region lowercased and matched without IGNORECASE is the region matched ignoring case, unless
    # lowered_for_search gives None for it (corpus.organisations)
    lowered = {region: lowered_for_search(part) for region, part in regions.items()}
    counts = [sum(1 for _ in cue.lowercase.finditer(lowered[cue.region]))
              if cue.lowercase and lowered[cue.region] is not None
              else sum(1 for _ in cue.pattern.finditer(regions[cue.region])) for cue in CUES]
    return [_value(cue, count, words) for cue, count in zip(CUES, counts)]


def find_cue(text: str, name: str) -> tuple[int, int] | None:
    """(start, end) in `text` of the first match of the named cue within its region (evidence)."""
    cue = next((c for c in CUES if c.name == name), None)
    if cue is None:
        return None
    region = _regions(text)[cue.region]
    match = cue.pattern.search(region)
    if match is None:
        return None
    offset = len(text) - len(region) if cue.region == "tail" else 0
    return offset + match.start(), offset + match.end()
