"""Parties of letter agreements and personal agreements: the letterhead and address block's
organisations, and an individual who signs for themselves (the employee of an employment NDA)."""
from __future__ import annotations

import re

from ingest.metadata.dates import is_date_line
from ingest.metadata.parties import ORG_LINE, clean_name, plausible_party
from ingest.metadata.signatures import NOT_A_PERSON
from ingest.metadata.spans import Span, locate

def letter_parties(text: str) -> list[Span]:
    """Letter agreements: the organisation lines of the letterhead and the address block."""
    spans = []
    position = 0
    attention = False
    for number, line in enumerate(text.splitlines(keepends=True)):
        if number > 30:
            break
        stripped = line.strip()
        if len(stripped.split()) > 14:
            break      # a paragraph began: the letterhead and address block are above it
        # the lines under "Attention:" name a person, their office and the group they head, not a party
        attention = bool(re.match(r"(?:Attn|Attention)\b", stripped, re.IGNORECASE)) or (attention and bool(stripped)
                                                                                     and not stripped.isupper())
        if not attention and ORG_LINE.match(stripped) and len(stripped.split()) <= 9 and plausible_party(clean_name(stripped)):
            name = clean_name(stripped)
            found = locate(text, name, position)
            if found:
                spans.append(found)
        position += len(line)
    return spans


_SIGNED_LINE = re.compile(r"^[ \t]*(?P<by>By:?\s*)?/s/[ \t]*(?P<name>[A-Z][A-Za-z.'’-]+(?:[ \t]+[A-Z][A-Za-z.'’-]*){1,3})[ \t]*$",
                          re.MULTILINE)
_OFFICE_WORDS = re.compile(r"\b(?:Title|Its|President|Officer|Director|Chief|Secretary|Manager|Vice|Counsel|Partner|"
                           r"Chairman|CEO|CFO|Treasurer|Member|Authori[sz]ed|Signatory|Head|General|Principal|"
                           r"Administrator|Commissioner|Superintendent|Supervisor|Mayor|Sheriff)\b")
# a person's post on a line of its own in a letter's address block ("Executive Director"): no organisation
_POST_ONLY = re.compile(r"^(?:(?:Executive|Deputy|Assistant|Associate|Acting|Regional|General|Managing|Program|Chief)\s+)*"
                        r"(?:Director|Administrator|Manager|Commissioner|Secretary|Counsel|Officer|Superintendent|President|"
                        r"Chair(?:man|woman|person)?|Supervisor|Coordinator)$")
_PERSONAL_AGREEMENT = re.compile(r"\b(?:my|your)\s+(?:employment|engagement|resignation|service|retirement)\b|"
                                 r"^\s*Dear\s+(?!Sir|Madam|Ladies|Gentlemen)(?:(?:Mr|Ms|Mrs|Dr)\.?\s+)?[A-Z][a-z]+\s*[:,]|\((?:the\s+)?[\"“](?:Employee|"
                                 r"Executive|Consultant|Contractor|Director|Advisor|Individual|Shareholder|Stockholder)[\"”]\)",
                                 re.IGNORECASE | re.MULTILINE)


# the role an individual party signs under ("EMPLOYEE:", "THE EXECUTIVE:", "SECOND PARTY"), at a line's start
_INDIVIDUAL_ROLE_LABEL = re.compile(r"^[ \t]*[\"“]?(?:THE\s+)?(?:EMPLOYEE|EXECUTIVE|CONSULTANT|ADVISOR|ADVISER|INDIVIDUAL|"
                                    r"SECOND\s+PARTY|UNDERSIGNED)[\"”]?"
                                    # then the line ends, or a signature follows, or the other column's company
                                    r"(?=[ \t]*:?[ \t]*(?:\n|$)|[ \t]*:?[ \t]+(?:/\s?s/|By\b)|[ \t]+[A-Z][\w&.'’-]*(?:[ \t]+[\w&.'’-]+){0,4},?"
                                    r"[ \t]+(?:Inc|LLC|Corp|Corporation|Company|Ltd|plc)\b)", re.IGNORECASE | re.MULTILINE)
# the first signature or printed name after that label: "/s/ Jane Q. Doe", "Name: Jane Q. Doe"
_SIGNED_NAME = re.compile(r"(?:/\s?s/|\bName\s*:)[ \t]*(?P<name>[A-Z][A-Za-z'’-]+(?:[ \t]+(?:[A-Z]\.|[A-Z][A-Za-z'’-]+)){1,3}"
                          r"(?:,?[ \t]+(?:Jr\.|Sr\.|III|II|IV)(?![A-Za-z]))?)")
_UNDERSIGNED = re.compile(r"\bthe\s+undersigned\b|\((?:the\s+|hereinafter\s+(?:called\s+)?)?[\"“]?(?:Employee|Executive|Consultant|"
                          r"Advisor|Individual)[\"”]?\)", re.IGNORECASE)


def role_label_signer(text: str) -> list[Span]:
    """An individual party named only by role in the preamble ("the undersigned employee", "you",
    'John Doe ("Employee")') signs under that role at the end: "EMPLOYEE: /s/ Jane Q. Doe" or
    "Employee / By: ____ / Name: Jane Q. Doe". The first name signed under the label is that party;
    an organisation's signatory ("By: /s/ ..." under the company's name) is not."""
    if not (_PERSONAL_AGREEMENT.search(text[:6000]) or _UNDERSIGNED.search(text[:6000])):
        return []
    tail_start = max(0, len(text) - 3000)
    for label in _INDIVIDUAL_ROLE_LABEL.finditer(text, tail_start):
        m = _SIGNED_NAME.search(text, label.end(), label.end() + 250)
        if m is None:
            continue
        following = [line.strip() for line in text[m.end():m.end() + 200].splitlines()[1:] if line.strip()][:1]
        if following and re.match(r"(?:By:?\s*)?/\s?s/", following[0]):
            continue        # two signatures stacked under one label: the columns ran together, whose is whose is lost
        # two columns on one line: "/s/ Jane Doe By / s/ ..." (the other column's label is no part of the name)
        name = re.sub(r"\s+(?:By|Name|Title|Date|Its)\b.*$", "", " ".join(m["name"].split()))
        if not NOT_A_PERSON.search(name) and plausible_party(name):
            return [locate(text, name, m.start("name")) or Span(m.start("name"), m.end("name"), name)]
    return []


def signs_for_an_organisation(text: str, name: str) -> bool:
    """Whether the text shows the person signing for an organisation: "By: /s/ Jane Doe", "By: Jane Doe,
    President", "Jane Doe Its: Chief Officer" (the block of a company's signatory, however its lines ran together)."""
    person = r"\s+".join(re.escape(w) for w in name.split())
    return bool(re.search(rf"\bBy\s*:?\s*(?:/\s?s/\s*)?{person}\b|\b{person}\s*,?\s*(?:\n\s*)?(?:Its|Title)\s*:", text))


def individual_signers(text: str) -> list[Span]:
    """People who sign for themselves ("/s/ Jane Doe" with no "By:" and no office below): in an
    employment or personal agreement that person is a party; one who signs for an organisation is not."""
    labelled = role_label_signer(text)
    if labelled:
        return labelled
    if not _PERSONAL_AGREEMENT.search(text[:6000]):
        return []
    spans = []
    for m in _SIGNED_LINE.finditer(text):
        if m["by"] or signs_for_an_organisation(text, " ".join(m["name"].split())):
            continue
        # the line below (or, when it repeats the name, the one after) would hold an office
        below = [line.strip() for line in text[m.end():m.end() + 200].splitlines() if line.strip()][:2]
        if below and below[0].lower().startswith(m["name"].lower()):
            below = below[1:]         # the name printed again, perhaps with its letters ("Jane Doe, P.E.")
        if below and _OFFICE_WORDS.search(below[0].split("/s/")[0]):
            continue
        name = clean_name(m["name"])          # a name printed twice on the line is one name
        spans.append(Span(m.start("name"), m.start("name") + len(name), name))
        break
    return spans


_SALUTATION = re.compile(r"^\s*Dear\s+(?P<whom>[^:\n]{2,120}):?\s*$", re.MULTILINE)
_HEADER_LINE = re.compile(r"^(?:RELEASED\s+UNDER|FOR\s+OFFICIAL\s+USE|UNCLASSIFIED|DRAFT|PRE-DECISIONAL|Page\s+\d)", re.IGNORECASE)
_DEPARTMENT_HEAD = re.compile(r"^(?:U\.S\.\s+|United\s+States\s+)?Department\s+of\s+[A-Z][\w ]+$")


def letterhead_parties(text: str) -> list[Span]:
    """Letters: the sender's letterhead (its component, not the department heading above it) and the
    addressee's organisation. Only lines the letter's body names again are kept."""
    salutation = _SALUTATION.search(text[:3000])
    if not salutation:
        return []
    whom = " ".join(salutation["whom"].split()).lower()
    body = " ".join(text[salutation.end():salutation.end() + 4000].split()).lower()
    lines, position = [], 0
    for raw in text[:salutation.start()].splitlines(keepends=True):
        stripped = raw.strip()
        if stripped and not _HEADER_LINE.match(stripped) and not stripped.isupper() and not is_date_line(stripped):
            lines.append((position + raw.find(stripped), stripped))
        position += len(raw)
    spans = []
    for i, (offset, line) in enumerate(lines):
        if line.lower().rstrip(",:") == whom or re.match(r"^(?:Attn|Attention|Re)\b", line, re.IGNORECASE):
            continue
        if _DEPARTMENT_HEAD.match(line) and i + 1 < len(lines) and lines[i + 1][1].lower() in body:
            continue          # "U.S. Department of Homeland Security" above the component that writes
        if len(line.split()) > 14 or not re.match(r"[A-Z]", line) or line.lower() not in body or not plausible_party(line) \
                or _POST_ONLY.match(line):
            continue
        spans.append(Span(offset, offset + len(line), line))
    return spans

