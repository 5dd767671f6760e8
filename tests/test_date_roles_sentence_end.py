"""The sentence end that date roles read before each date: its fast form (the stop first, the
abbreviations looked behind it) finds what the pattern as first written finds."""
from __future__ import annotations

import random
import re

from ingest.metadata import date_roles

# _SENTENCE_END as first written: the exceptions looked behind before the stop (slow: tried at every
# character), the reference the faster form must agree with
READABLE_SENTENCE_END = re.compile(r"(?<!\bNo)(?<!\bNos)(?<!\bArt)(?<!\bSec)(?<!\bInc)(?<!\bCo)(?<!\bSt)(?<!\bMr)(?<!\bDr)"
                                   r"(?<!\bv)(?<!\bvs)(?<!\bRef)(?<!\bU\.S)(?<!\b[A-Z])(?<!\bLtd)(?<!\bCorp)(?<!\bJr)"
                                   r"(?<!\bSr)(?<!\bMrs)(?<!\bMs)(?<!\bDept)(?<!\bAssn)(?<!\bNo\.)\.(?=\s)|\n\n|;")
PIECES = ["No", "Nos", "Art", "Sec", "Inc", "Co", "St", "Mr", "Dr", "v", "vs", "Ref", "U.S", "A", "Ltd", "Corp", "Jr",
          "Sr", "Mrs", "Ms", "Dept", "Assn", "x", "aNo", "xCo", "_", "é", ".", "..", ";", " ", "\n", "\n\n", "\t", "9"]


def test_sentence_end_finds_what_the_readable_pattern_finds():
    rng = random.Random(4006)
    for _ in range(20000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 16)))
        assert [m.span() for m in date_roles._SENTENCE_END.finditer(text)] == \
            [m.span() for m in READABLE_SENTENCE_END.finditer(text)], text
        start, end = sorted(rng.randint(0, len(text)) for _ in range(2))   # a search within part of a page
        found = date_roles._SENTENCE_END.search(text, start, end)
        expected = READABLE_SENTENCE_END.search(text, start, end)
        assert (found and found.span()) == (expected and expected.span()), (text, start, end)


def test_sentence_before_a_date_starts_after_the_last_full_stop_but_not_after_an_abbreviation():
    text = "The parties met on Monday. Case No. 19-2 was filed with the U.S. District Court on May 1, 2020"
    assert date_roles._sentence_before(text, text.index("May")) == \
        " Case No. 19-2 was filed with the U.S. District Court on "
