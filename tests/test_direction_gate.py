"""The shortcuts in corpus.direction change no reading: the sentence-end pattern finds what its
readable form finds, and a sentence skipped for holding none of MOVING_PARTS yields nothing."""
from __future__ import annotations

import random
import re

import pytest

import corpus.direction as direction
from corpus.demo.fast import iter_demo_texts

# SENTENCE_END as first written: the exceptions looked behind before the mark (slow: tried at
# every character), the reference the faster form must agree with
READABLE_SENTENCE_END = re.compile(r"(?<!\bU\.S)(?<!\bNo)(?<!\bInc)(?<!\bCo)(?<!\bet\sseq)(?<!\be\.g)(?<!\bi\.e)"
                                   r"(?<!\bv)(?<!\b[A-Z])[.!?][\"'”’)]?(?=\s+[\"'“(]?[A-Z0-9])|\n\s*\n")
PIECES = ["U.S", "No", "Inc", "Co", "et seq", "e.g", "i.e", "v", "A", "x", "Ab", "aNo", "xCo", ".", "!", "?", " ",
          "  ", "\n", "\n\n", "\"", "'", "”", "’", ")", "“", "(", "9", "The", "_", "é"]


def test_sentence_end_finds_what_the_readable_pattern_finds():
    rng = random.Random(4006)
    for _ in range(20000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 24)))
        assert [m.span() for m in direction.SENTENCE_END.finditer(text)] == \
            [m.span() for m in READABLE_SENTENCE_END.finditer(text)], text


# A sentence for each verb form the patterns read (GIVE, PASSIVE, RECEIVE, ACCESS, FLOW, MUTUAL,
# EXCHANGE_MENTION), each of which moves data: every one must pass the gate.
GIVING = ["provides", "providing", "furnishes", "shares", "sharing", "discloses", "transmits", "transmitting",
          "sends", "delivers", "supplies", "releases", "transfers", "transferring", "forwards", "submits",
          "reports", "notifies", "disseminates", "gives", "grants"]
BASE = ["provide", "furnish", "share", "disclose", "transmit", "send", "deliver", "supply", "release", "transfer",
        "forward", "submit", "report", "notify", "disseminate", "give", "grant"]
PASSIVE = ["provided", "furnished", "shared", "disclosed", "transmitted", "sent", "delivered", "supplied", "released",
           "transferred", "forwarded", "submitted", "reported", "made available", "disseminated", "given"]
MOVING = [f"ICE {verb} arrest records to the County." for verb in GIVING] + \
    [f"ICE will {verb} arrest records to the County." for verb in BASE] + \
    [f"Arrest records will be {verb} to the County by ICE." for verb in PASSIVE] + \
    ["ICE will make the arrest records available to the County.",
     "The County will receive arrest records from ICE.", "The County will obtain arrest records from ICE.",
     "The County will collect arrest records from ICE.", "The County will request arrest records from ICE.",
     "The County will retrieve arrest records from ICE.", "The County shall have access to ICE systems.",
     "Information will flow from ICE to the County.", "Records move from ICE to the County.",
     "Data passes from ICE to the County.", "The Parties will exchange records.",
     "The Parties will share records.", "The agencies will provide each other with records.",
     "Records are kept on a reciprocal basis.", "The agencies mutually share data.",
     "The exchange of records is bi-directional.", "The link is a two-way data system.",
     "ICE will in turn provide records.", "Cooperation through the exchange of information is the aim.",
     "The parties share information with one another."]


@pytest.mark.parametrize("sentence", MOVING)
def test_every_sentence_that_moves_data_passes_the_gate(sentence):
    assert direction._moving_parts(sentence), sentence
    assert direction._moving_parts(sentence.upper()), sentence
    # the gate only ever skips a sentence the patterns would not read
    page = "MEMORANDUM OF AGREEMENT between ICE and the County.\n\n" + sentence
    assert direction._read_direction.__wrapped__((page,), ()).statements


def _ungated(monkeypatch) -> None:
    monkeypatch.setattr(direction, "_moving_parts", lambda page: None)


def test_gate_changes_no_reading(monkeypatch):
    documents = [tuple(pages) for _, pages in iter_demo_texts(120, seed=11)]
    documents += [("MEMORANDUM OF AGREEMENT between ICE and the County.\n\n" + " ".join(MOVING),),
                  ("ſecret ſervice records will be ſhared with the County. ICE will provide records.",)]
    gated = [direction._read_direction.__wrapped__(pages, ()) for pages in documents]
    _ungated(monkeypatch)
    ungated = [direction._read_direction.__wrapped__(pages, ()) for pages in documents]
    assert gated == ungated
    assert sum(len(r.statements) for r in gated) > 100


def test_lower_case_twins_change_no_reading(monkeypatch):
    """_read_sentence finds the patterns' matches with their lower-case twins in the lowercased sentence: the same
    statements as the case-insensitive patterns read in the sentence itself (a page lowered_for_search gives None
    for is read so)."""
    documents = [tuple(pages) for _, pages in iter_demo_texts(120, seed=11)]
    page = "MEMORANDUM OF AGREEMENT between ICE and the County.\n\n"
    documents += [(page + " ".join(MOVING),), (page + " ".join(MOVING).upper(),), (page + " ".join(MOVING).title(),)]
    twins = [direction._read_direction.__wrapped__(pages, ()) for pages in documents]
    monkeypatch.setattr(direction, "lowered_for_search", lambda text: None)
    patterns = [direction._read_direction.__wrapped__(pages, ()) for pages in documents]
    assert twins == patterns
    assert sum(len(r.statements) for r in twins) > 100


def test_twinned_patterns_are_written_in_lower_case():
    """A capital letter in a twinned pattern (outside an escape such as \\s or a group's name) would find nothing in a
    lowercased sentence."""
    for pattern in direction._LOWER_CASE_TWIN:
        assert pattern.flags & re.IGNORECASE
        assert not re.search("[A-Z]", re.sub(r"\\.|\(\?P<\w+>", "", pattern.pattern)), pattern.pattern[:60]
