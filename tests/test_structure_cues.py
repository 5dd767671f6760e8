"""The structure cues (classifier.structure) count on the lowercased text with patterns that do not
ignore case: every count is the one the case-ignoring patterns give on the text itself."""
from __future__ import annotations

import pytest

import classifier.structure as structure
from corpus.demo.fast import iter_demo_texts

SAMPLES = [
    "IV. PURPOSE\nThe Parties SHALL agree.\nWHEREAS the County of X ...\nIN WITNESS WHEREOF\nBy: ____________",
    "ii. Scope\nMemorandum FOR the Director\nFROM: Jane Doe\nSUBJECT: Records\nDear Sir,\nSincerely,",
    "RESOLUTION NO. 12\nBE IT RESOLVED that the Union (Local 42) and Acme Corp. ... Kingdom of Spain",
    # characters `re` folds onto ASCII letters unlike str.lower(): the text is read as it is
    "ſhall \u212aingdom of Spain. WHEREAS the parties agree. PURPOSE\nİn WITNESS WHEREOF",
]


def _reference(text: str) -> list[float]:
    regions = structure._regions(text)
    words = len(structure.WORD.findall(regions["body"]))
    return [structure._value(cue, sum(1 for _ in cue.pattern.finditer(regions[cue.region])), words)
            for cue in structure.CUES]


@pytest.mark.parametrize("text", SAMPLES + [s.upper() for s in SAMPLES] + [s.swapcase() for s in SAMPLES])
def test_cue_counts_are_those_of_the_case_ignoring_patterns(text):
    assert structure.structure_vector(text) == _reference(text)


def test_cue_counts_on_generated_documents():
    texts = ["\n".join(pages) for _, pages in iter_demo_texts(80, seed=5)]
    vectors = [structure.structure_vector(t) for t in texts]
    assert vectors == [_reference(t) for t in texts]
    assert all(any(vector) for vector in vectors)


def test_every_cue_has_its_lowercase_form():
    # a capital letter outside an escape in a cue's pattern leaves that cue on the slow path
    assert all(cue.lowercase is not None for cue in structure.CUES)
