"""Legal authorities cited: U.S.C., C.F.R., Public Laws, statutes by name, directives and
delegation orders. One field per distinct authority (normalized form), evidence = first citation."""
from __future__ import annotations

import re

from corpus.document import Evidence, ExtractedField, Page

# OCR reads a section sign as "$" and puts stray stops, colons or hyphens into abbreviations ("28 C.F-R:", "U.S.C..§")
_SECTION = r"(?:[§$]{1,2}|[Ss]ec(?:tion|s?\.)|[Ss]ections)?\s*"
_STOP = r"[.:,-]{0,2}\s?"
_NUMBER = r"\d+[a-z]?(?:[.-]\d+[a-z]?)*(?:\s?\((?:\d{1,3}|[a-zA-Z]{1,4})\))*"
_LOOKALIKE_L = str.maketrans({"l": "1", "I": "1", "O": "0"})

AUTHORITY_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("usc", re.compile(rf"\b(?P<title>\d{{1,2}})\s+U{_STOP}S{_STOP}C{_STOP}(?:A\.?)?\s*{_SECTION}(?P<section>{_NUMBER})")),
    ("cfr", re.compile(rf"\b(?P<title>\d{{1,2}})\s+C{_STOP}F{_STOP}R{_STOP}\s*(?:{_SECTION}|[Pp]art\s+)(?P<section>{_NUMBER})")),
    ("public_law", re.compile(r"\bP(?:ub(?:lic)?\.?)?\s?L(?:aw|\.)?\s*(?:No\.\s*)?(?P<section>\d{2,3}\s?[-–]\s?\d{1,4})")),
    ("ina", re.compile(r"\b[Ss]ection\s+(?P<section>\d{3}(?:\s?\([a-z0-9]{1,3}\))*)\s+of\s+the\s+Immigration\s+and\s+"
                       r"Nationality\s+Act\b")),
    ("directive", re.compile(r"\b(?:(?P<issuer>DHS|ICE|DOJ|FBI|CBP|USCIS|OMB|Management)\s+)?"
                             r"(?:Directive|Instruction|Memorandum)\s+(?:No\.?\s*|Number\s+)?"
                             r"(?P<section>[A-Z]?-?\d{2,4}[A-Z]?(?:[.-]\d{1,4}[A-Z]?){0,3})\b")),
    ("delegation", re.compile(r"\b(?:(?P<issuer>DHS|ICE|DOJ)\s+)?Delegation\s+(?:Order\s+)?(?:No\.?\s*|Number\s+)?"
                              r"(?P<section>\d{2,5}(?:[.-]\d{1,4}){0,2})\b")),
    ("nist", re.compile(r"\bNIST\s+(?:SP|Special\s+Publication)\s+(?P<section>\d{3}-\d{1,3}[A-Za-z]?)(?:,?\s+Rev(?:ision|\.)?\s*\d)?")),
    ("omb", re.compile(r"\bOMB\s+(?:Circular\s+(?:No\.\s*)?(?P<section>A-\d{2,3})|Memorandum\s+(?P<memo>M-\d{2}-\d{2}))")),
    ("far", re.compile(r"\b(?:FAR|Federal\s+Acquisition\s+Regulation)\s+(?:Subpart|Part|§)?\s*(?P<section>\d{1,2}(?:\.\d{1,4})*)")),
    ("executive_order", re.compile(r"\bExecutive\s+Order[.,]?\s+(?:No\.?\s*)?(?P<section>\d{4,5})\b|\bE\.O\.\s*(?P<section2>\d{4,5})\b")),
    ("named_act", re.compile(r"\b(?P<name>Privacy\s+Act\s+of\s+1974|Freedom\s+of\s+Information\s+Act|"
                             r"Federal\s+Information\s+Security\s+(?:Modernization|Management)\s+Act|"
                             r"Economy\s+Act|Computer\s+Matching\s+and\s+Privacy\s+Protection\s+Act|"
                             r"Homeland\s+Security\s+Act\s+of\s+2002|Immigration\s+and\s+Nationality\s+Act|"
                             r"E-Government\s+Act\s+of\s+2002|Paperwork\s+Reduction\s+Act)\b")),
]


# cheap lower-case substring tests: a pattern only runs on a page that has one of its words
TRIGGERS = {"usc": ("u.s", "usc", "u. s", "u s c"), "cfr": ("c.f", "cfr", "c. f", "c,f", "c:f", "c-f"), "public_law": ("p.l", "pub", "public law", "l. no"),
            "ina": ("nationality",), "directive": ("directive", "instruction", "memorandum"), "delegation": ("delegation",),
            "nist": ("nist",), "omb": ("omb",), "far": ("far ", "acquisition"), "executive_order": ("executive order", "e.o."),
            "named_act": (" act",)}


def _normalize(kind: str, m: re.Match) -> str:
    if kind in ("usc", "cfr"):
        section = re.sub(r"\s+", "", m["section"]).translate(_LOOKALIKE_L)
        section = section.split("(")[0]          # 1357(g)(1) and 1357 are the same authority
        return f"{int(m['title'])} {'U.S.C.' if kind == 'usc' else 'C.F.R.'} § {section}"
    if kind == "public_law":
        return "Pub. L. " + re.sub(r"\s*[-–]\s*", "-", m["section"])
    if kind == "ina":
        return "INA § " + re.sub(r"\s+", "", m["section"])
    if kind == "directive":
        issuer = f"{m['issuer']} " if m["issuer"] else ""
        return f"{issuer}Directive {m['section']}".strip()
    if kind == "delegation":
        return f"{m['issuer'] + ' ' if m['issuer'] else ''}Delegation {m['section']}"
    if kind == "nist":
        return f"NIST SP {m['section']}"
    if kind == "omb":
        return f"OMB Circular {m['section']}" if m["section"] else f"OMB Memorandum {m['memo']}"
    if kind == "far":
        return f"FAR {m['section']}"
    if kind == "executive_order":
        return f"Executive Order {m['section'] or m['section2']}"
    return " ".join(m["name"].split())


def authority_fields(pages: list[Page]) -> list[ExtractedField]:
    seen: dict[str, ExtractedField] = {}
    for page in pages:
        taken: list[tuple[int, int]] = []
        low = page.text.lower()
        for kind, pattern in AUTHORITY_PATTERNS:
            if not any(t in low for t in TRIGGERS[kind]):
                continue
            for m in pattern.finditer(page.text):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                taken.append((m.start(), m.end()))
                key = _normalize(kind, m)
                if key in seen:
                    seen[key].attributes["count"] += 1
                    continue
                seen[key] = ExtractedField("authority", " ".join(m.group(0).split()), key,
                                           Evidence(page.number, m.start(), m.end()), 0.85, "rules:authority",
                                           {"kind": kind, "count": 1})
    return list(seen.values())
