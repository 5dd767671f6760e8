"""Finding dates and terms in agreement text, tolerant of OCR noise.

Understands "the 5th day of March, 2025", "March 5, 2025", "5 March 2025", "3/5/2025",
"2025-03-05", a digital signature's "2025.03.05 14:10:10" and the usual OCR damage ("Marcb 5, 2O25", "Sept. 1 ,2019").
Numeric dates are read month first (US agencies).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
                       "sept": 9, "oct": 10, "nov": 11, "dec": 12}
# Characters Tesseract confuses with digits, mapped to the digit.
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "I": "1", "l": "1", "i": "1",
                                   "|": "1", "!": "1", "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2"})

_D = r"[0-9OoIlSZ|]"                   # a digit, or what OCR made of one
_YEAR = rf"(?:[12][0-9Oo]{_D}{{2}})"
_DAY = rf"(?:[0-3]?{_D})"
# an ordinal suffix, also split by a stray space as text extraction leaves it ("the 19t h day of December")
_ORD = r"(?:\s?(?:s\s?t|n\s?d|r\s?d|t\s?h|d|ST|ND|RD|TH))?"    # "22nd", "22 nd", "2d"; in a preamble set in capitals "22ND"
# OCR reads a capital O as a zero ("0ctober 1, 2O25"): month_number takes it back
_MONTH_WORD = r"(?:[A-Za-z]|0(?=[Cc][Tt]))[A-Za-z.]{2,9}"

# "the twenty-fifth day of March, 1996": treaties and older agreements spell the day out
ORDINAL_DAYS = {word: day for day, word in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(), 1)}
ORDINAL_DAYS |= {f"twenty{sep}{word}": 20 + day for word, day in list(ORDINAL_DAYS.items()) if day < 10 for sep in "- "}
ORDINAL_DAYS |= {"thirtieth": 30, "thirty-first": 31, "thirty first": 31}
_ORDINAL_WORD = "|".join(sorted((w.replace(" ", r"\s") for w in ORDINAL_DAYS), key=len, reverse=True))

# "the first (1st) day of January", "the 1st (first) day of": the day written twice, in words and in figures
_DAY_REPEATED = r"(?:\s*\(\s*(?:\d{1,2}\s?(?:st|nd|rd|th|d)?|[A-Za-z]+(?:[- ][a-z]+)?)\s*\))?"

# a plain-text filing draws underlining as a line of dashes, which lands inside the date it underlined
# ("made as of 31 December, --------- 1996")
_UNDERLINE = r"(?:\s+-{3,})?"

DATE_PATTERNS = [
    # the twenty-fifth day of March, 1996
    ("day_words", re.compile(rf"\b(?P<day>{_ORDINAL_WORD}){_DAY_REPEATED}\s+day\s+of\s+(?P<month>{_MONTH_WORD})\s?,?\s*(?:A\.?D\.?\s*)?(?P<year>{_YEAR})\b",
                             re.IGNORECASE)),
    # the 5th day of March, 2025 / this 5 day of March 2025
    ("day_of", re.compile(rf"\b(?P<day>{_DAY}){_ORD}{_DAY_REPEATED}\s+day\s+of\s+(?P<month>{_MONTH_WORD})\s?,?\s*(?:A\.?D\.?\s*)?(?P<year>{_YEAR})\b")),
    # March 5, 2025 / Marcb 5 ,2O25 / Sept. 1st, 2019
    ("month_day", re.compile(rf"\b(?P<month>{_MONTH_WORD})\s*(?P<day>{_DAY}){_ORD}\s*[,.]?{_UNDERLINE}\s*(?P<year>{_YEAR})\b")),
    # 5 March 2025 / 5th of March, 2025
    ("day_month", re.compile(rf"\b(?P<day>{_DAY}){_ORD}\s+(?:of\s+)?(?P<month>{_MONTH_WORD}),?{_UNDERLINE}\s+(?P<year>{_YEAR})\b")),
    # 5-Mar-2025, 05-MAR-2025: a form's or a stamp's day, month abbreviation and year
    ("day_month", re.compile(r"\b(?P<day>[0-3]?\d)-(?P<month>[A-Za-z]{3,9})-(?P<year>[12]\d{3})\b")),
    # 2025-03-05
    ("iso", re.compile(r"\b(?P<year>[12]\d{3})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b")),
    # 2020.06.10 14:10:10: a digital signature's stamp ("Digitally signed by ... Date: 2020.06.10 14:10:10 -04'00'");
    # only with its time of day, as dotted numbers alone are as often section or version numbers
    ("iso", re.compile(r"\b(?P<year>[12]\d{3})\.(?P<month>\d{2})\.(?P<day>\d{2})(?=\s+\d{1,2}:\d{2})")),
    # 3/5/2025, 03-05-25, 3.5.2025
    ("numeric", re.compile(rf"(?<![\d/.-])(?P<month>[01]?{_D})\s?(?P<sep>[/.-])\s?(?P<day>[0-3]?{_D})\s?(?P=sep)\s?(?P<year>{_YEAR}|\d{{2}})(?![\d/])")),
    # "Date: 3/2 0 /25", "Date: _06_______ /12/2020": a handwritten date in a form's or signature block's date field,
    # its digits split by the spaces OCR reads between pen strokes or written into the blanks of the line; read so
    # only right after a "Date:" label (see FIELD_LABEL_BEFORE)
    ("numeric_field", re.compile(rf"(?<![\d/.-])(?P<month>(?:[01]\s?)?{_D})[ \t_]{{0,40}}(?P<sep>[/.-])[ \t_]{{0,40}}"
                                 rf"(?P<day>(?:[0-3]\s?)?{_D})[ \t_]{{0,40}}(?P=sep)[ \t_]{{0,40}}"
                                 rf"(?P<year>[12]\s?[0-9Oo]\s?{_D}\s?{_D}|\d\s?\d)(?![\d/])")),
    # 29/3/18, 25.12.2019: day first, read so only where the day cannot be a month (13 to 31); real digits only
    ("numeric", re.compile(r"(?<![\d/.-])(?P<day>1[3-9]|2\d|3[01])(?P<sep>[/.-])(?P<month>0?[1-9]|1[0-2])(?P=sep)"
                           r"(?P<year>[12]\d{3}|\d{2})(?![\d/])")),
]


# Every date has a year (or a 2-digit numeric year); the full patterns only run around these,
# which keeps long documents fast (the patterns themselves would try every word).
_YEARISH = re.compile(r"[12][0-9Oo][0-9OoIlSZ|]{2}|\d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?\d{2}|\bDated?\s*[:.]\s*\d")


def _windows(text: str, before: int = 48, after: int = 16) -> list[tuple[int, int]]:
    spans: list[list[int]] = []
    for m in _YEARISH.finditer(text):
        # an underline drawn as dashes, with the spaces around it, does not count against the window
        gap = text[max(0, m.start() - 240):m.start()]
        padding = len(gap) - len(gap.rstrip(" \t\n-")) if "---" in gap[-240:] else 0
        start, end = max(0, m.start() - padding - before), min(len(text), m.end() + after)
        if spans and start <= spans[-1][1]:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    return [(s, e) for s, e in spans]


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: date
    text: str
    style: str


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


@lru_cache(maxsize=4096)
def month_number(word: str) -> int | None:
    """'March', 'Mar.', 'Marcb', 'MARCH' -> 3; None for words that are not a month."""
    w = word.lower().rstrip(".").replace("0", "o").replace("1", "l")
    if w in MONTHS:
        return MONTHS[w]
    if w in MONTH_ABBREVIATIONS:
        return MONTH_ABBREVIATIONS[w]
    if len(w) >= 5:   # OCR damage: one wrong letter in a longer month name
        best = min(MONTHS, key=lambda m: _edit_distance(w, m))
        if _edit_distance(w, best) <= (1 if len(best) <= 6 else 2) and w[0] == best[0]:
            return MONTHS[best]
    return None


def _number(text: str) -> int:
    return int("".join(text.split()).translate(_DIGIT_LOOKALIKES))


def _year(text: str) -> int:
    year = _number(text)
    if year < 100:
        year += 2000 if year < 70 else 1900
    return year


# a number's label: what follows it is an identifier, never a date ("Mail Stop C4-26-05", "DHS Form.32691")
# A document's noun ("Contract 07-12-15", "Agreement 2020-01-3") labels a number only without a colon: "Period of
# Agreement: 10/01/2024 to 09/30/2029", "Date of Award: 3-4-2020" label dates.
_CODE_LABEL = re.compile(r"(?:\b(?:Form|No|Nos|Number|Stop|MS|Case|File|Docket|Control|Ref|Reference|ID|Serial|Routing|Phone|Tel|"
                         r"Fax)\b\.?|#)\s*[:#.]?\s*$|"
                         # a code's section numbers: "O.C.G.A. §§ 13-8-50 through 13-8-59"
                         r"§[^§.;\n]{0,30}$|\b(?:Contract|Order|Award|Grant|Agreement|Account)\b\.?\s*#?\s*$",
                         re.IGNORECASE)


def in_code(text: str, start: int, end: int) -> bool:
    """The digits at text[start:end] belong to a code: glued to letters or digits, continued by
    another -segment, or labelled as a number (form, case, file, mail stop)."""
    before = text[start - 1] if start else " "
    after = text[end:end + 2]
    if before.isalnum() or before in "-/._#" and start >= 2 and text[start - 2].isalnum():
        return True
    if after[:1].isalnum() or (after[:1] in "-/" and after[1:2].isalnum()):
        return True
    return bool(_CODE_LABEL.search(text[max(0, start - 24):start]))


# a date field's label right before the date: "Date: ", "Date. ", "Dated: "
FIELD_LABEL_BEFORE = re.compile(r"\bDated?[ \t]*[:.][ \t_]*$")
# what only a date field's reading takes: digits split by a space, or parts apart on the blanks of the line
_SPLIT_DIGITS = re.compile(r"\d\s+\d|_")


def find_dates(text: str, *, min_year: int = 1950, max_year: int = 2100) -> list[DateMention]:
    """Every date in the text, in order; overlapping readings keep the first pattern's."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    windows = _windows(text)
    for style, pattern in DATE_PATTERNS:
        for m in (m for start, end in windows for m in pattern.finditer(text, start, end)):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            try:
                month = int(m["month"]) if style == "iso" else (
                    _number(m["month"]) if style.startswith("numeric") else month_number(m["month"]))
                if month is None:
                    continue
                day = ORDINAL_DAYS[" ".join(m["day"].lower().split())] if style == "day_words" else _number(m["day"])
                value = date(_year(m["year"]), month, day)
            except ValueError:
                continue
            if not min_year <= value.year <= max_year:
                continue
            if style in ("numeric", "numeric_field") and not any(c.isdigit() for c in m["day"] + m["month"]):
                continue
            if style == "numeric_field" and not (_SPLIT_DIGITS.search(m.group(0))
                                                 and FIELD_LABEL_BEFORE.search(text, max(0, m.start() - 24), m.start())):
                continue     # what the plain numeric reading did not take (a clause number, a date without a field label)
            if style == "day_month" and _page_number_over_month(text, m):
                continue     # "Attachment D\n3\nMarch 2014": a page's number above its footer's month, not a day
            if style in ("numeric", "numeric_field", "iso") and in_code(text, m.start(), m.end()):
                continue
            if style == "numeric" and m["sep"] == "." and len(m["year"]) == 2 and len(m["day"].strip()) < 2:
                continue     # "6.1.10 repairs to ...": a clause number (a dotted date's day has two digits: "3.26.01")
            found.append(DateMention(m.start(), m.end(), value, m.group(0), style))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def _page_number_over_month(text: str, m: re.Match) -> bool:
    """A bare number alone on its line with the month and year on the next: a page footer's counter and the form's
    month ("1\nMarch 2014"), as text extraction sets them. A day written out ("3rd", "3 March 2014") stays a date."""
    line_start = text.rfind("\n", 0, m.start()) + 1
    return m["day"].isdigit() and "\n" in text[m.end("day"):m.start("month")] and \
        not text[m.end("day"):m.start("month")].strip() and not text[line_start:m.start()].strip()


def parse_date(text: str) -> date | None:
    """The first date in a short string, or None."""
    dates = find_dates(text)
    return dates[0].value if dates else None


def _left_over(text: str, dates: list[DateMention]) -> str:
    """The text with its dates taken out."""
    kept, position = [], 0
    for d in dates:
        kept.append(text[position:d.start])
        position = d.end
    return "".join(kept) + text[position:]


def is_date_line(line: str) -> bool:
    """The line is dates and little else: a dateline ("March 5, 2025."), a row of dates ("02/19/25 February 27, 2025"),
    not a sentence that mentions a date. The one test of "this line is only a date" in the date code."""
    dates = find_dates(line)
    return bool(dates) and len(line.strip()) - sum(d.end - d.start for d in dates) < 6


def single_date(text: str, *, min_year: int = 1950, max_year: int = 2100) -> date | None:
    """The date the whole text is, or None: one date and at most punctuation around it ("2027-03-31", "March 31, 2027.").
    A code ("C4-26-05", a mail stop) or a labelled number ("Form 2019-12") is none. The one test of "this value is a
    date" (a reviewer's typed value uses it)."""
    dates = find_dates(text, min_year=min_year, max_year=max_year)
    if len(dates) != 1 or _left_over(text, dates).strip(" ,.;"):
        return None
    return dates[0].value


# --- terms -------------------------------------------------------------------------------
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
                "fifteen": 15, "eighteen": 18, "twenty": 20, "twenty-four": 24, "thirty": 30, "thirty-six": 36,
                "sixty": 60, "ninety": 90, "a": 1, "an": 1}
_NUM = r"(?:\d{1,3}|" + "|".join(sorted((k for k in NUMBER_WORDS if len(k) > 2), key=len, reverse=True)) + r")"
# "three (3) years", "five consecutive years", "twelve full months"
DURATION = re.compile(rf"\b(?P<num>{_NUM})(?:\s*\((?P<digits>\d{{1,3}})\))?[\s-]+(?:(?:consecutive|full)\s+)?"
                      r"(?P<unit>years?|months?|days?|weeks?)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Duration:
    count: int
    unit: str          # years | months | days | weeks

    def __str__(self) -> str:
        return f"{self.count} {self.unit if self.count != 1 else self.unit[:-1]}"


def parse_duration(match: re.Match) -> Duration:
    digits = match["digits"]
    num = match["num"].lower()
    count = int(digits) if digits else (int(num) if num.isdigit() else NUMBER_WORDS[num])
    unit = match["unit"].lower()
    return Duration(count, unit if unit.endswith("s") else unit + "s")


def add_duration(start: date, duration: Duration) -> date:
    """start + duration, clamping the day for short months (Jan 31 + 1 month = Feb 28/29)."""
    if duration.unit == "days":
        return date.fromordinal(start.toordinal() + duration.count)
    if duration.unit == "weeks":
        return date.fromordinal(start.toordinal() + 7 * duration.count)
    months = duration.count * (12 if duration.unit == "years" else 1)
    total = start.year * 12 + (start.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
