"""Signature blocks as OCR reads them off scanned pages (issue 12, the demo corpus's scans): the ink of a
signature above the signer's name comes out as a line of short made-up words. Made-up text of our own."""
from __future__ import annotations

from extracted_text import extracted as _extract

_BODY = ("INTERCONNECTION SECURITY AGREEMENT\n\nThe Bureau of Examples and the Office of Samples connect their "
         "systems under this Agreement.\n\nArticle 9 - Approval\nIN WITNESS WHEREOF, the Parties have signed this "
         "Agreement.\n")


def _signers(doc) -> list[str]:
    return [f.value for f in doc.fields if f.name == "signatory"]


def test_a_signatures_ink_read_as_two_words_above_the_signers_name_and_office_is_no_signatory():
    doc = _extract(_BODY + "Ty Mo\nHelen R. Castellan, Director\nBureau of Examples\nDate: March 2, 2021\n"
                           "Gq Ab\nOwen Farrier, Chief Information Officer\nOffice of Samples\nDate: March 9, 2021\n")
    assert _signers(doc) == ["Helen R. Castellan", "Owen Farrier"]


def test_a_name_over_its_office_on_the_next_line_is_still_the_signatory():
    doc = _extract(_BODY + "Helen R. Castellan\nDirector, Bureau of Examples\nDate: March 2, 2021\n")
    assert _signers(doc) == ["Helen R. Castellan"]
