"""A date tied by its sentence to another document or act is that document's date, never the agreement's own;
expiry only from an explicit end or a term; nothing stated means no date (issue 12). Made-up text only."""
from __future__ import annotations

import pytest

from extracted_text import date_roles as _roles, extracted as _extract, field_value as _value


SIGNED = ("\n\nFOR THE CITY OF ALDER FALLS\nSignature: ________\nDate: 3/2/2022\n\n"
          "FOR THE BRIGHTWATER WATER DISTRICT\nSignature: ________\nDate: 3/9/2022\n")


@pytest.mark.parametrize("sentence", [
    "Pursuant to note No. 417 dated March 3, 2001, the Parties wish to set out their arrangements.",
    "In response to your letter of June 4, 2010, the Parties record their understanding below.",
    "Referring to the request of the County dated August 12, 2019, the Parties agree to cooperate.",
    "Under Resolution No. 88-14 adopted on October 2, 2018, the Council authorised this cooperation.",
    "Consistent with the Joint Powers Agreement executed on April 5, 2004, as amended, the Parties agree to cooperate.",
    "Under the Memorandum of Understanding between the Parties of May 1, 2009, the Parties exchange records.",
    "The authority for this cooperation is Public Law 99-570 of October 27, 1986.",
    "This cooperation is authorised by the Act of June 30, 1932, as amended.",
    "Whereas the Parties concluded an Agreement on transit on 14 May 1996, which remains in force, they agree as follows.",
    "Whereas the Board approved the project at its meeting held on January 9, 2020, the Parties agree as follows.",
])
def test_a_date_of_a_cited_document_or_act_is_never_the_effective_date(sentence):
    doc = _extract("MEMORANDUM OF UNDERSTANDING\n\n" + sentence + "\n\nThe Parties will share information as needed.\n")
    assert _value(doc, "effective_date") is None
    assert set(_roles(doc).values()) <= {"cited", "superseded"}


@pytest.mark.parametrize("sentence", [
    "The Agreement signed on May 1, 1995 is hereby superseded.",
    "This MOU replaces the prior agreement between the Parties dated July 1, 2015.",
    "The original Memorandum of Agreement of February 2, 2012 is terminated and replaced in its entirety.",
    "The existing agreement, dated September 9, 2014, shall cease to have effect.",
])
def test_the_date_of_the_agreement_this_one_replaces_is_superseded(sentence):
    doc = _extract("MEMORANDUM OF UNDERSTANDING\n\n" + sentence + "\n\nThe Parties will share information as needed.\n")
    assert _value(doc, "effective_date") is None
    assert "superseded" in _roles(doc).values() or "cited" in _roles(doc).values()


def test_a_cited_date_beside_the_agreements_own_effective_date():
    doc = _extract("DATA SHARING AGREEMENT\n\nThis Agreement is effective as of July 1, 2023. It replaces the agreement "
                   "between the Parties dated July 1, 2019, and implements Public Law 113-4 of March 7, 2013.\n")
    assert _value(doc, "effective_date") == "2023-07-01"


def test_effective_upon_signature_is_the_latest_signature_with_the_rule_as_evidence():
    doc = _extract("INTERAGENCY AGREEMENT\n\nThis Agreement becomes effective upon the signature of both Parties and "
                   "implements the Act of May 4, 1998." + SIGNED)
    effective = next(f for f in doc.fields if f.name == "effective_date")
    assert effective.normalized == "2022-03-09"
    assert "signature" in effective.attributes.get("rule", "")


def test_entry_into_force_on_signature_takes_the_later_signature():
    doc = _extract("MEMORANDUM OF COOPERATION\n\nThis Memorandum shall enter into force on the date of the last "
                   "signature." + SIGNED)
    assert _value(doc, "effective_date") == "2022-03-09"


def test_an_explicit_expiry_date():
    doc = _extract("MEMORANDUM OF AGREEMENT\n\nEffective: October 1, 2024\nExpires: September 30, 2027\n\n"
                   "The Parties agree to cooperate.\n")
    assert _value(doc, "effective_date") == "2024-10-01"
    assert _value(doc, "expiry_date") == "2027-09-30"


def test_expiry_computed_from_the_term_shows_its_rule():
    doc = _extract("SERVICES AGREEMENT\n\nThis Agreement is effective as of April 1, 2021. This Agreement shall remain "
                   "in effect for a period of three (3) years from the effective date.\n")
    expiry = next(f for f in doc.fields if f.name == "expiry_date")
    assert expiry.normalized == "2024-04-01"
    assert "3 years" in expiry.attributes.get("rule", "")


@pytest.mark.parametrize("clause", [
    "Either Party may terminate this Agreement on December 31, 2025 if funds are not appropriated.",
    "Should the State withdraw its funding, this Agreement shall terminate on June 30, 2026.",
    "In the event that the County withdraws, this Agreement will end on March 31, 2027.",
])
def test_a_conditional_termination_is_no_expiry(clause):
    doc = _extract("COOPERATIVE AGREEMENT\n\nThis Agreement is effective as of January 1, 2025. " + clause +
                   " Otherwise it remains in effect until terminated by either Party.\n")
    assert _value(doc, "effective_date") == "2025-01-01"
    assert _value(doc, "expiry_date") is None


def test_a_notice_period_is_no_term_and_no_expiry():
    doc = _extract("MEMORANDUM OF UNDERSTANDING\n\nThis MOU is effective as of May 5, 2020. Either Party may terminate "
                   "this MOU upon ninety (90) days written notice to the other Party.\n")
    assert _value(doc, "expiry_date") is None
    assert _value(doc, "term") != "90 days"


def test_until_terminated_is_open_ended():
    doc = _extract("MEMORANDUM OF UNDERSTANDING\n\nThis MOU is effective as of May 5, 2020 and shall remain in effect "
                   "until terminated by either Party.\n")
    assert _value(doc, "expiry_date") is None
    term = next(f for f in doc.fields if f.name == "term")
    assert term.normalized == "until terminated"


def test_no_date_stated_gives_no_effective_date():
    doc = _extract("MEMORANDUM OF UNDERSTANDING\n\nThe Parties intend to cooperate on training. This MOU implements "
                   "the Homeland Security Act of 2002 and Executive Order 13556 of November 4, 2010.\n")
    assert _value(doc, "effective_date") is None
    assert _value(doc, "expiry_date") is None


def test_a_blank_date_in_a_form_is_no_date():
    doc = _extract("SOFTWARE LICENSE AGREEMENT\n\nThe parties agree as follows.\n\nDated the ____ day of May, 2000.\n")
    assert _value(doc, "effective_date") is None


def test_an_end_unless_renewed_is_still_the_expiry():
    doc = _extract("COOPERATIVE AGREEMENT\n\nThis Agreement is effective as of January 1, 2025. If not renewed by the "
                   "Parties, this Agreement shall expire on December 31, 2027.\n")
    assert _value(doc, "expiry_date") == "2027-12-31"


def test_the_agreements_own_defined_name_with_made_as_of_is_its_date():
    doc = _extract("LICENSE AGREEMENT\n\nThe Agreement made as of June 1, 2015 between Alder Tools, Inc. and Brightwater "
                   "Supply LLC sets out the licence below.\n")
    assert _value(doc, "effective_date") == "2015-06-01"


def test_an_end_on_the_nth_anniversary_of_the_effective_date():
    doc = _extract("SUPPLY AGREEMENT\n\nThis Agreement is made as of March 3, 2011 (the \"Effective Date\").\n\n12. Term. "
                   "The initial term of this Agreement shall commence on the Effective Date and end on the third anniversary "
                   "of the Effective Date.\n")
    assert _value(doc, "expiry_date") == "2014-03-03"


def test_a_term_that_concludes_on_a_stated_date():
    doc = _extract("SPONSORSHIP AGREEMENT\n\nThis Agreement is entered into as of April 2, 2012 (the \"Effective Date\").\n\n"
                   "1. Term\n\nThe term of this Agreement (the \"Term\") shall commence on the Effective Date and conclude on "
                   "November 30, 2012, unless sooner terminated.\n")
    assert _value(doc, "expiry_date") == "2012-11-30"


def test_the_agreement_remains_effective_for_a_period_after_a_long_qualifier():
    doc = _extract("LICENSE AGREEMENT\n\nThis Agreement is made as of June 9, 2004 (the \"Effective Date\").\n\n7.1 Term. "
                   "This Agreement will become effective as of the Effective Date and, unless sooner terminated pursuant to "
                   "Sections 4.2 [Non-payment] or 7.3 [Termination for Breach], shall remain effective for three (3) years "
                   "from and after the Effective Date.\n")
    assert _value(doc, "expiry_date") == "2007-06-09"


@pytest.mark.parametrize("clause", [
    "Any quotation made by the Distributor shall remain valid for at least six months.",
    "If a breach continues uncured for a period of thirty (30) days, the other party may terminate.",
    "If this Agreement expires, the Reseller shall have a period of twelve (12) months from and after the date of "
    "such expiration to sell its remaining stock.",
])
def test_a_period_said_of_something_else_is_not_the_agreements_term(clause):
    doc = _extract("RESELLER AGREEMENT\n\nThis Agreement is made as of January 5, 2015 (the \"Effective Date\"). " + clause + "\n")
    assert _value(doc, "expiry_date") is None


def test_a_term_counted_from_an_event_gives_no_expiry_date():
    doc = _extract("DISTRIBUTION AGREEMENT\n\nThis Agreement is made as of August 1, 2016 (the \"Effective Date\"). This "
                   "Agreement shall remain in effect for five (5) years after the first commercial sale of the Product.\n")
    assert _value(doc, "effective_date") == "2016-08-01"
    assert _value(doc, "expiry_date") is None
    term = next(f for f in doc.fields if f.name == "term")
    assert "event" in term.attributes.get("expiry", "")


def test_a_term_label_counted_from_the_date_of_the_agreement():
    doc = _extract("CONSULTING AGREEMENT\n\nThis Consulting Agreement is effective as of this 2nd day of May 2019. The "
                   "consultant will advise the Company.\n\nSTATEMENT OF WORK\n\nServices: advice on leasing. Term: six (6) "
                   "months from the date of the Agreement which term shall renew automatically unless terminated.\n")
    assert _value(doc, "expiry_date") == "2019-11-02"


def test_the_terms_of_this_agreement_shall_be_a_period():
    doc = _extract("DISTRIBUTOR AGREEMENT\n\nThis Agreement is effective 2/1/05 (\"Effective Date\").\n\n9.1 The terms of "
                   "this Agreement shall be two years from the effective date and will be renewed automatically.\n")
    assert _value(doc, "expiry_date") == "2007-02-01"


def test_a_records_form_dates_are_no_signature_dates():
    doc = _extract("PERSONNEL RECORD\n\nStart Date as Officer: 12/04/08 Resignation date: 2/23/10 Reinstatement date: "
                   "06/05/12\nPolicy: Outside Employment Creation Date: January 17, 2012\n")
    assert not [f for f in doc.fields if f.name == "signature_date"]
    assert _value(doc, "effective_date") is None


def test_this_is_an_agreement_entered_into_on_is_its_own_date():
    doc = _extract("NON-DISCLOSURE AGREEMENT\n\nThis is an Agreement, entered into on March 4, 2016, by and among Alder "
                   "Tools, Inc. and Brightwater Supply LLC.\n")
    assert _value(doc, "effective_date") == "2016-03-04"


def test_an_earlier_agreement_between_named_companies_dated():
    doc = _extract("CONFIDENTIALITY AGREEMENT\n\nNothing here changes the Employment Agreement between Alder Tools, "
                   "Inc. and me dated July 10, 1998, as amended.\n")
    assert _value(doc, "effective_date") is None


def test_a_letter_agreement_effective_for_a_period():
    doc = _extract("LETTER OF AGREEMENT\n\nThis Letter is effective as of June 3, 2020.\nThis Letter is effective for a "
                   "period of three years and may be renewed by mutual written agreement of the Parties.\n")
    assert _value(doc, "expiry_date") == "2023-06-03"
