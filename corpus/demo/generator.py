"""Plans demo documents: for (seed, index), what the document is and what it says.

Every document is decided from its own random streams (`Random(f"{seed}/{index}/...")`), so any
document can be regenerated on its own: amendments regenerate their parent to cite its title,
parties and date; near-duplicates regenerate the document they copy. The same (seed, index)
gives the same plan in the PDF writer and in the fast text path.

A plan is a `Truth` plus blocks ((kind, text) pairs, see parties.Draft); counts that must match
the text exactly (FOIA codes, PII) are computed from the finished text, not tracked by hand.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import timedelta

from corpus.demo import agreements as A
from corpus.demo import parties as P
from corpus.demo import records as R
from corpus.demo import wording as W
from corpus.demo.dates import SIGNATURE_STYLES, add_years, spell
from corpus.demo.padding import padding_blocks
from corpus.demo.truth import Truth

TYPES = ("mou", "moa", "moc", "loi", "pilot", "isa", "ica", "sla", "iaa", "cmaa", "287g", "other_agreement",
         "directive", "memorandum", "pia", "form", "other_record")
WEIGHTS = (14, 12, 6, 5, 5, 6, 4, 4, 6, 4, 14, 10, 6, 7, 6, 6, 3)
AGREEMENT_TYPES = set(A.LONG)
AMENDABLE = AGREEMENT_TYPES - {"loi"}
FLAG_CODES = tuple(W.RESTRICTED)
PII_CHANCE = {"form": 0.5, "memorandum": 0.25, "pia": 0.2, "other_record": 0.15, "directive": 0.05}
# Position in each block of 60 documents -> (format, forced type): exercises the non-PDF ingest paths.
SPECIAL_FORMATS = {7: ("txt", None), 19: ("docx", None), 31: ("eml", "moa"), 43: ("txt", None),
                   50: ("png", "form"), 55: ("tiff", "memorandum")}

FOIA_CODE = re.compile(r"\(b\)\(\d\)(?:\([A-F]\))?")
SSN = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")
A_NUMBER = re.compile(r"\bA\d{8,9}\b")
DOB = re.compile(r"\bDOB: \d{2}/\d{2}/\d{4}\b")


@dataclass(frozen=True)
class Decision:
    doc_type: str
    variant: str          # base | amendment | near_duplicate
    fmt: str
    scanned: bool
    released: bool
    flags: tuple[str, ...]
    pii: bool
    extra_words: int      # padding for the 1-6 page PDFs


@dataclass
class Plan:
    truth: Truth
    blocks: list[tuple[str, str]]
    font: str             # Times-Roman | Helvetica | Courier
    marking: str | None = None   # handling banner repeated at the top and bottom of each page
    page_numbers: bool = True


def file_name(index: int, fmt: str) -> str:
    return f"doc-{index + 1:05d}.{fmt}"


def decide(seed: int, index: int) -> Decision:
    rng = random.Random(f"{seed}/{index}/decide")
    fmt, forced = SPECIAL_FORMATS.get(index % 60, ("pdf", None))
    if index < len(TYPES):
        doc_type = _type_block(seed, -1)[index]  # the first 17 documents cover every type once
    else:
        block, position = divmod(index - len(TYPES), sum(WEIGHTS))
        doc_type = _type_block(seed, block)[position]
    doc_type = forced or doc_type
    roll = rng.random()
    variant = "base"
    if index >= 20 and fmt == "pdf" and doc_type in AMENDABLE:
        variant = "amendment" if roll < 0.10 else "near_duplicate" if roll < 0.16 else "base"
    scanned = fmt in {"png", "tiff"} or (fmt == "pdf" and rng.random() < 0.33)
    released = rng.random() < 0.35
    flags = tuple(sorted(rng.sample(FLAG_CODES, rng.choice((1, 1, 2))))) if rng.random() < 0.18 else ()
    pii = rng.random() < PII_CHANCE.get(doc_type, 0.0)
    extra = 0 if fmt in {"png", "tiff"} else rng.choice((0, 0, 150, 300, 600, 900, 1200, 1500))
    return Decision(doc_type, variant, fmt, scanned, released, flags, pii, extra)


@lru_cache(maxsize=64)
def _type_block(seed: int, block: int) -> tuple[str, ...]:
    """A shuffled block holding each type `weight` times: type shares hold exactly in every block of
    113 documents (block -1: each type once), while each document can still be decided on its own."""
    order = list(TYPES) if block < 0 else [t for t, w in zip(TYPES, WEIGHTS) for _ in range(w)]
    random.Random(f"{seed}/types/{block}").shuffle(order)
    return tuple(order)


def _find_parent(seed: int, index: int, rng: random.Random) -> int | None:
    """An earlier base agreement to amend or copy (searching backwards from a random start)."""
    start = rng.randrange(max(0, index - 300), index)
    for j in range(start, max(-1, start - 80), -1):
        dj = decide(seed, j)
        if dj.variant == "base" and dj.doc_type in AMENDABLE and dj.fmt == "pdf":
            return j
    return None


def _compose(seed: int, index: int, dec: Decision, words: int | None, signed: bool = True) -> tuple[P.Draft, dict]:
    """Write the base document of (seed, index) with its own content stream."""
    rng = random.Random(f"{seed}/{index}/content")
    d = P.Draft(rng, released=dec.released)
    flags = list(dec.flags)
    if dec.doc_type in AGREEMENT_TYPES:
        info = A.build_agreement(rng, dec.doc_type, d, flags)
    elif dec.doc_type == "other_agreement":
        info = R.build_contract(rng, d, flags)
    else:
        info = R.build_related(rng, dec.doc_type, d, flags, dec.pii)
    if dec.pii and dec.doc_type in AGREEMENT_TYPES | {"other_agreement"}:
        d.section("Attachment - Example Record", *R.pii_lines(rng))
    _pad(d, rng, dec.extra_words if words is None else _length(seed, index, words) - _count_words(d.blocks),
         info.get("subject"), info.get("letter", False))
    info["signed_dates"] = []
    if dec.doc_type in AGREEMENT_TYPES or dec.doc_type == "other_agreement":
        info["block_style"] = rng.randrange(3)
        info["signed_dates"] = A.sign(d, info, signed, rng)
    return d, info


def _length(seed: int, index: int, words: int) -> int:
    """The padded length of one document: `words` +-25%, so lengths vary as real ones do."""
    return int(words * random.Random(f"{seed}/{index}/length").uniform(0.75, 1.25))


def _count_words(blocks) -> int:
    return sum(text.count(" ") + 1 for _kind, text in blocks)


def _pad(d: P.Draft, rng: random.Random, words: int, topic: str | None, letter: bool = False) -> None:
    """Insert extra clauses before the signatures (in a letter: plain paragraphs before the closing line)."""
    if words <= 40:
        return
    at = next((i for i, (kind, _t) in enumerate(d.blocks) if kind == "sig"), len(d.blocks))
    if letter:
        at = len(d.blocks) - 1
    tail = d.blocks[at:]
    del d.blocks[at:]
    for kind, text in padding_blocks(rng, words, topic):
        if kind == "heading" and not letter:
            d.section(text)
        elif kind == "para":
            d.blocks.append(("pad", text))  # "pad": a paragraph known to hold no codes, PII or citations
    d.blocks.extend(tail)


def _amend(seed: int, index: int, dec: Decision, words: int | None) -> tuple[P.Draft, dict, int] | None:
    rng = random.Random(f"{seed}/{index}/content")
    parent = _find_parent(seed, index, rng)
    if parent is None:
        return None
    pdec = decide(seed, parent)
    _pd, pinfo = _compose(seed, parent, pdec, 0)
    d = P.Draft(rng, released=dec.released)
    t = pdec.doc_type
    number = rng.randrange(1, 4)
    heading = rng.choice((f"AMENDMENT NO. {number}", f"MODIFICATION {number:03d}", f"AMENDMENT {number}"))
    d.title(heading, "TO THE")
    d.title(*pinfo["title_lines"])
    parent_date = spell(pinfo["effective"], rng.choice(("long", "numeric", "ordinal")))
    a, b = pinfo["party_objs"]
    long_name = A.LONG[t]
    effective = pinfo["effective"] + timedelta(days=rng.randrange(200, 1100))
    sig_first = effective - timedelta(days=rng.randrange(5, 60))
    sig_dates = sorted([sig_first, sig_first + timedelta(days=rng.randrange(0, 30))])
    if sig_dates[-1] > effective:
        effective = sig_dates[-1]
    d.para(rng.choice((
        f"This {heading.title()} amends the {long_name} between {a.ref} and {b.ref} dated {parent_date} (the \"Original Agreement\"), "
        f"entitled \"{pinfo['title']}\".",
        f"{a.ref[0].upper() + a.ref[1:]} and {b.ref} agree to amend the {long_name} \"{pinfo['title']}\", dated {parent_date}, as follows.",
    )))
    if t == "287g":  # keep the agency's state and program model readable in the amendment too
        where = f"{b.place}, {b.state}" if b.place else b.state
        d.para(f"This amendment concerns the 287(g) {pinfo['model']} of {b.ref} in {where}.")
    d.para(f"This amendment is effective on {spell(effective, 'long')}.")
    n = rng.choice((1, 2, 3, 5))
    if rng.random() < 0.7:
        expiry = add_years(effective, n)
        term = f"until {spell(expiry, 'long')}"
        change = f"The term of the Original Agreement is extended and the agreement shall remain in effect {term}."
    else:
        expiry, term = None, "until terminated by either Party"
        change = f"The Original Agreement shall remain in effect {term} upon ninety (90) days' written notice."
    d.section("Changes", change, rng.choice((
        "The points of contact listed in the Original Agreement are replaced by those designated in writing by each Party.",
        "A new appendix describing updated security controls is added to the Original Agreement.",
        "The reporting requirements are revised to require quarterly rather than annual reports.")))
    d.section("Other Terms", "All other terms and conditions of the Original Agreement remain unchanged and in full force and effect.")
    _pad(d, rng, (_length(seed, index, words) if words else 0) - _count_words(d.blocks), pinfo["subject"])
    people = [P.person(rng, a.titles), P.person(rng, b.titles)]
    info = dict(pinfo, title=f"{heading} TO THE {pinfo['title']}", people=people, sig_dates=sig_dates,
                sig_style=rng.choice(SIGNATURE_STYLES), effective=effective, on_signature=False, term=term,
                expiry=expiry, direction=None, block_style=rng.randrange(3), doc_type=t)
    info["signed_dates"] = A.sign(d, info, True, rng)
    return d, info, parent


def plan_document(seed: int, index: int, words: int | None = None) -> Plan:
    """The plan of document `index`; `words` pads it to about that many words on average (+-25% per
    document; None: the lengths decided for the 1-6 page PDFs)."""
    dec = decide(seed, index)
    parent = near = None
    draft_copy = False
    built = _amend(seed, index, dec, words) if dec.variant == "amendment" else None
    if built:
        d, info, parent = built
        authorities = []
    else:
        source = index
        if dec.variant == "near_duplicate":
            found = _find_parent(seed, index, random.Random(f"{seed}/{index}/content"))
            if found is not None:
                source, near, draft_copy = found, found, True
        sdec = decide(seed, source) if source != index else dec
        d, info = _compose(seed, source, sdec, words, signed=not draft_copy)
        if draft_copy:
            _make_draft(d, random.Random(f"{seed}/{index}/variant"), info.get("term"))
            dec = Decision(sdec.doc_type, dec.variant, dec.fmt, dec.scanned, sdec.released, sdec.flags, sdec.pii, 0)
        authorities = d.authorities
    effective = info["effective"]
    expiry = info["expiry"]
    if draft_copy and info["on_signature"]:
        effective = expiry = None
    look = random.Random(f"{seed}/{index}/font")
    font = look.choice(("Times-Roman", "Times-Roman", "Helvetica", "Courier"))
    marking = look.choices((None, "FOR OFFICIAL USE ONLY", "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
                            "LAW ENFORCEMENT SENSITIVE", "SENSITIVE BUT UNCLASSIFIED"), (55, 15, 15, 8, 7))[0]
    page_numbers = look.random() < 0.7
    truth = Truth(
        file=file_name(index, dec.fmt), doc_type=info.get("doc_type", dec.doc_type), title=info["title"], parties=info["parties"],
        agency=info["agency"], state=info["state"], program_model=info["model"],
        effective_date=effective.isoformat() if effective else None,
        signature_dates=info["signed_dates"], term=info["term"], expiry_date=expiry.isoformat() if expiry else None,
        signatories=[{"name": p.name, "title": p.title} for p in info["people"]], authorities=list(authorities),
        restricted_flags=sorted(d.flags), data_direction=info["direction"], scope=info["scope"],
        parent=file_name(parent, "pdf") if parent is not None else None,
        near_duplicate_of=file_name(near, "pdf") if near is not None else None,
        scanned=dec.scanned, subject=info["subject"],
        document_date=info["document_date"].isoformat() if info.get("document_date") else None,
        format=dec.fmt, released=dec.released, draft=draft_copy)
    count_in_text(truth, d.blocks)
    return Plan(truth, d.blocks, font, marking, page_numbers)


def _make_draft(d: P.Draft, rng: random.Random, keep: str | None) -> None:
    """A draft of the same agreement: DRAFT marking, no signature dates, a few small wording changes."""
    d.blocks.insert(0, ("line", rng.choice(("DRAFT - FOR DISCUSSION PURPOSES ONLY", "DRAFT", "PRE-DECISIONAL DRAFT"))))
    paras = [i for i, (kind, text) in enumerate(d.blocks) if kind == "para" and " shall " in text and (not keep or keep not in text)]
    for i in rng.sample(paras, min(2, len(paras))):
        kind, text = d.blocks[i]
        d.blocks[i] = (kind, text.replace(" shall ", " will ", 1))


def count_in_text(truth: Truth, blocks) -> None:
    """Fill the counted fields (FOIA codes, PII) from the text itself, so they are exact."""
    text = "\n".join(P.plain(t) for k, t in blocks if k != "pad")  # padding is clean by construction (tested)
    codes: dict[str, int] = {}
    for match in FOIA_CODE.findall(text):
        codes[match] = codes.get(match, 0) + 1
    truth.foia_codes = dict(sorted(codes.items()))
    truth.pii_counts = {"ssn": len(SSN.findall(text)), "a_number": len(A_NUMBER.findall(text)), "dob": len(DOB.findall(text))}
