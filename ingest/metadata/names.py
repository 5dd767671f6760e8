"""Canonical forms of organisation names, so "Kite Pharma, Inc." and "KITE PHARMA INC" compare equal."""
from __future__ import annotations

import re
import unicodedata

CORPORATE_SUFFIXES = {"inc", "incorporated", "llc", "l l c", "corp", "corporation", "co", "company", "ltd", "limited",
                      "lp", "l p", "llp", "plc", "sa", "ag", "nv", "bv", "gmbh", "pc", "pllc", "asa", "se", "na"}
_SUFFIX_RE = re.compile(r"(?:\s+(?:" + "|".join(sorted((re.escape(s) for s in CORPORATE_SUFFIXES), key=len,
                                                       reverse=True)) + r"))+$")
# a word that ends an organisation's name in running text (used to spot names)
ORG_SUFFIX_WORDS = r"(?:Inc|Incorporated|LLC|L\.L\.C|Corp|Corporation|Co|Company|Ltd|Limited|L\.?P|LLP|PLC|plc|S\.A|A\.G|AG|N\.V|B\.V|GmbH|Trust|Bank|Partners|Group|Holdings|Fund|University)\b\.?"


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
    from difflib import SequenceMatcher
    na, nb = normalize_name(a), normalize_name(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    return SequenceMatcher(None, na, nb).ratio()


def same_party(a: str, b: str) -> bool:
    """Whether two names are one organisation, forgiving OCR slips within words ("Shcritrs Otlice")
    but not a different distinctive word ("Ohio Department ..." vs "Iowa Department ...")."""
    from difflib import SequenceMatcher
    ta = [w for w in normalize_name(a).split() if len(w) > 1]
    tb = [w for w in normalize_name(b).split() if len(w) > 1]
    if not ta or not tb:
        return False
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    matched = sum(1 for w in short if any(w == v or SequenceMatcher(None, w, v).ratio() >= 0.6 for v in long_))
    return matched == len(short)
