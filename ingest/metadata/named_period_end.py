"""An agreement whose term ends with a period it names and defines apart: "This MOC expires at the end of the pilot
period" where "The pilot period begins on the effective date and ends twenty-four (24) months thereafter", or "This
Agreement ... ends at the close of the Pilot Period" where '"Pilot Period" means the period beginning on the Effective
Date and ending on September 30, 2027'. The named period's end is then the agreement's own; a period the text names but
never defines with an end, or one that begins on anything but the agreement's start, gives none."""
from __future__ import annotations

import re
from datetime import date

from ingest.metadata.date_roles import PERFORMANCE_END
from ingest.metadata.dates import DURATION, add_duration, find_dates, parse_duration

_ENDS_WITH_PERIOD = re.compile(
    r"\b(?:this|the)\s+(?:[\w()-]+\s+){0,3}?(?:Agreement|Memorandum|MOU|MOA|MOC|IAA|ISA|Compact)\b[^.;]{0,80}?"
    r"\b(?:ends?|expires?|terminates?|shall\s+(?:end|expire|terminate)|will\s+(?:end|expire|terminate))\s+"
    r"(?:at|upon|on|with)\s+the\s+(?:close|end|expiration|conclusion)\s+of\s+the\s+[“\"]?"
    r"(?P<name>(?:[\w-]+\s+){1,2}?[Pp]eriod)\b", re.IGNORECASE)
# the period begins when the agreement does: on its effective date, or on the last signature
# (a cover's row "License Period: From the Effective Date through December 31, 2027" says the same)
_BEGINS_WITH_AGREEMENT = re.compile(r"(?:\b(?:begin(?:s|ning)?|commenc(?:es|ing)|start(?:s|ing)?)\s+on|^[ \t]*from)\s+the\s+"
                                    r"(?:effective\s+date|date\s+of\s+the\s+last\s+signature)\b", re.IGNORECASE)
_ENDS_ON = re.compile(r"(?:\bend(?:s|ing)?\s+on|^[ \t]*from\s+the\s+effective\s+date\s+(?:through|until|to))\s+(?:the\s+)?$",
                      re.IGNORECASE)
_ENDS_AFTER = re.compile(rf"\bend(?:s|ing)?\s+{DURATION.pattern}\s+(?:thereafter|after\s+(?:the\s+)?effective\s+date|"
                         r"from\s+(?:the\s+)?effective\s+date)", re.IGNORECASE)


def end_of_named_period(pages, effective: date | None) -> tuple[int, int, int, date, str] | None:
    """(page, start, end of the period's definition, day, cue) of the end of the period the agreement's term ends
    with, or None."""
    for page in pages:
        said = _ENDS_WITH_PERIOD.search(page.text)
        if said:
            name = " ".join(said.group("name").split())
            break
    else:
        return None
    words = r"\s+".join(re.escape(w) for w in name.split())
    definition = re.compile(rf"(?:^|[.;:]\s+|\n)[ \t]*(?:the\s+)?[“\"]?{words}[”\"]?(?::[ \t]*|\s+)(?P<body>[^.;]{{0,240}})",
                            re.IGNORECASE)
    for page in pages:
        for m in definition.finditer(page.text):
            body = m.group("body")
            if not _BEGINS_WITH_AGREEMENT.search(body):
                continue
            for mention in find_dates(body):
                if _ENDS_ON.search(body[:mention.start]):
                    return page.number, m.start("body"), m.end("body"), mention.value, f"the {name} ends on"
            after = _ENDS_AFTER.search(body)
            if after and effective is not None:
                return page.number, m.start("body"), m.end("body"), add_duration(effective, parse_duration(after)), \
                    f"the {name} ends {' '.join(after.group(0).split())}"
    return None


# "This IAA is in effect from the Effective Date in block 5 through the end of the Period of Performance in block 6": an
# agreement that says it lasts as long as its period of performance ends when that period does (a form's box "Period of
# Performance: X through Y"); a period of performance alone says nothing of the agreement's end
_LASTS_THROUGH_PERFORMANCE = re.compile(
    r"\b(?:this|the)\s+(?:[\w()-]+\s+){0,3}?(?:Agreement|Memorandum|MOU|MOA|MOC|IAA|ISA)\b[^.;]{0,60}?\b(?:is\s+in\s+effect|"
    r"is\s+effective|is\s+valid|remains?\s+in\s+(?:full\s+)?(?:force|effect))\b[^.;]{0,80}?\b(?:through|until)\s+the\s+"
    r"(?:end|expiration|close)\s+of\s+the\s+(?:Period\s+of\s+Performance|Performance\s+Period)\b", re.IGNORECASE)


def end_of_performance_period(pages, roled) -> tuple[int, int, int, date, str] | None:
    """(page, start, end, day, cue) of the end of the period of performance the agreement says it lasts through, where
    the text gives that period one end; else None."""
    if not any(_LASTS_THROUGH_PERFORMANCE.search(page.text) for page in pages):
        return None
    ends = {r.mention.value: r for r in roled if r.role == PERFORMANCE_END}
    if len(ends) != 1:
        return None
    r = next(iter(ends.values()))
    return r.page, r.mention.start, r.mention.end, r.mention.value, "in effect through the end of its period of performance"
