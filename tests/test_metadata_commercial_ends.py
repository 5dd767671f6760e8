"""Commercial contracts' ends (issue 12, round 9 of the probes): a term counted from a start the text names and defines as
a stated day, a present-tense "begins ... and ends" term sentence, and an "expires" whose sentence is about another thing
(a patent, a permit) and not the agreement. Each text is made up for the test."""
from __future__ import annotations

from extracted_text import extracted, field_value


def test_a_term_counted_in_months_from_a_named_date_defined_as_a_day_ends_on_that_count():
    doc = extracted(
        "STORE-IN-STORE LICENSE AGREEMENT\n\n"
        "This Store-in-Store License Agreement is dated as of January 9, 2024 between Larkspur Department Stores, Inc. "
        "(\"Larkspur\") and Tidepool Eyewear LLC (\"Tidepool\").\n\n"
        "1. Definitions. \"Opening Date\" means March 1, 2024, the day the first licensed shop opens to the public.\n\n"
        "6. Term. This Agreement shall continue for thirty (30) months following the Opening Date, unless terminated "
        "earlier.\n")
    assert field_value(doc, "effective_date") == "2024-01-09"
    assert field_value(doc, "expiry_date") == "2026-09-01"


def test_an_anniversary_of_a_named_date_defined_in_the_preamble_ends_the_term():
    doc = extracted(
        "SECOND AMENDED AND RESTATED DISTRIBUTION AGREEMENT\n\n"
        "This Second Amended and Restated Distribution Agreement is effective as of July 1, 2022 (the \"Amendment "
        "Date\") between Northgate Tools Corp. (\"Northgate\") and Redfern Hardware Supply, Inc. (\"Redfern\").\n\n"
        "4. Term. The term of this Agreement commences on the Amendment Date and expires on the third (3rd) anniversary of "
        "the Amendment Date.\n")
    assert field_value(doc, "expiry_date") == "2025-07-01"


def test_an_anniversary_of_a_named_event_the_text_gives_no_day_is_no_expiry():
    doc = extracted(
        "SUPPLY AGREEMENT\n\n"
        "This Supply Agreement is made as of April 4, 2023 between Quarry Hill Minerals, Inc. (\"Seller\") and Ashcombe "
        "Glassworks Ltd. (\"Buyer\").\n\n"
        "5. Term. The term of this Agreement begins on the date of this Agreement and ends on the fifth anniversary of the "
        "First Delivery Date.\n")
    assert field_value(doc, "expiry_date") is None


def test_an_expires_said_of_a_patent_in_a_schedule_is_no_expiry_of_an_agreement_whose_end_is_an_event():
    doc = extracted(
        "TECHNOLOGY LICENSE AGREEMENT\n\n"
        "This Technology License Agreement is effective as of June 12, 2022 between Marlowe Instruments, Inc. "
        "(\"Licensor\") and Fenwick Diagnostics Corp. (\"Licensee\").\n\n"
        "9. Term. This Agreement shall remain in effect until the expiration of the last Valid Claim of the Licensed "
        "Patents in the country of sale.\n",
        "SCHEDULE 1 - LICENSED PATENTS\n"
        "European Patent EP 3 441 902, granted August 8, 2020, expires March 14, 2038\n")
    assert field_value(doc, "effective_date") == "2022-06-12"
    assert field_value(doc, "expiry_date") is None


def test_an_agreement_that_expires_on_a_stated_day_still_ends_then():
    # the sentence names the agreement: its "expires" is the agreement's own
    doc = extracted(
        "EQUIPMENT MAINTENANCE AGREEMENT\n\n"
        "Made as of February 2, 2024 between Holloway Printing Co. (\"Customer\") and Crestline Press Service LLC "
        "(\"Contractor\").\n\n"
        "The Agreement expires on January 31, 2026.\n")
    assert field_value(doc, "expiry_date") == "2026-01-31"


def test_a_document_that_says_this_license_expires_on_a_day_ends_then():
    # the document names itself by its kind ("This License"), not as an agreement
    doc = extracted(
        "SOFTWARE LICENSE\n\n"
        "Granted as of May 1, 2024 by Wexford Analytics, Inc. (\"Licensor\") to Prairie Mutual Insurance Co. "
        "(\"Licensee\").\n\n"
        "This License expires on April 30, 2027.\n")
    assert field_value(doc, "expiry_date") == "2027-04-30"


_EVERGREEN = ("RESELLER AGREEMENT\n\n"
              "This Reseller Agreement is made as of August 5, 2024 between Kinloch Security Systems, Inc. (\"Kinloch\") "
              "and Baywater Integrators LLC (\"Reseller\").\n\n"
              "3. Term. This Agreement remains in effect until either party terminates it on sixty (60) days' notice.\n\n")


def test_a_named_period_defined_from_the_agreements_start_to_a_day_is_no_end_of_the_agreement():
    doc = extracted(_EVERGREEN + "4. Exclusivity. \"Exclusive Period\" means the period beginning on the date of this "
                                 "Agreement and ending on March 31, 2026, during which Kinloch appoints no other reseller "
                                 "in Oregon.\n")
    assert field_value(doc, "expiry_date") is None


def test_the_agreement_whose_term_ends_with_a_named_period_still_ends_with_it():
    doc = extracted(
        "EVALUATION AGREEMENT\n\n"
        "This Evaluation Agreement is made as of August 5, 2024 between Kinloch Security Systems, Inc. (\"Kinloch\") and "
        "Baywater Integrators LLC (\"Evaluator\").\n\n"
        "1. \"Evaluation Period\" means the period beginning on the Effective Date and ending on February 28, 2025.\n\n"
        "2. This Agreement ends at the end of the Evaluation Period.\n")
    assert field_value(doc, "expiry_date") == "2025-02-28"


def test_a_lease_term_of_equipment_ending_on_a_day_is_no_end_of_an_agreement_that_states_no_term():
    doc = extracted(_EVERGREEN.split("3. Term.")[0] + "5. Demonstration Units. The lease term of the demonstration units shall be twenty-four "
                                 "(24) months and shall end on July 31, 2026.\n")
    assert field_value(doc, "expiry_date") is None
