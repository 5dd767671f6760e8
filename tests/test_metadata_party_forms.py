"""Parties of interagency agreement forms and of commercial contracts as EDGAR prints them (issue 12): a form's
requesting and servicing agencies come from its labelled blocks, never from its printed title; underline
dashes, two signature blocks side by side, a name with an inner capital, a heading's corporate suffix, and
the organisations a party's description mentions. Every text here is made up."""
from __future__ import annotations

from corpus.document import Page
from ingest.metadata.form_parties import form_parties
from ingest.metadata.defined_term_parties import defined_term_parties
from ingest.metadata.parties import plausible_party
from ingest.metadata.signatures import signature_organisations
from extracted_text import extracted, party_names


def _parties(*pages: str) -> list[str]:
    return party_names(extracted(*pages))


_FORM_HEAD = ("United States Government\nInteragency Agreement (IAA) - Agreement Between Federal Agencies\n"
              "General Terms and Conditions (GT&C) Section\nDEPARTMENT AND/OR AGENCY\n")


def test_a_forms_two_agency_columns_are_its_parties():
    text = (_FORM_HEAD + "1. Requesting Agency of Products/Services        Servicing Agency Providing Products/Services\n"
            "Name        Bureau of Reclamation            General Services Administration\n"
            "Address     1849 C Street NW                 1800 F Street NW\n")
    assert _parties(text) == ["Bureau of Reclamation", "General Services Administration"]


def test_columns_run_together_are_parted_where_the_second_agency_starts():
    text = (_FORM_HEAD + "1. Requesting Agency of Products/Services Servicing Agency Providing Products/Services\n"
            "Name U.S. Department of Labor Office of Personnel Management\nAddress 200 Constitution Ave\n")
    assert [s.text for s in form_parties(text)] == ["U.S. Department of Labor", "Office of Personnel Management"]


def test_labelled_agencies_are_read_and_the_officials_names_are_not():
    text = ("Requesting Agency: Department of Energy\nServicing Agency: National Science Foundation\n"
            "37. PROGRAM OFFICIALS\nRequesting Agency Servicing Agency\nName Jane Roe John Doe\n")
    assert [s.text for s in form_parties(text)] == ["Department of Energy", "National Science Foundation"]


def test_a_blank_form_names_no_party_and_its_title_names_none():
    text = (_FORM_HEAD + "1. Requesting Agency of Products/Services Servicing Agency Providing Products/Services\n"
            "Name\nAddress\n2. Servicing Agency Agreement Tracking Number (Optional)\n"
            "Order Requirements and Funding Information (Order) Section\n")
    assert _parties(text) == []
    assert not plausible_party("Federal Agencies") and not plausible_party("Funding Information")
    assert plausible_party("Office of Public Information")


def test_underline_dashes_inside_a_name_are_not_part_of_it():
    parties = _parties('This Services Agreement ("Agreement") is -------- made as of May 2, 2001 by and between Harbor '
                       'Freightways, Inc., an Ohio corporation ("Harbor"), and Lakeside ------- Parcel Co., a Texas '
                       'corporation ("Lakeside").')
    assert set(parties) == {"Harbor Freightways, Inc.", "Lakeside Parcel Co."}


def test_a_name_with_an_inner_capital_and_a_dot_is_a_name():
    parties = _parties('This Agreement is made by and between eTrove.net, Inc., a Nevada corporation (the "Company"), '
                       'and Granite Peak Outfitters, Inc., a Utah corporation ("Granite").')
    assert set(parties) == {"eTrove.net, Inc.", "Granite Peak Outfitters, Inc."}


def test_two_signature_blocks_side_by_side_are_two_organisations():
    last = ("IN WITNESS WHEREOF, the parties have signed this Agreement.\n\n"
            "NORTHWIND TRADING COMPANY                 CONTOSO CORPORATION\n\n"
            "By: ______________________               By: ______________________\n")
    found = [name for _, _, _, name in signature_organisations([Page(1, last)])]
    assert found == ["NORTHWIND TRADING COMPANY", "CONTOSO CORPORATION"]


def test_a_heading_name_ending_in_a_corporate_suffix_is_a_party():
    text = ("LICENCE AGREEMENT\n\nBETWEEN\n\nORCHID ROUTE PLANNING, INC. (\"ORCHID\")\n\nAND\n\n"
            "BLUEWATER BOTTLING GROUP LIMITED (\"BLUEWATER\")\n\n"
            "WHEREAS Orchid licenses software which Bluewater wishes to use, the parties agree as follows:\n")
    parties = [p.upper().rstrip(".") for p in _parties(text)]
    assert parties == ["ORCHID ROUTE PLANNING, INC", "BLUEWATER BOTTLING GROUP LIMITED"]


def test_the_insurer_a_partys_description_names_and_its_short_name_are_not_parties():
    text = ('Gentlemen:\n\nRiverbend Financial Corporation, a federal corporation (the "Company"), and Riverbend Federal '
            'Savings and Loan Association, a federally chartered savings association (the "Bank") with its deposit '
            'accounts insured by the Deposit Insurance Fund ("DIF") administered by the National Deposit Guaranty '
            'Corporation ("NDGC"), hereby confirm their agreement with Tamarack Securities Company (the "Agent").')
    found = [s.text for s in defined_term_parties(text)]
    assert found == ["Riverbend Financial Corporation", "Riverbend Federal Savings and Loan Association",
                     "Tamarack Securities Company"]


def test_a_defined_term_for_something_longer_than_the_name_is_not_a_party():
    text = ('This Agreement is made by and between Summit Apparel, Inc. (the "Company") and the golfer named below. '
            'WHEREAS, the golfer plays on the Western Golfers Association Tour (the "Tour");')
    assert [s.text for s in defined_term_parties(text)] == ["Summit Apparel, Inc."]


def test_an_upper_case_title_line_names_the_parties_and_a_departments_component():
    parties = _parties("MEMORANDUM OF AGREEMENT BETWEEN THE DEPARTMENT OF THE INTERIOR, OFFICE OF WILDLAND FIRE AND THE "
                       "DEPARTMENT OF AGRICULTURE, RURAL HOUSING SERVICE\n\n1. PURPOSE. This MOA sets out how the offices "
                       "share aircraft.")
    assert [p.upper() for p in parties] == ["OFFICE OF WILDLAND FIRE", "RURAL HOUSING SERVICE"]


def test_a_name_parted_off_at_and_the_keeps_its_own_and():
    parties = _parties("INTERAGENCY AGREEMENT BETWEEN U.S. FISH AND WILDLIFE SERVICE AND THE FEDERAL AVIATION "
                       "ADMINISTRATION FOR WILDLIFE HAZARD SURVEYS\n\n1. PURPOSE. The agencies agree to share survey data.")
    assert [p.upper() for p in parties] == ["U.S. FISH AND WILDLIFE SERVICE", "FEDERAL AVIATION ADMINISTRATION"]


def test_a_heading_names_the_component_under_its_department_and_stops_at_the_first_section():
    parties = _parties("INTERAGENCY AGREEMENT\nBETWEEN\nTHE U.S. DEPARTMENT OF THE TREASURY\nBUREAU OF THE FISCAL SERVICE\nAND\n"
                       "THE U.S. DEPARTMENT OF LABOR\nWAGE AND HOUR DIVISION\n\n1. PURPOSE\n"
                       "This agreement sets out how payments are made.")
    assert [p.upper() for p in parties] == ["BUREAU OF THE FISCAL SERVICE", "WAGE AND HOUR DIVISION"]


def test_an_upper_case_title_lists_three_parties_parted_at_commas():
    parties = _parties("MEMORANDUM OF UNDERSTANDING AMONG THE TOWN OF BIRCHFIELD, THE BIRCHFIELD PUBLIC SCHOOLS, AND THE "
                       "BIRCHFIELD HOUSING AUTHORITY\n\nThe Town, the Schools and the Authority agree as follows:")
    assert [p.upper() for p in parties] == ["TOWN OF BIRCHFIELD", "BIRCHFIELD PUBLIC SCHOOLS", "BIRCHFIELD HOUSING AUTHORITY"]


def test_an_agreement_that_mentions_the_requesting_and_servicing_agency_is_no_form():
    text = ("INTERAGENCY AGREEMENT\nBETWEEN\nU.S. DEPARTMENT OF LABOR\nAND\nNATIONAL SCIENCE FOUNDATION\n"
            "This Interagency Agreement is entered into by and between U.S. Department of Labor (DOL) and National "
            "Science Foundation (NSF), collectively the \"Parties.\"\nI. PURPOSE\nThis IAA documents a reimbursable "
            "arrangement between the requesting agency, U.S. Department of Labor, and the servicing agency, National "
            "Science Foundation.")
    assert _parties(text) == ["U.S. Department of Labor", "National Science Foundation"]


def test_a_name_parted_off_at_and_the_keeps_its_component_and_department_together():
    parties = _parties("SERVICE LEVEL AGREEMENT BETWEEN THE BUREAU OF LAND MANAGEMENT, U.S. DEPARTMENT OF THE INTERIOR AND "
                       "THE FOREST SERVICE, U.S. DEPARTMENT OF AGRICULTURE\n\nThe agencies will share fire data.")
    assert [p.upper() for p in parties] == ["BUREAU OF LAND MANAGEMENT, U.S. DEPARTMENT OF THE INTERIOR",
                                            "FOREST SERVICE, U.S. DEPARTMENT OF AGRICULTURE"]
