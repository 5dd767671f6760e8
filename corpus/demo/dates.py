"""Dates for the demo corpus: random dates, term arithmetic and the spellings documents use."""
from __future__ import annotations

import random
from datetime import date, timedelta

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
START = date(2012, 1, 1)
SPAN_DAYS = (date(2025, 12, 31) - START).days


def random_date(rng: random.Random, start: date = START, span_days: int = SPAN_DAYS) -> date:
    return start + timedelta(days=rng.randrange(span_days))


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # Feb 29 -> Feb 28
        return day.replace(year=day.year + years, day=28)


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def long_style(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def spell(day: date, style: str) -> str:
    """One written form of a date. Numeric forms are US style (month/day/year)."""
    if style == "long":
        return long_style(day)
    if style == "ordinal":
        return f"the {ordinal(day.day)} day of {MONTHS[day.month - 1]}, {day.year}"
    if style == "numeric":
        return f"{day.month}/{day.day}/{day.year}"
    if style == "numeric0":
        return f"{day.month:02d}/{day.day:02d}/{day.year}"
    if style == "day_month":
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    if style == "abbrev":
        return f"{MONTHS[day.month - 1][:3]}. {day.day}, {day.year}"
    raise ValueError(style)


STYLES = ("long", "ordinal", "numeric", "numeric0", "day_month", "abbrev")
BODY_STYLES = ("long", "long", "long", "ordinal", "numeric", "day_month")
SIGNATURE_STYLES = ("long", "numeric", "numeric0", "numeric")


def spellings(iso: str) -> list[str]:
    """Every form `spell` can produce for an ISO date (tests look for any of them)."""
    day = date.fromisoformat(iso)
    return [spell(day, s) for s in STYLES]
