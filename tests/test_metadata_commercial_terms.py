"""Commercial contracts' term clauses (issue 12, round 7 of the probes): kinds of wording whose dates belong to the
agreement's term or to something else. Each text is made up for the test."""
from __future__ import annotations

from extracted_text import date_roles, extracted, field_value


def test_a_numbered_schedules_own_row_of_dates_is_no_expiry_of_the_agreement():
    # a master agreement that runs until terminated, with a numbered schedule carrying its own period
    doc = extracted(
        "MASTER SERVICES AGREEMENT\n\n"
        "This Master Services Agreement is made as of May 4, 2022 between Orchard Lane Software, Inc. (\"Orchard\") and "
        "Pinecrest Dental Group, P.C. (\"Pinecrest\").\n\n"
        "7. Term. This Agreement remains in effect until terminated by either party on sixty (60) days' written notice.\n",
        "SERVICE ORDER SCHEDULE NO. 3\n"
        "Start: June 1, 2022        Expires: May 31, 2023\n"
        "Hosted scheduling, 14 seats, $1,120 per month\n")
    assert field_value(doc, "effective_date") == "2022-05-04"
    assert field_value(doc, "expiry_date") is None
    assert date_roles(doc)["2023-05-31"] == "other"


def test_a_price_lists_own_effective_day_in_a_definition_is_not_the_agreements():
    doc = extracted(
        "PRODUCT PURCHASE AGREEMENT\n\n"
        "This Product Purchase Agreement is entered into by Delmont Surgical Supply Co. (\"Supplier\") and Westbrook "
        "Clinics, Inc. (\"Buyer\") and is effective on the date of the last signature below (the \"Effective Date\").\n\n"
        "1. Definitions. \"Price List\" means Supplier's list of prices effective July 1, 2022, as updated under "
        "Section 4.\n\n"
        "2. Term. This Agreement shall remain in effect for two (2) years from the Effective Date.\n\n"
        "DELMONT SURGICAL SUPPLY CO.               WESTBROOK CLINICS, INC.\n"
        "By: /s/ Alan Pruitt                       By: /s/ Mei Tanaka\n"
        "Date: August 8, 2022                      Date: August 15, 2022\n")
    assert date_roles(doc)["2022-07-01"] == "cited"
    assert field_value(doc, "effective_date") == "2022-08-15"
    assert field_value(doc, "expiry_date") == "2024-08-15"


def test_a_term_that_ends_at_a_time_of_day_on_a_stated_day_ends_that_day():
    doc = extracted(
        "MARKETING SERVICES AGREEMENT\n\n"
        "This Marketing Services Agreement (the \"Agreement\") is effective as of February 2, 2024 between Silverline "
        "Outdoor Media LLC and Granger Auto Group, Inc.\n\n"
        "5. Term. This Agreement shall commence on the date first written above and shall terminate at 5:00 p.m. "
        "Eastern Time on January 31, 2027, unless sooner terminated under Section 9.\n")
    assert field_value(doc, "expiry_date") == "2027-01-31"


def test_a_cover_rows_named_period_from_the_effective_date_through_a_day_ends_the_agreement():
    doc = extracted(
        "SUBSCRIPTION AGREEMENT\n\n"
        "ORDER SUMMARY\n"
        "Customer:              Ridgeview Title Company\n"
        "Provider:              Parcelwise Data, Inc.\n"
        "Effective Date:        April 3, 2025\n"
        "Subscription Period:   From the Effective Date through March 31, 2029\n\n"
        "This Subscription Agreement is made between Parcelwise Data, Inc. (\"Provider\") and Ridgeview Title Company "
        "(\"Customer\").\n\n"
        "3. Term. This Agreement takes effect on the Effective Date and shall expire at the end of the Subscription "
        "Period.\n")
    assert field_value(doc, "effective_date") == "2025-04-03"
    assert field_value(doc, "expiry_date") == "2029-03-31"


def test_a_named_period_the_agreement_does_not_end_with_gives_no_expiry():
    # the same cover row, but the agreement runs until terminated: the period is the subscription's, not the term
    doc = extracted(
        "SUBSCRIPTION AGREEMENT\n\n"
        "Effective Date:        April 3, 2025\n"
        "Subscription Period:   From the Effective Date through March 31, 2029\n\n"
        "This Subscription Agreement is made between Parcelwise Data, Inc. (\"Provider\") and Ridgeview Title Company "
        "(\"Customer\").\n\n"
        "3. Term. This Agreement continues in force until terminated by either party on ninety (90) days' notice.\n")
    assert field_value(doc, "expiry_date") is None


_OPENING = ("SERVICES AGREEMENT\n\nThis Services Agreement (this \"Agreement\") is entered into as of March 3, 2021 (the "
            "\"Effective Date\") by and between Arbor Lane Foods, Inc. (\"Arbor\") and Cinderhill Logistics LLC "
            "(\"Cinderhill\").\n\n1. Services. Cinderhill shall store and ship Arbor's products.\n\n7. Term. ")


def test_an_anniversary_written_with_its_number_in_brackets_ends_the_term():
    doc = extracted(_OPENING + "The term of this Agreement (the \"Term\") shall commence on the Effective Date and end "
                               "on the third (3rd) anniversary of the Effective Date.\n")
    assert field_value(doc, "expiry_date") == "2024-03-03"


def test_an_anniversary_thereof_counts_from_the_start_the_sentence_names_and_only_then():
    named = extracted(_OPENING + "This Agreement will commence on the Effective Date and will expire on the fifth (5th) "
                                 "anniversary thereof.\n")
    event = extracted(_OPENING + "This Agreement shall commence on the Launch Date and shall expire on the fifth (5th) "
                                 "anniversary thereof.\n")
    unnamed = extracted(_OPENING + "This Agreement shall expire on the fifth anniversary thereof unless renewed.\n")
    assert field_value(named, "expiry_date") == "2026-03-03"
    assert field_value(event, "expiry_date") is None
    assert field_value(unnamed, "expiry_date") is None


def test_the_term_hereof_and_an_initial_term_of_n_months_are_the_agreements_term():
    hereof = extracted(_OPENING + "The term hereof shall be three (3) years from the Effective Date.\n")
    initial = extracted(_OPENING + "This Agreement shall run for an Initial Term of thirty-six (36) months from the "
                                   "Effective Date, renewable by mutual agreement.\n")
    assert field_value(hereof, "expiry_date") == "2024-03-03"
    assert field_value(initial, "expiry_date") == "2024-03-03"


def test_the_later_or_earlier_of_a_stated_day_and_an_anniversary_is_computed_and_an_event_among_them_gives_none():
    later = extracted(_OPENING + "This Agreement shall terminate on the later of (i) December 31, 2022 or (ii) the third "
                                 "anniversary of the Effective Date.\n")
    earlier = extracted(_OPENING + "This Agreement shall terminate on the earlier of (i) December 31, 2022 or (ii) the "
                                   "third anniversary of the Effective Date.\n")
    with_event = extracted(_OPENING + "This Agreement shall terminate on the later of (i) December 31, 2022, (ii) the "
                                      "third anniversary of the Effective Date or (iii) the date on which the last Product "
                                      "is delivered.\n")
    assert field_value(later, "expiry_date") == "2024-03-03"
    assert field_value(earlier, "expiry_date") == "2022-12-31"
    assert field_value(with_event, "expiry_date") is None


def test_a_date_a_relative_clause_gives_to_another_document_is_no_expiry_of_this_one():
    lease = extracted(_OPENING + "The term of this Agreement shall be coterminous with the Warehouse Lease, which expires "
                                 "on May 31, 2027.\n")
    own = extracted(_OPENING + "This Agreement, which expires on May 31, 2027, may be renewed by mutual agreement.\n")
    assert field_value(lease, "expiry_date") is None
    assert field_value(own, "expiry_date") == "2027-05-31"


def test_more_ways_a_contract_states_its_own_end():
    automatic = extracted(_OPENING + "This Agreement will terminate automatically on June 30, 2024 unless extended in "
                                     "writing.\n")
    ends = extracted(_OPENING + "The initial term of this Agreement ends on the fifth anniversary of the Effective Date "
                                "(the \"Initial Term\").\n")
    will_be = extracted(_OPENING + "The Term will be one (1) year, commencing on the Effective Date, and will renew "
                                   "automatically for one-year periods.\n")
    range_to = extracted(_OPENING + "The Initial Term of this Agreement is from the Effective Date to December 31, 2024. "
                                    "Thereafter it renews annually.\n")
    assert field_value(automatic, "expiry_date") == "2024-06-30"
    assert field_value(ends, "expiry_date") == "2026-03-03"
    assert field_value(will_be, "expiry_date") == "2022-03-03"
    assert field_value(range_to, "expiry_date") == "2024-12-31"


def test_an_agreement_that_runs_until_terminated_takes_no_end_from_another_named_terms_row():
    doc = extracted(
        "PROMOTION AGREEMENT\n\nThis Promotion Agreement (this \"Agreement\") is entered into as of June 7, 2022 by and "
        "between Tallgrass Brewing Co. (\"Tallgrass\") and Northline Events, Inc. (\"Northline\").\n\n"
        "9. Term. This Agreement remains in effect until terminated by either party.\n\n"
        "EXHIBIT A - FESTIVAL TERM SHEET\nFestival Term: July 1, 2022 - September 5, 2022\nBudget: $25,000\n")
    assert field_value(doc, "effective_date") == "2022-06-07"
    assert field_value(doc, "expiry_date") is None


def test_a_term_that_starts_on_execution_by_both_parties_counts_from_the_later_signature():
    doc = extracted(_OPENING + "The term of this Agreement shall commence on the date of execution by both parties and "
                               "continue for two (2) years.\n\n"
                               "ARBOR LANE FOODS, INC.              CINDERHILL LOGISTICS LLC\n"
                               "By: /s/ A. Lane                      By: /s/ C. Hill\n"
                               "Date: March 10, 2021                 Date: March 12, 2021\n")
    assert field_value(doc, "expiry_date") == "2023-03-12"
