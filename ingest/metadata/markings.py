"""Things a records officer must know before release: FOIA exemption stamps, release-restricted
categories and PII indicators. All are counted; PII text itself is never kept or logged."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from corpus.document import Evidence, ExtractedField, Page


@dataclass
class _Tally:
    count: int = 0
    first: Evidence | None = None
    snippet: str = ""
    pages: set[int] = field(default_factory=set)

    def add(self, page: int, start: int, end: int, snippet: str = "") -> None:
        self.count += 1
        self.pages.add(page)
        if self.first is None:
            self.first = Evidence(page, start, end)
            self.snippet = snippet


# --- FOIA exemption codes ------------------------------------------------------------------
# "(b)(6)", "(b) (6)", "(b)(7)(C)", "(b)(7)(c)", "b6", "b7C", "(b)(7)c". Not preceded by a word
# character or "§": "8 U.S.C. § 1225(b)(1)" and "Section 2(b)(1)" are citations, not stamps.
# OCR reads "(b)" as "(h)", "(6)" as "(G)"/"(б)", and a round bracket as a curly one ("(b}(6)", "(b){7)(C)");
# those variants are accepted inside stamps (none of them leaves a doubt which code is meant).
_SUB = r"(?P<sub>[A-Fa-f])"
_OPEN, _CLOSE = r"[({]", r"[)}]"
FOIA_CODE = re.compile(
    r"(?<![\w§)\]}.])(?<!§ )(?:"
    rf"{_OPEN}\s?[bh]\s?{_CLOSE}\s?{_OPEN}\s?(?:(?P<seven>7)\s?{_CLOSE}\s?(?:{_OPEN}\s?{_SUB}\s?{_CLOSE}|"
    rf"{_SUB.replace('sub', 'bare_sub')}\b)?|(?P<num>[1-689G])\s?{_CLOSE})"
    r"|\b[bB](?:(?P<seven2>7)(?P<sub2>[A-Fa-f])?|(?P<num2>[1-689]))\b)")
_SHORTHAND_NEXT = re.compile(r"\s?[,;/&]\s?\(\s?(?P<num>[1-9])\s?\)(?:\s?\(\s?(?P<sub>[A-Fa-f])\s?\))?(?!\w)")


def _foia_code(num: str, sub: str | None) -> str | None:
    num = "6" if num == "G" else num
    if num == "7":
        return f"(b)(7)({sub.upper()})" if sub else "(b)(7)"
    return f"(b)({num})"


def foia_fields(pages: list[Page]) -> list[ExtractedField]:
    tallies: dict[str, _Tally] = {}
    for page in pages:
        for m in FOIA_CODE.finditer(page.text):
            code = _foia_code(m["seven"] or m["seven2"] or m["num"] or m["num2"],
                              m["sub"] or m["bare_sub"] or m["sub2"])
            if code:
                tallies.setdefault(code, _Tally()).add(page.number, m.start(), m.end())
            # "(b)(6), (7)(C)": a stamp listing further codes without repeating "(b)"
            position = m.end()
            while extra := _SHORTHAND_NEXT.match(page.text, position):
                code = _foia_code(extra["num"], extra["sub"])
                tallies.setdefault(code, _Tally()).add(page.number, extra.start(), extra.end())
                position = extra.end()
    return [ExtractedField("foia_code", code, code, t.first, 0.9, "rules:foia",
                           {"count": t.count, "pages": sorted(t.pages)})
            for code, t in sorted(tallies.items())]


# --- release-restricted categories ------------------------------------------------------------
RESTRICTED_PATTERNS: dict[str, re.Pattern] = {
    # OCR reads a capital I as "l" or "|" ("Title Ill intercepts"); the words after it still say what is meant
    "title_iii": re.compile(r"\bTitle\s+[Il|]{3}(?![\w|])(?=.{0,120}(?:intercept|wire|oral|electronic|communication))|"
                            r"\bwire\s?taps?\b|\bintercepted\s+(?:wire|oral|electronic)\s+communications?\b|"
                            r"\b18\s+U\.?\s?S\.?\s?C\.?\s*§*\s*25(?:1[0-9]|2[0-2])\b",
                            re.IGNORECASE | re.DOTALL),
    "undercover": re.compile(r"\bundercover\s+(?:operations?|officers?|agents?|activit(?:y|ies)|employees?|"
                             r"investigations?|personnel|identit(?:y|ies))\b", re.IGNORECASE),
    "bank_secrecy_act": re.compile(r"\bBank\s+Secrecy\s+Act\b|\b31\s+U\.?\s?S\.?\s?C\.?\s*§*\s*53(?:1[1-9]|2\d|3[0-2])\b|"
                                   r"\bsuspicious\s+activity\s+reports?\b", re.IGNORECASE),
    "confidential_source": re.compile(r"\bconfidential\s+(?:human\s+)?(?:sources?|informants?)\b|"
                                      r"\bcooperating\s+(?:sources?|witness(?:es)?)\b|\binformant\s+files?\b",
                                      re.IGNORECASE),
    "grand_jury": re.compile(r"\bgrand[\s-]+jury\b|\bRule\s+6\s?\(\s?e\s?\)|\b6\s?\(e\)\s+(?:material|information)",
                             re.IGNORECASE),
    "third_agency": re.compile(r"\bthird[\s-]+(?:agency|party)\s+rule\b|\bthird[\s-]+agency\b", re.IGNORECASE),
    "trade_secret": re.compile(r"\btrade\s+secrets?\b", re.IGNORECASE),
    "asylum": re.compile(r"\basylum\b|\b8\s+C\.?\s?F\.?\s?R\.?\s*§*\s*208\.6\b", re.IGNORECASE),
}


RESTRICTED_TRIGGERS = {"title_iii": ("title iii", "title ill", "title lll", "title |||",
                                     "wire", "intercept", "251", "252"), "undercover": ("undercover",),
                       "bank_secrecy_act": ("bank secrecy", "53", "suspicious"),
                       "confidential_source": ("confidential", "cooperating", "informant"),
                       "grand_jury": ("grand", "6(e)", "6 (e)", "6( e)"), "third_agency": ("third",),
                       "trade_secret": ("trade",), "asylum": ("asylum", "208.6")}


def restricted_fields(pages: list[Page], flag_codes: list[str]) -> list[ExtractedField]:
    out = []
    lowered = {page.number: page.text.lower() for page in pages}
    for code in flag_codes:
        pattern = RESTRICTED_PATTERNS.get(code)
        if pattern is None:
            continue
        tally = _Tally()
        triggers = RESTRICTED_TRIGGERS.get(code, ())
        for page in pages:
            low = lowered[page.number]
            if triggers and not any(t in low for t in triggers):
                continue
            for m in pattern.finditer(page.text):
                tally.add(page.number, m.start(), m.end(), m.group(0))
        if tally.count:
            out.append(ExtractedField("restricted_flag", " ".join(tally.snippet.split()), code, tally.first, 0.8,
                                      "rules:restricted", {"count": tally.count, "pages": sorted(tally.pages)}))
    return out


# --- PII indicators -------------------------------------------------------------------------------
# (kind, pattern, words one of which the page must contain); digit-first patterns scan fast
PII_PATTERNS = [
    ("ssn", re.compile(r"\d{3}-\d{2}-\d{4}(?![\d-])"), None),
    ("ssn", re.compile(r"\b(?:SSN|Social\s+Security\s+(?:No\.?|Number))\s*[:#]?\s*\d{9}\b", re.IGNORECASE),
     ("ssn", "social security")),
    ("a_number", re.compile(r"A[- ]?(?:\d{3}[- ]\d{3}[- ]\d{3}|0?\d{8}|\d{9})\b"), None),
    ("a_number", re.compile(r"\b(?:A-?Number|Alien\s+(?:Registration\s+)?(?:No\.?|Number))\s*[:#]?\s*\d{8,9}\b"),
     ("number", "alien")),
    ("dob", re.compile(r"\b(?:DOB|D\.O\.B\.?|Date\s+of\s+Birth|Birth\s?date)\s*[:#-]?\s*"
                       r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2})",
                       re.IGNORECASE), ("dob", "d.o.b", "birth")),
]


def pii_fields(pages: list[Page]) -> list[ExtractedField]:
    counts: Counter[str] = Counter()
    first: dict[str, Evidence] = {}
    for page in pages:
        low = page.text.lower()
        for kind, pattern, triggers in PII_PATTERNS:
            if triggers and not any(t in low for t in triggers):
                continue
            for m in pattern.finditer(page.text):
                before = page.text[m.start() - 1] if m.start() else " "
                if kind in ("ssn", "a_number") and (before.isalnum() or before == "-"):
                    continue     # the tail of a longer number or word
                counts[kind] += 1
                first.setdefault(kind, Evidence(page.number, m.start(), m.end()))
    # value is the count only: the PII itself never leaves the page text
    return [ExtractedField("pii_count", str(n), kind, first[kind], 0.7, "rules:pii", {"count": n})
            for kind, n in sorted(counts.items())]
