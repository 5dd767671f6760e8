"""Effective, signature and expiry dates: one test per rule, on made-up text in the shapes public agreements,
treaties and exchanges of notes use (issue 12)."""
from __future__ import annotations

from ingest.metadata.dates import find_dates
from extracted_text import extracted as _extract, field_value as _value, first_field as _field

TWO_SIGNATURES = "For the first agency:\nSignature: ______\nDate: 5/1/2021\nFor the second agency:\nSignature: ______\nDate: 5/20/2021\n"


def test_a_day_spelled_out_is_read():
    assert [d.value.isoformat() for d in find_dates("DONE at Lisbon this twenty-first day of June, 1988.")] == ["1988-06-21"]
    assert [d.value.isoformat() for d in find_dates("on the thirtieth day of April 2002")] == ["2002-04-30"]


def test_treaty_in_force_upon_signature_takes_the_done_at_date():
    doc = _extract("AGREEMENT ON FISHERIES\nArticle 9\nThis Agreement shall enter into force upon signature.\n"
                   "DONE at Lisbon, this twenty-first day of June, 1988, in duplicate.\n")
    assert _value(doc, "effective_date") == "1988-06-21"


def test_exchange_of_notes_in_force_on_the_date_of_the_reply():
    doc = _extract("Exchange of notes\n\nNo. 1\nOttawa, February 2, 1977\nExcellency: I have the honour to propose the "
                   "arrangements set out below. If they are acceptable, this note and your reply shall constitute an agreement "
                   "which shall enter into force on the date of your reply.\n\nNo. 2\nWashington, February 9, 1977\n"
                   "Excellency: I acknowledge receipt of your note of February 2, 1977, and agree that it and this reply shall "
                   "constitute an agreement which shall enter into force on the date of this reply.\n")
    effective = _field(doc, "effective_date")
    assert effective.normalized == "1977-02-09"
    assert effective.attributes["basis"] == "reply_note" and "reply" in effective.attributes["rule"]


def test_notes_in_force_on_a_later_notification_state_no_date():
    doc = _extract("Exchange of notes\n\nNo. 1\nOttawa, February 2, 1977\nExcellency: this note and your reply shall "
                   "constitute an agreement which shall enter into force on the date on which both Governments have notified "
                   "each other that their procedures are complete.\n\nNo. 2\nWashington, February 9, 1977\nExcellency: I agree.\n")
    assert _value(doc, "effective_date") is None


def test_entered_into_force_header_is_the_effective_date_but_a_cited_one_is_not():
    doc = _extract("AGREEMENT ON SCIENTIFIC COOPERATION\nSigned at Rome March 3, 2004\nEntered into force April 30, 2004\n\n"
                   "The Parties recall the Convention, which entered into force on January 9, 1981.\n")
    assert _value(doc, "effective_date") == "2004-04-30"
    roles = {f.normalized: f.attributes["role"] for f in doc.fields if f.name == "date"}
    assert roles["2004-04-30"] == "effective" and roles["1981-01-09"] != "effective"


def test_the_term_of_x_through_y_in_a_sentence():
    doc = _extract("AGREEMENT\nThis document sets the wages of the unit for the term of July 1, 2016 through June 30, 2019.\n")
    assert _value(doc, "effective_date") == "2016-07-01"
    assert _value(doc, "expiry_date") == "2019-06-30"


def test_an_end_that_depends_on_a_condition_is_no_expiry():
    doc = _extract("SUPPLEMENTAL AGREEMENT\nThe Agreement shall terminate on March 31, 2016, if Article 4 has not taken "
                   "effect by that date.\nThis Supplemental Agreement shall enter into force on the date of the last notification.\n")
    assert _value(doc, "expiry_date") is None
    assert _value(doc, "effective_date") is None


def test_an_end_unless_extended_is_an_expiry():
    doc = _extract("AGREEMENT\nThis Agreement is effective October 1, 2020 and shall terminate on December 31, 2025 unless "
                   "extended by amendment.\n")
    assert _value(doc, "expiry_date") == "2025-12-31"


def test_as_of_said_of_no_agreement_is_only_trusted_in_the_opening():
    body = "The designated airlines may operate the agreed services on the routes in the annex. " * 200
    doc = _extract("AGREEMENT\nThis Agreement shall enter into force on the date of the last notification.\n" + body
                   + "\n1. Airlines registered as of May 1, 1992 may operate the routes.\n")
    assert _value(doc, "effective_date") is None
    doc = _extract("MEMORANDUM OF UNDERSTANDING\nThis Memorandum of Understanding, dated as of May 1, 1992, is between A and B.\n")
    assert _value(doc, "effective_date") == "1992-05-01"


def test_an_obligation_start_deep_in_a_long_text_is_not_the_agreements_date():
    annex = "Annex I\n" + "Due diligence procedures apply to accounts held by residents. " * 250
    doc = _extract("AGREEMENT\nThis Agreement shall enter into force on the date of the written notification.\n" + annex
                   + "\nBeginning on July 1, 2014, the institution must identify new accounts.\n")
    assert _value(doc, "effective_date") is None


def test_dated_this_day_in_a_signature_block_is_a_signature_date():
    doc = _extract("MEMORANDUM OF AGREEMENT\nThis MOA is effective upon the date of final signature.\n",
                   "COUNTY OF EXAMPLE\nBy: ______\nDated this 4th day of March, 2021\n"
                   "STATE AGENCY\nBy: ______\nDated this 11th day of March, 2021\n")
    assert _value(doc, "effective_date") == "2021-03-11"
    assert {f.normalized for f in doc.fields if f.name == "signature_date"} == {"2021-03-04", "2021-03-11"}


def test_a_dated_that_runs_on_from_a_sentence_is_no_signature():
    doc = _extract("AGREEMENT\nThe parties rely on the letter from counsel for the Association\ndated June 2, 1999 which is "
                   "attached as Exhibit A.\n")
    assert not [f for f in doc.fields if f.name == "signature_date"]


def test_a_date_over_a_date_caption_is_a_signature_date():
    doc = _extract("INTERCONNECTION SECURITY AGREEMENT\nThis ISA takes effect upon the signature of both parties and "
                   "remains in effect for three (3) years.\n",
                   "/s/ Pat Doe                                   4/2/2019\nSystem Owner, Agency A                        Date\n\n"
                   "/s/ Kim Roe                                   4/9/2019\nAuthorizing Official, Agency B                Date\n")
    assert _value(doc, "effective_date") == "2019-04-09"
    expiry = _field(doc, "expiry_date")
    assert expiry.normalized == "2022-04-09" and expiry.attributes["rule"].startswith("3 years from the ")


def test_other_ways_of_saying_effective_upon_signature():
    for sentence in ("This MOU takes effect upon the later of the dates of signature below.",
                     "This Agreement shall take effect on the date of its signature by both Parties."):
        doc = _extract("MEMORANDUM OF UNDERSTANDING\n" + sentence + "\n", TWO_SIGNATURES)
        assert _value(doc, "effective_date") == "2021-05-20", sentence


def test_valid_for_a_period_from_the_last_signature():
    doc = _extract("INTERCONNECTION SECURITY AGREEMENT\nThis ISA is valid for one (1) year from the date of the last "
                   "signature.\n", TWO_SIGNATURES)
    assert _value(doc, "expiry_date") == "2022-05-20"


def test_expires_a_period_after_the_effective_date():
    doc = _extract("MEMORANDUM OF UNDERSTANDING\nEffective Date: March 1, 2020\nThis MOU expires three years after the "
                   "Effective Date.\n")
    assert _value(doc, "expiry_date") == "2023-03-01"


def test_a_notice_period_is_not_the_term():
    doc = _extract("AGREEMENT\nThis Agreement is effective as of May 1, 2024. Either party may end it; this Agreement "
                   "shall terminate ninety (90) days after written notice is received.\n")
    assert _value(doc, "expiry_date") is None


def test_a_date_defined_as_the_effective_date():
    doc = _extract("CONFIDENTIALITY AGREEMENT\nThis Confidentiality Agreement is between Acme Corp., a Delaware corporation, "
                   "and Beta, Inc., as of January 30, 2006 (the \"Effective Date\").\n")
    assert _value(doc, "effective_date") == "2006-01-30"


def test_as_of_after_the_parties_names_in_the_making_sentence():
    doc = _extract("CONFIDENTIALITY AGREEMENT\nThis Agreement is entered into by Acme Pharmaceuticals, Inc. (\"Acme\"), "
                   "and Beta Co. Ltd. as of January 30, 2006.\n")
    assert _value(doc, "effective_date") == "2006-01-30"
    doc = _extract("NON-DISCLOSURE AGREEMENT\nThe parties keep information confidential. " * 300 +
                   "\nAccepted and Agreed as of 10 October, 2011 by:\nCounterparty\n")
    assert _value(doc, "effective_date") == "2011-10-10"
