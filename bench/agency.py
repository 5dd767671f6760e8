"""The agency check of bench/ingest.py: on a repository holding the 287(g) agreements, how
many of the 76 documents' text contains the agency named in labels.csv, in four tiers: exact,
lenient (abbreviations, extra words), fuzzy (OCR letter slips) and named (below).

The "named" tier: does the text name the same agency as labels.csv, allowing ONLY these
documented equivalences (each one a way the 287(g) agreements name their own agency
differently from the label):

  E1  a state's postal abbreviation for the state's name: "MS Attorney General's Office" names
      "Mississippi Attorney General's Office";
  E2  after "Sheriff's", Office and Department are the same: "Lexington County Sheriff's
      Department" names "Lexington County Sheriff's Office";
  E3  the generic words (County, City, Town, Village, Department, Office, of, the) may be left
      out or added (at most two between the place and the head, one between place words),
      provided ALL of the label's distinctive place words and its head word (Sheriff's, Police,
      Corrections, Attorney General, Public Safety, Detention, ...) appear together, in order:
      "Pasco Sheriff's Office" names "Pasco County Sheriff's Office". A Sheriff's Office must
      still be followed by Office or Department (E2): "Pasco Sheriff" alone names a person;
  E4  a state's name (or postal abbreviation) may stand between the place and the head word:
      "Troy, New Hampshire Police" names "Troy Police Department".
Words may carry the same OCR letter slips as the fuzzy tier (similar_token).
No file names are used. A label without a recognised head word is never matched here.
"""
from __future__ import annotations

import csv
import operator
import os
import re
import unicodedata
from pathlib import Path
from typing import Callable

from corpus.config import load_config
from corpus.store import Store
from ingest.metadata.jurisdiction import STATE_ABBREVIATIONS

SHARED = Path(os.environ.get("ACCORD_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))


def squash(text: str) -> str:
    """Case, whitespace and punctuation normalised; apostrophes dropped (Sheriff's = Sheriffs)."""
    text = unicodedata.normalize("NFKD", text).lower().replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


ABBREVIATIONS = {"dept": "department", "co": "county", "svs": "services", "ofc": "office", "pd": "police department",
                 "so": "sheriffs office", "dps": "department of public safety"}


def lenient_tokens(text: str) -> list[str]:
    return " ".join(ABBREVIATIONS.get(t, t) for t in squash(text).split()).split()


Similar = Callable[[str, str], bool]


def appears(agency: list[str], text: list[str], same: Similar, slack: int = 3) -> bool:
    """Every word of the agency, in order, within len(agency) + slack words of the text
    (e.g. "Wells Maine Police Department" holds "Wells Police Department"), a text word matching
    an agency word when `same(text_word, agency_word)`: operator.eq for the lenient tier,
    similar_token for the fuzzy tier (OCR letter slips: "Sheriifs", "Wlnkler"). Word order is kept
    in both: in any order, "Sheriff's Department ... Office" on neighbouring lines would count as
    "Sheriff's Office" (seen on the Lexington County agreement), which the document does not say."""
    for start, token in enumerate(text):
        if not same(token, agency[0]):
            continue
        position, window_end = start + 1, min(start + len(agency) + slack, len(text))
        for word in agency[1:]:
            while position < window_end and not same(text[position], word):
                position += 1
            if position >= window_end:
                break
            position += 1
        else:
            return True
    return False


GENERIC_WORDS = {"county", "city", "police", "department", "sheriffs", "sheriff", "office", "of", "the", "and",
                 "state", "public", "safety", "services", "corrections"}


def similar_token(a: str, b: str) -> bool:
    """Equal, or (both 4+ letters) within OCR letter slips: "sheriifs" ~ "sheriffs" (ratio >= 0.8)."""
    from difflib import SequenceMatcher
    return a == b or (min(len(a), len(b)) >= 4 and SequenceMatcher(None, a, b).ratio() >= 0.8)


def miss_reason(agency: list[str], text: list[str]) -> str:
    """Why the agency was not found: its distinctive words (place names) absent altogether
    (handwritten, illegible or simply not written), or present but named differently."""
    distinctive = [w for w in agency if w not in GENERIC_WORDS] or agency
    absent = [w for w in distinctive if not any(similar_token(t, w) for t in text)]
    if absent:
        return f"distinctive word(s) {absent} nowhere in the text (handwritten/illegible or not written)"
    first = distinctive[0]
    contexts = [" ".join(text[max(0, i - 2):i + len(agency) + 1]) for i, t in enumerate(text) if similar_token(t, first)]
    best = max(contexts, key=lambda c: sum(any(similar_token(t, w) for t in c.split()) for w in agency))
    return f"named differently in the text, e.g. \"{best}\""


def document_texts(home: Path) -> tuple[dict[str, str], dict[str, str]]:
    """In one repository: sha256 -> the document's text (pages joined), and sha256 -> the
    file's own properties (a PDF's Title, Subject, Author, Keywords) joined."""
    from sqlalchemy import select

    from corpus.document import FILE_PROPERTY
    from corpus.tables import DocumentRow, FieldRow, PageRow
    store = Store(load_config(home, environ={}), migrate=False)
    texts: dict[str, list[str]] = {}
    properties: dict[str, list[str]] = {}
    with store.session() as session:
        for sha, text in session.execute(select(DocumentRow.sha256, PageRow.text)
                                         .join(PageRow, PageRow.document_id == DocumentRow.id)
                                         .order_by(DocumentRow.id, PageRow.number)):
            texts.setdefault(sha, []).append(text or "")
        for sha, value in session.execute(select(DocumentRow.sha256, FieldRow.value)
                                          .join(FieldRow, FieldRow.document_id == DocumentRow.id)
                                          .where(FieldRow.name == FILE_PROPERTY)):
            properties.setdefault(sha, []).append(value)
    store.dispose()
    return ({sha: " ".join(pages) for sha, pages in texts.items()},
            {sha: " ; ".join(values) for sha, values in properties.items()})


def bench_agency(homes: list[Path]) -> None:
    labels = SHARED / "agreements_287g" / "labels.csv"
    if not homes or not labels.exists():
        print("agency: skipped (give --home of a repository holding ../shared/data/agreements_287g)")
        return
    # a later --home (e.g. documents re-ingested after a fix) replaces an earlier one's text
    texts: dict[str, str] = {}
    source: dict[str, Path] = {}
    properties: dict[str, str] = {}
    for home in homes:
        home_texts, home_properties = document_texts(home)
        for sha, text in home_texts.items():
            texts[sha], source[sha] = text, home
        properties.update(home_properties)
    rows = list(csv.DictReader(labels.open()))
    found = lenient = fuzzy = named = 0
    missing = []
    tier_misses: dict[str, list[str]] = {"exact": [], "lenient": [], "fuzzy": [], "named": []}
    for row in rows:
        raw = texts.get(row["sha256"])
        if raw is None:
            missing.append(f"{row['file']} (not ingested)")
            continue
        strict = f" {squash(row['agency'])} " in f" {squash(raw)} "
        agency, text = lenient_tokens(row["agency"]), lenient_tokens(raw)
        loose = strict or appears(agency, text, operator.eq)
        slips = loose or appears(agency, text, similar_token)
        naming = None if slips else find_named(agency, text, similar_token)
        found += strict
        lenient += loose
        fuzzy += slips
        named += slips or naming is not None
        short = row["file"].rsplit("/", 1)[-1]
        for tier, hit in (("exact", strict), ("lenient", loose), ("fuzzy", slips), ("named", slips or naming)):
            if not hit:
                tier_misses[tier].append(short)
        if not strict:
            if loose:
                how = "found leniently"
            elif slips:
                how = "found with OCR letter slips"
            elif naming:
                how = f"named (documented equivalences) as \"{naming}\""
            else:
                how = "MISSED: " + miss_reason(agency, text)
            where = "" if source[row["sha256"]] == homes[0] else f" [text from {source[row['sha256']]}]"
            missing.append(f"{row['file']} ({row['agency']}; scanned={row['scanned']}){where}: {how}")
    print(f"agency: texts from {', '.join(map(str, homes))} (a later home replaces an earlier one's documents)")
    print(f"agency: {found} of {len(rows)} documents contain the agency from labels.csv exactly "
          f"(case, whitespace, punctuation normalised)   goal >= 74")
    print(f"agency: {lenient} of {len(rows)} with abbreviations expanded (Dept, Co, PD, SO...) and up to 3 "
          f"extra words inside the name")
    print(f"agency: {fuzzy} of {len(rows)} fuzzy: as above, also allowing OCR letter slips (4+ letter words "
          f"at difflib ratio >= 0.8)")
    print(f"agency: {named} of {len(rows)} named: as fuzzy, or the text names the same agency with documented "
          f"equivalences only (bench/agency.py: state abbreviation = state name, Sheriff's Office = "
          f"Sheriff's Department, County/City/Department/Office optional around the place and head words, a state "
          f"name between them; the matched words are printed below)   goal >= 74")
    for tier, files in tier_misses.items():
        print(f"agency: tier {tier:<7} misses {len(files):2d}: {', '.join(files) or '-'}")
    # Not counted in any tier above (they read the text only): the file's own properties.
    by_file = {row["file"].rsplit("/", 1)[-1]: row for row in rows}
    in_properties = [(name, properties[by_file[name]["sha256"]]) for name in tier_misses["named"]
                     if appears(lenient_tokens(by_file[name]["agency"]),
                                lenient_tokens(properties.get(by_file[name]["sha256"], "")), operator.eq)]
    print(f"agency: for information, not counted above: of the {len(tier_misses['named'])} named-tier misses, "
          f"{len(in_properties)} name the agency (lenient tier) in the file's own properties (PDF Title etc.)"
          + "".join(f"; {name}: \"{value}\"" for name, value in in_properties))
    for line in missing:
        print(f"agency:   not exact in {line}")


# --- the named tier ---------------------------------------------------------------------

# the states' names -> postal abbreviations, squashed (the District of Columbia is not a state name here)
STATES = {n.lower(): c.lower() for c, n in STATE_ABBREVIATIONS.items() if c != "DC"}
# head words, longest first; as squashed tokens (apostrophes dropped: Sheriff's -> sheriffs)
HEADS = [("attorney", "generals"), ("attorney", "general"), ("public", "safety"), ("highway", "patrol"),
         ("state", "patrol"), ("financial", "services"), ("sheriffs",), ("sheriff",), ("police",),
         ("corrections",), ("correction",), ("correctional",), ("detention",), ("marshals",), ("marshal",),
         ("constable",), ("jail",)]
GENERIC = {"county", "city", "town", "village", "department", "office", "of", "the"}
SHERIFF = {"sheriffs", "sheriff"}
GENERIC_FILLER_MAX = 2   # generic words added or left out between place and head ("county", "city of")


def split_label(label: list[str]) -> tuple[list[str], tuple[str, ...], list[str]] | None:
    """(distinctive place words, head words, words after the head) of a label, or None. A
    multi-word state name among the place words is one place word ("new hampshire")."""
    for start in range(len(label)):
        for head in HEADS:
            if tuple(label[start:start + len(head)]) == head:
                words = [w for w in label[:start] if w not in GENERIC]
                place: list[str] = []
                while words:
                    if len(words) > 1 and f"{words[0]} {words[1]}" in STATES:
                        place.append(f"{words[0]} {words[1]}")
                        words = words[2:]
                    else:
                        place.append(words.pop(0))
                return place, head, label[start + len(head):]
    return None


def _state_at(text: list[str], i: int) -> int:
    """Length of a state name or postal abbreviation starting at text[i] (0 when none)."""
    if " ".join(text[i:i + 2]) in STATES:
        return 2
    return 1 if i < len(text) and (text[i] in STATES or text[i] in STATES.values()) else 0


def _place_at(word: str, text: list[str], i: int, similar: Similar) -> int:
    """Tokens of the text at i naming one place word: the word itself, or (E1) for a state, its
    postal abbreviation."""
    if i >= len(text):
        return 0
    if word in STATES and text[i] == STATES[word]:
        return 1
    parts = word.split()
    if len(text) - i >= len(parts) and all(similar(t, w) for t, w in zip(text[i:i + len(parts)], parts)):
        return len(parts)
    return 0


def named_at(parts: tuple[list[str], tuple[str, ...], list[str]], text: list[str], i: int, similar: Similar) -> int:
    """End (exclusive) of a naming of the agency starting at text[i], or 0."""
    place, head, tail = parts
    position = i
    for n, word in enumerate(place):
        if n and position < len(text) and text[position] in GENERIC:
            position += 1    # E3: one generic word between two place words
        size = _place_at(word, text, position, similar)
        if not size:
            return 0
        position += size
    # E3/E4: up to two generic words and one state name between the place and the head
    generic = state = 0
    while position < len(text) and not similar(text[position], head[0]):
        if text[position] in GENERIC and generic < GENERIC_FILLER_MAX:
            generic += 1
            position += 1
            continue
        size = _state_at(text, position)
        if size and not state:
            state = 1
            position += size
            continue
        return 0
    for word in head:
        if position >= len(text) or not similar(text[position], word):
            return 0
        position += 1
    # after the head: a Sheriff's Office must be a Sheriff's Office or Department (E2); other
    # generic words may be absent (E3); distinctive words ("and Rehabilitation") must follow
    for word in tail:
        if position < len(text) and (similar(text[position], word)
                                     or (head[0] in SHERIFF and word == "office" and text[position] == "department")):
            position += 1
        elif word not in GENERIC or (head[0] in SHERIFF and word == "office"):
            return 0
    return position


def find_named(label: list[str], text: list[str], similar: Similar) -> str | None:
    """The words of the text naming the label's agency under E1-E4, or None."""
    parts = split_label(label)
    if parts is None:
        return None
    for i in range(len(text)):
        end = named_at(parts, text, i, similar)
        if end:
            return " ".join(text[i:end])
    return None
