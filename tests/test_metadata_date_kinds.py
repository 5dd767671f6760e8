"""Date roles and titles by kind of document: one test per rule, on made-up text in the shapes commercial
contracts, government MOAs and records use (issue 12, generalisation round)."""
from __future__ import annotations

from ingest.metadata.dates import find_dates
from ingest.metadata.heading import title_block
from extracted_text import date_roles as _roles, extracted as _extract, field_value as _value


# --- reading dates ------------------------------------------------------------------------------

def test_a_day_written_in_words_and_figures_is_read():
    assert [d.value.isoformat() for d in find_dates("made this second (2nd) day of March, 2011, by")] == ["2011-03-02"]
    assert [d.value.isoformat() for d in find_dates("on the 14th (fourteenth) day of July 2003")] == ["2003-07-14"]


def test_a_clause_number_is_not_a_date():
    assert find_dates("7.2.11 cleaning of the premises; 4.1.09 painting") == []
    assert [d.value.isoformat() for d in find_dates("signed 07.02.11 in Bonn")] == ["2011-07-02"]
    assert [d.value.isoformat() for d in find_dates("Date: 4.23.02")] == ["2002-04-23"]


# --- effective dates ----------------------------------------------------------------------------

def test_a_defined_commencement_date_is_the_effective_date():
    doc = _extract("SERVICE AGREEMENT\n\nDATED 2 May 2014\n\n1. Definitions\n\"Start Date\" means 9 June 2014.\n"
                   "\"Previous Agreement\" means the agreement made by the parties on 3 March 2008.\n")
    assert _value(doc, "effective_date") == "2014-06-09"


def test_the_term_that_commences_on_a_date_gives_it():
    doc = _extract("LICENSE AGREEMENT\n\nThe parties agree as follows.\n\n8. TERM. The term of this Agreement shall commence "
                   "April 1, 2002, and shall continue for a period of two (2) years.\n")
    assert _value(doc, "effective_date") == "2002-04-01"
    assert _value(doc, "expiry_date") == "2004-04-01"


def test_a_notarys_commission_expiry_is_neither_effective_nor_expiry():
    doc = _extract("DRILLING AGREEMENT\n\nThis Agreement is made effective as of March 1, 2010 (the \"Effective Date\").\n"
                   "Subscribed before me this 3rd day of March, 2010.\nNotary Public\nMy Commission Expires: June 30, 2013\n")
    assert _value(doc, "effective_date") == "2010-03-01"
    assert _value(doc, "expiry_date") is None
    assert _roles(doc)["2013-06-30"] == "other"


def test_a_schedules_effective_period_is_not_the_agreements():
    doc = _extract("SUPPORT AGREEMENT\n\nThis Agreement commences on the Commencement Date and continues until terminated "
                   "by either party on six months' notice.\n\nSCHEDULE TWO\nEffective 1 July 2016 to 31 December 2016\n"
                   "Rates for the first period.\n")
    assert _value(doc, "effective_date") is None
    assert _value(doc, "expiry_date") is None


# --- expiry -------------------------------------------------------------------------------------

def test_a_period_concluding_on_a_date_ends_the_term():
    doc = _extract("ENDORSEMENT AGREEMENT\n\nThis Agreement is made as of June 1, 2001.\n\n1. Definitions. (a) \"Contract "
                   "Period\" shall mean the period commencing as of June 1, 2001 and concluding May 31, 2003.\n")
    assert _value(doc, "effective_date") == "2001-06-01"
    assert _value(doc, "expiry_date") == "2003-05-31"


def test_a_fiscal_year_ending_on_a_date_is_no_expiry():
    doc = _extract("GRANT AGREEMENT\n\nThis Agreement is made as of July 1, 2019.\n\nReports are due for the fiscal year "
                   "ending June 30, 2020.\n")
    assert _value(doc, "expiry_date") is None


def test_an_initial_term_ending_the_day_before_an_anniversary():
    doc = _extract("HOSTING AGREEMENT\n\nThis Hosting Agreement (this \"Agreement\") dated May 15, 2000 (the \"Effective "
                   "Date\") is entered into between A Corp. and B LLC.\n1.4. Initial Term shall mean the Effective Date "
                   "through the day prior to the third anniversary of the Effective Date.\n")
    assert _value(doc, "effective_date") == "2000-05-15"
    assert _value(doc, "expiry_date") == "2003-05-14"


# --- titles -------------------------------------------------------------------------------------

def test_a_programme_line_under_the_heading_is_part_of_the_title():
    text = "MEMORANDUM OF AGREEMENT\n287(g) Warrant Service Officer Model\nThis Memorandum of Agreement constitutes ...\n"
    assert title_block(text)[2] == "MEMORANDUM OF AGREEMENT 287(g) Warrant Service Officer Model"


def test_a_heading_between_a_legend_and_the_body_on_one_run_on_line():
    text = ("EXHIBIT 4.2   ***Portions omitted and filed separately with the Commission.   SUPPLY AND SERVICES "
            "AGREEMENT\n\n   1. Definitions   1.1 In this Agreement ...")
    assert title_block(text)[2] == "SUPPLY AND SERVICES AGREEMENT"


def test_a_capitalised_heading_named_by_its_preamble_is_taken_whole():
    text = ("Exhibit 10.7   Last Updated: May 2, 2008     ACME PARTNER PROGRAM AGREEMENT   THIS AGREEMENT sets forth the "
            "terms between Acme Inc. and you as a partner. " + "More words follow here. " * 30)
    assert title_block(text)[2] == "ACME PARTNER PROGRAM AGREEMENT"


def test_a_letterhead_is_not_the_title_of_the_record_under_it():
    text = ("STATE DEPARTMENT OF LABOR\nOFFICE OF WORKFORCE PROGRAMS\n12 Main Street, Springfield, IL 62701\n"
            "TECHNICAL ASSISTANCE CIRCULAR\nTAC-09-04\nSUBJECT: Reporting\n")
    assert title_block(text)[2].startswith("TECHNICAL ASSISTANCE CIRCULAR")
    assert title_block("RIVER VALLEY WATER DISTRICT\n\nThe district held its meeting on Tuesday in the hall.\n") is None


def test_a_stray_word_or_an_attachment_label_is_no_title():
    assert title_block("Unapproved\n\nThe minutes of the meeting follow below in full.\n") is None
    assert title_block("Attachment 3\n\nThe school reported its enrolment for the year.\n") is None


def test_a_wrapped_line_of_a_paragraph_is_not_a_heading():
    text = ("On March 1, 2018, the Secretary issued guidance titled “Reducing the Reporting Burden of the\n"
            "Agreement,” which set a policy to reduce costs for grantees and their partners.\n")
    assert title_block(text) is None


def test_an_addendum_filed_with_the_agreement_names_its_effective_day_when_signatures_are_illegible():
    moa = ("MEMORANDUM OF AGREEMENT\n\nThis MOA becomes effective upon signature of both parties and will remain in effect "
           "until either party terminates it.\n\nDate: ~/S--J.a2_~\nSheriff\n")
    addendum = ("ADDENDUM TO MODIFY MEMORANDUM OF AGREEMENT\n\nThe agency and the county hereby agree to modify the new "
                "Memorandum of Agreement that was effective on April 2, 2021 as follows: ...\n")
    middle = "II. PURPOSE\n\nThe purpose of this collaboration is set out in the appendices.\n"
    doc = _extract(moa, middle, addendum)
    effective = next(f for f in doc.fields if f.name == "effective_date")
    assert effective.normalized == "2021-04-02" and effective.attributes["basis"] == "named_by_addendum"
    # a heading of another kind: the sentence speaks of some other document
    assert _value(_extract(moa.replace("MEMORANDUM OF AGREEMENT", "INTERGOVERNMENTAL SERVICE AGREEMENT", 1)
                           .replace("This MOA", "This IGSA"), middle, addendum), "effective_date") is None


def test_a_date_underlined_with_dashes_in_a_plain_text_filing_is_read():
    text = ('THIS SUPPLY AGREEMENT (this "Agreement") is made as of 30 June,                       ---------'
            '                    2004, between A Corp. and B Ltd.\nThe agreement between A Corp. and\n'
            '        --------               C Limited dated 5 May 2001 is terminated.\n')
    doc = _extract(text)
    assert _value(doc, "effective_date") == "2004-06-30"
    assert _roles(doc)["2001-05-05"] == "cited"


def test_an_end_that_is_the_later_of_an_anniversary_and_an_event_gives_no_expiry():
    doc = _extract("ALLIANCE AGREEMENT\n\nThis Agreement is made as of March 1, 2001.\n\n9.1 Term. This Agreement shall "
                   "terminate on the later of (i) the third anniversary of the Effective Date or (ii) the date on which the "
                   "last product is delivered.\n")
    assert _value(doc, "effective_date") == "2001-03-01"
    assert _value(doc, "expiry_date") is None


def test_a_records_heading_over_lines_is_joined_and_stops_at_its_number_and_date_lines():
    text = ("HILL COUNTY BOARD OF EDUCATION\nResolution Approving the Transfer of Surplus Property to the\nCity Library\n"
            "Resolution No. 19-07\n\nWHEREAS, the Board owns ...\n")
    assert title_block(text)[2] == "Resolution Approving the Transfer of Surplus Property to the City Library"
    text = ("Resolution Adopting the Annual Budget\nUnder Government Code Section 2100\nResolution No. 4\n\nWHEREAS ...\n")
    assert title_block(text)[2] == "Resolution Adopting the Annual Budget Under Government Code Section 2100"
    text = "                 Board Meeting Minutes\n                 Tuesday, March 3, 2020\nThe meeting was held in ...\n"
    assert title_block(text)[2] == "Board Meeting Minutes"


def test_a_capitalised_heading_without_kind_words_goes_on_over_its_lines():
    text = "\nNORTH VALLEY ACADEMY CHARTER\nPRE-OPENING STATUS UPDATE – JUNE 2, 2022\nBy staff\n\nThis report summarizes ...\n"
    assert title_block(text)[2] == "NORTH VALLEY ACADEMY CHARTER PRE-OPENING STATUS UPDATE – JUNE 2, 2022"


def test_a_long_run_of_spaced_dashes_is_read_in_one_pass(tmp_path):
    """A form's underline ("- - - - ...") or OCR'd rule after a document's name once sent the cited-document
    pattern into exponential backtracking: a document's ingest never finished. Run in a child so a
    regression fails here instead of hanging the suite."""
    import subprocess
    import sys
    code = ("from ingest.metadata.cited_references import cited_reference\n"
            "assert cited_reference('the Letter No. 12 ' + '- ' * 60 + 'x') is None\n"
            "assert cited_reference('in the Letter No. 12 ' + '- ' * 60 + 'dated ') is not None\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_a_lower_case_title_heading_the_text_alone_is_its_title_and_a_wrapped_sentence_is_not():
    # Dutch (and other languages) write titles in lower case; a first line that is a paragraph of its own is the title
    heading = ("Verdrag tussen de regering van het land en de regering van een ander land houdende een regeling "
               "inzake de scheepvaart op de rivier")
    text = heading + "\n\nNr. I\n\nDEPARTMENT OF STATE\n\nExcellency: I have the honor to refer to the talks.\n"
    assert title_block(text)[2] == heading
    body = ("Some words here and the office sends a letter about things that happened to the people who went there\n"
            "and more text on the next line of the paragraph.\n")
    assert title_block(body) is None
