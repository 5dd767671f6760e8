"""Kinds of opening the parties reader missed on fresh development rows (issue 12, fifth pool), each with made-up
text: companies listed under one collective term (a letter's agents, a servicing agent of two companies), an
upper-case cover block listing companies with commas, a company named with a number among its words, a name
followed by "of" and its street address or by its trade name ("dba"), a lower-case corporate suffix, and two
companies whose names differ by one word ("Holdings LP" and "Holdings GP LLC")."""
from __future__ import annotations

from ingest.metadata.names import normalize_name
from extracted_text import extracted


def _parties(*pages: str) -> list[str]:
    return [f.value for f in extracted(*pages).fields if f.name == "party"]


def _same(found: list[str], expected: list[str]) -> bool:
    return sorted(normalize_name(n) for n in found) == sorted(normalize_name(n) for n in expected)


def test_agents_of_a_letter_agreement_listed_under_one_collective_term():
    found = _parties("PLACEMENT AGENCY AGREEMENT June 3, 2014 Harwick Biologics Inc. 20 Front Street West Toronto, Ontario "
                     "Attention: Jane Roe, Chief Executive Officer Dear Ms. Roe: The undersigned, Northgate Capital Markets "
                     "Ltd. (the \"Lead Agent\"), Quill 3 Securities Inc., and Marlow Penn & Co. Ltd. (collectively with the "
                     "Lead Agent, the \"Agents\" and each an \"Agent\") understand that Harwick Biologics Inc. (the "
                     "\"Corporation\") proposes to issue common shares (the \"Shares\"). The sale of the Shares is referred "
                     "to in this Agreement as the \"Offering\". In connection with the Offering, the Corporation shall pay "
                     "the Agents a cash fee (the \"Agents' Fee\") equal to 6% of the gross proceeds.\n")
    assert _same(found, ["Northgate Capital Markets Ltd.", "Quill 3 Securities Inc.", "Marlow Penn & Co. Ltd.",
                         "Harwick Biologics Inc."]), found


def test_an_upper_case_cover_block_listing_companies_with_commas():
    found = _parties("CO-ADVISORY AGREEMENT\n\nAmong   ORIEL TRUST BANKING CORPORATION, ORIEL SECURITIES INC.   And   "
                     "FENWAY & COMPANY HOLDINGS LP, FENWAY & COMPANY HOLDINGS GP LLC   Dated March 2, 2010\n\n\n\n"
                     "TABLE OF CONTENTS   ARTICLE I.   DEFINITIONS   1\n\n")
    assert _same(found, ["Oriel Trust Banking Corporation", "Oriel Securities Inc.", "Fenway & Company Holdings LP",
                         "Fenway & Company Holdings GP LLC"]), found


def test_names_followed_by_their_street_address_and_a_trade_name():
    found = _parties("JOINT VENTURE AGREEMENT THIS JOINT VENTURE AGREEMENT (the \"Agreement\") made and entered into this "
                     "4th day of May 2021, BETWEEN: Lendwise.net, inc of 77 Harbor Way, suite 3 Tampa FL 33602, and "
                     "Corvale, LLC dba MedRoute of 900 Peachtree Road Suite B Atlanta, GA 30309 (individually the "
                     "\"Member\" and collectively the \"Members\"). BACKGROUND: A. The Members wish to set up a venture.\n")
    assert _same(found, ["Lendwise.net, inc", "Corvale, LLC"]), found


def test_a_servicing_agent_of_two_companies_under_one_term():
    found = _parties("SERVICING AGREEMENT Agreement, made as of this day of , 20 between Aldwych Fund Advisers LLC "
                     "(\"Aldwych\"), on behalf of Aldwych Mutual Funds (\"the Trust\"), and Prairie Mutual Life Insurance "
                     "Company, and Prairie Brokerage Services, Inc., a registered broker dealer (collectively referred to as "
                     "\"Servicing Agent\"), whereby you agree to provide support services to your customers.\n")
    assert _same(found, ["Aldwych Fund Advisers LLC", "Prairie Mutual Life Insurance Company",
                         "Prairie Brokerage Services, Inc."]), found


def test_entered_into_on_a_date_by_two_local_bodies():
    found = _parties("MEMORANDUM OF UNDERSTANDING\n\nThis Memorandum of Understanding is entered into this 15th day of "
                     "March, 2023, by the Sheriff of Tally County, Alabama and the Tally County Commission.\n\n"
                     "WHEREAS the Sheriff keeps the county jail;\n")
    assert _same(found, ["Sheriff of Tally County", "Tally County Commission"]), found


def test_a_unit_named_after_an_agency_acronym_is_no_second_party():
    found = _parties("MEMORANDUM OF UNDERSTANDING\n\nARTICLE I - PARTIES\n\nThe parties to this Memorandum are the National "
                     "Institute of Standards and Technology (NIST) Boulder Laboratories and the Bureau of Reclamation "
                     "(USBR).\n\nARTICLE II - AUTHORITY\n")
    assert _same(found, ["National Institute of Standards and Technology", "Bureau of Reclamation"]), found


def test_a_letter_spaced_between_and_a_subsidiary_described_after_its_name():
    found = _parties("COURIER SERVICES AGREEMENT THIS AGREEMENT made in duplicate this 4 day of May, 1996. B E T W E E N: "
                     "SWIFTLINE COURIER LTD. (\"Swiftline\") - and - NORDPARCEL SYSTEMS CANADA LTD. a subsidiary of Rangeway "
                     "Inc. (\"Nordparcel\") WHEREAS Swiftline carries parcels across Canada;\n")
    assert _same(found, ["Swiftline Courier Ltd.", "Nordparcel Systems Canada Ltd."]), found
    found = _parties("             COURIER SERVICES AGREEMENT\n\n  THIS AGREEMENT made in duplicate this 4 day of May, 1996.\n\n"
                     "B E T W E E N:\n\n                   SWIFTLINE COURIER LTD.                 (\"Swiftline\")\n\n"
                     "                   - and -\n\n              NORDPARCEL SYSTEMS CANADA LTD.\n              a subsidiary of "
                     "Rangeway Inc.                 (\"Nordparcel\")\n\n  WHEREAS Swiftline carries parcels across Canada;\n")
    assert _same(found, ["Swiftline Courier Ltd.", "Nordparcel Systems Canada Ltd."]), found


def test_a_word_in_brackets_before_the_suffix_and_a_name_starting_in_lower_case():
    found = _parties("Services Agreement THIS SERVICES AGREEMENT (this \"Agreement\") is made on 3 May 2019 BETWEEN: (1) "
                     "Harlow Asset Management, L.P. a Delaware limited partnership of 10 Main Street, Boston, MA 02110 "
                     "(\"Harlow US\"); and (2) Harlow Asset Management (Europe) Limited, a private limited company registered "
                     "in England (the \"Sub-Advisor\"). RECITALS (A) Harlow US manages funds.\n")
    assert _same(found, ["Harlow Asset Management, L.P.", "Harlow Asset Management (Europe) Limited"]), found
    found = _parties("SPONSORSHIP AGREEMENT This Sponsorship Agreement (\"Agreement\") is entered into as of May 2, 1999, by "
                     "and between Acorn Media, a division of Tallis Group (\"AM\") with offices at 10 Pine Street, Austin, "
                     "Texas 78701 and eHearth, Inc., (\"eHearth\") with offices at 5 Elm Avenue, New York, New York 10010. "
                     "AM and eHearth may be referred to as a \"Party\".\n")
    assert _same(found, ["Acorn Media", "eHearth, Inc."]), found


def test_two_companies_run_together_after_a_suffix_stop():
    found = _parties("CONFIDENTIALITY AGREEMENT\n\nThis Confidentiality Agreement (hereinafter the \"Agreement\") is made and "
                     "entered into on June 1, 2006 by and between Tamarack Gold Mines, Inc. Cobalt Ridge Mining Company "
                     "(hereinafter the \"Company\"), and Bluewater Assay Company (hereinafter \"Bluewater\").\n\n"
                     "1. Confidential Information.\n")
    assert _same(found, ["Tamarack Gold Mines, Inc.", "Cobalt Ridge Mining Company", "Bluewater Assay Company"]), found
