"""Parties named by a document's heading: on lines of their own under a centred title ("AGREEMENT /
BETWEEN THE / CITY OF TOLEDO / AND / ...") or in a mixed-case title sentence ("Agreement between the
Government of A and the Government of B concerning ..."). The preamble, defined-term and letter
readers are in parties.py.
Also the upper-case title block ("... / BETWEEN / A / AND / B / REGARDING ...", title_parties)."""
from __future__ import annotations

import re

from ingest.metadata.dates import is_date_line
from ingest.metadata.parties import DEPARTMENT_COMPONENT, HEADING_CONNECTOR, clean_name, split_and, plausible_party
from ingest.metadata.party_hierarchy import is_fragment
from ingest.metadata.spans import Span

_DOCUMENT_WORDS = re.compile(r"\b(?:AGREEMENT|COVENANT|ASSIGNMENT|CONFIDENTIALITY|NON-?DISCLOSURE|NON-?COMPETITION|"
                             r"NON-?SOLICITATION|COMPETITION|SECRETS|RELEASE|EMPLOYMENT)\b", re.IGNORECASE)
# "Employment" in a public body's name ("Employment and Training Administration", "Department of Labor and Employment",
# "Employment Security Department") names no employment agreement
_AGENCY_EMPLOYMENT = re.compile(r"\b(?:LABOU?R\s+AND\s+EMPLOYMENT|EMPLOYMENT\s+(?:AND\s+TRAINING|SECURITY|DEVELOPMENT|"
                                r"SERVICES?|COMMISSION|DEPARTMENT))\b", re.IGNORECASE)


def _names_a_document(name: str) -> bool:
    return bool(_DOCUMENT_WORDS.search(_AGENCY_EMPLOYMENT.sub(" ", name)))


_TITLE_NOISE = re.compile(r"^[^A-Za-z0-9(]+|[^A-Za-z0-9).]+$")
_HEADING_LEAD = re.compile(r"^(?:BY\s+AND\s+BETWEEN|BETWEEN|AMONG|AND)\s+(?:THE\s+)?(?P<rest>\S.*)$", re.IGNORECASE)
ORGANISATION_WORDS = re.compile(r"\b(?:CITY|COUNTY|TOWN|VILLAGE|BOROUGH|STATE\s+OF|COMMONWEALTH|GOVERNMENT|KINGDOM|REPUBLIC|"
                                r"DEPARTMENT|MINISTRY|OFFICE|AGENCY|BUREAU|ADMINISTRATION|COMMISSION|COUNCIL|BOARD|AUTHORITY|"
                                r"DISTRICT|ASSOCIATION|UNION|LODGE|GUILD|LOCAL\s+\d+|FEDERATION|BROTHERHOOD|FRATERNAL|"
                                r"SHERIFF|POLICE|FIRE|UNIVERSITY|COLLEGE|SCHOOLS?|ACADEMY|INC|CORPORATION|COMPANY|LLC|SERVICES?|CENTER|INSTITUTE|"
                                r"HOSPITAL|FOUNDATION|COMMITTEE|DIVISION|DIRECTORATE|"
                                # a corporate suffix says organisation as plainly: "SPARKLING WATER GROUP LIMITED"
                                r"LIMITED|LTD|LLP|PLC|L\.L\.C|GROUP|HOLDINGS|TRUST|BANK|PARTNERS)\b",
                                re.IGNORECASE)
_HEADING_STOP = re.compile(r"^(?:FOR\s+THE\s+PERIOD|EFFECTIVE|TERM|REGARDING|CONCERNING|TABLE\s+OF|PREAMBLE|ARTICLE|SECTION)\b|"
                           # the first numbered section ("1. PURPOSE", "II. AUTHORITY") is the body, not the heading
                           r"^(?:\d{1,2}|[IVX]{1,4}|[A-H])\.\s+\S|"
                           r"\d{4}\s*[-–—]\s*\d{2,4}|\.{4,}", re.IGNORECASE)
# a heading's name on two lines, a department over its component ("THE U.S. DEPARTMENT OF ENERGY" /
# "OFFICE OF SCIENCE"): the component is the party, the department its parent (see parent_of)
_DEPARTMENT_LINE = re.compile(r"^(?:THE\s+)?(?:U\.\s?S\.\s+|UNITED\s+STATES\s+)?(?:DEPARTMENT|MINISTRY)\s+OF\s+[A-Z ,&]+$",
                              re.IGNORECASE)


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
        if HEADING_CONNECTOR.match(stripped):
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
        if len(segment) >= 2 and _DEPARTMENT_LINE.match(segment[0][1]) and ORGANISATION_WORDS.search(segment[1][1]):
            segment = segment[1:]
        joined = " ".join(part for _, part in segment)
        pieces = split_and(joined) if len(segments) == 1 else [joined]
        for piece in pieces:
            name = re.sub(r"\s*\([^)]*\)\s*$", "", " ".join(piece.split())).strip(" ,.;:")
            name = re.sub(r"^THE\s+", "", name, flags=re.IGNORECASE)
            if not name or len(name.split()) > 14 or _names_a_document(name):
                continue
            said = re.compile(r"\s+".join(re.escape(w) for w in name.split()), re.IGNORECASE).search(body_words)
            display = said.group(0) if said and said.group(0).upper() != said.group(0) else name
            if not plausible_party(name):
                continue         # a clause line below the heading ("is above and beyond any ... Company")
            if ORGANISATION_WORDS.search(name) and len(name.split()) >= 2 and not re.match(r"(?:EXHIBIT|SCHEDULE|ANNEX)\b", name,
                                                                                           re.IGNORECASE):
                spans.append(Span(segment[0][0], segment[-1][0] + len(segment[-1][1]), display))
    return spans


_TITLE_BETWEEN = re.compile(r"\b(?:by\s+and\s+between|between|among|by)\s+(?P<names>.+)$", re.IGNORECASE)
# where a title stops naming parties and says what the agreement is about
_TITLE_SUBJECT = re.compile(r"\s+(?:concerning|regarding|relating\s+to|relative\s+to|on\s+the|on\s+(?=[a-z])|for\s+the|for\s+(?=[a-z])|"
                            r"to\s+(?=[a-z])|with\s+respect\s+to|amending|extending|establishing|pertaining\s+to|"
                            r"in\s+the\s+field|providing|under\s+which|pursuant|effective|dated|\d)\b.*$", re.IGNORECASE)


def title_sentence_parties(title: str, text: str, upper: bool = False) -> list[Span]:
    """'Agreement between the Government of A and the Government of B concerning ...': the names
    between 'between/among' and the subject, located in the page text (the title's own line). An
    upper-case title is read so only when asked (upper=True): where its lines and the preamble did not
    name the parties."""
    m = _TITLE_BETWEEN.search(title or "")
    if not m or (title.isupper() and not upper):    # an upper-case heading: title_parties reads it line by line
        return []
    names = _TITLE_SUBJECT.sub("", m["names"])
    if title.isupper():
        if not _ONE_LINE_TITLE.search(text[:3000]) and any(_DEPARTMENT_LINE.match(line.strip())
                                                             for line in text[:3000].splitlines()):
            return []        # department and component on lines of their own: heading_parties reads them line by line
        # "MEMORANDUM OF AGREEMENT BETWEEN THE DEPARTMENT OF X, OFFICE OF Y AND THE DEPARTMENT OF Z, W AGENCY":
        # in capitals every comma comes before a capital, so the names are parted at "AND THE" first, and a
        # department followed by its component names the component (see parent_of for the department)
        names = _TITLE_STOP_WORDS.sub("", names)
        pieces = []
        chunks = [c for c in re.split(r",?\s+AND\s+(?=THE\s)|;\s*|,\s*(?=THE\s)", names) if c.strip()]
        for chunk in chunks:
            component = DEPARTMENT_COMPONENT.search(" ".join(chunk.split()))
            # a name parted off at "AND THE" is whole ("U.S. CUSTOMS AND BORDER PROTECTION", "X BUREAU, U.S.
            # DEPARTMENT OF Y"): a list of names was parted at its commas above
            whole = len(chunks) > 1
            pieces += [component["component"]] if component else [(chunk,)] if whole else split_and(chunk)
    else:
        pieces = split_and(names)
    spans = []
    for piece in pieces:
        # a whole name keeps its comma ("BUREAU OF X, U.S. DEPARTMENT OF Y"); clean_name would end it there
        name = re.sub(r"^THE\s+", "", " ".join(piece[0].split()).strip(" ,;:")) if isinstance(piece, tuple) else clean_name(piece)
        if not plausible_party(name) or is_fragment(name) or _names_a_document(name):
            continue
        found = re.compile(r"\s+".join(re.escape(w) for w in name.split()), re.IGNORECASE).search(text)
        if found:
            spans.append(Span(found.start(), found.end(), name))
    return spans if len(spans) >= 2 else []


# the title's connector and the first name on the document's own title line
_ONE_LINE_TITLE = re.compile(r"(?m)^[^\n]*\b(?:AGREEMENT|MEMORANDUM|UNDERSTANDING|CONTRACT)\b[^\n]*\b(?:BETWEEN|AMONG)\s+[A-Z]")
# an upper-case title goes on to what the agreement is about: "... AND THE CITY OF X REGARDING ..."
_TITLE_STOP_WORDS = re.compile(r"\s+(?:REGARDING|CONCERNING|FOR\s+THE|FOR|ON\s+THE|TO\s+(?:ESTABLISH|PROVIDE)|RELATING\s+TO|"
                               r"WITH\s+RESPECT\s+TO|PERTAINING\s+TO)\b.*$")


_TITLE_STOP = re.compile(r"^(?:REGARDING|CONCERNING|FOR\b|ON\b|287\s?\(G\)|TO\s+(?:ESTABLISH|PROVIDE))", re.IGNORECASE)


def title_parties(text: str) -> list[Span]:
    """'... / BETWEEN / A / AND / B / REGARDING ...' title blocks split the parties by line, which is
    safer than splitting a sentence on 'and' ('U.S. Customs and Border Protection'). Long names wrap
    onto the next title line ('... HOMELAND SECURITY' / 'INVESTIGATIONS'), so the lines between two
    AND lines are read as one name; a block with no AND line ('BETWEEN A AND B', perhaps wrapped) is
    split like a sentence. Only names the body repeats are kept; when a joined name is not repeated,
    its lines are tried one by one ('DEPARTMENT OF HOMELAND SECURITY' / 'IMMIGRATION AND ...')."""
    lines, position = [], 0
    for raw in text.splitlines(keepends=True)[:20]:
        lines.append((position, raw.rstrip("\r\n")))
        position += len(raw)
    segments: list[list[str]] = []     # the title lines between BETWEEN / AND lines
    collecting = False
    body_start = 0
    for offset, line in lines:
        stripped = _TITLE_NOISE.sub("", line.strip())   # OCR specks: "_ THE ROCK HILL ...", "AND ."
        if not stripped or not stripped.isupper():
            if collecting and any(segments):
                break
            continue
        # "ANO": OCR's usual misreading of a lone AND line
        # "BETWEEN THE" / "AND THE" set alone on their lines: the article is no name
        m = re.match(r"^(?:BETWEEN|AND|AMONG|ANO$)\b\s*(?:THE(?:\s+|$))?(?P<rest>.*)$", stripped)
        if not m and not collecting:
            continue
        if not m and _TITLE_STOP.match(stripped):
            break
        collecting = True
        if m:
            segments.append([])
        rest = stripped[m.start("rest"):] if m else stripped
        if re.search(r"[A-Za-z0-9]{2}", rest):
            segments[-1].append(re.sub(r"\s*\([^)]*\)\s*$", "", rest).strip(" ,"))
        body_start = offset + len(line)
    segments = [lines_ for lines_ in segments if lines_]
    spans = []
    for lines_ in segments:
        joined = " ".join(lines_)
        # several segments: each is one name; a lone segment may hold all of them
        pieces = [joined] if len(segments) > 1 else split_and(joined)
        found = [_repeated_in_body(text, p, body_start) for p in pieces]
        if not all(found):
            # one-word wrapped tails ("INVESTIGATIONS", "PROTECTION") are never names on their own
            by_line = (split_and(lines_[0]) if len(segments) == 1 else lines_[:1]) + [
                p for p in lines_[1:] if len(p.split()) > 1]
            found = [_repeated_in_body(text, p, body_start) for p in by_line]
        spans += [span for span in found if span]
    return spans




def _repeated_in_body(text: str, name: str, body_start: int) -> Span | None:
    """The title's name where the body repeats it in the reader's casing; a title line the body
    never repeats is not a party name."""
    name = re.sub(r"^THE\s+", "", name.strip()).strip(" ,")
    if not name or len(name.split()) > 12 or _names_a_document(name):
        return None
    found = re.compile(r"\s+".join(re.escape(w) for w in name.split()), re.IGNORECASE).search(text, body_start)
    if found and found.group(0).upper() != found.group(0):
        return Span(found.start(), found.end(), " ".join(found.group(0).split()))
    component = DEPARTMENT_COMPONENT.search(" ".join(name.split()))
    if component:
        # "U.S. DEPARTMENT OF THE INTERIOR, BUREAU OF INDIAN AFFAIRS" where the body names the bureau alone:
        # the component is the party (parent_of records its department)
        return _repeated_in_body(text, component["component"], body_start)
    return None
