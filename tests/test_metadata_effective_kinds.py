"""Effective dates by kind of statement, in contract and government wording: a date line under the heading, "effective
as of the date set forth below", "entered into as of the date last written below", "the date of the later signature"
(issue 12). Made-up text only."""
from __future__ import annotations

import pytest

from extracted_text import extracted as _extract, field_value as _value, first_field as _first

CONTRACT_SIGNED = ("\n\nIN WITNESS WHEREOF, the parties have signed this Agreement.\n\nALDER FOODS, INC.\n\n"
                   "By: ______________________\nName: Pat Lowell\nTitle: President\nDate: June 3, 2019\n\n"
                   "BRIGHTWATER PACKAGING LLC\n\nBy: ______________________\nName: Sam Ortiz\nTitle: Manager\n"
                   "Date: June 11, 2019\n")
GOVERNMENT_SIGNED = ("\n\nFOR THE DEPARTMENT OF PUBLIC SAFETY\n\n______________________\nDana Whitfield, Director\n"
                     "Date: April 2, 2021\n\nFOR THE COUNTY OF MARLOWE\n\n______________________\n"
                     "Eric Sandoval, County Manager\nDate: April 9, 2021\n")
CONTRACT_TERM = "\n\n2. Term. This Agreement continues until terminated by either party on sixty (60) days' written notice.\n"
GOVERNMENT_TERM = "\n\nIV. DURATION. This MOU remains in effect until terminated by either Party with 30 days' written notice.\n"


@pytest.mark.parametrize("heading, body, want", [
    ("CONSULTING AGREEMENT\n\nDated: February 14, 2020\n\n",
     "Parties: Alder Foods, Inc. and Brightwater Packaging LLC.\n\nThe parties agree as follows." + CONTRACT_TERM + CONTRACT_SIGNED,
     "2020-02-14"),
    ("Date: March 1, 2021\n\nMEMORANDUM OF UNDERSTANDING\n\n",
     "The Department of Public Safety and the County of Marlowe agree to exchange incident records." + GOVERNMENT_TERM
     + GOVERNMENT_SIGNED, "2021-03-01"),
])
def test_a_date_line_at_the_head_dates_the_document_and_is_no_signature(heading, body, want):
    doc = _extract(heading + body)
    assert _value(doc, "effective_date") == want
    assert want not in [f.normalized for f in doc.fields if f.name == "signature_date"]


def test_a_dated_line_in_a_signature_block_is_still_a_signature():
    doc = _extract("CONSULTING AGREEMENT\n\nAlder Foods, Inc. engages Brightwater Packaging LLC as set out below."
                   + CONTRACT_TERM + "\n\nALDER FOODS, INC.\nBy: ______________________\nDated: June 3, 2019\n")
    assert [f.normalized for f in doc.fields if f.name == "signature_date"] == ["2019-06-03"]


@pytest.mark.parametrize("text", [
    "JOINT FILING AGREEMENT\n\nThe undersigned agree that the statement is filed on behalf of each of them. This "
    "Agreement is executed and effective as of the date set forth below." + CONTRACT_SIGNED,
    "DISTRIBUTION AGREEMENT\n\nThis Distribution Agreement between Alder Foods, Inc. and Brightwater Packaging LLC is "
    "entered into as of the date last written below (the \"Effective Date\")." + CONTRACT_TERM + CONTRACT_SIGNED,
])
def test_effective_as_of_the_date_written_below_is_the_latest_signature(text):
    effective = _first(_extract(text), "effective_date")
    assert effective.normalized == "2019-06-11"
    assert effective.attributes["basis"] == "last_signature"       # said by the text, not guessed from the blocks


def test_in_force_on_the_date_of_the_later_signature():
    doc = _extract("MEMORANDUM OF COOPERATION\n\nThis Memorandum enters into force on the date of the later signature."
                   + GOVERNMENT_TERM + GOVERNMENT_SIGNED)
    effective = _first(doc, "effective_date")
    assert effective.normalized == "2021-04-09"
    assert effective.attributes["basis"] == "last_signature"


@pytest.mark.parametrize("opening, signed", [
    ("SERVICES AGREEMENT\n\nThis Services Agreement is dated as of ____________, 2019 between Alder Foods, Inc. and "
     "Brightwater Packaging LLC." + CONTRACT_TERM, CONTRACT_SIGNED),
    ("MEMORANDUM OF UNDERSTANDING\n\nThis MOU is made this ______ day of ______________, 2021 by the Department of Public "
     "Safety and the County of Marlowe." + GOVERNMENT_TERM, GOVERNMENT_SIGNED),
])
def test_an_opening_that_leaves_its_own_date_blank_states_none(opening, signed):
    # the signature blocks' dates are not taken in its place: the text says it has a date, and leaves it unfilled
    assert _value(_extract(opening + signed), "effective_date") is None


GOVERNMENT_OPENING = ("MEMORANDUM OF UNDERSTANDING\n\nThe Department of Public Safety and the County of Marlowe enter into "
                      "this MOU. ")


@pytest.mark.parametrize("statement", [
    "The effective date of this MOU is the date of the last signature below.",
    "The effective date of this MOU shall be the date on which it is signed by the last Party.",
    "This MOU is effective on the latter of the two signature dates.",
    "This MOU takes effect on the date the last Party signs it.",
    "This MOU will go into effect upon signature by both Parties.",
])
def test_a_stated_signature_rule_gives_the_latest_signature_as_its_evidence(statement):
    effective = _first(_extract(GOVERNMENT_OPENING + statement + GOVERNMENT_TERM + GOVERNMENT_SIGNED), "effective_date")
    assert effective.normalized == "2021-04-09"
    assert effective.attributes["basis"] == "last_signature"


@pytest.mark.parametrize("statement", [
    "This MOU is effective upon execution by the Parties and approval by the State Attorney General.",
    "This Agreement shall become effective upon signature by both Parties, subject to approval by the County Board.",
])
def test_effective_upon_signature_and_a_later_approval_states_no_day(statement):
    assert _value(_extract(GOVERNMENT_OPENING + statement + GOVERNMENT_TERM + GOVERNMENT_SIGNED), "effective_date") is None


@pytest.mark.parametrize("opening, want", [
    ("This Technology Agreement is entered into in ShenZhen on February 8, 2007 between Alder Foods, Inc. and "
     "Brightwater Packaging LLC.", "2007-02-08"),
    ("This Interlocal Agreement is made at Sacramento, California, on March 3, 2021 by the Department of Public Safety "
     "and the County of Marlowe.", "2021-03-03"),
])
def test_made_in_a_place_on_a_day_dates_the_agreement(opening, want):
    assert _value(_extract("AGREEMENT\n\n" + opening + CONTRACT_TERM + CONTRACT_SIGNED), "effective_date") == want


@pytest.mark.parametrize("statement", [
    "This Transition Services Agreement between Alder Foods, Inc. and Brightwater Packaging LLC is effective as of the "
    "Closing Date (as defined in the Purchase Agreement).",
    "Alder Foods, Inc. and Brightwater Packaging LLC agree to the following, effective immediately prior to the "
    "Effective Time of the Merger:",
    "This Agreement shall become effective at the time of the closing of the Offering.",
    "This Agreement is effective as of the date the Registration Statement is declared effective by the Commission.",
])
def test_effective_on_a_transactions_event_gives_no_day_and_no_signature_date_in_its_place(statement):
    doc = _extract("TRANSITION SERVICES AGREEMENT\n\n" + statement + CONTRACT_TERM + CONTRACT_SIGNED)
    assert _value(doc, "effective_date") is None


@pytest.mark.parametrize("statement", [
    "1. Definitions. \"Effective Date\" means the date on which this Agreement has been signed by both Parties.",
    "1. Definitions. \"Effective Date\" shall mean the date on which both Parties have signed this Agreement.",
    "1. Definitions. \"Effective Date\" means the date of execution of this Agreement by the last Party to sign.",
    "1. Entry into force. This Agreement shall come into force on the date on which it has been signed by both Parties.",
])
def test_an_effective_date_defined_as_the_parties_signing_is_the_latest_signature(statement):
    doc = _extract("HOSTING AGREEMENT\n\nThis Hosting Agreement is between Alder Foods, Inc. and Brightwater Packaging LLC.\n\n"
                   + statement + CONTRACT_TERM + CONTRACT_SIGNED)
    effective = _first(doc, "effective_date")
    assert effective.normalized == "2019-06-11"
    assert effective.attributes["basis"] == "last_signature"
