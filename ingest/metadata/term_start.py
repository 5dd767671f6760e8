"""Where a term's length is counted from, when its sentence names the start before the length ("shall commence on the
Effective Date and extend for three (3) years thereafter", "shall begin on the date of first delivery and continue for
five years", "effective upon the approval of the Board and ... two (2) years thereafter"), and what a length says of
the term ("not less than three years" is a floor, not the term's length); whether a start is one the agreement gives a
date to (is_known_start: its effective date or signing, not a day counted from it nor a named start defined as an event);
and the expiry a term gives (expiry_of)."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ingest.metadata.dates import add_duration, find_dates

if TYPE_CHECKING:
    from ingest.metadata.term_clause import Term

# the verb that starts the term, then what it starts on: "commence on", "begin upon", "effective as of", "in force from"
_START = re.compile(r"\b(?:commenc\w*|begin\w*|start\w*|effective|(?:in|into)\s+(?:force|effect)|take[sn]?\s+effect)\s+"
                    r"(?:on|upon|as\s+of|as\s+from|from|with|at)\s+(?P<start>(?:[^.;,]|(?<=\d),(?=\s*\d))+?)"
                    r"(?=\s+(?:and|but|to|until|through|for)\b|\s*[,;(]|$)", re.IGNORECASE)
# a start the agreement gives a date to: its own effective date, its execution or signature, the date it is dated (an
# approval is not among them: "three years from the date the State approves the application" counts from a day the text
# does not give)
KNOWN_START = re.compile(r"\b(?:effective|execution|executed|(?:counter-?)?(?:signature|signing|signed)|countersign\w*|commencement|"
                         r"start|date\s+(?:of\s+)?(?:(?:the\s+)?(?:this|hereof|first\s+(?:above\s+)?(?:written|stated|set\s+(?:forth|out))"
                         r"(?:\s+above)?)|the\s+(?:Agreement|Contract))|"
                         r"(?:this|the)\s+(?:Agreement|MOU|MOA|Memorandum|Contract))\b", re.IGNORECASE)
# a day counted from the known start, not the start itself: "the first day of the month following the Effective Date",
# "the day after the Execution Date", "the end of the quarter in which it is signed"
_OFFSET = re.compile(r"\b(?:following|after|before|prior\s+to|preceding|next|(?:first|last)\s+day|end\s+of|beginning\s+of)\b",
                     re.IGNORECASE)
_LEADING_PREPOSITION = re.compile(r"^\s*(?:(?:from|after|following)(?:\s+and\s+(?:after|including))?|beginning\s+on|commencing\s+on|on|upon|"
                                  r"as\s+of|with)\s+",
                                  re.IGNORECASE)


def is_known_start(words: str, text: str = "") -> bool:
    """The words name a start the agreement gives a date to (its effective date, its signing, the date it is dated),
    itself and not a day counted from it. text: the page, where a named start ("the Commencement Date") is defined."""
    rest = _LEADING_PREPOSITION.sub("", words, count=1)
    # "the date on which the Registration Statement is declared effective": a clause naming what happens that day is an
    # event, unless what happens is this agreement's signing ("the date on which this MOU is signed by both parties")
    happens = _RELATIVE_CLAUSE.search(rest)
    if happens:
        return bool(_SIGNING.search(rest, happens.end()))
    if _OFFSET.search(rest):
        return False
    # '"Commencement Date" means the date on which Alpha first ships Products': a named start is what its definition says
    name = _NAMED_DATE.search(rest)
    definition = _definition(name.group(0), text) if name and text else None
    if definition is not None:
        # a day of its own ('"Closing Date" means March 3, 2020') may not be the effective date the count would use
        return not find_dates(definition) and is_known_start(definition)
    return bool(KNOWN_START.search(rest))


# a start named by the text: "the Commencement Date", "the Launch Date" (the agreement's own Effective or Execution Date is
# known without a definition)
_NAMED_DATE = re.compile(r"\b(?!(?:Effective|Execution|Signature)\s+Date\b)(?:[A-Z][\w-]*\s+){1,3}Date\b")


def _definition(name: str, text: str) -> str | None:
    """What the text defines the name as: '"Commencement Date" means ...', '... (the "Commencement Date")', or None."""
    quoted = r"[“\"']" + re.escape(name) + r"[”\"']"
    m = re.search(quoted + r"\s*(?:shall\s+)?(?:means?|is|:)\s*(?P<said>[^.;]{1,150})", text) or \
        re.search(r"(?P<said>[^.;()]{1,150})\(\s*(?:the\s+|hereinafter\s+)?" + quoted + r"\s*\)", text)
    return m["said"] if m else None


def named_day(words: str, text: str) -> date | None:
    """The day a start named by the text is defined as, when the words are that name alone ("the Launch Date", where
    '"Launch Date" means October 1, 2025' or '... effective as of January 1, 2023 (the "Restatement Date")'), or None:
    a term counted from it ends on a day the text gives, as one counted from the effective date does."""
    rest = _LEADING_PREPOSITION.sub("", " ".join(words.split()), count=1)
    name = _NAMED_DATE.search(rest)
    if not name or not text or not re.fullmatch(r"(?:the\s+)?" + re.escape(name.group(0)), rest.strip()):
        return None
    quoted = r"[“\"']" + r"\s+".join(map(re.escape, name.group(0).split())) + r"[”\"']"    # the name may wrap over lines
    means = re.search(quoted + r"\s*(?:shall\s+)?(?:means?|is|:)\s*", text)
    if means:       # the definition starts with the day: '"Launch Date" means October 1, 2025, the date on which ...'
        days = find_dates(text[means.end():means.end() + 40])
        return days[0].value if days and days[0].start == 0 else None
    named = re.search(r"\(\s*(?:the\s+|hereinafter\s+)?" + quoted + r"\s*\)", text)
    if named:       # the name follows the day: 'effective as of January 1, 2023 (the "Restatement Date")'
        before = text[max(0, named.start() - 40):named.start()]
        days = find_dates(before)
        return days[-1].value if days and not before[days[-1].end:].strip() else None
    return None


# the length runs on from that start: "extend for", "continue for", "and ending", "expire", "remain in effect for"
RUNS_ON_FOR = re.compile(r"\b(?:extend(?:ing)?|continu(?:e|ing)|run(?:ning)?|remain(?:ing)?\s+in\s+(?:full\s+force\s+and\s+)?(?:effect|force)|"
                         r"end(?:ing)?|expir(?:e|ing)|terminat(?:e|ing)|last(?:ing)?)\s+(?:for\s+)?(?:a\s+(?:further\s+)?"
                         r"(?:period|term)\s+of\s+)?(?:the\s+)?$", re.IGNORECASE)
# a floor ("not less than three (3) years", "at least two years", "a minimum of"): the term may run longer, no end follows
FLOOR = re.compile(r"\b(?:not\s+less\s+than|no\s+(?:less|fewer|shorter)\s+than|at\s+least|a\s+minimum\s+(?:term\s+|period\s+)?of|"
                   r"minimum\s+of)\s+(?:a\s+(?:period|term)\s+of\s+)?$", re.IGNORECASE)


# "the last day of the month in which the third anniversary of the Effective Date occurs", "at midnight on the last day of
# the month fifteen (15) years from the Effective Date": the term runs to the end of the month its count falls in
MONTH_END = re.compile(r"\blast\s+day\s+of\s+the\s+(?:calendar\s+)?month\s+(?:in\s+which\s+(?:the\s+)?|(?:that\s+is\s+)?)$",
                       re.IGNORECASE)


_RELATIVE_CLAUSE = re.compile(r"\b(?:on|upon|in|at)\s+which\b|\b(?:when|that)\s+(?!date\b)", re.IGNORECASE)
_SIGNING = re.compile(r"\b(?:(?:counter-?)?sign(?:ed|s|ing)?|countersigned|execut(?:ed|es|ion)|(?:counter-?)?signature)\b", re.IGNORECASE)


@dataclass(frozen=True)
class NamedStart:
    kind: str                 # "known" (the effective date, execution, signature), "date" (a stated day), "event"
    words: str                # the start as the text names it
    day: date | None = None   # the stated day, for "date"


def named_start(lead: str, text: str = "") -> NamedStart | None:
    """The start the sentence names before a term's length (lead: the sentence's words up to the length), or None.
    The last one named counts: "effective as of the Effective Date, the Term shall begin on the first delivery ...".
    text: the page, where a named start is defined."""
    found = None
    for m in _START.finditer(lead):
        found = m
    if found is None:
        return None
    words = " ".join(found["start"].split())
    # a date is read from the words right after the verb, past the comma inside "January 2, 2020"
    stated = find_dates(lead[found.start("start"):found.start("start") + 40])
    if stated and stated[0].start < 5:
        return NamedStart("date", stated[0].text, stated[0].value)
    day = named_day(words, text)
    if day is not None:
        return NamedStart("date", words, day)     # "begins on the Restatement Date", defined as a stated day
    if is_known_start(words, text):
        return NamedStart("known", words)
    return NamedStart("event", words[:80])


# "remains in effect through the end of Federal Fiscal Year 2027": the federal fiscal year ends on September 30. A bare
# "FY2027" or "fiscal year" names no day (a state's fiscal year may end on June 30, August 31 or March 31)
_FEDERAL_FISCAL_YEAR = re.compile(r"\b(?:until|through|thru)\s+(?:the\s+)?(?:end|close|last\s+day)\s+of\s+(?:the\s+)?"
                                  r"(?:Federal|U\.\s?S\.\s+Government)\s+Fiscal\s+Year\s*(?:\(\s*FFY\s*\)\s*)?(?:FY\s*)?(?P<year>(?:19|20)\d\d)\b|"
                                  r"\b(?:until|through|thru)\s+(?:the\s+)?(?:end\s+of\s+)?FFY\s*(?P<ffy>(?:19|20)\d\d)\b", re.IGNORECASE)


def federal_fiscal_year_end(words: str) -> date | None:
    """The last day of the federal fiscal year a term runs through, or None."""
    m = _FEDERAL_FISCAL_YEAR.search(words)
    return date(int(m["year"] or m["ffy"]), 9, 30) if m else None


_FROM_EFFECTIVE_DATE = re.compile(r"\b(?:from|after)\s+(?:its|the)\s+effective\s+date\b", re.IGNORECASE)


def expiry_of(term: "Term", effective: date | None, last_signature: date | None,
              dated: date | None = None, effective_stated: bool = True) -> tuple[date | None, str]:
    """(expiry date, what it was computed from). dated: the day the agreement is dated or made, when the text
    states one (a term counted "from the date hereof" starts then, not on a later effective date). effective_stated:
    the text says when it takes effect (not only the latest signature date, taken when nothing does)."""
    if term.until_date:
        return term.until_date, "stated"
    if term.until_terminated or term.duration is None:
        return None, "until terminated"
    if term.floor:
        return None, f"not less than {term.duration}: a floor, not the term's length"
    if term.from_event:
        return None, f"counted from an event ({term.from_event})"
    if term.start_date is not None:
        return _end(term, term.start_date), "stated start"
    if term.from_date_hereof and dated is not None:
        return _end(term, dated), "date of the agreement"
    if (effective is None or not effective_stated) and _FROM_EFFECTIVE_DATE.search(term.text):
        # "eighteen (18) months from its effective date", where it takes effect on an event, or where the text never
        # says when it takes effect: no start is known (the latest signature date would be a guess)
        return None, "no start date"
    anchor = last_signature if term.from_last_signature else (effective or last_signature)
    if anchor is None:
        return None, "no start date"
    return _end(term, anchor), "last signature" if anchor is last_signature else "effective date"


def _end(term: "Term", start: date) -> date:
    """The term's last day counted from start: the anniversary, the day before it ("through the day prior to the fourth
    anniversary"), or the last day of its month ("the last day of the month in which the third anniversary occurs")."""
    end = add_duration(start, term.duration)
    if term.day_before:
        end = date.fromordinal(end.toordinal() - 1)
    if term.month_end:
        end = end.replace(day=calendar.monthrange(end.year, end.month)[1])
    if term.bound:          # "the later of (a) December 31, 2026 and (b) the fourth anniversary of the Effective Date"
        end = max(end, term.bound[1]) if term.bound[0] == "later" else min(end, term.bound[1])
    return end


# "end on the later of (a) December 31, 2026 and (b) the fourth (4th) anniversary of the Effective Date": two days,
# both known, and nothing else (a third alternative or an event makes the end unknown)
_BOUND_BEFORE = re.compile(r"\s*(?:\(?[a-d1-4ivx]{1,3}\)\s*)?(?:the\s+)?$", re.IGNORECASE)
_BOUND_BETWEEN = re.compile(r"\s*,?\s*(?:and|or)\s+(?:\(?[a-d1-4ivx]{1,3}\)\s*)?(?:the\s+)?$", re.IGNORECASE)
_ANOTHER_ALTERNATIVE = re.compile(r"\s*,?\s*(?:and|or)\s+(?:\(?[a-d1-4ivx]{1,3}\)|the\s+date)", re.IGNORECASE)


def stated_bound(body: str, either: re.Match, duration: re.Match) -> tuple[str, date] | None:
    """("later" | "earlier", day) where the term ends on the later/earlier of a stated day and its counted length."""
    kind = either.group(0).split()[0].lower()
    if kind not in ("later", "earlier", "sooner"):
        return None
    between = body[either.end():duration.start()]
    days = find_dates(between)
    if len(days) != 1 or not _BOUND_BEFORE.fullmatch(between[:days[0].start]) or \
            not _BOUND_BETWEEN.fullmatch(between[days[0].end:]) or _ANOTHER_ALTERNATIVE.match(body, duration.end()):
        return None
    return ("later" if kind == "later" else "earlier"), days[0].value
