"""Titles of the records a repository holds beside agreements (memoranda, resolutions, minutes, agendas, reports)
and of bilingual agreements (issue 12). Made-up text only."""
from __future__ import annotations

from extracted_text import extracted, heading_title as _title


BODY = "The board took up the matter at its meeting and discussed it at length before the vote was taken.\n"


def test_a_memorandum_from_an_office_is_known_by_its_subject_joined_where_it_wraps():
    text = ("Department of Widgets\nMEMORANDUM FROM THE DEPUTY DIRECTOR\nTO: Program Leads\n"
            "SUBJECT: Interim Waiver of the Quarterly Reporting Requirement Related to the\n"
            "Legacy Grant Portal\nIn reference to the reporting directive issued last spring, the office grants ...\n")
    assert _title(text) == ("Interim Waiver of the Quarterly Reporting Requirement Related to the Legacy Grant Portal")


def test_a_memorandum_in_mixed_case_is_known_by_its_subject_and_the_body_is_not_joined():
    text = ("Harbor City Fire Department\nMemorandum\nDate: 3/4/2024\nTo: City Manager\nFrom: Analyst\n"
            "Subject: 2024 Regional Training Grant award\nPlease find attached the award letter for signature.\n")
    assert _title(text) == "2024 Regional Training Grant award"


def test_an_english_heading_without_the_word_the_is_not_taken_for_another_language():
    text = ("TOWN COUNCIL RESOLUTION NO. 31-07\n\nA RESOLUTION OF THE TOWN COUNCIL OF THE TOWN OF ELMWOOD ADOPTING THE\n"
            "MEMORANDUM OF UNDERSTANDING WITH THE ELMWOOD FIREFIGHTERS UNION\n\nWHEREAS, the town and the union met.\n")
    assert _title(text) == "TOWN COUNCIL RESOLUTION NO. 31-07"
    text = ("COUNTY COMMITTEE ON SCHOOL ORGANIZATION\nResolution Approving Lakeview School District’s Request Under\n"
            "Education Code Section 9999 to Adopt Trustee Areas\nResolution No. CC-99-01\n\nWHEREAS, the district asked.\n")
    assert _title(text) == ("Resolution Approving Lakeview School District’s Request Under Education Code Section 9999 "
                            "to Adopt Trustee Areas")


def test_a_bilingual_treaty_is_titled_by_its_english_line_below_the_other_languages():
    text = ("Visserijovereenkomst tussen de Regering van het Koninkrijk der Nederlanden en de Regering van Ruritanië\n\n"
            "Fisheries Agreement between the Government of the Kingdom of the Netherlands and the Government of Ruritania\n\n"
            "The Government of the Kingdom of the Netherlands and the Government of Ruritania, desiring ...\n")
    assert _title(text) == ("Fisheries Agreement between the Government of the Kingdom of the Netherlands and the "
                            "Government of Ruritania")


def test_minutes_named_after_the_board_are_the_title_not_a_letterhead():
    text = ("LAKE VIEW IRRIGATION DISTRICT\nBoard of Directors’ Regular Minutes\nMay 2, 2024 – 6:00 p.m.\n\n"
            "BOARD OF DIRECTORS\nJane Roe    President\n\nAGENDA ITEMS\n" + BODY)
    assert _title(text) == "Board of Directors’ Regular Minutes"


def test_a_bare_kind_word_in_running_text_is_no_title_and_the_first_line_is():
    text = ("P-21-04 - Guidance on Shared Office Printers\n\nMarch 3, 2021\n\nFrom Jane Roe, Director\n\n"
            "Offices use shared printers every day. The goals here follow Budget Memorandum B-11-02, Saving Paper. "
            "This Memorandum replaces the earlier guidance on printers.\n")
    assert _title(text) == "P-21-04 - Guidance on Shared Office Printers"


def test_a_meeting_heading_in_a_column_beside_names_is_the_title_without_them():
    text = ("                 Lakeview Unified School District                       Jane Roe, President\n"
            "                 Regular Meeting of the Board of Education              John Doe, Clerk\n"
            "                 12 Elm Street, Lakeview, California 95000\n\n" + BODY)
    assert _title(text) == "Regular Meeting of the Board of Education"
    text = ("        Lakeview Fire District\n     Jane Roe\n      Fire Chief                BOARD OF DIRECTORS - "
            "REGULAR MEETING\n\n                  Tuesday, May 2, 2023\n" + BODY)
    assert _title(text) == "BOARD OF DIRECTORS - REGULAR MEETING"


def test_a_heading_column_in_the_case_of_the_column_before_it_is_not_cut():
    text = "EXHIBIT 4\n\nACME TRAVEL       GROUP SALES       RESELLER AGREEMENT\n\nThis Agreement is made ...\n"
    assert _title(text) == "ACME TRAVEL GROUP SALES RESELLER AGREEMENT"


def test_an_upper_case_heading_above_the_first_sentence_of_the_body_beats_a_sentence_naming_an_agreement():
    text = ("                         ATTACHMENT 2\n\nLAKEVIEW CHARTER ACADEMY\n2022–2023 ANNUAL OVERSIGHT REPORT\n"
            "By Jane Roe\n\nThis report summarizes the Lakeview Charter Academy 2022–2023\nschool year.\n\n"
            "The Memorandum of Understanding (MOU) with the academy (2021–2026) sets out the\nitems below:\n")
    assert _title(text) == "LAKEVIEW CHARTER ACADEMY 2022–2023 ANNUAL OVERSIGHT REPORT"


def test_a_short_programme_line_under_a_bare_kind_heading_is_part_of_the_title():
    text = "MEMORANDUM OF AGREEMENT\nSchool Resource Officer Program\n\nI. PARTIES\n\nThis MOA is made ...\n"
    assert _title(text) == "MEMORANDUM OF AGREEMENT School Resource Officer Program"
    text = "MEMORANDUM OF AGREEMENT\nLakeview Police Department\n\nI. PARTIES\n"
    assert _title(text) == "MEMORANDUM OF AGREEMENT"


def test_a_revision_date_and_page_counter_on_the_heading_line_are_not_title():
    assert _title("Policy 310 – Body Worn Cameras 01-02-24 Page 1\nBody Worn Cameras\n310.1 PURPOSE AND SCOPE\n") == \
        "Policy 310 – Body Worn Cameras"


def test_a_brand_written_in_lower_case_heads_its_title():
    assert _title("Exhibit 10.3\n\n   e-commerce Fulfilment Agreement\n\nThe parties agree ...\n") == \
        "e-commerce Fulfilment Agreement"


def test_a_word_processor_template_name_is_no_title_property():
    doc = extracted("The office answers questions on the grant below.\n",
                    properties={"title": "Sample - Agency Letterhead Template"})
    assert doc.title == ""


def test_an_assessment_heading_is_joined_with_its_subject_and_the_register_number_set_under_it():
    # one rule for a code set as a line of the heading, as for a circular's "RSA-TAC-23-03"
    text = ("Privacy Impact Assessment Update\nfor the\nUse of Drone Imagery from a\nCommercial Vendor\nDHS/XYZ/PIA-101(b)\n"
            "March 1, 2024\nContact Points\nJane Roe\n")
    assert _title(text) == ("Privacy Impact Assessment Update for the Use of Drone Imagery from a Commercial Vendor "
                            "DHS/XYZ/PIA-101(b)")
    text = "PRIVACY IMPACT ASSESSMENT FOR THE GATE LOG SYSTEM\nDHS/XYZ/PIA-017\nMarch 1, 2024\nContact Point: Jane Roe\n"
    assert _title(text) == "PRIVACY IMPACT ASSESSMENT FOR THE GATE LOG SYSTEM DHS/XYZ/PIA-017"


def test_a_code_above_a_bare_kind_heading_heads_it_and_the_subject_below_is_not_joined():
    text = ("STATE DEPARTMENT OF LABOR\nOFFICE OF WORKFORCE PROGRAMS\nMay 1, 2024\nQA 24-07\nQuestions and Answers\n"
            "Frequently Asked Questions\nApprenticeship Program Reporting for Program Year 2023\n"
            "The Department has received questions about ...\n")
    assert _title(text) == "Frequently Asked Questions"
    text = ("STATE DEPARTMENT OF LABOR\nMay 1, 2024\nFAQ 24-07\nFrequently Asked Questions\n"
            "Apprenticeship Program Reporting for Program Year 2023\nThe Department has received questions about ...\n")
    assert _title(text) == "FAQ 24-07 Frequently Asked Questions"


def test_a_number_line_restating_the_kind_stays_out_of_a_resolution_title():
    text = ("COUNTY BOARD OF EDUCATION\nResolution Approving the Lakeview Academy Charter\nRenewal\nResolution No. 23-04\n\n"
            "WHEREAS, the board met.\n")
    assert _title(text) == "Resolution Approving the Lakeview Academy Charter Renewal"


def test_a_letter_known_by_its_number_under_the_letterhead_is_titled_by_it():
    text = ("12 Main Street, Springfield, IL 62701\nwww.labor.example.gov\nSTATE DEPARTMENT OF LABOR\n"
            "Date: May 1, 2024\nWDL-24-03\nDear Colleagues:\nThe Department writes to share guidance on ...\n")
    assert _title(text) == "WDL-24-03"
    text = "June 3, 2025\nRobin\nSent via email\nRR CITY-2025-0042\nThe City has received your public records request.\n"
    assert _title(text) == "RR CITY-2025-0042"


def test_an_exhibit_number_or_a_phone_number_is_no_letter_number():
    assert _title("EX-10.2\nRobin\nThe parties will meet monthly to review the program.\n") is None
    assert _title("June 3, 2025\nRobin\n(555) 555-0100\n555-555-0100\nThe City has received your request.\n") is None


def test_a_first_line_title_beats_a_number_printed_below_it():
    text = "P-21-04 - Guidance on Shared Office Printers\n\nMarch 3, 2021\n\nP-21-04\n\nFrom Jane Roe, Director\n"
    assert _title(text) == "P-21-04 - Guidance on Shared Office Printers"


def test_a_labelled_number_or_a_source_line_is_never_the_title():
    text = ("Exhibit 10.9\n\nEnglish Translation\n\nHarbor Telecom Contract No.: HT-12-0042\n\nCooperation Agreement on "
            "Ferry Ticketing\n\nBetween\n\nAlder Ferries Co., Ltd.\n\nAnd\n\nBirch Ticketing Co., Ltd.\n")
    assert _title(text) == ("Cooperation Agreement on Ferry Ticketing Between Alder Ferries Co., Ltd. And "
                            "Birch Ticketing Co., Ltd.")
    assert _title("Source: ALDER TOOLS, INC., 8-K, 3/20/2020\n\nThe parties agree as follows.\n") is None


def test_a_letter_whose_first_line_runs_on_into_a_sentence_has_no_title():
    text = ("STATE OFFICE OF WIDGET SAFETY\nOn May 2, 2019, Governor Smith signed Executive Order 12, “Promoting the Safe\n"
            "Widgets,” which directed every agency to review the guidance it had issued on the use of widgets in schools.\n"
            "The office has finished that review and rescinds the letters listed below.\n")
    assert _title(text) is None


def test_a_register_notice_is_known_by_the_subject_above_its_agency_caption():
    text = ("4000-01-U\nDEPARTMENT OF WIDGETS\n12 CFR Part 345\n[Docket ID WID-2019-0007]\nRIN 1999-AB12\n"
            "Widget Safety Grants Program; Eligibility of\nCommunity Workshops\nAGENCY: Office of Widget Safety, "
            "Department of Widgets.\nACTION: Final regulations.\nSUMMARY: The Secretary amends the regulations ...\n")
    assert _title(text) == "Widget Safety Grants Program; Eligibility of Community Workshops"


def test_a_heading_that_opens_with_a_joining_word_goes_on_and_stops_at_its_month_and_questions():
    text = ("STATE DEPARTMENT OF LABOR\nOFFICE OF WORKFORCE PROGRAMS\n\nA GUIDE TO\nTHE APPRENTICESHIP REPORTING SYSTEM\n\n"
            "August 2020\n\nIntroduction\nThe guide explains ...\n")
    assert _title(text) == "A GUIDE TO THE APPRENTICESHIP REPORTING SYSTEM"
    text = ("Frequently Asked Questions\nRegarding Apprenticeship Reporting\nFebruary 2021\n"
            "Q1. Who must file the quarterly report?\nEvery sponsor that ...\n")
    assert _title(text) == "Frequently Asked Questions Regarding Apprenticeship Reporting"


def test_a_letter_without_a_heading_never_takes_its_addressee_or_its_marking_for_a_title():
    text = ("City of Springfield\nPolice Department\n300 Main Street, Springfield, OR 97401\nJuly 31, 2025\nJohn Roe\n"
            "12 Elm St\nSpringfield, OR 97401\nDear Mr. Roe:\nThe department received your request ...\n")
    assert _title(text) is None
    assert _title("TLP:CLEAR\n\nThe office has seen a rise in phishing against widget vendors this quarter.\n") is None


def test_a_meeting_record_heading_does_not_take_the_body_named_below_it():
    text = ("MINUTES\nREGULAR MEETING OF THE BOARD OF DIRECTORS\nSPRINGFIELD WATER DISTRICT\nJune 24, 2020\n\n"
            "CALL TO ORDER\nPresident Roe called the meeting to order at 6:00 p.m.\n")
    assert _title(text) == "MINUTES REGULAR MEETING OF THE BOARD OF DIRECTORS"
