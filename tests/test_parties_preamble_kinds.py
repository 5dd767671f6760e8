"""Kinds of preamble the parties reader missed on fresh development rows (issue 12), each with made-up text: a
short name given after "hereinafter" without quotes, an address written straight after a company's name, two
companies under one "collectively" term below a title line, a company name written without the stop of its
suffix."""
from __future__ import annotations

from extracted_text import extracted


def _parties(*pages: str) -> list[str]:
    return [f.value for f in extracted(*pages).fields if f.name == "party"]


def test_short_names_after_hereinafter_without_quotes():
    found = _parties("Joint Development Agreement\n\nTHIS AGREEMENT is entered into and is effective as of the 1st day of "
                     "May, 2011 by and between Lumen Optics Corporation, an Ohio Corporation having a place of business at "
                     "40 Lake Road, Akron, Ohio 44301 USA (hereinafter Lumen) and Korrin Photonics Pty Ltd a Corporation "
                     "organized under the laws of Queensland, Australia and having a place of business at 8 Quay Street, "
                     "Brisbane, Queensland 4000, Australia (hereinafter Korrin) agree to develop lenses together. As such, "
                     "this Agreement sets out their terms.\n\n1. Purpose\n")
    assert found == ["Lumen Optics Corporation", "Korrin Photonics Pty Ltd"]


def test_an_address_written_straight_after_the_company_name():
    found = _parties("SERVICES AGREEMENT\n\nThis Services Agreement is made by and among Perrin Labs, Inc. 22 N. Elm Ave. "
                     "Dayton, OH 45402 USA (hereinafter called \"PERRIN\"), and Valdor Analytik GmbH Hafenstrasse 12 20457 "
                     "Hamburg Germany (hereinafter called \"VALDOR\") (each a \"Party\").\n\n1 Definitions\n")
    assert found == ["Perrin Labs, Inc.", "Valdor Analytik GmbH"]


def test_two_companies_under_one_collective_term_below_a_title_line():
    found = _parties("EXHIBIT 10.4\n\n              SHARED SERVICES AGREEMENT\n\nKVBN, Inc. and KVBN Licensee, Inc. "
                     "(collectively \"KVBN\") and Harbor Broadcasting of Salem, L.L.C. (\"HARBOR\") hereby enter into this "
                     "Agreement (this \"Agreement\") dated June 2, 2003.\n\nRECITALS\n\nWHEREAS, KVBN holds a licence.\n")
    assert sorted(found) == ["Harbor Broadcasting of Salem, L.L.C.", "KVBN Licensee, Inc.", "KVBN, Inc."]


def test_a_suffix_written_without_its_stop_keeps_the_text_spelling():
    found = _parties("SUPPLY AGREEMENT\n\nThis Supply Agreement is made by and between Larkfield Trading Ltd, a company "
                     "registered in England (\"Larkfield\"), and Osterby Foods Inc., a Delaware corporation (\"Osterby\").\n"
                     "\n1. Supply\n")
    assert found == ["Larkfield Trading Ltd", "Osterby Foods Inc."]


def test_a_town_named_with_its_state_before_its_police_is_one_local_party():
    doc = extracted("MEMORANDUM OF AGREEMENT\n\nThis MOA constitutes an agreement between the Federal Protective Office "
                    "(FPO) and theMilford, Vermont Police , pursuant to which the FPO trains officers of the Milford, "
                    "Vermont Police (hereinafter \"MPD\").\n\n1. PURPOSE\n\nTraining.\n",
                    "For the Police: Chief Ann Roe\nMilford Police\n")
    found = {f.value: f.attributes.get("kind") for f in doc.fields if f.name == "party"}
    assert "Milford" not in found and found.get("Milford, Vermont Police") == "local", found


def test_an_ocr_rule_after_a_name_is_not_part_of_it():
    found = _parties("MEMORANDUM OF AGREEMENT\n\nThis Memorandum of Agreement constitutes an agreement between the Federal "
                     "Protective Office (FPO) and the Alder Springs Police Department | pursuant to which the FPO "
                     "trains officers.\n\n1. PURPOSE\n")
    assert "Alder Springs Police Department" in found and not any("|" in n for n in found), found


def test_a_department_named_with_its_acronym_for_its_component_is_not_a_party_beside_it():
    found = _parties("INFORMATION SHARING AGREEMENT\n\nThis Information Sharing Agreement (ISA) is entered into between the "
                     "U.S. Department of Labor (DOL), Employment and Training Administration (ETA) and the State of Calder "
                     "Workforce Commission (SCWC).\n\n1. PURPOSE\n")
    assert found == ["Employment and Training Administration", "State of Calder Workforce Commission"], found
    # a list of departments, each a party, stays whole
    found = _parties("DATA SHARING AGREEMENT\n\nThis Agreement is entered into between the U.S. Department of Labor (DOL), "
                     "the U.S. Department of Education (ED), and the Calder Workforce Board (CWB).\n\n1. PURPOSE\n")
    assert len(found) == 3, found


def test_ocr_noise_with_a_colon_or_quotation_mark_is_no_party():
    from ingest.metadata.parties import plausible_party
    assert not plausible_party('HARBOR OFFSHORELT.C. T: Offshore"!')
    assert not plausible_party("HARBOREVERG\\'CORPORATION")
    assert not plausible_party("(the “Employee™)")
    assert plausible_party("Yahoo! Inc.") and plausible_party("Harbor Offshore, L.L.C.")
    assert plausible_party("Open Joint Stock Company “Northwind Telecom”")
