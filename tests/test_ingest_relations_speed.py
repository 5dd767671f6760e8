"""The cheap paths of near-duplicate linking give the same answers as the plain ones."""
from __future__ import annotations

from datasketch import MinHash, MinHashLSH

from corpus.document import Document, Page
from corpus.documents import save_document
from ingest import relations, signature
from ingest.metadata import extract_metadata
from ingest.metadata.names import same_party
from ingest.relations import link_document

TEXT = ("MEMORANDUM OF AGREEMENT between the Polk County Sheriff's Office and U.S. Immigration and Customs "
        "Enforcement. The parties agree to share information under the terms below. ") * 8


def test_worker_signature_equals_datasketch_minhash():
    for text in (TEXT, "short", TEXT + " ".join(f"w{i}" for i in range(5000))):
        expected = MinHash(num_perm=signature.NUM_PERM)
        expected.update_batch([s.encode() for s in signature.shingles(text)])
        assert (signature.text_signature(text) == expected.hashvalues).all()


def test_band_index_finds_datasketchs_candidates_with_its_bands():
    lsh = MinHashLSH(threshold=relations.LSH_THRESHOLD, num_perm=signature.NUM_PERM)
    assert (relations.LSH_BANDS, relations.LSH_ROWS) == (lsh.b, lsh.r)
    ours = signature.BandIndex(relations.LSH_BANDS, relations.LSH_ROWS)
    words = TEXT.split()
    texts = [" ".join(words[:n]) + f" variant {n}" for n in range(30, len(words), 9)] + [TEXT, TEXT.upper(), "x y z"]
    for i, text in enumerate(texts):
        values = signature.text_signature(text)
        theirs = MinHash(num_perm=signature.NUM_PERM, hashvalues=values, scheme=signature.SCHEME)
        assert ours.query(values) == set(lsh.query(theirs))
        assert all(signature.jaccard(values, signature.text_signature(other)) ==
                   theirs.jaccard(MinHash(num_perm=signature.NUM_PERM, hashvalues=signature.text_signature(other),
                                               scheme=signature.SCHEME))
                   for other in texts[:5])
        ours.insert(str(i), values)
        lsh.insert(str(i), theirs)


def test_cached_party_comparison_forgives_ocr_slips_but_not_other_names():
    # same_party is cached (relations calls it for every candidate pair); repeated calls must agree
    for _ in range(2):
        assert same_party("Shcritrs Otlice of Polk County", "Sheriff's Office of Polk County")
        assert same_party("Sheriff's Office of Polk County", "Shcritrs Otlice of Polk County")
        assert not same_party("Ohio Department of Corrections", "Iowa Department of Corrections")
        assert not same_party("Immigration and Customs Enforcement", "Wells Police Dept")
        assert not same_party("", "ICE") and not same_party("ICE", "")


def _doc(text: str, name: str, sha: str) -> Document:
    doc = Document(source_path=name, filename=name, sha256=sha, mime="application/pdf",
                   pages=[Page(number=1, text=text, source="text")])
    extract_metadata(doc)
    return doc


def test_link_with_the_in_memory_signed_document_matches_reading_it_back(store):
    first = _doc(TEXT, "a.pdf", "a" * 64)
    first_id, _ = save_document(store, first)
    signature.sign(first)
    assert link_document(store, first_id, first) == []
    copy = _doc(TEXT.replace("share", "exchange") + " Page 1 of 1", "b.pdf", "b" * 64)
    copy_id, _ = save_document(store, copy)
    signature.sign(copy)
    relations._indexes.clear()     # another process: the index is rebuilt from the stored signatures
    assert link_document(store, copy_id, copy) == [("near_duplicate_of", first_id)]
