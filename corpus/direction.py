"""Data direction: who gives what data to whom under an agreement, read from its text with evidence.

Directive 4006.1 covers agreements under which Department data leaves DHS; an agreement under
which only the other party's data comes in is out of its scope (footnote 3), and one between
components stays inside the Department (One DHS, §2.1). So each sentence that moves data is read as

    giver --what--> receiver      e.g. "ICE will provide the State with arrest records"

and each end is placed inside DHS or outside it (corpus.organisations). The document's outcome:

    outbound   DHS data goes to a party outside the Department (and nothing comes back)
    inbound    only the outside party's data comes in
    both       data goes both ways (an exchange, or statements each way)
    internal   every statement moves data between DHS components
    none       no statement was found; `looked_for` says what was searched

The sentence forms read (the verbs in their usual variants: provide, furnish, share, disclose,
transmit, send, make available, report, notify, exchange...):
    G will provide R with D / G agrees to provide R with D
    G will share|disclose|transmit D to|with R / G will make D available to R
    R shall have|be granted|qualify for access to [G's] systems|databases|records
    G will provide|grant R access to D / G will provide access to D / R will receive|obtain D from G
    D will be provided|shared|disclosed to R (by G) / information will flow from G to R
    the Parties will exchange D / each Party will share D with the other / reciprocal, mutual, two-way
A sentence counts only when what moves is data (information, records, reports, databases, systems,
notifications...), not training, funds or staff; negated and conditional uses ("will not provide",
"prior to releasing") are skipped. When a sentence names only one end, the other end is the other
side of the agreement, if the agreement has a DHS side at all (one that names no component and no
U.S. Government party moves no Department data: its outcome is none). The U.S. Government as a
party (treaties, customs agreements) counts as the Department's side.

Used by ingest's metadata (the data_direction field) and by the classifier's scope rules, so the
direction shown on a document and the one its scope is decided by are the same reading.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import cached_property, lru_cache
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from corpus.organisations import OUTSIDE_KINDS, lowered_for_search, party_kind, party_mentions, within_dhs

OUTCOMES = ("outbound", "inbound", "both", "internal", "none")
LOOKED_FOR = ("sentences in which one party provides, shares, discloses, transmits, reports or makes available "
              "information, records or reports to another; gives access to its systems or databases; or in which "
              "the parties exchange information")
MAX_SENTENCE = 700
PREAMBLE_CHARS = 3000

_GIVE = (r"provid(?:e|es|ing)|furnish(?:es|ing)?|shar(?:e|es|ing)|disclos(?:e|es|ing)|transmit(?:s|ting)?|"
         r"send(?:s|ing)?|deliver(?:s|ing)?|suppl(?:y|ies|ying)|releas(?:e|es|ing)|transfer(?:s|ring)?|"
         r"forward(?:s|ing)?|submit(?:s|ting)?|report(?:s|ing)?|notify|notifies|notifying|disseminat(?:e|es|ing)|"
         r"mak(?:e|es|ing)\s+(?:\w+\s+){0,6}?available|giv(?:e|es|ing)|grant(?:s|ing)?")
GIVE = re.compile(rf"\b(?:{_GIVE})\b", re.IGNORECASE)
PASSIVE = re.compile(r"\b(?:will|shall|may|must|is|are|to)\s+(?:\w+\s+)?be\s+(?:provided|furnished|shared|disclosed|"
                     r"transmitted|sent|delivered|supplied|released|transferred|forwarded|submitted|reported|"
                     r"made\s+available|disseminated|given)\b", re.IGNORECASE)
ACCESS = re.compile(r"\b(?:have|has|having|(?:be\s+)?(?:given|granted|afforded|allowed)|be\s+provided|receive|receives|"
                    r"obtain|obtains|qualify\s+for|gain|gains|request)\s+(?:[\w,'-]+\s+){0,8}?access\s+to\b", re.IGNORECASE)
RECEIVE = re.compile(r"\b(?:receive|receives|receiving|obtain|obtains|obtaining|collect|collects|collecting|"
                     r"request|requests|requesting|retrieve|retrieves|retrieving)\s+(?P<what>[^;:]{2,200}?)\s+from\s+"
                     r"(?P<giver>[^;:]{2,160})", re.IGNORECASE)
FLOW = re.compile(r"\b(?:flow|flows|move|moves|pass|passes)\s+(?:only\s+)?from\s+(?P<giver>[^.;:]{2,120}?)\s+to\s+"
                  r"(?P<receiver>[^.;:,]{2,120})", re.IGNORECASE)
# An exchange both ways, said outright ...
MUTUAL = re.compile(
    r"\b(?:the\s+)?(?:parties|participants|both\s+parties|agencies)\s+(?:\w+\s+){0,3}?(?:exchange|share)\b|"
    r"\bprovide\s+(?:each\s+other|one\s+another)|"
    r"\beach\s+(?:party|participant|agency|side)\s+(?:\w+\s+){0,3}?(?:share|provide|furnish|disclose|transmit|exchange)"
    r"[^.;]{0,160}\b(?:the\s+other|each\s+other|one\s+another)|"
    r"\b(?:on\s+a\s+)?reciproc(?:al|ally|ity)\b|\bmutual(?:ly)?\s+(?:\w+\s+)?(?:share|sharing|exchange|provide)|"
    r"\bin\s+turn\s+provide|\bbi-?directional\b|\btwo-way\b", re.IGNORECASE)
# ... or only mentioned ("cooperation through the exchange of information"): counted only when no
# sentence says which way the data goes.
EXCHANGE_MENTION = re.compile(r"\bexchange\s+of\s+(?:\w+\s+){0,4}?(?:information|data|records|intelligence)\b|"
                              r"\b(?:share|exchange)\s+(?:\w+\s+){0,4}?(?:information|data|records)\s+with\s+"
                              r"(?:each\s+other|one\s+another)", re.IGNORECASE)
DATA = re.compile(r"\b(?:information|data|database|databases|records?|reports?|files?|intelligence|lists?|statistics|"
                  r"statistical|biometrics?|fingerprints?|photographs?|identit(?:y|ies)|names|addresses|leads?|"
                  r"notifications?|alerts?|manifests?|systems?|documents?|documentation|results|"
                  r"pii|personally\s+identifiable|criminal\s+histor(?:y|ies)|case\s+files|queries|query|"
                  r"encounters|detainers?|dispositions?|referrals?|tips|hits|matches|responses|identifiers|biographic|"
                  r"biometric|footage|images|indicators|networks?|applications)\b", re.IGNORECASE)
NEGATED = re.compile(r"(?:\b(?:not|no|never|neither|nor|cannot|refrain\s+from|prior\s+to|before|without|unless|"
                     r"instead\s+of|rather\s+than)\b|n't)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
NO_OBJECT = re.compile(r"^\s*(?:no|none)\b", re.IGNORECASE)
LEADING_PHRASE = re.compile(r"^\s*(?:upon|under|pursuant\s+to|in\s+accordance\s+with|as\s+part\s+of|to\s+the\s+extent|"
                            r"consistent\s+with|subject\s+to|for\s+purposes\s+of|at\s+the\s+request\s+of|when|where|if|"
                            r"after|within|during|in\s+addition|additionally|further(?:more)?|also)\b[^,]{0,120},\s*",
                            re.IGNORECASE)
RECEIVER_END = re.compile(r"[,;:(]|(?<!\b[A-Z])\.(?!\w)|"
                          r"\s(?:for|in\s+order|so\s+that|under|through|subject|and\s+will|and\s+shall|within|"
                          r"upon|pursuant|as\s+(?:soon|needed|required|appropriate)|via|by\s+means|when|if|unless|in\s+a|"
                          r"in\s+accordance|on\s+a|consistent)\b", re.IGNORECASE)
# What stands before a giving verb used as a verb: a modal ("will provide"), an infinitive or
# gerund ("agrees to provide", "including providing") or a subject ("ICE shares").
VERB_POSITION = re.compile(r"(?:\b(?:will|shall|must|may|can|should|would|to|including|by|and|or|hereby)\s+"
                           r"(?:\w+ly\s+|also\s+|then\s+|in\s+turn\s+|not\s+)?|[\w:)]\s+)$", re.IGNORECASE)
# "release information", "transfer of": the verb's word used as a noun or modifier.
NOUN_USE = re.compile(r"\s+(?:of|information|data|records|files|date|form|process|procedures?)\b", re.IGNORECASE)
# "the records it provides": a relative clause about data already described, not a new statement.
RELATIVE = re.compile(r"\b(?:records?|information|data|reports?)\s+(?:it|they|that|which|each\s+party)\s+"
                      r"(?:\w+\s+)?$", re.IGNORECASE)
POSSESSIVE_OWN = re.compile(r"\b(?:its|their|his\s+or\s+her)\s+(?:own\s+)?$", re.IGNORECASE)
# A full stop, "!" or "?" (not after U.S, No, Inc, Co, et seq, e.g, i.e, v or a capital initial)
# before a capitalised word or a number; or a blank line. The mark comes first and the exceptions
# are looked behind it: `re` then jumps from mark to mark instead of trying the nine exceptions at
# every character of every page (the same matches, ~10x faster).
SENTENCE_END = re.compile(r"[.!?](?<!\bU\.S[.!?])(?<!\bNo[.!?])(?<!\bInc[.!?])(?<!\bCo[.!?])(?<!\bet\sseq[.!?])"
                          r"(?<!\be\.g[.!?])(?<!\bi\.e[.!?])(?<!\bv[.!?])(?<!\b[A-Z][.!?])"
                          r"[\"'”’)]?(?=\s+[\"'“(]?[A-Z0-9])|\n\s*\n")
# A short line without a full stop followed by a capitalised line: a heading ("5. INFORMATION SHARING").
HEADING_LINE = re.compile(r"(?m)^[ \t]*[^\n;:,]{2,60}?(?<![.,;:])[ \t]*\n(?=[ \t]*[A-Z(\"“])")
# Generic names an agreement gives the outside party; a component is always named as DHS.
OUTSIDE_WORDS = re.compile(r"\b(?:LEA|law\s+enforcement\s+agency|partner(?:\s+agency)?|state|locality|grantee|recipient|"
                           r"contractor|vendor|company|user\s+agency)\b", re.IGNORECASE)
# The United States Government as a party (treaties, customs agreements) acts for the Department
# too: data it gives a foreign party is Department data leaving DHS.
US_GOVERNMENT = re.compile(r"\bgovernment\s+of\s+the\s+united\s+states|\bunited\s+states\s+(?:of\s+america\s+)?government|"
                           r"\b(?:U\.S\.|United\s+States)\s+(?:customs\s+administration|side|party)|\bUSG\b",
                           re.IGNORECASE)
ALIAS = re.compile(r"\((?:hereinafter|hereafter)?[\s,]*(?:referred\s+to\s+as\s+)?(?:the\s+)?[\"“”']?"
                   r"(?P<alias>[A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){0,4})[\"“”']?\)")


# Every sentence form above needs one of these word parts (lowercased; a part of each verb form of
# GIVE, PASSIVE, RECEIVE, ACCESS, FLOW, MUTUAL and EXCHANGE_MENTION): a sentence holding none of
# them moves no data, and is not read at all (most sentences of a contract: reading them was most
# of the cost). Adding a verb to a pattern means adding its part here (tests/test_direction_gate.py).
MOVING_PARTS = ("provid", "furnish", "shar", "disclos", "transmit", "send", "sent", "deliver", "suppl", "releas",
                "transfer", "forward", "submit", "report", "notif", "disseminat", "available", "giv", "grant",
                "access", "receiv", "obtain", "collect", "request", "retriev", "flow", "move", "pass", "exchange",
                "reciproc", "mutual", "directional", "two-way")


@dataclass(frozen=True)
class Statement:
    """One sentence that moves data: who gives, who receives, what, and where it is written."""
    direction: str          # outbound | inbound | both | internal
    giver: str              # as written ("the LEA", "ICE", "each Party")
    receiver: str
    what: str
    form: str               # provide-with | give-to | access | grant-access | provide-access | passive | flow | exchange
    page: int               # 1-based
    start: int              # offsets of the sentence in that page's text
    end: int
    sentence: str

    def to_dict(self) -> dict:
        return {"direction": self.direction, "giver": self.giver, "receiver": self.receiver, "what": self.what,
                "form": self.form, "page": self.page, "start": self.start, "end": self.end,
                "text": self.sentence}


@dataclass(frozen=True)
class DirectionReading:
    outcome: str
    statements: tuple[Statement, ...] = ()
    internal_parties: bool = False      # every party named is inside DHS
    looked_for: str = LOOKED_FOR

    @property
    def found(self) -> bool:
        return self.outcome != "none"

    @property
    def supporting(self) -> tuple[Statement, ...]:
        """The statements that show the outcome, strongest first (a sentence saying which way the data
        goes before a mere mention of an exchange)."""
        wanted = {"both": ("both", "outbound", "inbound")}.get(self.outcome, (self.outcome,))
        shown = [s for s in self.statements if s.direction in wanted]
        return tuple(sorted(shown, key=lambda s: (s.form == "exchange-mention", wanted.index(s.direction))))

    @property
    def deciding(self) -> Statement | None:
        """The statement that shows the outcome best (for a one-span evidence)."""
        return next(iter(self.supporting), None)

    def summary(self) -> str:
        if not self.statements:
            return f"No data direction found; looked for {self.looked_for}."
        counts: dict[str, int] = {}
        for s in self.statements:
            counts[s.direction] = counts.get(s.direction, 0) + 1
        parts = ", ".join(f"{n} {d}" for d, n in counts.items())
        first = self.deciding or self.statements[0]
        return f"{self.outcome} ({parts}); e.g. page {first.page}: \"{_short(first.sentence)}\""

    def to_dict(self) -> dict:
        return {"outcome": self.outcome, "internal_parties": self.internal_parties,
                "statements": [s.to_dict() for s in self.statements],
                **({"looked_for": self.looked_for} if not self.statements else {})}


@dataclass
class _Sides:
    """How the ends of a statement are placed: by DHS names, the document's own aliases, kinds."""
    aliases: dict[str, str] = field(default_factory=dict)    # alias -> "dhs" | "outside"
    internal: bool = False
    department_is_dhs: bool = False    # "the Department" means DHS (another department's agreement uses it too)
    # whether a DHS side exists (an end a sentence leaves unnamed is then the other side); asked
    # only when a statement leaves an end unnamed, as it reads every page (dhs_party)
    names_dhs: Callable[[], bool] = lambda: True

    @cached_property
    def dhs_party(self) -> bool:
        return self.names_dhs()

    def side(self, text: str) -> str | None:
        """'dhs', 'outside' or None for the first party named in `text`."""
        text = LEADING_PHRASE.sub("", text, count=1)
        spots: list[tuple[int, str]] = []
        for start, _end, kind in party_mentions(text):
            spots.append((start, "dhs" if kind == "dhs" else "outside"))
        for m in US_GOVERNMENT.finditer(text):
            spots.append((m.start() - 1, "dhs"))
        for alias, side in self.aliases.items():
            for m in re.finditer(rf"(?<![\w&]){re.escape(alias)}(?![\w&])", text):
                spots.append((m.start(), side))
        for m in OUTSIDE_WORDS.finditer(text):
            spots.append((m.start(), "outside"))
        if self.department_is_dhs and not spots and re.search(r"\bthe\s+department\b", text, re.IGNORECASE):
            spots.append((0, "dhs"))
        return min(spots)[1] if spots else None

    def direction(self, giver: str | None, receiver: str | None) -> str | None:
        if self.internal:
            return "internal" if "outside" not in (giver, receiver) else None
        if (giver is None and receiver is None) or (None in (giver, receiver) and not self.dhs_party):
            return None
        giver = giver or ("outside" if receiver == "dhs" else "dhs")
        receiver = receiver or ("outside" if giver == "dhs" else "dhs")
        return {("dhs", "outside"): "outbound", ("outside", "dhs"): "inbound",
                ("dhs", "dhs"): "internal"}.get((giver, receiver))


def sentences(text: str) -> Iterable[tuple[int, int]]:
    """(start, end) of each sentence (or paragraph piece) of a page; a heading line is a piece of its own."""
    start = 0
    for m in sorted([*SENTENCE_END.finditer(text), *HEADING_LINE.finditer(text)], key=lambda m: m.start()):
        if m.start() < start:
            continue
        end = m.end() if m.group(0).strip() else m.start()
        yield from _pieces(text, start, end)
        start = m.end()
    yield from _pieces(text, start, len(text))


def _pieces(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end - start > MAX_SENTENCE:   # a run-on (a table, an OCR'd block): cut at a line end
        cut = text.rfind("\n", start + 200, start + MAX_SENTENCE)
        cut = cut if cut > 0 else start + MAX_SENTENCE
        yield start, cut
        start = cut + 1
    if end > start:
        yield start, end


def _short(sentence: str, limit: int = 160) -> str:
    flat = " ".join(sentence.split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def _aliases(preamble: str) -> dict[str, str]:
    """Short names the agreement defines for its parties, e.g. '... Sheriff's Office (the "LEA")'."""
    out: dict[str, str] = {}
    for m in ALIAS.finditer(preamble):
        alias = m.group("alias").strip()
        if len(alias) < 2 or alias.lower() in {"mou", "moa", "agreement", "moc", "isa", "the parties"}:
            continue
        before = preamble[max(0, m.start() - 160):m.start()]
        before = re.split(r"\)|\bbetween\b|\band\b|\bamong\b|;", before, flags=re.IGNORECASE)[-1]
        if within_dhs(alias) or within_dhs(before):
            out.setdefault(alias, "dhs")
        elif party_kind(before) in OUTSIDE_KINDS or party_kind(alias) in OUTSIDE_KINDS \
                or OUTSIDE_WORDS.search(before + " " + alias):
            out.setdefault(alias, "outside")
    return out


def _internal(parties: Sequence[str], preamble: str) -> bool:
    """Every party inside DHS: from the party names when known, else from the preamble's sentence
    that names the parties ('between A and B')."""
    named = [p for p in parties if p and p.strip()]
    if len(named) >= 2:
        return all(within_dhs(p) for p in named)
    for start, end in sentences(preamble):
        sentence = preamble[start:end]
        between = re.search(r"\b(?:between|among)\b", sentence, re.IGNORECASE)
        if not between:
            continue
        mentions = party_mentions(sentence[between.end():])
        if len(mentions) >= 2:
            names = {sentence[between.end():][s:e].lower() for s, e, _k in mentions}
            return all(k == "dhs" for _s, _e, k in mentions) and len(names) >= 2 \
                and not OUTSIDE_WORDS.search(sentence[between.end():])
    return False


def read_direction(pages: Sequence[str], parties: Sequence[str] = ()) -> DirectionReading:
    """The data direction of a document from its page texts (1-based page i is pages[i-1]);
    `parties` are the party names when already known (ingest's party fields)."""
    return _read_direction(tuple(pages), tuple(parties))


# The metadata stage (the data_direction field) and the scope rules of the label suggestions read
# the same document one after the other in an ingest worker: the second reading is the first's.
@lru_cache(maxsize=4)
def _read_direction(pages: tuple[str, ...], parties: tuple[str, ...]) -> DirectionReading:
    preamble = "\n".join(pages)[:PREAMBLE_CHARS]
    aliases = _aliases(preamble)
    internal = _internal(parties, preamble) and "outside" not in aliases.values()
    other_department = re.search(r"\bDepartment\s+of\s+(?!Homeland\b)[A-Z]", preamble)
    sides = _Sides(aliases, internal, within_dhs(preamble) and not other_department,
                   lambda: any(within_dhs(p) for p in parties) or any(within_dhs(page) for page in pages)
                   or bool(US_GOVERNMENT.search(preamble)))
    statements: list[Statement] = []
    for number, page in enumerate(pages, start=1):
        parts = _moving_parts(page)
        lowered = lowered_for_search(page)
        for start, end in sentences(page):
            if parts is not None:   # read only a sentence in which one of MOVING_PARTS starts
                at = bisect_left(parts, start)
                if at == len(parts) or parts[at] >= end:
                    continue
            statements += _read_sentence(page[start:end], number, start, sides,
                                         lowered[start:end] if lowered is not None else None)
    return DirectionReading(_outcome(statements), tuple(statements), sides.internal)


def _moving_parts(page: str) -> list[int] | None:
    """Sorted offsets in `page` where one of MOVING_PARTS starts (matched ignoring case); None
    when the page holds a character `re` folds onto an ASCII letter unlike str.lower() (then
    every sentence is read)."""
    lowered = lowered_for_search(page)   # the same length: only U+0130 lowercases longer, and it gives None
    if lowered is None:
        return None
    found = []
    for part in MOVING_PARTS:
        at = lowered.find(part)
        while at >= 0:
            found.append(at)
            at = lowered.find(part, at + 1)
    found.sort()
    return found


def _outcome(statements: Sequence[Statement]) -> str:
    said = [s for s in statements if s.form != "exchange-mention"]
    seen = {s.direction for s in (said or statements)}
    if "both" in seen or {"outbound", "inbound"} <= seen:
        return "both"
    for outcome in ("outbound", "inbound", "internal"):
        if outcome in seen:
            return outcome
    return "none"


# A case-insensitive pattern is tried at every position of a sentence; its twin without the flag, read in the
# lowercased sentence (lowered_for_search: the same offsets, the same folding), is searched for by its letters.
# The patterns' words are in lower case, so the twin finds what the pattern finds, where it finds it.
_LOWER_CASE_TWIN = {pattern: re.compile(pattern.pattern) for pattern in (DATA, MUTUAL, FLOW, RECEIVE, ACCESS, PASSIVE, GIVE)}


def _finditer(pattern: re.Pattern, sentence: str, lowered: str | None) -> Iterable[re.Match]:
    """pattern.finditer(sentence), its matches found by the lower-case twin in `lowered` when there is one."""
    if lowered is None:
        return pattern.finditer(sentence)
    return (pattern.match(sentence, m.start()) for m in _LOWER_CASE_TWIN[pattern].finditer(lowered))


def _read_sentence(sentence: str, page: int, offset: int, sides: _Sides, lowered: str | None = None) -> list[Statement]:
    """lowered: the sentence from lowered_for_search, None to read it with the patterns themselves."""
    if len(sentence) < 20 or not next(iter(_finditer(DATA, sentence, lowered)), None):   # the length first: it costs nothing
        return []
    found: list[Statement] = []

    def add(direction: str | None, giver: str, receiver: str, what: str, form: str) -> None:
        if direction and not any(s.direction == direction for s in found):
            found.append(Statement(direction, " ".join(giver.split())[:120], " ".join(receiver.split())[:120],
                                   " ".join(what.split())[:200], form, page, offset, offset + len(sentence),
                                   " ".join(sentence.split())))

    mutual = next(iter(_finditer(MUTUAL, sentence, lowered)), None)
    if mutual:
        add("internal" if sides.internal else "both", "the Parties", "the Parties", sentence[mutual.start():][:120],
            "exchange")
        return found
    for m in _finditer(FLOW, sentence, lowered):
        if not NEGATED.search(sentence[:m.start()]):
            add(sides.direction(sides.side(m.group("giver")), sides.side(m.group("receiver"))),
                m.group("giver"), m.group("receiver"), sentence[:m.start()], "flow")
    for m in _finditer(RECEIVE, sentence, lowered):    # "R will receive D from G"
        before = sentence[:m.start()]
        if NEGATED.search(before) or not VERB_POSITION.search(before) or not DATA.search(m.group("what")):
            continue
        receiver = _subject(before)
        giver = _cut(m.group("giver"))
        add(sides.direction(sides.side(giver), sides.side(receiver) if receiver else None), giver, receiver,
            m.group("what"), "receive-from")
    for m in _finditer(ACCESS, sentence, lowered):
        if NEGATED.search(sentence[:m.start()]):
            continue
        what = _cut(sentence[m.end():])
        if not DATA.search(what):
            continue
        receiver = _subject(sentence[:m.start()])
        owner = sides.side(what)
        if owner is None and POSSESSIVE_OWN.search(what[:12] + " "):
            owner = sides.side(receiver)
        add(sides.direction(owner, sides.side(receiver)), what, receiver, what, "access")
    for m in _finditer(PASSIVE, sentence, lowered):
        if NEGATED.search(sentence[:m.start()]):
            continue
        what, rest = sentence[:m.start()], sentence[m.end():]
        to = re.match(r"\s+(?:to|with)\s+(?P<r>.+)", rest, re.IGNORECASE | re.DOTALL)
        by = re.search(r"\bby\s+(?P<g>.+)", rest, re.IGNORECASE | re.DOTALL)
        if not DATA.search(what[-160:]) or not (to or by):
            continue
        receiver = _cut(to.group("r")) if to else ""
        giver = _cut(by.group("g")) if by else ""
        add(sides.direction(sides.side(giver) if giver else None, sides.side(receiver) if receiver else None),
            giver, receiver, what[-160:], "passive")
    for m in _finditer(GIVE, sentence, lowered):
        if m.group(0)[0].isupper():   # a heading word ("INFORMATION SHARING", "Data Sharing"), not a verb
            continue
        before, rest = sentence[:m.start()], sentence[m.end():]
        if NEGATED.search(before) or NO_OBJECT.match(rest) or re.search(r"\bbe\s+$", before) \
                or NOUN_USE.match(rest) or RELATIVE.search(before):
            continue
        if not VERB_POSITION.search(before) or (not m.group(0).lower().endswith(("s", "ing"))
                                                 and not re.search(r"\b(?:will|shall|must|may|can|should|would|to|"
                                                                   r"and|or)\s+(?:\w+\s+)?$", before, re.IGNORECASE)):
            continue
        giver_text = _subject(before)
        if not giver_text:
            continue
        giver = sides.side(giver_text)
        form, receiver_text, what = _object(m.group(0), rest)
        if not what or not DATA.search(what):
            continue
        receiver = sides.side(receiver_text) if receiver_text else None
        if giver is None and receiver is None:
            continue
        add(sides.direction(giver, receiver), giver_text, receiver_text, what, form)
    mention = EXCHANGE_MENTION.search(sentence)
    if mention and not found:
        add("internal" if sides.internal else "both", "the Parties", "the Parties", mention.group(0),
            "exchange-mention")
    return found


def _subject(before: str) -> str:
    """The clause that names the giver: the text before the verb in its own clause, without a
    leading 'Under this Agreement,'."""
    # the last clause that has words (OCR puts stray colons between a subject and its verb)
    clause = next((c for c in reversed(re.split(r"[;:]|\.\s", before)) if c.strip()), "")
    clause = re.split(r",\s*(?:and|but|while|whereas)\s+", clause)[-1]
    clause = LEADING_PHRASE.sub("", clause, count=1)
    return re.sub(r"(?:\s+(?:will|shall|must|may|can|should|would|also|hereby|agrees?|to|is|are|responsible|for|"
                  r"including|and|or|\w+ly))+\s*$", "", clause, flags=re.IGNORECASE).strip()


def _cut(text: str) -> str:
    m = RECEIVER_END.search(text)
    return (text[:m.start()] if m else text)[:160].strip()


def _object(verb: str, rest: str) -> tuple[str, str, str]:
    """(form, receiver text, what) after a giving verb."""
    verb = verb.lower()
    if verb.startswith("mak"):        # "make D available to R"
        what = re.sub(r"^mak\w*\s+|\s+available$", "", verb)
        to = re.match(r"\s+(?:to|for)\s+(?P<r>.+)", rest, re.IGNORECASE | re.DOTALL)
        return "give-to", _cut(to.group("r")) if to else "", what or _cut(rest)
    access = re.match(r"\s+(?P<r>(?:[\w'-]+\s+){0,6}?)(?:with\s+)?(?:\w+\s+)?access\s+to\s+(?P<w>.+)", rest,
                      re.IGNORECASE | re.DOTALL)
    if access and verb.startswith(("provid", "grant", "giv", "allow", "permit")):
        receiver = access.group("r").strip()
        return ("grant-access" if receiver else "provide-access"), receiver, _cut(access.group("w"))
    if verb.startswith(("provid", "furnish", "suppl", "present")):
        with_form = re.match(r"\s+(?P<r>[^;:]{2,120}?)\s+with\s+(?P<w>[^;:]{2,200})", rest, re.IGNORECASE)
        if with_form and not DATA.search(with_form.group("r")):
            return "provide-with", with_form.group("r"), _cut(with_form.group("w"))
    to_form = re.match(r"\s+(?P<w>[^;:]{2,200}?)\s+(?:to|with)\s+(?P<r>(?!the\s+extent|ensure|be\b|assist|support|"
                       r"allow|enable|facilitate|determine|identify)[^;:]{2,160})", rest, re.IGNORECASE)
    if to_form:
        return "give-to", _cut(to_form.group("r")), to_form.group("w")
    return "give", "", _cut(rest)
