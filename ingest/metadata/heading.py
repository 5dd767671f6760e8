"""The title block of the first page (what each line is: title_lines; plain-text filings: filing_heading), the file's
own Title property, running headers, and the kind of document the title announces."""
from __future__ import annotations

import re

from corpus.document import FILE_PROPERTY
from corpus.taxonomy import Taxonomy
from ingest.metadata.dates import is_date_line
from ingest.metadata.filing_heading import column_heading, heading_lines, named_heading_start, run_on_heading
from ingest.metadata.title_lines import (ADDRESS_LINE, BODY_START, CONNECTOR_END, CONNECTOR_START, JUNK_LINE, MAX_TITLE_WORDS, NUMBER_LINE,
                                         OPENS_BODY, PAGE_COUNTER, SERIES_LINE, TITLE_WORDS, identifier, letterhead,
                                         names_kind_only, never_title, prose, reads_as_sentence, reads_english, short_title_case,
                                         refers_to_itself, title_start, upper_heading, leading_note, wrapped_from,
                                         edgar_header_wrap)

_SUBJECT = re.compile(r"^\s*(?:SUBJECT|RE|Subject)\s*:\s*(?P<subject>\S[^\n]{2,200})$", re.MULTILINE)
# the line that makes a text a memorandum: "MEMORANDUM", "Memorandum", "MEMORANDUM FOR THE HEADS OF ...",
# "MEMORANDUM FROM THE ASSISTANT SECRETARY"
_MEMORANDUM_LINE = re.compile(r"MEMORANDUM(?:\s+(?:FOR|FROM|TO)\b.*)?|Memorandum")
AMENDMENT_WORDS = re.compile(r"\b(?:AMENDMENT|ADDENDUM|MODIFICATION|RENEWAL|EXTENSION)\b(?:\s+(?:No\.?\s*)?\w+)?", re.IGNORECASE)


def title_block(text: str, running_headers: frozenset[str] = frozenset()) -> tuple[int, int, str] | None:
    """(start, end, title) of the heading: the first title-like line and the lines that continue it
    ("MEMORANDUM OF AGREEMENT / BETWEEN / ... / AND / ..."), joined whole, across the blank lines a
    centred heading puts between its parts. None when the first page has no title line: a sentence,
    an address, a running header or a stamp is never taken for one."""
    text = small_caps_joined(text)
    lines = heading_lines(text)
    if any(_MEMORANDUM_LINE.fullmatch(line.strip()) for _, line in lines[:10]):
        subject = _SUBJECT.search(text[:3000])       # a memorandum is known by its subject line
        if subject:
            return _memo_subject(text, subject)
    form_line = next((i for i, (_, line) in enumerate(lines[:12]) if re.match(r"^(?:[A-Z]{2,6}\s+)?Form\s+[\w-]*\d", line.strip())), None)
    if form_line:          # a form's name is the heading just above its form number
        for start, line in reversed(lines[:form_line]):
            stripped = line.strip()
            if stripped.isupper() and not JUNK_LINE.match(stripped) and not SERIES_LINE.match(stripped):
                offset = start + len(line) - len(line.lstrip())
                return offset, offset + len(stripped), stripped
    register = _register_subject(lines)
    if register:
        return register
    # a title heads the text: a line after the body's first sentence ("This report summarizes ...") is part of the body
    # and so is a line under the caption of a section that follows the preamble ("Recitals", "WITNESSETH"): a lone
    # "Agreement" caption set over the operative clauses is no title
    body = next((i for i, (_, line) in enumerate(lines[:40])
                 if OPENS_BODY.match(line.strip()) or _SECTION_CAPTION.match(line.strip())), 40)
    candidates = [i for i, (_, line) in enumerate(lines[:body])
                  if not never_title(line.strip(), running_headers)
                  and (title_start(line.strip()) or leading_note(line.strip()))
                  and not reads_as_sentence(line.strip()) and not wrapped_from(lines, i) and not letterhead(line.strip())
                  and not _after_determiner(lines, i) and not _unit_under_letterhead(lines, i)
                  and not edgar_header_wrap(lines, i)]
    start_index = candidates[0] if candidates else None
    if start_index is not None and " ".join(lines[start_index][1].split()) in running_headers:
        # the page header every page repeats ("MOU between CBP and the State of Elmwood") over the first page's own
        # heading: the heading printed once, close under it, is the title; a header alone still is
        start_index = next((i for i in candidates[1:] if i - start_index <= 10
                            and " ".join(lines[i][1].split()) not in running_headers), start_index)
    if start_index is not None and _counted_header(lines[start_index][1]):
        # "287(g) MOA - Task Force Model      Page 1 of 3": a page's header carries its counter; the heading set in
        # capitals close under it, with none, is the document's own title (a header alone still is)
        # ("Agreement No. X-26-0093   Page 1 of 2" over "Memorandum of Agreement": a mixed-case heading naming a kind of
        # agreement is the title as well)
        start_index = next((i for i in candidates[1:] if i - start_index <= 10 and not _counted_header(lines[i][1])
                            and (upper_heading(lines[i][1].strip()) or _AGREEMENT_KIND.search(lines[i][1]))), start_index)
    if start_index is not None and not reads_english(lines[start_index][1]):
        # a bilingual text heads with the other language's title; the English one follows closely
        start_index = next((i for i in candidates[1:] if i - start_index <= 10 and reads_english(lines[i][1])), start_index)
    if start_index is None:
        run_on = run_on_heading(text) or column_heading(text, running_headers)
        if run_on:
            return run_on
        # no title words: a short heading line at the very top (its first real line) still counts, unless the text is
        # a letter (a salutation follows): the capitals over it are its sender's letterhead
        dated = False
        letter = any(_SALUTATION.match(line.strip()) for _, line in lines[:30])
        for start, line in ([] if letter else lines[:12]):
            stripped = line.strip()
            if never_title(stripped, running_headers) or letterhead(stripped):
                dated = dated or is_date_line(stripped)
                continue
            if dated and not stripped.isupper():
                break          # a letter: under its date come the addressee's name and address, never its title
            if len(stripped.split()) == 1 and not (stripped.isupper() and len(stripped) >= 4):
                break          # "A", "Seth": a stray word is no title ("unknown" beats a wrong one)
            index = next(i for i, (p, _) in enumerate(lines) if p == start)
            alone = index + 1 >= len(lines) or not lines[index + 1][1].strip()      # a paragraph of its own
            # the text's very first line, a paragraph of its own: a title in a language that writes titles in
            # lower case ("Notawisseling tussen de Regering van ... houdende ..."), not a sentence of the body
            heads_text = alone and not any(other.strip() for _, other in lines[:index])
            # "On May 2, 2019, the Governor signed Executive Order 12, “Promoting the" / "Arts,” which directed the ...":
            # a line that runs on into a sentence below it is that sentence's start, however many capitals it has
            runs_on = not alone and len(stripped.split()) > 8 and not re.search(r"[.:;!?]$", stripped) \
                and len(lines[index + 1][1].split()) > 8 and prose(lines[index + 1][1])
            if stripped.isupper() and CONNECTOR_END.search(stripped) and len(stripped.split()) > 1:
                start_index = index    # "A GUIDE TO" / "THE INDIVIDUALIZED PLAN FOR EMPLOYMENT": joined below
                break
            if (reads_as_sentence(stripped) and not heads_text) or CONNECTOR_END.search(stripped) or \
                    refers_to_itself(stripped) or runs_on:
                break          # a sentence, or a line cut off mid-phrase ("... the Burden of the")
            # the first line, when it reads as a heading rather than a sentence
            if len(stripped.split()) <= (MAX_TITLE_WORDS if alone else 25) and not re.search(r"[.:;,]$", stripped) \
                    and not BODY_START.match(stripped) and (stripped[:1].isupper() or stripped[:1].isdigit()):
                if stripped.isupper():
                    start_index = index        # a capitalised heading may go on over the next lines: join them below
                    break
                offset = start + len(line) - len(line.lstrip())
                return offset, offset + len(stripped), stripped
            break
        if start_index is None:
            reference = next(((p, line) for p, line in lines[:min(body, 20)] if identifier(line.strip())
                              and re.search(r"[A-Za-z]", line) and not never_title(line.strip(), running_headers)), None)
            if reference:
                # a letter known by its number under the letterhead and the date ("DCL-25-01" / "Dear Colleagues:",
                # "PRR EPD-2025-3073" above a records-request answer): the number is its title
                offset = reference[0] + len(reference[1]) - len(reference[1].lstrip())
                return offset, offset + len(reference[1].strip()), reference[1].strip()
            return None
    for _ in range(2):
        if start_index and _begun_above(lines, start_index, running_headers):
            start_index -= 1   # "CHANGE IN CONTROL, CONFIDENTIALITY," / "AND NONCOMPETITION AGREEMENT": one heading
    start, first = lines[start_index]
    offset = start + len(first) - len(first.lstrip())
    note = leading_note(first.strip())
    if note:               # "(TRANSLATION) OUTSOURCING AGREEMENT": the note is not part of the title
        start, first = offset + note, first.strip()[note:]
        offset = start
    field = re.search(r"\s{3,}(?=" + _FIELD_LABEL.pattern[1:] + ")", first.rstrip())
    if field:              # "SCHEDULE TO ... Agreement    Supplier Name:  ...": the form's fields set beside the heading
        first = first[:field.start()]
    end = start + len(first.rstrip())
    column = _title_column(first.strip(), running_headers)
    if column:
        # "DISTRIBUTOR AGREEMENT         Tripath Technology, Inc. 3900 Freedom Circle ...": a letterhead column beside
        # the heading; "Fire Chief          BOARD OF DIRECTORS - SPECIAL MEETING": a column of names before it
        return offset + column[0], offset + column[1], first.strip()[column[0]:column[1]]
    counter = PAGE_COUNTER.search(first.rstrip())
    if counter and counter.start() > len(first) - len(first.lstrip()):
        # "Policy 310 – Body Worn Cameras 01-02-24 Page 1": a page's header line, whole on its own
        return offset, start + counter.start(), " ".join(first[:counter.start()].split())
    parts = [first.strip()]
    named = named_heading_start(text, offset, first.strip())
    if named is not None:  # the preamble names the heading whole, and its first words stand on the line before
        parts, offset = [text[named:end]], named
    upper = upper_heading(first.strip())
    # "Frequently Asked Questions" names the kind and nothing more: in mixed case it goes on only where a line says it
    # does ("for the ..."), not into the subject set below it
    kind_only = names_kind_only(first.strip())
    above = lines[start_index - 1][1].strip() if start_index else ""
    if kind_only and identifier(above):
        # "FAQ 24-02" / "Frequently Asked Questions": the code printed right above the kind heads the title
        parts.insert(0, above)
        offset = lines[start_index - 1][0] + len(lines[start_index - 1][1]) - len(lines[start_index - 1][1].lstrip())
    blanks, went_on = 0, False
    for position, line in lines[start_index + 1:start_index + 16]:
        stripped = line.strip()
        if not stripped:
            blanks += 1
            if blanks > 3:
                break
            continue
        joined_so_far = parts[-1]
        # (one rule for a document's code set as a line of the heading, whatever its punctuation: a circular's
        # "RSA-TAC-23-03", an assessment's "DHS/ICE/PIA-039(a)" right under its heading are joined as its lines)
        # "BETWEEN" / "THE DEPARTMENT OF HOMELAND SECURITY": a line a series header would open is a party where the
        # heading says it goes on
        party_line = bool(CONNECTOR_END.search(joined_so_far) and SERIES_LINE.match(stripped))
        if (never_title(stripped, running_headers) and not party_line) or \
                (BODY_START.match(stripped) and (upper or not short_title_case(stripped))) or \
                (not upper and NUMBER_LINE.match(stripped)):
            # (a short title-case line goes on a mixed-case heading: "Resolution Authorizing ... Compensation" /
            # "Under Education Code Section 1090"; its number line "Resolution No. 22-14" does not)
            break
        if _DATE_CLAUSE.match(stripped):
            break              # "DATED EFFECTIVE AS OF" / "March 11, 2015" under a cover's heading: its date, not its title
        starts = CONNECTOR_START.match(stripped)
        # "The Government of ... have agreed as follows:" opens the preamble; an upper-case THE line goes on, but not
        # across a gap ("MASTER FRANCHISE AGREEMENT" / "THE GRILLED CHEESE TRUCK, INC.": a party set apart on a cover)
        if starts and starts.group(0).lower() == "the" and (not stripped.isupper() or blanks):
            starts = None
        if re.search(r"[.:;]$", stripped) and len(stripped.split()) > 8 or re.match(r"^[A-Z][A-Za-z]{1,12}\s*:\s", stripped) \
                or stripped.endswith("?") or (_FIELD_LABEL.match(stripped) and not CONNECTOR_START.match(stripped)):
            break              # a sentence, a question, a memo's "TO:" / "FROM:" line, a form's "Supplier Name:" field
        if letterhead(stripped) and not (CONNECTOR_END.search(joined_so_far) or starts) \
                and not _AGREEMENT_KIND.search(" ".join(parts)):
            break              # "MINUTES / REGULAR MEETING OF THE BOARD" / "SPRINGFIELD WATER DISTRICT": the body, not the title
        connected = bool(CONNECTOR_END.search(joined_so_far) or starts)
        same_case = upper and stripped.replace("(g)", "(G)").isupper()
        # "MEMORANDUM OF AGREEMENT" / "Warrant Service Officer Program": a short title-case line right under a heading
        # that names only the kind of document says which one (a body's or a signatory's name is no such line)
        subtitle = len(parts) == 1 and upper and not blanks and names_kind_only(parts[0]) \
            and short_title_case(stripped) and len(stripped.split()) <= 6 and not letterhead(stripped)
        if blanks and not connected:
            break              # a new block after a gap, unless the heading says it goes on
        # (a bare kind in mixed case goes on only where a line says so; once it has, its party lines follow)
        # (a line in capitals under a mixed-case heading is another heading: "Form of Release Agreement" / "AGREEMENT")
        # (a mixed-case heading wrapped at the page's width: a long line that stops on a word goes on over the next,
        # whatever case that starts in: "... in respect of Curaçao, Sint" / "Maarten and the ...", "... for mutual
        # defense" / "purposes"); a line with a sentence's end in it is the body's ("... Enterprises. Collectively, ...")
        wrapped = len(joined_so_far) >= 50 and joined_so_far[-1:].isalpha() and stripped[:1].isalpha() \
            and not re.search(r"[.!?;]\s+[A-Z]", stripped)
        mixed_goes_on = not upper and (not kind_only or went_on) and not re.search(r"[.:;]$", joined_so_far) \
            and not re.search(r"[.:;]$", stripped) and (stripped[:1].isupper() or wrapped) \
            and len(stripped.split()) <= (20 if wrapped else 14) \
            and not blanks and not (stripped.isupper() and len(stripped) > 3 and _MIXED_WORD.search(joined_so_far))
        if _said_already(stripped, " ".join(parts)):
            break              # "Form of Release Agreement" / "Release and": the heading printed again under its label
        if not connected and _address_follows(lines, position):
            break              # "MAPLE KIOSKS, INC." / "12 Quay Street": a letterhead under the heading, not its party
        # "INTERAGENCY AGREEMENT" / "Between" / "Department of Veterans Affairs" / "Veterans Health Administration": once
        # the heading has said it goes on, a party's name set over two short title-case lines is one block (rule 2)
        party_block = upper and went_on and not blanks and not connected and short_title_case(stripped) \
            and not CONNECTOR_END.search(stripped) and len(parts) >= 3 and CONNECTOR_START.fullmatch(parts[-2].strip()) is not None
        if not (connected or same_case or subtitle or mixed_goes_on or party_block):
            break
        if len(" ".join(parts + [stripped]).split()) > MAX_TITLE_WORDS:
            break
        parts.append(stripped)
        went_on = went_on or connected
        end = position + len(line.rstrip())
        blanks = 0
    title = " ".join(" ".join(parts).split())
    clause = _TRAILING_CLAUSE.search(title)
    if clause and clause.start() > 0:
        # "... AND THE SCOTTS COMPANY LLC Effective as of September 30, 1998", "... Agreement TABLE OF CONTENTS 1.1 ...":
        # the heading's line runs on into its date or the contents
        end -= len(title) - clause.start()
        title = title[:clause.start()].rstrip(" ,;")
    counter = PAGE_COUNTER.search(title)
    if counter and counter.start() > 0:
        # "MASTER SERVICES AGREEMENT Between A and B Page 1 of 10": the page's counter printed on the heading's line
        end -= len(title) - counter.start()
        title = title[:counter.start()]
    return offset, end, title


# the caption of a section that comes after the title and the preamble: "Recitals", "R E C I T A L S", "WITNESSETH:"
_SECTION_CAPTION = re.compile(r"^(?:RECITALS?|Recitals?|R\s+E\s+C\s+I\s+T\s+A\s+L\s+S|WITNESSETH|Witnesseth|"
                              r"W\s+I\s+T\s+N\s+E\s+S\s+S\s+E\s+T\s+H|BACKGROUND|Background)\s*:?$")


# a word of a heading set in small capitals, its first letter read apart from the rest by a PDF text layer: "M EMORANDUM"
_SPLIT_CAPITAL = re.compile(r"(?<![\w'’])([A-Z]) ([A-Z]{2,})(?![\w'’])")
# a short word set the same way: "O F", "T O" (joined only on a line that has split words)
_SPLIT_SHORT = re.compile(r"(?<![\w'’])(O F|T O|I N|O N|B Y|O R|A N)(?![\w'’])")


_SALUTATION = re.compile(r"^Dear\s+[A-Z][^\n]{0,80}[:,]$")


# an office's unit printed under the agency's letterhead ("Texas Department of State Health Services" / "Contract
# Management Section"): the letterhead's second line, not the document's heading
_UNIT_LINE = re.compile(r"^(?:[A-Z][\w&'-]*\s+){1,5}(?:Section|Division|Unit|Branch|Bureau)$|^(?:Office|Division|Bureau)\s+of\s+[A-Z]")


def _unit_under_letterhead(lines: list[tuple[int, str]], index: int) -> bool:
    line = lines[index][1].strip()
    return index > 0 and letterhead(lines[index - 1][1].strip()) and bool(_UNIT_LINE.match(line))


def _counted_header(line: str) -> bool:
    counter = PAGE_COUNTER.search(line.rstrip())
    return bool(counter and line[:counter.start()].strip())


def small_caps_joined(text: str) -> str:
    """The text with a heading in small capitals read whole again ("M EMORANDUM OF U NDERSTANDING" -> "MEMORANDUM  OF
    UNDERSTANDING "), each letter moved over the space so every offset stays that of the page's text. Only a line of
    the first page's top that names a kind of document once joined, and did not before, is changed: an upper-case
    sentence ("I AGREE THAT ... IN A COURT") is left as it is."""
    head_end = len(text) if len(text) <= 6000 else text.rfind("\n", 0, 6000) + 1 or 6000
    out = []
    for line in text[:head_end].splitlines(keepends=True):
        if len(_SPLIT_CAPITAL.findall(line)) >= 2 or (_SPLIT_CAPITAL.search(line) and len(line.split()) <= 4):
            joined = _SPLIT_CAPITAL.sub(lambda m: m.group(1) + m.group(2) + " ", line)
            joined = _SPLIT_SHORT.sub(lambda m: m.group(1).replace(" ", "") + " ", joined)
            if TITLE_WORDS.search(joined) and not TITLE_WORDS.search(line):
                line = joined
        out.append(line)
    return "".join(out) + text[head_end:]


# an agreement's heading lists its parties, with or without a BETWEEN ("MEMORANDUM OF UNDERSTANDING / CITY OF X / AND /
# ..."); a record's heading ends above the body that holds it
_AGREEMENT_KIND = re.compile(r"\b(?:AGREEMENT|UNDERSTANDING|CONTRACT|TREATY|CONVENTION|ARRANGEMENT|PROTOCOL|MOU|MOA)\b",
                             re.IGNORECASE)
# a cover's date under its heading: "DATED AS OF", "Effective as of September 30, 1998", "Dated: ____"
_DATE_CLAUSE = re.compile(r"^(?:DATED|Dated|EFFECTIVE|Effective)\b(?:\s+(?:EFFECTIVE|effective|AS\s+OF|as\s+of))*(?:\s*:|\s+\S|\s*$)")
_TRAILING_CLAUSE = re.compile(r"\s(?:(?:DATED|Dated|EFFECTIVE|Effective)(?:\s+(?:EFFECTIVE|effective))?\s+(?:AS\s+OF|as\s+of)\b|"
                              r"(?:DATED|Dated)\s*:|"
                              # "AFFILIATE AGREEMENT DATED JULY 15, 2005", "... AGREEMENT dated as of May 2, 2009"
                              r"(?:DATED|Dated|dated)(?:\s+(?:AS\s+OF|as\s+of))?\s+(?:[A-Za-z]{3,9}\.?\s+\d{1,2}\b|\d{1,2}[/.-]\d)|"
                              # the preamble's defined name: "... AGREEMENT (this “Agreement”) among ..."
                              r"\((?:this|the|hereinafter\s+the)\s+[\"“][^\"”]{1,30}[\"”]\)|"
                              r"TABLE\s+OF\s+CONTENTS\b).*$")


# a word in mixed case ("Form", "Release"; a number's "No." does not make a capitals heading mixed)
_MIXED_WORD = re.compile(r"\b(?!No\b)[A-Z][a-z]{2,}")
# a form's labelled field, with or without its value: "Supplier Name:", "Agreement Number:  MK20931"
_FIELD_LABEL = re.compile(r"^(?:[A-Z][\w.'&/-]*\s+){0,3}[A-Z][\w.'&/-]*\s*:(?:\s|$)")


def _said_already(line: str, heading: str) -> bool:
    """Every word of the line is already in the heading, in order: the heading printed again, not more of it."""
    words = re.findall(r"[a-z0-9]+", line.lower())
    return len(words) >= 2 and " ".join(words) in " ".join(re.findall(r"[a-z0-9]+", heading.lower()))


def _address_follows(lines: list[tuple[int, str]], position: int) -> bool:
    """The next line of text after the one at `position` is an address (a letterhead's street, suite or town)."""
    following = [line.strip() for start, line in lines if start > position and line.strip()]
    return bool(following) and bool(ADDRESS_LINE.match(following[0]))


def _after_determiner(lines: list[tuple[int, str]], index: int) -> bool:
    """The line above ends on "this", "these", "such" or "said", so this line finishes that phrase: a legend set in a
    narrow column ("... PORTIONS OF THIS" / "AGREEMENT ACCORDINGLY,") speaks of the document and is not its heading."""
    # (the line above may stand a gap apart: a run-together filing's wide spaces are read as a blank line)
    above = next((line.strip() for _, line in reversed(lines[max(0, index - 2):index]) if line.strip()), "")
    return bool(re.search(r"\b(?:this|these|such|said)$", above, re.IGNORECASE))


def _begun_above(lines: list[tuple[int, str]], index: int, running_headers: frozenset[str]) -> bool:
    """The heading begins on the line above: that line ends on a joining word or comma, or this one opens with one,
    both set the same way and with no gap between ("NON-SOLICITATION, NON-DISPARAGEMENT AND" / "CONFIDENTIALITY
    AGREEMENT"), so a first line that names no kind of document is still the heading's start."""
    above, line = lines[index - 1][1].strip(), lines[index][1].strip()
    if not above or never_title(above, running_headers) or letterhead(above) or reads_as_sentence(above) \
            or len(above.split()) > 12 or upper_heading(above) != upper_heading(line) or edgar_header_wrap(lines, index - 1):
        return False
    return bool(re.search(r"(?:[,&–—-]|\b(?:AND|OR|OF|and|or|of))$", above) or re.match(r"(?:AND|OR|OF|and|or|of|&)\s", line))


# a Federal Register document's preamble: "AGENCY: ..." then "ACTION: Notice." (its subject is the heading above)
_AGENCY_CAPTION = re.compile(r"^AGENCY\s*:")
_ACTION_CAPTION = re.compile(r"^ACTION\s*:")
# the lines above a register subject: "[Docket ID ED-2015-OSERS-0001]", "RIN 1820-AB70", "34 CFR Part 361", a billing code
_REGISTER_HEADER = re.compile(r"^(?:\[.*\]|RIN\s+\S+|\d+\s+CFR\b.*|\d{4}-\d{2}-[A-Z]|Billing\s+Code\b.*)$", re.IGNORECASE)


def _register_subject(lines: list[tuple[int, str]]) -> tuple[int, int, str] | None:
    """The subject of a Federal Register notice or rule: the lines right above its "AGENCY:" caption, below the
    department, docket and RIN lines ("State Vocational Rehabilitation Services Program; ... / Program; ...")."""
    caption = next((i for i, (_, line) in enumerate(lines[:40]) if _AGENCY_CAPTION.match(line.strip())), None)
    if caption is None or not any(_ACTION_CAPTION.match(line.strip()) for _, line in lines[caption + 1:caption + 5]):
        return None
    parts: list[tuple[int, str]] = []
    for position, line in reversed(lines[:caption]):
        stripped = line.strip()
        if not stripped or _REGISTER_HEADER.match(stripped) or never_title(stripped, frozenset()) or \
                letterhead(stripped) or (stripped.isupper() and parts):
            break
        parts.insert(0, (position + len(line) - len(line.lstrip()), stripped))
    if not parts or len(parts) > 4:
        return None
    start, end = parts[0][0], parts[-1][0] + len(parts[-1][1])
    return start, end, " ".join(" ".join(text for _, text in parts).split())


def _memo_subject(text: str, subject: re.Match) -> tuple[int, int, str]:
    """The subject line, joined where it wraps: the next line goes on while the subject stops mid-phrase ("...
    Related to Disabling the" / "Weak Email Cipher 3DES") or the next line opens in lower case."""
    end = subject.end("subject")
    parts = [subject["subject"].strip()]
    for line in text[end:end + 600].splitlines()[1:4]:
        stripped = line.strip()
        # (a subject in capitals that filled its line goes on over a line in capitals: "... AND THE ELMWOOD POLICE" /
        # "DEPARTMENT REGARDING TASK FORCE OPERATIONS"; under a short subject a line in capitals is the caption of the
        # memo's first section, "BACKGROUND", "PURPOSE AND SCOPE", and a numbered line, "1. PURPOSE", opens the body)
        wrapped_capitals = parts[-1].isupper() and stripped.isupper() and len(parts[-1]) >= 45 \
            and not BODY_START.match(stripped) and not re.search(r"[.:;]$", parts[-1] + stripped)
        if not stripped or not (CONNECTOR_END.search(parts[-1]) or stripped[:1].islower() or wrapped_capitals) \
                or re.match(r"^[A-Z][A-Za-z]{1,12}\s*:", stripped):
            break
        parts.append(stripped)
        end = text.index(stripped, end) + len(stripped)
    return subject.start("subject"), end, " ".join(" ".join(parts).split())





_COLUMN_GAP = re.compile(r"\s{5,}")


def _title_column(line: str, running_headers: frozenset[str]) -> tuple[int, int] | None:
    """(start, end) of the one column of a line set in columns that holds the heading, when no other column names a
    kind of document or goes on with it ("BETWEEN ...")."""
    cuts = [0] + [x for m in _COLUMN_GAP.finditer(line) for x in (m.start(), m.end())] + [len(line)]
    columns = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]
    if len(columns) < 2:
        return None
    titled = [(s, e) for s, e in columns if title_start(line[s:e]) and not never_title(line[s:e], running_headers)]
    if not titled:
        return None
    start, end = titled[0]
    if any(TITLE_WORDS.search(line[s:e]) for s, e in columns if (s, e) != (start, end)):
        return None
    upper = line[start:end].replace("(g)", "(G)").isupper()
    if any(line[s:e].isupper() == upper for s, e in columns if e <= start):
        return None           # a column before it in the heading's own case may begin the heading
    return start, end

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
