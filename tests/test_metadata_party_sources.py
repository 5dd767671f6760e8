"""Parties come from principled places only (issue 12): the title block, the preamble, a parties clause, a
letter's address block, the organisation line of a signature block. A name the body mentions (an affiliate
listed after "including", the parties of a cited agreement, a term defined in the operative clauses, a group
under "Attention:", a clause line) is never a party. Every text here is made up."""
from __future__ import annotations

from corpus.organisations import party_kind
from extracted_text import extracted, parties as parties_of


def _parties(*pages: str) -> dict[str, dict]:
    return parties_of(extracted(*pages))


def test_a_lower_case_corporate_suffix_is_part_of_the_name():
    parties = _parties('This Agreement is by and between Widget Systems, Inc., a Florida corporation ("Widget") and Norland '
                       'Data Group plc, a company registered under the laws of England and Wales (Registered No. 123) ("Norland").')
    assert set(parties) == {"Widget Systems, Inc.", "Norland Data Group plc"}


def test_the_role_a_party_is_named_under_is_not_its_name():
    parties = _parties('This Agreement is entered into by and between Northwind Cards, L.L.C., a Missouri limited liability '
                       'company ("Northwind"), and its Reseller, Fabrikam, Inc., a Delaware corporation ("Fabrikam").')
    assert set(parties) == {"Northwind Cards, L.L.C.", "Fabrikam, Inc."}


def test_a_name_ends_before_its_offices_and_before_what_the_agreement_is_for():
    parties = _parties('THIS AGREEMENT is made by and among Contoso, Inc., a Delaware corporation with offices at 1 Main St '
                       '("COMPANY") and Tailspin LLC with offices at 5 High Road, Kowloon ("TAILSPIN").')
    assert set(parties) == {"Contoso, Inc.", "Tailspin LLC"}
    parties = _parties("RESOLUTION\n\nThat the City Manager be authorized to sign the Agreement between the City of Alder "
                       "Falls and the Alder Falls Deputies’ Association for the contract period covering 2019 through 2022.")
    assert set(parties) == {"City of Alder Falls", "Alder Falls Deputies’ Association"}
    assert parties["Alder Falls Deputies’ Association"]["kind"] == "union"


def test_a_name_ends_before_the_date_it_takes_effect():
    parties = _parties("This Supply Agreement is made by and between Northwind Traders Company and The Bolt Works Company "
                       "LLC effective as of September 30, 1998. WHEREAS the parties trade.")
    assert set(parties) == {"Northwind Traders Company", "Bolt Works Company LLC"}


def test_the_parties_of_a_cited_agreement_are_not_this_agreements():
    parties = _parties("Fabrikam, Inc.\n12 Harbour Road\nSpringfield\n\nDear Sirs:\n\nFabrikam, Inc. (the \"Disclosing Party\") "
                       "has entered into a Stock Purchase Agreement, dated as of May 1, 2008, by and between the Disclosing "
                       "Party and Woodgrove Trust Company, N.A. In response to your request, Contoso Holdings LLC (the "
                       "\"Receiving Party\") agrees to keep the information confidential.")
    assert "Woodgrove Trust Company, N.A." not in parties
    assert {"Fabrikam, Inc.", "Contoso Holdings LLC"} <= set(parties)


def test_names_listed_after_including_or_defined_in_the_clauses_are_not_parties():
    parties = _parties('CONFIDENTIALITY AGREEMENT\n\nThis Agreement is made by Jane Q. Roe ("Employee") in favour of Tailspin '
                       'Toys, Inc., a Delaware corporation (the "Company"). As used herein, the term "Company" includes Tailspin '
                       'Toys, Inc. and its subsidiaries, including Margie Robotics, Inc. (together, the "Group"). The parties '
                       'agree as follows:\n1. Duties. In connection with my duties at Wingtip Gadgets Corporation or one of '
                       'its affiliates (collectively, the "Corporation"), I will keep secrets.')
    assert "Tailspin Toys, Inc." in parties
    assert "Margie Robotics, Inc." not in parties and "Wingtip Gadgets Corporation" not in parties


def test_the_group_under_attention_is_not_a_party():
    parties = _parties("Woodgrove Securities LLC\n301 College Street\nCharlotte, NC 28288\n\nContoso, Inc.\n745 Seventh "
                       "Avenue\nNew York, NY 10019\nAttention:\nAri Berger, Managing Director\nRetail Investment Banking "
                       "Group\n\nCONFIDENTIALITY AGREEMENT\nLadies and Gentlemen:\nYou have asked for information about "
                       "a possible transaction.")
    assert "Retail Investment Banking Group" not in parties


def test_a_clause_line_below_a_heading_or_a_signature_is_no_party():
    parties = _parties("NON-SOLICITATION AGREEMENT\n\nThis Agreement is made by and between Wingtip Gadgets, Inc. and the "
                       "undersigned employee.\n\n1. Consideration. The Employee receives a bonus which\n"
                       "is above and beyond any compensation Employee is entitled to receive from the Company\n"
                       "and which the Employee accepts.\n\nIN WITNESS WHEREOF\n\nBy: ______________\n"
                       "is entitled to receive from the Company\n")
    assert not any("above and beyond" in p or "entitled" in p for p in parties)


def test_a_department_signing_for_its_component_is_not_a_party_beside_it():
    parties = _parties("MEMORANDUM OF AGREEMENT\n\nThis Memorandum of Agreement constitutes an agreement between United States "
                       "Immigration and Customs Enforcement (ICE), a component of the Department of Homeland Security (DHS), "
                       "and the ____________, pursuant to which ICE delegates authority.\n",
                       "IN WITNESS WHEREOF the parties sign.\n\nBy: ______________\nJane Roe\nDirector\n"
                       "Department of Homeland Security\n")
    assert set(parties) == {"United States Immigration and Customs Enforcement"}
    assert parties["United States Immigration and Customs Enforcement"]["within"] == "Department of Homeland Security"


def test_a_date_column_beside_the_company_in_a_signature_block():
    parties = _parties("JOINT FILING AGREEMENT\n\nEach party hereto agrees to the joint filing of statements.\n\n"
                       "IN WITNESS WHEREOF, each party has caused this agreement to be executed.\n\n"
                       "Date: April 7, 2020 NORTHWIND HOLDINGS CORPORATION\n\nBy: Ann Lee Name: Ann Lee Title: Attorney-in-fact\n\n"
                       "WOODGROVE FUNDING CORPORATION\n\nBy: Ben Ode Name: Ben Ode Title: Authorized Signatory\n")
    assert {p.lower() for p in parties} == {"northwind holdings corporation", "woodgrove funding corporation"}


def test_a_placeless_office_is_completed_without_the_article():
    parties = _parties("MEMORANDUM OF AGREEMENT\n\nThis Memorandum of Agreement constitutes an agreement between U.S. Immigration "
                       "and Customs Enforcement (ICE), a component of the Department of Homeland Security (DHS), and the "
                       "Sheriff's Office, pursuant to which ICE delegates authority. The Marlow County Sheriff's Office "
                       "agrees to the terms herein.")
    assert "Marlow County Sheriff's Office" in parties
    assert parties["Marlow County Sheriff's Office"]["within"] == "Marlow County"


def test_an_officers_association_with_a_typographic_apostrophe_is_a_union():
    assert party_kind("Alder Falls Municipal Officers’ Association") == "union"
    assert party_kind("Alder Falls Municipal Officers' Association") == "union"


def test_a_companys_signatory_is_not_an_individual_party():
    parties = _parties("CONFIDENTIALITY AGREEMENT\n\nThis Agreement is entered into by and between Jane Q. Roe (\"Executive\") "
                       "and Wingtip Gadgets, Inc., an Ohio corporation (the \"Company\"), in connection with your employment.\n"
                       "IN WITNESS WHEREOF the parties have signed.\nWINGTIP GADGETS, INC.\n/s/ Carla Moss\n"
                       "Wingtip Gadgets, Inc.\nBy: Carla Moss\nIts: Chief People Officer\n")
    assert set(parties) == {"Jane Q. Roe", "Wingtip Gadgets, Inc."}


def test_an_exchange_of_notes_binds_the_two_governments_not_a_cited_agreements_parties():
    parties = _parties("No. 12/19\n\nThe Embassy of the Republic of Norland presents its compliments to the Ministry of Foreign "
                       "Affairs of the Kingdom of Sudmark and refers the Ministry to the Agreement between the Republic of "
                       "Norland and the Kingdom of Sudmark to Improve Tax Compliance, signed at Lindby on May 2, 2014 (the "
                       "\"Agreement\"). The Embassy proposes that the Agreement be amended as follows.")
    assert set(parties) == {"Government of the Republic of Norland", "Government of the Kingdom of Sudmark"}
    assert parties["Government of the Kingdom of Sudmark"]["kind"] == "foreign"
