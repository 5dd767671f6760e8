"""Metadata read the same whatever the page's layout: a word broken by a hyphen at a line's end, and a running
header naming a company over every page (the kinds of layout bench/metadata_perturbed.py found the extractor
brittle to)."""
from __future__ import annotations

from ingest.metadata.line_ends import rejoined

from extracted_text import extracted


def _party_values(doc) -> list[str]:
    return [f.value for f in doc.fields if f.name == "party"]


def test_a_word_broken_at_a_line_end_is_read_whole_at_the_same_length():
    text = "an agreement between U.S. Immi-\ngration and Customs Enforcement and the twenty-\nfifth day"
    joined = rejoined(text)
    assert len(joined) == len(text)
    assert "U.S. Immigration\n" in joined
    assert "twenty-\nfifth" in joined          # a number's tens keep their hyphen, as the date readers read them
    assert rejoined("NON-\nDISCLOSURE AGREEMENT") == "NON-\nDISCLOSURE AGREEMENT"


PREAMBLE_BROKEN = (
    "MEMORANDUM OF AGREEMENT\n\n"
    "This Memorandum of Agreement (MOA) is entered into between the U.S. Department of Veterans Af-\n"
    "fairs (VA) and the Elmwood County Board of Health (the \"Board\"), for the exchange of the records\n"
    "described below.\n\n"
    "1. PURPOSE. The parties will share immunisation records as set out in Appendix A.\n")


def test_a_party_name_broken_over_a_line_end_by_a_hyphen_is_one_name():
    found = _party_values(extracted(PREAMBLE_BROKEN))
    assert any("Veterans Affairs" in name for name in found), found
    assert not any(name.endswith("Af") or name.startswith("fairs") for name in found), found


HEADER = "Harrow & Vale Printing Co.\nCONFIDENTIAL\n\n"
# a 287(g) MOA's opening as the program's template prints it: the agency's name written in after the blank
FIRST_PAGE = (
    "MEMORANDUM OF AGREEMENT \n287(g) Task Force Model \n"
    "This Memorandum of Agreement (MOA) constitutes an agreement between United States Immigration\n"
    "and Customs Enforcement (ICE), a component of the Department of Homeland Security\n"
    "(DHS), and the____________________, pursuant to which ICE delegates to nominated, Elmwood Police Department, ET \n"
    "trained, and certified officers or employees of the Elmwood Police Department, ET (hereinafter referred to\n"
    "as the \"Law Enforcement Agency\" (LEA)), the authority to perform certain immigration officer functions.\n")
LATER_PAGE = "II. RESPONSIBILITIES\n" + "Each party will keep the records it receives secure and use them only as stated. " * 8


def test_a_company_named_in_a_running_header_over_every_page_is_no_party():
    pages = [FIRST_PAGE] + [LATER_PAGE] * 4
    doc = extracted(*[f"{HEADER}{text}\n\nPage {i} of {len(pages)}" for i, text in enumerate(pages, 1)])
    found = _party_values(doc)
    assert not any("Harrow" in name for name in found), found
    assert "United States Immigration and Customs Enforcement" in found, found


def test_a_287g_preamble_broken_by_hyphens_keeps_the_federal_party_whole():
    broken = FIRST_PAGE.replace("United States Immigration\nand", "United States Immigra-\ntion and").replace(
        "Homeland Security\n(DHS)", "Homeland Secur-\nity (DHS)")
    found = _party_values(extracted(broken))
    assert "United States Immigration and Customs Enforcement" in found, found
    assert "Customs Enforcement" not in found, found


WIDE_HEADING = (
    "Memorandum of Understanding between the Elmwood Department of Health and the Harbor County Office of Emergency\n"
    "Management and the Harbor County Sheriff's Office for the sharing of incident, dispatch and shelter records\n\n"
    "The parties to this Memorandum of Understanding agree as follows:\n\n"
    "1. Purpose. The parties will share the records described in Appendix A.\n")
NARROW_HEADING = (
    "Data Sharing Agreement between the Elmwood Department of Children and Families and the\n"
    "Harbor County Juvenile Court for the exchange of records on child welfare and dependency\n"
    "cases\n\n"
    "The parties to this Agreement agree as follows:\n\n"
    "1. Purpose. The parties will share the records described in Appendix A.\n")


def test_a_mixed_case_heading_wrapped_at_the_page_width_is_read_whole():
    assert extracted(WIDE_HEADING).title == (
        "Memorandum of Understanding between the Elmwood Department of Health and the Harbor County Office of Emergency "
        "Management and the Harbor County Sheriff's Office for the sharing of incident, dispatch and shelter records")
    # a line of the heading may start in lower case where the width broke it
    assert extracted(NARROW_HEADING).title.endswith("child welfare and dependency cases")


def test_a_short_heading_line_is_not_run_on_into_the_line_below():
    text = "Data Sharing Agreement\nrecords of the Harbor County Juvenile Court are kept for five years.\n"
    assert extracted(text).title == "Data Sharing Agreement"
