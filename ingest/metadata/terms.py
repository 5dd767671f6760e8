"""Dates that matter: effective date, signature dates, the term and the expiry it implies."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ingest.metadata.date_roles import (EFFECTIVE, FILE_PROPERTIES, OTHER, PERFORMANCE_START, SIGNATURE,
                                       UNANCHORED_AS_OF, RoledDate, agreement_is_subject)
from ingest.metadata.dates import DURATION, DateMention, Duration, add_duration, find_dates, is_date_line, parse_duration


@dataclass
class PageDate:
    page: int
    mention: DateMention


ON_SIGNATURE = re.compile(r"(?:effective|enter(?:s|ed)?\s+into\s+force|take\s+effect|takes\s+effect)\s+(?:only\s+)?(?:upon|on|as\s+of|from|when)\s+(?:the\s+)?(?:(?:fully\s+)?(?:signed|executed)\b|date\s+of\s+(?:the\s+|its\s+|their\s+)?(?:(?:last|final)\s+)?signature|"
                          r"(?:its|their)\s+(?:(?:last|final)\s+)?(?:signature|execution)|"
                          # "upon the later of the dates of signature", "on the latest signature date"
                          r"(?:later|latest|last)\s+(?:of\s+the\s+)?(?:two\s+)?(?:(?:dates?\s+of\s+(?:signature|execution))|signature\s+dates?)|"
                          # "upon the completion of the execution by both Parties", "upon completion of signing"
                          r"completion\s+of\s+(?:the\s+)?(?:execution|signing|signature)|"
                          r"(?:final\s+|last\s+)?signature|execution|the\s+(?:date\s+)?(?:it\s+is\s+)?(?:last\s+)?signed|"
                          r"the\s+date\s+(?:on\s+which|when)\s+(?:it\s+is\s+|this\s+\w+\s+is\s+)?(?:fully\s+)?(?:executed|signed))",
                          re.IGNORECASE)
# "effective beginning on 12:01 a.m. on the day after the date of last signature": the day after the last signature
DAY_AFTER_SIGNATURE = re.compile(r"\b(?:effective|take\s+effect|takes\s+effect|commenc\w+|begin\w*)\b(?:[^.;]|\.(?=\S)|(?<=\b\w)\.){0,80}?\b(?:the\s+)?"
                                 r"(?:day|date)\s+(?:after|following)\s+(?:the\s+)?(?:date\s+of\s+(?:the\s+)?)?"
                                 r"(?:last|final|later|latest)\s+(?:of\s+the\s+)?(?:signature|execution)", re.IGNORECASE)
CONDITIONAL_EFFECT = re.compile(r"\b(?:enter(?:s|ed)?\s+into\s+force|become(?:s)?\s+effective|take(?:s)?\s+effect|shall\s+be\s+effective)\s+"
                                r"(?:upon|when|after|following|as\s+provided|with\s+procedures|"
                                r"on\s+(?:the\s+)?(?:first|later|thirtieth|(?:date|day)\s+(?:on\s+which|when|that|following|of\s+"
                                r"(?!(?:the\s+)?(?:(?:last|final)\s+)?signature)))|thirty|sixty|ninety|\d+\s+days)", re.IGNORECASE)
TERM_CLAUSE = re.compile(
    r"(?:remains?\s+in\s+(?:full\s+force\s+and\s+)?effect|be\s+(?:in\s+effect|effective)|is\s+effective|"
    r"terms?\s+(?:of\s+(?:the\s+)?validity\s+)?of\s+(?:this|the)\s+[\w \"“”()']{1,40}?\s+(?:is|shall|will)\b|shall\s+(?:continue|terminate|expire)|will\s+(?:continue|terminate|expire)|"
    r"(?:continues?|remains?)\s+in\s+force|remains?\s+effective|(?<![\w-])(?:Term|TERM|Duration|DURATION)\s*:|(?<![\w-])(?:Initial\s+)?(?:Term|TERM)[”\"'’]?\s+(?:shall\s+)?means?\b|for\s+a\s+(?:term|period)\s+of|survive|(?:is|be|remains?)\s+valid|\bexpires\b)"
    r"(?P<body>[^.;]{0,220})", re.IGNORECASE)
UNTIL_TERMINATED = re.compile(r"until\s+(?:it\s+is\s+)?terminated|indefinitely|until\s+(?:either|one|both)\s+part(?:y|ies)(?:\s+\w+)?",
                              re.IGNORECASE)
RENEWAL = re.compile(r"[^.]{0,160}\b(?:renew(?:ed|al|s)?|extend(?:ed)?|extension)\b[^.]{0,160}\.", re.IGNORECASE)
# an exchange of notes "shall enter into force on the date of your note in reply" / "effective as of this date":
# the agreement dates from the later note
ON_REPLY = re.compile(r"(?:enter(?:s)?\s+into\s+force|(?:be|become|becomes|is)\s+effective|take(?:s)?\s+effect|effective)\s+"
                      r"(?:on|as\s+(?:of|from)|from)\s+(?:the\s+)?(?:date\s+of\s+(?:(?:your|the|this|the\s+present)\s+)?"
                      r"(?:[\w'’]+\s+){0,2}?(?:note|letter|reply)(?:\s+in\s+reply)?|this\s+date)\b", re.IGNORECASE)
# a note's or letter's date line: the date after at most a place ("Washington, ", "The Hague, ", "No. 12 Washington, ")
_DATELINE_PREFIX = re.compile(r"^[^\w\n]*(?:No\.?\s*\S+\s+)?(?:[A-Z'][\w.'’-]*(?:[ ,]+[A-Z][\w.'’-]*){0,5},?\s*)?$")
NOTICE_PERIOD = re.compile(r"\s*(?:['’]s?\s*|\s)(?:prior\s+|advance\s+)?(?:written\s+)?(?:notice|notification)|"
                           # "twenty-four (24) months from and after the date of such termination": after the end
                           r"\s+(?:(?:from\s+)?(?:and\s+)?(?:after|following|beyond)|thereafter)\s*(?:the\s+)?(?:date\s+of\s+)?(?:(?:its|such|the|any)\s+)?"
                           r"(?:termination|expiration|expiry|end\b)|\s+thereafter|"
                           r"\s+(?:after|following|from)\s+(?:the\s+)?(?:date\s+of\s+)?(?:(?:its|such|the|a|any)\s+)?"
                           r"(?:receipt|(?:written\s+)?notice|notification)", re.IGNORECASE)
FROM_LAST_SIGNATURE = re.compile(r"(?:last|final)\s+signature|fully\s+executed|date\s+of\s+signature", re.IGNORECASE)


def all_dates(pages) -> list[PageDate]:
    return [PageDate(p.number, m) for p in pages for m in find_dates(p.text)]


def effective_date(pages, roled: list[RoledDate], signatures: list[PageDate],
                   letter_dateline: bool = True) -> tuple[PageDate | None, float, str]:
    """(date, confidence, basis) of the effective date, or (None, 0, "") when the text states none.
    basis: "cue" (a date introduced as effective: "effective on/as of", "Effective:", "dated as of",
    "made ... this"), "last_signature" ("effective upon signature": the latest signature date),
    "dateline" (a letter agreement's date line), "performance_start", "signature" (nothing says when it
    takes effect: the latest signature date). A date whose role says it is
    not this agreement's own (cited law, superseded agreement, stamp, draft, form expiration) is
    never used, and no date is guessed: precision beats coverage."""
    own = [r for r in roled if r.role == EFFECTIVE]
    texts = {p.number: p.text for p in pages}
    # a long contract says "effective July 1, 2016" of pay rises and side letters: a date said of the
    # agreement itself (its term, "this Agreement ... effective") or on its title page comes first
    # a bare "beginning on" / "as of" is only trusted in the opening, whatever its sentence names
    own = [r for r in own if not _BARE_START.match(r.cue) or in_opening(pages, r.page, r.mention.start)]
    about_itself = [r for r in own if _of_the_agreement(texts[r.page], r) or r.page == pages[0].number]
    # otherwise only the opening pages: "Effective July 1, 1999, a unit member ..." on page 26 dates a clause
    own = about_itself or [r for r in own if in_opening(pages, r.page, r.mention.start)]
    if own:
        # the first date with a firm cue (the preamble's), unless its sentence goes on to say
        # "... dated as of X, but effective as of Y"
        best = next((r for r in own if r.confidence >= 0.9), None) or own[0]
        later = next((r for r in own if r.page == best.page and 0 < r.mention.start - best.mention.end < 120
                      and r.confidence > best.confidence), None)
        best = later or best
        return PageDate(best.page, best.mention), best.confidence, "cue"
    if signatures and _first_statement_of_effect(pages, DAY_AFTER_SIGNATURE):
        last = max(signatures, key=lambda s: s.mention.value)
        after = replace(last.mention, value=last.mention.value + timedelta(days=1))
        return PageDate(last.page, after), 0.7, "day_after_last_signature"
    on_signature = _takes_effect_on_signature(pages)
    if on_signature:
        # an addendum filed with it may name the day it took effect: said outright, that is surer than the latest
        # of the signature dates legible in a scan (one of them may be the one not read)
        named = _named_effective(pages, roled)
        if named is not None:
            return named, 0.6, "named_by_addendum"
    if signatures and on_signature:
        return max(signatures, key=lambda s: s.mention.value), 0.8, "last_signature"
    datelines = note_datelines(pages, roled)
    if len(datelines) >= 2 and _first_statement_of_effect(pages, ON_REPLY):
        return max(datelines, key=lambda d: d.mention.value), 0.7, "reply_note"
    first = pages[0] if pages and letter_dateline else None    # a memo's or notice's date line dates no agreement
    if first is not None:
        head_end = sum(len(line) + 1 for line in first.text.splitlines()[:15])
        for r in roled:
            if r.page == first.number and r.mention.start < head_end and r.role == OTHER:
                line_start = first.text.rfind("\n", 0, r.mention.start) + 1
                line_end = first.text.find("\n", r.mention.end)
                if is_date_line(first.text[line_start:line_end if line_end >= 0 else len(first.text)].strip()):
                    return PageDate(r.page, r.mention), 0.5, "dateline"
    start = next((r for r in roled if r.role == PERFORMANCE_START), None)
    if start:
        return PageDate(start.page, start.mention), 0.5, "performance_start"
    if any(CONDITIONAL_EFFECT.search(page.text) for page in pages):
        return None, 0.0, ""      # it takes effect on an event ("upon an exchange of notes"), not on a stated date
    # nothing says when it takes effect: a contract takes effect when signed (its "Date:" lines). A
    # treaty's "Done at ..., on ..." is not taken so: it enters into force by its own terms.
    dated_blocks = [PageDate(r.page, r.mention) for r in roled if r.role == SIGNATURE and r.cue == "signature block"]
    if dated_blocks:
        return max(dated_blocks, key=lambda s: s.mention.value), 0.4, "signature"
    return None, 0.0, ""


# "... hereby agree to modify the 287(g) Memorandum of Agreement that was effective on June 8, 2020": an addendum
# filed with the agreement it modifies names that agreement's effective date
_NAMED_EFFECTIVE = re.compile(r"\b(?:the|this)\s+(?:new\s+)?(?:[\w()'’-]+\s+){0,4}?(?P<kind>Memorandum\s+of\s+(?:Agreement|"
                              r"Understanding)|Agreement|MOA|MOU)\s+(?:that|which)\s+(?:was|became)\s+effective\s+"
                              r"(?:on|as\s+of)\s+(?:the\s+)?$", re.IGNORECASE)


def _named_effective(pages, roled: list[RoledDate]) -> PageDate | None:
    """The date a later part of the file says "the <document's own kind> ... was effective on": only when the
    document's heading names that kind, so the sentence speaks of this document."""
    texts = {p.number: p.text for p in pages}
    heading = " ".join(pages[0].text[:200].split()).lower()
    for r in roled:
        text = texts[r.page]
        m = _NAMED_EFFECTIVE.search(text[max(0, r.mention.start - 160):r.mention.start])
        if m and " ".join(m["kind"].split()).lower() in heading:
            return PageDate(r.page, r.mention)
    return None


def _takes_effect_on_signature(pages) -> bool:
    """The first sentence saying when something takes effect says "upon signature". A treaty that
    enters into force on ratification may annex an arrangement "effective upon signature": the
    first statement is the agreement's own (its later ones are of annexes, notices, amendments)."""
    return _first_statement_of_effect(pages, ON_SIGNATURE)


def _first_statement_of_effect(pages, wanted: re.Pattern) -> bool:
    """The first statement of when the agreement takes effect is of the wanted kind (on signature, on the reply note)."""
    for page in pages:
        found = wanted.search(page.text)
        # "This Agreement shall enter into force on the date ...": said of the agreement, not of a notice
        conditional = next((m for m in CONDITIONAL_EFFECT.finditer(page.text)
                            if not wanted.search(page.text, m.start(), m.end() + 80)
                            and _THIS_AGREEMENT.search(_sentence_up_to(page.text, m.start()))), None)
        if found and (conditional is None or found.start() < conditional.start()):
            return True
        if conditional:
            return False
    return False


def note_datelines(pages, roled: list[RoledDate]) -> list[PageDate]:
    """The date lines of an exchange of notes or letters ("Washington, March 1, 1990"): a date with at most
    a place before it on its line, not a cited or superseded document's."""
    texts = {p.number: p.text for p in pages}
    out = []
    for r in roled:
        if r.role not in (OTHER, SIGNATURE, EFFECTIVE):
            continue
        text = texts[r.page]
        if _DATELINE_PREFIX.match(text[text.rfind("\n", 0, r.mention.start) + 1:r.mention.start]):
            out.append(PageDate(r.page, r.mention))
    return out


def _sentence_up_to(text: str, position: int) -> str:
    window = text[max(0, position - 200):position]
    return window[max(window.rfind(". "), window.rfind("\n")) + 1:]


def opening_pages(pages) -> set[int]:
    return {p.number for p in pages[:2]}


# a text file is one "page": its opening is its first few thousand characters, not all of it
# ("Beginning on July 1, 2014, the Financial Institution must ..." in an annex dates an obligation)
OPENING_CHARS = 12000


# "Beginning on July 1, 2014, the institution must ...": a start said of no agreement, only trusted in the opening
# likewise a bare "made as of" / "executed on": "the first such adjustment to be made as of January 1, 2019" deep in a
# contract dates the adjustment; the preamble that makes the agreement is in the opening
_BARE_START = re.compile(r"(?:beginning|commenc\w*|starting|start|made|entered\s+into|executed)\b|" + re.escape(UNANCHORED_AS_OF),
                         re.IGNORECASE)


def in_opening(pages, page: int, start: int) -> bool:
    """The position is on the first two pages and within the document's first OPENING_CHARS characters."""
    offset = 0
    for p in pages[:2]:
        if p.number == page:
            return offset + start < OPENING_CHARS
        offset += len(p.text)
    return False


_THIS_AGREEMENT = re.compile(r"\b(?:this|the\s+present)\s+(?:[\w-]+\s+){0,3}?(?:Agreement|MOU|MOA|MOC|Memorandum|Contract|"
                             r"Arrangement|Amendment|Addendum)\b", re.IGNORECASE)


def _of_the_agreement(text: str, r: RoledDate) -> bool:
    """The date is said of the agreement itself: its term, or a sentence naming "this Agreement"."""
    if r.cue.lower().startswith(("term", "defined")):     # its term, or its defined "Expiration Date"
        return True
    # a contract's term sentence runs long: 'The term of this Agreement (the "Term"), unless mutually extended by
    # written agreement of the Parties or unless sooner terminated as provided herein, shall ... expire on <date>'
    sentence = text[max(0, r.mention.start - 320):r.mention.start]
    sentence = sentence[max(sentence.rfind(". "), sentence.rfind("\n\n")) + 1:]
    return bool(_THIS_AGREEMENT.search(sentence))


def of_the_agreement(pages, r: RoledDate) -> bool:
    return _of_the_agreement(next(p.text for p in pages if p.number == r.page), r)


def term_of_the_agreement(pages, term: "Term") -> bool:
    """The term clause is the agreement's own: on its opening pages, or in a sentence about "this Agreement"."""
    if term.page in opening_pages(pages):
        return True
    text = next(p.text for p in pages if p.number == term.page)
    sentence = text[max(0, term.start - 250):term.end]
    sentence = sentence[max(sentence.rfind(". "), sentence.rfind("\n\n")) + 1:]
    return bool(_THIS_AGREEMENT.search(sentence) or re.search(r"\bterm\s+of\s+(?:this|the)\b|\bDURATION\b|\bTERM\b", sentence))


def signature_dates(pages, dates: list[PageDate]) -> list[PageDate]:
    """Dates written on 'Date:' lines or right under a signature, anywhere in the document."""
    texts = {p.number: p.text for p in pages}
    out = []
    for pd in dates:
        text = texts[pd.page]
        line_start = text.rfind("\n", 0, pd.mention.start) + 1
        line_end = text.find("\n", pd.mention.end)
        line = text[line_start:line_end if line_end >= 0 else len(text)]
        before_on_line = text[line_start:pd.mention.start]
        above = text[max(0, line_start - 160):line_start].splitlines()[-2:]
        below = text[line_end + 1:text.find("\n", line_end + 1) if text.find("\n", line_end + 1) >= 0 else len(text)] \
            if line_end >= 0 else ""
        if FILE_PROPERTIES.search(line):
            continue        # "FILENAME: spec.doc DATE: 07/07/97 3:57 PM AUTHOR(S): ...": an attached file's properties
        if _signed_date_label(before_on_line, text[pd.mention.end:line_end if line_end >= 0 else len(text)],
                              text[max(0, line_start - _BLOCK_REACH):line_start]) or (
                # a column's "Date" caption under the line the date was written on ("/s/ Pat Doe    4/2/2019")
                _DATE_CAPTION_BELOW.search(below)
                or _DATE_CAPTION_AFTER_RULE.search(text, pd.mention.end, line_end if line_end >= 0 else len(text))) or (
                # nothing before it on its line but, in a two-column block, the other column's date
                (not before_on_line.strip() or is_date_line(before_on_line))
                and (_SIGNATURE_LABEL.search(text[max(0, pd.mention.start - 200):pd.mention.start])
                     # two-column blocks: the second column's date drops to the line under "Date: ... Date:"
                     or any(_DATE_LABEL.search(line) for line in above))) or (
                # signed electronically, the dates are stamped apart from the empty "Date: ____" fields of the same
                # block (an empty field elsewhere on the page says nothing of this line)
                is_date_line(line) and _empty_date_field_in_block(text, line_start, line_end if line_end >= 0 else len(text))) or (
                # a date on its own line under a signature rule and the signer's name and office (no "Date:" label)
                is_date_line(line) and _UNDER_A_SIGNATURE.search(text[max(0, line_start - 300):line_start])) or (
                # "/s/ Pat Doe [signature authenticated by the document depository on May 3, 2019]": an e-signature's note
                _ESIGNED_ON.search(text, max(0, pd.mention.start - 240), pd.mention.start)) or (
                # a handwritten date that OCR set on a line of its own, just above the date field it was written in
                is_date_line(line) and _illegible_date_field_below(text, line_end)):
            out.append(pd)
    return out


# "Date:" / "Dated:" / "Date signed:" on a signature line; "Start Date:", "End Date:", "Due Date:" label
# other dates (a project period, a deadline) that only look like a signature block's
_NOT_SIGNING = r"(?<!effective )(?<!start )(?<!end )(?<!completion )(?<!due )(?<!expiration )(?<!termination )" \
               r"(?<!birth )(?<!issue )(?<!award )(?<!closing )(?<!report )(?<!target )(?<!deadline )" \
               r"(?<!creation )(?<!revision )(?<!hire )(?<!resignation )(?<!reinstatement )(?<!accrual )(?<!review )" \
               r"(?<!longevity )(?<!posting )(?<!incident )(?<!service )(?<!payment )(?<!invoice )(?<!order )"
_SIGNED_DATE_LABEL = re.compile(_NOT_SIGNING + r"\bDate(?:d)?\s*(?:signed)?\s*[:.]?[\s_-]*$", re.IGNORECASE)
# "Dated this 4th day of March, 2021", "Signed this ...", "Executed on ..." opening a signature block's line
_DATED_THIS = re.compile(r"^[\s_]*(?:Dated|Signed|Executed)\s+(?:this|on)\s+(?:the\s+)?$", re.IGNORECASE)
_DATE_CAPTION_BELOW = re.compile(r"(?:^|\s{2,}|\t|_)Date\s*(?:$|\s{2,})")
# a form's two rows joined on one line by text extraction: "Pat Doe   1/9/02   ------   Name (type or print)   Date"
_DATE_CAPTION_AFTER_RULE = re.compile(r"(?:-{5,}|_{5,})[^\n]*?" + _NOT_SIGNING + r"\bDate\b(?!\s*:)")


def _signed_date_label(before: str, after: str, above: str = "") -> bool:
    """The date fills a signature block's date field: "Date:", "Date signed", "Dated:", "Dated this". A lower-case
    "dated" running on from a sentence ("the letter from counsel\ndated May 10, 1999 ...") labels nothing, and a bare
    "dated" with no colon is a signature's only inside a signature block (under a title, "dated 10 October 2000" is
    the document's own date line)."""
    m = _SIGNED_DATE_LABEL.search(before) or _DATED_THIS.search(before)
    if m is None:
        return False
    label = m.group(0).strip(" _-")
    if label.startswith("dated") and ":" not in label and after.strip(" _-.,"):
        return False
    if label.lower().startswith("dated") and not label.lower().startswith("dated this") and ":" not in label and \
            not (_SIGNATURE_BLOCK.search(above) or _SIGNATURE_LABEL.search(above)):
        return False
    return True


# the lines of a signature block above a date: a signature label, "By:", "Name:", "Title:", "IN WITNESS WHEREOF"
_SIGNATURE_BLOCK = re.compile(r"\b(?:By|Name|Title|Its)\s*:|\bIN\s+WITNESS\b|_{6,}", re.IGNORECASE)


_DATE_LABEL = re.compile(_NOT_SIGNING + r"\bDate\s*:", re.IGNORECASE)
# a signature block's own words above a date set on its own line: a "Signature" / "Signed" caption or label, "signed
# by", "Digitally signed", "/s/". The same words in a sentence ("upon signature of both parties", "has signed this
# Agreement") label no date.
_SIGNATURE_LABEL = re.compile(r"\b(?:Signature|Signed)\b[ \t]*(?::|_|\)|\n|$|[ \t]{2,})|(?:^|\n)[ \t]*Signed\s+by\b|"
                              r"\b(?:Digitally|Electronically)\s+signed\b|/s/", re.IGNORECASE)
# the signature's rule ("__________", "/s/ Pat Doe", "By: ____") and at most three lines of name, office and
# organisation between it and the date's line
_UNDER_A_SIGNATURE = re.compile(r"(?:_{6,}|/s/|\bBy\s*:)[^\n]*\n(?:[ \t]*[^\n\d]{1,80}\n){0,3}$")
# how far above a date a signature block's labels are looked for
_BLOCK_REACH = 400
_ESIGNED_ON = re.compile(r"/s/[^\n]{0,160}?\b(?:sign(?:ed|ature)|executed|authenticated)\b[^\n.;]{0,80}?\bon\s+(?:the\s+)?$",
                         re.IGNORECASE)
# a signature block's date field left blank on the page ("Date: ______", "Date: Date:")
_EMPTY_DATE_FIELD = re.compile(r"(?:^|\n)[^\n]{0,80}?\bDate\s*:[\s_]*(?:\n|$|Date\s*:|Signature\b|By\b)", re.IGNORECASE)


# a line of prose (eight words or more ending a sentence): a signature block has none, so one ends the block
_PROSE_LINE = re.compile(r"(?m)^[^\n]*?\b[A-Za-z]+(?:[ \t]+\S+){7,}[.;][ \t]*$")


def _empty_date_field_in_block(text: str, line_start: int, line_end: int, reach: int = 1200) -> bool:
    """An empty "Date: ____" field in the same signature block as the line: above or below it with no line of prose
    between (an e-signature's stamped dates sit apart from the form's fields, a dozen lines off at most)."""
    before = text[max(0, line_start - reach):line_start]
    last = None
    for last in _EMPTY_DATE_FIELD.finditer(before):
        pass
    if last is not None and not _PROSE_LINE.search(before, last.end()):
        return True
    after = text[line_end:line_end + reach]
    first = _EMPTY_DATE_FIELD.search(after)
    return first is not None and not _PROSE_LINE.search(after, 0, first.start())


def _illegible_date_field_below(text: str, line_end: int, lines: int = 3) -> bool:
    """One of the next few lines has a signature block's date field with no legible date in it ("Date: ______",
    "Date:------,------", "Date: PK -DOAS"): where handwriting was read off the line, the field is empty."""
    if line_end < 0:
        return False
    for line in text[line_end + 1:].split("\n", lines)[:lines]:
        labels = list(_DATE_LABEL.finditer(line))
        for label, following in zip(labels, labels[1:] + [None]):
            if not find_dates(line[label.end():following.start() if following else len(line)]):
                return True
    return False


@dataclass
class Term:
    page: int
    start: int
    end: int
    text: str
    duration: Duration | None
    until_date: date | None
    until_terminated: bool
    from_last_signature: bool
    renewal: str
    from_event: str = ""      # "36 months after such Termination Election": counted from an event, not a stated date
    day_before: bool = False  # "through the day prior to the fourth anniversary": the term ends the day before


def find_term(pages) -> Term | None:
    for page in pages:
        for m in TERM_CLAUSE.finditer(page.text):
            if not _said_of_the_agreement(page.text, m.start("body")) or _RELATIVE_SUBJECT.search(page.text, max(0, m.start() - 30),
                                                                                                  m.start()):
                continue        # "the offer shall remain valid for six months", "a breach that continues for 30 days",
                # "This Agreement grants a sublicense, which shall continue for five years"
            body = m["body"]
            body_start = m.start("body")
            if re.search(r"\bsurvive\b", m.group(0), re.IGNORECASE):
                continue       # survival of obligations is not the agreement's term
            until = UNTIL_TERMINATED.search(body)
            # "terminate thirty (30) days after written notice", "two years after the date of its receipt": a notice period
            # "fails to remedy that breach within a period of 14 days of being notified": a deadline, not a term
            expires_after = _EXPIRES.search(m.group(0), 0, m.start("body") - m.start())
            duration = next((d for d in DURATION.finditer(body) if not (NOTICE_PERIOD.match(body, d.end())
                                                                        and not (expires_after and _THEREAFTER.match(body, d.end())))
                             and not _WITHIN.search(body, 0, d.start())
                             and not _RENEWAL_PERIOD.search(body, 0, d.start())
                             and not _AFTER_THE_END.search(page.text, max(0, m.start() - 200), body_start + d.start())), None) \
                or ANNIVERSARY.search(body)
            if until and duration and until.start() < duration.start():
                duration = None           # "until terminated ... upon thirty (30) days' notice": no fixed term
            dates = find_dates(body)
            until_date = None
            if dates and re.search(r"\b(?:until|through|expire\s+on|terminate\s+on|(?:end|ends|ending|conclude|concludes)\s+on)\s+(?:the\s+)?$",
                                   body[:dates[0].start], re.IGNORECASE):
                until_date = dates[0].value
            if not (until or duration or until_date):
                continue
            from_event = ""
            either = duration and re.search(r"\b(?:later|earlier|sooner|longer|shorter|greater|lesser)\s+of\b", body[:duration.start()], re.IGNORECASE)
            if either:
                # "terminate on the later of (i) the third anniversary ... or (ii) the date on which ...": the end
                # depends on an event as well as the count, so no date follows from it
                from_event = " ".join(body[either.start():].split())[:80]
            if duration:
                span_start, span_end = body_start + duration.start(), body_start + duration.end()
                rest = body[duration.end():]
                tail = re.match(r"\s+(?:from|after|following|beginning\s+on)\s+[^,;]{0,60}", rest)
                if tail:
                    span_end += tail.end()
                    if not _KNOWN_START.search(tail.group(0)) and not from_event:
                        from_event = " ".join(tail.group(0).split())
            elif until_date:
                span_start, span_end = body_start + body.find("until") if "until" in body else body_start + dates[0].start, \
                    body_start + dates[0].end
            else:
                span_start = body_start + until.start()
                tail = re.match(r"\s+by\s+(?:either|any|one|both|the)\s+(?:Party|Parties|Participants?)", body[until.end():],
                                re.IGNORECASE)
                span_end = body_start + until.end() + (tail.end() if tail else 0)
            day_before = bool(duration and DAY_BEFORE.search(body[:duration.start()]))
            renewal = RENEWAL.search(page.text, max(0, m.start() - 200), min(len(page.text), m.end() + 400))
            text = page.text[span_start:span_end]
            return Term(page.number, span_start, span_end, " ".join(text.split()),
                        _duration_of(duration) if duration else None, until_date,
                        bool(until) and not duration and not until_date,
                        bool(FROM_LAST_SIGNATURE.search(body)),
                        " ".join(renewal.group(0).split()) if renewal else "", from_event, day_before)
    return None


# the clause's verb has a relative pronoun for subject: it speaks of the noun just before, not of the agreement
_RELATIVE_SUBJECT = re.compile(r"(?:,\s*|\s)(?:which|who)\s+$", re.IGNORECASE)
# "... becomes effective on the date of the last signature and shall expire five (5) years thereafter": the term
# itself, counted from the start just named (a notice period's "thereafter" follows no "expire")
_EXPIRES = re.compile(r"\bexpire[sd]?\s*$", re.IGNORECASE)
_THEREAFTER = re.compile(r"\s+thereafter\b", re.IGNORECASE)
# "may be renewed for successive one (1) year terms": the length of a renewal, not of the term
_RENEWAL_PERIOD = re.compile(r"\b(?:renew\w*|extend\w*|extension|successive|additional)\b[^.;,]{0,25}$", re.IGNORECASE)
# "Upon expiration or termination of this Agreement, M&I shall continue to provide the Services for a maximum period of
# six (6) months": a period after the end, not the term (checked within the sentence)
_AFTER_THE_END = re.compile(r"\b(?:(?:upon|after|following|on)\s+(?:the\s+)?(?:any\s+|such\s+)?(?:expiration|termination|expiry)|"
                            r"(?:prior\s+to|before)\s+(?:the\s+)?(?:expiration|expiry))\b[^.;]*$", re.IGNORECASE)
_WITHIN = re.compile(r"\bwithin\s+(?:a\s+(?:period|term)\s+of\s+)?(?:the\s+)?(?:[a-z]+-)?$", re.IGNORECASE)
# "the Effective Date through the day prior to the fourth anniversary of the Effective Date"
DAY_BEFORE = re.compile(r"\b(?:the\s+)?day\s+(?:prior\s+to|before|preceding)\s+(?:the\s+)?$", re.IGNORECASE)
# what a term may be counted from and still give a date: the agreement's own start or signature
_KNOWN_START = re.compile(r"\b(?:effective|execution|executed|signature|signing|signed|commencement|start|date\s+(?:of\s+)?"
                          r"(?:(?:the\s+)?(?:this|hereof|first\s+(?:above\s+)?written)|the\s+(?:Agreement|Contract))|"
                          r"(?:this|the)\s+(?:Agreement|MOU|MOA|Memorandum|Contract)|"
                          r"approv\w+)\b", re.IGNORECASE)
# "end on the fifth anniversary of the Effective Date": a term in years
ANNIVERSARY = re.compile(r"\b(?P<ordinal>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th))\s+"
                         r"anniversary\s+of\s+the\s+(?:Effective\s+Date|date\s+(?:of\s+)?(?:this|hereof))", re.IGNORECASE)
_ORDINAL_YEARS = {w: i for i, w in enumerate("first second third fourth fifth sixth seventh eighth ninth tenth".split(), 1)}


def _duration_of(match: re.Match) -> Duration:
    if match.re is ANNIVERSARY:
        ordinal = match["ordinal"].lower()
        return Duration(_ORDINAL_YEARS.get(ordinal) or int(re.sub(r"\D", "", ordinal)), "years")
    return parse_duration(match)


def _said_of_the_agreement(text: str, position: int) -> bool:
    window = text[max(0, position - 250):position]
    # a sentence may wrap over lines (plain-text filings): only a full stop or a blank line ends it here
    sentence = window[max((m.end() for m in _CLAUSE_END.finditer(window)), default=0):]
    return agreement_is_subject(sentence)


_CLAUSE_END = re.compile(r"\.\s|\n\s*\n|;")


def expiry_of(term: Term, effective: date | None, last_signature: date | None) -> tuple[date | None, str]:
    """(expiry date, what it was computed from)."""
    if term.until_date:
        return term.until_date, "stated"
    if term.until_terminated or term.duration is None:
        return None, "until terminated"
    if term.from_event:
        return None, f"counted from an event ({term.from_event})"
    anchor = last_signature if term.from_last_signature else (effective or last_signature)
    if anchor is None:
        return None, "no start date"
    end = add_duration(anchor, term.duration)
    if term.day_before:
        end = date.fromordinal(end.toordinal() - 1)
    return end, "last signature" if anchor is last_signature else "effective date"
