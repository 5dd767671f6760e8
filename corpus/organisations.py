"""Which kind of organisation a party is, and whether it is inside the Department of Homeland Security.

Directive 4006.1 turns on one distinction: an information sharing and access agreement moves
Department data to a party *outside* DHS (One DHS, §2.1: sharing between components is internal).
So every name is sorted into one kind:

    dhs       the Department itself or one of its components (ICE, CBP, USCIS, ...)
    federal   another federal department or agency (FBI, SSA, the U.S. Government as a whole)
    state     a State, territory or state agency
    local     a county, city, town, sheriff's office, police department, school or special district
    tribal    a tribe, tribal nation or tribal agency
    foreign   a foreign government, ministry or international organisation
    company   a private company (vendors, contractors)
    union     a labour union or employee association
    unknown   none of these could be told from the name

`party_kind(name)` and `within_dhs(name)` read a name as written in an agreement (any case,
with or without "the", abbreviations in capitals). They search the name, so a clause such as
"Under this Agreement, the Pinal County Sheriff's Office" is read as its party.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

PARTY_KINDS = ("dhs", "federal", "state", "local", "tribal", "foreign", "company", "union", "unknown")
OUTSIDE_KINDS = ("federal", "state", "local", "tribal", "foreign", "company", "union")


@dataclass(frozen=True)
class Component:
    abbr: str
    name: str
    patterns: tuple[str, ...]          # case-insensitive regex fragments for the name and its variants
    abbreviations: tuple[str, ...] = ()  # matched case-sensitively as whole words


# The Department's components and offices as they are named in agreements (current names and the
# common older ones, e.g. NPPD before CISA, US-VISIT before OBIM).
DHS_COMPONENTS: tuple[Component, ...] = (
    Component("DHS", "U.S. Department of Homeland Security",
              (r"department\s+of\s+homeland\s+security", r"homeland\s+security\s+department",
               r"secretary\s+of\s+homeland\s+security", r"dhs\s+headquarters"), ("DHS",)),
    Component("ICE", "U.S. Immigration and Customs Enforcement",
              (r"immigration\s+(?:and|&)\s+customs\s+enforcement", r"homeland\s+security\s+investigations",
               r"enforcement\s+(?:and|&)\s+removal\s+operations", r"office\s+of\s+the\s+principal\s+legal\s+advisor",
               r"student\s+and\s+exchange\s+visitor\s+program"), ("ICE", "HSI", "ERO", "OPLA", "SEVP")),
    Component("CBP", "U.S. Customs and Border Protection",
              (r"customs\s+(?:and|&)\s+border\s+protection", r"(?:u\.?\s?s\.?|united\s+states)\s+border\s+patrol",
               r"air\s+and\s+marine\s+operations"), ("CBP", "USBP")),
    Component("USCIS", "U.S. Citizenship and Immigration Services",
              (r"citizenship\s+(?:and|&)\s+immigration\s+services",), ("USCIS",)),
    Component("TSA", "Transportation Security Administration",
              (r"transportation\s+security\s+administration",), ("TSA",)),
    Component("FEMA", "Federal Emergency Management Agency",
              (r"federal\s+emergency\s+management\s+agency",), ("FEMA",)),
    Component("USCG", "United States Coast Guard",
              (r"coast\s+guard",), ("USCG",)),
    Component("USSS", "United States Secret Service", (r"secret\s+service",), ("USSS",)),
    Component("CISA", "Cybersecurity and Infrastructure Security Agency",
              (r"cybersecurity\s+(?:and|&)\s+infrastructure\s+security\s+agency",
               r"national\s+protection\s+and\s+programs\s+directorate"), ("CISA", "NPPD")),
    Component("I&A", "DHS Office of Intelligence and Analysis",
              (r"office\s+of\s+intelligence\s+(?:and|&)\s+analysis",), ("I&A",)),
    Component("S&T", "DHS Science and Technology Directorate",
              (r"science\s+(?:and|&)\s+technology\s+directorate",), ("S&T",)),
    Component("OBIM", "Office of Biometric Identity Management",
              (r"office\s+of\s+biometric\s+identity\s+management", r"\bus-?visit\b"), ("OBIM",)),
    Component("FLETC", "Federal Law Enforcement Training Centers",
              (r"federal\s+law\s+enforcement\s+training\s+cent(?:er|re)s?",), ("FLETC",)),
    Component("CWMD", "Countering Weapons of Mass Destruction Office",
              (r"countering\s+weapons\s+of\s+mass\s+destruction",), ("CWMD",)),
    Component("FPS", "Federal Protective Service", (r"federal\s+protective\s+service",), ("FPS",)),
    Component("OHS", "DHS Office of Health Security",
              (r"office\s+of\s+health\s+(?:security|affairs)",), ()),
    Component("CRCL", "DHS Office for Civil Rights and Civil Liberties",
              (r"office\s+for\s+civil\s+rights\s+and\s+civil\s+liberties",), ("CRCL",)),
    Component("OPS", "DHS Office of Operations Coordination", (r"office\s+of\s+operations\s+coordination",), ()),
    Component("PLCY", "DHS Office of Strategy, Policy, and Plans",
              (r"office\s+of\s+strategy,?\s+policy,?\s+and\s+plans",), ("PLCY",)),
    Component("CISOMB", "Office of the Citizenship and Immigration Services Ombudsman",
              (r"citizenship\s+and\s+immigration\s+services\s+ombudsman",), ()),
    # Offices every department has count as DHS only when the name says "DHS"/"Homeland Security",
    # which the DHS entry above already matches; they are listed so `dhs_component` can name them.
    Component("OIG", "DHS Office of Inspector General", (r"(?:dhs|homeland\s+security)\W+(?:\w+\W+){0,3}"
                                                           r"(?:office\s+of\s+(?:the\s+)?)?inspector\s+general",), ()),
    Component("PRIV", "DHS Privacy Office", (r"(?:dhs|homeland\s+security)\W+privacy\s+office",), ()),
)

_OTHER_DEPARTMENTS = (r"justice|state|defense|the\s+treasury|treasury|agriculture|commerce|labor|health\s+and\s+human\s+"
                      r"services|housing\s+and\s+urban\s+development|transportation|energy|education|veterans\s+affairs|"
                      r"(?:the\s+)?interior")
# Another department named outright: its offices (an "Office of Intelligence and Analysis" of the
# Treasury, an Inspector General of Justice) are not DHS offices.
OTHER_DEPARTMENT = re.compile(rf"\b(?:u\.?\s?s\.?|united\s+states)\s+department\s+of\s+(?:{_OTHER_DEPARTMENTS})\b|"
                              rf"\bdepartment\s+of\s+(?:justice|defense|the\s+treasury|state)\b(?!\s+(?:of|police))|"
                              r"\b(?:DOJ|DoD|DOD|DOS|DOT|DOL|HHS|USDA|VA|HUD|DOE)\b", re.IGNORECASE)

FEDERAL = re.compile(
    # the federal bureaus that serve tribes are federal, not tribal (BIA is a bureau of the Interior)
    r"\bbureau\s+of\s+indian\s+(?:affairs|education)|\bindian\s+health\s+service|"
    r"\bfederal\s+bureau\s+of\s+investigation|\bdrug\s+enforcement\s+administration|\balcohol,\s+tobacco|"
    r"\bmarshals?\s+service|\bbureau\s+of\s+prisons|\bsocial\s+security\s+administration|\binternal\s+revenue\s+service|"
    r"\boffice\s+of\s+personnel\s+management|\bgeneral\s+services\s+administration|\bnational\s+aeronautics\s+and\s+space|"
    r"\benvironmental\s+protection\s+agency|\bcenters\s+for\s+disease\s+control|\bfood\s+and\s+drug\s+administration|"
    r"\boffice\s+of\s+refugee\s+resettlement|\bfinancial\s+crimes\s+enforcement\s+network|"
    r"\bexecutive\s+office\s+for\s+immigration\s+review|\bnational\s+security\s+agency|\bcentral\s+intelligence\s+agency|"
    r"\bdirector\s+of\s+national\s+intelligence|\bnational\s+counterterrorism\s+center|\bfederal\s+aviation\s+administration|"
    r"\bpostal\s+(?:service|inspection\s+service)|\bdefense\s+manpower\s+data\s+center|\banimal\s+and\s+plant\s+health|"
    r"\bcensus\s+bureau|\bbureau\s+of\s+consular\s+affairs|\bfederal\s+trade\s+commission|"
    r"\bsecurities\s+and\s+exchange\s+commission|\bfederal\s+communications\s+commission|"
    r"\boffice\s+of\s+management\s+and\s+budget|"
    # independent federal regulators and corporations named without "U.S." or "Federal"
    r"\bcenters\s+for\s+medicare\b|\bcommodity\s+futures\s+trading\s+commission|\bfederal\s+deposit\s+insurance\s+corporation|\bnuclear\s+regulatory\s+commission|"
    r"\bconsumer\s+(?:financial\s+protection\s+bureau|product\s+safety\s+commission)|"
    r"\bgovernment\s+of\s+the\s+united\s+states|\bunited\s+states\s+(?:of\s+america|government|attorney|district\s+court)|"
    r"\bu\.\s?s\.\s+(?:government|attorney|district\s+court|department\s+of)|\bunited\s+states\s+department\s+of|"
    r"\bfederal\s+(?:government|agency|agencies|department|bureau|reserve)|\bnational\s+guard\s+bureau",
    re.IGNORECASE)
# A federal bureau by the shape of its name, not a list ("U.S. Geological Survey", "National Park Service",
# "Bureau of Land Management"); read after the state and local patterns, so "Georgia Bureau of Investigation"
# and "County Water Service" are theirs
FEDERAL_BODY = re.compile(r"^(?:the\s+)?(?:(?:u\.\s?s\.?|united\s+states)\s+(?:[a-z][\w'’-]*\s+(?:and\s+|of\s+(?:the\s+)?)?){0,5}"
                          r"(?:service|survey|administration|agency|bureau|commission|corps(?:\s+of\s+engineers)?|mint|"
                          r"institutes?\s+of\s+[a-z]+)|national\s+(?:[a-z][\w'’-]*\s+(?:and\s+)?){1,4}"
                          r"(?:service|survey|administration|foundation)|national\s+institutes?\s+of\s+health|"
                          r"bureau\s+of\s+(?:[a-z][\w'’-]*\s+(?:and\s+)?){0,3}[a-z][\w'’-]*|"
                          # "Federal Highway Administration", "Federal Energy Regulatory Commission" (a state's own
                          # bodies carry its name first and are read as the state's before this); the Forest Service
                          r"federal\s+(?:[a-z][\w'’-]*\s+(?:and\s+)?){1,4}(?:administration|commission|agency|service|"
                          r"board|authority)|forest\s+service)$", re.IGNORECASE)
FEDERAL_ABBREVIATIONS = re.compile(r"\b(?:FBI|DEA|ATF|USMS|BOP|DOJ|DOS|DoD|DOD|IRS|SSA|OPM|GSA|OMB|NASA|EPA|HHS|CDC|FDA|"
                                   r"USDA|APHIS|FinCEN|NSA|CIA|ODNI|NCTC|FAA|USPS|EOIR|ORR|USG|CFTC|FDIC|FERC|FHWA|NOAA|CFPB|"
                                   r"USFS|USGS)\b")

TRIBAL = re.compile(r"\btrib(?:e|es|al)\b|\bband\s+of\s+(?:\w+\s+){0,3}indians\b|\bpueblo\s+of\b|\brancheria\b|"
                    r"\bindian\s+(?:community|nation|reservation)\b|\bnative\s+village\b|\b(?!united\b)\w+\s+nation\b(?!s)",
                    re.IGNORECASE)

UNION = re.compile(r"\bunion\b(?!\s+(?:county|city|township|parish|of\s+soviet))|\blocal\s+(?:no\.?\s*|#\s*)?\d+|"
                   r"\blodge\s+(?:no\.?\s*|#\s*)?\d+|\bfraternal\s+order\s+of\s+police|\bteamsters\b|\bafscme\b|\bseiu\b|"
                   r"\bafl-?cio\b|\bbrotherhood\b|\bbenevolent\s+association|\bguild\b|\bfederation\s+of\s+teachers|"
                   r"\bassociation\s+of\s+(?:\w+\s+){0,2}(?:fire\s*fighters|employees|officers|workers|teachers|nurses)|"
                   r"\b(?:officers|deputies|deputy\s+sheriffs|employees|firefighters|fire\s+fighters|workers|teachers|"
                   r"nurses|sergeants|lieutenants|detectives|troopers)['’]?\s+(?:association|federation|council)\b|"
                   r"\bprofessional\s+fire\s*fighters|\bcollective\s+bargaining|\bbargaining\s+unit|"
                   # "Irvine Police Association", "Phoenix Law Enforcement Association": employees' associations
                   r"\b(?:police|law\s+enforcement|peace\s+officers?|fire\s*fighters?|correctional|probation)\s+"
                   r"(?:\w+\s+)?(?:association|guild|alliance)\b", re.IGNORECASE)

COMPANY = re.compile(r"\b(?:inc|llc|l\.l\.c|corp|corporation|company|ltd|limited|plc|l\.p|lp|llp|gmbh|s\.a|"
                     r"n\.v|b\.v|ag|s\.r\.l|pty)\b\.?|&\s*co\b\.?", re.IGNORECASE)
# A "... Corporation" that is public, not a company.
PUBLIC_CORPORATION = re.compile(r"\b(?:federal|national|public|government|municipal|county|state|city|regional|"
                                r"development|housing)\b[^,]{0,40}\bcorporation\b", re.IGNORECASE)

US_STATES = ("Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware", "Florida",
             "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine",
             "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska",
             "Nevada", "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio",
             "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota", "Tennessee",
             "Texas", "Utah", "Vermont", "Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming",
             "District of Columbia", "Puerto Rico", "Guam", "U.S. Virgin Islands", "American Samoa",
             "Northern Mariana Islands")


def names_alternation(names) -> str:
    """A regex alternative for each name (longest first, spaces as \\s+), grouped by first letter:
    "N(?:ew\\s+Mexico|iger)|A(?:laska)" for New Mexico, Niger and Alaska. It matches where the flat
    "New\\s+Mexico|Niger|Alaska" matches, the same names: only names with the same first letter can
    match at one place, and they keep their order. `re` tries every alternative of a flat list at
    every position of a text (and enters each one when ignoring case); a group is tried once."""
    groups: dict[str, list[str]] = {}
    for name in sorted(names, key=len, reverse=True):
        groups.setdefault(name[0], []).append(name)
    if len({first.lower() for first in groups}) < len(groups):   # "N..." and "n...": one group ignoring case
        raise ValueError("names differing in the case of their first letter")
    return "|".join(re.escape(first) + "(?:" + "|".join(re.escape(m[1:]).replace(r"\ ", r"\s+") for m in members) + ")"
                    for first, members in groups.items())


_STATE_NAMES = names_alternation(US_STATES)
STATE = re.compile(rf"\b(?:state|commonwealth)\s+of\s+(?:{_STATE_NAMES})\b|\b(?:{_STATE_NAMES})\b(?!\s+(?:county|city))|"
                   r"\bstate\s+(?:police|patrol|agency|department|government|attorney\s+general|university)\b|"
                   r"\bhighway\s+patrol\b|\bdepartment\s+of\s+(?:motor\s+vehicles|public\s+safety|corrections)\b|"
                   r"\bsecretary\s+of\s+state\b|\battorney\s+general'?s?\b", re.IGNORECASE)
LOCAL = re.compile(rf"^[^,]{{2,40}},\s+(?:{_STATE_NAMES})\s+police\b|"   # "Troy, New Hampshire Police": a town's police
                   r"\bcounty\b|\bcity\b|\btown(?:ship)?\b|\bvillage\s+of\b|\bborough\b|\bparish\b|\bsheriff|"
                   r"\bpolice\s+(?:department|dept|service|force)\b|\bmunicipal|\bschool\s+(?:district|board)|"
                   r"\bboard\s+of\s+(?:education|supervisors|commissioners|aldermen)|\bfire\s+(?:district|department|"
                   r"protection\s+district)|\b(?:community\s+college|special|water|transit|sanitation|irrigation|utility)\s+"
                   r"district\b|\bport\s+authority|\bhousing\s+authority|\btransit\s+authority|\bjoint\s+powers|"
                   r"\bmetropolitan\b|"
                   r"\bregional\s+(?:\w+\s+){0,3}(?:authority|district|council|commission|corporation|government)\b|\bconsolidated\s+government|\bcommissioners\s+court|\bmayor\b|\blocal\s+government",
                   re.IGNORECASE)

# Countries other than the United States (short forms as agreements write them). "Georgia" is left
# out (a U.S. State more often than not in these records); "Mexico" not after "New".
COUNTRIES = (
    "Afghanistan", "Albania", "Algeria", "Andorra", "Angola", "Antigua and Barbuda", "Argentina", "Armenia", "Aruba",
    "Australia", "Austria", "Azerbaijan", "Bahamas", "Bahrain", "Bangladesh", "Barbados", "Belarus", "Belgium",
    "Belize", "Benin", "Bermuda", "Bhutan", "Bolivia", "Bosnia and Herzegovina", "Botswana", "Brazil", "Brunei",
    "Bulgaria", "Burkina Faso", "Burundi", "Cabo Verde", "Cambodia", "Cameroon", "Canada", "Central African Republic",
    "Chad", "Chile", "China", "Colombia", "Comoros", "Congo", "Costa Rica", "Cote d'Ivoire", "Croatia", "Cuba",
    "Curacao", "Cyprus", "Czech Republic", "Czechia", "Denmark", "Djibouti", "Dominica", "Dominican Republic",
    "Ecuador", "Egypt", "El Salvador", "Equatorial Guinea", "Eritrea", "Estonia", "Eswatini", "Ethiopia", "Fiji",
    "Finland", "France", "Gabon", "Gambia", "Germany", "Ghana", "Greece", "Grenada", "Guatemala", "Guinea",
    "Guinea-Bissau", "Guyana", "Haiti", "Honduras", "Hong Kong", "Hungary", "Iceland", "India", "Indonesia", "Iran",
    "Iraq", "Ireland", "Israel", "Italy", "Jamaica", "Japan", "Jordan", "Kazakhstan", "Kenya", "Kiribati", "Korea",
    "Kosovo", "Kuwait", "Kyrgyzstan", "Laos", "Latvia", "Lebanon", "Lesotho", "Liberia", "Libya", "Liechtenstein",
    "Lithuania", "Luxembourg", "Madagascar", "Malawi", "Malaysia", "Maldives", "Mali", "Malta", "Marshall Islands",
    "Mauritania", "Mauritius", "Mexico", "Micronesia", "Moldova", "Monaco", "Mongolia", "Montenegro", "Morocco",
    "Mozambique", "Myanmar", "Namibia", "Nauru", "Nepal", "Netherlands", "New Zealand", "Nicaragua", "Niger",
    "Nigeria", "North Macedonia", "Norway", "Oman", "Pakistan", "Palau", "Panama", "Papua New Guinea", "Paraguay",
    "Peru", "Philippines", "Poland", "Portugal", "Qatar", "Romania", "Russia", "Russian Federation", "Rwanda",
    "Saint Kitts and Nevis", "Saint Lucia", "Saint Vincent", "Samoa", "San Marino", "Saudi Arabia", "Senegal", "Serbia",
    "Seychelles", "Sierra Leone", "Singapore", "Slovakia", "Slovenia", "Solomon Islands", "Somalia", "South Africa",
    "South Sudan", "Spain", "Sri Lanka", "Sudan", "Suriname", "Sweden", "Switzerland", "Syria", "Taiwan", "Tajikistan",
    "Tanzania", "Thailand", "Timor-Leste", "Togo", "Tonga", "Trinidad and Tobago", "Tunisia", "Turkey", "Turkiye",
    "Turkmenistan", "Tuvalu", "Uganda", "Ukraine", "United Arab Emirates", "United Kingdom", "Great Britain",
    "Uruguay", "Uzbekistan", "Vanuatu", "Vatican", "Holy See", "Venezuela", "Vietnam", "Viet Nam", "Yemen", "Zambia",
    "Zimbabwe", "European Union",
)
_COUNTRY_NAMES = names_alternation(COUNTRIES)
FOREIGN = re.compile(rf"(?<!new\s)\b(?:{_COUNTRY_NAMES})\b|\bministry\b|\bministère\b|\bembassy\b|\bconsulate\b|"
                     r"\bkingdom\s+of\b|\brepublic\s+of\b|\broyal\s+\w+|\bher\s+majesty|\bhis\s+majesty|\binterpol\b|"
                     r"\beuropol\b|\bcoast\s+guard\b|\bunited\s+nations\b|\bworld\s+customs\s+organi[sz]ation|\bnato\b|"
                     r"\bgovernment\s+of\s+(?!the\s+united\s+states)(?:the\s+)?[A-Z]", re.IGNORECASE)


def _abbreviation(abbreviation: str) -> str:
    """The pattern of an abbreviation as a word of its own."""
    # the abbreviation first, its left edge checked after it (a lookbehind): a pattern that
    # starts with a literal is searched for by the literal alone, several times faster than
    # trying a leading lookbehind at every position of a page (within_dhs reads whole pages)
    return rf"{re.escape(abbreviation)}(?<=(?<![A-Za-z&]){re.escape(abbreviation)})(?![A-Za-z&])"


def _component_patterns() -> tuple[tuple[Component, re.Pattern], ...]:
    out = []
    for component in DHS_COMPONENTS:
        parts = [f"(?i:{p})" for p in component.patterns] + [_abbreviation(a) for a in component.abbreviations]
        out.append((component, re.compile("|".join(parts))))
    return tuple(out)


_COMPONENTS = _component_patterns()


# --- a quick "cannot match" test before each component's pattern ------------------------------
# A case-insensitive pattern made of alternatives gets no literal search from `re`: it is tried
# at every position of a page, for each of the 22 components. Most alternatives start with a
# word, and any match contains that word; so a component none of whose starting words is in the
# lowercased text (nor its abbreviations in the text) cannot match, and its pattern is skipped.
# Characters `re` folds onto ASCII letters in ways str.lower() does not (dotted/dotless i, long s,
# the Kelvin sign) make a text go the long way (tests/test_organisations_screen.py checks the set).
FOLDS_ONTO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")


def lowered_for_search(text: str) -> str | None:
    """`text` lowercased, in which a plain search for a lowercase word finds what a case-insensitive
    `re` finds in `text`; None when `text` holds one of FOLDS_ONTO_ASCII (then only `re` will do)."""
    return None if FOLDS_ONTO_ASCII.search(text) else text.lower()


def _top_level_alternation(fragment: str) -> bool:
    depth, i = 0, 0
    while i < len(fragment):
        ch = fragment[i]
        if ch == "\\":
            i += 1
        elif ch == "[":   # a character class: skip to its end
            i = fragment.index("]", i + 2 if fragment[i + 1:i + 2] in ("]", "^") else i + 1)
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return True
        i += 1
    return False


def starting_words(fragment: str) -> tuple[str, ...] | None:
    r"""Words, lowercased, one of which every match of a case-insensitive regex fragment starts
    with: ("department",) for r"department\s+of\s+homeland", ("dhs", "homeland") for
    r"(?:dhs|homeland\s+security)\W+..."; None when it does not start with a word."""
    if _top_level_alternation(fragment):
        return None
    if fragment.startswith(r"\b"):
        fragment = fragment[2:]
    if fragment.startswith("(?:"):   # a group of alternatives first: a word from each of them
        depth, end = 0, None
        for i, ch in enumerate(fragment):
            depth += (ch == "(") - (ch == ")")
            if depth == 0:
                end = i
                break
        if end is None or "\\" in fragment[3:end].replace(r"\s", "").replace(r"\.", "") \
                or fragment[end + 1:end + 2] in ("?", "*", "{") or "(" in fragment[3:end]:
            return None
        words = [starting_words(branch) for branch in fragment[3:end].split("|")]
        return None if None in words else tuple(w for found in words for w in found)
    m = re.match(r"[A-Za-z]+", fragment)
    if not m:
        return None
    word = m.group()
    if fragment[m.end():m.end() + 1] in ("?", "*", "{"):   # "parties?": its last letter is optional
        word = word[:-1]
    return (word.lower(),) if word else None


@dataclass(frozen=True)
class _Screen:
    words: tuple[str, ...]           # one of them is in the lowercased text of every match ...
    abbreviations: tuple[str, ...]   # ... or one of these in the text itself
    always: bool                     # an alternative without a starting word: no screen

    def may_match(self, text: str, lowered: str | None) -> bool:
        return (self.always or lowered is None or any(w in lowered for w in self.words)
                or any(a in text for a in self.abbreviations))


def _screen(component: Component) -> _Screen:
    words = [starting_words(p) for p in component.patterns]
    return _Screen(tuple(w for found in words if found for w in found), component.abbreviations, None in words)


_SCREENS = tuple(_screen(component) for component, _ in _COMPONENTS)


def _screened(text: str) -> Iterable[tuple[Component, re.Pattern]]:
    """The components whose pattern may match the text (the others cannot), in order."""
    lowered = lowered_for_search(text)
    for (component, pattern), screen in zip(_COMPONENTS, _SCREENS):
        if screen.may_match(text, lowered):
            yield component, pattern


# within_dhs reads whole pages, where a case-insensitive alternation is tried at every position: it reads the
# component's words in lower case in the lowercased page (searched for by their letters) and its abbreviations
# in the page itself. The same answer as the pattern (the fragments hold no capital letter; lowered_for_search
# keeps offsets and re's folding, or gives None and the pattern is used)
_LOWERED_PATTERNS = {component.abbr: (re.compile("|".join(component.patterns)) if component.patterns else None,
                                      re.compile("|".join(_abbreviation(a) for a in component.abbreviations))
                                      if component.abbreviations else None)
                     for component in DHS_COMPONENTS}


def _names_component(component: Component, pattern: re.Pattern, text: str, lowered: str | None) -> bool:
    """Whether `pattern` (the component's, from _COMPONENTS) finds the component in `text` (lowered: the text
    from lowered_for_search)."""
    if lowered is None:
        return pattern.search(text) is not None
    words, abbreviations = _LOWERED_PATTERNS[component.abbr]
    return bool(words and words.search(lowered)) or bool(abbreviations and abbreviations.search(text))


_NAMES_DHS = re.compile(r"homeland\s+security|\bDHS\b", re.IGNORECASE)
# Names that need "DHS"/"Homeland Security" beside them (other departments have offices by that name).
_SHARED_OFFICE_NAMES = {"I&A", "OIG", "PRIV", "OHS"}
# "Coast Guard" after a capitalised word other than U.S./United States is another country's.
_FOREIGN_COAST_GUARD = re.compile(r"\b(?!States\b|Guard\b|The\b|US\b)[A-Z][a-z]+\s+Coast\s+Guard|"
                                  rf"\b(?:{_COUNTRY_NAMES})\b[^,;]{{0,30}}coast\s+guard", re.IGNORECASE)


def dhs_component(name: str) -> Component | None:
    """The DHS component (or the Department) a name refers to; None when it names none.
    A component is preferred to the Department itself ("ICE, a component of DHS" is ICE)."""
    if not name:
        return None
    named_department = OTHER_DEPARTMENT.search(name) and not _NAMES_DHS.search(name)
    found = []
    for component, pattern in _screened(name):
        match = pattern.search(name)
        if not match:
            continue
        if named_department and component.abbr in _SHARED_OFFICE_NAMES:
            continue
        if component.abbr == "USCG" and _FOREIGN_COAST_GUARD.search(name):
            continue
        found.append((match.start(), component))
    specific = [(at, c) for at, c in found if c.abbr != "DHS"]
    chosen = min(specific or found, key=lambda item: item[0], default=None)
    return chosen[1] if chosen else None


def within_dhs(name: str) -> bool:
    """Whether the name is the Department of Homeland Security or one of its components: whether
    dhs_component finds one, stopping at the first (it runs on whole pages too)."""
    if not name:
        return False
    named_department = None
    lowered = lowered_for_search(name)
    for component, pattern in _screened(name):
        if not _names_component(component, pattern, name, lowered):
            continue
        if component.abbr in _SHARED_OFFICE_NAMES:
            if named_department is None:
                named_department = bool(OTHER_DEPARTMENT.search(name) and not _NAMES_DHS.search(name))
            if named_department:
                continue
        if component.abbr == "USCG" and _FOREIGN_COAST_GUARD.search(name):
            continue
        return True
    return False


def party_kind(name: str) -> str:
    """One of PARTY_KINDS for a party's name (see the module docstring)."""
    if not name or not name.strip():
        return "unknown"
    if within_dhs(name):
        return "dhs"
    if UNION.search(name):
        return "union"
    if TRIBAL.search(name):
        return "tribal"
    if FOREIGN.search(name) and not re.search(r"\bunited\s+states\b|\bu\.\s?s\.", name, re.IGNORECASE):
        return "foreign"
    if COMPANY.search(name) and not PUBLIC_CORPORATION.search(name):
        return "company"
    if FEDERAL.search(name) or FEDERAL_ABBREVIATIONS.search(name):
        return "federal"
    if LOCAL.search(name):
        return "local"
    if STATE.search(name):
        return "state"
    if OTHER_DEPARTMENT.search(name) or FEDERAL_BODY.match(" ".join(name.split())):
        return "federal"
    return "unknown"


def is_outside_dhs(name: str) -> bool:
    """Whether the name is known to be a party outside the Department (not merely unknown)."""
    return party_kind(name) in OUTSIDE_KINDS


_OUTSIDE_PATTERNS = (("union", UNION), ("tribal", TRIBAL), ("foreign", FOREIGN), ("company", COMPANY),
                     ("federal", FEDERAL), ("federal", FEDERAL_ABBREVIATIONS), ("local", LOCAL), ("state", STATE))


def party_mentions(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each place the text names a party of a known kind, in text order.
    A DHS name wins over any other reading of the same words ("U.S. Department of Homeland Security")."""
    found: list[tuple[int, int, str]] = []
    for component, pattern in _screened(text):
        for m in pattern.finditer(text):
            window = text[max(0, m.start() - 40):m.end() + 60]
            if component.abbr in _SHARED_OFFICE_NAMES and OTHER_DEPARTMENT.search(window) \
                    and not _NAMES_DHS.search(window):
                continue
            if component.abbr == "USCG" and _FOREIGN_COAST_GUARD.search(text[max(0, m.start() - 30):m.end() + 30]):
                continue
            found.append((m.start(), m.end(), "dhs"))
    for kind, pattern in _OUTSIDE_PATTERNS:
        for m in pattern.finditer(text):
            if kind == "company" and PUBLIC_CORPORATION.search(text[max(0, m.start() - 60):m.end()]):
                continue
            if not any(s < m.end() and m.start() < e for s, e, k in found if k == "dhs"):
                found.append((m.start(), m.end(), kind))
    return sorted(found)
