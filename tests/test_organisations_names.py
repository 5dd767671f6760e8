"""Country and state names grouped by first letter (corpus.organisations.names_alternation) match
what the flat list of names matches."""
from __future__ import annotations

import re

import pytest

import corpus.organisations as organisations
from corpus.demo.fast import iter_demo_texts


def _flat(names) -> str:
    return "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len, reverse=True))


TEXTS = ["the Republic of Niger and Nigeria", "NIGERIA, niger", "New Mexico and New Jersey State Police",
         "New York County", "Virginia West Virginia", "the Government of the Dominican Republic and Dominica",
         "Sudan and South Sudan", "Guinea-Bissau, Guinea, Equatorial Guinea, Papua New Guinea",
         "ſpain and the \u212aingdom of Spain", "united  kingdom\ncoast guard", "Samoa, American Samoa",
         "the Embassy of the Netherlands", "India Indiana Indianapolis"]


@pytest.mark.parametrize("names", [organisations.COUNTRIES, organisations.US_STATES])
def test_grouped_names_match_what_the_flat_list_matches(names):
    texts = TEXTS + [t.upper() for t in TEXTS] + ["\n".join(p) for _, p in iter_demo_texts(40, seed=3)]
    for flags in (0, re.IGNORECASE):
        grouped = re.compile(rf"\b(?:{organisations.names_alternation(names)})\b", flags)
        flat = re.compile(rf"\b(?:{_flat(names)})\b", flags)
        for text in texts:
            assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in flat.finditer(text)], text
    assert re.search(organisations.names_alternation(names), " ".join(names))


def test_names_differing_in_first_letter_case_are_refused():
    with pytest.raises(ValueError):
        organisations.names_alternation(["Niger", "nowhere"])
