"""One span per organisation (merge_parties): the parties every reader found, merged where two names are one
organisation (an acronym and its full name, an OCR-garbled and a clean spelling, a name cut short and its whole), a
name cut where it ran into clause text (without_clause), and the key a party is compared by (party_key)."""
from __future__ import annotations

import re

from ingest.metadata.names import normalize_name, same_organisation
from ingest.metadata.party_hierarchy import complete_span, is_fragment
from ingest.metadata.spans import Span


# where a name read off a garbled page runs on into the clause after it: "Calhoun County Sheriffs
# Office (CCSO). pursuant to which ICE delegates to"
# (a corporate suffix written in lower case is the name's own: "BorrowMoney.com, inc")
_CLAUSE_AFTER_NAME = re.compile(r"(?:\s*\([A-Z]{2,8}\))?\s*[.;,]\s+(?!(?:inc|llc|ltd|corp|co|plc)\b\.?$)(?-i:[a-z]).*$|(?:\s*\([A-Z]{2,8}\))?\s+(?:pursuant|which|"
                                r"whereby|hereinafter|shall|will|who|that|hereby|in\s+accordance)\b.*$", re.DOTALL)


def without_clause(name: str) -> str | None:
    """The organisation's name without the clause text it ran into; None when no name of two
    words or more is left (a fragment is never a party)."""
    name = _CLAUSE_AFTER_NAME.sub("", " ".join(name.split())).strip(" ,;:.|")
    name = re.sub(r"\s*\([A-Z]{2,8}\)$", "", name)
    return name if len(name.split()) >= 2 else None


def party_key(name: str) -> str:
    """normalize_name without single-letter initials: "Jack D. Crusa" and "Jack Crusa" are one person."""
    return " ".join(w for w in normalize_name(name).split() if len(w) > 1) or normalize_name(name)



_TRAILING_ACRONYM = re.compile(r"\s*\((?!Pty\))[A-Z][A-Za-z&]{1,9}\)$")
_COMPANY_SUFFIX = re.compile(r"\b(?:Inc|LLC|L\.L\.C|Corp|Corporation|Ltd|Limited|LLP|PLC|GmbH|N\.A|L\.?P)\.?$", re.IGNORECASE)


def _two_companies(a: str, b: str) -> bool:
    """The shorter name written whole with its own corporate suffix, the longer adding words after it ("WYZZ, Inc." /
    "WYZZ Licensee, Inc.", "Rowing Association, Inc." / "Rowing Association - Bay Chapter"): a company and its
    sister or chapter. Words before a name ("Larger Holder and Rural Widgets, Inc.") are a phrase run into it, not
    another company."""
    (short, short_text), (long, long_text) = sorted(((party_key(a), a), (party_key(b), b)), key=lambda pair: len(pair[0]))
    if not _COMPANY_SUFFIX.search(short_text.strip()) or short == long or not long.startswith(f"{short} "):
        return False
    # a chapter or branch named after a dash, or by its unit word, is an organisation of its own ("Rowing Association
    # - Bay Chapter"); other words run on after a company ('(the "Company")', a heading's) are not
    return bool(_COMPANY_SUFFIX.search(long_text.strip())
                or re.search(r"\s[-–—]\s|\b(?:Chapter|Branch|Division)$", long_text.strip()))


def _within(short: str, long: str) -> bool:
    """The shorter name's words, initials kept, stand whole inside the longer's."""
    return f" {normalize_name(short)} " in f" {normalize_name(long)} "


def merge_parties(*groups: list[Span], text: str = "") -> list[Span]:
    """One span per organisation, earlier groups first: a name already found under its acronym, its
    full name or an OCR-garbled spelling is not added again. A placeless office ("the Sheriff's
    Office") is read where the text names its place, else dropped."""
    seen: dict[str, Span] = {}
    for group in groups:
        for span in group:
            span = complete_span(text, span) if text else span
            if span is not None and _CLAUSE_AFTER_NAME.search(span.text):
                name = without_clause(span.text)
                span = Span(span.start, span.start + len(name), name) if name else None
            if span is None:
                continue
            # "LONE PRAIRIE STUDENT LOAN CORPORATION (LPSLC)": the acronym defined after a name is not part of it
            defined = _TRAILING_ACRONYM.search(span.text)
            if defined and defined.start() > 0:
                span = Span(span.start, span.start + defined.start(), span.text[:defined.start()])
            key = party_key(span.text)
            if not key or key in seen:
                continue
            # a name cut short earlier ("Acquisitions, LLC") gives way to its whole ("Lone Star Acquisitions, LLC")
            # (compared with its initials kept: "U.S. Geological Survey" is not "Wyoming State Geological Survey" cut short)
            shorter = next((k for k in seen if len(k) > 3 and key.endswith(f" {k}") and _within(seen[k].text, span.text)
                            and not re.search(r"\b(?:and|the|of|or)\b", key[:-len(k)])), None)
            if shorter is not None:
                seen = {(key if k == shorter else k): (span if k == shorter else kept) for k, kept in seen.items()}
                continue
            # "Palm" and "PalmSource" are two companies; "Immigration and Customs Enforcement" is ICE; two names each
            # written with its own corporate suffix are two companies ("WYZZ, Inc." and "WYZZ Licensee, Inc.")
            if any((f" {key} " in f" {k} " or f" {k} " in f" {key} ") and not _two_companies(seen[k].text, span.text)
                   and (_within(span.text, seen[k].text) or _within(seen[k].text, span.text))
                   for k in seen if len(k) > 3 and len(key) > 3):
                continue
            twin = next((k for k, kept in seen.items() if same_organisation(kept.text, span.text)
                         and not _two_companies(kept.text, span.text)), None)
            if twin is not None:
                # keep the fuller spelling: "ICE" gives way to "U.S. Immigration and Customs Enforcement"
                if len(span.text) > len(seen[twin].text) and " " in span.text:
                    del seen[twin]
                    seen[key] = span
                continue
            seen[key] = span
    return [span for span in seen.values() if not is_fragment(span.text)]
