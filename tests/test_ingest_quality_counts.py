"""The quality check's counts, taken with str methods: blank is what `re`'s \\s matches, every
Unicode space included; vowels are counted in either case."""
from __future__ import annotations

import re
import sys

from ingest.quality import text_layer_problem

EVERY_SPACE = "".join(chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(c)))


def test_every_unicode_space_is_blank_in_the_visible_count():
    text = EVERY_SPACE.join("abcdefghij")   # 10 visible characters among 29 kinds of space
    assert text_layer_problem(text, 40) == "text layer too short (10 characters < 40)"


def test_shifted_letters_without_vowels_do_not_read_as_english():
    page = " ".join(["Qwrt", "Zxcvb", "Plmnk", "Brrxt"] * 10)
    assert "0% vowels" in text_layer_problem(page, 40)
    # the same share of vowels, in capitals or not, keeps a page without common words (a list of names)
    names = " ".join(["Marlow", "COUNTY", "Sheriff", "OFFICE", "Denton", "Harris"] * 5)
    assert text_layer_problem(names, 40) == ""
