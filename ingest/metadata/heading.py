"""The title block of the first page, the kind of document it announces, and which way the data
flows (the classifier's scope rules use the direction)."""
from __future__ import annotations

import re

from corpus.document import FILE_PROPERTY
from corpus.taxonomy import Taxonomy
from ingest.metadata.dates import is_date_line

# lines that precede the real title: EDGAR exhibit headers, logos, stamps, revision notes
_JUNK_LINE = re.compile(r"^(?:EX-[\w.()\s-]*\S*\.htm.*|EX-\d[\w.()-]*|Exhibit\b.*|LOGO|Confidential|Privileged.*|Execution\s+(?:Version|Copy)|"
                        r"Revised\s.*|Draft\b.*|Page\s+\d+.*|\d+|[^A-Za-z]*|FOR OFFICIAL USE ONLY.*|UNCLASSIFIED.*|"
                        r"(?:LAW ENFORCEMENT |SENSITIVE BUT )?(?:SENSITIVE|UNCLASSIFIED).*|PRE-DECISIONAL.*|RELEASED UNDER.*|"
                        r"FOR IMMEDIATE RELEASE|\(?b\)?\s?\(\d\).*|"
                        # a section's own heading: the title is above it, or there is none
                        r"PREAMBLE|RECITALS?|WITNESSETH|DEFINITIONS|BACKGROUND|"
                        # an attachment's label, an approval stamp: "Attachment 2", "Unapproved"
                        r"(?:Attachment|Enclosure)\s+[\w.-]+|(?:UN)?APPROVED|Unapproved|Approved)$", re.IGNORECASE)
# A header line that names the series, with the real title on a following line
_SERIES_LINE = re.compile(r"^(?:(?:DHS|[A-Z]{2,6})\s+)?(?:Form\s+[\w-]+.*|Directives?\s+System.*|Instruction\s+(?:Number|No).*|"
                          r"Directive\s+(?:Number|No)\.?:?.*|Revision\s+Number.*|Department\s+of\s+Homeland\s+Security|"
                          r"U\.S\.\s+Department\s+of\s+Homeland\s+Security|"
                          r"(?:[A-Z]\w*\s+){0,3}Date\s*:.*|Office\s+of\s+Public\s+Affairs|Contact:.*)$", re.IGNORECASE)
# a document's code on a line of its own: "DHS/HSI/PIA-028", "DHS/ICE/PIA-039(a)", "RSA-TAC-23-03", "FAQ 24-02"
_IDENTIFIER_LINE = re.compile(r"^(?:[A-Z]{2,6}\s+)?[A-Z0-9][A-Z0-9&]*(?:[-/.][A-Za-z0-9&()]+)+$")


def _identifier(line: str) -> bool:
    return bool(_IDENTIFIER_LINE.match(line)) and any(c.isdigit() for c in line) and not is_date_line(line)
_SUBJECT = re.compile(r"^\s*(?:SUBJECT|RE|Subject)\s*:\s*(?P<subject>\S[^\n]{2,200})$", re.MULTILINE)
# the line that makes a text a memorandum: "MEMORANDUM", "Memorandum", "MEMORANDUM FOR THE HEADS OF ...",
# "MEMORANDUM FROM THE ASSISTANT SECRETARY"
_MEMORANDUM_LINE = re.compile(r"MEMORANDUM(?:\s+(?:FOR|FROM|TO)\b.*)?|Memorandum")
_TITLE_WORDS = re.compile(r"\b(?:AGREEMENT|MEMORANDUM|UNDERSTANDING|ADDENDUM|AMENDMENT|MODIFICATION|RENEWAL|LETTER\s+OF\s+INTENT|"
                          r"CONTRACT|COVENANT|ASSESSMENT|DIRECTIVE|INSTRUCTION|POLICY|FORM|ARRANGEMENT|PROTOCOL|CONVENTION|TREATY|"
                          r"EXCHANGE\s+OF\s+(?:NOTES|LETTERS)|MOU|MOA|MOC|"
                          # the records a repository holds beside agreements: circulars, agendas, minutes, resolutions
                          r"CIRCULAR|AGENDA|MINUTES|RESOLUTION|ORDINANCE|NOTICE\s+OF|FREQUENTLY\s+ASKED\s+QUESTIONS|"
                          # a public body's meeting record: "Regular Meeting of the Board of Education"
                          r"(?:REGULAR|SPECIAL|ANNUAL|ADJOURNED|BOARD|COUNCIL|COMMITTEE)\s+MEETING)\b", re.IGNORECASE)
_CONTINUATION = re.compile(r"^(?:BETWEEN|AND|AMONG|FOR|ON|OF|REGARDING|CONCERNING|WITH|TO|287\s?\(g\)|THE)\b|^[A-Z0-9 ,.&'()/-]+$|"
                           r"^287\s?\(g\)")
AMENDMENT_WORDS = re.compile(r"\b(?:AMENDMENT|ADDENDUM|MODIFICATION|RENEWAL|EXTENSION)\b(?:\s+(?:No\.?\s*)?\w+)?", re.IGNORECASE)


# an address line: "425 I Street, NW", "Washington, DC 20536", "Suite 200", a P.O. box
_ADDRESS_LINE = re.compile(r"^(?:\d+[\w-]*\s+(?:[\w.]+\s+){0,5}(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Drive|Dr\.?|"
                           r"Lane|Ln\.?|Way|Place|Pl\.?|Parkway|Pkwy\.?|Plaza|Court|Ct\.?|Highway|Hwy\.?|Square|Circle)\b.*|"
                           r"(?:P\.?\s?O\.?\s+Box|Suite|Room|Floor|Mail\s+Stop)\b.*|"
                           r"[A-Z][\w .'-]{1,40},\s*(?:[A-Z]{2}|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\.?\s+\d{5}(?:-\d{4})?|"
                           r".*,\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?)$", re.IGNORECASE)
# receipt, filing and draft stamps, and other lines that are never a title
_STAMP_LINE = re.compile(r"^(?:RECEIVED|FILED|Received|Filed|ENTERED|DRAFT|Draft)\b.*$")
# a sentence or clause of the body, not a heading
_BODY_START = re.compile(r"^(?:This|These|That|THIS|THESE|THAT|The\s+(?:parties|purpose|Parties)|WHEREAS|Whereas|NOW,?\s+THEREFORE|IN\s+WITNESS|"
                         r"For\s+the|Nothing|In\s+(?:accordance|consideration|order)|Pursuant|Under|Each|All|Any|If|When|"
                         r"Article|ARTICLE|Section|SECTION|Chapter|CHAPTER|Table\s+of\s+Contents|TABLE\s+OF\s+CONTENTS|"
                         r"(?:\d+|[IVX]+|[A-Z])[.)]\s)")
_CONNECTOR_END = re.compile(r"(?:\b(?:BETWEEN|AND|AMONG|OF|THE|FOR|BY|TO|WITH|ON|IN\s+RESPECT\s+OF|CONCERNING|REGARDING|"
                            r"RELATING\s+TO)|[,&–—])$", re.IGNORECASE)
# "287(g) Task Force Model" under "MEMORANDUM OF AGREEMENT": the program line is part of the heading (no \b
# after its ")": a word boundary there never matches before a space)
_CONNECTOR_START = re.compile(r"^(?:(?:BY\s+AND\s+BETWEEN|BETWEEN|AND|AMONG|FOR|ON|OF|REGARDING|CONCERNING|WITH|TO|THE|IN\s+RESPECT\s+OF|"
                              r"RELATING\s+TO)\b|287\s?\(g\)(?=\s|$))", re.IGNORECASE)
MAX_TITLE_WORDS = 80          # a longer "title" has run on into the body
# a letterhead: the issuing body's name on a line of its own ("UNITED STATES DEPARTMENT OF EDUCATION", "SACRAMENTO
# COUNTY BOARD OF EDUCATION", "Los Rios Community College District"). It heads a record but is not its title; inside a
# heading ("BETWEEN / CITY OF OAKLAND POLICE DEPARTMENT / AND ...") the same line is a party and is kept.
_ORGANISATION_LINE = re.compile(
    r"^(?:THE\s+)?(?:[A-Z][\w.&'’-]*\s+){0,6}(?:DEPARTMENT|OFFICE|DISTRICT|BOARD|ADMINISTRATION|AGENCY|COMMISSION|COUNCIL|"
    r"COMMITTEE|AUTHORITY|BUREAU|DIVISION|SERVICES|UNIVERSITY|COLLEGE|GOVERNMENT|POLICE|SHERIFF'?S\s+OFFICE)"
    r"(?:\s+(?:OF|ON|FOR)\s+(?:THE\s+)?[A-Z][\w.&'’,-]*(?:\s+(?:(?:AND|OF|THE|ON|FOR)\s+)?[A-Z][\w.&'’,-]*){0,8})?$",
    re.IGNORECASE)
_STOPWORDS = {"a", "an", "the", "of", "and", "or", "for", "to", "in", "on", "at", "by", "with", "between", "among", "from",
              "as", "under", "into", "respect", "regarding", "concerning"}


# a document's kind: a line that names one is a heading ("Board of Directors' Special Minutes", "Air Transport
# Agreement between the Government of ..."), never the issuing body's letterhead
_KIND_OF_RECORD = re.compile(r"\b(?:AGREEMENT|MEMORANDUM|UNDERSTANDING|CONTRACT|TREATY|CONVENTION|ADDENDUM|AMENDMENT|MINUTES|"
                             r"AGENDA|RESOLUTION|ORDINANCE|MEETING)\b", re.IGNORECASE)


def _letterhead(line: str) -> bool:
    words = line.split()
    return bool(_ORGANISATION_LINE.match(line)) and not _KIND_OF_RECORD.search(line) and \
        all(w[:1].isupper() or w.lower() in _STOPWORDS for w in words)


def _reads_as_sentence(line: str) -> bool:
    """A long mixed-case line whose words are mostly lower-case: a sentence of the body ("The Memorandum of
    Understanding (MOU) with ARCA outlines the ..."), not a heading in title case."""
    if _TITLE_WORDS.match(line):
        return False       # "Agreement between the Government of ... concerning cooperation in ...": a treaty's title
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", line) if w.lower() not in _STOPWORDS]
    return len(line.split()) > 12 and not line.isupper() and sum(w[:1].isupper() for w in words) < 0.5 * len(words)


# the first sentence of a record's body: "This report summarizes the ...", "These guidelines apply to ..."
_OPENS_BODY = re.compile(r"^(?:This|These)\s+[a-z]+\s+(?:[a-z]+\s+){0,2}(?:is|are|was|were|summari[sz]es|describes?|"
                         r"provides?|sets|outlines?|explains?|establish(?:es)?|appl(?:y|ies)|contains?|presents?)\b")
# "Wednesday, September 9, 2020" under a heading is a date line
_WEEKDAY = re.compile(r"^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+", re.IGNORECASE)


# a labelled value, never a title: "Contract No.: JS-1200166", "Source: ACME INC., 8-K, 3/20/2020"
_FIELD_LINE = re.compile(r"^(?:(?:[\w.'&-]+\s+){0,5}(?:No\.?|Number|#)|Source)\s*:\s*\S.*$", re.IGNORECASE)


def _never_title(line: str, running_headers: frozenset[str]) -> bool:
    # a running header is skipped unless it names the document's kind: many agreements repeat their
    # title at the top of every page, and then the first page's copy is the title
    return bool(not line or _JUNK_LINE.match(line) or _SERIES_LINE.match(line) or is_date_line(_WEEKDAY.sub("", line))
                or _ADDRESS_LINE.match(line) or _STAMP_LINE.match(line) or _FIELD_LINE.match(line)
                or (" ".join(line.split()) in running_headers and not _title_start(line))
                or re.search(r"\.{5,}\s*\d*$", line))          # a table-of-contents line


def _wrapped_from(lines: list[tuple[int, str]], index: int) -> bool:
    """The line continues a paragraph: the line above is a long line of body text that does not end its sentence
    ("... Executive Order 13777, “Enforcing the Regulatory Reform" / "Agenda,” which established ...")."""
    above = lines[index - 1][1].strip() if index else ""
    return len(above.split()) > 10 and not above.isupper() and not re.search(r"[.:;!?)]$", above)


# a name that is written with a lower-case first letter: "e-business Hosting Agreement", "iCloud Services Agreement"
_LOWER_CASE_BRAND = re.compile(r"[a-z]-[A-Za-z]|[a-z]{1,3}[A-Z]")


def _title_start(line: str) -> bool:
    """A heading that opens with or carries the document's kind ("MEMORANDUM OF AGREEMENT",
    "Air transport agreement between ..."), not a sentence that mentions one."""
    if not _TITLE_WORDS.search(line[:120]) or _BODY_START.match(line) or not (line[:1].isupper() or line[:1].isdigit()
                                                                                 or _LOWER_CASE_BRAND.match(line)):
        return False
    if not line.isupper() and not _TITLE_WORDS.search(" ".join(line.split()[:8])):
        return False          # a sentence that mentions an agreement late in it
    if len(line.split()) > MAX_TITLE_WORDS:
        return False
    return not line.endswith(":") and (line.isupper() or not re.search(r"[.;]$", line))


_ENGLISH_WORDS = {"the", "of", "and", "between", "for", "on", "to", "in", "concerning", "regarding", "with", "by", "among"}
# function words of the languages a bilingual agreement pairs with English (Dutch, German, French, Spanish): a line is
# in another language when it has them, not merely when it lacks English ones ("CITY COUNCIL RESOLUTION NO. 15-76",
# "Resolution Approving Natomas Unified School District's Proposal Under" are English without a single "the")
_OTHER_LANGUAGE_WORDS = {"de", "het", "van", "tussen", "en", "der", "een", "inzake", "betreffende", "houdende", "tot",
                         "voor", "met", "und", "die", "das", "zwischen", "über", "la", "le", "les", "des", "du",
                         "et", "entre", "relatif", "el", "los", "las", "y", "del", "sobre"}


def _reads_english(line: str) -> bool:
    words = re.findall(r"[^\W\d_]+", line.lower())
    english = sum(w in _ENGLISH_WORDS for w in words)
    other = sum(w in _OTHER_LANGUAGE_WORDS for w in words)
    return not other or english > other


def title_block(text: str, running_headers: frozenset[str] = frozenset()) -> tuple[int, int, str] | None:
    """(start, end, title) of the heading: the first title-like line and the lines that continue it
    ("MEMORANDUM OF AGREEMENT / BETWEEN / ... / AND / ..."), joined whole, across the blank lines a
    centred heading puts between its parts. None when the first page has no title line: a sentence,
    an address, a running header or a stamp is never taken for one."""
    lines = []
    position = 0
    for raw in text.splitlines(keepends=True)[:60]:
        lines.append((position, raw.rstrip("\r\n")))
        position += len(raw)
    if any(_MEMORANDUM_LINE.fullmatch(line.strip()) for _, line in lines[:10]):
        subject = _SUBJECT.search(text[:3000])       # a memorandum is known by its subject line
        if subject:
            return _memo_subject(text, subject)
    form_line = next((i for i, (_, line) in enumerate(lines[:12]) if re.match(r"^(?:[A-Z]{2,6}\s+)?Form\s+[\w-]*\d", line.strip())), None)
    if form_line:          # a form's name is the heading just above its form number
        for start, line in reversed(lines[:form_line]):
            stripped = line.strip()
            if stripped.isupper() and not _JUNK_LINE.match(stripped) and not _SERIES_LINE.match(stripped):
                offset = start + len(line) - len(line.lstrip())
                return offset, offset + len(stripped), stripped
    # a title heads the text: a line after the body's first sentence ("This report summarizes ...") is part of the body
    body = next((i for i, (_, line) in enumerate(lines[:40]) if _OPENS_BODY.match(line.strip())), 40)
    candidates = [i for i, (_, line) in enumerate(lines[:body])
                  if not _never_title(line.strip(), running_headers) and _title_start(line.strip())
                  and not _reads_as_sentence(line.strip()) and not _wrapped_from(lines, i) and not _letterhead(line.strip())]
    start_index = candidates[0] if candidates else None
    if start_index is not None and not _reads_english(lines[start_index][1]):
        # a bilingual text heads with the other language's title; the English one follows closely
        start_index = next((i for i in candidates[1:] if i - start_index <= 10 and _reads_english(lines[i][1])), start_index)
    if start_index is None:
        run_on = run_on_heading(text) or column_heading(text, running_headers)
        if run_on:
            return run_on
        # no title words: a short heading line at the very top (its first real line) still counts
        for start, line in lines[:12]:
            stripped = line.strip()
            if _never_title(stripped, running_headers) or _letterhead(stripped):
                continue
            if len(stripped.split()) == 1 and not (stripped.isupper() and len(stripped) >= 4):
                break          # "A", "Seth": a stray word is no title ("unknown" beats a wrong one)
            index = next(i for i, (p, _) in enumerate(lines) if p == start)
            alone = index + 1 >= len(lines) or not lines[index + 1][1].strip()      # a paragraph of its own
            # the text's very first line, a paragraph of its own: a title in a language that writes titles in
            # lower case ("Notawisseling tussen de Regering van ... houdende ..."), not a sentence of the body
            heads_text = alone and not any(other.strip() for _, other in lines[:index])
            if (_reads_as_sentence(stripped) and not heads_text) or _CONNECTOR_END.search(stripped):
                break          # a sentence, or a line cut off mid-phrase ("... the Burden of the")
            # the first line, when it reads as a heading rather than a sentence
            if len(stripped.split()) <= (MAX_TITLE_WORDS if alone else 25) and not re.search(r"[.:;,]$", stripped) \
                    and not _BODY_START.match(stripped) and (stripped[:1].isupper() or stripped[:1].isdigit()):
                if stripped.isupper():
                    start_index = index        # a capitalised heading may go on over the next lines: join them below
                    break
                offset = start + len(line) - len(line.lstrip())
                return offset, offset + len(stripped), stripped
            break
        if start_index is None:
            reference = next(((p, line) for p, line in lines[:min(body, 20)] if _identifier(line.strip())
                              and re.search(r"[A-Za-z]", line) and not _never_title(line.strip(), running_headers)), None)
            if reference:
                # a letter known by its number under the letterhead and the date ("DCL-25-01" / "Dear Colleagues:",
                # "PRR EPD-2025-3073" above a records-request answer): the number is its title
                offset = reference[0] + len(reference[1]) - len(reference[1].lstrip())
                return offset, offset + len(reference[1].strip()), reference[1].strip()
            return None
    start, first = lines[start_index]
    offset = start + len(first) - len(first.lstrip())
    end = start + len(first.rstrip())
    column = _title_column(first.strip(), running_headers)
    if column:
        # "DISTRIBUTOR AGREEMENT         Tripath Technology, Inc. 3900 Freedom Circle ...": a letterhead column beside
        # the heading; "Fire Chief          BOARD OF DIRECTORS - SPECIAL MEETING": a column of names before it
        return offset + column[0], offset + column[1], first.strip()[column[0]:column[1]]
    counter = _PAGE_COUNTER.search(first.rstrip())
    if counter and counter.start() > len(first) - len(first.lstrip()):
        # "Policy 310 – Body Worn Cameras 01-02-24 Page 1": a page's header line, whole on its own
        return offset, start + counter.start(), " ".join(first[:counter.start()].split())
    parts = [first.strip()]
    upper = first.strip().replace("(g)", "(G)").isupper()
    # "Frequently Asked Questions" names the kind and nothing more: in mixed case it goes on only where a line says it
    # does ("for the ..."), not into the subject set below it
    kind_only = _names_kind_only(first.strip())
    above = lines[start_index - 1][1].strip() if start_index else ""
    if kind_only and _identifier(above):
        # "FAQ 24-02" / "Frequently Asked Questions": the code printed right above the kind heads the title
        parts.insert(0, above)
        offset = lines[start_index - 1][0] + len(lines[start_index - 1][1]) - len(lines[start_index - 1][1].lstrip())
    blanks = 0
    for position, line in lines[start_index + 1:start_index + 16]:
        stripped = line.strip()
        if not stripped:
            blanks += 1
            if blanks > 3:
                break
            continue
        joined_so_far = parts[-1]
        # a register number ("DHS/HSI/PIA-028") under the heading is the document's number, not its title (a circular's
        # "RSA-TAC-23-03" printed in the heading's capitals is joined as the heading's line, below)
        if _never_title(stripped, running_headers) or (_identifier(stripped) and "/" in stripped) or \
                (_BODY_START.match(stripped) and (upper or not _short_title_case(stripped))) or \
                (not upper and _NUMBER_LINE.match(stripped)):
            # (a short title-case line goes on a mixed-case heading: "Resolution Authorizing ... Compensation" /
            # "Under Education Code Section 1090"; its number line "Resolution No. 22-14" does not)
            break
        starts = _CONNECTOR_START.match(stripped)
        # "The Government of ... have agreed as follows:" opens the preamble; an upper-case THE line goes on
        if starts and starts.group(0).lower() == "the" and not stripped.isupper():
            starts = None
        if re.search(r"[.:;]$", stripped) and len(stripped.split()) > 8 or re.match(r"^[A-Z][A-Za-z]{1,12}\s*:\s", stripped):
            break              # a sentence, or a memo's "TO:" / "FROM:" line
        connected = bool(_CONNECTOR_END.search(joined_so_far) or starts)
        same_case = upper and stripped.replace("(g)", "(G)").isupper()
        # "MEMORANDUM OF AGREEMENT" / "Warrant Service Officer Program": a short title-case line right under a heading
        # that names only the kind of document says which one (a body's or a signatory's name is no such line)
        subtitle = len(parts) == 1 and upper and not blanks and _names_kind_only(parts[0]) \
            and _short_title_case(stripped) and len(stripped.split()) <= 6 and not _letterhead(stripped)
        if blanks and not connected:
            break              # a new block after a gap, unless the heading says it goes on
        if not (connected or same_case or subtitle or (not upper and not kind_only and not re.search(r"[.:;]$", joined_so_far)
                                            and not re.search(r"[.:;]$", stripped) and stripped[:1].isupper()
                                            and len(stripped.split()) <= 14 and not blanks)):
            break
        if len(" ".join(parts + [stripped]).split()) > MAX_TITLE_WORDS:
            break
        parts.append(stripped)
        end = position + len(line.rstrip())
        blanks = 0
    title = " ".join(" ".join(parts).split())
    counter = _PAGE_COUNTER.search(title)
    if counter and counter.start() > 0:
        # "MASTER SERVICES AGREEMENT Between A and B Page 1 of 10": the page's counter printed on the heading's line
        end -= len(title) - counter.start()
        title = title[:counter.start()]
    return offset, end, title


def _memo_subject(text: str, subject: re.Match) -> tuple[int, int, str]:
    """The subject line, joined where it wraps: the next line goes on while the subject stops mid-phrase ("...
    Related to Disabling the" / "Weak Email Cipher 3DES") or the next line opens in lower case."""
    end = subject.end("subject")
    parts = [subject["subject"].strip()]
    for line in text[end:end + 600].splitlines()[1:4]:
        stripped = line.strip()
        if not stripped or not (_CONNECTOR_END.search(parts[-1]) or stripped[:1].islower()) \
                or re.match(r"^[A-Z][A-Za-z]{1,12}\s*:", stripped):
            break
        parts.append(stripped)
        end = text.index(stripped, end) + len(stripped)
    return subject.start("subject"), end, " ".join(" ".join(parts).split())


# "... Page 1 of 10", "... 06-04-25 Page 1": the page's counter (and the revision date printed before it)
_PAGE_COUNTER = re.compile(r"(?:\s+\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})?\s+Page\s+\d+(?:\s+of\s+\d+)?\s*$", re.IGNORECASE)


def _names_kind_only(line: str) -> bool:
    """The line is the document's kind and nothing more: "MEMORANDUM OF AGREEMENT", "POLICY DIRECTIVE"."""
    rest = _TITLE_WORDS.sub(" ", line)
    return rest != line and all(w.lower() in _STOPWORDS for w in re.findall(r"[A-Za-z]+", rest))


_COLUMN_GAP = re.compile(r"\s{5,}")


def _title_column(line: str, running_headers: frozenset[str]) -> tuple[int, int] | None:
    """(start, end) of the one column of a line set in columns that holds the heading, when no other column names a
    kind of document or goes on with it ("BETWEEN ...")."""
    cuts = [0] + [x for m in _COLUMN_GAP.finditer(line) for x in (m.start(), m.end())] + [len(line)]
    columns = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]
    if len(columns) < 2:
        return None
    titled = [(s, e) for s, e in columns if _title_start(line[s:e]) and not _never_title(line[s:e], running_headers)]
    if not titled:
        return None
    start, end = titled[0]
    if any(_TITLE_WORDS.search(line[s:e]) for s, e in columns if (s, e) != (start, end)):
        return None
    upper = line[start:end].replace("(g)", "(G)").isupper()
    if any(line[s:e].isupper() == upper for s, e in columns if e <= start):
        return None           # a column before it in the heading's own case may begin the heading
    return start, end
_NUMBER_LINE = re.compile(r"^(?:[A-Z][\w.]*\s+){0,3}(?:No\.?|Number|#)\s*[\w-]*\d[\w-]*$", re.IGNORECASE)


def _short_title_case(line: str) -> bool:
    words = line.split()
    return len(words) <= 8 and not re.search(r"[.:;,]$", line) and \
        all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _STOPWORDS for w in words)
# a plain-text filing keeps the page's line breaks as runs of spaces: "EXHIBIT 10.26   ***Confidential treatment
# requested ...   FLEET MAINTENANCE AGREEMENT"
_SEGMENT_GAP = re.compile(r"[ \t]{3,}")


def column_heading(text: str, running_headers: frozenset[str] = frozenset()) -> tuple[int, int, str] | None:
    """An upper-case heading that stands as a segment of its own (between runs of spaces) on one of the first
    lines, when the lines themselves hold no title: the exhibit number and a legend share its line."""
    position = 0
    for raw in text.splitlines(keepends=True)[:3]:
        line = raw.rstrip("\r\n")
        cuts = [0] + [x for m in _SEGMENT_GAP.finditer(line) for x in (m.start(), m.end())] + [len(line)]
        segments = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]
        for index, (s, e) in enumerate(segments):
            segment = line[s:e].strip()
            if not segment or not segment.replace("(g)", "(G)").isupper() or len(segment.split()) > 25 \
                    or _never_title(segment, running_headers) or not _title_start(segment):
                continue
            end = e
            for s2, e2 in segments[index + 1:index + 4]:      # "... AGREEMENT   BETWEEN   A AND B"
                following = line[s2:e2].strip()
                if not (following.isupper() and (_CONNECTOR_START.match(following) or _CONNECTOR_END.search(line[s:end]))):
                    break
                end = e2
            title = " ".join(line[s:end].split())
            return position + s, position + end, title
        position += len(raw)
    return None
_KIND_WORD = r"(?:AGREEMENT|CONTRACT|MEMORANDUM(?:\s+OF\s+[A-Z]+)?|ADDENDUM|AMENDMENT|ARRANGEMENT|UNDERSTANDING)"
# the preamble names the document: "This CONSULTING AGREEMENT (...)", "This Multiple LINAC and ... Agreement (...)"
_SELF_NAMED = re.compile(r"\b(?:This|THIS)\s+(?P<name>(?:[A-Z][\w&'’-]*\s+(?:(?:and|AND|of|OF|&)\s+)?){0,10}?"
                         r"(?:AGREEMENT|Agreement|CONTRACT|Contract|MEMORANDUM|Memorandum|ADDENDUM|Addendum|AMENDMENT|Amendment)"
                         r"(?:\s+(?:of|OF)\s+[A-Z]\w+)?)\b")
# "STRATEGIC ALLIANCE AGREEMENT STRATEGIC ALLIANCE AGREEMENT, dated as of": the heading, then the preamble repeating it
_DOUBLED = re.compile(rf"\b(?P<name>(?:[A-Z][A-Z&'’-]*,?\s+(?:(?:AND|OF|&)\s+)?){{0,10}}?{_KIND_WORD})\s+(?P=name)\b")


def run_on_heading(text: str) -> tuple[int, int, str] | None:
    """The title of a text whose opening lines were run together into one (a plain-text filing: exhibit number,
    legend, title and preamble on one line): the heading the preamble names ("This CONSULTING AGREEMENT ..."),
    found just before the preamble, or a heading the preamble's first words repeat."""
    # (asked only when no line of the text reads as a title: a text with its own heading lines never gets here)
    head = text[:4000]
    doubled = _DOUBLED.search(head)
    named = _SELF_NAMED.search(head)
    if named:
        before = head[:named.start()]
        pattern = r"\b" + r"\s+".join(re.escape(w) for w in named["name"].split()) + r"\b"
        last = None
        for last in re.finditer(pattern, before, re.IGNORECASE):
            pass              # the heading is the last copy of the name before the preamble
        if last is not None and len(named["name"].split()) == 1 and not last.group(0).isupper():
            last = None       # a bare "Memorandum" or "Agreement" in running text ("OMB Memorandum M-11-24") is no heading
        if last is not None:
            start = last.start()
            if last.group(0).isupper() and len(named["name"].split()) == 1:
                # "CHASE AFFILIATE AGREEMENT   THIS AGREEMENT sets forth ...": the preamble names the heading's last
                # word only; the heading is the whole upper-case run of its segment
                segment_start = max((m.end() for m in _SEGMENT_GAP.finditer(before, 0, start)), default=0)
                words = before[segment_start:start].split()
                while words and words[-1].isupper() and re.fullmatch(r"[A-Z][A-Z&'’-]*", words[-1]):
                    start = before.rfind(words.pop(), segment_start, start)
            return start, last.end(), " ".join(head[start:last.end()].split())
    if doubled and (named is None or doubled.start() < named.start()):
        return doubled.start("name"), doubled.end("name"), " ".join(doubled["name"].split())
    return None


_FILE_NAME_LIKE = re.compile(r"\.(?:pdf|docx?|rtf|txt|wpd|xlsx?|html?)$|^Microsoft\s+\w+\s+-|^untitled|^[\w-]+$|"
                            # the word processor's template the file was made from: "Sample - Agency Letterhead Template"
                            r"\b(?:template|letterhead)\b", re.IGNORECASE)


def declared_title(fields):
    """The file's own Title property (corpus.document.FILE_PROPERTY, key "title") when it reads as a
    title: not a file name, not a word-processor placeholder, not one bare token."""
    for f in fields:
        if f.name == FILE_PROPERTY and f.attributes.get("key") == "title" and f.value.strip() \
                and not _FILE_NAME_LIKE.search(f.value.strip()):
            return f
    return None


def running_headers(pages) -> frozenset[str]:
    """Lines at the top or bottom of at least half of the pages after the first (a running header or
    footer is never a title; a line repeated on a few pages, like a side letter's heading, is not one)."""
    from collections import Counter
    seen: Counter[str] = Counter()
    later = pages[1:]
    for page in later:
        lines = [" ".join(line.split()) for line in page.text.splitlines() if line.strip()]
        seen.update(set(lines[:3] + lines[-3:]))
    needed = max(2, len(later) / 2)
    return frozenset(line for line, count in seen.items() if count >= needed) if len(later) >= 2 else frozenset()


def kind_hint(title: str, body: str, taxonomy: Taxonomy) -> tuple[str, str] | None:
    """(type code, the words that decided it) from the title, e.g. 'MEMORANDUM OF AGREEMENT' -> moa.
    A 287(g) delegation is recognised from its body because its title is a plain MOA."""
    if re.search(r"\b287\s?\(\s?g\s?\)", title + " " + body[:3000]) and re.search(
            r"delegat|immigration\s+officer\s+functions", body[:6000], re.IGNORECASE):
        return "287g", "287(g)"
    candidates = []
    for entry in taxonomy.types:
        for alias in (entry.get("aliases") or []):
            if len(alias) <= 4 and alias.isupper():
                m = re.search(rf"\b{re.escape(alias)}\b", title)
            else:
                m = re.search(rf"\b{re.escape(alias)}\b", title, re.IGNORECASE)
            if m:
                candidates.append((m.start(), -len(alias), entry["code"], m.group(0)))
    if re.search(r"mutual\s+assistance", title, re.IGNORECASE) and re.search(r"customs", title, re.IGNORECASE):
        return "cmaa", "mutual assistance"
    if re.search(r"\b(?:non-?disclosure|confidentiality|non-?competition|employment|purchase|license|licensing|services|"
                 r"supply|distribution|consulting|master|sales?|lease|software|subscription|maintenance|reseller)\s+"
                 r"agreement\b", title, re.IGNORECASE) and not candidates:
        return "other_agreement", title
    if re.fullmatch(r"MEMORANDUM(?:\s+FOR\b.*)?", title.strip(), re.IGNORECASE):
        return "memorandum", title
    head = body[:1500]
    if re.search(r"^(?:[A-Z]{2,6}\s+)?Form\s+[\w-]*\d", head, re.MULTILINE):
        return "form", "Form"
    if re.search(r"^\s*MEMORANDUM\s*$", head[:600], re.MULTILINE) and re.search(r"^\s*SUBJECT\s*:", head, re.MULTILINE):
        return "memorandum", "MEMORANDUM"
    if re.search(r"\bFOR\s+IMMEDIATE\s+RELEASE\b", head[:300]):
        return "other_record", "FOR IMMEDIATE RELEASE"
    if not candidates:
        # a title without the type ("COOPERATIVE AGREEMENT"): the preamble usually names it
        for entry in taxonomy.types:
            for alias in (entry.get("aliases") or []):
                if entry.get("group") in ("agreement", "exempt") and (len(alias) > 12 or alias.isupper()):
                    m = re.search(rf"\b(?:This|amends\s+the)\s+{re.escape(alias)}\b", head,
                                  0 if alias.isupper() else re.IGNORECASE)
                    if m:
                        candidates.append((m.start(), -len(alias), entry["code"], m.group(0)))
    if not candidates:
        return None
    _, _, code, words = min(candidates)
    return code, words
