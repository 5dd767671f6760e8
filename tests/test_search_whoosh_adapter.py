"""search/whoosh_adapter.py is the only code that touches whoosh internals: it refuses other
whoosh versions, and what it reads equals what whoosh's public API reads."""
from __future__ import annotations

import importlib

import pytest
import whoosh
from whoosh import index as windex

from search import bulk, whoosh_adapter
from search.engine import postings_of
from search.schema import FastCodec, IndexRecord, index_fields, make_schema

RECORDS = [IndexRecord(id=i, filename=f"f{i}.pdf", title=f"title {i % 3}",
                       text=" ".join(["agreement"] * (i % 4 + 1) + ["sharing", f"word{i}"] * (i % 2 + 1)),
                       type="mou" if i % 2 else "moa", visibility_tokens=["*"]) for i in range(1, 40)]


def test_other_whoosh_versions_are_refused_with_a_message(monkeypatch):
    assert whoosh_adapter.SUPPORTED_WHOOSH == tuple(whoosh.__version__[:3])
    monkeypatch.setattr(whoosh, "__version__", (2, 8, 0))
    with pytest.raises(ImportError, match=r"needs whoosh-reloaded 2\.7\.5.*pip install"):
        importlib.reload(whoosh_adapter)
    monkeypatch.undo()
    importlib.reload(whoosh_adapter)


def _public_postings(reader, fieldname, btext):
    matcher = reader.postings(fieldname, btext)
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return ids, weights


@pytest.mark.parametrize("build", ["whoosh writer", "bulk"])
def test_adapter_reads_what_the_public_api_reads(tmp_path, build):
    windex.create_in(str(tmp_path), make_schema())
    if build == "bulk":
        bulk.build(str(tmp_path), iter(RECORDS), procs=1)
    else:
        ix = windex.open_dir(str(tmp_path))
        writer = ix.writer(codec=FastCodec())
        for record in RECORDS:
            writer.add_document(**index_fields(record))
        writer.commit()
    ix = windex.open_dir(str(tmp_path))
    with ix.searcher() as searcher:
        (reader, _), = searcher.reader().leaf_readers()
        infos = {(f, t): info for f, t, info in whoosh_adapter.term_infos(reader)}
        public_terms = {(f, t) for f, t in reader.all_terms()}
        assert set(infos) == public_terms and len(public_terms) > 50
        keys = whoosh_adapter.term_keys(reader)
        for fieldname, btext in sorted(public_terms):
            assert whoosh_adapter.term_key(reader, fieldname, btext) in keys
            ids, weights = _public_postings(reader, fieldname, btext)
            for matcher in (whoosh_adapter.term_matcher(reader, fieldname, btext),
                            whoosh_adapter.postings_from_info(reader, fieldname, btext, infos[fieldname, btext],
                                                              reader.schema[fieldname].format)):
                got_ids, got_weights = postings_of(matcher)
                assert got_ids.tolist() == ids and got_weights.tolist() == pytest.approx(weights)
        assert whoosh_adapter.term_matcher(reader, "text", b"nosuchterm") is None
        # a compound segment (whoosh's writer) has no folder of its own files; a bulk-built one does
        assert whoosh_adapter.segment_folder(reader) == (str(tmp_path) if build == "bulk" else None)
