"""Who the agreement is between, read from its sentences: the preamble ("by and between X ... and
Y ...", "The parties to this Agreement are ..."), with each name's defined term ('Kite Pharma, Inc.
("Kite")'); what may be a party's name (plausible_party) and one span per organisation
(merge_parties, in party_merge.py). Headings are read in heading_parties.py, letters and individual signers in
letter_parties.py, names known only by their defined term in defined_term_parties.py, lettered parties sections
in lettered_parties.py, a party's county, parent and kind in party_hierarchy.py."""
from __future__ import annotations

import re

from ingest.metadata.jurisdiction import JURISDICTION_ALTERNATION
from ingest.metadata.names import ORG_SUFFIX_WORDS, listed_companies, normalize_name
from ingest.metadata.party_text import without_underline_runs
from ingest.metadata.spans import Span, locate

_Q = "\"“”'‘’`"
# a short name in quotes ('("Acme")', '(hereinafter called "BII")'), or unquoted after "hereinafter" ("(hereinafter
# IntriCon)"), or an abbreviation ("(ICE)")
DEFINED_TERM = re.compile(rf"\(\s*(?:[^(){_Q}]{{0,120}}?)?(?:(?P<q>[{_Q}]+)|(?<=hereinafter\s)|(?<=called\s)|(?<=referred to as\s))"
                          rf"\s*(?:the\s+)?(?P<term>(?:[A-Z]|[a-z]{{1,2}}(?=[A-Z]))[\w .&,\u00ad-]{{0,40}}?)\s*(?(q)[{_Q}]+[^()]{{0,120}})\)|"
                          r"\(\s*(?!(?i:Pty|Proprietary)\s*\))(?![A-Z][A-Za-z&]{1,13}\s*\)\s*(?:\((?i:Pty|Proprietary)\)\s*)?"
                          r"(?i:Ltd|Limited|Inc|LLC|GmbH|PLC|Corp|Co|Pte|AG)\b)"
                          # "(Pty) Ltd", "(USA) Inc.", "(AFRICA) (PTY) LIMITED", "(ShenZhen) Co., Ltd.": a company's form or name word
                          # an unquoted short name: "(ICE)", "(Reclamation)", "(Treasury)"
                          r"(?P<abbr>[A-Z][A-Za-z&]{1,13})\s*\)")
PREAMBLE = re.compile(r"\b(?:by\s+and\s+between|by\s+and\s+among|between|among|B\sE\sT\sW\sE\sE\sN)\b"   # letter-spaced too
                      # "agreed between the parties", "among other activities": no names follow ("between the
                      # parties hereto: A and B" still names them)
                      r"(?!\s+(?:the\s+)?(?:parties|them|us)\b(?!(?:\s+hereto)?\s*[:,])|\s+others?\b)|^\s*PARTIES\s*:|(?-i:\bPARTIES\s*:)|"
                      # a "PARTIES" caption on a line of its own over the numbered parties (an English layout); a
                      # contents line "PARTIES" has no "(1)" / "1." under it
                      r"(?-i:^[ \t]*PARTIES[ \t]*$)(?=\s*(?:\(\s*1\s*\)|1\.|\(\s*[aA]\s*\))\s)|"
                      # "1. PARTIES. The parties to this Agreement are ...", "is entered into [this 1st day of July, 2020,] by X and Y"
                      r"\b(?:the\s+)?parties\s+to\s+this\s+[\w\s()\"“”'‘’-]{1,60}?\s+are\b|\bentered\s+into\s+(?:(?:on\s+|as\s+of\s+)?(?:this\s+)?[\w ,]{4,40}?\d{4}\s*,?\s+)?by\b(?!\s+and\b)|"
                      # "This Memorandum of Agreement (MOA) is made by A and B": the document's own opening sentence
                      r"\bThis\s+[\w ()\"“”'‘’-]{2,80}?\s+is\s+(?:hereby\s+)?made\s+by\b(?!\s+and\b)",
                      re.IGNORECASE | re.MULTILINE)
# a full stop that ends a sentence, not an initial or an abbreviation
# (nor an address's "Ave." / "Blvd.", nor a list's number at a line's start: "BETWEEN / 1. Acme Corp. ... AND / 2. Widget Ltd ...")
SENTENCE_END = re.compile(r"(?<!\s)(?<!\b[A-Z])(?<!\n\d)(?<!  \d)(?<!\n\d\d)(?<!  \d\d)(?<!\bInc)(?<!\bCo)(?<!\bCorp)(?<!\bLtd)(?<!\bINC)(?<!\bCO)(?<!\bCORP)(?<!\bLTD)(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bNo)"
                          r"(?<!\bSt)(?<!\bAve)(?<!\bBlvd)(?<!\bRd)(?<!\bSte)(?<!\bJr)(?<!\bSr)(?<!\bL\.P)(?<!\bN\.A)(?<!\bU\.S)\.\s*(?:\n|[A-Z][a-z])|"
                          r"\bWHEREAS\b|\bRECITALS?\b|\bW\s?I\s?T\s?N\s?E\s?S\s?S\s?E\s?T\s?H\b|\bBACKGROUND\b")
_NAME_END = re.compile(
                       r",?\s+(?:a|an)\s+(?:[A-Z][a-z]+\s+){0,3}(?:corporation|company|limited|partnership|"
                       r"national|banking|business|general|statutory|public|private|joint|individual|resident|"
                       r"\w+\s+(?:corporation|company|partnership|association|trust|entity))|"
                       r",?\s+(?:having|with\s+(?:its|a)\s+|with\s+(?:(?:its|their)\s+)?(?:principal\s+|registered\s+|head\s+)?offices?\b|whose|located|organi[sz]ed|incorporated|residing|an?\s+individual|"
                       r"on\s+behalf|acting|in\s+respect\s+of|of\s+(?=\d)|d/?b/?a\b|and\s+its\s+(?:affiliates|subsidiaries)|including\s+its|together\s+with|"
                       r"its\s+(?:subsidiaries|affiliates)|c/o|\d\d)|\s+(?:effective|dated)\s+(?:as\s+of|on|from)\b|"
                       # what the agreement is for, not whom: "... Association for the contract period covering ..."
                       r"\s+for\s+(?:the\s+|a\s+|an\s+)?(?-i:[a-z])|\s+(?:regarding|concerning|relating\s+to|pursuant\s+to|under\s+which)\b|"
                       # a bracket ends the name, except a company form or a word of the name written in one before
                       # its suffix: "Acme (Pty) Ltd", "Oakline Capital (International) Limited", "Acme (USA) Inc."
                       # (a region's bracket may stand before the form's: "Systems Products (Africa) (Pty) Limited",
                       # "JingWei Technology (ShenZhen) Co., Ltd.")
                       r"\s*\((?!(?:Pty|Proprietary|[A-Z][A-Za-z]{1,14}(?:\s[A-Z][A-Za-z]{1,14})?)\)\s*(?:\((?:Pty|Proprietary)\)\s*)?"
                       r"(?:Ltd|Limited|Inc|LLC|GmbH|PLC|Corp|Co|Pte|AG|S\.A|B\.V|N\.V)\b)|"
                       r",?\s+(?:a|an)\s+(?:wholly[- ]owned\s+)?(?:subsidiary|division|affiliate)\s+of\b|,\s*(?!(?:Inc|LLC|L\.L\.C|Ltd|Corp|Co|N\.A|L\.P|LLP|PLC|S\.A|AG|GmbH)\b)"
                       # "Troy, New Hampshire Police Department": a town's state, then the office, is one name
                       rf"(?!(?:{JURISDICTION_ALTERNATION})\s+(?:Police|Sheriff|Fire|Department|Board|School|Public|Municipal|City|Town)\b)"
                       # a comma inside a firm's name of partners' names ("Keefe, Bruyette & Woods, Inc.") is followed
                       # by capitalised names joined by "&" that run on to its corporate suffix
                       r"(?!(?-i:[A-Z][\w'’.-]*(?:,?\s+[A-Z][\w'’.-]*){0,3}\s+(?:&|and)\s+[A-Z][\w'’.-]*),?\s+(?:Inc|LLC|L\.L\.C|Ltd|Corp|LLP|L\.P|PLC)\b)"
                       r"(?=[a-z])|$", re.IGNORECASE)
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
               "city", "component", "components", "partner", "partners", "designee", "parties hereto", "member", "members", "user", "users",
               "reseller", "agent", "developer", "client", "producer", "manufacturer", "licensee party", "lender", "borrower",
               "landlord", "tenant", "employer", "professional", "shareholder", "stockholder", "investor", "owner", "operator"}
# an acronym in capitals ("FNS and"), never a short word ("the City and County of Denver" is one body, in capitals too)
_ROLE_PREFIX = re.compile(r"^(?:(?:the\s+)?(?:Company|Disclosing\s+Party|Receiving\s+Party|Parties|(?-i:(?!CITY\s+AND\s+COUNTY\b)[A-Z]{2,5}))\s+and\s+|"
                          r"(?:the\s+)?Board\s+of\s+Directors\s+of\s+)", re.IGNORECASE)
_LEADING_JUNK = re.compile(r"^(?:and|the|by|between|among|with|each\s+of|is\s+entered\s+into|made|dated[^,]*,|"
                           # a party list's numbering: "(1) Acme ...", "2. Widget ...", "(b) ..."
                           r"\(\s*(?:\d{1,2}|[a-h])\s*\)|\d{1,2}\.(?=\s)|"
                           # a label line between the connector and the first name: "by and between: / Parties to this
                           # agreement / ACME (Pty) Ltd ..."
                           r"parties\s+(?:to|of)\s+th(?:is|e)\s+(?:agreement|contract|memorandum|mou|moa)\s*:?\s+(?=[A-Z])|"
                           r"parties(?:\s+hereto)?\s*[:,]\s*(?:namely\s*,?\s*)?|"
                           # "and its Reseller, Fabrikam, Inc.": the role it is named under, before its name
                           r"(?:its|their|our)\s+(?:[A-Z][\w-]*\s+){0,2}[A-Z][\w-]*\s*,|[,;:.\s_\-–—]+)+\s*",
                           re.IGNORECASE)
ORG_LINE = re.compile(rf"^[A-Z0-9][\w.,&'’ -]{{1,80}}\b{ORG_SUFFIX_WORDS}[\s,]*$")   # an address line may end in a comma


# "the Department of the Interior, Bureau of Land Management"; "Department of Agriculture, Forest Service, Ozark
# National Forest": the component named first after its department is the party (a unit within it may follow)
DEPARTMENT_COMPONENT = re.compile(r"(?P<department>(?:U\.\s?S\.\s+|United\s+States\s+)?(?i:Department|Ministry)\s+(?i:of)\s+(?:(?i:the)\s+)?"
                                  r"(?:[A-Z][\w]*\s?(?:(?i:and)\s+)?){1,4}),\s+(?P<component>(?:(?i:the)\s+)?[A-Z][\w.’'& ]{3,90}?)"
                                  r"(?:,\s+[A-Z][\w.’'& ]{3,90})?$")


_DEPARTMENT_ONLY = re.compile(r"^(?:the\s+)?(?:U\.\s?S\.\s+|United\s+States\s+)?(?:Department|Ministry)\s+of\s+[^,]+$", re.IGNORECASE)
# right after a department's acronym, a component's name set off by a comma alone (a list's next item has "the" or
# "and", or is another department)
_COMPONENT_FOLLOWS = re.compile(r"\s*,\s+(?!(?i:the|and|a|an)\s)(?!(?:U\.\s?S\.\s+|United\s+States\s+)?(?i:Department|Ministry|State|City|County)\b)"
                                r"(?:U\.\s?S\.\s+)?[A-Z][\w.&' ]{3,90}?\s*\([A-Z]{2,8}\)")


# what a component's name says it is: a unit of its department ("Bureau of Land Management", "Forest Service"); words
# after a department's comma that name no unit go on naming the department ("Department of Technology, Management
# and Budget", "Department of Labor, Licensing and Regulation")
_UNIT_WORDS = re.compile(r"\b(?:Bureau|Office|Division|Administration|Service|Services|Agency|Cent(?:er|re)s?|Institutes?|"
                         r"Program|Commission|Board|Survey|Patrol|Police|Forests?|Parks?|Corps|Command|Directorate|Unit|"
                         r"Section|Branch|Authority|Council|Library|Archives|Academy|Laborator(?:y|ies)|Mint|Enforcement|"
                         r"Protection|Guard|Marshals?|Prisons|Statistics|Registry)\b", re.IGNORECASE)


def named_component(text: str) -> str:
    """ "the Department of the Interior, Bureau of Land Management" -> "Bureau of Land Management": the component
    a department is named before is the party (parent_of records the department); any other text is itself."""
    component = DEPARTMENT_COMPONENT.search(" ".join(text.split()))
    return component["component"] if component and _UNIT_WORDS.search(component["component"]) else text


def clean_name(raw: str) -> str:
    name = " ".join(raw.split())
    name = _LEADING_JUNK.sub("", name)
    name = _ROLE_PREFIX.sub("", name)
    words = name.split()
    if len(words) >= 4 and len(words) % 2 == 0 and words[:len(words) // 2] == words[len(words) // 2:]:
        name = " ".join(words[:len(words) // 2])       # "Anne Drapeau Anne Drapeau" (signature repeated)
    # "Widget GmbH Binger Strasse 173 Ingelheim", "Acme, Inc. 111 W. Main Ave.": an address written right after the
    # company's name, with no comma or "having its office at" between
    name = re.sub(r"(\b(?:Inc|LLC|L\.L\.C|Ltd|Corp|LLP|PLC|L\.P|N\.A|GmbH|AG|S\.A|B\.V)\.?),?\s+(?:[A-Z][^\s\d]*\s+){0,4}\d.*$",
                  r"\1", name)
    m = _NAME_END.search(name)
    if m and m.start() > 0:
        name = name[:m.start()]
    # "Acme & Company, L.L.C. and the investment funds it advises": the name ends at its corporate suffix
    name = re.sub(r"(\b(?:Inc|LLC|L\.L\.C|Ltd|Corp|LLP|PLC|L\.P|N\.A)\.?)\s+(?:and|or|together|as)\s+(?-i:[a-z]).*$", r"\1", name)
    name = re.sub(r"\s+(?:Signature|Date|Print(?:ed)?\s+Name|By)\s*:?$", "", name)      # a signature block's label
    name = name.strip(" ,;:.|\"“”'")      # "|": an OCR-read rule or column edge
    # the stop of "Inc." / "L.L.C." was stripped with the sentence's punctuation: put it back where the text
    # wrote it ("Acme Ltd" stays as written, never "Acme Ltd.")
    written = " ".join(raw.split())
    stopped = re.search(r"\b(?:Inc|Corp|Co|Ltd|L\.P|N\.A|S\.A|L\.L\.C)$", name, re.IGNORECASE) and f"{name}." in written
    return name + ("." if stopped else "")



# never a party on its own: a corporate suffix, a state, an exhibit number, a placeholder, a date
_NOT_A_PARTY = re.compile(rf"^(?:(?:Inc|LLC|L\.?L\.?C|Corp|Corporation|Co|Company|Ltd|Limited|L\.?P|LLP|PLC|N\.?A)\.?|"
                          rf"(?:Exhibit|Schedule|Annex|Appendix|Attachment)\b.*|X{{3,}}|_+|{JURISDICTION_ALTERNATION}|"
                          # "a Delaware Corporation": where a company is organised, not its name
                          rf"(?:{JURISDICTION_ALTERNATION})\s+(?:(?:limited\s+liability\s+|business\s+|general\s+|public\s+)?(?:corporation|company|partnership))|"
                          # an address line: "4690 Millennium Drive Belcamp"
                          rf"\d+\s+(?:\w+\s+){{0,4}}(?:Drive|Street|St|Road|Rd|Avenue|Ave|Boulevard|Blvd|Lane|Way|Parkway|Suite|Place|Court|Plaza)\b.*|"
                          rf".*\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{{4}}|"
                          # a day and its month with the year cut off ("4 November" of "4 November 2014")
                          rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)|"
                          rf"(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{{1,2}}(?:st|nd|rd|th)?)$",
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
    if re.search(r"\b(?:and|or|of|the|for|on)$", name, re.IGNORECASE) or name.count("(") != name.count(")"):
        return False
    # a colon or a backslash inside a name is OCR noise or a label run into it ('PRIME OFFSHORELT.C. T: Offshore"!'),
    # an opening bracket a defined term's leftover ('(the "Executive")'); never an organisation's name (quotation
    # marks can be: 'Open Joint Stock Company "Vimpel-Communications"')
    if re.search(r"[:\\]", name) or name.startswith("("):
        return False
    if _GENERIC_HEAD.search(name) and not re.search(r"\b(?:of|for)\s", name):   # "Office of Public Information" is one
        return False
    if _SYSTEM_HEAD.search(name) or _CITED_HEAD.search(name):
        return False
    if _PLACEHOLDER.match(name.strip()):
        return False
    words = name.split()
    # "for" and "on" join the words of an agency's name ("Centers for Disease Control", "Commission on Civil
    # Rights"); a name never ends in them
    # "resTORbio", "iShip.com", "Build-A -Bear", "U.S ." (a stray space before a stop) are name words too
    # "Norland Data Group plc", "Widget bv": a corporate suffix in lower case is still part of the name
    # "University of North Carolina at Chapel Hill": a campus joined by "at"
    joining = {"&", "and", "of", "de", "the", "for", "on"} | ({"at"} if re.match(r"(?:The\s+)?University\b", name) else set())
    capitalised = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit() or w in joining
                      or w.strip(".,").lower() in _LOWER_SUFFIXES
                      or not w[:1].isalnum() or (any(c.isupper() for c in w[1:])
                                                 and re.fullmatch(r"[A-Za-z][A-Za-z.]*", w.strip(",.;:"))))
    return len(words) <= 16 and capitalised == len(words)


# a class of organisations or a part of the document, never one party: "Agreement Between Federal Agencies",
# "Order Requirements and Funding Information", "the Participating Parties"
_GENERIC_HEAD = re.compile(r"\b(?:Agencies|Parties|Participants|Signatories|Entities|Requirements|Information|Instructions|"
                           r"Terms|Conditions|Provisions|Section|Sections)\s*$", re.IGNORECASE)
# an interconnection agreement names the systems it joins after the agencies owning them ("the DMVA Veterans Benefits Portal")
# ("the CMS Data Services Hub", "the Georgia Combined DNA Index System", "the Child Welfare Information Solution"; a
# bare "System" may be a university's or a hospital's name)
_SYSTEM_HEAD = re.compile(r"\b(?:Portal|Database|Data\s+Warehouse|Platform|Gateway|Application|Server|Interface|Hub|"
                          r"(?:Information|Index|Management|Records?|Data|Reporting|Tracking|Verification|Exchange)\s+System|"
                          r"Information\s+Solution)\s*$", re.IGNORECASE)
# a law or a document the text cites, never a party: "the Family Educational Rights and Privacy Act", "the Northwest
# Wildland Fire Protection Agreement" (an organisation's name does not end in the kind of a law or a document)
_CITED_HEAD = re.compile(r"\b(?:Act|ACT|Agreement|AGREEMENT|Compact|COMPACT|Memorandum|MEMORANDUM|Treaty|TREATY)\s*$")


# an interconnection or data agreement drafted from a template calls its sides by letter or number ("Organization A",
# "System B", "Agency 1"): a placeholder, never a name (the names are in its table or signature blocks)
_PLACEHOLDER = re.compile(r"^(?:the\s+)?(?:Organi[sz]ation|Agency|System|Party|Participant|Entity|Component)\s+(?:[A-D]|[1-4])$",
                          re.IGNORECASE)


_LOWER_SUFFIXES = {"plc", "inc", "llc", "ltd", "gmbh", "bv", "nv", "ag", "sa", "s.a", "s.p.a", "spa", "asa", "kgaa"}


EACH_A_PARTY = re.compile(r"(?:^|(?<=[.\n]))\s*(?P<chunk>[^.\n]{5,300}?)\s*\(\s*(?:(?:each|individually)\s*,?\s+(?:a|an)\s+[\"“]"
                          r"(?:Party|Participant)|"
                          # the governments of an arrangement named together: "A and B (hereinafter referred to as the
                          # "Participants")"; what its recitals and paragraphs name later are no parties
                          r"(?:hereinafter|collectively)\s+(?:referred\s+to\s+as\s+|called\s+)?(?:the\s+)?[\"“]"
                          r"(?:Parties|Participants|Sides)[\"”]\s*\))", re.IGNORECASE)


_REGION = r"(?-i:(?:[A-Z][\w-]*\s+){0,3}Region\b)"       # "Region VIII", "Upper Colorado Basin Region"


def split_and(segment: str) -> list[str]:
    """'A and the B' / 'A, B, and C' / 'U.S. Customs and Border Protection and X' -> the names."""
    # "the Kingdom of A in respect of X, Y and the Z part of A and the Government of B": the territories a
    # government acts for are no parties of their own
    segment = re.sub(r"\s+in\s+respect\s+of\s+.+?(?=,?\s+and\s+the\s|$)", "", segment, flags=re.IGNORECASE | re.DOTALL)
    if re.search(r"[,;]?\s+and\s+(?=the\s)", segment, re.IGNORECASE):
        # a list "the A, the B, and the C" / "A; the B; and the C": every comma or semicolon before "the"
        # ("the Government of A, Governments of B, the Government of C, and the Government of D": every comma
        # before a capitalised word too, but not the one before a corporate suffix: "Acme, Inc.")
        # nor the one before an agency's region ("the Federal Emergency Management Agency, Region VIII"): a unit of it
        return re.split(r"[,;]?\s+and\s+(?=the\s)|;\s*(?:and\s+)?|,\s+(?=the\s+[A-Z])|"
                        r",\s+(?=(?!(?:Inc|LLC|L\.L\.C|Ltd|Corp|Co|N\.A|L\.P|LLP|PLC)\b)(?!" + _REGION + r")(?-i:[A-Z]))", segment,
                        flags=re.IGNORECASE)
    if re.search(r",\s+and\s+", segment):
        # "the Port of A, the B Fire District, and C County": a comma before "the" and a name starts one too
        return re.split(r",\s+and\s+|;\s*|,\s+(?=the\s+(?-i:[A-Z]))", segment, flags=re.IGNORECASE)
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
    for piece in split_and(head[segment_start:end]):
        listed = companies_listed(piece)      # "Among A CORPORATION, B INC. And C LP, D LLC"
        if listed:
            spans += [s for s in (locate(head, n, segment_start) for n in listed) if s]
            continue
        name = clean_name(piece)
        if not plausible_party(name):
            # a name that ran on past a paragraph break: "Between A, LLC And B LLC" / (blank lines) / "Table of Contents ..."
            name = clean_name(re.split(r"\n[ \t]*\n", piece.strip())[0])
        if plausible_party(name):
            found = locate(head, name, segment_start)
            if found:
                spans.append(found)
    return spans


_APPOSITIVE = re.compile(r"\s*,\s*(?:a|an|the)\s+(?:\w+\s+){0,2}(?:component|agency|bureau|office|division|department|center|"
                         r"subdivision|unit|instrumentality|entity)\s+(?:of|within|in)\s+[^,;()]{3,100}(?=,)", re.IGNORECASE)


# "... has entered into an Amended and Restated Rights Agreement, dated as of June 24, 2008, by and between": the
# connector names the parties of another agreement the text cites, not this one's
_CITED_AGREEMENT = re.compile(r"\b(?:an|that|certain|the|a)\s+(?:(?:[A-Z][\w&-]*|and|of)\s+){0,8}(?:Agreement|Merger|Contract|Plan)"
                              r"(?:\s*\([^)]*\))?,?\s+(?:dated|of\s+even\s+date|entered\s+into)\b[^.;]{0,120}$")


# where the operative clauses begin: the preamble (and the parties it names) is above
OPERATIVE_START = re.compile(r"\bagree[sd]?\s+as\s+follows\b|\bNOW,?\s+THEREFORE\b")
_NAMES_PARTIES = re.compile(r"\s*(?:PARTIES|(?:the\s+)?parties\s+to\s+this|entered\s+into\s+by)", re.IGNORECASE)


# "... refers the Ministry to the Agreement between ...", "pursuant to the Agreement among ...": another agreement, by name
_REFERRED_AGREEMENT = re.compile(r"\b(?:to|of|under|in|with|amends?|amending|supplements?|supplementing)\s+the\s+"
                                 r"(?:(?:[A-Z][\w&-]*|and|of)\s+){0,8}(?:Agreement|Convention|Treaty|Contract|Memorandum)\s*$")


def _cites_another_agreement(head: str, position: int) -> bool:
    before = head[max(0, position - 200):position]
    sentence = re.split(r"\.\s+(?=[A-Z])|\n\s*\n", before)[-1]
    if _REFERRED_AGREEMENT.search(sentence):
        return True
    cited = _CITED_AGREEMENT.search(sentence)
    # "This is an Agreement, entered into on ... by and among": this agreement, not a cited one
    return bool(cited) and not re.search(r"\b(?:This|THIS|It)\s+(?:is\s+)?$", sentence[:cited.start()])


def preamble_parties(text: str, limit: int = 4000) -> list[Span]:
    """Parties named in the opening 'between X and Y' sentence, with their offsets."""
    head = text[:limit]
    # a "PARTIES:" label stands on an upper-case line of its own; other connectors there are a title's
    operative = OPERATIVE_START.search(head)
    candidates = [m for m in PREAMBLE.finditer(head) if (not _in_title_line(head, m.start())
                  or m.group(0).strip().startswith(("PARTIES", "B E T"))) and not _cites_another_agreement(head, m.start())
                  # past the preamble, "between" joins things the clauses relate; only a parties clause names parties
                  and (operative is None or m.start() < operative.start() or _NAMES_PARTIES.match(m.group(0)))]
    m = candidates[0] if candidates else None
    each = EACH_A_PARTY.search(head)
    # a sentence whose connector ("entered into by", "between") comes before "(each a Party)" is read from its
    # connector, with each name's defined term: the words before the connector name the agreement, not a party
    if each and (m is None or each.start() < m.start()) and not (m is not None and m.start() < each.end("chunk")):
        spans = _segment_spans(head, each.start("chunk"), each.end("chunk"))
        if spans:
            return spans
    if not m:
        return []
    spans = _between_sentence_parties(head, m)
    if len(spans) == 1:
        # a cover line ("... AGREEMENT Between ACME CO., LTD. And ...") that yields one name before the preamble
        # proper: the next "between" sentence that names that very party (not one sharing a word) and others
        # names them all
        for later in candidates[1:3]:
            more = _between_sentence_parties(head, later)
            if len(more) > 1 and any(normalize_name(spans[0].text) == normalize_name(s.text) for s in more):
                return more
    return spans


# "X Ltd, a company organized under the laws of Singapore and Y Ltd, a company ... (each and both of them "Buyer")":
# a second company the same chunk describes as the first, before one defined term they share
_DESCRIBED_COMPANY = re.compile(rf"\band\s+(?:the\s+)?(?P<name>(?-i:[A-Z])[^()]{{2,80}}?\b{ORG_SUFFIX_WORDS}),?\s+(?:an?\s+|organi[sz]ed|"
                                r"incorporated|existing|having|with\s+(?:its|a)\s|whose)", re.IGNORECASE)


def _second_companies(chunk: str, first: str) -> list[str]:
    """The further companies a chunk names after its first (each with a corporate suffix and a
    description of its own, as the first has): two parties under one defined term."""
    flat = " ".join(chunk.split())
    after = flat.find(first.rstrip("."))
    if after < 0:
        return []
    if not re.match(r",?\s+(?:an?\s|organi[sz]ed|incorporated|existing|having|with\s|whose)",
                    flat[after + len(first.rstrip(".")):].lstrip("."), re.IGNORECASE):
        # "A Company, and B, Inc., a registered broker dealer (collectively "Servicing Agent")": a list of companies
        return [n for n in companies_listed(flat[after:])[1:] if normalize_name(n) != normalize_name(first)]
    names = [clean_name(m["name"]) for m in _DESCRIBED_COMPANY.finditer(flat, after + len(first))]
    return [n for n in names if plausible_party(n) and normalize_name(n) != normalize_name(first)]


# an agreement's own opening sentence, at a line's start or after a run of spaces (a converted layout): "AGREEMENT made as of ... by and between",
# "This Master Services Agreement is entered into ... between"
_AGREEMENT_OPENING = re.compile(r"(?:^|\n|\s{2,})[ \t]*(?:(?:THIS|This|The|THE)\s+)?(?:[A-Z][\w&-]*\s+){0,6}?"
                                r"(?:AGREEMENT|Agreement|MEMORANDUM|Memorandum|CONTRACT|Contract)\b(?:\s*\([^()]{0,40}\))?,?\s+"
                                r"(?:is\s+|was\s+)?(?:hereby\s+)?(?:made|entered\s+into|executed|dated)\b"
                                r"(?:[^.]|\.(?!\s+[A-Z][a-z])){0,300}?\b(?P<connector>by\s+and\s+between|by\s+and\s+among|between|among)\b")


def opening_page_parties(pages: list[str]) -> tuple[int, list[Span]]:
    """Where the head of the first page names no parties (a cover, then a table of contents), the
    parties of the agreement's own opening sentence further on: in the first 20,000 characters of the
    first page (a text file is one page) or at the head of a later page up to the eighth. (index of
    that page, spans in its text), or (-1, []) when no opening sentence there names two parties."""
    for index, page in enumerate(pages[:8]):
        head = without_underline_runs(page[:20000 if index == 0 else 4000])
        for opening in _AGREEMENT_OPENING.finditer(head):
            connector = PREAMBLE.search(head, opening.start("connector"))
            if connector is None or _cites_another_agreement(head, connector.start()):
                continue
            spans = _between_sentence_parties(head, connector)
            if len(spans) >= 2:
                return index, spans
    return -1, []


def _between_sentence_parties(head: str, m: re.Match) -> list[Span]:
    """The parties one "between X and Y" sentence names, from its connector m to the sentence's end."""
    # the sentence: up to a full stop followed by a new sentence/heading, or WHEREAS/RECITALS
    s = SENTENCE_END.search(head, m.end())
    end = s.start() if s else min(len(head), m.end() + 700)
    segment_start = m.end()
    spans: list[Span] = []
    cursor = segment_start
    terms = [t for t in DEFINED_TERM.finditer(head, segment_start, end)]
    if terms:
        owner_before = False
        for t in terms:
            chunk = head[cursor:t.start()]
            cursor = t.end()
            term = normalize_name(t["term"] or t["abbr"])
            if re.search(r"\w['’]s\s*$", chunk):
                # "the Department of Homeland Security's (DHS) U.S. Citizenship and Immigration Services (USCIS)": the
                # acronym is the owner's; the party is the component named after it (parent_of records the owner)
                owner_before = True
                continue
            if term in {"agreement", "effective date", "moa", "mou", "nda"} and not chunk.strip(" ,"):
                continue
            if term in {"parties", "participants"}:
                spans += _segment_spans(head, t.start() - len(chunk), t.start())
                continue
            if ";" in chunk and not spans:
                # "by the Department of A's Bureau B; the Department of C's Office D; and the E (E)": a list
                # whose last name alone is defined; each of its names is a party
                listed = _segment_spans(head, t.start() - len(chunk), t.start())
                # names of two words or more, no numbers: never an address's pieces ("1 Main St.; Boston; MA")
                if len(listed) >= 2 and all(len(x.text.split()) >= 2 and not re.search(r"\d", x.text) for x in listed):
                    spans += listed
                    continue
            # 'the Indian Health Service ("IHS"), an agency of the U.S. Department of Health and Human Services, and the
            # X ("X")': the appositive after the last party says where it sits; the next party follows it
            appositive = _APPOSITIVE.match(chunk) if spans else None
            chunk = chunk[appositive.end():] if appositive else chunk
            # "the National Aeronautics and Space Administration (NASA) Goddard Space Flight Center and the National
            # Oceanic and Atmospheric Administration (NOAA)": words run on after the last acronym name a unit of the
            # party before it; the term defines the name after "and"
            run_on = _RUN_ON_AFTER_TERM.match(chunk) if spans and not owner_before else None
            chunk = chunk[run_on.start("next"):] if run_on else chunk
            owner_before = False
            # "the U.S. Department of Homeland Security, U.S. Immigration and Customs Enforcement (ICE)":
            # the component is the party (its department is recorded as its parent, see parent_of)
            name = clean_name(named_component(chunk))
            if _DEPARTMENT_ONLY.match(name) and _COMPONENT_FOLLOWS.match(head, t.end()):
                # "the U.S. Department of Homeland Security (DHS), U.S. Citizenship and Immigration Services (USCIS)":
                # the department is named for its component, which is the party (as without the acronym above)
                continue
            if not plausible_party(name):
                # "... with offices at 100 Front Street, Springfield 01608 and Widget, Inc., a Delaware corporation",
                # "and a joint venture comprised of Widget, Inc. ("Widget")", "...; Widget, Inc. ("Widget"), a ...; and"
                name = next((n for n in (clean_name(chunk[a.end():]) for a in re.finditer(r"(?:\b(?i:and:?|(?:comprised|composed|consisting)\s+of)|;)\s+(?:(?i:the)\s+)?(?=[A-Z\d(]|[a-z]{1,3}[A-Z])", chunk))
                             if plausible_party(n)), name)
            if plausible_party(name) and term not in {"agreement", "effective date", "moa", "mou", "moc", "nda"}:
                # "Tamarack Gold Mines, Inc. Cobalt Ridge Mining Company (the "Company")": two companies run together
                first, *others = companies_listed(name) or [name]
                found = locate(head, first, t.start() - len(chunk) - 1)
                if found:
                    spans.append(found)
                    spans += [s for s in (locate(head, other, found.end) for other in others + _second_companies(chunk, name)) if s]
        # "CBP (CBP), a component of the Department of Homeland Security, and the X": the appositive
        # says where the party sits (see parent_of); the next party follows it
        appositive = _APPOSITIVE.match(head, cursor, end)
        cursor = appositive.end() if appositive else cursor
        tail = head[cursor:end]
        if spans and re.match(r"\s*[,;]?\s*(?:and\s|the\s+[A-Z])", tail):
            spans += _segment_spans(head, cursor, end)
        if spans:
            return spans
    return _segment_spans(head, segment_start, end)[:6]


# a chunk that goes straight on from the term before it (no comma, no "and" first), then "and (the)" and a name
_RUN_ON_AFTER_TERM = re.compile(r"[ \t]+(?-i:[A-Z])[^,;()\n]{2,80}?\s+and\s+(?:the\s+)?(?P<next>(?-i:[A-Z])[^,;()]*)$")


# a heading line holding only its connector: "BETWEEN THE", "and"; or a preamble's, set on a line of its own with a
# colon ("THIS AGREEMENT made ... / BETWEEN: / ACME INC., a company ... / AND: / ...", a Commonwealth layout)
HEADING_CONNECTOR = re.compile(r"^(?:BY\s+AND\s+BETWEEN|BETWEEN|AMONG|AND)(?:\s+THE)?\s*:?\s*$", re.IGNORECASE)


def _in_title_line(text: str, position: int) -> bool:
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    if HEADING_CONNECTOR.match(line.strip()) and line_end >= 0:
        # a "BETWEEN" standing on its own line is a heading's when upper-case names follow (title_parties reads
        # them); above a party described in a sentence ("1. Acme Inc., a Delaware corporation ("Acme"), having
        # ...") it begins the preamble
        following = next((ln.strip() for ln in text[line_end:line_end + 400].split("\n") if ln.strip()), "")
        return not re.search(r",?\s+(?:a|an)\s+(?:[\w-]+\s+){0,4}(?:corporation|company|partnership)\b|\(\s*(?:the\s+)?[\"“]",
                             following, re.IGNORECASE)
    # an upper-case title line
    return line.isupper() and len(line) < 200


def companies_listed(text: str) -> list[str]:
    """'WYZZ, Inc. and WYZZ Licensee, Inc.', 'A Inc., B Ltd., and C LLC' -> each company (after the first, only a
    name that ends in a corporate suffix: "Acme Company, Springfield, Illinois" lists no second one); [] where
    the text lists fewer than two."""
    names = [clean_name(piece) for piece in listed_companies(" ".join(text.split()))]
    names = [n for i, n in enumerate(names) if plausible_party(n) and (i == 0 or re.search(rf"\b{ORG_SUFFIX_WORDS}$", n, re.IGNORECASE))]
    return names if len(names) > 1 else []
