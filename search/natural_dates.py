"""Dates and statuses written in words inside a query -> date filters, each with the words a
results page shows for it (a chip) and the phrase it came from (removing the chip removes
that phrase from the query). The words that are left are searched.

    "MOU expiring next year"        -> expiry in next calendar year; "MOU" is searched
    "expired"                       -> expiry before today
    "signed in 2019"                -> signature date in 2019 (signed, executed; the last signature's)
    "effective 2019"                -> effective date in 2019 (effective, dated, entered into, starting)
    "effective after March 2020"    -> effective from April 2020 on (before, after, since, until)
    "expiring in 90 days"           -> expiry between today and today + 90 days
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from corpus.expiring import expiring_window


@dataclass
class DateRange:
    field: str          # effective | expiry | signed | ingested (search.columns.DATE_COLUMNS)
    low: int | None     # proleptic ordinal, inclusive
    high: int | None
    label: str = ""     # in words, for the page ("expiring in 2027")
    phrase: str = ""    # the words of the query it came from ("" for field:value clauses)


MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_EXPIRY = r"expir(?:ing|es|e|y|ed|ation)|ending|ends|terminat(?:ing|es|ed)"
_SIGNED = r"signed|executed"
_EFFECTIVE = r"effective|dated|entered\s+into|starting|started|beginning"
_VERB = rf"(?P<verb>{_EXPIRY}|{_SIGNED}|{_EFFECTIVE})"
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WHEN = rf"(?:(?P<month>{_MONTH})\.?\s+)?(?P<year>(?:19|20)\d\d)"
WITHIN = re.compile(rf"\b(?P<verb>{_EXPIRY})\s+(?:in|within|in\s+the\s+next|over\s+the\s+next)\s+(?P<n>\d{{1,4}})\s+"
                    r"(?P<unit>days?|weeks?|months?|years?)\b", re.I)
RELATIVE = re.compile(rf"\b{_VERB}\s+(?:in\s+)?(?P<which>next|this|last)\s+year\b", re.I)
COMPARED = re.compile(rf"\b{_VERB}\s+(?P<op>before|after|since|until|by|from)\s+{_WHEN}\b", re.I)
# "signed in 2019", and without the preposition: "effective 2019", "expiring March 2027"
IN_PERIOD = re.compile(rf"\b{_VERB}\s+(?:(?:in|during|on)\s+)?{_WHEN}\b", re.I)
EXPIRED = re.compile(r"\b(?:already\s+)?expired\b(?!\s+(?:on|in|before|after|since|by)\b)", re.I)


def _field(verb: str) -> str:
    if re.fullmatch(_EXPIRY, verb, re.I):
        return "expiry"
    return "signed" if re.fullmatch(_SIGNED, verb, re.I) else "effective"


def _period(m: re.Match) -> tuple[date, date, str]:
    year = int(m["year"])
    if m["month"]:
        month = MONTHS[m["month"].lower().rstrip(".")]
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), \
            f"{calendar.month_name[month]} {year}"
    return date(year, 1, 1), date(year, 12, 31), str(year)


def _words(fieldname: str) -> str:
    return {"expiry": "expiring", "signed": "signed"}.get(fieldname, "effective")


def take_natural_dates(text: str, today: date) -> tuple[str, list[DateRange]]:
    """(the text without the date phrases, their filters in order of appearance)."""
    found: list[tuple[int, DateRange]] = []

    def within(m: re.Match) -> str:
        unit = m["unit"].lower().rstrip("s")
        days = int(m["n"]) * UNIT_DAYS[unit]
        first, last = expiring_window(days, today)
        found.append((m.start(), DateRange("expiry", first.toordinal(), last.toordinal(),
                                           f"expiring within {m['n']} {m['unit'].lower()}", m.group(0))))
        return " "

    def relative(m: re.Match) -> str:
        year = today.year + {"next": 1, "this": 0, "last": -1}[m["which"].lower()]
        fieldname = _field(m["verb"])
        found.append((m.start(), DateRange(fieldname, date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal(),
                                           f"{_words(fieldname)} in {year}", m.group(0))))
        return " "

    def compared(m: re.Match) -> str:
        first, last, words = _period(m)
        fieldname = _field(m["verb"])
        op = m["op"].lower()
        if op in ("before", "until", "by"):
            low, high, how = None, (first - timedelta(days=1)).toordinal(), "before"
            if op != "before":
                high, how = last.toordinal(), "by"
        elif op == "after":
            low, high, how = (last + timedelta(days=1)).toordinal(), None, "after"
        else:   # since, from
            low, high, how = first.toordinal(), None, "since"
        found.append((m.start(), DateRange(fieldname, low, high, f"{_words(fieldname)} {how} {words}", m.group(0))))
        return " "

    def in_period(m: re.Match) -> str:
        first, last, words = _period(m)
        fieldname = _field(m["verb"])
        found.append((m.start(), DateRange(fieldname, first.toordinal(), last.toordinal(),
                                           f"{_words(fieldname)} in {words}", m.group(0))))
        return " "

    def expired(m: re.Match) -> str:
        found.append((m.start(), DateRange("expiry", None, today.toordinal() - 1, "expired", m.group(0))))
        return " "

    for pattern, take in ((WITHIN, within), (RELATIVE, relative), (COMPARED, compared), (IN_PERIOD, in_period),
                          (EXPIRED, expired)):
        text = pattern.sub(take, text)
    return text, [r for _, r in sorted(found, key=lambda pair: pair[0])]
