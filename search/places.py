"""A one-word place name does not match inside a longer one: "Mexico" does not find a
document that says only "New Mexico" (a US state) or "Mexico City" (a city), "Virginia" not
"West Virginia", "Guinea" not "Papua New Guinea".

Decided at query time from postings the index already has: every adjacent word pair is a
term (search.analysis), so a document's count of "mexico" minus its counts of "new mexico"
and "mexico city" is how often it names Mexico itself. A document whose count falls to zero
does not match the word; the others are scored with the remaining count. No reindex, and a
query for the longer name ("New Mexico") finds it as a phrase, as before.
"""
from __future__ import annotations

from search.analysis import PAIR_PREFIX, PAIR_JOINER, stem

# (longer name, the one-word name inside it): US states, countries and "<name> City".
LONGER_NAMES = {
    "mexico": ("new mexico", "mexico city"), "york": ("new york",), "jersey": ("new jersey", "jersey city"),
    "hampshire": ("new hampshire",), "virginia": ("west virginia",), "zealand": ("new zealand",),
    "guinea": ("new guinea", "equatorial guinea", "guinea bissau"), "sudan": ("south sudan",),
    "africa": ("south africa",), "arabia": ("saudi arabia",), "kansas": ("kansas city",),
    "oklahoma": ("oklahoma city",), "panama": ("panama city",), "guatemala": ("guatemala city",),
    "kuwait": ("kuwait city",), "quebec": ("quebec city",), "belize": ("belize city",),
    "vatican": ("vatican city",), "carolina": ("north carolina", "south carolina"),
    "dakota": ("north dakota", "south dakota"), "macedonia": ("north macedonia",),
    "lucia": ("saint lucia", "st lucia"), "marino": ("san marino",), "timor": ("east timor",),
}


def _pair(name: str) -> str:
    a, b = (stem(w) for w in name.split())
    return f"{PAIR_PREFIX}{a}{PAIR_JOINER}{b}"


# stem of the one-word name -> the pair terms of the longer names that contain it
INSIDE: dict[str, tuple[str, ...]] = {stem(word): tuple(_pair(n) for n in names)
                                      for word, names in LONGER_NAMES.items()}
