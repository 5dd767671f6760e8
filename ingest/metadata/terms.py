"""Dates that matter: effective date, signature dates, the term and the expiry it implies."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ingest.metadata.date_roles import (EFFECTIVE, OTHER, PERFORMANCE_START, SIGNATURE,
                                       UNANCHORED_AS_OF, RoledDate)
from ingest.metadata.dates import DURATION, DateMention, Duration, find_dates, is_date_line, parse_duration
from ingest.metadata.effect_statements import CONDITIONAL_EFFECT, DAY_AFTER_SIGNATURE, INTENT_ONLY, ON_REPLY, ON_SIGNATURE
from ingest.metadata.official_effect import date_of_official, official_effect_office
from ingest.metadata.term_start import (FLOOR, MONTH_END, RUNS_ON_FOR, federal_fiscal_year_end, is_known_start, named_day,
                                        named_start, stated_bound)
from ingest.metadata.term_subject import about_own_term, agreement_is_subject, expires_of_another


@dataclass
class PageDate:
    page: int
    mention: DateMention


TERM_CLAUSE = re.compile(
    r"(?:remains?\s+in\s+(?:full\s+force\s+and\s+)?effect|be\s+(?:in\s+effect|effective)|is\s+effective|"
    r"terms?\s+(?:of\s+(?:the\s+)?validity\s+)?of\s+(?:this|the)\s+[\w \"“”()']{1,40}?\s+(?:is|shall|will|ends)\b|(?<![\w-])(?:Initial\s+)?Term\s+(?:will|shall)\s+be\b|period\s+of\s+this\s+\w+\s+(?:is|shall|will)\b|term\s+hereof\s+(?:is|shall|will)\b|(?:shall|will)\s+(?:automatically\s+)?(?:continue|terminate|expire|end)|"
    r"(?:continues?|remains?)\s+in\s+force|continues\s+(?=for\b)|remains?\s+effective|(?<![\w-])(?:Term|TERM|Duration|DURATION)\s*:|(?<![\w-])(?:Initial\s+)?(?:Term|TERM)[”\"'’]?\s+(?:shall\s+)?means?\b|for\s+(?:a|an)\s+(?:initial\s+)?(?:term|period)\s+of|ha(?:ve|s)\s+an?\s+(?:initial\s+)?term\s+of|survive|"
    # "This MOA shall commence on the date of the last signature and extend for three (3) years thereafter"
    r"(?:shall|will)\s+(?:commence|begin)(?=[^.;]{0,160}\bthereafter\b)|(?:is|be|remains?)\s+valid|\bexpires\b|"
    # "shall commence on March 1, 2025 and continue for an initial term of one (1) year": the start, then the length
    r"(?:shall|will)\s+(?:commence|begin)(?=[^.;]{0,160}\band\s+(?:shall\s+|will\s+)?(?:continue|extend|run|remain\s+in\s+"
    r"(?:full\s+force\s+and\s+)?(?:effect|force))\s+for\b)|"
    # "The term of this Agreement begins on the Restatement Date and ends on the fifth (5th) anniversary of ...": the start,
    # then the end, in the present tense
    r"(?<=Agreement\s)(?:begins|commences|starts)(?=[^.;]{0,120}\band\s+(?:ends|expires|terminates)\b))"
    # the clause runs to its sentence's end, past the stops of "i.e." and "e.g." ("... at the end of the Exclusivity
    # Period (i.e., a three (3) year period commencing on the Effective Date)")
    r"(?P<body>(?:[^.;]|(?<=\b[ie])\.(?=[eg]\.)|(?<=\b[ie]\.[eg])\.){0,220})", re.IGNORECASE)
UNTIL_TERMINATED = re.compile(r"until\s+(?:it\s+is\s+)?terminated|indefinitely|until\s+(?:either|one|both)\s+part(?:y|ies)(?:\s+\w+)?",
                              re.IGNORECASE)
RENEWAL = re.compile(r"[^.]{0,160}\b(?:renew(?:ed|al|s)?|extend(?:ed)?|extension)\b[^.]{0,160}\.", re.IGNORECASE)
# a note's or letter's date line: the date after at most a place ("Washington, ", "The Hague, ", "No. 12 Washington, ")
_DATELINE_PREFIX = re.compile(r"^[^\w\n]*(?:No\.?\s*\S+\s+)?(?:[A-Z'][\w.'’-]*(?:[ ,]+[A-Z][\w.'’-]*){0,5},?\s*)?$")
NOTICE_PERIOD = re.compile(r"\s*(?:['’]s?\s*|\s)(?:prior\s+|advance\s+)?(?:written\s+)?(?:notice|notification)|"
                           # "twenty-four (24) months from and after the date of such termination": after the end
                           r"\s+(?:(?:from\s+)?(?:and\s+)?(?:after|following|beyond)|thereafter)\s*(?:the\s+)?(?:date\s+of\s+)?(?:(?:its|such|the|any)\s+)?"
                           r"(?:termination|expiration|expiry|end\b)|\s+thereafter|"
                           r"\s+(?:after|following|from)\s+(?:the\s+)?(?:date\s+of\s+)?(?:(?:its|such|the|a|any)\s+)?"
                           r"(?:receipt|(?:written\s+)?notice|notification)", re.IGNORECASE)
# ("commence on the date of execution by both parties": the later signature, whatever day the preamble names)
FROM_LAST_SIGNATURE = re.compile(r"(?:last|final)\s+signature|fully\s+executed|date\s+of\s+signature|"
                                 r"(?:execution|signature)\s+(?:hereof\s+|of\s+this\s+Agreement\s+)?by\s+(?:both|all|each\s+of\s+the)\s+parties|"
                                 r"(?:signed|executed)\s+by\s+(?:both|all)\s+(?:of\s+the\s+)?parties", re.IGNORECASE)


def all_dates(pages) -> list[PageDate]:
    return [PageDate(p.number, m) for p in pages for m in find_dates(p.text)]


def effective_date(pages, roled: list[RoledDate], signatures: list[PageDate],
                   letter_dateline: bool = True) -> tuple[PageDate | None, float, str]:
    """(date, confidence, basis) of the effective date, or (None, 0, "") when the text states none.
    basis: "cue" (a date introduced as effective: "effective on/as of", "Effective:", "dated as of",
    "made ... this"), "last_signature" ("effective upon signature": the latest signature date), "official" (effective
    on one official's approval or signature: the date in that official's block),
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
        # a date the text defines as its "Effective Date", then the stated first day of its own term ("The Term of
        # this Agreement ... commencing the 1st day of September 2004"), say when it takes effect more surely than the
        # day it was made, dated or entered into ("entered into on January 13, 2005")
        best = next((r for r in own if _DEFINES_EFFECTIVE.search(r.cue)), None) or \
            next((r for r in own if _TERM_START.match(r.cue) and _starts_own_term(texts[r.page], r)), None)
        if best is None:
            # the first date with a firm cue (the preamble's), unless its sentence goes on to say
            # "... dated as of X, but effective as of Y"
            best = next((r for r in own if r.confidence >= 0.9), None) or own[0]
            later = next((r for r in own if r.page == best.page and 0 < r.mention.start - best.mention.end < 120
                          and r.confidence > best.confidence), None)
            best = later or best
        return PageDate(best.page, best.mention), best.confidence, "cue"
    said = official_effect_office(pages)
    if said:
        # "effective as of the date of the Assistant Secretary's approval": that official's block dates it, or nothing does
        official = date_of_official(pages, roled, said)
        if official is None:
            return None, 0.0, ""
        if official:
            return PageDate(official.page, official.mention), 0.7, "official"
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
    if first is not None and any(INTENT_ONLY.search(page.text) for page in pages):
        first = None        # a letter that only states an intent: its date line dates the letter, not an agreement
    if first is not None:
        head_end = sum(len(line) + 1 for line in first.text.splitlines()[:15])
        for r in roled:
            if r.page == first.number and r.mention.start < head_end and r.role == OTHER:
                line_start = first.text.rfind("\n", 0, r.mention.start) + 1
                line_end = first.text.find("\n", r.mention.end)
                line = first.text[line_start:line_end if line_end >= 0 else len(first.text)]
                if is_date_line(_DATE_LINE_LABEL.sub("", line).strip()):
                    return PageDate(r.page, r.mention), 0.5, "dateline"
    start = next((r for r in roled if r.role == PERFORMANCE_START), None)
    if start:
        return PageDate(start.page, start.mention), 0.5, "performance_start"
    if any(CONDITIONAL_EFFECT.search(page.text) for page in pages):
        return None, 0.0, ""      # it takes effect on an event ("upon an exchange of notes"), not on a stated date
    if _blank_own_date(pages):
        return None, 0.0, ""      # "dated as of ____________, 2019": the text leaves its own date blank
    # nothing says when it takes effect: a contract takes effect when signed (its "Date:" lines). A
    # treaty's "Done at ..., on ..." is not taken so: it enters into force by its own terms.
    dated_blocks = [PageDate(r.page, r.mention) for r in roled if r.role == SIGNATURE and r.cue == "signature block"]
    if dated_blocks:
        return max(dated_blocks, key=lambda s: s.mention.value), 0.4, "signature"
    return None, 0.0, ""


# the opening's own date left blank: "dated as of ____________, 2019", "made this ___ day of ______", "effective as of [ ]"
_BLANK_OWN_DATE = re.compile(r"\b(?:dated|made|entered\s+into|executed|effective)(?:\s+and\s+(?:entered\s+into|effective))?"
                             r"\s+(?:as\s+of\s+|on\s+|this\s+|from\s+)?(?:the\s+)?(?:_{3,}|\[\s*[•*_ ]*\s*\])", re.IGNORECASE)


def _blank_own_date(pages) -> bool:
    """The opening leaves the agreement's own date blank (a form, or a copy filed before it was dated)."""
    return any(in_opening(pages, page.number, m.start()) for page in pages[:2] for m in _BLANK_OWN_DATE.finditer(page.text))


# a date line's own label ("Date: March 1, 2021" over a memorandum's heading)
_DATE_LINE_LABEL = re.compile(r"^[ \t]*(?:Dated?|DATED?)[ \t]*:")
# "... hereby agree to modify the 287(g) Memorandum of Agreement that was effective on June 8, 2020": an addendum
# filed with the agreement it modifies names that agreement's effective date
_NAMED_EFFECTIVE = re.compile(r"\b(?:the|this)\s+(?:new\s+)?(?:[\w()'’-]+\s+){0,4}?(?P<kind>Memorandum\s+of\s+(?:Agreement|"
                              r"Understanding)|Agreement|MOA|MOU)\s+(?:that|which)\s+(?:was|became)\s+effective\s+"
                              r"(?:on|as\s+of)\s+(?:the\s+)?$", re.IGNORECASE)


# the cue of the day the agreement is made or dated: "made and entered into as of", "dated", "entered into on"
_MAKING_CUE = re.compile(r"\b(?:made|entered\s+into|dated|executed)\b(?![^\n]*effective)", re.IGNORECASE)


def date_of_making(pages, roled: list[RoledDate]) -> date | None:
    """The day the opening says the agreement is made, dated or entered into, or None."""
    return next((r.mention.value for r in roled if r.role == EFFECTIVE and _MAKING_CUE.search(r.cue)
                 and in_opening(pages, r.page, r.mention.start)), None)


# the cue of a date the text defines as its own Effective Date: '(the "Effective Date")', "Effective Date: March 21, 2014"
_DEFINES_EFFECTIVE = re.compile(r"\bEffective\s+Date\b", re.IGNORECASE)
# the cue of a date that starts a term: "term ... commencing", "TERM OF AGREEMENT" over a range, "shall commence on"
_TERM_START = re.compile(r"(?:term|commenc|begin|start)", re.IGNORECASE)


def _starts_own_term(text: str, r: RoledDate) -> bool:
    """The sentence running up to the date speaks of the agreement's own term ("The Term of this Agreement shall
    ...", '"Contract Period" shall mean ...'), not of a lease's, a licence's or the services', and starts it: "the
    term of the NCA shall be extended from July 16, 2007" starts an extension, not the agreement."""
    sentence = text[max(0, r.mention.start - 250):r.mention.start]
    sentence = sentence[max(sentence.rfind(". "), sentence.rfind("\n\n")) + 1:]
    return about_own_term(sentence) and not _EXTENSION.search(sentence)


_EXTENSION = re.compile(r"\b(?:renew\w*|extend\w*|extension|amend\w*)\b", re.IGNORECASE)


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


def _paragraph_sentence_up_to(text: str, position: int) -> str:
    """The sentence up to position, read across the line breaks of a paragraph wrapped at the page's width (a blank
    line or a full stop ends it)."""
    window = text[max(0, position - 300):position]
    return window[max(window.rfind(". "), window.rfind(".\n"), window.rfind("\n\n")) + 1:]


def _paragraph_up_to(text: str, position: int) -> str:
    """The paragraph up to position (at most 400 characters): a blank line starts it."""
    window = text[max(0, position - 400):position]
    return window[window.rfind("\n\n") + 1:]


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
    sentence = re.sub(r"\b([ap])\.(\s?)m\.", r"\1 \2m ", sentence)    # "at 11:59 p.m. on": no full stop
    sentence = sentence[max(sentence.rfind(". "), sentence.rfind("\n\n")) + 1:]
    return bool(_THIS_AGREEMENT.search(sentence))


# "coterminous with the Master Lease, which expires on May 31, 2027", "The Agreement, which by its terms expires on":
# a relative clause says the date of the noun before it; only "this Agreement, which ..." is the document's own
_RELATIVE_END = re.compile(r"(?P<noun>(?:[\w&'’\"“”()-]+\s+){0,3}[\w&'’\"“”()-]+),\s*(?:which|that)\s+(?:[\w-]+\s+){0,4}?(?:expires?|terminates?|ends?)\b[^,;.]{0,30}$")


def said_of_another(pages, r: RoledDate) -> bool:
    """The date ends what a relative clause speaks of, not this agreement."""
    text = next(p.text for p in pages if p.number == r.page)
    m = _RELATIVE_END.search(text, max(0, r.mention.start - 150), r.mention.start)
    return bool(m) and not _THIS_AGREEMENT.search(m["noun"])


def ends_another_thing(pages, r: RoledDate) -> bool:
    """The date follows a verb ("expires") whose sentence names neither an agreement nor a term (term_subject)."""
    text = next(p.text for p in pages if p.number == r.page)
    return expires_of_another(r.cue, text[max(0, r.mention.start - 20):r.mention.start], _sentence_up_to(text, r.mention.start))


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
    start_date: date | None = None   # "commence on <date> and expire N months from that date": the stated start
    from_date_hereof: bool = False   # "the seventh anniversary of the date hereof": from the day it is dated
    month_end: bool = False          # "the last day of the month in which the third anniversary ... occurs"
    floor: bool = False              # "for not less than three (3) years": a floor, the term may run longer
    bound: tuple[str, date] | None = None   # "the later of (a) <day> and (b) N years after ...": ("later", day)


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
            if _CONDITION_BEFORE.search(_clause_before(page.text, m.start())):
                continue       # "(i) in the event that Employee does not join the Company, then the Term shall be ..."
            until = UNTIL_TERMINATED.search(body)
            # "terminate thirty (30) days after written notice", "two years after the date of its receipt": a notice period
            # "fails to remedy that breach within a period of 14 days of being notified": a deadline, not a term
            expires_after = _EXPIRES.search(m.group(0), 0, m.start("body") - m.start()) or \
                (_TERMINATES.search(m.group(0), 0, m.start("body") - m.start())
                 and _START_STATED.search(_sentence_up_to(page.text, m.start())))
            lead = _clause_before(page.text, m.start()) + page.text[m.start():body_start]
            duration = next((d for d in DURATION.finditer(body) if _is_term_length(page.text, body, body_start, d, lead,
                                                                                   expires_after, m.start())), None) \
                or ANNIVERSARY.search(body)
            if duration and duration.re is ANNIVERSARY and duration["named"] and named_day(duration["named"], page.text) is None:
                duration = None           # "the fifth anniversary of the Closing Date", a day the text does not define
            if until and duration and until.start() < duration.start():
                duration = None           # "until terminated ... upon thirty (30) days' notice": no fixed term
            if duration and _CONDITION_BEFORE.search(body, 0, duration.start()):
                continue                  # "shall be as follows: (i) in the event that ..., then the Term shall be two years"
            dates = find_dates(body)
            until_date = None
            # ("will terminate automatically on", "is from the Effective Date to December 31, 2024")
            if dates and re.search(r"\b(?:until|through|expire\s+(?:automatically\s+)?on|terminate\s+(?:automatically\s+)?on|"
                                   r"(?:end|ends|ending|conclude|concludes)\s+on|from\s+the\s+Effective\s+Date\s+to)\s+(?:the\s+)?$",
                                   body[:dates[0].start], re.IGNORECASE):
                until_date = dates[0].value
            until_date = until_date or federal_fiscal_year_end(body)
            if not (until or duration or until_date):
                continue
            from_event = ""
            start_date = None
            either = duration and re.search(r"\b(?:later|earlier|sooner|longer|shorter|greater|lesser)\s+of\b", body[:duration.start()], re.IGNORECASE)
            bound = stated_bound(body, either, duration) if either else None
            if either and bound is None:
                # "terminate on the later of (i) the third anniversary ... or (ii) the date on which ...": the end
                # depends on an event as well as the count, so no date follows from it
                from_event = " ".join(body[either.start():].split())[:80]
            if duration:
                span_start, span_end = body_start + duration.start(), body_start + duration.end()
                rest = body[duration.end():]
                tail = re.match(r"\s+(?:from|after|following|beginning\s+on)\s+[^,;]{0,60}", rest)
                starts = _STARTS_AT.match(rest)
                if starts and not tail and not is_known_start(starts.group("start"), page.text):
                    stated = find_dates(starts.group("start"))
                    if stated:
                        start_date = stated[0].value
                    elif not from_event:
                        from_event = " ".join(starts.group("start").split())[:80]
                named = None if tail or starts else named_start(lead + body[:duration.start()], page.text)
                if named and named.kind == "date" and start_date is None:
                    start_date = named.day
                elif named and named.kind == "event" and not from_event:
                    # "shall begin on the date of first delivery and continue for five (5) years": from an event
                    from_event = named.words
                elif named is None and duration.re is ANNIVERSARY and duration["thereof"] and not from_event:
                    from_event = "the anniversary of a start the sentence does not name"
                if duration.re is ANNIVERSARY and duration["named"]:
                    # "ends on the fifth anniversary of the Restatement Date": counted from the day that name is defined as
                    start_date, from_event = named_day(duration["named"], page.text), ""
                if tail:
                    span_end += tail.end()
                    stated = _FROM_THAT_DATE.match(rest) and find_dates(_clause_before(page.text, m.start()) +
                                                                        page.text[m.start():span_start])
                    # "effective upon the date of the last signature and expires three (3) years from that date": the
                    # start the sentence has just named
                    # ("This ISA takes effect on the last date on the signature page. It is valid for three (3) years
                    # after that date": the sentence before it in the paragraph names it)
                    that_date = re.search(r"\bthat\s+date\b", tail.group(0), re.IGNORECASE) and \
                        _NAMED_START.search(_paragraph_up_to(page.text, span_start))
                    defined = named_day(tail.group(0), page.text)
                    if stated:
                        start_date = stated[-1].value
                    elif defined is not None and not from_event:
                        start_date = defined      # "forty-eight (48) months after the Launch Date", defined as a stated day
                    elif not is_known_start(tail.group(0), page.text) and not that_date and not from_event:
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
            # "the seventh anniversary of the date hereof", "three years from the date of this Agreement": counted from
            # the day the agreement is dated, which may come before the day it takes effect
            from_date_hereof = bool(duration and _DATE_HEREOF.search(page.text, body_start + duration.start(), span_end))
            renewal = RENEWAL.search(page.text, max(0, m.start() - 200), min(len(page.text), m.end() + 400))
            text = page.text[span_start:span_end]
            return Term(page.number, span_start, span_end, " ".join(text.split()),
                        _duration_of(duration) if duration else None, until_date,
                        bool(until) and not duration and not until_date,
                        bool(FROM_LAST_SIGNATURE.search(body)),
                        " ".join(renewal.group(0).split()) if renewal else "", from_event, day_before, start_date,
                        from_date_hereof, bool(duration and MONTH_END.search(body, 0, duration.start())),
                        bool(duration and FLOOR.search(body, 0, duration.start())), bound)
    return None



def _is_term_length(text: str, body: str, body_start: int, d: re.Match, lead: str, expires_after, clause_start: int) -> bool:
    """The length d in the term clause's body is the term's own: not a notice, cure, renewal or after-the-end period."""
    before = body[:d.start()]
    # "shall commence on the Effective Date and extend for three (3) years thereafter": the term runs on from the start
    # its sentence names ("extend for" there is no renewal)
    runs_on = bool(RUNS_ON_FOR.search(before) and named_start(lead + before, text))
    if NOTICE_PERIOD.match(body, d.end()) and not (_THEREAFTER.match(body, d.end()) and (
            expires_after or _CONTINUES_FOR.search(before) or runs_on)):
        return False
    return not (_WITHIN.search(before) or _REFERRED_BACK.search(before) or (_RENEWAL_PERIOD.search(before) and not runs_on)
                or _AFTER_THE_END.search(text, max(0, clause_start - 200), body_start + d.start()))


# the clause's verb has a relative pronoun for subject: it speaks of the noun just before, not of the agreement
_RELATIVE_SUBJECT = re.compile(r"(?:,\s*|\s)(?:which|who)\s+$", re.IGNORECASE)
# "... becomes effective on the date of the last signature and shall expire five (5) years thereafter": the term
# itself, counted from the start just named (a notice period's "thereafter" follows no "expire")
_EXPIRES = re.compile(r"\bexpire[sd]?\s*$", re.IGNORECASE)
# "shall be in force from the date of its execution ... and shall terminate five (5) years thereafter": counted from the
# start the same sentence has just stated; "either party may give notice, and the MOU shall terminate thirty (30) days
# thereafter" counts from the notice
_TERMINATES = re.compile(r"\bterminate[sd]?\s*$", re.IGNORECASE)
_START_STATED = re.compile(r"\b(?:effective|in\s+(?:force|effect)|commenc\w+|begin\w*)\b(?![^.;]*\bnotic\w*\b)[^.;]*$",
                           re.IGNORECASE)
# "shall begin on the date hereof and shall continue for a period of 12 months thereafter": the same, said as "continue"
_CONTINUES_FOR = re.compile(r"\b(?:continue|remain\s+in\s+(?:full\s+force\s+and\s+)?effect)\s+for\s+(?:a\s+(?:period|term)\s+of\s+)?$",
                            re.IGNORECASE)
# "shall terminate at the end of the said sixty (60) days": a period named before (a notice or grace period), not the term
# 'ten (10) years (the "Term") which shall commence on the date upon which the Company delivers the last Sample': the
# start named after the length (an event, unless it is the agreement's own start or a stated date)
_STARTS_AT = re.compile(r"\s*(?:\([^()]{0,40}\)\s*)?,?\s*(?:(?:which|that)\s+)?(?:(?:shall|will)\s+)?(?:commenc|begin|start)\w*\s+"
                        r"(?:on|upon|with|at|as\s+of)\s+(?P<start>[^.;]{1,100})", re.IGNORECASE)
# a term that holds only on a condition stated before it in its sentence: one of several ends, none certain
_CONDITION_BEFORE = re.compile(r"\b(?:in\s+the\s+event|if|provided\s+that|should)\b(?![^,;]*\b(?:renew\w*|extend\w*|extension)\b)"
                               r"[^.;]*$", re.IGNORECASE)
_REFERRED_BACK = re.compile(r"\b(?:said|such|same)\s+$", re.IGNORECASE)
# "shall commence on January 10th, 2019 and shall expire ... twenty-four (24) months from that date": counted from the
# date the sentence has just stated
_FROM_THAT_DATE = re.compile(r"\s+(?:from|after|following)\s+(?:that|such|said|the\s+same)\s+date\b", re.IGNORECASE)
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
_DATE_HEREOF = re.compile(r"(?<!effective\s)(?<!Effective\s)\bdate\s+(?:hereof|of\s+this\s+(?:Agreement|Contract|MOU|MOA|Memorandum)|first\s+(?:above\s+)?"
                          r"(?:written|set\s+forth))\b", re.IGNORECASE)
# "effective on the date shown above and remains in effect for five (5) years from that date": the day the document
# prints as its effective date (a header's "EFFECTIVE DATE: 1 OCT 2025", a form's block) is the start as well
_NAMED_START = re.compile(r"\b(?:effective|in\s+force|takes?\s+effect)\b[^.;]*\b(?:signature|signed|execution|executed|"
                          r"date\s+(?:shown|stated|printed|given|entered)\s+(?:above|(?:in|on)\s+(?:the\s+)?(?:block|box|cover|"
                          r"header|first\s+page)\b))", re.IGNORECASE)
# "end on the fifth anniversary of the Effective Date": a term in years
# ("the third (3rd) anniversary of the Effective Date"; "commence on the Effective Date and expire on the fifth anniversary
# thereof": counted from the start the sentence names, none if it names none)
ANNIVERSARY = re.compile(r"\b(?P<ordinal>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th))"
                         r"(?:\s*\(\d{1,2}(?:st|nd|rd|th)\))?\s+anniversary\s+(?:of\s+(?:the|its)\s+(?:Effective\s+Date|date\s+(?:of\s+)?"
                         r"(?:this|hereof))|(?P<thereof>thereof)\b|of\s+(?P<named>the\s+(?-i:[A-Z][\w-]*\s+){1,2}Date)\b)", re.IGNORECASE)
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


def _clause_before(text: str, position: int) -> str:
    """The sentence's words before the term clause's verb ("The term ... shall commence on <date> and")."""
    window = text[max(0, position - 250):position]
    return window[max((m.end() for m in _CLAUSE_END.finditer(window)), default=0):]
