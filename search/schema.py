"""The whoosh schema of the index and the record -> index-document mapping.

One whoosh document per stored document (not per page): posting lists stay one entry
per agreement, which is what keeps queries fast at 50,000 documents. The page of a hit
is found when its snippet is made, from the page texts of the top hits only.

Full text is NOT stored in the index (the store has it); each index document stores
only a small `meta` dict used for result rows, facets, sorting and the visibility
filter.
"""
from __future__ import annotations

import hashlib
import json
import re
import secrets
from dataclasses import dataclass, field
from datetime import date

from whoosh import fields, formats
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3Segment
from whoosh.system import pack_uint

from search.analysis import query_analyzer, spellings, text_terms

# Bump when the schema or the analysis chain changes: an index with another version
# is rebuilt from the store when it is opened.
# 13: the last signature's day in each document's meta ("signed in 2019"): an index built before lacks it; 12: notes (the texts of a document's notes, searchable by whoever may see it); 11: domain spellings in analysis (287(g) = 287g, (b)(6) = b6, U.S. = US ...), "us" no stop word; 10: the file's own properties (a PDF's Title, Subject, Author, Keywords); 9: compact flat
# posting files (bitmaps, uint8 frequencies); 8: flat posting files beside bulk-built segments;
# 7: bulk-built posting blocks pickle as bytes; 6: one merged segment; 5: id is one term
SCHEMA_VERSION = 13


class FastText(fields.FieldType):
    """Full-text field analysed by search.analysis in one pass (unigrams + word pairs)."""

    def __init__(self):
        super().__init__(formats.Frequency(), query_analyzer(), scorable=False, stored=False)

    def index(self, value, **kwargs):
        counts, _ = text_terms(value)
        for term, freq in counts.items():
            yield term.encode("utf-8"), freq, float(freq), pack_uint(freq)


class _PostingsWithoutLengths(W3FieldWriter):
    # The evaluator keeps its own lengths (meta["len"]); without this whoosh looks up a
    # length column per posting, which costs more than writing the posting.
    def add_postings(self, schema, lengths, items):
        return super().add_postings(schema, None, items)


class FastCodec(W3Codec):
    """whoosh's codec with bigger, uncompressed posting blocks (read whole by the evaluator)."""

    def __init__(self):
        super().__init__(blocklimit=1024, compression=0)

    def field_writer(self, storage, segment):
        return _PostingsWithoutLengths(self, storage, segment)

    def new_segment(self, storage, indexname):
        # whoosh names segments with the `random` module; code that seeds it (hypothesis,
        # tests, simulations) makes two writers pick the same name and overwrite a live
        # segment. OS randomness does not repeat.
        return W3Segment(self, indexname, segid=secrets.token_hex(8))


def keyword_field():
    # Values are passed as lists of already-normalised strings (bypassing analysis).
    return fields.KEYWORD(lowercase=True, scorable=False)


def make_schema() -> fields.Schema:
    return fields.Schema(
        id=fields.ID(unique=True, stored=True),
        title=FastText(),
        text=FastText(),
        party=FastText(),
        filename=FastText(),
        properties=FastText(),
        notes=FastText(),
        type=keyword_field(),
        scope=keyword_field(),
        foia=keyword_field(),
        flag=keyword_field(),
        year=keyword_field(),
        acl=keyword_field(),
        meta=fields.STORED(),
    )


@dataclass
class IndexRecord:
    """Everything the index needs about one document (built from the store, or by the bench)."""

    id: int
    filename: str
    title: str
    text: str                                  # all pages joined by "\n"
    type: str = ""
    scope: str = ""
    parties: list[str] = field(default_factory=list)
    foia_codes: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    effective_date: str | None = None          # ISO yyyy-mm-dd
    expiry_date: str | None = None
    signature_date: str | None = None          # the last signature's ("signed in 2019" reads it)
    ingested: str | None = None
    owner: str = ""
    visibility_tokens: list[str] = field(default_factory=list)
    properties: list[str] = field(default_factory=list)   # the file's own Title, Subject, Author, Keywords
    notes: list[str] = field(default_factory=list)        # the texts of its notes (not deleted ones)


def _day(iso: str | None) -> int | None:
    if not iso:
        return None
    try:
        return date.fromisoformat(iso[:10]).toordinal()
    except ValueError:
        return None


_NAME_BREAK = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])|[_.\-]+")


def filename_words(filename: str) -> str:
    """File names are searchable by their parts: "pascoCoSheriff_TFM_MOA_02272025.pdf" ->
    "pasco Co Sheriff TFM MOA 02272025 pdf" (camelCase and letter/digit boundaries)."""
    return _NAME_BREAK.sub(" ", filename)


def index_fields(record: IndexRecord) -> dict:
    """The keyword arguments of whoosh's add_document/update_document for a record."""
    effective = _day(record.effective_date)
    year = [str(date.fromordinal(effective).year)] if effective else []
    meta = {
        "id": record.id, "filename": record.filename, "title": record.title,
        "type": record.type, "scope": record.scope, "parties": list(record.parties),
        "foia": list(record.foia_codes), "flags": list(record.flags),
        "effective": effective, "expiry": _day(record.expiry_date), "ingested": _day(record.ingested),
        "owner": record.owner, "acl": list(record.visibility_tokens),
        # BM25 length normalisation uses the word count; str.split keeps this in C.
        "len": len(record.text.split()) + 1, "tlen": len(record.title.split()) + 1,
    }
    signed = _day(record.signature_date)
    if signed:   # only where known: the stamps (meta_stamp) of documents without one stay as they were
        meta["signed"] = signed
    return {
        "id": str(record.id),
        "title": record.title,
        "text": record.text,
        "party": " \n ".join(record.parties),
        "filename": filename_words(record.filename),
        "properties": " \n ".join(record.properties),
        "notes": " \n ".join(record.notes),
        "type": [record.type.lower()] if record.type else [],
        "scope": [record.scope.lower()] if record.scope else [],
        "foia": [spellings(c).lower() for c in record.foia_codes],   # "(b)(6)" -> "b6", as a query spells it
        "flag": [f.lower() for f in record.flags],
        "year": year,
        "acl": list(record.visibility_tokens),
        "meta": meta,
    }


def meta_stamp(meta: dict) -> str:
    """A document's stamp in the index: a hash of its stored meta (title, labels, ACL, dates,
    length...). `accord check` compares it with the stamp the store's record gives now."""
    return hashlib.sha256(json.dumps(meta, sort_keys=True, default=str).encode()).hexdigest()[:16]


# Fields a query may name, and the index field each one reads. Dates are handled as
# ranges by search.query, not through postings.
QUERY_FIELDS = {
    "title": "title", "text": "text", "body": "text", "content": "text",
    "party": "party", "parties": "party", "agency": "party",
    "filename": "filename", "file": "filename", "properties": "properties", "property": "properties",
    "notes": "notes", "note": "notes",
    "type": "type", "scope": "scope", "foia": "foia", "flag": "flag", "year": "year", "id": "id",
}
# a party named in the query ranks a document above one that only mentions the name in its text
DEFAULT_FIELDS = {"text": 1.0, "title": 3.0, "party": 3.0, "filename": 1.0, "properties": 1.0, "notes": 1.0}
KEYWORD_FIELDS = ("type", "scope", "foia", "flag", "year", "acl", "id")
