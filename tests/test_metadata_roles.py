"""Date roles, effective and expiry dates on the shapes real agreements use (issue 12's failure list)."""
from __future__ import annotations

from ingest.metadata.dates import find_dates
from extracted_text import date_roles as _roles, extracted as _extract, first_field as _one


def test_digits_inside_codes_are_never_dates():
    assert find_dates("Mail Stop C4-26-05, Washington, DC") == []
    assert find_dates("submit DHS Form.32691 to the office") == []
    assert find_dates("Case No. 4-12-2019 was closed") == []
    assert [d.value.isoformat() for d in find_dates("signed on 3/5/2025.")] == ["2025-03-05"]


def test_dates_that_are_not_the_agreements_own_get_their_role_and_are_never_effective():
    doc = _extract("""MEMORANDUM OF UNDERSTANDING
Received by the Clerk of the House on March 3, 1998
Filed 01/18/19
DRAFT 2/2/2017
This MOU supersedes the MOU dated June 1, 2010.
Records are released under the Freedom of Information Act of July 4, 1966, as amended.
OMB No. 1234-5678 Expiration Date: 12/31/2026
The period of performance is October 1, 2024 through September 30, 2025.
""")
    roles = _roles(doc)
    assert roles["1998-03-03"] == "stamp" and roles["2019-01-18"] == "stamp"
    assert roles["2017-02-02"] == "draft"
    assert roles["2010-06-01"] == "superseded"
    assert roles["1966-07-04"] == "cited"
    assert roles["2026-12-31"] == "form_expiration"
    assert roles["2024-10-01"] == "performance_start" and roles["2025-09-30"] == "performance_end"
    # the start of the performance period is the effective date; nothing else is used
    assert _one(doc, "effective_date").normalized == "2024-10-01"
    assert _one(doc, "effective_date").attributes["basis"] == "performance_start"
    assert _one(doc, "expiry_date") is None
    assert not [f for f in doc.fields if f.name == "signature_date"]


def test_no_stated_date_stays_unknown():
    doc = _extract("MEMORANDUM OF UNDERSTANDING\nThe Privacy Act of 1974, 5 U.S.C. 552a, of December 31, 1974 applies.\n")
    assert _one(doc, "effective_date") is None


def test_explicit_effective_and_expires_lines():
    doc = _extract("INTERAGENCY AGREEMENT\nEffective: October 1, 2024\nExpires: September 30, 2027\n")
    assert _one(doc, "effective_date").normalized == "2024-10-01"
    expiry = _one(doc, "expiry_date")
    assert expiry.normalized == "2027-09-30" and expiry.attributes["computed_from"] == "stated"


def test_expires_on_in_a_sentence():
    doc = _extract("AGREEMENT\nThis Agreement is effective on January 2, 2025 and expires on March 3, 2027.\n")
    assert _one(doc, "effective_date").normalized == "2025-01-02"
    assert _one(doc, "expiry_date").normalized == "2027-03-03"


def test_effective_upon_signature_is_the_latest_signature_with_the_rule_shown():
    doc = _extract("AGREEMENT\nThis Agreement becomes effective upon signature by both parties.\n"
                   "It shall remain in effect for three (3) years from the effective date.\n",
                   "Name: Jane Roe\nTitle: Director\nDate: March 3, 2025\n\nName: John Doe\nTitle: Sheriff\nDate: 3/10/2025\n")
    effective = _one(doc, "effective_date")
    assert effective.normalized == "2025-03-10" and "signature" in effective.attributes["rule"]
    expiry = _one(doc, "expiry_date")
    assert expiry.normalized == "2028-03-10" and expiry.attributes["rule"].startswith("3 years from the ")


def test_until_terminated_is_open_ended():
    doc = _extract("AGREEMENT\nThis Agreement is effective as of May 1, 2024 and shall remain in effect until terminated "
                   "by either party upon 30 days written notice.\n")
    assert _one(doc, "expiry_date") is None
    assert _one(doc, "term").attributes["until_terminated"] is True


def test_an_amendment_takes_its_own_date_not_the_originals():
    doc = _extract("AMENDMENT NO. 1\nThis Amendment to the Memorandum of Agreement dated June 1, 2020 is effective "
                   "as of March 1, 2025.\n")
    assert _one(doc, "effective_date").normalized == "2025-03-01"
    assert _roles(doc)["2020-06-01"] == "cited"


def test_a_cited_case_or_letter_date_is_no_signature_or_effective_date():
    doc = _extract("AGREEMENT\nAs decided by the Board in Case No. DR-119 (dated May 3, 2007) and the letter from "
                   "counsel dated May 10, 1999, the parties agree.\n")
    roles = _roles(doc)
    assert roles["2007-05-03"] == "cited" and roles["1999-05-10"] == "cited"
    assert _one(doc, "effective_date") is None
    assert not [f for f in doc.fields if f.name == "signature_date"]


def test_a_digital_signature_stamp_dates_the_signature():
    assert [d.value.isoformat() for d in find_dates("Digitally signed by PAT Q ROE Date: 2021.03.04 09:15:22 -05'00'")] == \
        ["2021-03-04"]
    assert find_dates("see section 2021.03.04 of the manual") == []       # dotted numbers alone are no date
    doc = _extract("MEMORANDUM OF AGREEMENT\nThis MOA becomes effective upon signature of both parties.\n",
                   "For the Agency:\nDate: ____\nDigitally signed by PAT Q ROE\nDate: 2021.03.04 09:15:22 -05'00'\n")
    assert _one(doc, "effective_date").normalized == "2021-03-04"


def test_dates_stamped_apart_from_empty_date_fields_are_signatures():
    # e-signed: the "Date:" fields stay blank and the stamped dates land on lines of their own
    doc = _extract("GRANT AGREEMENT\nThis Agreement becomes effective only when fully signed.\n"
                   "Project Period: Start Date: May 1, 2023 End Date: June 30, 2024\n",
                   "For the State:\nBy: By:\nJo Bloggs, Director\nDate: Date:\nEnvelope ID: 1234-ABCD\n"
                   "7/12/2023\nTown of Example\n07/19/2023\n")
    assert _one(doc, "effective_date").normalized == "2023-07-19"
    signed = {f.normalized for f in doc.fields if f.name == "signature_date"}
    assert "2024-06-30" not in signed and "2023-05-01" not in signed       # a project period's end is no signature


def test_two_columns_of_signature_dates_on_one_line_are_both_signatures():
    doc = _extract("MEMORANDUM OF AGREEMENT\nThis MOA becomes effective upon signature of both parties.\n",
                   "For the first party:\nDate:________\nSignature:______\nFor the second party:\nDate:_______\n"
                   "Signature: ______\nTitle: Chief Title:______\n03/02/24 March 9, 2024 Deputy Director\n")
    assert _one(doc, "effective_date").normalized == "2024-03-09"


def test_an_annexed_arrangement_effective_on_signature_does_not_date_a_treaty_in_force_on_ratification():
    doc = _extract("Agreement between the Government of A and the Government of B on space\n"
                   "Article 20\nThis Agreement shall enter into force on the date on which the last instrument of "
                   "ratification has been deposited.\nDONE at Washington, this 29th day of January, 1998.\n",
                   "Arrangement concerning the application of the Agreement\nThis Arrangement will be effective upon "
                   "signature.\nDONE at Washington this 29th day of January, 1998.\n")
    assert _one(doc, "effective_date") is None
