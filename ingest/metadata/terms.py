"""Dates that matter: effective date, signature dates, the term and the expiry it implies."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ingest.metadata.date_roles import (EFFECTIVE, OTHER, PERFORMANCE_START, SIGNATURE,
                                       UNANCHORED_AS_OF, RoledDate)
from ingest.metadata.dates import DateMention, find_dates, is_date_line
from ingest.metadata.effect_statements import CONDITIONAL_EFFECT, DAY_AFTER_SIGNATURE, INTENT_ONLY, ON_REPLY, ON_SIGNATURE
from ingest.metadata.official_effect import date_of_official, official_effect_office
from ingest.metadata.term_clause import Term, sentence_up_to
from ingest.metadata.term_subject import about_own_term, expires_of_another, without_time_of_day_stops


@dataclass
class PageDate:
    page: int
    mention: DateMention


# a note's or letter's date line: the date after at most a place ("Washington, ", "The Hague, ", "No. 12 Washington, ")
_DATELINE_PREFIX = re.compile(r"^[^\w\n]*(?:No\.?\s*\S+\s+)?(?:[A-Z'][\w.'’-]*(?:[ ,]+[A-Z][\w.'’-]*){0,5},?\s*)?$")


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
                            and _THIS_AGREEMENT.search(sentence_up_to(page.text, m.start()))), None)
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
    sentence = without_time_of_day_stops(sentence)    # "at 11:59 p.m. on": no full stop
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
    return expires_of_another(r.cue, text[max(0, r.mention.start - 20):r.mention.start], sentence_up_to(text, r.mention.start))


def of_the_agreement(pages, r: RoledDate) -> bool:
    return _of_the_agreement(next(p.text for p in pages if p.number == r.page), r)


def term_of_the_agreement(pages, term: Term) -> bool:
    """The term clause is the agreement's own: on its opening pages, or in a sentence about "this Agreement"."""
    if term.page in opening_pages(pages):
        return True
    text = next(p.text for p in pages if p.number == term.page)
    sentence = text[max(0, term.start - 250):term.end]
    sentence = sentence[max(sentence.rfind(". "), sentence.rfind("\n\n")) + 1:]
    return bool(_THIS_AGREEMENT.search(sentence) or re.search(r"\bterm\s+of\s+(?:this|the)\b|\bDURATION\b|\bTERM\b", sentence))
