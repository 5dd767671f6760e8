"""How the spaCy pipeline is loaded (ingest/metadata/nlp.py): without spaCy's command-line interface
and without reading the model package's tokenizer, and with the same entities as the package's own."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ingest.metadata import nlp

REPO = Path(__file__).resolve().parents[1]
EXCERPTS = [
    "This Memorandum of Agreement is entered into by U.S. Immigration and Customs Enforcement (ICE) and the "
    "Harris County Sheriff's Office, signed by John Smith, Sheriff, on March 3, 2019.",
    "MUTUAL NON-DISCLOSURE AGREEMENT between Acme Widgets, Inc., a Delaware corporation (\"Acme\"), and "
    "Globex Corp. Dr. Jane O'Neil-Baker, Vice President, e-mail jane@globex.example, tel. 555-0100.",
    "Signed: /s/ Robert T. Jones Jr.  Title: Chief of Police, City of St. Louis Police Dept.  Date: 12/01/2020",
]


def _spacy_or_skip():
    spacy = pytest.importorskip("spacy")
    if nlp.pipeline() is None:
        pytest.skip(f"the spaCy model {nlp.MODEL_NAME} is not installed")
    return spacy


@pytest.mark.model
def test_the_english_tokenizer_is_the_one_the_model_package_holds():
    """Skipping the package's tokenizer is exact only while it holds spaCy's English defaults: a model
    with tokenizer rules of its own fails here (then drop "tokenizer" from nlp.EXCLUDED)."""
    spacy = _spacy_or_skip()
    ours = nlp.pipeline()
    packaged = spacy.load(nlp.MODEL_NAME, exclude=[name for name in nlp.EXCLUDED if name != "tokenizer"])
    assert ours.tokenizer.to_bytes(exclude=["vocab"]) == packaged.tokenizer.to_bytes(exclude=["vocab"])
    for text in EXCERPTS:
        assert [t.text for t in ours.tokenizer(text)] == [t.text for t in packaged.tokenizer(text)]


@pytest.mark.model
@pytest.mark.slow
def test_loading_the_pipeline_leaves_spacys_command_line_alone():
    """In a fresh process, as in the pool's fork server: no typer, weasel or httpx imported; the
    real spacy.cli still imports afterwards."""
    _spacy_or_skip()
    script = """
import sys
from ingest.metadata import nlp
assert nlp.pipeline() is not None
print(sorted(m for m in ("spacy.cli", "weasel", "typer", "httpx", "requests") if m in sys.modules))
print(len(nlp.entities("Signed by John Smith for U.S. Immigration and Customs Enforcement.")))
import spacy.cli
from spacy.cli.info import info
print(spacy.cli.info is info and spacy.info.__name__)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.splitlines() == ["[]", "2", "_spacy_info"]
