"""When an agreement starts and ends, told apart from the days its clauses speak of (issue 12): the day a termination
would take effect, a period a condition measures, an ordinal split by text extraction. Made-up text in the shapes
commercial contracts take."""
from __future__ import annotations

from ingest.metadata.dates import find_dates
from extracted_text import date_roles as _roles, extracted as _extract, field_value as _value

# numbered clauses that say nothing of dates, so the term clause sits past a long contract's opening
_FILLER = "".join(f"5.{i} Notices. Each notice given under this Agreement shall be in writing and delivered by hand "
                  f"or by courier to the address of the receiving Party set out above, and is received when delivered.\n\n"
                  for i in range(1, 80))


def test_an_ordinal_split_by_a_space_is_read():
    assert [d.value.isoformat() for d in find_dates("entered into as of the 21s t day of June, 2017, by")] == ["2017-06-21"]
    assert [d.value.isoformat() for d in find_dates("made this 3r d day of May 2001")] == ["2001-05-03"]
    assert [d.value.isoformat() for d in find_dates("as of the 19t h day of December, 2018")] == ["2018-12-19"]


def test_the_day_an_option_to_terminate_takes_effect_is_no_start_and_no_end():
    doc = _extract("SUPPLY AGREEMENT\n\nThis Supply Agreement is made and entered into as of the 4t h day of February, 2016 "
                   "by and between Acme Widgets, Inc. and Borealis Foods LLC.\n\n" + _FILLER +
                   "9. Term. The term of this Agreement (the \"Term\"), unless extended by a written amendment signed by both "
                   "Parties or unless earlier terminated under Section 10 below, shall commence as of the date hereof and "
                   "shall expire on March 31, 2026.\n\n"
                   "10. Termination. Borealis may terminate this Agreement, effective as of June 30, 2021, in the event that "
                   "(i) on or before January 15, 2021, Borealis has given Acme written notice of its election to terminate "
                   "this Agreement under this Section 10 and (ii) during the period commencing on the date hereof and "
                   "concluding on January 15, 2021, Borealis shall not have purchased the minimum volume under this "
                   "Agreement.\n")
    assert _value(doc, "effective_date") == "2016-02-04"
    assert _value(doc, "expiry_date") == "2026-03-31"
    roles = _roles(doc)
    assert roles["2021-06-30"] not in ("effective", "expiry")
    assert roles["2021-01-15"] not in ("effective", "expiry")


def test_a_termination_that_takes_effect_on_a_day_ends_the_agreement():
    doc = _extract("SERVICES AGREEMENT\n\nThis Services Agreement is made as of April 2, 2019 between Northwind Logistics "
                   "Ltd. and Harbor Analytics Corp.\n\n7. End of the services. This Agreement shall terminate, effective "
                   "December 31, 2022, and Harbor shall return all materials.\n")
    assert _value(doc, "effective_date") == "2019-04-02"
    assert _value(doc, "expiry_date") == "2022-12-31"
    assert _roles(doc)["2022-12-31"] == "expiry"


def test_unless_sooner_terminated_the_agreement_is_still_effective_from_its_date():
    doc = _extract("MEMORANDUM OF UNDERSTANDING\n\nUnless sooner terminated, this Memorandum is effective as of July 1, "
                   "2019 and remains in effect through June 30, 2024.\n")
    assert _value(doc, "effective_date") == "2019-07-01"
    assert _value(doc, "expiry_date") == "2024-06-30"


def test_a_receipt_stamp_over_two_lines_dates_nothing():
    doc = _extract("RECEIVED\nMAR 03 2025\nCOUNTY CLERK\n\nMEMORANDUM OF UNDERSTANDING\n\nThis MOU between the Town of Alder and "
                   "the Alder Water District sets out how they share meter readings.\n")
    assert _roles(doc) == {"2025-03-03": "stamp"}
    assert _value(doc, "effective_date") is None
    doc = _extract("MEMORANDUM OF UNDERSTANDING\n\n03/04/2025 RECEIVED\n\nThis MOU between the Town of Alder and the Alder "
                   "Water District sets out how they share meter readings.\n")
    assert _roles(doc) == {"2025-03-04": "stamp"}


def test_a_date_under_a_signature_line_is_still_a_signature_date():
    doc = _extract("MEMORANDUM OF UNDERSTANDING\n\nThis MOU between the Town of Alder and the Alder Water District takes "
                   "effect when signed by both parties.\n\nTown of Alder\nBy: ________________\nDate:\n03/04/2025\n\n"
                   "Alder Water District\nBy: ________________\nDate:\n03/11/2025\n")
    assert _value(doc, "effective_date") == "2025-03-11"


def test_a_defined_name_for_a_cited_document_does_not_date_this_one():
    doc = _extract("PLACEMENT AGENCY AGREEMENT\n\nLadies and Gentlemen:\n\nMaple Savings Bank (the \"Bank\") confirms its "
                   "agreement with Harbor Securities, Inc. (the \"Agent\") as follows. The Agent will advise the Bank as set "
                   "out in the engagement letter (\"Engagement Letter\"), dated October 3, 2001 between the Bank and the "
                   "Agent.\n")
    assert _roles(doc)["2001-10-03"] == "cited"
    assert _value(doc, "effective_date") is None


def test_an_as_of_day_that_names_a_class_of_holders_is_no_effective_date():
    doc = _extract("SUBSCRIPTION AGENCY AGREEMENT\n\nLadies and Gentlemen:\n\nThe Company will offer its shares to depositors "
                   "with balances of $100 or more as of June 30, 2004 (\"Eligible Depositors\") and then to the public.\n")
    assert _value(doc, "effective_date") is None


def test_a_defined_expiration_date_is_the_agreements_end():
    doc = _extract("CO-PROMOTION AGREEMENT\n\nThis Co-Promotion Agreement is entered into as of May 6, 2015 (the \"Effective "
                   "Date\") by Larch Pharma, Inc. and Spruce Health LLC.\n\n" + _FILLER +
                   "1.12 \"Expiration Date\" means June 30, 2017.\n\n8. Term. This Agreement commences on the Effective Date "
                   "and expires on the Expiration Date.\n")
    assert _value(doc, "expiry_date") == "2017-06-30"


def test_a_day_first_numeric_date_is_read_where_the_day_cannot_be_a_month():
    assert [d.value.isoformat() for d in find_dates("Dated 29/3/18")] == ["2018-03-29"]
    assert [d.value.isoformat() for d in find_dates("signed 25.12.2019 in Perth")] == ["2019-12-25"]
    assert [d.value.isoformat() for d in find_dates("Date: 3/4/2019")] == ["2019-03-04"]     # month first, as before


def test_a_cure_period_is_not_the_term():
    doc = _extract("DISTRIBUTION AGREEMENT\n\nThis Agreement is made on 2 May 2016 between Wattle Pty Ltd and Gum Supplies "
                   "LLC.\n\n12. Either party may end this agreement if the other party commits a material breach of any term "
                   "of this agreement and (if such breach is remediable) fails to remedy that breach within a period of 21 "
                   "days of being notified in writing to do so.\n")
    assert _value(doc, "expiry_date") is None


def test_a_form_whose_rows_were_joined_keeps_its_signature_dates_and_the_day_after_the_last():
    doc = _extract("HOSTING TERMS\n\nThis Agreement will be effective beginning at 12:01 a.m. on the day after the date of "
                   "last signature to these terms (\"Effective Date\").\n\nAgreed and Accepted:\n\n"
                   "Pat Doe        3/9/04            Lee Roe        3/16/04 ----------------------   ---------------------- "
                   "Name (type or print)      Date        Name (type or print)      Date\n")
    assert sorted(f.normalized for f in doc.fields if f.name == "signature_date") == ["2004-03-09", "2004-03-16"]
    assert _value(doc, "effective_date") == "2004-03-17"


def test_a_space_before_the_comma_and_a_day_month_abbreviation_year_are_read():
    assert [d.value.isoformat() for d in find_dates("made this 2nd day of April , 2008 by")] == ["2008-04-02"]
    assert [d.value.isoformat() for d in find_dates("Date: 5-Mar-2001")] == ["2001-03-05"]
    assert find_dates("Part 12-Abc-2001") == []


def test_an_agreement_effective_for_a_period_from_one_day_through_another():
    doc = _extract("INTERGOVERNMENTAL AGREEMENT\n\nThe Town of Alder and Alder County agree as follows. This Agreement shall "
                   "be effective for the period from July 1, 2019 through June 30, 2020.\n")
    assert _value(doc, "effective_date") == "2019-07-01"
    assert _value(doc, "expiry_date") == "2020-06-30"


def test_an_attached_files_save_date_is_no_signature_date():
    doc = _extract("HOSTING AGREEMENT\n\nThis Hosting Agreement is entered into and effective as of the later of the two "
                   "signature dates below by Cedar Search, Inc. and Pine Software Corp.\n\nEXHIBIT A\n"
                   "VERSION: 1.0 FILENAME: search requirements.doc DATE: 07/07/97 3:57 PM AUTHOR(S): Pat Doe\n")
    assert _roles(doc) == {"1997-07-07": "draft"}
    assert _value(doc, "effective_date") is None


def test_a_term_that_ends_on_the_sooner_of_a_count_and_an_event_gives_no_expiry():
    doc = _extract("CONSULTING AGREEMENT\n\nThis Consulting Agreement is made as of May 1, 2019 by Oak Deliveries, Inc. and "
                   "Elm Advisors LLC.\n\n7.1 Term. The initial term of this Agreement shall be the sooner of six (6) months "
                   "from the Effective Date, or the replacement of this Agreement with an employment agreement.\n")
    assert _value(doc, "effective_date") == "2019-05-01"
    assert _value(doc, "expiry_date") is None


def test_a_payment_schedule_that_runs_through_a_day_does_not_end_the_agreement():
    doc = _extract("OUTSOURCING AGREEMENT\n\nThis Outsourcing Agreement is made as of June 1, 2001 between Cedar Systems "
                   "Corp. and Aspen Works, Inc.\n\n6. Under this Agreement Cedar shall pay Aspen a fee on the first day of "
                   "each calendar month through March 31, 2003.\n")
    assert _value(doc, "expiry_date") is None


def test_the_length_of_a_renewal_is_not_the_term():
    doc = _extract("HOSTING AGREEMENT\n\nThis Hosting Agreement is entered into as of July 31, 2000 between Birch Mobile, "
                   "Inc. and Hazel Hosting LLC.\n\n12.1 Term. This Agreement shall continue for the term set forth in "
                   "Exhibit B, and may be renewed for successive one (1) year terms by mutual written agreement.\n")
    assert _value(doc, "effective_date") == "2000-07-31"
    assert _value(doc, "expiry_date") is None


def test_the_end_of_a_quarter_of_the_term_is_not_the_expiry():
    doc = _extract("PROMOTION AGREEMENT\n\nThis Promotion Agreement is entered into as of May 3, 2018 (the \"Effective Date\") "
                   "by Fir Therapeutics, Inc. and Yew Pharma LLC.\n\n1.8 \"Calendar Quarter\" means each period of three "
                   "months ending March 31, June 30, September 30 or December 31, except that the first Calendar Quarter of "
                   "the Term shall commence on the Effective Date and end on June 30, 2018.\n")
    assert _value(doc, "expiry_date") is None


def test_services_continued_after_the_end_are_not_the_term():
    doc = _extract("OUTSOURCING AGREEMENT\n\nThis Outsourcing Agreement is dated as of February 2, 2004 between Poplar "
                   "National Bank and Willow Data Services.\n\n20. At the written request of the Bank, given at least 100 "
                   "days prior to expiration of the Term of this Agreement, Willow shall continue to provide the Services "
                   "for a maximum period of six (6) months.\n")
    assert _value(doc, "expiry_date") is None


def test_a_deadline_counted_in_a_compound_number_is_not_the_term():
    doc = _extract("LICENSE AGREEMENT\n\nThis License Agreement is entered into as of June 3, 2019 (the \"Execution Date\") "
                   "by Alder Pharma, Inc. and Rowan Labs LLC.\n\n11.1 Term. The term of this Agreement shall become "
                   "effective upon Alder executing a supply agreement within forty-five (45) days of the Execution Date.\n\n"
                   "11.2 The term of this Agreement shall continue for the longer of the first anniversary of the Execution "
                   "Date or the duration of the Supply Agreement.\n")
    assert _value(doc, "expiry_date") is None


def test_a_defined_other_document_and_a_cited_contract_made_effective_keep_their_dates():
    doc = _extract("CONTENT LICENSE AGREEMENT\n\nThis Content License Agreement is made by Maple Media Ltd. and Cedar Data "
                   "Ltd.\n\n1. Definitions\n\"Master Services Agreement\" means the Master Services Agreement entered into "
                   "by and between Maple Media Holdings Limited and Cedar Data Holdings Limited, dated as of July 27, 2009.\n")
    assert _roles(doc)["2009-07-27"] == "cited"
    assert _value(doc, "effective_date") is None
    doc = _extract("SUPPORT CONTRACT\n\nThis contract replaces Annex 7, which was part of the Purchase Contract, made effective "
                   "on 6 April 1998, between Birch Telecom a.s. and Larch Systems AG.\n")
    assert _roles(doc)["1998-04-06"] == "cited"
    assert _value(doc, "effective_date") is None
