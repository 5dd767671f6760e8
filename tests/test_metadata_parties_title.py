"""Parties are whole organisations with their parent; titles are whole headings (issue 12)."""
from __future__ import annotations

from ingest.metadata.names import same_organisation
from extracted_text import extracted as _extract, parties as _parties


def test_acronym_and_full_name_are_one_organisation():
    assert same_organisation("ICE", "U.S. Immigration and Customs Enforcement")
    assert same_organisation("DHS", "the Department of Homeland Security")
    assert same_organisation("Harris County Sheriffs Ofice", "Harris County Sheriff's Office")
    assert not same_organisation("Ohio Department of Public Safety", "Iowa Department of Public Safety")


def test_a_parties_clause_names_the_component_and_keeps_the_county():
    doc = _extract("MEMORANDUM OF AGREEMENT\n\n1. PARTIES. The parties to this Agreement are the U.S. Department of "
                   "Homeland Security, U.S. Immigration and Customs Enforcement (hereinafter \"ICE\") and the Harris County "
                   "Sheriff's Office (hereinafter \"HCSO\").\n2. PURPOSE. The purpose of this MOA is to set forth terms.\n")
    parties = _parties(doc)
    assert set(parties) == {"U.S. Immigration and Customs Enforcement", "Harris County Sheriff's Office"}
    assert parties["U.S. Immigration and Customs Enforcement"]["within"] == "U.S. Department of Homeland Security"
    assert parties["Harris County Sheriff's Office"]["within"] == "Harris County"


def test_a_one_sentence_list_of_agencies_with_their_abbreviations():
    doc = _extract("MEMORANDUM OF UNDERSTANDING\n\nThis Memorandum of Understanding is entered into by the Oklahoma Office "
                   "of Management and Enterprise Services (\"OMES\"), the Oklahoma Department of Human Services (\"DHS\"), "
                   "the Oklahoma Health Care Authority (\"OHCA\"), and the Oklahoma State Department of Health (\"OSDH\").\n"
                   "Purpose. The parties will share data.\n")
    assert set(_parties(doc)) == {"Oklahoma Office of Management and Enterprise Services",
                                  "Oklahoma Department of Human Services", "Oklahoma Health Care Authority",
                                  "Oklahoma State Department of Health"}


def test_possessive_chains_stay_whole_and_record_their_parent():
    doc = _extract("MEMORANDUM OF UNDERSTANDING\n\nThis Memorandum of Understanding is entered into among the Department "
                   "of Homeland Security (DHS); the Department of Justice's Federal Bureau of Investigation's Criminal "
                   "Justice Information Services Division; and the Department of State's Bureau of Consular Affairs.\n"
                   "1. PURPOSE. The parties will exchange biometric data.\n")
    parties = _parties(doc)
    assert set(parties) == {"Department of Homeland Security",
                            "Department of Justice's Federal Bureau of Investigation's Criminal Justice Information "
                            "Services Division", "Department of State's Bureau of Consular Affairs"}
    assert parties["Department of State's Bureau of Consular Affairs"]["within"] == "Department of State"


def test_role_nouns_are_never_parties():
    doc = _extract("AGREEMENT\n\nThis agreement is between U.S. Customs and Border Protection (CBP) and the Port of "
                   "Seattle (the \"Host\").\nThe Host will provide space.\n")
    assert set(_parties(doc)) == {"U.S. Customs and Border Protection", "Port of Seattle"}


def test_a_heading_over_several_lines_and_gaps_is_joined_whole():
    doc = _extract("                MEMORANDUM OF UNDERSTANDING\n                   BY AND BETWEEN THE\n\n"
                   "                      SACRAMENTO\n              METROPOLITAN FIRE DISTRICT\n\n                 AND\n\n"
                   "                  THE\n          SACRAMENTO AREA FIRE FIGHTERS\n           LOCAL 522\n\n\n\n"
                   "                   TERM OF AGREEMENT\n     January 1, 2023 through December 31, 2024\n")
    assert doc.title == ("MEMORANDUM OF UNDERSTANDING BY AND BETWEEN THE SACRAMENTO METROPOLITAN FIRE DISTRICT AND THE "
                         "SACRAMENTO AREA FIRE FIGHTERS LOCAL 522")


def test_a_long_title_line_is_not_cut():
    title = ("Agreement between the Government of the Kingdom of the Netherlands and the Government of the United States "
             "of America concerning cooperation in the field of scientific research and the exchange of technical "
             "information between their respective agencies")
    doc = _extract(f"Overeenkomst tussen de Regering van het Koninkrijk\n\n{title}\n\nThe Government of the Kingdom of the "
                   "Netherlands and the Government of the United States of America, desiring to cooperate, have agreed "
                   "as follows:\n")
    assert doc.title == title and len(title) > 200


def test_an_address_line_or_a_sentence_is_never_the_title():
    doc = _extract("425 I Street, NW\nWashington, DC 20536\n\nThe parties will meet monthly to review the program.\n")
    assert doc.title == ""
    assert not [f for f in doc.fields if f.name == "title"]


def test_without_a_title_line_the_pdf_title_property_counts():
    doc = _extract("The parties will meet monthly to review the program.\n",
                   properties={"title": "Data Sharing Agreement with the City of Ames"})
    assert doc.title == "Data Sharing Agreement with the City of Ames"
    assert next(f for f in doc.fields if f.name == "title").extractor == "file:property"
    named = _extract("The parties will meet monthly.\n", properties={"title": "Microsoft Word - moa_final.docx"})
    assert named.title == ""


def test_an_employee_named_only_by_role_is_read_from_the_signature_under_that_role():
    doc = _extract("CONFIDENTIALITY AGREEMENT\nThis Agreement is made by the undersigned employee (\"Employee\") of "
                   "Widgetron Holdings, Inc. (the \"Company\").\n1. Confidential information stays confidential.\n"
                   "IN WITNESS WHEREOF the parties sign below.\nEmployee\nBy: ______________\nName: Pat Q. Example\n"
                   "WIDGETRON HOLDINGS, INC.\nBy: /s/ Lee Signer\nName: Lee Signer\nTitle: President\n")
    names = set(_parties(doc))
    assert "Pat Q. Example" in names and "Lee Signer" not in names


def test_a_company_signatory_under_a_sentence_starting_with_employee_is_no_party():
    doc = _extract("NON-COMPETITION AGREEMENT\nThis Agreement is between Widgetron Holdings, Inc. (the \"Company\") and "
                   "the undersigned (\"Employee\").\n1. Terms.\nEmployee Signature\nBy:\n/s/ Lee Signer\nChief Executive Officer\n")
    assert "Lee Signer" not in _parties(doc)


def test_a_parties_label_on_its_own_line_lists_a_person_and_a_company():
    doc = _extract("COVENANT NOT TO COMPETE\nAND NON-DISCLOSURE AGREEMENT\nPARTIES:\nPat Example (\"EMPLOYEE\")\nand\n"
                   "Widgetron, Inc., and its subsidiaries. (\"WIDGETRON\"):\nRECITALS:\nA. Employment.\n")
    names = set(_parties(doc))
    assert "Pat Example" in names and any(n.startswith("Widgetron, Inc") for n in names)


def test_company_names_keep_their_comma_and_suffix():
    doc = _extract("NONDISCLOSURE AGREEMENT\nThis Agreement by and between Acme Widgets, Inc, a Delaware corporation "
                   "(\"Provider\"), and Example Advisors II, LLC (\"Recipient\"), is dated as of March 2, 2012.\n")
    assert set(_parties(doc)) == {"Acme Widgets, Inc", "Example Advisors II, LLC"}   # as written: no stop added
    doc = _extract("LETTER AGREEMENT\nThis letter is among Acme Widgets, Inc. (the \"Company\"), Example & Company, "
                   "L.L.C. and the investment funds it advises (\"Example\").\n")
    assert set(_parties(doc)) == {"Acme Widgets, Inc.", "Example & Company, L.L.C."}


def test_the_company_is_a_role_not_a_party_name():
    from ingest.metadata.parties import plausible_party
    assert not plausible_party("Company") and not plausible_party("the Company")
    assert plausible_party("Widgetron Company")


def test_names_with_a_digit_odd_capitals_or_stray_spaces_stay_whole():
    doc = _extract("CONFIDENTIALITY AGREEMENT\nThis Agreement is made by and between Precision Widgets, Inc. "
                   "and Back 2 Basics, Ltd. located at 25 Oak Road.\n")
    assert {"Precision Widgets, Inc.", "Back 2 Basics, Ltd."} <= set(_parties(doc))
    doc = _extract("NON-DISCLOSURE AGREEMENT\nThis Agreement is made by and between fooBARco, Inc., a Delaware "
                   "corporation (the \"Company\"), and Make-A -Widget Works, Inc., a Texas corporation (\"MAW\").\n")
    names = set(_parties(doc))
    assert "fooBARco, Inc." in names and "Make-A -Widget Works, Inc." in names


def test_a_name_cut_short_gives_way_to_the_whole_name():
    from ingest.metadata.party_merge import Span, merge_parties
    merged = merge_parties([Span(0, 10, "Acquisitions, LLC")], [Span(20, 50, "Lone Star U.S. Acquisitions, LLC")])
    assert [s.text for s in merged] == ["Lone Star U.S. Acquisitions, LLC"]
    # but a phrase running into a name ("Larger Holder and Rural Widgets") never replaces it
    merged = merge_parties([Span(0, 10, "Rural Widgets, Inc.")], [Span(20, 50, "Larger Holder and Rural Widgets, Inc.")])
    assert [s.text for s in merged] == ["Rural Widgets, Inc."]


def test_the_second_party_after_the_firsts_address_and_names_that_only_look_like_parties():
    doc = _extract("NON-DISCLOSURE AGREEMENT\nThis Agreement dated May 1, 2014, between Alpha Widgets, Inc., a Delaware "
                   "corporation (\"Alpha\") with offices at 100 Front Street, Springfield, Ohio 01608 and BetaWorks, Inc., a "
                   "Delaware corporation located at One Harbor Drive, Boston (\"Beta\").\n")
    assert set(_parties(doc)) == {"Alpha Widgets, Inc.", "BetaWorks, Inc."}
    from ingest.metadata.parties import plausible_party
    for not_a_name in ("Delaware Corporation", "4690 Harbor Drive Springfield", "Employee and the Company",
                       "Chief Operating Officer)", "Alpha and"):
        assert not plausible_party(not_a_name), not_a_name


def test_a_company_known_by_a_former_name_and_two_companies_sharing_a_word():
    doc = _extract("CONFIDENTIALITY AGREEMENT\nDear Sirs:\nYou have requested information from NewCo Inc. (formerly known "
                   "as OldCo Holdings, Inc.) (together with its subsidiaries, the \"Company\").\n")
    assert "NewCo Inc." in _parties(doc)
    from ingest.metadata.party_merge import Span, merge_parties
    merged = merge_parties([Span(0, 9, "PALMTREE, INC."), Span(14, 30, "PALMTREESOURCE, INC.")])
    assert len(merged) == 2


def test_a_treaty_title_names_governments_not_the_territories_in_respect_of_which_they_act():
    doc = _extract("Agreement between the Government of the Kingdom of Ruritania in respect of Upper Isle, Lower Isle and "
                   "the Southern part of Ruritania and the Government of the Republic of Elbonia for the exchange of "
                   "information\n\nThe Government of the Kingdom of Ruritania in respect of Upper Isle and the Government of "
                   "the Republic of Elbonia have agreed as follows:\n")
    assert set(_parties(doc)) == {"Government of the Kingdom of Ruritania", "Government of the Republic of Elbonia"}


def test_a_list_of_governments_in_a_title_is_split_at_each_comma():
    doc = _extract("Agreement among the Government of Ruritania, Governments of Member States of the Northern Union, the "
                   "Government of Elbonia, and the Government of Freedonia concerning a station\n\nText.\n")
    assert {"Governments of Member States of the Northern Union", "Government of Ruritania"} <= set(_parties(doc))


def test_an_mou_title_repeated_on_every_page_is_the_title_and_a_section_heading_never_is():
    first = "WIDGET UNIT SUCCESSOR MOU\nTERM: JULY 1, 2012-JUNE 30, 2013\n\nPREAMBLE\n\nThe association and the city met.\n"
    doc = _extract(first, "WIDGET UNIT SUCCESSOR MOU\nSection 1. Pay.\n", "WIDGET UNIT SUCCESSOR MOU\nSection 2. Hours.\n")
    assert doc.title == "WIDGET UNIT SUCCESSOR MOU"


def test_an_abbreviated_agency_name_is_the_same_organisation():
    assert same_organisation("Springfield Police Dept.", "Springfield Police Department")
    assert same_organisation("Shelbyville Police Svs Dept", "Shelbyville Police Services Department")
    assert not same_organisation("Springfield Police Dept.", "Shelbyville Police Department")


def test_beside_a_preamble_naming_both_parties_a_defined_adviser_is_no_party():
    doc = _extract("CONFIDENTIALITY AGREEMENT\nThis Agreement is made by and between Alpha Widgets, Inc. (\"Alpha\") and "
                   "Beta Gadgets, LLC (\"Beta\").\nGamma Securities, LLC (\"Gamma\") acts as Alpha's financial adviser.\n")
    assert set(_parties(doc)) == {"Alpha Widgets, Inc.", "Beta Gadgets, LLC"}
