"""The agreement's term: the clause that states how long it runs (a length from a start, a last day, "until
terminated"), read into a Term from which the expiry follows (terms.py and __init__ compute it)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ingest.metadata.dates import DURATION, Duration, find_dates, parse_duration
from ingest.metadata.term_start import (FLOOR, MONTH_END, RUNS_ON_FOR, federal_fiscal_year_end, is_known_start, named_day,
                                        named_start, stated_bound)
from ingest.metadata.term_subject import agreement_is_subject
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


def sentence_up_to(text: str, position: int) -> str:
    """The sentence (or line) running up to a position, at most 200 characters back."""
    window = text[max(0, position - 200):position]
    return window[max(window.rfind(". "), window.rfind("\n")) + 1:]


def _paragraph_up_to(text: str, position: int) -> str:
    """The paragraph up to position (at most 400 characters): a blank line starts it."""
    window = text[max(0, position - 400):position]
    return window[window.rfind("\n\n") + 1:]


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
                 and _START_STATED.search(sentence_up_to(page.text, m.start())))
            lead = _clause_before(page.text, m.start()) + page.text[m.start():body_start]
            duration = next((d for d in DURATION.finditer(body) if _is_term_length(page.text, body, body_start, d, lead,
                                                                                   expires_after, m.start())), None) \
                or ANNIVERSARY.search(body)
            # "the fifth anniversary of the Restatement Date": the day that name is defined as (None: not defined)
            anniversary_of = named_day(duration["named"], page.text) \
                if duration and duration.re is ANNIVERSARY and duration["named"] else None
            if duration and duration.re is ANNIVERSARY and duration["named"] and anniversary_of is None:
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
                if anniversary_of is not None:
                    # "ends on the fifth anniversary of the Restatement Date": counted from the day that name is defined as
                    start_date, from_event = anniversary_of, ""
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
