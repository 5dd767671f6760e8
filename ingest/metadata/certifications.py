"""Certifications set on an agreement beside its signatures: a lawyer's approval as to form, a notary's acknowledgement
or jurat. Their "Date:" lines look like a party's signature block, but the day a county attorney reviewed the form or a
notary took an oath is no signature of a party, and never the day the agreement takes effect."""
from __future__ import annotations

import re

from ingest.metadata.dates import find_dates

# the caption or sentence that opens a certification block
_CERTIFICATION = re.compile(
    r"\b(?:(?:approved|reviewed)(?:\s+and\s+approved)?\s+as\s+to\s+(?:legal\s+)?(?:form|legality|sufficiency)|"
    r"form\s+approved\s+by|notary\s+public|subscribed\s+and\s+sworn|sworn\s+(?:to\s+)?(?:and\s+subscribed\s+)?before\s+me|"
    r"acknowledged\s+before\s+me|personally\s+appeared\s+before\s+me)\b", re.IGNORECASE)
# a block names its party or opens a party's signature: another block has begun under the certification
_PARTY_BLOCK = re.compile(r"(?im)^[ \t]*(?:FOR\s+(?:THE\s+)?[A-Z]|IN\s+WITNESS\b)")
# how many lines above a date a certification's caption may sit (caption, rule, name, office, date)
_REACH_LINES = 6


def certification_cue(text: str, start: int) -> str:
    """The caption of the certification block a date at `start` is written in ("APPROVED AS TO FORM", "Notary
    Public"), or "". The date must be the block's first: a party's block set under the certification has its own."""
    line_start = text.rfind("\n", 0, start) + 1
    above_start = line_start
    for _ in range(_REACH_LINES):
        if above_start == 0:
            break
        above_start = text.rfind("\n", 0, above_start - 1) + 1
    window = text[above_start:start]
    caption = None
    for caption in _CERTIFICATION.finditer(window):
        pass
    if caption is None:
        return ""
    between = window[caption.end():]
    if find_dates(between) or _PARTY_BLOCK.search(between):
        return ""
    return " ".join(caption.group(0).split())
