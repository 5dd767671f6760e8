"""287(g) agreements: the law-enforcement agency (LEA) ICE delegates to, its US state, and the
program model (Jail Enforcement Model / Warrant Service Officer / Task Force Model).

Many of these are copier scans read by OCR, so every pattern allows for damaged words and the
agency is chosen by votes across the whole document (preamble, page footers, signature blocks).
"""
from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ingest.metadata.names import normalize_name
from ingest.metadata.jurisdiction import STATE_ABBREVIATIONS, US_STATES, canonical_state

MODELS = {"Jail Enforcement Model": re.compile(r"\bJail\s+Enforcement(?:\s+Model)?\b|\bJEM\b", re.IGNORECASE),
          "Warrant Service Officer": re.compile(r"\bWarrant\s+Service\s+Officers?\b|\bWSO\b", re.IGNORECASE),
          "Task Force Model": re.compile(r"\bTask\s+Force(?:\s+Model)?\b|\bTFM\b", re.IGNORECASE)}
# The 2019-2020 WSO template never names its model; its purpose clause does.
WSO_PURPOSE = re.compile(r"custodial\s+transfer.{0,200}?scheduled\s+release|scheduled\s+release\s+from\s+criminal\s+custod",
                         re.IGNORECASE | re.DOTALL)

# "287(g)" itself, or the delegation language every 287(g) MOA uses even when it never says "287(g)"
IS_287G = re.compile(r"\b287\s?\(\s?g\s?\)|\bdelegates?\s+to\s+nominated\b|\bdelegation\s+of\s+immigration\s+officer\s+authority\b|"
                     r"\bfunctions\s+of\s+an\s+immigration\s+officer\b|\bimmigration\s+officer\s+functions\b",
                     re.IGNORECASE)

_AGENCY_HEAD = r"(?:[A-Z][\w.'’-]*\s+){0,5}?"
_AGENCY_TAIL = (r"(?:County\s+)?(?:Dept\.?\s+of\s+Public\s+Safety|Sheriff\S{0,3}\s+(?:Office|Department|Dept\.?)|Sheriff'?s?\s+Ofiice|"
                # OCR misreads the doubled f ("Sheriifs", "Sherilfs Office")
                r"Sheri[\w'’]{1,5}\s+(?:Office|Department)|Police\s+(?:Department|Dept\.?)|"
                r"Police\s+Svs\s+Dept|Department\s+of\s+(?:Corrections?|Public\s+Safety|Financial\s+Services|Correctional\s+Services)|"
                r"Detention\s+(?:Center|Facility)|Public\s+Safety(?:\s+Department)?|Corrections\s+and\s+Rehabilitation|"
                r"Attorney\s+General\S{0,3}\s+Office|Conservation\s+Commission|Highway\s+Patrol|State\s+Police|"
                r"Marshal'?s\s+Office|Correctional\s+(?:Center|Facility)|County\s+Jail|Constable'?s?\s+Office)")
AGENCY_PHRASE = re.compile(rf"\b(?P<name>{_AGENCY_HEAD}(?i:{_AGENCY_TAIL}))")
PREAMBLE = re.compile(r"Security\s*\(\s*DHS\s*\)\s*[.,]?\s*and\s+(?:the\s*)?(?:_+\s*,?\s*(?:pursuant\s+to\s+)?)?"
                      r"(?P<name>[A-Z][^()\n,]{3,90}?)\s*(?:\(|,\s*(?:hereinafter|pursuant)|\s+pursuant)", re.IGNORECASE)
_STATE_NAMES = "|".join(re.escape(s).replace(r"\ ", r"[ \t]+") for s in sorted(US_STATES, key=len, reverse=True))
# "DeLand, FL Police Department", "Troy, New Hampshire Police": the town, its state, then the force
CITY_STATE_AGENCY = re.compile(r"\b(?P<city>[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3}),[ \t]*"
                               rf"(?P<code>[A-Z]{{2}}|{_STATE_NAMES})[ \t]+"
                               r"(?P<tail>Police(?:[ \t]+(?:Department|Dept\.?))?|Sheriff\S{0,3}[ \t]+Office)\b")
FILLED_IN = re.compile(r"pursuant\s+to\s+(?P<name>[A-Z][^()\n,]{3,80}?)\s*(?:\([A-Z]{2,8}\)\s*)?which\s+ICE")
_NOT_AGENCY = re.compile(r"Immigration|Customs|Homeland|(?-i:\bICE\b)|\bRESPONSIBILIT|\bOfficer\b|^the\s*$|^(?:the\s+)?(?:LEA|Law\s+Enforcement\s+Agency)$",
                         re.IGNORECASE)
_BAD_HEAD_WORDS = {"the", "and", "of", "by", "to", "for", "with", "between", "participating", "each", "all", "this",
                   "that", "said", "local", "a", "an", "any", "name", "title", "signature", "date"}


@dataclass(frozen=True)
class Hit:
    page: int
    start: int
    end: int
    text: str


def _trim(name: str) -> str:
    name = re.sub(r"\bCo\.?(?=\s+Sheriff)", "County", " ".join(name.split()))     # "Grayson Co. Sheriff's Office"
    words = name.split(" ")
    while words and (words[0].lower() in _BAD_HEAD_WORDS or not words[0][:1].isupper()):
        words.pop(0)
    return " ".join(words).strip(" ,.;:|_")


_RANKS = re.compile(r"\b(?:Captain|Sheriff|Chief|Lieutenant|Lt|Sergeant|Sgt|Deputy|Major|Colonel|Undersheriff|Director|"
                    r"Commander|Jailer|Administrator)\b\.?", re.IGNORECASE)


def is_287g(text: str) -> bool:
    return len(IS_287G.findall(text[:20000])) >= 1


def find_agency(pages) -> tuple[Hit | None, float]:
    """The LEA with most votes; the preamble's naming counts most."""
    votes: Counter[str] = Counter()
    first: dict[str, Hit] = {}
    display: dict[str, Counter] = defaultdict(Counter)
    for page in pages:
        for m in CITY_STATE_AGENCY.finditer(page.text):
            name = f"{_trim(m['city'])} {' '.join(m['tail'].split())}"
            if len(name.split()) >= 2:
                key = normalize_name(name)
                votes[key] += 5
                first.setdefault(key, Hit(page.number, m.start(), m.end(), name))
        for m in [*PREAMBLE.finditer(page.text), *FILLED_IN.finditer(page.text)]:
            name = _trim(m["name"])
            if name and not _NOT_AGENCY.search(name) and len(name.split()) >= 2:
                key = normalize_name(name)
                votes[key] += 5
                first.setdefault(key, Hit(page.number, m.start("name"), m.start("name") + len(m["name"].rstrip()), name))
                display[key][name] += 5
        for m in AGENCY_PHRASE.finditer(page.text):
            raw = m["name"]
            if "\n" in raw and _RANKS.search(raw[:raw.rfind("\n")]):
                raw = raw[raw.rfind("\n") + 1:]      # "Captain Jane Roe" on the line above the agency
            name = _trim(raw)
            if len(name.split()) < 2 or _NOT_AGENCY.search(name):
                continue
            key = normalize_name(name)
            votes[key] += 1
            offset = m.start("name") + m["name"].find(name.split()[0])
            first.setdefault(key, Hit(page.number, offset, m.end("name"), name))
            display[key][name] += 1
    if not votes:
        return None, 0.0
    # A longer name ending in a shorter one is the same agency: more fully named, or with a
    # person's rank and name run into it ("Captain Jane Roe Wood County Sheriff's Office").
    for key in list(votes):
        for other in list(votes):
            if key != other and other.endswith(key) and len(other) > len(key) and votes[other] >= 1:
                if _RANKS.search(other[:len(other) - len(key)]):
                    votes[key] += votes.pop(other)
                else:
                    votes[other] += votes[key] // 2
    key, count = votes.most_common(1)[0]
    hit = first[key]
    total = sum(votes.values())
    return hit, round(min(0.95, 0.5 + 0.45 * count / total), 2)


_STATE_WORD = re.compile(r"\b(?:" + "|".join(re.escape(s) for s in sorted(US_STATES, key=len, reverse=True)) + r")\b")
# "Bartow, FL 33830", "Blountstown. FL 3:?4:?4" (OCR'd zip), "..., FL" at a line end
_STATE_CODE = re.compile(r"(?:[,.]\s*|\s)(?P<code>[A-Z]{2})(?:\s+[\d:?lIOoS]{5}(?!\w)|\s+(?=Sub-?Office|Field\s+Office)|"
                         r"\s*(?:$|[,.;)]))", re.MULTILINE)
_ICE_ADDRESS_WORDS = re.compile(r"(?:\bICE\b|Enforcement|\bERO\b|OPLA|Field\s+Office|Chief\s+Counsel|Office\s+of)")


class _IceAddress:
    """Whether the text just before a state mention (its line and the one above) is ICE's own address."""

    @staticmethod
    def search(before: str) -> bool:
        return bool(_ICE_ADDRESS_WORDS.search("\n".join(before.splitlines()[-2:])))


_ICE_ADDRESS = _IceAddress()
# ICE ERO field offices and the states of their areas of responsibility: when a county name is
# shared by several states, the field office that handles the agency narrows them down.
FIELD_OFFICE_STATES = {
    "Atlanta": ("Georgia", "North Carolina", "South Carolina"), "Baltimore": ("Maryland",),
    "Boston": ("Massachusetts", "Maine", "New Hampshire", "Rhode Island", "Vermont", "Connecticut"),
    "Buffalo": ("New York",), "Chicago": ("Illinois", "Indiana", "Wisconsin", "Missouri", "Kentucky", "Kansas"),
    "Dallas": ("Texas", "Oklahoma"), "Denver": ("Colorado", "Wyoming"), "Detroit": ("Michigan", "Ohio"),
    "El Paso": ("Texas", "New Mexico"), "Houston": ("Texas",), "Los Angeles": ("California",), "Miami": ("Florida",),
    "New Orleans": ("Alabama", "Arkansas", "Louisiana", "Mississippi", "Tennessee"), "New York": ("New York",),
    "Newark": ("New Jersey",), "Philadelphia": ("Pennsylvania", "Delaware", "West Virginia"), "Phoenix": ("Arizona",),
    "Salt Lake City": ("Utah", "Idaho", "Montana", "Nevada"), "San Antonio": ("Texas",), "San Diego": ("California",),
    "San Francisco": ("California", "Hawaii", "Guam"), "Seattle": ("Washington", "Oregon", "Alaska"),
    "St. Paul": ("Minnesota", "Iowa", "Nebraska", "North Dakota", "South Dakota"), "Washington": ("Virginia",),
    "Harlingen": ("Texas",), "Orlando": ("Florida",), "Tampa": ("Florida",),
}
_FIELD_OFFICE = re.compile(r"\b(?P<city>" + "|".join(re.escape(c) for c in sorted(FIELD_OFFICE_STATES, key=len, reverse=True))
                           + r")\s+(?:Field\s+Office|Sub-?Office|Area\s+of\s+Responsibility|AOR)\b", re.IGNORECASE)


def _field_office_states(pages, weak: Counter) -> set[str]:
    """States of the field offices the document names, or whose area holds a state of ICE's addresses."""
    states: set[str] = set()
    for page in pages:
        for m in _FIELD_OFFICE.finditer(page.text):
            city = next(c for c in FIELD_OFFICE_STATES if c.lower() == m["city"].lower())
            states.update(FIELD_OFFICE_STATES[city])
    for state in weak:
        for area in FIELD_OFFICE_STATES.values():
            if state in area:
                states.update(area)
    return states


def find_state(pages, agency: Hit | None) -> tuple[Hit | None, float]:
    """The agency's state: named in the agency ('Alaska Department of Corrections'), right after it
    ('... Sheriff's Office, AL'), or the state named most often outside ICE's own addresses."""
    if agency:
        for m in _STATE_WORD.finditer(agency.text):
            if re.match(r"\s+(?:County|Parish|City|Township)\b", agency.text[m.end():]):
                continue      # "Washington County Sheriff's Office" names a county, not the state
            return Hit(agency.page, agency.start + m.start(), agency.start + m.end(), m.group(0)), 0.95
    votes: Counter[str] = Counter()
    weak: Counter[str] = Counter()       # states of ICE's own offices: only a tie-breaker between counties
    first: dict[str, Hit] = {}
    agency_words = set(normalize_name(agency.text).split()) if agency else set()
    if agency:
        m = CITY_STATE_AGENCY.search(" ".join(p.text for p in pages if p.number == agency.page))
        if m and m["code"] in STATE_ABBREVIATIONS and normalize_name(m["city"]) in normalize_name(agency.text):
            return Hit(agency.page, agency.start, agency.end, STATE_ABBREVIATIONS[m["code"]]), 0.9
    for page in pages:
        text = page.text
        for m in _STATE_WORD.finditer(text):
            state = m.group(0)
            if re.search(r"\bv\.?\s*$", text[max(0, m.start() - 4):m.start()]):
                continue      # a case name: "Garrity v. New Jersey"
            if state == "Washington" and re.match(r",?\s*(?:D\.?\s?C\.?|District)", text[m.end():m.end() + 12]):
                continue
            before = text[max(0, m.start() - 160):m.start()]
            near_agency = bool(agency_words) and len(agency_words & set(normalize_name(before).split())) >= 2
            weight = 3 if near_agency else (0.3 if _ICE_ADDRESS.search(before) else 1)
            if re.search(r"(?:laws?|State|Commonwealth)\s+of\s+(?:the\s+)?$", before):
                weight += 1
            votes[state] += weight
            first.setdefault(state, Hit(page.number, m.start(), m.end(), state))
        for m in _STATE_CODE.finditer(text):
            state = STATE_ABBREVIATIONS.get(m["code"])
            if not state:
                continue
            before = text[max(0, m.start() - 160):m.start()]
            near_agency = bool(agency_words) and len(agency_words & set(normalize_name(before[-80:]).split())) >= 2
            if m["code"] == "DC":
                continue
            if _ICE_ADDRESS.search(before):
                weak[state] += 1      # ICE's own offices say little about the agency's state
                first.setdefault(state, Hit(page.number, m.start("code"), m.end("code"), m["code"]))
                continue
            weight = 3 if near_agency else 0.7
            votes[state] += weight
            first.setdefault(state, Hit(page.number, m.start("code"), m.end("code"), m["code"]))
    county_states = states_of_county(agency.text) if agency else []
    if len(county_states) == 1:
        name = county_states[0]
        hit = first.get(name) or Hit(agency.page, agency.start, agency.end, agency.text)
        return Hit(hit.page, hit.start, hit.end, name), 0.85
    if county_states:
        if any(votes[s] for s in county_states):
            votes = Counter({s: votes[s] for s in county_states if votes[s]})
        elif any(weak[s] for s in county_states):
            votes = Counter({s: weak[s] for s in county_states if weak[s]})
        else:
            area = [s for s in county_states if s in _field_office_states(pages, weak)]
            if len(area) == 1:
                hit = first.get(area[0]) or Hit(agency.page, agency.start, agency.end, agency.text)
                return Hit(hit.page, hit.start, hit.end, area[0]), 0.5
            return None, 0.0      # a county name several states share, and nothing to choose by
    if not votes and weak:
        # last resort: the ICE office that handles the agency is usually in its state
        state = weak.most_common(1)[0][0]
        hit = first[state]
        return Hit(hit.page, hit.start, hit.end, canonical_state(state) or state), 0.3
    if not votes:
        area = _field_office_states(pages, weak)
        if len(area) == 1:          # "OPLA, through Miami Field Office": an area of one state
            state = next(iter(area))
            hit = agency or Hit(pages[0].number, 0, 0, state)
            return Hit(hit.page, hit.start, hit.end, state), 0.3
        return None, 0.0
    state, score = votes.most_common(1)[0]
    hit = first[state]
    return Hit(hit.page, hit.start, hit.end, canonical_state(state) or state), round(min(0.9, 0.4 + score / 20), 2)


@lru_cache(maxsize=1)
def _county_index() -> dict[str, tuple[str, ...]]:
    """county name (lower case, without 'County') -> the states that have a county of that name.
    From the census county list shipped with the addfips package; empty if it is not installed."""
    try:
        data = resources.files("addfips").joinpath("data")
        states = {row["fips"]: row["name"] for row in csv.DictReader(io.StringIO(
            data.joinpath("states.csv").read_text(encoding="utf-8")))}
        rows = csv.DictReader(io.StringIO(data.joinpath("counties_2020.csv").read_text(encoding="utf-8")))
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return {}
    index: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        name = row["name"].lower()
        if name.endswith(" county") and row["statefp"] in states:
            index[name.removesuffix(" county").replace(".", "")].add(states[row["statefp"]])
    return {k: tuple(sorted(v)) for k, v in index.items()}


def states_of_county(agency: str) -> list[str]:
    m = re.search(r"((?:[A-Z][\w.'’-]*\s+){1,3})(?i:County)\b", agency)
    if not m:
        return []
    words = m.group(1).split()
    index = _county_index()
    for n in range(len(words)):          # "Miami Dade County", then "Dade County"
        key = " ".join(words[n:]).lower().replace(".", "").replace("-", " ")
        if key in index:
            return list(index[key])
    key = words[-1].lower()
    if len(key) >= 5:                    # OCR slip: "Wlnkler County" is Winkler County
        close = [name for name in index if len(name) == len(key) and sum(a != b for a, b in zip(name, key)) == 1]
        if len(close) == 1:
            return list(index[close[0]])
    return []


def find_model(pages) -> tuple[Hit | None, str | None, float]:
    votes: Counter[str] = Counter()
    first: dict[str, Hit] = {}
    for page in pages:
        head_weight = 5 if page.number == 1 else 1
        for model, pattern in MODELS.items():
            for m in pattern.finditer(page.text):
                weight = head_weight if m.start() < 600 else 1
                votes[model] += weight
                first.setdefault(model, Hit(page.number, m.start(), m.end(), m.group(0)))
    if not votes:
        for page in pages:
            m = WSO_PURPOSE.search(page.text)
            if m:
                return Hit(page.number, m.start(), m.end(), m.group(0)), "Warrant Service Officer", 0.7
        return None, None, 0.0
    model, count = votes.most_common(1)[0]
    return first[model], model, round(min(0.95, 0.5 + 0.45 * count / sum(votes.values())), 2)
