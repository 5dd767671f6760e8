"""What one line of a first page is, for finding the title: a heading that names a kind of document, a line that
goes on with one ("BETWEEN ..."), or a line that is never a title (an exhibit label, a series header, an address, a
stamp, a letterhead, a sentence of the body)."""
from __future__ import annotations

import re

from ingest.metadata.dates import is_date_line

# lines that precede the real title: EDGAR exhibit headers, logos, stamps, revision notes
JUNK_LINE = re.compile(r"^(?:EX-[\w.()\s-]*\S*\.(?:htm|txt)\b.*|EX-\d[\w.()-]*|Exhibit\b.*|LOGO|Confidential|Privileged.*|Execution\s+(?:Version|Copy)|"
                        r"(?:STRICTLY|HIGHLY)\s+CONFIDENTIAL|Revised\s.*|Draft\b.*|Page\s+\d+.*|\d+|[^A-Za-z]*|FOR OFFICIAL USE ONLY.*|UNCLASSIFIED.*|"
                        r"(?:LAW ENFORCEMENT |SENSITIVE BUT )?(?:SENSITIVE|UNCLASSIFIED).*|PRE-DECISIONAL.*|RELEASED UNDER.*|"
                        r"FOR IMMEDIATE RELEASE|\(?b\)?\s?\(\d\).*|TLP\s*:\s*\w+|"
                        # a section's own heading: the title is above it, or there is none
                        r"(?:PREAMBLE|RECITALS?|WITNESSETH|DEFINITIONS|BACKGROUND|PARTIES)\s*:?|"
                        # an attachment's label, an approval stamp: "Attachment 2", "Unapproved"
                        r"(?:Attachment|Enclosure)\s+[\w.-]+|(?:UN)?APPROVED|Unapproved|Approved)$", re.IGNORECASE)
# A header line that names the series, with the real title on a following line
SERIES_LINE = re.compile(r"^(?:(?:DHS|[A-Z]{2,6})\s+)?(?:Form\s+(?!of\b)[\w-]+.*|Directives?\s+System.*|Instruction\s+(?:Number|No).*|"
                          r"Directive\s+(?:Number|No)\.?:?.*|Revision\s+Number.*|Department\s+of\s+Homeland\s+Security|"
                          r"U\.S\.\s+Department\s+of\s+Homeland\s+Security|"
                          r"(?:[A-Z]\w*\s+){0,3}Date\s*:.*|Office\s+of\s+Public\s+Affairs|Contact:.*|"
                          # "Board Agenda Item 8.2": the item's place on an agenda, the record's heading follows
                          r"(?:[A-Z]\w*\s+){0,2}Agenda\s+Item\s+(?:No\.?\s*)?[\w.-]+)$", re.IGNORECASE)
# a document's code on a line of its own: "DHS/HSI/PIA-028", "DHS/ICE/PIA-039(a)", "RSA-TAC-23-03", "FAQ 24-02"
_IDENTIFIER_LINE = re.compile(r"^(?:[A-Z]{2,6}\s+)?[A-Z0-9][A-Z0-9&]*(?:[-/.][A-Za-z0-9&()]+)+$")


def identifier(line: str) -> bool:
    return bool(_IDENTIFIER_LINE.match(line)) and any(c.isdigit() for c in line) and not is_date_line(line)


TITLE_WORDS = re.compile(r"\b(?:AGREEMENT|MEMORANDUM|UNDERSTANDING|ADDENDUM|AMENDMENT|MODIFICATION|RENEWAL|LETTER\s+OF\s+INTENT|"
                          r"CONTRACT|COVENANT|ASSESSMENT|DIRECTIVE|INSTRUCTION|POLICY|FORM|ARRANGEMENT|PROTOCOL|CONVENTION|TREATY|"
                          r"EXCHANGE\s+OF\s+(?:NOTES|LETTERS)|MOU|MOA|MOC|"
                          # the records a repository holds beside agreements: circulars, agendas, minutes, resolutions
                          r"CIRCULAR|AGENDA|MINUTES|RESOLUTION|ORDINANCE|NOTICE\s+OF|FREQUENTLY\s+ASKED\s+QUESTIONS|"
                          # a public body's meeting record: "Regular Meeting of the Board of Education"
                          r"(?:REGULAR|SPECIAL|ANNUAL|ADJOURNED|BOARD|COUNCIL|COMMITTEE)\s+MEETING)\b", re.IGNORECASE)


# an address line: "425 I Street, NW", "Washington, DC 20536", "Suite 200", a P.O. box
ADDRESS_LINE = re.compile(r"^(?:\d+[\w-]*\s+(?:[\w.]+\s+){0,5}(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Drive|Dr\.?|"
                           r"Lane|Ln\.?|Way|Place|Pl\.?|Parkway|Pkwy\.?|Plaza|Court|Ct\.?|Highway|Hwy\.?|Square|Circle)\b.*|"
                           r"(?:P\.?\s?O\.?\s+Box|Suite|Room|Floor|Mail\s+Stop)\b.*|"
                           r"[A-Z][\w .'-]{1,40},\s*(?:[A-Z]{2}|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\.?\s+\d{5}(?:-\d{4})?|"
                           r".*,\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?)$", re.IGNORECASE)
# receipt, filing and draft stamps, and other lines that are never a title
STAMP_LINE = re.compile(r"^(?:RECEIVED|FILED|Received|Filed|ENTERED|DRAFT|Draft)\b.*$")
# a sentence or clause of the body, not a heading
BODY_START = re.compile(r"^(?:This|These|That|THIS|THESE|THAT|The\s+(?:parties|purpose|Parties)|WHEREAS|Whereas|NOW,?\s+THEREFORE|IN\s+WITNESS|"
                         r"For\s+the|Nothing|In\s+(?:accordance|consideration|order)|Pursuant|Under|Each|All|Any|If|When|"
                         r"Article|ARTICLE|Section|SECTION|Chapter|CHAPTER|Table\s+of\s+Contents|TABLE\s+OF\s+CONTENTS|"
                         r"(?:\d+|[IVX]+|[A-Z])[.)]\s|Q\d+[.:)]\s)")
CONNECTOR_END = re.compile(r"(?:\b(?:BETWEEN|AND|AMONG|OF|THE|FOR|BY|TO|WITH|ON|IN\s+RESPECT\s+OF|CONCERNING|REGARDING|"
                            r"RELATING\s+TO)|[,&–—])$", re.IGNORECASE)
# "287(g) Task Force Model" under "MEMORANDUM OF AGREEMENT": the program line is part of the heading (no \b
# after its ")": a word boundary there never matches before a space)
CONNECTOR_START = re.compile(r"^(?:(?:BY\s+AND\s+BETWEEN|BETWEEN|AND|AMONG|FOR|ON|OF|REGARDING|CONCERNING|WITH|TO|THE|IN\s+RESPECT\s+OF|"
                              r"RELATING\s+TO)\b|287\s?\(g\)(?=\s|$))", re.IGNORECASE)
MAX_TITLE_WORDS = 80          # a longer "title" has run on into the body
# a letterhead: the issuing body's name on a line of its own ("UNITED STATES DEPARTMENT OF EDUCATION", "SACRAMENTO
# COUNTY BOARD OF EDUCATION", "Los Rios Community College District"). It heads a record but is not its title; inside a
# heading ("BETWEEN / CITY OF OAKLAND POLICE DEPARTMENT / AND ...") the same line is a party and is kept.
_ORGANISATION_LINE = re.compile(
    r"^(?:THE\s+)?(?:[A-Z][\w.&'’-]*\s+){0,6}(?:DEPARTMENT|OFFICE|DISTRICT|BOARD|ADMINISTRATION|AGENCY|COMMISSION|COUNCIL|"
    r"COMMITTEE|AUTHORITY|BUREAU|DIVISION|SERVICES|UNIVERSITY|COLLEGE|GOVERNMENT|POLICE|SHERIFF'?S\s+OFFICE|"
    # a place's government on its letter: "City of Springfield", "COUNTY OF ALAMEDA"
    r"CITY|COUNTY|TOWN|VILLAGE|COMMONWEALTH)"
    r"(?:\s+(?:OF|ON|FOR)\s+(?:THE\s+)?[A-Z][\w.&'’,-]*(?:\s+(?:(?:AND|OF|THE|ON|FOR)\s+)?[A-Z][\w.&'’,-]*){0,8})?$",
    re.IGNORECASE)
STOPWORDS = {"a", "an", "the", "of", "and", "or", "for", "to", "in", "on", "at", "by", "with", "between", "among", "from",
              "as", "under", "into", "respect", "regarding", "concerning"}


# a document's kind: a line that names one is a heading ("Board of Directors' Special Minutes", "Air Transport
# Agreement between the Government of ..."), never the issuing body's letterhead
_KIND_OF_RECORD = re.compile(r"\b(?:AGREEMENT|MEMORANDUM|UNDERSTANDING|CONTRACT|TREATY|CONVENTION|ADDENDUM|AMENDMENT|MINUTES|"
                             r"AGENDA|RESOLUTION|ORDINANCE|MEETING)\b", re.IGNORECASE)


def letterhead(line: str) -> bool:
    words = line.split()
    return bool(_ORGANISATION_LINE.match(line)) and not _KIND_OF_RECORD.search(line) and \
        all(w[:1].isupper() or w.lower() in STOPWORDS for w in words)


def reads_as_sentence(line: str) -> bool:
    """A long mixed-case line whose words are mostly lower-case: a sentence of the body ("The Memorandum of
    Understanding (MOU) with ARCA outlines the ..."), not a heading in title case."""
    if TITLE_WORDS.match(line):
        return False       # "Agreement between the Government of ... concerning cooperation in ...": a treaty's title
    return len(line.split()) > 12 and prose(line)


def prose(line: str) -> bool:
    """Most of the line's words (small joining words aside) are in lower case: running text, not a heading."""
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", line) if w.lower() not in STOPWORDS]
    return not line.isupper() and sum(w[:1].isupper() for w in words) < 0.5 * len(words)


# the first sentence of a record's body: "This report summarizes the ...", "These guidelines apply to ..."
OPENS_BODY = re.compile(r"^(?:This|These)\s+[a-z]+\s+(?:[a-z]+\s+){0,2}(?:is|are|was|were|summari[sz]es|describes?|"
                         r"provides?|sets|outlines?|explains?|establish(?:es)?|appl(?:y|ies)|contains?|presents?)\b")
# "Wednesday, September 9, 2020" under a heading is a date line
WEEKDAY = re.compile(r"^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+", re.IGNORECASE)


# a labelled value, never a title: "Contract No.: JS-1200166", "Source: ACME INC., 8-K, 3/20/2020"
_FIELD_LINE = re.compile(r"^(?:(?:[\w.'&-]+\s+){0,5}(?:No\.?|Number|#)|Source)\s*:\s*\S.*$", re.IGNORECASE)


# "February 2021", "REVISED AUGUST 2020": a month under a heading dates it
_MONTH_YEAR = re.compile(r"^(?:(?:Revised|Updated|Issued|Effective)\s+)?(?:January|February|March|April|May|June|July|August|"
                         r"September|October|November|December)\s+\d{4}$", re.IGNORECASE)


# a contract's reference number on a line of its own: "Agreement Number 40217", "Contract No. 221" (the document is
# known by its heading, not by its number in the other party's files)
_REFERENCE_NUMBER = re.compile(r"^(?:Agreement|Contract|AGREEMENT|CONTRACT)\s+(?:No\.?|Number|NUMBER|#)\s*:?\s*[\w/-]*\d[\w/-]*$")


# "DATED 11/16/2009", "Dated as of March 3, 2011", "DATED: ____": the document's date on a line of its own
_DATED = re.compile(r"^(?:DATED|Dated)(?:\s+(?:AS\s+OF|as\s+of))?\s*:?\s*")


def dated_line(line: str) -> bool:
    rest = line[_DATED.match(line).end():] if _DATED.match(line) else None
    return rest is not None and (not rest or rest[:1] in "_" or is_date_line(rest) or bool(re.match(r"\d", rest)))


def never_title(line: str, running_headers: frozenset[str]) -> bool:
    # a running header is skipped unless it names the document's kind: many agreements repeat their
    # title at the top of every page, and then the first page's copy is the title
    return bool(not line or JUNK_LINE.match(line) or SERIES_LINE.match(line) or is_date_line(WEEKDAY.sub("", line))
                or _MONTH_YEAR.match(line) or dated_line(line) or _REFERENCE_NUMBER.match(line)
                or ADDRESS_LINE.match(line) or STAMP_LINE.match(line) or _FIELD_LINE.match(line)
                or (" ".join(line.split()) in running_headers and not title_start(line))
                or re.search(r"\.{5,}\s*\d*$", line))          # a table-of-contents line


def wrapped_from(lines: list[tuple[int, str]], index: int) -> bool:
    """The line continues a paragraph: the line above is a long line of body text that does not end its sentence
    ("... Executive Order 13777, “Enforcing the Regulatory Reform" / "Agenda,” which established ...")."""
    above = lines[index - 1][1].strip() if index else ""
    # (an exhibit's legend ending in its "Execution Version" note ends there too)
    return len(above.split()) > 10 and not above.isupper() and not re.search(r"[.:;!?)\]]$|\bExecution\s+(?:Version|Copy)$", above)


# a name that is written with a lower-case first letter: "e-business Hosting Agreement", "iCloud Services Agreement"
_LOWER_CASE_BRAND = re.compile(r"[a-z]-[A-Za-z]|[a-z]{1,3}[A-Z]")


def title_start(line: str) -> bool:
    """A heading that opens with or carries the document's kind ("MEMORANDUM OF AGREEMENT",
    "Air transport agreement between ..."), not a sentence that mentions one."""
    if not TITLE_WORDS.search(line[:120]) or BODY_START.match(line) or not (line[:1].isupper() or line[:1].isdigit()
                                                                                 or _LOWER_CASE_BRAND.match(line)):
        return False
    if not upper_heading(line) and not TITLE_WORDS.search(" ".join(line.split()[:8])):
        return False          # a sentence that mentions an agreement late in it
    if len(line.split()) > MAX_TITLE_WORDS or refers_to_itself(line):
        return False
    # (a party's "Inc." or "LTD." may end a heading; a sentence's full stop does not)
    core = re.sub(r"\b(?:inc|ltd|co|corp|llc|l\.p|n\.a|s\.a|plc|gmbh|ag)\.$", "", line, flags=re.IGNORECASE)
    return not line.endswith(":") and (upper_heading(line) or not re.search(r"[.;]$", core))


# "Parties to this agreement", "the terms of this Memorandum": a phrase that points at the document is part of its
# text, never its title
_REFERS_TO_ITSELF = re.compile(r"\b(?:this|these|such|said)\s+(?:agreement|memorandum|contract|understanding|MOU|MOA)s?\b",
                               re.IGNORECASE)


def refers_to_itself(line: str) -> bool:
    return bool(_REFERS_TO_ITSELF.search(line))


def upper_heading(line: str) -> bool:
    """A heading set in capitals, its small joining words aside: "MARKETING AGREEMENT by and between MONSANTO COMPANY"."""
    words = [w for w in re.findall(r"[^\W\d_][^\W_]*(?:['’-][^\W\d_]+)*", line.replace("(g)", "(G)"))
             if w.lower() not in STOPWORDS]
    return bool(words) and all(w.isupper() for w in words)


# a note set before a heading: "(TRANSLATION) OUTSOURCING AGREEMENT", "[Execution Copy] SUPPLY AGREEMENT"
_LEADING_NOTE = re.compile(r"^(?:[(\[][A-Za-z][\w .-]{0,30}[)\]]|"
                           # a letter's subject label: "Re: Confidentiality Agreement" is known by what follows it
                           r"(?:RE|Re|SUBJECT|Subject)\s*:|"
                           # the copy's status printed before the heading on its line
                           r"(?:EXECUTION|Execution)\s+(?:COPY|Copy|VERSION|Version))\s+(?=\S)")


def leading_note(line: str) -> int:
    """The length of a note that opens a heading line: a bracketed note, a letter's "Re:" label, an "EXECUTION COPY"
    (0 when there is none)."""
    note = _LEADING_NOTE.match(line)
    return note.end() if note and title_start(line[note.end():]) else 0


_ENGLISH_WORDS = {"the", "of", "and", "between", "for", "on", "to", "in", "concerning", "regarding", "with", "by", "among"}
# function words of the languages a bilingual agreement pairs with English (Dutch, German, French, Spanish): a line is
# in another language when it has them, not merely when it lacks English ones ("CITY COUNCIL RESOLUTION NO. 15-76",
# "Resolution Approving Natomas Unified School District's Proposal Under" are English without a single "the")
_OTHER_LANGUAGE_WORDS = {"de", "het", "van", "tussen", "en", "der", "een", "inzake", "betreffende", "houdende", "tot",
                         "voor", "met", "und", "die", "das", "zwischen", "über", "la", "le", "les", "des", "du",
                         "et", "entre", "relatif", "el", "los", "las", "y", "del", "sobre"}


def reads_english(line: str) -> bool:
    words = re.findall(r"[^\W\d_]+", line.lower())
    english = sum(w in _ENGLISH_WORDS for w in words)
    other = sum(w in _OTHER_LANGUAGE_WORDS for w in words)
    return not other or english > other


# "... Page 1 of 10", "... 06-04-25 Page 1": the page's counter (and the revision date printed before it)
PAGE_COUNTER = re.compile(r"(?:\s+\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})?\s+Page\s+\d+(?:\s+of\s+\d+)?\s*$", re.IGNORECASE)


def names_kind_only(line: str) -> bool:
    """The line is the document's kind and nothing more: "MEMORANDUM OF AGREEMENT", "POLICY DIRECTIVE"."""
    rest = TITLE_WORDS.sub(" ", line)
    return rest != line and all(w.lower() in STOPWORDS for w in re.findall(r"[A-Za-z]+", rest))


NUMBER_LINE = re.compile(r"^(?:[A-Z][\w.]*\s+){0,3}(?:No\.?|Number|#)\s*[\w-]*\d[\w-]*$", re.IGNORECASE)


def short_title_case(line: str) -> bool:
    words = line.split()
    return len(words) <= 8 and not re.search(r"[.:;,]$", line) and \
        all(w[:1].isupper() or w[:1].isdigit() or w.lower() in STOPWORDS for w in words)


# the first line of an EDGAR filing: type, sequence, file name, then the filer's description of the document
_EDGAR_HEADER = re.compile(r"^EX-[\w.()\s-]*?\s\d+\s+\S+\.(?:htm|txt)\s+(?P<description>\S.*)$")


def edgar_header_wrap(lines: list[tuple[int, str]], index: int) -> bool:
    """The line is the rest of the EDGAR header's description set on the line above ("EX-10.2 3 dex102.htm
    CONFIDENTIALITY, NON-SOLICITATION AND NON-COMPETITION" / "AGREEMENT"): the header's words, not the heading that
    the document prints below it."""
    if not index:
        return False
    header = _EDGAR_HEADER.match(lines[index - 1][1].strip())
    if not header:
        return False
    # (the description cut mid-phrase, or the line only the kind word its phrase still lacks: "... & NO" / "CONFLICTS
    # AGREEMENT", "... NON-COMPETITION" / "AGREEMENT"; a description that is whole leaves the line below its own)
    line = lines[index][1].strip()
    return bool(CONNECTOR_END.search(header["description"]) or re.search(r"(?:\b(?:NO|NON)|\w-)$", header["description"])
                or names_kind_only(line)) and len(line.split()) <= 8
