"""The governing-law state ("jurisdiction") of an agreement, and the names of U.S. States and other
jurisdictions that the party and 287(g) readers share."""
from __future__ import annotations

import re

from ingest.metadata.spans import Span

US_STATES = ["Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware",
             "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky",
             "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri",
             "Montana", "Nebraska", "Nevada", "New Hampshire", "New Jersey", "New Mexico", "New York",
             "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island",
             "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington",
             "West Virginia", "Wisconsin", "Wyoming", "District of Columbia", "Puerto Rico", "Guam"]
STATE_ABBREVIATIONS = dict(zip(
    ["AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME",
     "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA",
     "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC", "PR", "GU"], US_STATES))
OTHER_JURISDICTIONS = ["England and Wales", "England", "Ontario", "British Columbia", "Quebec", "Alberta", "Israel",
                       "Switzerland", "Germany", "the Netherlands", "Ireland", "Singapore", "Hong Kong", "Bermuda",
                       "the Cayman Islands", "Japan", "Canada", "Scotland", "France"]
JURISDICTION_ALTERNATION = "|".join(sorted((re.escape(s) for s in US_STATES + OTHER_JURISDICTIONS), key=len, reverse=True))


_STATE_ALT_WS = JURISDICTION_ALTERNATION.replace(r"\ ", r"\s+")
LAWS_OF = re.compile(r"\blaws?\s+of\s+(?:the\s+)?(?:United\s+States(?:\s+of\s+America)?\s*(?:,|and)\s*(?:the\s+)?)?"
                     rf"(?:State\s+of\s+|Commonwealth\s+of\s+|Province\s+of\s+)?(?P<state>{_STATE_ALT_WS})\b", re.IGNORECASE)
GOVERNING_CUE = re.compile(r"govern|constru|interpret|enforce|in\s+accordance\s+with|subject\s+to|choice\s+of\s+law",
                           re.IGNORECASE)
COURTS_OF = re.compile(r"\bcourts?\s+(?:of|in|located\s+in|sitting\s+in)\s+(?:the\s+)?(?:State\s+of\s+|Commonwealth\s+of\s+)?"
                       rf"(?P<state>{_STATE_ALT_WS})\b", re.IGNORECASE)


def canonical_state(text: str) -> str | None:
    text = " ".join(text.split()).lower()
    for s in US_STATES + OTHER_JURISDICTIONS:
        if s.lower() == text:
            return s.removeprefix("the ")
    return None


def find_jurisdiction(text: str) -> Span | None:
    """The governing-law state: 'governed by ... the laws of the State of X' (a 'laws of' mention
    next to govern/construe/interpret wins), else the state whose courts are named."""
    best: tuple[int, int, Span] | None = None
    for m in LAWS_OF.finditer(text):
        state = canonical_state(m["state"])
        if not state:
            continue
        context = text[max(0, m.start() - 200):m.start()] + " " + text[m.end():m.end() + 40]
        score = 2 if GOVERNING_CUE.search(context) else 0
        candidate = (score, -m.start(), Span(m.start("state"), m.end("state"), state))
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    if best:
        return best[2]
    m = COURTS_OF.search(text)
    if m and canonical_state(m["state"]):
        return Span(m.start("state"), m.end("state"), canonical_state(m["state"]))
    return None

