"""Parties, people and the per-document writing helper (`Draft`) shared by all document builders."""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from corpus.demo import vocabulary as V

# A redaction in a block's text: \x01<codes>|<width in characters>\x02. Rendered as a black box
# followed by the codes; in plain text it is just the codes.
REDACTION = re.compile("\x01([^|\x02]*)\\|(\\d+)\x02")


@dataclass
class Party:
    name: str            # as recorded in the truth, e.g. "Etowah County Sheriff's Office"
    ref: str             # as used mid-sentence, e.g. "the Etowah County Sheriff's Office"
    abbr: str
    kind: str            # dhs | federal | state | local | foreign | company | government
    titles: tuple[str, ...]
    state: str | None = None
    domain: str = "agency.gov"
    incorporation: str | None = None
    place: str | None = None   # county or city of a local agency


@dataclass
class Person:
    name: str
    title: str


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s,.'-]+", name) if w and w[0].isupper() and w not in {"U", "S"}]
    return "".join(w[0] for w in words)[:6] or "P"


ICE_FAMILY = {"ICE", "HSI", "ERO"}


def dhs_party(rng: random.Random, exclude: str | None = None) -> Party:
    """A DHS component; `exclude` keeps a partner from being (part of) the same component."""
    banned = ICE_FAMILY if exclude in ICE_FAMILY else {exclude}
    choices = [c for c in V.DHS_COMPONENTS if c[0] not in banned]
    abbr, name, titles = rng.choice(choices)
    domain = {"ICE": "ice.dhs.gov", "HSI": "ice.dhs.gov", "ERO": "ice.dhs.gov", "CBP": "cbp.dhs.gov",
              "USCIS": "uscis.dhs.gov", "TSA": "tsa.dhs.gov", "FEMA": "fema.dhs.gov", "USCG": "uscg.mil"}.get(abbr, "hq.dhs.gov")
    ref = name if name.startswith(("U.S.", "DHS")) else f"the {name}"
    return Party(name, ref, abbr, "dhs", titles, domain=domain)


def federal_party(rng: random.Random) -> Party:
    abbr, name, titles = rng.choice(V.OTHER_FEDERAL)
    ref = name if name.startswith("U.S.") else f"the {name}"
    return Party(name, ref, abbr, "federal", titles, domain=f"{abbr.lower()}.gov")


def state_party(rng: random.Random) -> Party:
    _county, state, st = rng.choice(V.COUNTIES)
    kind = rng.choice(V.STATE_AGENCY_KINDS)
    name = f"{state} {kind}"
    return Party(name, f"the {name}", st + _initials(kind), "state", ("Director", "Secretary", "Commissioner"),
                 state=state, domain=f"{st.lower()}.gov")


def local_party(rng: random.Random) -> Party:
    if rng.random() < 0.6:
        county, state, st = rng.choice(V.COUNTIES)
        name = f"{county} County Sheriff's Office"
        return Party(name, f"the {name}", _initials(county) + "CSO", "local", ("Sheriff",), state=state,
                     domain=f"{county.lower()}county{st.lower()}.gov", place=f"{county} County")
    city, state, st = rng.choice(V.CITIES)
    name = f"{city} Police Department"
    return Party(name, f"the {name}", _initials(city) + "PD", "local", ("Chief of Police",), state=state,
                 domain=f"{city.lower().replace(' ', '')}{st.lower()}.gov", place=city)


def corrections_party(rng: random.Random) -> Party:
    _county, state, st = rng.choice(V.COUNTIES)
    name = f"{state} Department of Corrections"
    return Party(name, f"the {name}", st + "DOC", "state", ("Secretary of Corrections", "Commissioner"), state=state,
                 domain=f"doc.{st.lower()}.gov")


def foreign_party(rng: random.Random, ministry: str | None = None) -> tuple[Party, tuple]:
    country = rng.choice(V.COUNTRIES)
    pattern, titles = next(m for m in V.FOREIGN_MINISTRIES if m[0] == ministry) if ministry else rng.choice(V.FOREIGN_MINISTRIES)
    ref = pattern.format(long=country[1])
    name = ref[4:] if ref.startswith("the ") else ref
    return Party(name, ref, _initials(name.split(" of ")[0]), "foreign", titles), country


def government_parties(rng: random.Random) -> tuple[Party, Party, tuple]:
    country = rng.choice(V.COUNTRIES)
    us = Party("Government of the United States of America", "the Government of the United States of America", "USG",
               "government", ("Commissioner, U.S. Customs and Border Protection", "Ambassador of the United States of America"))
    other = Party(f"Government of {country[1]}", f"the Government of {country[1]}", "GOV", "government",
                  ("Director General of Customs", "Minister of Finance", "Ambassador"))
    return us, other, country


def company_party(rng: random.Random) -> Party:
    name = f"{rng.choice(V.COMPANY_HEADS)} {rng.choice(V.COMPANY_TAILS)} {rng.choice(V.COMPANY_FORMS)}"
    if name.endswith(("Inc.", "Co.")) and not name.endswith(", Inc."):
        name = name.replace(" Inc.", ", Inc.").replace(" Co.", " Company")
    domain = re.sub(r"[^a-z]", "", name.split()[0].lower()) + ".com"
    return Party(name, name, _initials(name), "company", V.COMPANY_TITLES, domain=domain,
                 incorporation=rng.choice(V.STATES_OF_INCORPORATION))


def person(rng: random.Random, titles: tuple[str, ...]) -> Person:
    middle = f" {rng.choice(V.MIDDLE_INITIALS)}." if rng.random() < 0.5 else ""
    return Person(f"{rng.choice(V.FIRST_NAMES)}{middle} {rng.choice(V.LAST_NAMES)}", rng.choice(titles))


def phone(rng: random.Random) -> str:
    return f"({rng.choice(('202', '703', '571', '301', '214', '305', '404'))}) 555-{rng.randrange(100, 200):04d}"


@dataclass
class Draft:
    """Accumulates the blocks of one document and what was written into it.

    Blocks are (kind, text) pairs: title, heading, para, pad (a padding paragraph), line (one
    unwrapped line), sig (lines joined by newlines), gap. Section numbering style is picked once per document.
    """
    rng: random.Random
    released: bool = False
    blocks: list[tuple[str, str]] = field(default_factory=list)
    authorities: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    numbering: int = 0
    section_no: int = 0

    def __post_init__(self):
        self.numbering = self.rng.randrange(5)

    def title(self, *lines: str) -> None:
        for line in lines:
            self.blocks.append(("title", line))

    def line(self, text: str) -> None:
        self.blocks.append(("line", text))

    def para(self, text: str) -> None:
        self.blocks.append(("para", text))

    def gap(self) -> None:
        self.blocks.append(("gap", ""))

    def section(self, name: str, *paragraphs: str) -> None:
        self.section_no += 1
        n = self.section_no
        roman = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
                 "XVI", "XVII", "XVIII", "XIX", "XX")[min(n, 20) - 1]
        heading = (f"{n}. {name.upper()}", f"{roman}. {name.upper()}", f"SECTION {n}. {name.upper()}",
                   f"Article {n} - {name}", f"{n}.0 {name}")[self.numbering]
        self.blocks.append(("heading", heading))
        for text in paragraphs:
            if text:
                self.blocks.append(("para", text))

    def cite(self, authority: str) -> str:
        if authority not in self.authorities:
            self.authorities.append(authority)
        return authority

    def flag(self, code: str, sentence: str) -> str:
        if code not in self.flags:
            self.flags.append(code)
        return sentence

    def redact(self, text: str, codes: str, chance: float = 1.0) -> str:
        """In a released copy, replace `text` by a redaction box carrying `codes`."""
        if not self.released or self.rng.random() >= chance:
            return text
        return f"\x01{codes}|{max(4, min(len(text), 40))}\x02"

    def signature(self, party: Party, who: Person, date_text: str | None, style: int) -> None:
        blank = "_" * 32
        date_line = f"Date: {date_text}" if date_text else "Date: ____________"
        if style == 0:
            lines = [f"FOR {party.ref.upper()}:", blank, who.name, who.title, party.name, date_line]
        elif style == 1:
            lines = [blank, f"{who.name}, {who.title}", party.name, date_line]
        else:
            lines = [f"On behalf of {party.ref}:", blank, f"Name: {who.name}", f"Title: {who.title}", date_line]
        self.blocks.append(("sig", "\n".join(lines)))


def plain(text: str) -> str:
    """Block text as a reader (or a text layer) sees it: redactions become their codes."""
    return REDACTION.sub(r"\1", text) if "\x01" in text else text
