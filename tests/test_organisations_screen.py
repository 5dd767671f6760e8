"""The quick "cannot match" test in front of the DHS component patterns (corpus.organisations)
changes no answer: each function gives what the patterns alone give."""
from __future__ import annotations

import re
import string
import sys

import pytest

import corpus.organisations as organisations

TEXTS = [
    "", "ICE", "ice", "Immigration and Customs Enforcement", "IMMIGRATION & CUSTOMS ENFORCEMENT",
    "the U.S. Department of Homeland Security (DHS)", "homeland   security\ndepartment", "DHS Office of Inspector General",
    "the Department of Justice Office of Inspector General", "U.S. Border Patrol", "United States Border Patrol",
    "US-VISIT", "the us visit program", "Office of Biometric Identity Management", "Jamaica Coast Guard",
    "the Coast Guard", "Federal Law Enforcement Training Centers", "the I&A office", "S&T Directorate",
    "Sheriff of Pasco County", "Acme Corp. and the Secret Service", "dhs headquarters", "Homeland Security privacy office",
    # characters `re` folds onto ASCII letters that str.lower() keeps apart
    "ſecret ſervice", "Department of Homeland Security".replace("k", "\u212a"), "CUSTOMS AND BORDER PROTECTİON",
    "cıtizenship and immigration services", "\u212aingdom of Spain and the Coast Guard",
]


def _unscreened(monkeypatch) -> None:
    monkeypatch.setattr(organisations, "_screened", lambda text: iter(organisations._COMPONENTS))


def _answers(texts):
    return [(organisations.within_dhs(t), organisations.dhs_component(t), organisations.party_mentions(t))
            for t in texts]


def test_screen_changes_no_answer(monkeypatch):
    texts = TEXTS + [t.upper() for t in TEXTS] + [t.lower() for t in TEXTS] + [" and ".join(TEXTS)]
    screened = _answers(texts)
    _unscreened(monkeypatch)
    assert screened == _answers(texts)
    assert any(found for found, _, _ in screened) and not all(found for found, _, _ in screened)


def test_screen_skips_components_that_cannot_match():
    names = [c.abbr for c, _ in organisations._screened("a contract between two companies")]
    assert "DHS" not in names and "ICE" not in names and "USCIS" not in names
    # a text with a character that folds onto an ASCII letter is not screened
    assert len(list(organisations._screened("ſervice"))) == len(organisations._COMPONENTS)


def test_folding_characters_are_all_known():
    """Every non-ASCII character `re` matches to an ASCII letter ignoring case, or that lowercases
    to one, is in FOLDS_ONTO_ASCII (the screen lowercases with str.lower)."""
    everything = "".join(chr(c) for c in range(0x80, sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    folding = set(re.findall(r"(?i)[a-z]", everything))
    folding |= {ch for ch in everything if any(x in string.ascii_letters for x in ch.lower())}
    assert folding and all(organisations.FOLDS_ONTO_ASCII.match(ch) for ch in folding)


@pytest.mark.parametrize("fragment, words", [
    (r"department\s+of\s+homeland", ("department",)),
    (r"(?:dhs|homeland\s+security)\W+privacy", ("dhs", "homeland")),
    (r"\bus-?visit\b", ("us",)),
    (r"parties?\s+to", ("partie",)),
    (r"a|b", None), (r"(?:a|b)?c", None), (r"\W+x", None),
])
def test_starting_words(fragment, words):
    assert organisations.starting_words(fragment) == words


def test_lowered_reading_finds_what_the_pattern_finds():
    """within_dhs reads a component's words in the lowercased text and its abbreviations in the text
    (_names_component): the same answer as the component's pattern, in any case and on all texts joined."""
    texts = TEXTS + [t.upper() for t in TEXTS] + [t.lower() for t in TEXTS] + [" and ".join(TEXTS)]
    for text in texts:
        lowered = organisations.lowered_for_search(text)
        for component, pattern in organisations._COMPONENTS:
            found = organisations._names_component(component, pattern, text, lowered)
            assert found == bool(pattern.search(text)), (component.abbr, text)


def test_component_words_are_in_lower_case():
    """The lowered reading needs each component's words written in lower case: a capital letter (outside an
    escape such as \\s) would find nothing in a lowercased text."""
    for component in organisations.DHS_COMPONENTS:
        for fragment in component.patterns:
            assert not re.search("[A-Z]", re.sub(r"\\.", "", fragment)), (component.abbr, fragment)
