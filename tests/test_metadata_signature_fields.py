"""Signature dates where scanned signature blocks put them, and dates of documents a sentence cites across a page
break (issue 12, generalisation round): made-up text in the shapes OCR'd MOAs and EDGAR filings take."""
from __future__ import annotations

from ingest.metadata.dates import find_dates, is_date_line
from extracted_text import date_roles as _roles, extracted as _extract, field_value as _value

_MOA = ("MEMORANDUM OF AGREEMENT\n\nThis Memorandum of Agreement constitutes an agreement between the Department of "
        "Examples and the Harbor County Sheriff's Office.\n\nIX. EFFECTIVE DATE\n\nThis MOA becomes effective upon "
        "signature of both parties and will remain in effect until either party terminates it.\n\n"
        "By signing this MOA, each party represents it is fully authorized to enter into this MOA.\n\n")


def _signed_values(doc) -> set[str]:
    return {f.normalized for f in doc.fields if f.name == "signature_date"}


def test_a_handwritten_date_with_its_digits_split_by_ocr_is_read_in_a_date_field():
    doc = _extract(_MOA + "For the LEA: For the Department:\n\nDate: 4/2 8 /25~ Date: April 22, 2025\n"
                          "Signature: zz Signature: yy\nTitle: Sheriff Title: Director\n")
    assert _signed_values(doc) == {"2025-04-28", "2025-04-22"}
    assert _value(doc, "effective_date") == "2025-04-28"      # the later of the two signatures


def test_digits_split_by_spaces_are_no_date_outside_a_date_field():
    assert find_dates("Room 4/2 8 /25 holds the files") == []
    assert find_dates("Date:\n\n4/2 8/25") == []               # the label's field is on its own line
    assert [d.value.isoformat() for d in find_dates("Dated: 1 1/0 3/2 024")] == ["2024-11-03"]


def test_a_date_read_above_an_illegible_date_field_is_that_fields_signature_date():
    doc = _extract(_MOA + "For the LEA: For the Department:\n\nMay 2, 2024\nDate: xq -YQAS Date: April 30, 2024\n"
                          "Signature: zz Signature: yy\nTitle: Sheriff Title: Director\n")
    assert _signed_values(doc) == {"2024-05-02", "2024-04-30"}
    assert _value(doc, "effective_date") == "2024-05-02"


def test_a_date_line_far_from_any_date_field_is_no_signature_date():
    doc = _extract(_MOA + "For the LEA: For the Department:\n\nDate: April 29, 2024 Date: April 30, 2024\n"
                          "Signature: zz Signature: yy\n\nAPPENDIX B\n\nTraining schedule for the officers of the "
                          "Harbor County Sheriff's Office, set by the Department and the Office together each year, "
                          "as the academy of the Department allows, with refresher classes in the autumn of each "
                          "year.\n\nMay 20, 2024\n\nClasses begin at nine.\n"
                          "Room 12\nBring the forms.\nEnrolment\nDate: see the roster\n")
    assert _signed_values(doc) == {"2024-04-29", "2024-04-30"}


def test_one_test_of_a_line_that_is_only_dates():
    assert is_date_line("  March 5, 2025.  ")
    assert is_date_line("02/19/25 February 27, 2025")
    assert not is_date_line("Washington, March 5, 2025")


def test_a_cited_document_named_agreement_and_plan_is_not_this_agreement():
    doc = _extract("AGENCY AGREEMENT\n\nNovember __, 2010\n\nDear Sirs:\n\nThe Bank will reorganise, all in accordance "
                   "with the Agreement and Plan of Merger, dated as of June 3, 2010, as amended. The Company asks you to "
                   "act as its agent.\n")
    assert _roles(doc)["2010-06-03"] == "cited"
    assert _value(doc, "effective_date") is None


def test_a_sentence_is_read_across_a_page_break_in_an_edgar_text():
    doc = _extract("AGENCY AGREEMENT\n\nNovember __, 2010\n\nDear Sirs:\n\nThe Bank will reorganise, all in accordance "
                   "with the Agreement and Plan\n\n3\n\n\n\nof Merger, dated as of June 3, 2010, as amended. The "
                   "Company asks you to act as its agent.\n")
    assert _roles(doc)["2010-06-03"] == "cited"
    assert _value(doc, "effective_date") is None


def test_a_date_named_the_execution_date_is_a_signing_date_where_the_effective_date_is_defined_apart():
    doc = _extract("LICENSE AND SUPPLY AGREEMENT\n\nThis License and Supply Agreement (this \"Agreement\") is entered "
                   "into as of May 4, 2016 (the \"Execution Date\"), by and between Alpha Labs, Inc. and Beta Pharma "
                   "Ltd.\n\n1.12 The terms of this Agreement shall not be effective until the \"Effective Date,\" which "
                   "means the date on which the regulatory clearance is obtained.\n")
    assert _roles(doc)["2016-05-04"] == "signature"
    assert _value(doc, "effective_date") is None


def test_a_date_named_the_execution_date_is_the_effective_date_where_nothing_else_is():
    doc = _extract("LICENSE AND SUPPLY AGREEMENT\n\nThis License and Supply Agreement (this \"Agreement\") is entered "
                   "into as of May 4, 2016 (the \"Execution Date\"), by and between Alpha Labs, Inc. and Beta Pharma "
                   "Ltd.\n")
    assert _value(doc, "effective_date") == "2016-05-04"


def test_made_as_of_deep_in_a_contract_dates_something_else():
    doc = _extract("SERVICES AGREEMENT\n\nThe parties agree as follows.\n\n" + "1. Services. The Supplier provides the "
                   "services described in the schedules, as the Customer requests them in writing.\n" * 120 +
                   "9. Rates. The first adjustment of the rates under this Agreement is to be made as of January 1, "
                   "2019.\n")
    assert _value(doc, "effective_date") is None


def test_a_long_cited_name_over_commas_is_another_documents():
    doc = _extract("LETTER AMENDMENT\n\nReference is made to the Collaborative Research, Development and "
                   "Commercialization Agreement (the \"Collaboration Agreement\"), dated as of June 8, 2012, by and "
                   "between Alpha Labs, Inc. and Beta Pharma Ltd.\n")
    assert _roles(doc)["2012-06-08"] == "cited"


def test_a_date_written_into_the_blanks_of_a_date_line_is_read():
    assert [d.value.isoformat() for d in find_dates("Date: _06_______________ /12/2020")] == ["2020-06-12"]
    assert [d.value.isoformat() for d in find_dates("Date: __3__/__5__/2025")] == ["2025-03-05"]
    assert find_dates("Date: ____ /____/____") == []


def test_an_addendum_naming_the_day_the_agreement_took_effect_outranks_a_partly_read_signature_block():
    doc = _extract(_MOA, "APPENDIX A\n\nPoints of contact.\n", "For the LEA: For the Department:\n\n"
                   "Date: _06_______________ /12/2020 Date: xx-yy\nSignature: zz Signature: yy\n",
                   "ADDENDUM\n\nThe parties agree to modify the Memorandum of Agreement that was effective on March 9, "
                   "2020, as follows.\n")
    assert _value(doc, "effective_date") == "2020-03-09"


def _signatories(doc) -> list[str]:
    return [f.value for f in doc.fields if f.name == "signatory"]


def test_a_scanned_signature_block_whose_rule_line_ocr_lost_still_names_its_signers():
    # the signing rules came out as scribble ("RN, ce Sie") or not at all; name, office, organisation, Date: remain
    doc = _extract(_MOA + "XI. APPROVAL\nThe undersigned, being duly authorized, agree to the terms above.\nRN, ce Sie\n"
                          "Harriet Q. Vandermeer, Commandant\nDepartment of Examples\nDate: 9/4/2021\n\n"
                          "Oscar Delacroix\nSheriff\nHarbor County Sheriff's Office\nDate:\n")
    assert _signatories(doc) == ["Harriet Q. Vandermeer", "Oscar Delacroix"]


def test_a_name_shaped_office_over_a_date_label_is_no_signatory():
    doc = _extract(_MOA + "Questions go to the contact below.\n\nProgram Manager, Office of Examples\n"
                          "Department of Examples\nDate: 9/4/2021\n\nGrant Period\nStart of the second phase\nDated: 2021\n")
    assert _signatories(doc) == []
