"""Party names that hold beyond the files studied (issue 12): two names sharing a word part are two
organisations; a comma inside a firm's name; a cover's BETWEEN line cut at "LTD."; names defined by
an appositive rather than a corporate suffix. All texts are made up."""
from __future__ import annotations

from ingest.metadata.names import same_organisation, same_party
from extracted_text import extracted, party_names


def _parties(*pages: str) -> list[str]:
    return party_names(extracted(*pages))


def test_names_that_share_a_word_part_are_different_organisations():
    assert not same_organisation("Keystone Freight Partners", "Everstone Freight Partners")
    assert not same_organisation("Brookfield Water Authority", "Westfield Water Authority")
    # an OCR slip keeps each misread stretch about its length: still one organisation
    assert same_organisation("Keystone Freight Partners", "Keyst0ne Freiqht Partners")
    assert same_party("Shcritrs Otlice of Polk County", "Sheriff's Office of Polk County")


def test_an_ocr_slip_in_a_printed_abbreviation_is_the_same_organisation():
    # "DepL" is a misread "Dept": it no longer expands to "Department", so it is compared as printed
    assert same_organisation("Alder Falls Police DepL", "Alder Falls Police Dept")
    assert same_organisation("Alder Falls Police Dept.", "Alder Falls Police Depl")
    assert same_organisation("Alder Falls Police Department", "Alder Falls Police DepL")
    # a different abbreviated word is still a different organisation
    assert not same_organisation("Alder Falls Police Dept", "Alder Falls Police Div")
    assert not same_organisation("Alder Falls Police Dept", "Alder Falls Fire Dept")


def test_two_companies_sharing_a_word_part_are_both_parties():
    found = _parties("SERVICES AGREEMENT\n\nThis Services Agreement is made as of March 3, 2021 by and between Keystone "
                     "Freight Partners, Inc., a Delaware corporation (\"Keystone\"), and Everstone Freight Partners, LLC, "
                     "an Ohio limited liability company (\"Everstone\").\n\n1. SERVICES. Keystone shall carry goods.\n")
    assert found == ["Keystone Freight Partners, Inc.", "Everstone Freight Partners, LLC"]


def test_a_comma_inside_a_firms_name_keeps_the_whole_name():
    found = _parties("PLACEMENT AGREEMENT\n\nMarch 2, 2019\n\nLadies and Gentlemen:\n\nOrchard Valley Savings, Inc., a Vermont "
                     "corporation (the \"Company\"), hereby confirms its agreement with Harlow, Pemberton & Vance, Inc. "
                     "(the \"Agent\") as follows:\n\nSection 1. The Offering. The Company will offer shares.\n")
    assert "Harlow, Pemberton & Vance, Inc." in found
    assert "Harlow" not in found


def test_a_cover_line_between_upper_case_names_then_the_preamble():
    found = _parties("Exhibit 10.2 LICENSE AGREEMENT Between NORTHWIND TRADING CO., LTD. And BLUEFERN LABS, INC. Dated: May 1, "
                     "2017\n\nLICENSE AGREEMENT This License Agreement is made as of May 1, 2017 by and between: Northwind Trading "
                     "Co., Ltd., a corporation organized under the laws of Japan, having its principal place of business at 4-1 "
                     "Minato Mirai, Nishi-ku, Yokohama 220-0012, Japan (\"Northwind\") and Bluefern Labs, Inc., a corporation "
                     "organized under the laws of the State of Delaware, having its principal place of business at 177 Harbor "
                     "Avenue, Suite 1700, Boston, MA 02115, U.S.A. (\"Bluefern\"). RECITALS WHEREAS, Northwind owns patents.\n")
    assert len(found) == 2
    assert any(name.lower().startswith("bluefern labs") for name in found)


def test_a_name_the_appositive_calls_a_company_without_a_corporate_suffix():
    found = _parties("UNDERWRITING AGREEMENT\n\nJune 9, 2016\n\nLadies and Gentlemen:\n\nCedar Point Financial, Inc., a Maryland "
                     "corporation (the \"Holding Company\"), Lakeshore Mutual, MHC, a Vermont-chartered mutual holding company "
                     "(the \"MHC\"), and Cedar Point Bank, a Vermont-chartered savings bank (the \"Bank\"), hereby confirm "
                     "their agreement with Harlow, Pemberton & Vance, Inc. (the \"Agent\") as follows:\n\nSection 1. Offering.\n")
    assert any(name.startswith("Lakeshore Mutual") for name in found)
    assert len(found) == 4


def test_an_ocr_misread_sheriffs_office_under_a_signature_is_the_agency():
    doc = extracted("MEMORANDUM OF AGREEMENT\nWarrant Service Officer Program\n\nI. PARTIES\n\nThis Memorandum of Agreement (MOA) "
                    "constitutes an agreement between U.S. Immigration and Customs Enforcement (ICE), a component of the "
                    "Department of Homeland Security (DHS), and the hereinafter the law\nenforcement agency (LEA), pursuant to "
                    "which ICE delegates to nominated, trained, certified, and\nauthorized LEA personnel the authority to perform "
                    "certain immigration enforcement functions under section 287(g).\n",
                    "For the LEA: For ICE:\n\nSignature: Signature:\n\nName: Dale Ortner Name: Avery Lund\nTitle: Sheriff Title: "
                    "Acting Director\nAgency: Tamsin County Sheriifs Office Agency: U.S. Immigration & Customs\n\nEnforcement\n")
    found = [f.value for f in doc.fields if f.name == "party"]
    assert any(same_organisation(name, "Tamsin County Sheriff's Office") for name in found)


def test_federal_bureaus_are_federal_by_the_shape_of_their_name_or_their_department():
    from corpus.organisations import party_kind
    assert party_kind("National Park Service") == "federal"
    assert party_kind("U.S. Geological Survey") == "federal"
    assert party_kind("Bureau of Land Management") == "federal"
    assert party_kind("Georgia Bureau of Investigation") == "state"
    doc = extracted("INTERAGENCY AGREEMENT\n\nThis Interagency Agreement is entered into by and between the Office of "
                    "Surface Mapping (OSM), a bureau of the U.S. Department of the Interior, and the National Park Service "
                    "(NPS).\n\n1. PURPOSE. The parties will share survey data.\n")
    kinds = {f.value: f.attributes.get("kind") for f in doc.fields if f.name == "party"}
    assert kinds.get("Office of Surface Mapping") == "federal"
    assert kinds.get("National Park Service") == "federal"


def test_an_ocr_misread_bracket_before_an_abbreviation_still_ends_the_name():
    found = _parties("MEMORANDUM OF AGREEMENT\nI. PARTIES\nThis Memorandum of Agreement (MOA) constitutes an agreement between "
                     "U.S. Immigration and\nCustoms Enforcement {ICE), a component of the Department of Homeland Security "
                     "(DHS), and\nthe Tamsin County Sheriffs Office (TCSO), pursuant to which ICE delegates to nominated, "
                     "trained and certified TCSO personnel the authority to perform immigration officer functions.\n"
                     "II. PURPOSE\nThe purpose of this collaboration is to promote public safety.\n")
    assert "U.S. Immigration and Customs Enforcement" in found
    assert any(same_organisation(name, "Tamsin County Sheriff's Office") for name in found)


def test_parties_as_the_subject_of_enter_into_this_memorandum():
    doc = extracted("MEMORANDUM OF UNDERSTANDING\n\nThe U.S. Department of Agriculture, Forest Service, Cascade Region "
                    "(hereinafter \"Forest Service\") and the Alder State Department of Forestry (hereinafter \"ASDF\") enter "
                    "into this Memorandum of Understanding.\n\nI. PURPOSE\nFire protection on shared lands.\n")
    parties = {f.value: f.attributes for f in doc.fields if f.name == "party"}
    assert set(parties) == {"Forest Service", "Alder State Department of Forestry"}
    assert parties["Forest Service"]["within"] == "U.S. Department of Agriculture"


def test_a_bureau_within_the_department_of_the_interior_keeps_the_whole_parent():
    doc = extracted("COOPERATIVE AGREEMENT\n\nThis Cooperative Agreement is entered into by the National Park Service, an "
                    "agency within the U.S. Department of the Interior, and Friends of the Alder Trail, Inc., a nonprofit "
                    "corporation.\n\nARTICLE I - BACKGROUND\n")
    parties = {f.value: f.attributes for f in doc.fields if f.name == "party"}
    assert parties["National Park Service"]["within"] == "U.S. Department of the Interior"


def test_a_title_line_naming_a_department_then_its_bureau_gives_the_bureau():
    found = _parties("MEMORANDUM OF UNDERSTANDING\nAMONG\nTHE ALDER RIVER NATION,\nTHE STATE OF NEW MEXICO,\nAND\nTHE U.S. "
                     "DEPARTMENT OF THE INTERIOR, BUREAU OF RECLAMATION\n\nSECTION 1. PURPOSE\nThe Alder River Nation, the "
                     "State of New Mexico and the Bureau of Reclamation agree to share water data.\n")
    assert "Bureau of Reclamation" in found


def test_an_opening_sentence_whose_subject_agrees_as_follows():
    found = _parties("AGREEMENT\n\nThe U.S. Department of Homeland Security, U.S. Immigration and Customs Enforcement (ICE), and "
                     "the Tamsin County Board of Commissioners (the County) agree as follows:\n\n1. PURPOSE\nDetention beds.\n")
    assert any(same_organisation(name, "U.S. Immigration and Customs Enforcement") for name in found)
    assert "Tamsin County Board of Commissioners" in found
    # later in a contract, short names agreeing are defined terms, never new parties
    later = _parties("SUPPLY AGREEMENT\n\nThis Supply Agreement is made as of May 1, 2020 by and between Alder Mills, Inc., a "
                     "Delaware corporation (\"Alder\"), and Fernway Foods LLC, an Ohio limited liability company "
                     "(\"Fernway\").\n\nNOW, THEREFORE, Alder and Fernway agree as follows:\n1. SUPPLY.\n")
    assert later == ["Alder Mills, Inc.", "Fernway Foods LLC"]


def test_a_department_on_the_title_line_above_its_agency_is_the_agencys_parent():
    doc = extracted("MEMORANDUM OF AGREEMENT\nBETWEEN\nTHE DEPARTMENT OF HOMELAND SECURITY\nOFFICE OF FIELD RECORDS\nAND\nTHE "
                    "DEPARTMENT OF DEFENSE\nDEFENSE RECORDS EXCHANGE AGENCY\n\n1. PURPOSE\nThe Office of Field Records (OFR) "
                    "and the Defense Records Exchange Agency (DREA) exchange records.\n")
    parties = {f.value: f.attributes for f in doc.fields if f.name == "party"}
    assert parties["Defense Records Exchange Agency"]["within"] == "Department of Defense"
    assert parties["Defense Records Exchange Agency"]["kind"] == "federal"


def test_title_and_label_lines_above_an_enter_into_sentence_are_no_party():
    found = _parties("FOR OFFICIAL USE ONLY\nAGREEMENT\nBETWEEN THE GOVERNMENT OF THE UNITED STATES OF AMERICA\nAND THE "
                     "GOVERNMENT OF THE REPUBLIC OF ALDERIA\nEffective Date: February 4, 2019\nThe Government of the United "
                     "States of America and the Government of the Republic of Alderia (each a \"Party\") enter into this "
                     "Agreement.\nARTICLE 1. PURPOSE\nCustoms cooperation.\n")
    assert not any(name.lower().startswith(("february", "for official", "agreement")) for name in found)
    assert len(found) == 2
