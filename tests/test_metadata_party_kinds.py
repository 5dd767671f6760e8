"""Parties of every kind, from every place an agreement names them: a labour MOU's "have met and
conferred" opening, the organisation under each signature, a placeless office completed with its
place, and each party's kind and parent (issue 12). All text is made up."""
from __future__ import annotations

from ingest.metadata.party_merge import without_clause
from extracted_text import extracted, parties as parties_of


def _parties(*pages: str) -> dict[str, dict]:
    return parties_of(extracted(*pages))


def test_a_met_and_conferred_opening_names_the_union_and_the_employer():
    parties = _parties("MEMORANDUM OF UNDERSTANDING\n\nThe Lakeview Deputy Sheriffs' Association and representatives of "
                       "the County of Lakeview have met and conferred in good faith regarding wages, hours and other\n"
                       "terms and conditions of employment.\n\nARTICLE 1 RECOGNITION\nThe County recognizes the Association.\n")
    assert set(parties) == {"Lakeview Deputy Sheriffs' Association", "County of Lakeview"}
    assert parties["Lakeview Deputy Sheriffs' Association"]["kind"] == "union"
    assert parties["County of Lakeview"]["kind"] == "local"


def test_organisations_named_for_each_signature_are_the_parties():
    body = ("MEMORANDUM OF AGREEMENT\n\nThis agreement sets out how information on missing persons is exchanged.\n\n"
            "1. PURPOSE. The purpose of this agreement is to share records.\n")
    signatures = ("IN WITNESS WHEREOF, the undersigned have signed this agreement.\n\nFOR THE TOWN OF BRAMBLEWOOD:\n\n"
                  "______________________________\nAlice Porter\nTown Manager\nDate:\n\n"
                  "FOR THE BRAMBLEWOOD SCHOOL DISTRICT:\n\n______________________________\nRobert Quinn\nSuperintendent\n")
    parties = _parties(body, signatures)
    assert {name.lower() for name in parties} == {"town of bramblewood", "bramblewood school district"}
    assert all(attributes["kind"] == "local" for attributes in parties.values())


def test_the_organisation_printed_under_a_signer_is_a_party_and_the_office_alone_is_not():
    parties = _parties("MEMORANDUM OF AGREEMENT\n\nThis agreement sets out how records are exchanged.\n\n"
                       "IN WITNESS WHEREOF, the parties have signed.\n\n______________________________\n"
                       "Alice Porter, Director\nFerncliff County Office of Emergency Management\nDate: ____________\n\n"
                       "______________________________\nRobert Quinn, Chief\nFerncliff Fire Protection District\n"
                       "City, State & Zip: ____________\n")
    assert set(parties) == {"Ferncliff County Office of Emergency Management", "Ferncliff Fire Protection District"}
    assert parties["Ferncliff County Office of Emergency Management"]["within"] == "Ferncliff County"


def test_signature_blocks_are_not_read_when_the_preamble_names_both_parties():
    parties = _parties("AGREEMENT\n\nThis Agreement is made between Birchwood Labs, Inc. and Tallow Systems, LLC.\n\n"
                       "1. Confidential Information. Each party will protect the other's information.\n",
                       "IN WITNESS WHEREOF the parties have signed.\n\nBIRCHWOOD HOLDINGS CORPORATION\nBy: /s/ Ann Lee\n"
                       "Title: President\n\nTALLOW SYSTEMS, LLC\nBy: /s/ Sam Roe\nTitle: Manager\n")
    assert set(parties) == {"Birchwood Labs, Inc.", "Tallow Systems, LLC"}


def test_a_sheriffs_office_keeps_its_county_whichever_way_the_text_puts_it():
    parties = _parties("MEMORANDUM OF AGREEMENT\n\nThis Memorandum of Agreement constitutes an agreement between U.S. "
                       "Immigration and Customs Enforcement (ICE) and the Sheriff's Office, pursuant to which ICE delegates "
                       "authority to Marlow County Sheriff's Office officers.\n")
    assert set(parties) == {"U.S. Immigration and Customs Enforcement", "Marlow County Sheriff's Office"}
    assert parties["Marlow County Sheriff's Office"]["within"] == "Marlow County"
    assert parties["U.S. Immigration and Customs Enforcement"]["within"] == "U.S. Department of Homeland Security"
    parties = _parties("MEMORANDUM OF AGREEMENT\n\nThis Memorandum of Agreement constitutes an agreement between U.S. "
                       "Immigration and Customs Enforcement (ICE) and the Sheriff's Office of Marlow County (MCSO), pursuant "
                       "to which ICE delegates authority.\n")
    assert parties["Sheriff's Office of Marlow County"]["within"] == "Marlow County"


def test_each_kind_of_party_with_its_parent():
    parties = _parties("MEMORANDUM OF UNDERSTANDING\n\nThis Memorandum of Understanding is entered into by U.S. Customs and "
                       "Border Protection (CBP), a component of the Department of Homeland Security, and the Pueblo of "
                       "Santa Lucia Tribal Police Department.\n\n1. PURPOSE. To share data.\n")
    assert parties == {"U.S. Customs and Border Protection": {"kind": "dhs", "within": "Department of Homeland Security"},
                       "Pueblo of Santa Lucia Tribal Police Department": {"kind": "tribal"}}
    kinds = {name: attributes["kind"] for name, attributes in _parties(
        "AGREEMENT\n\nThis Agreement is made between the Government of the United States of America and the Government "
        "of the Kingdom of Norway.\n\nArticle 1\n").items()}
    assert kinds == {"Government of the United States of America": "federal", "Government of the Kingdom of Norway": "foreign"}
    kinds = {name: attributes["kind"] for name, attributes in _parties(
        "DATA SHARING AGREEMENT\n\nThis agreement is between Acme Analytics, LLC and the Federal Bureau of Investigation."
        "\n\n1. PURPOSE. To share data.\n").items()}
    assert kinds == {"Acme Analytics, LLC": "company", "Federal Bureau of Investigation": "federal"}


def test_clause_text_a_name_ran_into_is_never_part_of_a_party():
    assert without_clause("Calhoun County Shcritrs Otlice (CCSO). pursuant to which ICE delegates to") \
        == "Calhoun County Shcritrs Otlice"
    assert without_clause("Office of the Sheriff of Dade County") == "Office of the Sheriff of Dade County"
    assert without_clause("Sheriff") is None


def test_an_ocr_garbled_preamble_gives_whole_organisations_and_no_clause_text():
    parties = _parties("MEMORANDUM OF AGREEMENT\nI. PARTIES\nThis Memorandum of Agreement (MOA) constitutes an agreement "
                       "between U.S. Immigration\nand ( ·ustoms Enforcement ( ICE). a component of the Department of I lomcland "
                       "Security ( DHS ).\nand the Marlow County Shcritrs Otlice (MCSO). pursuant to which ICE delegates to\n"
                       "nominated. trained. certilicd. and authorized MCSO personnel the authority.\n")
    assert set(parties) == {"U.S. Immigration and Customs Enforcement", "Marlow County Shcritrs Otlice"}


def test_the_country_alone_is_never_read_as_a_cut_short_component():
    from ingest.metadata.party_hierarchy import whole_component
    assert whole_component("United States") == "United States"
    assert whole_component("U.S. Immigration") == "U.S. Immigration and Customs Enforcement"


def test_an_address_block_line_ending_in_a_comma_still_names_the_addressee():
    parties = _parties("PERSONAL AND CONFIDENTIAL\nMarch 2, 2010\nOsprey Medical Partners LP,\nd/b/a Osprey\n12 Quay Street\n"
                       "Portland, ME 04101\nRe: Confidentiality Agreement\nDear Sirs:\nIn connection with your consideration "
                       "of a possible transaction with Heron Devices, Inc. (the \"Company\"), you have requested information.\n")
    assert "Osprey Medical Partners LP" in parties


def test_whom_the_employer_met_and_conferred_with_is_a_party_too():
    parties = _parties("RESOLUTION NO. 12\n\nWHEREAS, in compliance with the state labor law, the City of Alder Falls met "
                       "and conferred in good faith with the Alder Falls Firefighters Association which represents employees "
                       "of the Fire Department; and\n\nNOW, THEREFORE, BE IT RESOLVED that the memorandum is approved.\n")
    assert set(parties) == {"City of Alder Falls", "Alder Falls Firefighters Association"}
    parties = _parties("MEMORANDUM OF UNDERSTANDING\n\nRepresentatives of Management for the Town of Pell (hereafter "
                       "\"Town\") and representatives of the Pell Police Officers' Association (hereafter \"Association\") "
                       "have met on a number of occasions and have conferred in good faith exchanging proposals.\n")
    assert set(parties) == {"Town of Pell", "Pell Police Officers' Association"}


def test_the_city_that_met_and_conferred_is_the_one_city_the_text_names():
    parties = _parties("RESOLUTION NO. 7\n\nWHEREAS, the Charter of the City of Quillon authorizes the Council to set salaries; "
                       "and\n\nWHEREAS, under the state labor law, the City met and conferred in good faith with the Quillon "
                       "Police Association which represents sworn officers; and\n")
    assert parties == {"City of Quillon": {"kind": "local"}, "Quillon Police Association": {"kind": "union"}}


def test_after_a_short_cover_page_the_parties_are_read_from_the_next_page_with_its_offsets():
    cover = "\n\nThe Wren Valley Deputies' Association\nand\nThe County of Wren Valley\n\nMemorandum\nOf\nUnderstanding\n"
    second = ("PREAMBLE\n\nRepresentatives of the County of Wren Valley and representatives of the Wren Valley Deputies' "
              "Association have met and conferred in good faith regarding wages and hours.\n")
    doc = extracted(cover, second)
    found = {f.value: f.evidence for f in doc.fields if f.name == "party"}
    assert set(found) == {"County of Wren Valley", "Wren Valley Deputies' Association"}
    evidence = found["County of Wren Valley"]
    assert (evidence.page, second[evidence.start:evidence.end]) == (2, "County of Wren Valley")


def test_the_federal_bureau_that_serves_tribes_is_federal_and_the_tribe_tribal():
    parties = _parties("MEMORANDUM OF AGREEMENT\n\nThis Memorandum of Agreement is entered into by the Bureau of Indian Affairs "
                       "(BIA), a bureau of the U.S. Department of the Interior, and the Red Willow Band of Ojibwe Indians "
                       "(the Band).\n\n1. PURPOSE. To share law enforcement records.\n")
    kinds = {name: attributes.get("kind") for name, attributes in parties.items()}
    assert kinds == {"Bureau of Indian Affairs": "federal", "Red Willow Band of Ojibwe Indians": "tribal"}


def test_independent_federal_regulators_and_federal_administrations_are_federal():
    from corpus.organisations import party_kind
    # named without "U.S." or a department: their kind still follows from the name
    assert party_kind("Commodity Futures Trading Commission") == "federal"
    assert party_kind("CFTC") == "federal"
    assert party_kind("Federal Highway Administration") == "federal"
    assert party_kind("Forest Service") == "federal"
    assert party_kind("Centers for Medicare & Medicaid Services") == "federal"
    # a state's own forest service and a company whose name begins with "Federal" are not
    assert party_kind("Texas A&M Forest Service") == "state"
    assert party_kind("Federal Express Corporation") != "federal"
