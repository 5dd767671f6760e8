"""Fresh evidence for the parties reader (issue 12): made-up openings in the shapes US public agreements use
(an MOU's title block, a numbered parties section, a list of state agencies each with its acronym, an
interagency agreement between two bureaus, possessive chains, an "among" list of local bodies, a city and a
company in a commercial preamble, an agreement number over a short cover page, parties named only under the
signatures, an interagency form's agency blocks). None is copied from a file; the names are invented.
Each test compares the parties as organisations: the same organisation under a spelling that merely drops
"the" or changes case counts as the same, a fragment, a role or a person never does."""
from __future__ import annotations

from ingest.metadata.names import normalize_name
from extracted_text import extracted


def _parties(*pages: str) -> list[str]:
    return [f.value for f in extracted(*pages).fields if f.name == "party"]


def _same(found: list[str], expected: list[str]) -> bool:
    return sorted(normalize_name(n) for n in found) == sorted(normalize_name(n) for n in expected)


def test_mou_title_block_between_a_city_and_a_school_district():
    found = _parties("MEMORANDUM OF UNDERSTANDING\nBETWEEN\nTHE CITY OF RIVERBEND\nAND\nRIVERBEND UNIFIED SCHOOL DISTRICT\n"
                     "REGARDING SCHOOL RESOURCE OFFICERS\n\nI. PURPOSE\n\nThis Memorandum of Understanding sets out how the "
                     "City will assign police officers to district schools.\n\nII. TERM\n\nThis MOU is effective July 1, "
                     "2024 and remains in effect until June 30, 2026.\n")
    assert _same(found, ["City of Riverbend", "Riverbend Unified School District"]), found


def test_numbered_parties_section_with_hereinafter_names():
    found = _parties("MEMORANDUM OF AGREEMENT\n\n1. PARTIES. The parties to this Memorandum of Agreement (MOA) are the "
                     "U.S. Department of Agriculture, Forest Service, Ozark Ridge National Forest (hereinafter \"Forest "
                     "Service\") and the Lakeview County Sheriff's Office (hereinafter \"Sheriff\").\n\n2. AUTHORITY. "
                     "This MOA is entered into under the Cooperative Law Enforcement Act.\n\n3. PURPOSE. The Sheriff will "
                     "patrol campgrounds on National Forest land.\n")
    assert _same(found, ["Forest Service", "Lakeview County Sheriff's Office"]) or \
        _same(found, ["U.S. Department of Agriculture, Forest Service", "Lakeview County Sheriff's Office"]), found


def test_a_list_of_state_agencies_each_with_its_acronym():
    found = _parties("DATA SHARING AGREEMENT\n\nThis Data Sharing Agreement (\"Agreement\") is entered into by the Nebraska "
                     "Department of Labor (\"NDOL\"), the Nebraska Department of Education (\"NDE\"), the Nebraska "
                     "Department of Health and Human Services (\"DHHS\"), and the Nebraska Coordinating Commission for "
                     "Postsecondary Education (\"CCPE\") (each a \"Party\" and together the \"Parties\").\n\n"
                     "1. PURPOSE\n\nThe Parties will share wage records to study outcomes.\n")
    assert _same(found, ["Nebraska Department of Labor", "Nebraska Department of Education",
                         "Nebraska Department of Health and Human Services",
                         "Nebraska Coordinating Commission for Postsecondary Education"]), found


def test_an_interagency_agreement_between_two_federal_bureaus():
    found = _parties("INTERAGENCY AGREEMENT\n\nThis Interagency Agreement (IAA) is entered into between the Department "
                     "of the Interior, Bureau of Land Management (BLM) and the Department of Energy, Office of Science "
                     "(SC).\n\nA. PURPOSE. BLM will provide land survey services to SC.\n\nB. AUTHORITY. Economy Act, "
                     "31 U.S.C. 1535.\n")
    assert _same(found, ["Bureau of Land Management", "Office of Science"]), found


def test_possessive_chains_name_the_bureaus():
    found = _parties("MEMORANDUM OF UNDERSTANDING\n\nThis Memorandum of Understanding (MOU) is entered into by the "
                     "Department of Transportation's Federal Highway Administration; and the Department of Commerce's "
                     "National Oceanic and Atmospheric Administration (NOAA).\n\nI. BACKGROUND\n\nRoad weather data "
                     "helps both agencies.\n")
    # the whole chain names the bureau too (its department is recorded as its parent): either spelling is right,
    # a fragment ("Department of Transportation" alone) is not
    assert _same(found, ["Federal Highway Administration", "National Oceanic and Atmospheric Administration"]) or \
        _same(found, ["Department of Transportation's Federal Highway Administration",
                      "Department of Commerce's National Oceanic and Atmospheric Administration"]), found


def test_an_among_list_of_three_local_bodies():
    found = _parties("MEMORANDUM OF COOPERATION\n\nThis Memorandum of Cooperation is made and entered into among the "
                     "Port of Bellhaven, the Bellhaven Fire District No. 3, and Harlow County, a political subdivision "
                     "of the State of Washington, for mutual aid at the marine terminal.\n\nSECTION 1. DEFINITIONS\n\n"
                     "\"Terminal\" means the Port's marine cargo terminal.\n")
    assert _same(found, ["Port of Bellhaven", "Bellhaven Fire District No. 3", "Harlow County"]), found


def test_a_company_and_a_city_in_a_commercial_preamble():
    found = _parties("SERVICES AGREEMENT\n\nThis Services Agreement is made as of March 3, 2025 by and between Osprey "
                     "Analytics, LLC, a Delaware limited liability company (\"Contractor\"), and the City of Fairmont, West "
                     "Virginia, a municipal corporation (\"City\").\n\n1. SERVICES. Contractor will analyse water meter "
                     "data.\n")
    assert _same(found, ["Osprey Analytics, LLC", "City of Fairmont"]) or \
        _same(found, ["Osprey Analytics, LLC", "City of Fairmont, West Virginia"]), found


def test_an_agreement_number_over_a_short_cover_page():
    found = _parties("AGREEMENT NO. 2023-0456\n\nINTERLOCAL AGREEMENT\n",
                     "THIS INTERLOCAL AGREEMENT is made and entered into by and between the Town of Pine Hollow, a "
                     "Florida municipal corporation (\"Town\"), and Marsh County, a political subdivision of the State of "
                     "Florida (\"County\").\n\nWITNESSETH\n\nWHEREAS, the Town and the County share a road.\n")
    assert _same(found, ["Town of Pine Hollow", "Marsh County"]), found


def test_parties_named_only_under_the_signatures():
    found = _parties("MUTUAL AID AGREEMENT\n\nThe undersigned agencies agree to lend fire apparatus and crews to one "
                     "another when a fire exceeds the resources of the agency where it burns.\n\n1. Requests are made "
                     "by the incident commander.\n\n2. The agency lending crews pays their wages.\n",
                     "IN WITNESS WHEREOF, the parties have signed this agreement.\n\n"
                     "CEDAR FALLS FIRE PROTECTION DISTRICT\n\nBy: ______________________\nFire Chief\n"
                     "Date: ____________\n\nNORTH MEADOW VOLUNTEER FIRE DEPARTMENT\n\nBy: ______________________\n"
                     "President\nDate: ____________\n")
    assert _same(found, ["Cedar Falls Fire Protection District", "North Meadow Volunteer Fire Department"]), found


def test_a_short_police_department_name_is_not_a_second_party():
    found = _parties("MEMORANDUM OF AGREEMENT\n\nThis Memorandum of Agreement constitutes an agreement between the "
                     "Granite Hills Police Department and the Granite Hills School Board. Granite Hills will assign "
                     "one officer to each high school.\n\nI. PURPOSE\n\nSafety at schools.\n")
    assert _same(found, ["Granite Hills Police Department", "Granite Hills School Board"]), found


# a second batch, written after the first batch's kinds were fixed and before any further change
def test_a_parties_heading_over_a_between_sentence_with_hereinafter_the_names():
    found = _parties("MEMORANDUM OF AGREEMENT\n\nII. PARTIES\n\nThis Memorandum of Agreement (MOA) is between the U.S. Army "
                     "Corps of Engineers, Tacoma District (hereinafter \"the Corps\") and the Washington State Department of "
                     "Ecology (hereinafter \"Ecology\").\n\nIII. PURPOSE\n\nThe Corps and Ecology will share sediment data.\n")
    assert _same(found, ["U.S. Army Corps of Engineers", "Washington State Department of Ecology"]) or \
        _same(found, ["U.S. Army Corps of Engineers, Tacoma District", "Washington State Department of Ecology"]), found


def test_an_interconnection_security_agreement_title_on_one_line():
    found = _parties("INTERCONNECTION SECURITY AGREEMENT BETWEEN THE U.S. DEPARTMENT OF EDUCATION FEDERAL STUDENT AID (FSA) "
                     "AND THE LONE PRAIRIE STUDENT LOAN CORPORATION (LPSLC)\n\n1. INTERCONNECTION STATEMENT\n\nThe "
                     "requirements for the interconnection of the two systems are set out below.\n")
    assert _same(found, ["Federal Student Aid", "Lone Prairie Student Loan Corporation"]) or \
        _same(found, ["U.S. Department of Education Federal Student Aid", "Lone Prairie Student Loan Corporation"]), found


def test_a_title_case_block_over_several_lines():
    found = _parties("Memorandum of Understanding\nBetween\nthe National Park Service\nand\nthe City of Elk Rapids\n\n"
                     "Article I. Background\n\nThe park borders the city.\n")
    assert _same(found, ["National Park Service", "City of Elk Rapids"]), found


def test_subjects_referred_to_collectively_as_the_parties():
    found = _parties("DATA SHARING AGREEMENT\n\nThe Texas Workforce Commission (TWC) and the Texas Higher Education "
                     "Coordinating Board (THECB), hereinafter referred to collectively as \"the Parties,\" enter into this "
                     "Data Sharing Agreement to measure employment outcomes.\n\n1. Data to be shared\n")
    assert _same(found, ["Texas Workforce Commission", "Texas Higher Education Coordinating Board"]), found


def test_a_federal_administration_and_a_foreign_authority_in_an_upper_case_title():
    found = _parties("MEMORANDUM OF COOPERATION\nBETWEEN\nTHE FEDERAL AVIATION ADMINISTRATION\nOF THE UNITED STATES OF "
                     "AMERICA\nAND\nTHE CIVIL AVIATION AUTHORITY OF NEWLAND\n\n1. Purpose\n\nThe Participants will "
                     "exchange safety data.\n")
    assert _same(found, ["Federal Aviation Administration", "Civil Aviation Authority of Newland"]) or \
        _same(found, ["Federal Aviation Administration of the United States of America",
                      "Civil Aviation Authority of Newland"]), found


def test_labelled_requesting_and_servicing_agencies():
    found = _parties("INTERAGENCY AGREEMENT\n\nRequesting Agency: Department of Veterans Affairs, Veterans Health "
                     "Administration\nServicing Agency: Department of the Interior, Interior Business Center\n\n"
                     "1. Purpose. The Servicing Agency will process payroll for the Requesting Agency.\n")
    assert _same(found, ["Veterans Health Administration", "Interior Business Center"]), found


def test_a_state_acting_through_its_department_and_an_authority():
    found = _parties("MEMORANDUM OF UNDERSTANDING\n\nThis Memorandum of Understanding (\"MOU\") is made by and between "
                     "the State of Calder, acting by and through its Department of Human Services (\"DHS\"), and the "
                     "Calder Health Authority (\"CHA\").\n\n1. Purpose\n")
    assert len(found) == 2 and normalize_name(found[1]) == normalize_name("Calder Health Authority") \
        and ("Department of Human Services" in found[0] or found[0] == "State of Calder"), found


def test_an_upper_case_title_line_naming_a_department_component_and_a_port():
    found = _parties("AGREEMENT BETWEEN THE UNITED STATES DEPARTMENT OF HOMELAND SECURITY, U.S. CUSTOMS AND BORDER "
                     "PROTECTION AND THE PORT OF LONG HARBOR\n\n1. Purpose. CBP will staff the cruise terminal.\n")
    assert _same(found, ["U.S. Customs and Border Protection", "Port of Long Harbor"]), found
