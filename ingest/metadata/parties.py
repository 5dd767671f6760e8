"""Who the agreement is between: the preamble ("by and between X ... and Y ..."), defined-term
parentheses ('Kite Pharma, Inc. ("Kite")'), letter agreements (letterhead and addressee), and
the governing-law state ("jurisdiction")."""
from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.organisations import party_kind
from ingest.metadata.dates import is_date_line
from ingest.metadata.names import ORG_SUFFIX_WORDS, normalize_name, same_organisation
from ingest.metadata.signatures import NOT_A_PERSON

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
_STATE_ALT = "|".join(sorted((re.escape(s) for s in US_STATES + OTHER_JURISDICTIONS), key=len, reverse=True))


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


# --- governing law -------------------------------------------------------------------------
_STATE_ALT_WS = _STATE_ALT.replace(r"\ ", r"\s+")
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


# --- parties -----------------------------------------------------------------------------------
_Q = "\"“”'‘’`"
DEFINED_TERM = re.compile(rf"\(\s*(?:[^(){_Q}]{{0,120}}?)?[{_Q}]+\s*(?:the\s+)?(?P<term>[A-Z][\w .&,-]{{0,40}}?)\s*[{_Q}]+[^()]{{0,120}}\)|"
                          r"\(\s*(?P<abbr>[A-Z][A-Za-z&]{1,9})\s*\)")
PREAMBLE = re.compile(r"\b(?:by\s+and\s+between|by\s+and\s+among|between|among)\b|^\s*PARTIES\s*:|(?-i:\bPARTIES\s*:)|"
                      # "1. PARTIES. The parties to this Agreement are ...", "is entered into by X and Y"
                      r"\b(?:the\s+)?parties\s+to\s+this\s+[\w\s()\"“”'‘’-]{1,60}?\s+are\b|\bentered\s+into\s+by\b(?!\s+and\b)",
                      re.IGNORECASE | re.MULTILINE)
# a full stop that ends a sentence, not an initial or an abbreviation
SENTENCE_END = re.compile(r"(?<!\s)(?<!\b[A-Z])(?<!\bInc)(?<!\bCo)(?<!\bCorp)(?<!\bLtd)(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bNo)"
                          r"(?<!\bSt)(?<!\bJr)(?<!\bSr)(?<!\bL\.P)(?<!\bN\.A)(?<!\bU\.S)\.\s*(?:\n|[A-Z][a-z])|"
                          r"\bWHEREAS\b|\bRECITALS?\b|\bW\s?I\s?T\s?N\s?E\s?S\s?S\s?E\s?T\s?H\b|\bBACKGROUND\b")
_NAME_END = re.compile(r",?\s+(?:a|an)\s+(?:[A-Z][a-z]+\s+){0,3}(?:corporation|company|limited|partnership|"
                       r"national|banking|business|general|statutory|public|private|joint|individual|resident|"
                       r"\w+\s+(?:corporation|company|partnership|association|trust|entity))|"
                       r",?\s+(?:having|with\s+(?:its|a)\s+|whose|located|organi[sz]ed|incorporated|residing|an?\s+individual|"
                       r"on\s+behalf|acting|in\s+respect\s+of|and\s+its\s+(?:affiliates|subsidiaries)|including\s+its|together\s+with|"
                       r"its\s+(?:subsidiaries|affiliates)|c/o|\d\d)|\s*\(|,\s*(?!(?:Inc|LLC|L\.L\.C|Ltd|Corp|Co|N\.A|L\.P|LLP|PLC|S\.A|AG|GmbH)\b)(?=[a-z])|$", re.IGNORECASE)
_ROLE_WORDS = {"agreement", "company", "parties", "party", "effective date", "confidential information", "purpose",
               "transaction", "representatives", "disclosing party", "receiving party", "recipient", "discloser",
               "affiliate", "affiliates", "business", "evaluation material", "information", "proposed transaction",
               "possible transaction", "potential transaction", "mutual", "nda", "confidentiality agreement", "whereas",
               "distributor", "buyer", "seller", "purchaser", "licensee", "licensor", "customer", "vendor", "supplier",
               "consultant", "employee", "executive", "affiliated companies", "undersigned", "counterparty", "bidder",
               # role nouns agreements define for a party, never the party's name
               "the", "host", "host party", "host agency", "host organization", "guest", "sponsor", "grantee", "grantor",
               "contractor", "provider", "requesting agency", "servicing agency", "lea", "law enforcement agency",
               "participant", "participants", "signatories", "department", "agency", "government", "state", "county",
               "city", "component", "components", "partner", "partners", "designee", "parties hereto", "member", "members", "user", "users"}
_ROLE_PREFIX = re.compile(r"^(?:(?:the\s+)?(?:Company|Disclosing\s+Party|Receiving\s+Party|Parties|[A-Z]{2,5})\s+and\s+|"
                          r"(?:the\s+)?Board\s+of\s+Directors\s+of\s+)", re.IGNORECASE)
_LEADING_JUNK = re.compile(r"^(?:and|the|by|between|among|with|each\s+of|is\s+entered\s+into|made|dated[^,]*,|[,;:.\s_]+)+\s*",
                           re.IGNORECASE)
ORG_LINE = re.compile(rf"^[A-Z0-9][\w.,&'’ -]{{1,80}}\b{ORG_SUFFIX_WORDS}\s*$")


DEPARTMENT_COMPONENT = re.compile(r"(?P<department>(?:U\.\s?S\.\s+|United\s+States\s+)?(?:Department|Ministry)\s+of\s+"
                                  r"(?:[A-Z][\w]*\s?(?:and\s+)?){1,4}),\s+(?P<component>(?:the\s+)?[A-Z][\w.’'& ]{3,90})$")


def _clean_name(raw: str) -> str:
    name = " ".join(raw.split())
    name = _LEADING_JUNK.sub("", name)
    name = _ROLE_PREFIX.sub("", name)
    words = name.split()
    if len(words) >= 4 and len(words) % 2 == 0 and words[:len(words) // 2] == words[len(words) // 2:]:
        name = " ".join(words[:len(words) // 2])       # "Anne Drapeau Anne Drapeau" (signature repeated)
    m = _NAME_END.search(name)
    if m and m.start() > 0:
        name = name[:m.start()]
    # "Acme & Company, L.L.C. and the investment funds it advises": the name ends at its corporate suffix
    name = re.sub(r"(\b(?:Inc|LLC|L\.L\.C|Ltd|Corp|LLP|PLC|L\.P|N\.A)\.?)\s+(?:and|or|together|as)\s+(?-i:[a-z]).*$", r"\1", name)
    name = re.sub(r"\s+(?:Signature|Date|Print(?:ed)?\s+Name|By)\s*:?$", "", name)      # a signature block's label
    name = name.strip(" ,;:.\"“”'")
    # the stop of "Inc." / "L.L.C." was stripped with the sentence's punctuation: put it back
    return name + ("." if re.search(r"\b(?:Inc|Corp|Co|Ltd|L\.P|N\.A|S\.A|L\.L\.C)$", name) else "")


def locate(text: str, name: str, start: int = 0) -> Span | None:
    """Where a whitespace-normalised name occurs in the original text (line breaks and all)."""
    pattern = r"\s+".join(re.escape(w) for w in name.split())
    m = re.compile(pattern).search(text, max(0, start))
    if m is None and name.endswith("."):
        # "Acme, Inc" as printed, read as "Acme, Inc.": the span is the printed text, the name keeps its stop
        m = re.compile(pattern[:-2]).search(text, max(0, start))
    return Span(m.start(), m.end(), name) if m else None


# never a party on its own: a corporate suffix, a state, an exhibit number, a placeholder, a date
_NOT_A_PARTY = re.compile(rf"^(?:(?:Inc|LLC|L\.?L\.?C|Corp|Corporation|Co|Company|Ltd|Limited|L\.?P|LLP|PLC|N\.?A)\.?|"
                          rf"(?:Exhibit|Schedule|Annex|Appendix|Attachment)\b.*|X{{3,}}|_+|{_STATE_ALT}|"
                          # "a Delaware Corporation": where a company is organised, not its name
                          rf"(?:{_STATE_ALT})\s+(?:(?:limited\s+liability\s+|business\s+|general\s+|public\s+)?(?:corporation|company|partnership))|"
                          # an address line: "4690 Millennium Drive Belcamp"
                          rf"\d+\s+(?:\w+\s+){{0,4}}(?:Drive|Street|St|Road|Rd|Avenue|Ave|Boulevard|Blvd|Lane|Way|Parkway|Suite|Place|Court|Plaza)\b.*|"
                          rf".*\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{{4}})$",
                          re.IGNORECASE)


def plausible_party(name: str) -> bool:
    if not (2 <= len(name) <= 140) or not re.search(r"[A-Za-z]{2}", name) or _NOT_A_PARTY.match(name.strip()):
        return False
    # "the Company" normalises to "" (a corporate suffix alone); its words are still a role, not a name
    if normalize_name(name) in _ROLE_WORDS or re.sub(r"^the\s+", "", name.lower()) in _ROLE_WORDS \
            or name.lower().startswith(("this ", "such ", "certain ", "you", "i ")):
        return False
    # "Employee and the Company", "Chief Operating Officer)": roles joined, a connective or bracket left over
    words = [w for w in re.split(r"[\s,]+", name.lower()) if w and w not in {"and", "the", "of", "or", "&"}]
    if words and all(w in _ROLE_WORDS or w in {"chief", "officer", "operating", "executive", "president"} for w in words):
        return False
    if re.search(r"\b(?:and|or|of|the)$", name, re.IGNORECASE) or name.count("(") != name.count(")"):
        return False
    words = name.split()
    # "resTORbio", "Build-A -Bear", "U.S ." (a stray space before a stop) are name words too
    capitalised = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit() or w in {"&", "and", "of", "de", "the"}
                      or not w[:1].isalnum() or (any(c.isupper() for c in w[1:]) and w.strip(",.;:").isalpha()))
    return len(words) <= 16 and capitalised == len(words)


EACH_A_PARTY = re.compile(r"(?:^|(?<=[.\n]))\s*(?P<chunk>[^.\n]{5,300}?)\s*\(\s*(?:each|individually)\s*,?\s+(?:a|an)\s+[\"“]"
                          r"(?:Party|Participant)", re.IGNORECASE)


def _split_and(segment: str) -> list[str]:
    """'A and the B' / 'A, B, and C' / 'U.S. Customs and Border Protection and X' -> the names."""
    # "the Kingdom of A in respect of X, Y and the Z part of A and the Government of B": the territories a
    # government acts for are no parties of their own
    segment = re.sub(r"\s+in\s+respect\s+of\s+.+?(?=,?\s+and\s+the\s|$)", "", segment, flags=re.IGNORECASE | re.DOTALL)
    if re.search(r"[,;]?\s+and\s+(?=the\s)", segment, re.IGNORECASE):
        # a list "the A, the B, and the C" / "A; the B; and the C": every comma or semicolon before "the"
        # ("the Government of A, Governments of B, the Government of C, and the Government of D": every comma
        # before a capitalised word too, but not the one before a corporate suffix: "Acme, Inc.")
        return re.split(r"[,;]?\s+and\s+(?=the\s)|;\s*(?:and\s+)?|,\s+(?=the\s+[A-Z])|"
                        r",\s+(?=(?-i:[A-Z])(?!(?:Inc|LLC|L\.L\.C|Ltd|Corp|Co|N\.A|L\.P|LLP|PLC)\b))", segment, flags=re.IGNORECASE)
    if re.search(r",\s+and\s+", segment):
        return re.split(r",\s+and\s+|;\s*", segment)
    ands = [m for m in re.finditer(r"\s+and\s+", segment, re.IGNORECASE)]
    if len(ands) <= 1:
        return re.split(r"\s+and\s+|;\s*", segment, flags=re.IGNORECASE)
    # several "and"s: split where a new name plainly starts, else at the last one (names with
    # "and" in them, like federal components, usually come first)
    starts = [m for m in ands if re.match(r"(?:U\.\s?S\.|United\s+States|DHS|Department|Government|Ministry|State\s+of|"
                                          r"City\s+of|County\s+of|Office\s+of)", segment[m.end():], re.IGNORECASE)]
    cut = starts[0] if len(starts) == 1 else ands[-1]
    return [segment[:cut.start()], segment[cut.end():]]


def _segment_spans(head: str, segment_start: int, end: int) -> list[Span]:
    spans = []
    for piece in _split_and(head[segment_start:end]):
        name = _clean_name(piece)
        if plausible_party(name):
            found = locate(head, name, segment_start)
            if found:
                spans.append(found)
    return spans


def preamble_parties(text: str, limit: int = 4000) -> list[Span]:
    """Parties named in the opening 'between X and Y' sentence, with their offsets."""
    head = text[:limit]
    # a "PARTIES:" label stands on an upper-case line of its own; other connectors there are a title's
    m = next((m for m in PREAMBLE.finditer(head) if not _in_title_line(head, m.start())
              or m.group(0).strip().startswith("PARTIES")), None)
    each = EACH_A_PARTY.search(head)
    if each and (m is None or each.start() < m.start()):
        spans = _segment_spans(head, each.start("chunk"), each.end("chunk"))
        if spans:
            return spans
    if not m:
        return []
    # the sentence: up to a full stop followed by a new sentence/heading, or WHEREAS/RECITALS
    s = SENTENCE_END.search(head, m.end())
    end = s.start() if s else min(len(head), m.end() + 700)
    segment_start = m.end()
    spans: list[Span] = []
    cursor = segment_start
    terms = [t for t in DEFINED_TERM.finditer(head, segment_start, end)]
    if terms:
        for t in terms:
            chunk = head[cursor:t.start()]
            cursor = t.end()
            term = normalize_name(t["term"] or t["abbr"])
            if term in {"agreement", "effective date", "moa", "mou", "nda"} and not chunk.strip(" ,"):
                continue
            if term in {"parties", "participants"}:
                spans += _segment_spans(head, t.start() - len(chunk), t.start())
                continue
            # "the U.S. Department of Homeland Security, U.S. Immigration and Customs Enforcement (ICE)":
            # the component is the party (its department is recorded as its parent, see parent_of)
            component = DEPARTMENT_COMPONENT.search(" ".join(chunk.split()))
            name = _clean_name(component["component"] if component else chunk)
            if not plausible_party(name):
                # "... with offices at 100 Front Street, Springfield 01608 and Widget, Inc., a Delaware corporation"
                name = next((n for n in (_clean_name(chunk[a.end():]) for a in re.finditer(r"\band\s+(?=[A-Z])", chunk))
                             if plausible_party(n)), name)
            if plausible_party(name) and term not in {"agreement", "effective date", "moa", "mou", "moc", "nda"}:
                found = locate(head, name, t.start() - len(chunk) - 1)
                if found:
                    spans.append(found)
        tail = head[cursor:end]
        if spans and re.match(r"\s*[,;]?\s*(?:and\s|the\s+[A-Z])", tail):
            spans += _segment_spans(head, cursor, end)
        if spans:
            return spans
    return _segment_spans(head, segment_start, end)[:6]


# a heading line holding only its connector: "BETWEEN THE", "and"
_HEADING_CONNECTOR = re.compile(r"^(?:BY\s+AND\s+BETWEEN|BETWEEN|AMONG|AND)(?:\s+THE)?\s*$", re.IGNORECASE)


def _in_title_line(text: str, position: int) -> bool:
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    # an upper-case title line, or a heading's "Between" standing on its own line
    return (line.isupper() and len(line) < 200) or bool(_HEADING_CONNECTOR.match(line.strip()))


def defined_term_parties(text: str, limit: int = 2500) -> list[Span]:
    """'CompuDyne Corporation and its subsidiaries (together, the "Company")', anywhere near the start."""
    spans = []
    head = text[:limit]
    for t in DEFINED_TERM.finditer(head):
        before = head[max(0, t.start() - 160):t.start()]
        # the name may be followed by a parenthetical of its own: 'Acme Inc. (formerly Old Acme, Inc.) (the "Company")'
        # from a word's start ("nStor Corporation", never "Stor Corporation")
        m = re.search(rf"(?<![\w-])((?:(?:[A-Z]|[a-z]+[A-Z])[\w.&'’-]*[\s,]+(?:(?:and|&|of|the)\s+)?){{0,6}}{ORG_SUFFIX_WORDS})[\s,]*"
                      rf"(?:\((?:formerly|f/k/a|d/b/a|now|previously)\b[^()]{{0,80}}\)\s*)?(?:[^()]{{0,60}})?$", before)
        if m:
            name = _clean_name(m.group(1))
            if plausible_party(name):
                found = locate(head, name, t.start() - 160)
                if found:
                    spans.append(found)
    return spans


def letter_parties(text: str) -> list[Span]:
    """Letter agreements: the organisation lines of the letterhead and the address block."""
    spans = []
    position = 0
    for number, line in enumerate(text.splitlines(keepends=True)):
        if number > 30:
            break
        stripped = line.strip()
        if ORG_LINE.match(stripped) and len(stripped.split()) <= 9 and plausible_party(_clean_name(stripped)):
            name = _clean_name(stripped)
            found = locate(text, name, position)
            if found:
                spans.append(found)
        position += len(line)
    return spans


_SIGNED_LINE = re.compile(r"^[ \t]*(?P<by>By:?\s*)?/s/[ \t]*(?P<name>[A-Z][A-Za-z.'’-]+(?:[ \t]+[A-Z][A-Za-z.'’-]*){1,3})[ \t]*$",
                          re.MULTILINE)
_OFFICE_WORDS = re.compile(r"\b(?:Title|Its|President|Officer|Director|Chief|Secretary|Manager|Vice|Counsel|Partner|"
                           r"Chairman|CEO|CFO|Treasurer|Member|Authori[sz]ed|Signatory|Head|General|Principal)\b")
_PERSONAL_AGREEMENT = re.compile(r"\b(?:my|your)\s+(?:employment|engagement|resignation|service|retirement)\b|"
                                 r"^\s*Dear\s+(?!Sir|Madam|Ladies|Gentlemen)(?:(?:Mr|Ms|Mrs|Dr)\.?\s+)?[A-Z][a-z]+\s*[:,]|\((?:the\s+)?[\"“](?:Employee|"
                                 r"Executive|Consultant|Contractor|Director|Advisor|Individual|Shareholder|Stockholder)[\"”]\)",
                                 re.IGNORECASE | re.MULTILINE)


# the role an individual party signs under ("EMPLOYEE:", "THE EXECUTIVE:", "SECOND PARTY"), at a line's start
_INDIVIDUAL_ROLE_LABEL = re.compile(r"^[ \t]*[\"“]?(?:THE\s+)?(?:EMPLOYEE|EXECUTIVE|CONSULTANT|ADVISOR|ADVISER|INDIVIDUAL|"
                                    r"SECOND\s+PARTY|UNDERSIGNED)[\"”]?"
                                    # then the line ends, or a signature follows, or the other column's company
                                    r"(?=[ \t]*:?[ \t]*(?:\n|$)|[ \t]*:?[ \t]+(?:/\s?s/|By\b)|[ \t]+[A-Z][\w&.'’-]*(?:[ \t]+[\w&.'’-]+){0,4},?"
                                    r"[ \t]+(?:Inc|LLC|Corp|Corporation|Company|Ltd|plc)\b)", re.IGNORECASE | re.MULTILINE)
# the first signature or printed name after that label: "/s/ Jane Q. Doe", "Name: Jane Q. Doe"
_SIGNED_NAME = re.compile(r"(?:/\s?s/|\bName\s*:)[ \t]*(?P<name>[A-Z][A-Za-z'’-]+(?:[ \t]+(?:[A-Z]\.|[A-Z][A-Za-z'’-]+)){1,3}"
                          r"(?:,?[ \t]+(?:Jr\.|Sr\.|III|II|IV)(?![A-Za-z]))?)")
_UNDERSIGNED = re.compile(r"\bthe\s+undersigned\b|\((?:the\s+|hereinafter\s+(?:called\s+)?)?[\"“]?(?:Employee|Executive|Consultant|"
                          r"Advisor|Individual)[\"”]?\)", re.IGNORECASE)


def role_label_signer(text: str) -> list[Span]:
    """An individual party named only by role in the preamble ("the undersigned employee", "you",
    'John Doe ("Employee")') signs under that role at the end: "EMPLOYEE: /s/ Jane Q. Doe" or
    "Employee / By: ____ / Name: Jane Q. Doe". The first name signed under the label is that party;
    an organisation's signatory ("By: /s/ ..." under the company's name) is not."""
    if not (_PERSONAL_AGREEMENT.search(text[:6000]) or _UNDERSIGNED.search(text[:6000])):
        return []
    tail_start = max(0, len(text) - 3000)
    for label in _INDIVIDUAL_ROLE_LABEL.finditer(text, tail_start):
        m = _SIGNED_NAME.search(text, label.end(), label.end() + 250)
        if m is None:
            continue
        following = [line.strip() for line in text[m.end():m.end() + 200].splitlines()[1:] if line.strip()][:1]
        if following and re.match(r"(?:By:?\s*)?/\s?s/", following[0]):
            continue        # two signatures stacked under one label: the columns ran together, whose is whose is lost
        # two columns on one line: "/s/ Jane Doe By / s/ ..." (the other column's label is no part of the name)
        name = re.sub(r"\s+(?:By|Name|Title|Date|Its)\b.*$", "", " ".join(m["name"].split()))
        if not NOT_A_PERSON.search(name) and plausible_party(name):
            return [locate(text, name, m.start("name")) or Span(m.start("name"), m.end("name"), name)]
    return []


def individual_signers(text: str) -> list[Span]:
    """People who sign for themselves ("/s/ Jane Doe" with no "By:" and no office below): in an
    employment or personal agreement that person is a party."""
    labelled = role_label_signer(text)
    if labelled:
        return labelled
    if not _PERSONAL_AGREEMENT.search(text[:6000]):
        return []
    spans = []
    for m in _SIGNED_LINE.finditer(text):
        if m["by"]:
            continue
        # the line below (or, when it repeats the name, the one after) would hold an office
        below = [line.strip() for line in text[m.end():m.end() + 200].splitlines() if line.strip()][:2]
        if below and below[0].lower() == m["name"].lower():
            below = below[1:]
        if below and _OFFICE_WORDS.search(below[0].split("/s/")[0]):
            continue
        name = _clean_name(m["name"])          # a name printed twice on the line is one name
        spans.append(Span(m.start("name"), m.start("name") + len(name), name))
        break
    return spans


def party_key(name: str) -> str:
    """normalize_name without single-letter initials: "Jack D. Crusa" and "Jack Crusa" are one person."""
    return " ".join(w for w in normalize_name(name).split() if len(w) > 1) or normalize_name(name)


_SALUTATION = re.compile(r"^\s*Dear\s+(?P<whom>[^:\n]{2,120}):?\s*$", re.MULTILINE)
_HEADER_LINE = re.compile(r"^(?:RELEASED\s+UNDER|FOR\s+OFFICIAL\s+USE|UNCLASSIFIED|DRAFT|PRE-DECISIONAL|Page\s+\d)", re.IGNORECASE)
_DEPARTMENT_HEAD = re.compile(r"^(?:U\.S\.\s+|United\s+States\s+)?Department\s+of\s+[A-Z][\w ]+$")


def letterhead_parties(text: str) -> list[Span]:
    """Letters: the sender's letterhead (its component, not the department heading above it) and the
    addressee's organisation. Only lines the letter's body names again are kept."""
    salutation = _SALUTATION.search(text[:3000])
    if not salutation:
        return []
    whom = " ".join(salutation["whom"].split()).lower()
    body = " ".join(text[salutation.end():salutation.end() + 4000].split()).lower()
    lines, position = [], 0
    for raw in text[:salutation.start()].splitlines(keepends=True):
        stripped = raw.strip()
        if stripped and not _HEADER_LINE.match(stripped) and not stripped.isupper() and not is_date_line(stripped):
            lines.append((position + raw.find(stripped), stripped))
        position += len(raw)
    spans = []
    for i, (offset, line) in enumerate(lines):
        if line.lower().rstrip(",:") == whom or re.match(r"^(?:Attn|Attention|Re)\b", line, re.IGNORECASE):
            continue
        if _DEPARTMENT_HEAD.match(line) and i + 1 < len(lines) and lines[i + 1][1].lower() in body:
            continue          # "U.S. Department of Homeland Security" above the component that writes
        if len(line.split()) > 14 or not re.match(r"[A-Z]", line) or line.lower() not in body or not plausible_party(line):
            continue
        spans.append(Span(offset, offset + len(line), line))
    return spans


def merge_parties(*groups: list[Span]) -> list[Span]:
    """One span per organisation, earlier groups first: a name already found under its acronym, its
    full name or an OCR-garbled spelling is not added again."""
    seen: dict[str, Span] = {}
    for group in groups:
        for span in group:
            key = party_key(span.text)
            if not key or key in seen:
                continue
            # a name cut short earlier ("Acquisitions, LLC") gives way to its whole ("Lone Star Acquisitions, LLC")
            shorter = next((k for k in seen if len(k) > 3 and key.endswith(f" {k}")
                            and not re.search(r"\b(?:and|the|of|or)\b", key[:-len(k)])), None)
            if shorter is not None:
                seen = {(key if k == shorter else k): (span if k == shorter else kept) for k, kept in seen.items()}
                continue
            if any(f" {key} " in f" {k} " or f" {k} " in f" {key} " for k in seen if len(k) > 3 and len(key) > 3):
                continue         # "Palm" and "PalmSource" are two companies; "Immigration and Customs Enforcement" is ICE
            twin = next((k for k, kept in seen.items() if same_organisation(kept.text, span.text)), None)
            if twin is not None:
                # keep the fuller spelling: "ICE" gives way to "U.S. Immigration and Customs Enforcement"
                if len(span.text) > len(seen[twin].text) and " " in span.text:
                    del seen[twin]
                    seen[key] = span
                continue
            seen[key] = span
    return [span for span in seen.values() if not _is_fragment(span.text)]


# a local office named without its place is a fragment of a name ("Sheriff's Office" without its county)
_PLACELESS_OFFICE = re.compile(r"^(?:the\s+)?(?:Sheriff[’']?s?\s+(?:Office|Department)|Office\s+of\s+the\s+Sheriff|"
                               r"Police\s+Department|County|City|State|Department|Agency|Office)$", re.IGNORECASE)


def _is_fragment(name: str) -> bool:
    return bool(_PLACELESS_OFFICE.match(name.strip()))


def complete_office(text: str, name: str) -> str:
    """'Sheriff's Office' -> 'Harris County Sheriff's Office' when the text names the county with it."""
    if not _PLACELESS_OFFICE.match(name.strip()):
        return name
    office = re.escape(re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)).replace(r"\ ", r"\s+").replace("’", "['’]").replace("'", "['’]")
    m = re.search(rf"\b((?:[A-Z][\w.'’-]+\s+){{1,3}}(?:County|Parish|City|Borough))\s+{office}", text)
    return " ".join(m.group(0).split()) if m else name


_POSSESSIVE = re.compile(r"^(?P<parent>.+)['’]s\s+(?P<child>[A-Z].+)$")
_LOCAL_OFFICE = re.compile(r"^(?P<parent>(?:[A-Z][\w.'’-]+\s+){1,3}(?:County|Parish|City|Borough))\s+"
                           r"(?:Sheriff|Police|Jail|Detention|Corrections|Constable|Marshal)", re.IGNORECASE)


def parent_of(name: str, text: str) -> str | None:
    """The organisation the party belongs to, where the text says so: a possessive chain ("the
    Department of Justice's Federal Bureau of Investigation" -> Department of Justice), a county's
    sheriff's office, "<Department>, <component>" or "<component>, a component of <Department>"."""
    clean = " ".join(name.split())
    m = _LOCAL_OFFICE.match(clean) or _POSSESSIVE.match(clean)
    if m:
        return m["parent"].strip()
    pattern = r"\s+".join(re.escape(w) for w in clean.split())
    m = re.search(rf"(?P<department>(?:U\.\s?S\.\s+|United\s+States\s+)?(?:Department|Ministry)\s+of\s+(?:[A-Z]\w*\s+(?:and\s+)?)"
                  rf"{{0,3}}[A-Z]\w*)\s*(?:\([A-Z]{{2,6}}\)\s*)?,\s+(?:the\s+)?{pattern}", text)
    if m:
        return " ".join(m["department"].split())
    m = re.search(rf"{pattern}\s*(?:\([A-Z]{{2,6}}\))?\s*,?\s+(?:a|an|the)\s+(?:component|agency|bureau|office|division)\s+"
                  rf"(?:of|within)\s+(?:the\s+)?(?P<parent>(?:U\.\s?S\.\s+)?[A-Z][\w.]*(?:\s+(?:of|and|[A-Z][\w.]*)){{1,6}})", text)
    if m:
        return " ".join(m["parent"].split()).rstrip(".,")
    return None


def kind_of(name: str) -> str | None:
    """The party's kind (DHS component, other federal, state, local, tribal, foreign, company, union),
    from the one classifier of organisations in corpus. None = not known."""
    kind = party_kind(name)
    return None if kind == "unknown" else kind


_DOCUMENT_WORDS = re.compile(r"\b(?:AGREEMENT|COVENANT|ASSIGNMENT|CONFIDENTIALITY|NON-?DISCLOSURE|NON-?COMPETITION|"
                             r"NON-?SOLICITATION|COMPETITION|SECRETS|RELEASE|EMPLOYMENT)\b", re.IGNORECASE)
_TITLE_STOP = re.compile(r"^(?:REGARDING|CONCERNING|FOR\b|ON\b|287\s?\(G\)|TO\s+(?:ESTABLISH|PROVIDE))", re.IGNORECASE)


def title_parties(text: str) -> list[Span]:
    """'... / BETWEEN / A / AND / B / REGARDING ...' title blocks split the parties by line, which is
    safer than splitting a sentence on 'and' ('U.S. Customs and Border Protection'). Long names wrap
    onto the next title line ('... HOMELAND SECURITY' / 'INVESTIGATIONS'), so the lines between two
    AND lines are read as one name; a block with no AND line ('BETWEEN A AND B', perhaps wrapped) is
    split like a sentence. Only names the body repeats are kept; when a joined name is not repeated,
    its lines are tried one by one ('DEPARTMENT OF HOMELAND SECURITY' / 'IMMIGRATION AND ...')."""
    lines, position = [], 0
    for raw in text.splitlines(keepends=True)[:20]:
        lines.append((position, raw.rstrip("\r\n")))
        position += len(raw)
    segments: list[list[str]] = []     # the title lines between BETWEEN / AND lines
    collecting = False
    body_start = 0
    for offset, line in lines:
        stripped = _TITLE_NOISE.sub("", line.strip())   # OCR specks: "_ THE ROCK HILL ...", "AND ."
        if not stripped or not stripped.isupper():
            if collecting and any(segments):
                break
            continue
        # "ANO": OCR's usual misreading of a lone AND line
        m = re.match(r"^(?:BETWEEN|AND|AMONG|ANO$)\b\s*(?:THE\s+)?(?P<rest>.*)$", stripped)
        if not m and not collecting:
            continue
        if not m and _TITLE_STOP.match(stripped):
            break
        collecting = True
        if m:
            segments.append([])
        rest = stripped[m.start("rest"):] if m else stripped
        if re.search(r"[A-Za-z0-9]{2}", rest):
            segments[-1].append(re.sub(r"\s*\([^)]*\)\s*$", "", rest).strip(" ,"))
        body_start = offset + len(line)
    segments = [lines_ for lines_ in segments if lines_]
    spans = []
    for lines_ in segments:
        joined = " ".join(lines_)
        # several segments: each is one name; a lone segment may hold all of them
        pieces = [joined] if len(segments) > 1 else _split_and(joined)
        found = [_repeated_in_body(text, p, body_start) for p in pieces]
        if not all(found):
            # one-word wrapped tails ("INVESTIGATIONS", "PROTECTION") are never names on their own
            by_line = (_split_and(lines_[0]) if len(segments) == 1 else lines_[:1]) + [
                p for p in lines_[1:] if len(p.split()) > 1]
            found = [_repeated_in_body(text, p, body_start) for p in by_line]
        spans += [span for span in found if span]
    return spans


_TITLE_NOISE = re.compile(r"^[^A-Za-z0-9(]+|[^A-Za-z0-9).]+$")


def _repeated_in_body(text: str, name: str, body_start: int) -> Span | None:
    """The title's name where the body repeats it in the reader's casing; a title line the body
    never repeats is not a party name."""
    name = re.sub(r"^THE\s+", "", name.strip()).strip(" ,")
    if not name or len(name.split()) > 12 or _DOCUMENT_WORDS.search(name):
        return None
    found = re.compile(r"\s+".join(re.escape(w) for w in name.split()), re.IGNORECASE).search(text, body_start)
    if found and found.group(0).upper() != found.group(0):
        return Span(found.start(), found.end(), " ".join(found.group(0).split()))
    return None
