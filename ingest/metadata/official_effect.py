"""An agreement that takes effect on one official's act: "This MOU is effective as of the date of the Assistant
Secretary's approval", "This Agreement becomes effective when signed by the Secretary of Corrections", "the Effective
Date, which is the date it is signed by the State Controller". Its day is the date in that official's own block (a
"Date:" line under the name, an "APPROVED" stamp beside the office), not the latest of all the signatures: the other
parties often sign before the approving official. The office must be found again after the statement, and its block
must carry a date; otherwise the day is not stated."""
from __future__ import annotations

import re

from ingest.metadata.date_roles import CITED, FORM_EXPIRATION, SUPERSEDED, RoledDate

# the office: capitalised words, with "of (the)"/"for" inside ("Secretary of Corrections", "State Controller")
_OFFICE = r"(?-i:[A-Z][\w-]+)(?:\s+(?:(?-i:of|for|of\s+the)\s+)?(?-i:[A-Z][\w-]+)){0,4}"
# an official's post, not a body or the parties ("approved by the Board", "signed by the Parties" are other statements)
_POST = re.compile(r"\b(?:Secretary|Controller|Comptroller|Director|Administrator|Commissioner|Chief|Governor|Attorney\s+General|"
                   r"Mayor|Manager|Officer|Superintendent|Sheriff|Chair(?:man|person)?|President|Commander)\b")
OFFICIAL_EFFECT = re.compile(
    r"\b(?:is|be|becomes?|shall\s+become|will\s+become)\s+effective\s+(?:as\s+of\s+|on\s+|upon\s+|when\s+)?"
    r"(?:(?:the\s+)?date\s+(?:of\s+)?(?:the\s+)?(?P<office>" + _OFFICE + r")['’]s\s+(?:approval|signature)|"
    r"(?:(?:the\s+)?date\s+(?:on\s+which\s+|when\s+)?)?(?:it\s+is\s+|this\s+\w+\s+is\s+)?(?:signed|approved)\s+by\s+the\s+"
    r"(?P<by>" + _OFFICE + r"))", re.IGNORECASE)
# "the Effective Date, which is the date it is signed by the State Controller or designee"
_EFFECTIVE_DATE_IS = re.compile(r"\bEffective\s+Date\b[^.;]{0,40}?\bis\s+the\s+date\s+(?:on\s+which\s+)?(?:it|this\s+\w+)\s+is\s+"
                                r"(?:signed|approved)\s+by\s+the\s+(?P<by>" + _OFFICE + ")",
                                re.IGNORECASE)
# an office under another's name: "Deputy Assistant Secretary" is not the "Assistant Secretary"
_SUBORDINATE = re.compile(r"\b(?:Deputy|Associate|Assistant|Principal|Vice)\s*$", re.IGNORECASE)
_BLOCK_LINES = 3        # the office's line and the two under it: its signer's "Date:" line or stamp (else the line above)
_NOT_OWN = (CITED, SUPERSEDED, FORM_EXPIRATION)


def official_effect_office(pages) -> tuple[int, int, str] | None:
    """(page, end of the statement, office) where the agreement says it takes effect on one official's act, or None."""
    for page in pages:
        m = OFFICIAL_EFFECT.search(page.text) or _EFFECTIVE_DATE_IS.search(page.text)
        if m:
            office = " ".join((m.groupdict().get("office") or m["by"]).split())
            return (page.number, m.end(), office) if _POST.search(office) else None
    return None


def date_of_official(pages, roled: list[RoledDate], said: tuple[int, int, str]) -> RoledDate | None | bool:
    """The date in the named official's block after the statement; None when the block carries none; False when the
    office is not found again (then nothing is known of its block)."""
    page_number, after, office = said
    words = r"\s+".join(re.escape(w) for w in office.split())
    pattern = re.compile(rf"\b{words}\b", re.IGNORECASE)
    found = None
    for page in pages:
        if page.number < page_number:
            continue
        start = after if page.number == page_number else 0
        for m in pattern.finditer(page.text, start):
            if not _SUBORDINATE.search(page.text, max(0, m.start() - 20), m.start()):
                found = (page, m)
    if found is None:
        return False
    page, m = found
    text = page.text
    line_start = text.rfind("\n", 0, m.start()) + 1
    block_end = line_start
    for _ in range(_BLOCK_LINES):
        next_end = text.find("\n", block_end + 1)
        block_end = len(text) if next_end < 0 else next_end
    dates = [r for r in roled if r.page == page.number and r.role not in _NOT_OWN]
    under = next((r for r in dates if line_start <= r.mention.start < block_end), None)
    if under is not None:
        return under
    # "/s/ Name      Date: 05/27/2026" over the office's line: the signature line just above, in the same block
    above_start = text.rfind("\n", 0, max(0, line_start - 1)) + 1
    above = text[above_start:line_start]
    return next((r for r in dates if above.strip() and above_start <= r.mention.start < line_start), None)
