"""Parties named as the subject of a document's opening sentence, with no "between": an exchange of
notes ("The Embassy of A presents its compliments to the Ministry of B"), a labour MOU's "X and Y have
met and conferred", and "X and Y enter into this Agreement" / "... agree as follows". The "between"
preamble and defined-term readers are in parties.py."""
from __future__ import annotations

import re

from ingest.metadata.parties import clean_name, plausible_party, split_and
from ingest.metadata.party_hierarchy import complete_span, is_fragment
from ingest.metadata.spans import Span, locate

# A diplomatic note: "The Embassy of A presents its compliments to the Ministry of Foreign Affairs of B and ...".
# An exchange of notes binds the two governments the missions speak for.
_MISSION = r"(?:Embassy|Legation|Consulate(?:\s+General)?|Ministry\s+of\s+Foreign\s+Affairs|Department\s+of\s+(?:State|Foreign\s+Affairs)|Government)"
_NOTE_OPENING = re.compile(rf"\bThe\s+{_MISSION}\s+of\s+(?P<sender>(?:the\s+)?[A-Z][\w’'-]*(?:\s+(?:of\s+the\s+|of\s+)?[A-Z][\w’'-]*){{0,5}})"
                           rf"\s+presents\s+(?:its|his|her)\s+compliments\s+to\s+the\s+{_MISSION}\s+of\s+"
                           rf"(?P<addressee>(?:the\s+)?[A-Z][\w’'-]*(?:\s+(?:of\s+the\s+|of\s+)?[A-Z][\w’'-]*){{0,5}})")


# A note that proposes the agreement: "... this Note, together with your reply thereto, shall constitute an
# agreement between the United States of America and the Kingdom of A, which shall enter into force ..."
_CONSTITUTES_AGREEMENT = re.compile(r"\b(?:shall|will|to|should)\s+constitute\s+(?:an?|the)\s+agreement\s+between\s+"
                                    r"(?P<names>(?:the\s+)?[A-Z][^.;:()]{3,200}?)(?=\s*(?:[.;:(]|,\s*(?:which|that|to|and\s+shall)\b|"
                                    r"\s+(?:which|that|to\s+enter|on|with\s+effect|concerning|regarding)\b))")


_DIPLOMATIC_NOTE = re.compile(r"\bExcellency\b|\bI\s+have\s+the\s+hono(?:u)?r\s+to\b")


def note_parties(text: str, limit: int = 4000) -> list[Span]:
    """The governments of an exchange of notes, from the first note's opening: the sender's and the
    addressee's state, each as "Government of <state>" (the evidence is the state's name in the note);
    else the states named where the note says it and the reply "shall constitute an agreement between"
    them (two names, or none)."""
    m = _NOTE_OPENING.search(text[:limit])
    if not m:
        # only in a diplomatic note (an agreement's own text saying so is read by its preamble)
        proposal = _CONSTITUTES_AGREEMENT.search(text[:limit + 4000]) if _DIPLOMATIC_NOTE.search(text[:limit + 4000]) else None
        if not proposal:
            return []
        names = [clean_name(piece) for piece in split_and(proposal["names"])]
        spans = [locate(text, name, proposal.start("names")) for name in names if plausible_party(name)]
        return [span for span in spans if span] if len(names) == 2 and all(spans) and len(spans) == 2 else []
    return [Span(m.start(group), m.end(group), f"Government of {m[group]}") for group in ("sender", "addressee")]


# A labour MOU's opening: "The X Association and representatives of the City of Y have met and
# conferred ..." names the parties as the sentence's subject, with no "between".
_MET_AND_CONFERRED = re.compile(r",?\s+(?:have\s+|has\s+|having\s+)?(?:duly\s+)?met\b[^.;]{0,60}?\band\s+(?:have\s+|has\s+)?conferred\b"
                                r"(?:\s+in\s+good\s+faith)?(?:\s+with\s+(?:the\s+)?(?P<other>[A-Z][^.;,()\n]*(?:\n[^.;,()\n]+)?))?",
                                re.IGNORECASE)
_SENTENCE_START = re.compile(r"(?:[.:;]\s|\n[ \t]*\n|WHEREAS,?|\A)")
_ON_BEHALF = re.compile(r"\b(?:the\s+)?(?:duly\s+)?(?:authori[sz]ed\s+|designated\s+|management\s+)?(?:representatives?|"
                        r"negotiators?|agents?)\s+(?:of|for)\s+(?:(?:the\s+)?management\s+(?:of|for)\s+)?", re.IGNORECASE)


# "The Alder Water District (hereinafter "District") and the Alder County Sheriff's Office enter into this
# Memorandum of Understanding": the parties are the sentence's subject, with no "between" either
_ENTER_INTO = re.compile(r",?\s+(?:do\s+)?(?:hereby\s+)?(?:mutually\s+)?(?-i:enter)\s+into\s+this\b", re.IGNORECASE)
# "The U.S. Department of X, Y (Y) and the Z (the County) agree as follows:" as the document's opening sentence
_AGREE_AS_FOLLOWS = re.compile(r",?\s+(?:do\s+)?(?:hereby\s+)?(?:mutually\s+)?(?-i:agree)\s+as\s+follows\b", re.IGNORECASE)


def conferred_parties(text: str, limit: int = 6000) -> list[Span]:
    """The subject of a "... have met and conferred" sentence, and whom it met and conferred with:
    every organisation named, read without the "representatives of" before a name. Likewise the
    subject of an opening "X and Y enter into this Agreement" (two organisations or none)."""
    head = text[:limit]
    m = _MET_AND_CONFERRED.search(head)
    if not m:
        entered = _ENTER_INTO.search(head, 0, 2500) or _AGREE_AS_FOLLOWS.search(head, 0, 800)
        if not entered:
            return []
        start = max((b.end() for b in _SENTENCE_START.finditer(head, 0, entered.start())), default=0)
        # the title, stamp and label lines printed above the sentence ("MEMORANDUM OF AGREEMENT" / "BETWEEN" / ...,
        # "Effective Date: February 4, 2019") are no party
        lines = head[start:entered.start()].split("\n")
        while len(lines) > 1 and (lines[0].strip().isupper() or not lines[0].strip() or re.search(r"[:\d]", lines[0])):
            start += len(lines.pop(0)) + 1
        spans = []
        # parted at "and the", ", and" or ") and", never inside a name ("Immigration and Customs Enforcement")
        for piece in re.split(r",?\s+and\s+(?=the\s+[A-Z])|,\s+and\s+(?=[A-Z])|(?<=\))\s+and\s+(?=[A-Z])",
                              head[start:entered.start()]):
            # "the U.S. Department of Agriculture, Forest Service, Pacific Northwest Region": the component
            # is the party (parent_of records its department)
            parts = [p.strip() for p in re.sub(r"\s*\(.*$", "", " ".join(piece.split())).split(",")]
            department_first = len(parts) > 1 and re.search(r"\b(?:Department|Ministry)\s+of\b", parts[0]) and parts[1][:1].isupper()
            name = clean_name(parts[1] if department_first else piece)
            # a one-word short name ("Acme and Widget agree as follows") is a defined term, not the name
            found = locate(head, name, start) if plausible_party(name) and len(name.split()) > 1 else None
            if found:
                spans.append(found)
        return spans if len(spans) >= 2 else []
    start = max((b.end() for b in _SENTENCE_START.finditer(head, 0, m.start())), default=0)
    subject = head[start:m.start()]
    # a title line printed right above the sentence ("MEMORANDUM OF UNDERSTANDING") is no party
    lines = subject.split("\n")
    while len(lines) > 1 and lines[0].strip().isupper():
        start += len(lines.pop(0)) + 1
    subject = _ON_BEHALF.sub(lambda r: " " * len(r.group(0)), head[start:m.start()])
    # "WHEREAS, in compliance with the Act, the City met ...": the clause before the subject names no party
    subject = re.sub(r"^\s*(?-i:[a-z])[^,]*,", lambda r: " " * len(r.group(0)), subject)
    spans = []
    # "the City met and conferred in good faith with the X Association which represents ...": the other party
    other = re.split(r"\s+(?:which|who|that|in|on|for|regarding|concerning|pursuant|under)\s", m["other"] or "")[0]
    for piece in split_and(subject) + [other]:
        name = clean_name(piece)
        if is_fragment(name):          # "the City met and conferred ...": the one city the text names
            found = locate(head, name, start)
            spans += [placed for placed in [complete_span(text, found)] if found and placed]
        elif plausible_party(name):
            found = locate(head, name, start)
            if found:
                spans.append(found)
    return spans
