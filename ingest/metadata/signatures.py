"""Signatories (name and title) from signature blocks.

Block shapes seen in agreements:
    Name: Jane Doe / Title: Director            (labelled)
    By: /s/ Jane Doe / Name: ... / Title: ...    (EDGAR conformed copies)
    ________ / Jane Doe / Director / Agency      (line, then name, then title)
    ________ / Jane Doe, Director / Agency       (name and title on one line)
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.organisations import party_kind
from ingest.metadata import nlp
from ingest.metadata.names import ORG_SUFFIX_WORDS, name_similarity
from ingest.metadata.parties import plausible_party

PERSON = r"(?:(?:Dr|Mr|Ms|Mrs|Hon)\.?[ \t]+)?[A-Z][a-zA-Z'’-]+(?:[ \t]+(?:[A-Z]\.|[A-Z][a-zA-Z'’-]+)){1,3}(?:,?[ \t]+(?:Jr\.|Sr\.|III|II|IV))?"
PERSON_RE = re.compile(rf"^{PERSON}$")
LABELLED = re.compile(rf"(?:^|\n)[ \t]*(?:Name|Printed\s+Name|Print\s+Name)\s*:[ \t]*(?:/s/\s*)?(?P<name>{PERSON})[ \t]*\r?\n"
                      rf"(?:[^\n]*\n)??[ \t]*(?:Title|Its)\s*:[ \t]*(?P<title>[^\n]{{2,90}})")
SLASH_S = re.compile(rf"(?:^|\n)[ \t]*(?:By:?\s*)?/s/\s*(?P<name>{PERSON})[ \t]*\r?\n(?:[ \t]*Name:[^\n]*\n)?[ \t]*(?:Title:|Its:)?[ \t]*"
                     rf"(?P<title>[^\n]{{2,90}})")
RULED = re.compile(rf"(?:^|\n)[ \t]*_{{5,}}[ \t]*\r?\n[ \t]*(?P<name>{PERSON})(?:,[ \t]*(?P<inline_title>[^\n]{{2,90}})|[ \t]*\r?\n"
                   rf"[ \t]*(?P<title>[^\n]{{2,90}}))")
# A scanned block whose signing rule OCR lost or garbled (the ink of a signature lies on it): the name line, its
# office (after a comma or on the next line), at most one more line (the organisation), then the "Date" label. A quote
# mark OCR reads into the ink before the name is passed over.
DATED = re.compile(rf"(?:^|\n)[ \t]*[‘'`]?(?P<name>{PERSON})(?:,[ \t]*(?P<inline_title>[^\n]{{2,90}})|[ \t]*\r?\n"
                   rf"[ \t]*(?P<title>[^\n]{{2,90}}))[ \t]*\r?\n(?:[^\n]{{0,120}}\r?\n)?[ \t]*Dated?\b")
CLOSING = re.compile(rf"(?:^|\n)[ \t]*(?P<name>{PERSON})[ \t]*\r?\n[ \t]*(?P<title>[^\n]{{2,90}})[ \t]*(?:\r?\n|$)")
_TITLE_WORDS = re.compile(r"\b(?:Director|Secretary|Chief|Officer|Sheriff|President|Commissioner|Administrator|Manager|Counsel|"
                          r"Assistant|Deputy|Executive|Head|Chair(?:man|person)?|Attorney|Commander|Superintendent|Principal|"
                          r"Member|Partner|Treasurer|Mayor|Warden|Captain|Lieutenant|Colonel|Agent|Coordinator|Official|Authori[sz]ed|"
                          r"Commandant|Ambassador|Minister|Governor)\b",
                          re.IGNORECASE)
NOT_A_PERSON = re.compile(r"\b(?:Department|Office|Agency|Security|Enforcement|Service|Services|County|City|State|Police|"
                         r"Customs|Immigration|Agreement|Memorandum|Date|Signature|Name|Title|Inc|LLC|Corporation|Company|"
                         r"Protection|Administration|Bureau|Division|Witness|Whereof)\b")


@dataclass(frozen=True)
class Signatory:
    page: int
    start: int
    end: int
    name: str
    title: str


def _clean_title(title: str | None) -> str:
    return " ".join((title or "").split()).strip(" ,;:_") if title else ""


_NOT_A_PERSON_ANY_CASE = re.compile(NOT_A_PERSON.pattern, re.IGNORECASE)


def _named_already(name: str, found: dict[str, "Signatory"]) -> bool:
    """The same signer read again: without the middle initial, or with an OCR slip ("Bruce D. Smitn")."""
    words = name.lower().split()
    return any((words[0], words[-1]) == (other.split()[0], other.split()[-1]) or name_similarity(name, other) >= 0.85
               for other in found)


_NAME_AND_OFFICE = re.compile(rf"[ \t]*[‘'`]?{PERSON},[ \t]*[^\n]{{2,90}}")


def _dated_blocks(text: str):
    """DATED's matches, where the line below a match's "name" is itself a name and an office ("Jane Q. Doe,
    Director"): then the "name" is OCR's reading of the signature's ink above it ("Sy Og"), and the block
    is read again from the line below."""
    position = 0
    while m := DATED.search(text, position):
        below = m["title"]
        if below is not None and _NAME_AND_OFFICE.fullmatch(below) and _TITLE_WORDS.search(below.split(",", 1)[1]):
            position = text.rfind("\n", 0, m.start("title"))    # DATED starts at a line's start
            continue
        yield m
        position = m.end()


def find_signatories(pages) -> list[Signatory]:
    found: dict[str, Signatory] = {}
    for page in pages:
        text = page.text
        for pattern in (LABELLED, SLASH_S, RULED, DATED):
            for m in (_dated_blocks(text) if pattern is DATED else pattern.finditer(text)):
                name = " ".join(m["name"].split())
                if NOT_A_PERSON.search(name) or not PERSON_RE.match(name):
                    continue
                title = _clean_title(m.groupdict().get("inline_title") or m["title"])
                if pattern is DATED and (_TITLE_WORDS.search(name) or _NOT_A_PERSON_ANY_CASE.search(name)
                                         or not _TITLE_WORDS.search(title) or _named_already(name, found)):
                    continue     # with no rule line, only a name over an office is a signatory ("Program Manager" is none)
                if title and not _TITLE_WORDS.search(title):
                    title = ""       # the line below was not an office (an address, the agency...)
                key = name.lower()
                if key not in found or (title and not found[key].title):
                    found[key] = Signatory(page.number, m.start("name"), m.start("name") + len(m["name"]), name, title)
    if not found and pages:      # a memorandum closes with its author's name and office
        tail_start = max(0, len(pages[-1].text) - 400)
        for m in CLOSING.finditer(pages[-1].text, tail_start):
            name = " ".join(m["name"].split())
            if not NOT_A_PERSON.search(name) and _TITLE_WORDS.search(m["title"]):
                found[name.lower()] = Signatory(pages[-1].number, m.start("name"), m.start("name") + len(m["name"]), name,
                                                _clean_title(m["title"]))
    if not found:
        found = {s.name.lower(): s for s in _signatories_by_entities(pages)}
    return sorted(found.values(), key=lambda s: (s.page, s.start))


def _signatories_by_entities(pages) -> list[Signatory]:
    """No recognisable block: PERSON entities just after 'IN WITNESS WHEREOF' / 'signature' on the last pages."""
    out = []
    for page in pages[-2:]:
        cues = list(re.finditer(r"IN\s+WITNESS\s+WHEREOF|\bAPPROVED\s+BY\b|By\s+signing", page.text, re.IGNORECASE))
        if not cues:
            continue
        cue = cues[-1]
        excerpt = page.text[cue.start():cue.start() + 1200]
        for start, end, label, text in nlp.entities(excerpt, ("PERSON",)):
            name = " ".join(text.split())
            if PERSON_RE.match(name) and not NOT_A_PERSON.search(name):
                line_end = excerpt.find("\n", end)
                next_line = excerpt[line_end + 1:excerpt.find("\n", line_end + 1)] if line_end >= 0 else ""
                title = _clean_title(next_line) if _TITLE_WORDS.search(next_line) else ""
                out.append(Signatory(page.number, cue.start() + start, cue.start() + end, name, title))
    return out


# --- the organisation each signature is given for ------------------------------------------------
_FOR_LINE = re.compile(r"^[ \t]*(?:FOR|ON\s+BEHALF\s+OF)[ \t]+(?:THE[ \t]+)?(?P<org>[A-Z][^\n:]{2,100}?)[ \t]*:?[ \t]*$",
                       re.IGNORECASE | re.MULTILINE)
_SIGNING_LINE = re.compile(r"^[ \t]*(?:_{5,}|By:?[ \t]*(?:/s/|_{3,}|\S)|/s/)", re.MULTILINE)
_WITNESS = re.compile(r"IN\s+WITNESS\s+WHEREOF|\bSIGNATURES?\b|\bAPPROVED\s+(?:BY|AS)\b|\bSIGNED\b", re.IGNORECASE)
_BLOCK_LABEL = re.compile(r"^(?:Date|Dated|Name|Print(?:ed)?\s+Name|Title|Its|Signature|Witness|Attest|Address|Phone|Email|"
                          r"Telephone|Fax|By)\b", re.IGNORECASE)


def _organisation_line(line: str) -> str | None:
    """The organisation a signature-block line names, or None: "Ferncliff Fire Protection District",
    "Chief, Ferncliff Fire Protection District" (the office before the comma is the signer's). A
    line naming an office alone ("Town Manager", "Sheriff") names no organisation."""
    line = " ".join(line.split()).strip(" ,;")
    # "Date: April 7, 2020 ACME CORPORATION": a date column run into the company's name
    line = re.sub(r"^Dated?\s*:?\s*(?:[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}/\d{1,2}/\d{2,4})\s+(?=[A-Z])", "", line)
    # a labelled value ("Company: Acme & Co.") is the value; a label with a blank to fill is nothing
    line = re.sub(r"^(?:Company|Organi[sz]ation|Agency|Entity|Party)\s*:\s*", "", line, flags=re.IGNORECASE)
    if "_" in line or line.endswith(":") or re.search(r"\b(?:Address|Zip|Street|Suite)\b", line, re.IGNORECASE):
        return None
    if not line or _BLOCK_LABEL.match(line) or len(line.split()) > 12 or re.search(r"\d{3}|@|\.\.\.", line):
        return None
    if "," in line and _TITLE_WORDS.search(line.split(",")[0]):
        line = line.split(",", 1)[1].strip()
        if _REGION_ONLY.fullmatch(line):
            return None      # "Regional Administrator, Alaska Region": the signer's post, the agency is on its own line
    line = re.sub(r"^(?:FOR|ON\s+BEHALF\s+OF)\s+(?:THE\s+)?", "", line, flags=re.IGNORECASE)
    if _TITLE_WORDS.search(line) or len(line.split()) < 2:
        return None
    if not plausible_party(line):      # a clause that ran on below the signature line, never a name
        return None
    return line if party_kind(line) != "unknown" or re.search(rf"\b{ORG_SUFFIX_WORDS}$", line) else None


_REGION_ONLY = re.compile(r"(?:[A-Z][\w-]*\s+){0,3}Region(?:\s+[IVX\d]+)?")
_COLUMN_GAP = re.compile(r"[ \t]{4,}|\t")


def signature_organisations(pages) -> list[tuple[int, int, int, str]]:
    """(page, start, end, name) of the organisation each signature block is given for, on the last
    pages after IN WITNESS WHEREOF (or the like): a "FOR THE CITY OF X:" line, the organisation
    printed under a signer's name and office, or a company's name just above its "By:" line."""
    found: list[tuple[int, int, int, str]] = []
    seen: set[str] = set()

    def add(page, start, line: str) -> None:
        # two signature blocks side by side: "THE ACME COMPANY          WIDGET CORPORATION" is two
        # organisations, one per column (a wide gap parts the columns)
        for column in _COLUMN_GAP.split(line):
            name = _organisation_line(column)
            if name and name.lower() not in seen:
                seen.add(name.lower())
                offset = page.text.find(name, start)
                found.append((page.number, max(offset, start), max(offset, start) + len(name), name))
    for page in pages[-3:]:
        text = page.text
        cue = list(_WITNESS.finditer(text))
        region = cue[-1].start() if cue else (len(text) // 2 if page is pages[-1] else len(text))
        for m in _FOR_LINE.finditer(text):
            # a "FOR THE X:" line with its signature line right below is a signature block wherever it stands on
            # the page (a page of blocks with no witness clause above them: its first blocks are in its first half)
            if m.start() >= region or _SIGNING_LINE.search("\n".join(text[m.end():].split("\n")[1:5])):
                add(page, m.start("org"), m["org"])
        for m in _SIGNING_LINE.finditer(text, region):
            below = text[m.end():m.end() + 300].split("\n")[1:6]
            position = m.end() + len(text[m.end():].split("\n")[0]) + 1
            for line in below:            # under the signature: the name, the office, then the organisation
                if _SIGNING_LINE.match(line):
                    break
                add(page, position, line)
                position += len(line) + 1
            above = [line for line in text[max(region, m.start() - 200):m.start()].split("\n") if line.strip()][-1:]
            if above:
                add(page, max(region, m.start() - 200), above[0])
        for m in _ORGANISATION_ROW.finditer(text):
            # a signature table's labelled row, one column per side ("Organization:   Agency A     Agency B"),
            # with the signature row below it
            if _SIGNATURE_ROW.search("\n".join(text[m.end():].split("\n")[1:6])):
                add(page, m.start("values"), m["values"])
    return found


_ORGANISATION_ROW = re.compile(r"^[ \t]*(?:Organi[sz]ation|Agency|Department)(?:\s+Name)?[ \t]*:[ \t]*(?P<values>\S[^\n]*)$",
                               re.IGNORECASE | re.MULTILINE)
_SIGNATURE_ROW = re.compile(r"^[ \t]*(?:Signature|Signed|By)[ \t]*:", re.IGNORECASE | re.MULTILINE)
