"""Parties named by a document's heading: on lines of their own under a centred title ("AGREEMENT /
BETWEEN THE / CITY OF TOLEDO / AND / ...") or in a mixed-case title sentence ("Agreement between the
Government of A and the Government of B concerning ..."). The preamble, defined-term and letter
readers are in parties.py."""
from __future__ import annotations

import re

from ingest.metadata.dates import is_date_line
from ingest.metadata.parties import (_DOCUMENT_WORDS, _HEADING_CONNECTOR, _TITLE_NOISE, Span, _clean_name, _is_fragment,
                                     plausible_party, _split_and)

_HEADING_LEAD = re.compile(r"^(?:BY\s+AND\s+BETWEEN|BETWEEN|AMONG|AND)\s+(?:THE\s+)?(?P<rest>\S.*)$", re.IGNORECASE)
ORGANISATION_WORDS = re.compile(r"\b(?:CITY|COUNTY|TOWN|VILLAGE|BOROUGH|STATE\s+OF|COMMONWEALTH|GOVERNMENT|KINGDOM|REPUBLIC|"
                                r"DEPARTMENT|MINISTRY|OFFICE|AGENCY|BUREAU|ADMINISTRATION|COMMISSION|COUNCIL|BOARD|AUTHORITY|"
                                r"DISTRICT|ASSOCIATION|UNION|LODGE|GUILD|LOCAL\s+\d+|FEDERATION|BROTHERHOOD|FRATERNAL|"
                                r"SHERIFF|POLICE|FIRE|UNIVERSITY|COLLEGE|SCHOOL|ACADEMY|INC|CORPORATION|COMPANY|LLC)\b",
                                re.IGNORECASE)
_HEADING_STOP = re.compile(r"^(?:FOR\s+THE\s+PERIOD|EFFECTIVE|TERM|REGARDING|CONCERNING|TABLE\s+OF|PREAMBLE|ARTICLE|SECTION)\b|"
                           r"\d{4}\s*[-–—]\s*\d{2,4}|\.{4,}", re.IGNORECASE)


def heading_parties(text: str, body: str = "") -> list[Span]:
    """Parties named on the lines of a centred heading: "AGREEMENT / BETWEEN THE / CITY OF TOLEDO /
    AND / TOLEDO POLICE / PATROLMAN'S ASSOCIATION", "MEMORANDUM OF UNDERSTANDING / CITY OF PHOENIX /
    AND / PHOENIX LAW ENFORCEMENT ASSOCIATION" (the first party with no BETWEEN line). A party's
    lines are joined; a name counts when it reads as an organisation or the body repeats it, and is
    shown as the body spells it where it does."""
    lines, position = [], 0
    for raw in text.splitlines(keepends=True)[:30]:
        lines.append((position, raw.rstrip("\r\n")))
        position += len(raw)
    segments: list[list[tuple[int, str]]] = []
    pending: list[tuple[int, str]] = []        # name lines before the first connector (no BETWEEN line)
    started = False
    title_seen = False
    blanks = 0
    for offset, line in lines:
        stripped = _TITLE_NOISE.sub("", line.strip())
        if not stripped:
            blanks += 1
            if blanks > 3 and started:
                break
            continue
        blanks = 0
        start = offset + line.find(stripped[:8]) if stripped[:8] in line else offset
        if _HEADING_STOP.search(stripped) or is_date_line(stripped):
            if started:
                break
            continue
        names_document = bool(_DOCUMENT_WORDS.search(stripped) or re.search(r"\bMEMORANDUM\b|\bUNDERSTANDING\b", stripped,
                                                                          re.IGNORECASE))
        if not started and (names_document or not title_seen):
            title_seen = title_seen or names_document
            if not names_document or not (stripped.isupper() or stripped.istitle()):
                continue
            if re.search(r"\b(?:BY\s+AND\s+BETWEEN|BETWEEN|AMONG)(?:\s+THE)?\s*$", stripped, re.IGNORECASE):
                started = True          # "MEMORANDUM OF UNDERSTANDING BETWEEN" / names on the lines below
                segments.append([])
            continue
        if _HEADING_CONNECTOR.match(stripped):
            if not started and pending:
                segments.append(pending)
            started = True
            segments.append([])
            continue
        m = _HEADING_LEAD.match(stripped)
        if m:
            if not started and pending:
                segments.append(pending)
            started = True
            segments.append([(start + m.start("rest"), m["rest"])])
            continue
        if not (stripped.isupper() or stripped.istitle()) or len(stripped.split()) > 10:
            if started:
                break
            continue
        if started and segments:
            segments[-1].append((start, stripped))
        elif not started:
            pending.append((start, stripped))
            if len(pending) > 3:
                break
    spans: list[Span] = []
    body_words = " ".join(body.split())
    for segment in segments:
        if not segment:
            continue
        joined = " ".join(part for _, part in segment)
        pieces = _split_and(joined) if len(segments) == 1 else [joined]
        for piece in pieces:
            name = re.sub(r"\s*\([^)]*\)\s*$", "", " ".join(piece.split())).strip(" ,.;:")
            name = re.sub(r"^THE\s+", "", name, flags=re.IGNORECASE)
            if not name or len(name.split()) > 14 or _DOCUMENT_WORDS.search(name):
                continue
            said = re.compile(r"\s+".join(re.escape(w) for w in name.split()), re.IGNORECASE).search(body_words)
            display = said.group(0) if said and said.group(0).upper() != said.group(0) else name
            if ORGANISATION_WORDS.search(name) and len(name.split()) >= 2 and not re.match(r"(?:EXHIBIT|SCHEDULE|ANNEX)\b", name,
                                                                                           re.IGNORECASE):
                spans.append(Span(segment[0][0], segment[-1][0] + len(segment[-1][1]), display))
    return spans


_TITLE_BETWEEN = re.compile(r"\b(?:by\s+and\s+between|between|among|by)\s+(?P<names>.+)$", re.IGNORECASE)
# where a title stops naming parties and says what the agreement is about
_TITLE_SUBJECT = re.compile(r"\s+(?:concerning|regarding|relating\s+to|relative\s+to|on\s+the|on\s+(?=[a-z])|for\s+the|for\s+(?=[a-z])|"
                            r"to\s+(?=[a-z])|with\s+respect\s+to|amending|extending|establishing|pertaining\s+to|"
                            r"in\s+the\s+field|providing|under\s+which|pursuant|effective|dated|\d)\b.*$", re.IGNORECASE)


def title_sentence_parties(title: str, text: str) -> list[Span]:
    """'Agreement between the Government of A and the Government of B concerning ...': the names
    between 'between/among' and the subject, located in the page text (the title's own line)."""
    m = _TITLE_BETWEEN.search(title or "")
    if not m or title.isupper():        # an upper-case heading: title_parties reads it line by line
        return []
    names = _TITLE_SUBJECT.sub("", m["names"])
    spans = []
    for piece in _split_and(names):
        name = _clean_name(piece)
        if not plausible_party(name) or _is_fragment(name) or _DOCUMENT_WORDS.search(name):
            continue
        found = re.compile(r"\s+".join(re.escape(w) for w in name.split()), re.IGNORECASE).search(text)
        if found:
            spans.append(Span(found.start(), found.end(), name))
    return spans if len(spans) >= 2 else []
