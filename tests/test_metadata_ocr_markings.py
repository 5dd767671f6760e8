"""Release markings as OCR reads them off scanned pages (issue 12, the demo corpus's scans): made-up text of our own
in the shapes Tesseract gives."""
from __future__ import annotations

from extracted_text import extracted as _extract


def _flags(doc) -> set[str]:
    return {f.normalized for f in doc.fields if f.name == "restricted_flag"}


def test_title_iii_read_with_lower_case_ls_is_still_title_iii_where_intercepts_follow():
    doc = _extract("MEMORANDUM OF UNDERSTANDING\n\nThe receiving Party will not disclose the contents of Title Ill "
                   "intercepts, or anything derived from them, without a court order.\n")
    assert "title_iii" in _flags(doc)


def test_title_ii_or_a_title_with_no_interception_words_is_no_title_iii():
    assert "title_iii" not in _flags(_extract("MEMORANDUM\n\nTitle II of the Act governs wire communications.\n"))
    assert "title_iii" not in _flags(_extract("MEMORANDUM\n\nTitle Ill of the Act sets the grant's matching share.\n"))


def _codes(doc) -> dict[str, int]:
    return {f.normalized: f.attributes["count"] for f in doc.fields if f.name == "foia_code"}


def test_an_exemption_stamp_with_a_bracket_read_as_a_brace_is_counted_as_printed():
    doc = _extract("MEMORANDUM OF UNDERSTANDING\n\nPoints of contact: (b}(6), (b){7)(C), Branch Chief, telephone "
                   "(b)(6).\nAuthority: Section 4{b}(2) of the Act.\n")
    assert _codes(doc) == {"(b)(6)": 2, "(b)(7)(C)": 1}
