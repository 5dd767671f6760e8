"""Parties named under letters ("Party A: Acme Technology Co., Ltd. Legal Representative: ... / Party B: ..."), the
parties section of contracts drafted in China and of their translations: each name is the label's value, up to the
next label of the party's particulars (its representative, address, telephone) or its name in Chinese."""
from __future__ import annotations

import re

from ingest.metadata.parties import clean_name, plausible_party
from ingest.metadata.spans import Span, locate

# "Party A: X", "Party B (Licensee): X"; the letter's role may stand in brackets before the colon
_LETTERED = re.compile(r"\bParty\s+(?P<letter>[A-F])\s*(?:[(（][^)）\n]{1,30}[)）]\s*)?[:：][ \t]*(?=(?P<value>[^\n]{2,300}))")
# a party's particulars after its name: the next label ("Legal Representative:", "Registration Address:"), its name
# in Chinese in brackets, or the next lettered party on the same line
_PARTICULARS = re.compile(r"\s*[(（][^)）]*[\u3400-\u9fff]|\s+Party\s+[A-F]\s*[:：(（]|"
                          r"[,;]?\s+(?:Legal\s+(?:Representative|Person|Address)|Authori[sz]ed\s+Representative|Representative|"
                          r"Registered\s+(?:Address|Office)|Registration\s+Address|Address|Domicile|Residence|Contact|"
                          r"Tel(?:ephone)?|Fax|E-?mail|Post(?:al)?\s+Code|Zip\s+Code|Business\s+Licen[cs]e|Place\s+of\s+Business|"
                          r"Unified\s+Social\s+Credit\s+Code|ID\s+(?:Card\s+)?No)\b\s*\.?\s*[:：(（]")


def lettered_parties(text: str, limit: int = 6000) -> list[Span]:
    """Each lettered party's name in the head of the text, in letter order; [] unless Party A and Party B are
    both named there (a lone "Party A:" is a signature line or a clause, never the parties section)."""
    head = text[:limit]
    names: dict[str, Span] = {}
    for m in _LETTERED.finditer(head):
        if m["letter"] in names:
            continue
        value = m["value"]
        particulars = _PARTICULARS.search(value)
        name = clean_name(value[:particulars.start()] if particulars else value)
        if plausible_party(name):
            found = locate(head, name, m.start("value"))
            if found:
                names[m["letter"]] = found
    if not {"A", "B"} <= names.keys():
        return []
    return [names[letter] for letter in sorted(names)]
