"""Kinds of title error of a page's layout (issue 12), found on development CUAD filings read as text and as PDFs: a
heading set beside its preamble on one line, a lone "Agreement" caption over the operative clauses, an exhibit label
on a long heading's line, a confidentiality legend set in a narrow column, a party's address block under a mixed-case
heading. Made-up text only."""
from __future__ import annotations

from extracted_text import heading_title
from ingest.metadata.heading import title_block

PREAMBLE = ("This Hauling Services Agreement (the \"Agreement\") is entered into as of May 2, 2011 by and between Maple "
            "Kiosks, Inc., 12 Quay Street, Portland, Oregon 97201, and Blue Heron Terminals, LLC, with reference to the "
            "facts set forth in the Recitals below.")


def test_a_caption_over_the_operative_clauses_is_not_taken_for_the_title():
    # the heading shares its line with the preamble, so the line is no heading; the "Agreement" caption under the
    # recitals is a section's caption, and the heading the preamble names is the title
    text = ("EXHIBIT 10.7\n\n                    HAULING SERVICES AGREEMENT                                  " + PREAMBLE +
            "\n\n                              Recitals\n\n     A.   Maple Kiosks sells kiosks.\n\n"
            "                              Agreement\n\nAccordingly, the parties agree as follows:\n")
    assert heading_title(text) == "HAULING SERVICES AGREEMENT"
    spaced = ("Exhibit 10.2\n\nLEASE OF EQUIPMENT                " + PREAMBLE + "\n\n     R E C I T A L S\n\n"
              "A. Maple Kiosks owns trucks.\n\nCOOPERATION AGREEMENT\n\n1. Services.\n")
    # a heading under the recitals (a schedule's, a later part's) is not the document's: "unknown" rather than it
    assert heading_title(spaced) is None


def test_a_long_heading_with_its_parties_on_the_exhibit_labels_line_is_whole():
    heading = ("JOINT MARKETING AGREEMENT BETWEEN MAPLE KIOSKS, INC. (\"MAPLE\") AND BLUE HERON TERMINALS, LLC "
               "(\"BLUE HERON\") FOR THE PROMOTION, SALE AND DELIVERY OF FROZEN FISH AND OTHER SEAFOOD PRODUCTS")
    text = "Exhibit 10.4 " + heading + "\n\n\n\n\nJOINT MARKETING AGREEMENT Dated as of June 1, 2012 " + PREAMBLE + "\n"
    assert heading_title(text) == heading


def test_a_legend_in_a_narrow_column_is_not_a_heading():
    text = ("                          THE COMPANY HAS ASKED FOR\n                          CONFIDENTIAL TREATMENT OF\n"
            "                          PORTIONS OF THIS\n                          AGREEMENT; THOSE PORTIONS\n"
            "                          ARE MARKED [***]\n                                        Exhibit 10.3\n"
            "               HAULING SERVICES AGREEMENT\n" + PREAMBLE + "\n")
    assert heading_title(text) == "HAULING SERVICES AGREEMENT"
    # the same legend in a plain-text filing that ran its lines together with wide spaces between them
    run_together = ("THE COMPANY HAS ASKED FOR" + " " * 40 + "PORTIONS OF THIS" + " " * 40 + "AGREEMENT; THOSE PORTIONS"
                    + " " * 40 + "ARE MARKED [***]\n\n               HAULING SERVICES AGREEMENT\n" + PREAMBLE + "\n")
    assert heading_title(run_together) == "HAULING SERVICES AGREEMENT"


def test_a_partys_address_block_under_a_mixed_case_heading_is_not_part_of_it():
    text = ("Exhibit 10.5\nHauling Services Agreement\nMaple Kiosks Corporation\n12 Quay Street\nPortland, Oregon 97201\n"
            "and\nBlue Heron Terminals Pty Ltd\n4 Wharf Road, Fremantle WA 6160\n\n" + PREAMBLE + "\n")
    assert heading_title(text) == "Hauling Services Agreement"


def test_a_heading_in_small_capitals_read_apart_by_a_text_layer_is_read_whole():
    # a PDF text layer gives each word's larger first capital apart from the small capitals after it
    text = ("M EMORANDUM OF U NDERSTANDING\nBETWEEN\nTHE CITY OF ELMWOOD\nAND\nALDER COUNTY SHERIFF'S OFFICE\n\n"
            "This MOU sets out how the parties share records.\n")
    assert heading_title(text) == "MEMORANDUM OF UNDERSTANDING BETWEEN THE CITY OF ELMWOOD AND ALDER COUNTY SHERIFF'S OFFICE"
    assert heading_title("I NTERAGENCY A GREEMENT\n\nThe parties agree as follows.\n") == "INTERAGENCY AGREEMENT"
    # an upper-case sentence with one-letter words is not a split heading, and a possessive's S is left alone
    assert heading_title("I AGREE THAT A COURT MAY HEAR IT\n\nSigned.\n") != "IAGREE THAT ACOURT MAY HEAR IT"
    text = "ALDER COUNTY SHERIFF'S OFFICE\nM EMORANDUM O F A GREEMENT\n\nThis MOA sets out the duties of each party.\n"
    assert heading_title(text) == "MEMORANDUM OF AGREEMENT"


def test_a_subject_in_capitals_that_wraps_is_joined_and_a_section_caption_under_it_is_not():
    text = ("MEMORANDUM FOR THE RECORD\n\nSUBJECT: MEMORANDUM OF UNDERSTANDING BETWEEN ICE AND THE ELMWOOD POLICE\n"
            "DEPARTMENT REGARDING TASK FORCE OPERATIONS\n\n1. Background. The parties met.\n")
    assert heading_title(text) == ("MEMORANDUM OF UNDERSTANDING BETWEEN ICE AND THE ELMWOOD POLICE DEPARTMENT REGARDING "
                                   "TASK FORCE OPERATIONS")
    short = "MEMORANDUM\nSUBJECT: TASK FORCE OPERATIONS\nPURPOSE AND SCOPE\nThis memorandum sets out the schedule.\n"
    assert heading_title(short) == "TASK FORCE OPERATIONS"


def test_an_amendments_number_named_in_the_preamble_goes_with_its_heading():
    text = ("Exhibit 10.3 SUPPLY AGREEMENT AMENDMENT NO. 2   This SUPPLY AGREEMENT AMENDMENT NO. 2 (this \"Amendment\") "
            "is made as of May 1, 2010 by and between Maple Kiosks, Inc. and Blue Heron Terminals, LLC.   RECITALS\n\n"
            "WHEREAS, the parties entered into a Supply Agreement.\n")
    assert heading_title(text) == "SUPPLY AGREEMENT AMENDMENT NO. 2"


def test_a_page_header_over_the_first_pages_own_heading_gives_way_to_it():
    header = "MOU between CBP and the State of Elmwood"
    text = header + "\n\nMEMORANDUM OF UNDERSTANDING\nBETWEEN\nCBP AND THE STATE OF ELMWOOD\n\nI. PURPOSE\nThe parties share.\n"
    block = title_block(text, frozenset({header}))
    assert block and block[2] == "MEMORANDUM OF UNDERSTANDING BETWEEN CBP AND THE STATE OF ELMWOOD"
    # a header naming the document with no heading of its own under it is still the title
    block = title_block(header + "\n\nI. PURPOSE\nThe parties share records.\n", frozenset({header}))
    assert block and block[2] == header
