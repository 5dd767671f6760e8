"""Every use of whoosh's private internals, in one place, for one whoosh version.

The fast paths read posting blocks whole (search.engine), list a segment's term keys, and
write bulk-built posting blocks without whoosh's per-posting Python loops (search.bulk).
Those need attributes whoosh does not promise to keep (`_terms`, `_tindex`, `_read_data`,
`_postwriter` ...). They are reached only through the functions below, and this module
refuses to load with any whoosh other than the one it was written and tested against
(tests/test_search_whoosh_adapter.py pins its behaviour): a different version fails at
start-up with a message, never with a wrong result. (search.bulk's writers and
search.writing's LiveSegmentWriter also subclass whoosh's SegmentWriter and override its
_flush_segment hook; that coupling is covered by the same version check.)
"""
from __future__ import annotations

import struct
from array import array
from hashlib import md5
from typing import Callable, Iterator

import whoosh
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3FieldWriter, W3LeafMatcher, W3TermInfo
from whoosh.filedb.filetables import OrderedHashWriter
from whoosh.reading import TermNotFound

SUPPORTED_WHOOSH = (2, 7, 5)

if tuple(whoosh.__version__[:3]) != SUPPORTED_WHOOSH:
    raise ImportError(
        f"Accord's search needs whoosh-reloaded {'.'.join(map(str, SUPPORTED_WHOOSH))}, found "
        f"{whoosh.versionstring()}: its fast paths read whoosh internals that change between versions. "
        f"Install the pinned version: pip install 'whoosh-reloaded=={'.'.join(map(str, SUPPORTED_WHOOSH))}'.")


# --- reading ---------------------------------------------------------------------------
def term_matcher(reader, fieldname: str, btext: bytes):
    """A fresh matcher over one term's postings in one segment, or None."""
    if not hasattr(reader, "_terms"):   # whoosh's EmptyReader: an index with no segment yet
        return None
    try:
        return reader._terms.matcher(fieldname, btext, reader.schema[fieldname].format)
    except (KeyError, TermNotFound):
        return None


def leaf_blocks(matcher) -> Iterator[tuple[object, object, bool]] | None:
    """(ids, weights, ids_are_deltas) of each posting block of a fresh whoosh3 matcher, in
    order; None for any other matcher (walk it with the public id()/weight()/next()).
    weights: None (all 1), one float (all equal) or a sequence."""
    if not isinstance(matcher, W3LeafMatcher):
        return None

    def blocks():
        while True:
            matcher._read_data()
            ids, weights, _ = matcher._data
            yield ids, weights, not matcher._byteids
            if matcher._lastblock:
                return
            matcher._goto(matcher._nextoffset)
    return blocks()


def segment_folder(reader) -> str | None:
    """The folder of a segment's files (None for an in-memory storage)."""
    return storage_folder(reader._storage)


def storage_folder(storage) -> str | None:
    """The folder of an index storage (None for an in-memory storage)."""
    return getattr(storage, "folder", None)


def term_keys(reader) -> set:
    """Every (encoded) term key of a segment: membership tests without a term lookup."""
    return set(reader._terms._tindex.keys())


def term_key(reader, fieldname: str, btext: bytes):
    return reader._terms._keycoder(fieldname, btext)


def has_term_keys(reader) -> bool:
    return hasattr(reader, "_terms")


def term_infos(reader) -> Iterator[tuple[str, bytes, bytes]]:
    """(field name, term bytes, encoded term info) of every term of a segment, unsorted;
    the info is decoded only by `postings_from_info`."""
    decode = reader._terms._keydecoder
    for keybytes, infobytes in reader._terms._tindex.items():
        fieldname, btext = decode(keybytes)
        yield fieldname, btext, infobytes


def postings_from_info(reader, fieldname: str, btext: bytes, infobytes: bytes, fieldformat):
    """A matcher for a term whose encoded info came from `term_infos`."""
    terms = reader._terms
    return terms._codec.postings_reader(terms._postfile, W3TermInfo.from_bytes(infobytes), fieldformat,
                                        term=(fieldname, btext))


# --- writing ---------------------------------------------------------------------------
def block_limit(fieldwriter) -> int:
    """Postings per block of a field writer's posting writer."""
    return fieldwriter._postwriter._blocklimit


def put_block(fieldwriter, ids: array, weights: array, packed_weights: Callable[[], object],
              values: list[bytes], maxweight: float, packed_ids: Callable[[], object], *, last: bool) -> None:
    """Hand one whole posting block to whoosh's posting writer (instead of one add() per
    posting); `packed_*` return what whoosh's minifiers would. The last block of a term is
    written by finish_term(), the others here."""
    pw = fieldwriter._postwriter
    pw._ids = ids
    pw._weights = weights
    pw._mini_weights = packed_weights
    pw._values = values
    pw._maxweight = maxweight
    pw._mini_ids = packed_ids
    if not last:
        pw._write_block()


def mark_added(writer) -> None:
    """Tell a segment writer that documents were added (bulk writers add them their own way)."""
    writer._added = True


def finalize_segment(writer):
    """Close a segment writer's files and return its segment, without committing a TOC
    (search.bulk commits several segments at once)."""
    return writer._finalize_segment()


# --- writing whole terms (search.term_blocks) ---------------------------------------------
POSTINGS_MAGIC = WHOOSH3_HEADER_MAGIC


def posting_settings(fieldwriter) -> int | None:
    """The block limit of a whoosh3 field writer whose codec writes uncompressed blocks and
    inlines no postings (what search.term_blocks reproduces); None for any other."""
    if not isinstance(fieldwriter, W3FieldWriter):
        return None
    codec = fieldwriter._codec
    if codec._compression or codec._inlinelimit > 1:
        return None
    return codec._blocklimit


def postings_file(fieldwriter):
    return fieldwriter._postfile


def term_table(fieldwriter):
    """The segment's term table (an OrderedHashWriter: add(key, terminfo bytes) in key order)."""
    return fieldwriter._tindex


def start_field(fieldwriter, fieldname: str, fieldobj) -> int:
    """Start a field on a field writer; its number (the first two bytes of its term keys)."""
    fieldwriter.start_field(fieldname, fieldobj)
    return fieldwriter._fieldid


def finish_field(fieldwriter) -> None:
    fieldwriter.finish_field()


_ROW_LENGTHS = struct.Struct("!ii")   # filetables' key and value lengths before each row


def add_term_rows(table, keys: list[bytes], values: list[bytes]) -> None:
    """`table.add(key, value)` for each pair (keys ascending), writing the same bytes and hash
    entries with one file write: OrderedHashWriter.add costs several Python calls a row."""
    if table.hashtype != 0 or type(table) is not OrderedHashWriter:
        for key, value in zip(keys, values):
            table.add(key, value)
        return
    if not keys:
        return
    if keys[0] <= table.lastkey:
        raise ValueError(f"Keys must increase: {table.lastkey!r}..{keys[0]!r}")
    dbfile, buckets, positions = table.dbfile, table.buckets, table.index
    pos = dbfile.tell()
    rows = []
    for key, value in zip(keys, values):
        positions.append(pos)
        rows += (_ROW_LENGTHS.pack(len(key), len(value)), key, value)
        h = int.from_bytes(md5(key, usedforsecurity=False).digest()[-4:], "big")   # filetables.md5_hash
        buckets[h & 255].append((h, pos))
        pos += 8 + len(key) + len(value)
    dbfile.write(b"".join(rows))
    table.lastkey = keys[-1]


# --- merging (search.writing) --------------------------------------------------------------
def segment_name(reader) -> str:
    """The name a segment's files start with (flat posting files included)."""
    return reader.segment().segment_id()


def add_to_pool(pool, items: list[tuple]) -> None:
    """`pool.add(item)` for many (fieldname, btext, docnum, weight, value) postings: the same
    items in the pool, saved to a sorted run once it holds more than its limit (the pool
    yields them all sorted either way), without whoosh's per-posting call and asserts."""
    if not items:
        return
    pool.fieldnames.update({item[0] for item in items})
    # PostingPool.add's size estimate (tuple, field name, text, docnum, weight, value)
    pool.currentsize += sum(150 + len(f) + 2 * len(t) + len(v or b"") for f, t, _, _, v in items)
    pool.current.extend(items)
    if pool.currentsize > pool.limit:
        pool.save()
