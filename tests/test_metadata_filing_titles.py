"""Titles of agreements whose heading is laid out as a cover: a plain-text filing that ran its lines together, a
heading in capitals with lower-case joining words, a note before the heading, a date or contents after it (issue 12).
Made-up text only."""
from __future__ import annotations

from extracted_text import heading_title as _title

PREAMBLE = ("This Agreement is made by and between the parties named above, each acting through its duly authorized "
            "officer, who agree as follows:\n")


def test_a_run_together_cover_gives_its_heading_and_between_block_but_not_its_date():
    text = ("Exhibit 10.7   HAULING AGREEMENT   BETWEEN   NORTHWIND FREIGHT, LLC   AND   BLUE HERON TERMINALS, INC.   "
            "DATED EFFECTIVE AS OF   June 2, 2011\n\n\n  HAULING AGREEMENT   This Hauling Agreement (the \"Agreement\") "
            "is made as of June 2, 2011 by and between Northwind Freight, LLC and Blue Heron Terminals, Inc.\n")
    assert _title(text) == "HAULING AGREEMENT BETWEEN NORTHWIND FREIGHT, LLC AND BLUE HERON TERMINALS, INC."


def test_a_party_set_apart_on_a_run_together_cover_is_not_part_of_the_title():
    text = ("Exhibit 10.2\n\n  MAPLE KIOSKS, INC.   AREA DEVELOPMENT AGREEMENT           THE PRETZEL CART, INC.           "
            "AREA DEVELOPER           DATE OF AGREEMENT\n\nSource: MAPLE KIOSKS, INC., 8-K, 1/2/2016\n")
    assert _title(text) == "AREA DEVELOPMENT AGREEMENT"


def test_a_heading_in_capitals_with_lower_case_joining_words_is_joined_across_blank_lines_and_stops_at_its_date():
    text = ("Exhibit 10.3(b)\n\nTHIRD AMENDED AND RESTATED  JOINT MARKETING AND  LICENSING AGREEMENT by and between "
            "ORCHARD SEED COMPANY\n\nand\n\nTHE RIVERBEND GROWERS LLC  Effective as of March 1, 2004\n\n\n\n"
            "TABLE OF CONTENTS\n")
    assert _title(text) == ("THIRD AMENDED AND RESTATED JOINT MARKETING AND LICENSING AGREEMENT by and between ORCHARD SEED "
                            "COMPANY and THE RIVERBEND GROWERS LLC")


def test_a_note_before_the_heading_is_left_out_and_a_phrase_about_this_agreement_is_no_title():
    text = ("Exhibit 4.1\n\n(TRANSLATION) WAREHOUSING AGREEMENT\n\nThis Warehousing Agreement is effective as from "
            "the 1st day of March, 2010, by and between:\n\nParties to this agreement\n\nCOLD STORE Ltd, Harbour Road\n")
    assert _title(text) == "WAREHOUSING AGREEMENT"
    assert _title("Exhibit 4.1\n\nParties to this agreement\n\nCOLD STORE Ltd, Harbour Road, and its agent.\n") is None


def test_a_heading_that_runs_on_into_the_table_of_contents_is_cut_there():
    text = ("Fleet Telematics General Agreement TABLE OF CONTENTS 1.1 Scope 1 1.2 Term 1 2.1 Definitions 2\n\n"
            + PREAMBLE)
    assert _title(text) == "Fleet Telematics General Agreement"


def test_a_heading_split_across_run_together_lines_is_whole_where_the_preamble_names_it():
    text = ("Exhibit 10.9    PORTIONS OF THIS EXHIBIT HAVE BEEN OMITTED     NORTHSTAR OPTICS INC  SINGLE LENS AND "
            "MULTI-COATING   SUPPLY AGREEMENT     This Single Lens and Multi-Coating Supply Agreement (\"Agreement\") "
            "is entered into by and between NORTHSTAR OPTICS INC and Lakeside Glassworks GmbH as of May 4, 2012.\n")
    assert _title(text) == "SINGLE LENS AND MULTI-COATING SUPPLY AGREEMENT"


def test_a_department_named_after_between_is_a_party_line_of_the_heading_not_a_series_header():
    text = ("U.S. Department of Widget Safety\nWashington, DC 20001\n\nMEMORANDUM OF UNDERSTANDING\nBETWEEN\n"
            "THE DEPARTMENT OF HOMELAND SECURITY\nOFFICE OF GADGET REVIEW\nAND\nTHE STATE OF ALBION BUREAU OF RECORDS\n"
            "REGARDING\nTHE EXCHANGE OF INSPECTION RESULTS\n\nI. PURPOSE\nThe purpose of this MOU is to set out the terms.\n")
    assert _title(text) == ("MEMORANDUM OF UNDERSTANDING BETWEEN THE DEPARTMENT OF HOMELAND SECURITY OFFICE OF GADGET REVIEW "
                            "AND THE STATE OF ALBION BUREAU OF RECORDS REGARDING THE EXCHANGE OF INSPECTION RESULTS")


def test_a_mixed_case_heading_that_has_gone_on_keeps_its_party_lines():
    text = ("Memorandum of Agreement\nbetween the\nDepartment of Homeland Security\nGadget Review Directorate\nand the\n"
            "Albion Maritime Survey Administration\nfor\nJoint Trials of Harbour Sensors\n\n"
            "1. Purpose. This agreement sets out how the parties share the trial results.\n")
    assert _title(text) == ("Memorandum of Agreement between the Department of Homeland Security Gadget Review Directorate "
                            "and the Albion Maritime Survey Administration for Joint Trials of Harbour Sensors")


def test_an_exhibit_line_running_its_legend_into_the_cover_heading_gives_the_heading_whole():
    text = ("Exhibit 10.12 [Certain portions of this exhibit have been omitted because they are not material and would "
            "likely cause competitive harm if publicly disclosed.] BOTTLING AND SUPPLY AGREEMENT (Spring Water Products) "
            "Between CLEARBROOK CO., LTD. And RIVERSTONE BEVERAGES, INC. Dated: May 3, 2017\n\n"
            "Source: RIVERSTONE BEVERAGES, INC., 10-K, 3/1/2018\n\n"
            "BOTTLING AND SUPPLY AGREEMENT This BOTTLING AND SUPPLY AGREEMENT is made as of May 3, 2017 by and between ...\n")
    assert _title(text) == ("BOTTLING AND SUPPLY AGREEMENT (Spring Water Products) Between CLEARBROOK CO., LTD. And "
                            "RIVERSTONE BEVERAGES, INC.")
    text = ("Exhibit 10.4 CERTAIN PORTIONS OF THIS EXHIBIT HAVE BEEN OMITTED AND REPLACED WITH \"[***]\". SUCH INFORMATION "
            "WOULD LIKELY CAUSE COMPETITIVE HARM IF DISCLOSED. Execution Version Tower Lease and Maintenance Agreement "
            "Between Northline Towers, LLC And Brightwave Mobile LLC\n\nSource: NORTHLINE, 10-Q, 11/8/2019\n\n"
            "Wireless Site General Agreement TABLE OF CONTENTS Page 1.1 Scope 1 1.2 Term 1\n")
    assert _title(text) == "Tower Lease and Maintenance Agreement Between Northline Towers, LLC And Brightwave Mobile LLC"
