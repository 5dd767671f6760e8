"""Parties found by the entity recogniser (the last resort, when no rule finds any) are names
without the layout's spaces around them, and their evidence offsets cover the name alone."""
from __future__ import annotations

import pytest

from ingest.metadata import nlp

from extracted_text import extracted

OPENING = ("CONSULTING AGREEMENT\n\nThis consulting agreement sets out the work that "
           "Dynamex Inc.   will buy from Harbour Logistics LLC  under the order below.\n")


@pytest.fixture
def spaced_entities(monkeypatch):
    """The recogniser as seen on wide layouts: entity text running on into the spaces after a name."""
    def entities(text, labels=("ORG", "PERSON")):
        found = []
        for name in ("Dynamex Inc.   ", " Harbour Logistics LLC  "):
            start = text.find(name)
            if start >= 0:
                found.append((start, start + len(name), "ORG", name))
        return found
    monkeypatch.setattr(nlp, "entities", entities)


def test_entity_parties_are_trimmed_names(spaced_entities):
    doc = extracted(OPENING)
    parties = [f for f in doc.fields if f.name == "party" and f.extractor == "spacy:ner"]
    assert [f.value for f in parties] == ["Dynamex Inc.", "Harbour Logistics LLC"]
    page = doc.pages[0].text
    assert [page[f.evidence.start:f.evidence.end] for f in parties] == ["Dynamex Inc.", "Harbour Logistics LLC"]
