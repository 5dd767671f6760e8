"""The built-in demo corpus: synthetic agreements and related documents with known truth.

    write_demo_corpus(out_dir, count=120, seed=4006, jobs=2) -> Path   PDFs (+ .txt/.docx/.png/.tiff/.eml); truth beside the folder
    iter_demo_texts(count, seed=4006, words_per_doc=None, start=0)    (Truth, page_texts) without rendering
    demo_truth(path) -> list[Truth]                                     read the truth back

Design: every document is planned from its own seeded random streams (generator.py) as blocks of
text plus a `Truth` (truth.py); builders for agreements (agreements.py) and other records
(records.py) pick among several phrasings per section (wording.py) so types differ mainly where a
reader would look (title, purpose). Plans render to born-digital PDFs with inline redaction boxes
(render.py); about a third become image-only scans (scan.py). The fast path (fast.py) skips
rendering and pads documents from a pre-built sentence bank (padding.py).
"""
from corpus.demo.fast import iter_demo_texts
from corpus.demo.truth import TRUTH_FILE, Truth, demo_truth, truth_path
from corpus.demo.writer import write_demo_corpus

__all__ = ["Truth", "TRUTH_FILE", "demo_truth", "truth_path", "iter_demo_texts", "write_demo_corpus"]
