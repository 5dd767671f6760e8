"""Word boxes as stored: the packed encoding reads back as the JSON encoding did, and rows written
in the JSON encoding (stores from before the packed one) still read."""
from __future__ import annotations

import json
import zlib

from corpus.page_words import SCALE, decode_words, encode_words

BOXES = [("Agreement", 0.1, 0.05, 0.3333333, 0.07), ("between", 0.34, 0.05, 0.45, 0.0712345),
         ("ICE", 0.0, 0.0, 1.0, 1.0), ("“Party”,", 0.12345, 0.5, 0.99995, 0.50004), ("é", 0.00004, 0.00005, 0.5, 0.6)]


def _json_encoded(words) -> bytes:
    """A row as Accord wrote it before the packed encoding."""
    rows = [[w, int(x0 * SCALE + .5), int(y0 * SCALE + .5), int(x1 * SCALE + .5), int(y1 * SCALE + .5)]
            for w, x0, y0, x1, y1 in words]
    return zlib.compress(json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode(), 1)


def test_packed_boxes_read_back_as_the_json_ones_did():
    packed = encode_words(BOXES)
    assert zlib.decompress(packed).startswith(b"W2")
    decoded = decode_words(packed)
    assert decoded == decode_words(_json_encoded(BOXES))
    assert [w for w, *_ in decoded] == [w for w, *_ in BOXES]
    assert decoded[0][3] == 3333 / SCALE and decoded[3][3] == 1.0   # rounded to 1/SCALE, half up


def test_rows_written_in_the_json_encoding_still_read():
    assert decode_words(_json_encoded(BOXES))[1] == ("between", 0.34, 0.05, 0.45, 712 / SCALE)
    assert decode_words(_json_encoded([])) == []


def test_no_words_and_words_with_newlines():
    assert decode_words(encode_words([])) == []
    odd = [("two\nlines", 0.1, 0.1, 0.2, 0.2), ("x", 0.3, 0.3, 0.4, 0.4)]
    assert decode_words(encode_words(odd)) == decode_words(_json_encoded(odd))
    assert [w for w, *_ in decode_words(encode_words(odd))] == ["two\nlines", "x"]
