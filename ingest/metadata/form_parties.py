"""The parties of an interagency agreement form (the Treasury/GSA 7600A "General Terms and Conditions"
and 7600B "Order" forms, and forms laid out like them): the requesting and the servicing agency, read
from the form's labelled blocks. The form's printed title ("Agreement Between Federal Agencies") names
a class of parties, never two; the officials' blocks further down name people, never agencies."""
from __future__ import annotations

import re

from corpus.organisations import party_kind
from ingest.metadata.heading_parties import ORGANISATION_WORDS
from ingest.metadata.parties import clean_name, named_component, plausible_party, split_and
from ingest.metadata.spans import Span, locate

# "Requesting Agency: Department of Commerce" / "Servicing Agency Name - General Services Administration"
_LABELLED = re.compile(r"(?P<role>Requesting|Servicing)\s+Agency(?:['’]s)?(?:\s+Name)?[ \t]*[:–—-][ \t]*"
                       r"(?P<name>[A-Z][^\n:]{2,110}?)[ \t]*(?:\n|$|\s{3,})", re.IGNORECASE)
# the block whose columns are the two agencies: "Requesting Agency of Products/Services   Servicing Agency
# Providing Products/Services" (7600A) or "Primary Organization/Office ... Requesting Agency  Servicing Agency"
# (7600B); its "Name" row holds the two names, on the label's line or on the lines below it
_COLUMNS = re.compile(r"Requesting\s+Agency(?:\s+of\s+Products?\s*/?\s*Services?)?[^\n]{0,80}?Servicing\s+Agency[^\n]*\n",
                      re.IGNORECASE)
# (a form may number its boxes: "8. Name: Department of the Interior,     9. Name: General Services Administration,")
_BOX_NUMBER = r"(?:\d{1,2}[a-z]?\.[ \t]*)?"
_NAME_ROW = re.compile(r"^[ \t]*" + _BOX_NUMBER + r"(?:Primary\s+Organi[sz]ation\s*/\s*Office\s+)?Name\b[ \t]*:?(?P<rest>[^\n]*)",
                       re.IGNORECASE | re.MULTILINE)
_BOX_LABEL = re.compile(r"^" + _BOX_NUMBER + r"(?:Agency\s+)?Name\b[ \t]*:?[ \t]*", re.IGNORECASE)
# a form whose blocks are stacked: a "REQUESTING AGENCY" block header over its "Agency Name:" box
_STACKED = re.compile(r"^[ \t]*(?P<role>Requesting|Servicing)\s+Agency[ \t]*:?[ \t]*\n[ \t]*" + _BOX_NUMBER +
                      r"(?:Agency\s+)?Name[ \t]*:[ \t]*(?P<name>[A-Z][^\n]{2,110}?)[ \t]*$", re.IGNORECASE | re.MULTILINE)
_OTHER_LABEL = re.compile(r"^\s*(?:Address|Responsible|Title|Telephone|Phone|Fax|E-?mail|Signature|Date|Point\s+of\s+Contact|"
                          r"\d{1,2}\.)", re.IGNORECASE)
# where a second agency's name starts when the two columns run together on one line
_NAME_START = re.compile(r"\s(?=(?:U\.\s?S\.\s+|United\s+States\s+|the\s+)?(?:Department|Office|Bureau|Administration|"
                         r"Agency|Federal|National|General\s+Services|Defense|Environmental|Social\s+Security|Small\s+Business)\b)")
# the officials' blocks (program, funding, finance officials) name people: the reading stops there
_OFFICIALS = re.compile(r"PROGRAM\s+OFFICIALS|FUNDING\s+OFFICIALS|AGENCY\s+OFFICIAL|CONTACT\s+INFORMATION|"
                        r"Points?\s+of\s+Contact", re.IGNORECASE)


_PUBLIC_BODY = re.compile(r"\b(?:Foundation|Service|Services|Institutes?|Corps|Center|Survey|Archives|Library|Mint|Academy)\b")


# the form's own furniture: its block headers and labels, never a sentence that mentions the two roles
# ("a reimbursable arrangement between the requesting agency, X, and the servicing agency, Y") or cites
# the forms ("obligated on the General Terms and Conditions (Form 7600A)")
_FORM_MARKS = re.compile(r"\bGT\s*&\s*C\s*#|\(GT\s*&\s*C\)\s+Section|Requesting\s+Agency\s+of\s+Products|Servicing\s+Agency\s+Providing|"
                         r"Funding\s+Information\s+\(Order\)\s+Section|(?-i:Requesting\s+Agency\s*:)|"
                         # the order form's printed title and its boxes: "ORDER REQUIREMENTS AND FUNDING INFORMATION",
                         # "GT&C Agreement Period:", "Requesting Agency ALC:"
                         r"^[ \t]*Order\s+Requirements\s+and\s+Funding\s+Information[ \t]*$|\bGT\s*&\s*C\s+(?:Agreement\s+)?"
                         r"(?:Number|No\.|Period)\b|(?:Requesting|Servicing)\s+Agency\s+ALC\b", re.IGNORECASE | re.MULTILINE)


def is_agency_form(text: str) -> bool:
    """A form with a requesting and a servicing agency (an interagency agreement's form), by its layout."""
    return bool(re.search(r"Requesting\s+Agency", text, re.IGNORECASE) and re.search(r"Servicing\s+Agency", text, re.IGNORECASE)
                and _FORM_MARKS.search(text))


def _agency(candidate: str) -> str | None:
    name = clean_name(named_component(candidate))
    kind = party_kind(name)
    if not plausible_party(name) or kind == "company" or (kind == "unknown" and not (ORGANISATION_WORDS.search(name) or _PUBLIC_BODY.search(name))):
        return None      # a form's blank, a placeholder ("FILL IN"), a person, or the next label
    return name


def _column_names(rest: str, following: list[str]) -> list[str]:
    """The names of a Name row: the columns after the label, else the filled lines below it."""
    values = [_BOX_LABEL.sub("", v) for v in re.split(r"\s{3,}|\t", rest.strip()) if v.strip()]
    if len(values) == 2 and following:
        # each column's name goes on under it: "Department of the Interior," / "Bureau of Land Management"; without
        # the comma only where both lines below name a body under a department ("Forest Service", no address)
        below = [v for v in re.split(r"\s{3,}|\t", following[0].strip()) if v.strip()]
        if len(below) == 2 and not any(_OTHER_LABEL.match(v) for v in below):
            if all(v.rstrip().endswith(",") for v in values):
                values = [f"{v} {w}" for v, w in zip(values, below)]
            elif all(re.match(r"(?:U\.\s?S\.\s+)?Department\s+of\b", v.strip()) and not re.search(r"\d", w) and _agency(w)
                     for v, w in zip(values, below)):
                values = [f"{v.strip()}, {w}" for v, w in zip(values, below)]
    if not values:
        for line in following:
            if _OTHER_LABEL.match(line):
                break
            values += [v for v in re.split(r"\s{3,}|\t", line.strip()) if v.strip()]
            if len(values) >= 2:
                break
    if len(values) == 1:       # the two columns ran together: part them where a second agency's name starts
        joined = values[0]
        parts = [m.start() for m in _NAME_START.finditer(joined) if m.start() > 0]
        split = next((p for p in parts if _agency(joined[:p]) and _agency(joined[p:])), None)
        if split is not None:
            values = [joined[:split], joined[split:]]
    return values[:2]


def form_parties(text: str) -> list[Span]:
    """The requesting and the servicing agency where the form names them; [] for a blank form."""
    if not is_agency_form(text):
        return []
    officials = _OFFICIALS.search(text)
    limit = officials.start() if officials else len(text)
    spans: list[Span] = []
    for m in _LABELLED.finditer(text, 0, limit):
        name = _agency(m["name"])
        found = locate(text, name, m.start("name")) if name else None
        if found:
            spans.append(found)
    for m in _STACKED.finditer(text, 0, limit):
        name = _agency(m["name"])
        found = locate(text, name, m.start("name")) if name else None
        if found and all(found.text != s.text for s in spans):
            spans.append(found)
    header = _COLUMNS.search(text, 0, limit)
    if header:
        row = _NAME_ROW.search(text, header.end(), min(limit, header.end() + 600))
        if row:
            following = text[row.end():row.end() + 400].split("\n")[1:5]
            for value in _column_names(row["rest"], following):
                name = _agency(value)
                found = locate(text, name, row.start()) if name else None
                if found and all(found.text != s.text for s in spans):
                    spans.append(found)
    return spans


# a heading's labelled fields naming the parties: "Party 1: Minnesota Department of Education" / "Party 2: ...",
# "Parties: City of Tempe Police Department and City of Mesa Police Department" (in the first lines, before the body)
_PARTY_FIELD = re.compile(r"^[ \t]*Party[ \t]+(?:\d|[A-D]|One|Two|Three)[ \t]*:[ \t]*(?P<name>[A-Z][^\n]{2,140}?)[ \t]*$", re.MULTILINE)
_PARTIES_FIELD = re.compile(r"^[ \t]*Parties[ \t]*:[ \t]*(?P<names>[A-Z][^\n]{4,240}?)[ \t]*$", re.MULTILINE)


# a data use agreement's summary, as fields or table rows: "Data Provider:  X" / "| Data Recipient | Y |"
_DATA_ROLE_FIELD = re.compile(r"^[ \t]*\|?[ \t]*(?:Data[ \t]+)?(?:Provider|Recipient)[ \t]*(?::|\|)[ \t]*"
                              r"(?P<name>[A-Z][^|\n]{2,140}?)[ \t]*\|?[ \t]*$", re.MULTILINE)


def labelled_parties(text: str) -> list[Span]:
    """The parties a heading names in labelled fields; [] where it has none."""
    head = text[:1500]
    spans = []
    for m in list(_PARTY_FIELD.finditer(head)) + list(_DATA_ROLE_FIELD.finditer(head)):
        name = clean_name(m["name"])
        found = locate(text, name, m.start("name")) if plausible_party(name) else None
        if found:
            spans.append(found)
    listed = _PARTIES_FIELD.search(head)
    if listed and not spans:
        for piece in split_and(listed["names"]):
            name = clean_name(piece)
            found = locate(text, name, listed.start("names")) if plausible_party(name) else None
            if found:
                spans.append(found)
    return spans if len(spans) >= 2 else []
