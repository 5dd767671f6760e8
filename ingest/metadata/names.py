"""Canonical forms of organisation names, so "Kite Pharma, Inc." and "KITE PHARMA INC" compare equal."""
from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

from ingest.metadata.jurisdiction import JURISDICTION_ALTERNATION

CORPORATE_SUFFIXES = {"inc", "incorporated", "llc", "l l c", "corp", "corporation", "co", "company", "ltd", "limited",
                      "lp", "l p", "llp", "plc", "sa", "ag", "nv", "bv", "gmbh", "pc", "pllc", "asa", "se", "na"}
_SUFFIX_RE = re.compile(r"(?:\s+(?:" + "|".join(sorted((re.escape(s) for s in CORPORATE_SUFFIXES), key=len,
                                                       reverse=True)) + r"))+$")
# a company's legal form written after its name ("Acme, Inc."): the one list the patterns below are made from
LEGAL_FORMS = ("Inc", "Incorporated", "LLC", r"L\.L\.C", "Corp", "Corporation", "Co", "Company", "Ltd", "Limited", r"L\.?P",
               "LLP", "PLC", "plc", r"S\.A", r"A\.G", "AG", r"N\.V", r"B\.V", "GmbH")
# what else ends an organisation's name
_NAME_END_WORDS = ("Trust", "Bank", "Partners", "Group", "Holdings", "Fund", "University")
# a word that ends an organisation's name in running text (used to spot names)
ORG_SUFFIX_WORDS = rf"(?:{'|'.join(LEGAL_FORMS + _NAME_END_WORDS)})\b\.?"
# the same words in a name set in capitals ("INKTOMI CORPORATION", "ACME HOLDINGS, INC."): those not written in
# capitals already
ORG_SUFFIX_CAPITALS = rf"(?:{'|'.join(w.upper() for w in LEGAL_FORMS + _NAME_END_WORDS if w.upper() != w != w.lower())})\b\.?"


def normalize_name(name: str) -> str:
    """lower case, '&' -> 'and', no punctuation, no leading 'the', no corporate suffixes."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = text.lower().replace("&", " and ")
    text = re.sub(r"['’`]s\b", "s", text)
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    text = re.sub(r"^the\s+", "", text)
    previous = None
    while previous != text:
        previous = text
        text = _SUFFIX_RE.sub("", text).strip()
    return text or re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def name_similarity(a: str, b: str) -> float:
    """0..1 similarity of two names after normalisation (token overlap, forgiving OCR slips)."""
    na, nb = normalize_name(a), normalize_name(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    return SequenceMatcher(None, na, nb).ratio()


@lru_cache(maxsize=65536)
def same_party(a: str, b: str) -> bool:
    """Whether two names are one organisation, forgiving OCR slips within words ("Shcritrs Otlice")
    but not a different distinctive word ("Ohio Department ..." vs "Iowa Department ...").
    Cached, as are its difflib word comparisons: the same names and words (ICE, Sheriff, County...)
    meet again and again across a batch."""
    ta, tb = _name_words(a), _name_words(b)
    if not ta or not tb:
        return False
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    return all(any(_similar_word_forms(w, v) for v in long_) for w in short)


# abbreviations agencies print in their own names ("Candia Police Dept.", "Boca Raton Police Svs Dept")
_WORD_ABBREVIATIONS = {"dept": "department", "depts": "departments", "svs": "services", "svcs": "services",
                       "ofc": "office", "govt": "government", "assn": "association", "natl": "national",
                       "intl": "international", "univ": "university", "admin": "administration", "div": "division"}

# the printed abbreviations of each word above: an OCR slip in an abbreviation ("DepL" for "Dept") is
# compared with the abbreviation, since the misread form no longer expands to the full word
_ABBREVIATIONS_OF: dict[str, tuple[str, ...]] = {}
for _short, _full in _WORD_ABBREVIATIONS.items():
    _ABBREVIATIONS_OF[_full] = _ABBREVIATIONS_OF.get(_full, ()) + (_short,)


def _similar_word_forms(a: str, b: str) -> bool:
    """Two words of names, either perhaps misread, the full word also compared by its abbreviations."""
    return (_similar_words(a, b) or any(_similar_words(a, short) for short in _ABBREVIATIONS_OF.get(b, ()))
            or any(_similar_words(short, b) for short in _ABBREVIATIONS_OF.get(a, ())))


@lru_cache(maxsize=65536)
def _name_words(name: str) -> tuple[str, ...]:
    return tuple(_WORD_ABBREVIATIONS.get(w, w) for w in normalize_name(name).split() if len(w) > 1)


@lru_cache(maxsize=262144)
def _similar_words(a: str, b: str) -> bool:
    """One word, perhaps misread: OCR keeps a word's first letter, or swaps glyphs in place ("Otlice" for
    "Office", "rn" for "m") so each differing stretch keeps its length within one character. Two
    different words that share a part ("Keystone" and "Everstone") differ from their first letter by
    a stretch of another length, however alike they look."""
    if a == b:
        return True
    matcher = SequenceMatcher(None, a, b)
    if matcher.ratio() < 0.6:
        return False
    return a[:1] == b[:1] or all(abs((i2 - i1) - (j2 - j1)) <= 1
                                 for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal")


_ACRONYM_SKIP = {"of", "and", "the", "for", "on", "in", "to", "a", "an", "at", "by", "de"}


def acronyms_of(name: str) -> set[str]:
    """The initialisms a full name is known by: "U.S. Immigration and Customs Enforcement" ->
    {"usice", "ice"}; "Department of Homeland Security" -> {"dhs"}. Empty for one-word names."""
    words = [w for w in normalize_name(name).split() if w not in _ACRONYM_SKIP]
    if len(words) < 2:
        return set()
    out = {"".join(w[0] for w in words)}
    for lead in (("u", "s"), ("us",), ("united", "states")):      # the country prefix is often dropped
        if tuple(words[:len(lead)]) == lead and len(words) - len(lead) >= 2:
            out.add("".join(w[0] for w in words[len(lead):]))
    return out


# where one company's name ends and the next begins in a list of companies: its corporate suffix, then "and", ", and",
# a comma or (after its stop) a space, then a capitalised name ("Kimberly Mines, Inc. Shoshone Mining Company") ("Kes 7 Capital Inc., and Bloom Burton & Co. Ltd."; an upper-case cover's
# "SUMITOMO MITSUI BANKING CORPORATION, SMBC NIKKO SECURITIES INC. And ..."); never before a second suffix ("Acme Co.,
# Ltd.") or a description ("Acme Inc., a Delaware corporation")
# ("Citibank, N.A." ends one too; "A.G." does not)
_LIST_FORMS = "|".join(form for form in LEGAL_FORMS if form != r"A\.G") + r"|N\.A"
_SUFFIX_WORD = rf"(?i:{_LIST_FORMS})"
_NEXT_COMPANY = re.compile(rf"\b{_SUFFIX_WORD}\.?(?P<joint>,?\s+(?i:and)\s+|,\s+|(?<=\.)\s+(?=[A-Z][a-z]))(?!{_SUFFIX_WORD}\b)(?=[A-Z])")


def listed_companies(text: str) -> list[str]:
    """'A Inc., B Ltd. and C LLC' -> ['A Inc.', 'B Ltd.', 'C LLC'] (each piece as written; what follows the last
    is left on it); text naming one company -> [text]."""
    pieces, start = [], 0
    for m in _NEXT_COMPANY.finditer(text):
        pieces.append(text[start:m.start("joint")])
        start = m.end("joint")
    return pieces + [text[start:]]


_PLACE_STATE = re.compile(rf",\s+(?:{JURISDICTION_ALTERNATION})\b,?")


def same_organisation(a: str, b: str) -> bool:
    """One organisation under two names: the same normalised name, an OCR slip (same_party), or an
    acronym and its full name ("ICE" = "U.S. Immigration and Customs Enforcement")."""
    na, nb = normalize_name(a), normalize_name(b)
    if not na or not nb:
        return False
    if na == nb:
        return True
    # "Troy, New Hampshire Police" is "Troy Police": the town's state, set off by commas, names no other body
    if normalize_name(_PLACE_STATE.sub("", a)) == normalize_name(_PLACE_STATE.sub("", b)):
        return True
    compact_a, compact_b = na.replace(" ", ""), nb.replace(" ", "")
    if compact_a in acronyms_of(b) or compact_b in acronyms_of(a):
        return True
    if " " not in na or " " not in nb:      # a bare acronym matches only by its letters
        return False
    return same_party(a, b) and abs(len(_name_words(a)) - len(_name_words(b))) <= 1
