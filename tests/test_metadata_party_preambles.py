"""Preambles that hold beyond the files studied (issue 12): an agreement whose preamble follows a cover
and a table of contents, a "Parties to this agreement" label between the connector and the first name,
a "(Pty) Ltd" company, two companies before one shared defined term. All texts are made up."""
from __future__ import annotations

from ingest.metadata.parties import plausible_party, preamble_parties
from extracted_text import extracted, party_names


def _parties(*pages: str) -> list[str]:
    return party_names(extracted(*pages))


_COVER = ("Exhibit 10.3\n\n  HARBORVIEW BAKERIES, INC.   AREA DEVELOPMENT AGREEMENT        SALTMARSH FOODS, LLC        "
          "DEVELOPER        DATE OF AGREEMENT\n\nSource: HARBORVIEW BAKERIES, INC., 10-K, 3/1/2017\n")
_CONTENTS = ("TABLE OF CONTENTS   1. GRANT OF DEVELOPMENT RIGHTS 1   1.1 Rights Granted to You 1   1.2 Our Reserved Rights 2   "
             "2. TERM 3   2.1 Initial Term 3   2.2 Renewal 3   3. FEES 4   3.1 Development Fee 4   3.2 Royalties 4   "
             "4. YOUR OBLIGATIONS 5   4.1 Development Schedule 5   4.2 Insurance 6   5. TERMINATION 7\n\ni\n")
_PREAMBLE = ("AREA DEVELOPMENT AGREEMENT   AGREEMENT made as of the _____ day of ______________, 2016 (the \"Effective "
             "Date\") by and between Harborview Bakeries, Inc., a Maine corporation having its principal place of business "
             "at 12 Pier Road, Portland, Maine 04101 (\"we\" or \"us\"), and Saltmarsh Foods, LLC, a Vermont limited "
             "liability company having its principal address at 9 Elm Street, Burlington, VT 05401 (\"you\"), with "
             "reference to the following facts:   A. We franchise bakeries that sell bread and pastries.\n")


def test_a_preamble_after_a_cover_and_a_table_of_contents():
    found = _parties(_COVER, _CONTENTS, _PREAMBLE, "1. GRANT OF DEVELOPMENT RIGHTS   1.1 We grant you the right to open "
                     "bakeries between Portland and Burlington.\n")
    assert found == ["Harborview Bakeries, Inc.", "Saltmarsh Foods, LLC"]


def test_a_between_sentence_in_the_body_of_a_later_page_names_no_party():
    # only an agreement's own opening sentence on a later page is read as its preamble, never a body's "between"
    found = _parties(_COVER, _CONTENTS, "1. GRANT OF DEVELOPMENT RIGHTS   1.1 We grant you the right to open bakeries "
                     "in the area between Portland Harbor Authority and Burlington Transit Company lands, as the map in "
                     "Exhibit A shows.\n")
    assert found == []


def test_a_parties_label_between_the_connector_and_the_first_name():
    found = _parties("OUTSOURCING AGREEMENT\n\nThis Outsourcing Agreement is effective as from the 1st day of March, 2012, by "
                     "and between:\n\nParties to this agreement\n\nKESTREL MINING (Pty) Ltd, registration number 2001/0044/07, "
                     "registered office at 3 Main Road, Polokwane, represented by its Managing Director (hereinafter referred "
                     "to as \"the Customer\"),\n\nAND\n\nNORTHGATE DATA SERVICES, S.A., a public limited company with place of "
                     "business in Madrid, Spain (hereinafter referred to as \"NDS\").\n\n1. RECORDINGS\n\n1.1. The Customer "
                     "mines ore.\n")
    assert found == ["KESTREL MINING (Pty) Ltd", "NORTHGATE DATA SERVICES, S.A."]   # "Ltd" as written


def test_two_companies_before_one_shared_defined_term_are_two_parties():
    found = _parties("SUPPLY AGREEMENT\n\nThis Supply Agreement is made effective as of May 1, 2018 by and between Larkspur "
                     "Components Ltd, a company organized and existing under the laws of Singapore and Tidewater Instruments "
                     "Ltd, a company organized and existing under the laws of the State of Israel (each and both of them "
                     "\"Buyer\"), and Meridian Castings, Inc., a Texas corporation (\"Seller\").\n\n1. Supply. Seller shall "
                     "supply castings.\n")
    assert found == ["Larkspur Components Ltd", "Tidewater Instruments Ltd", "Meridian Castings, Inc."]


def test_a_text_file_whose_preamble_follows_a_long_table_of_contents_on_its_one_page():
    # a converted text file is one page: the preamble sits past the head the first readers look at
    contents = _CONTENTS.replace("\n\ni\n", "   ") * 16
    assert len(_COVER + contents) > 4000
    found = _parties(_COVER + contents + "\n\n" + _PREAMBLE)
    assert found == ["Harborview Bakeries, Inc.", "Saltmarsh Foods, LLC"]


def test_a_semicolon_list_of_possessive_chains_before_the_last_names_abbreviation():
    found = _parties("MEMORANDUM OF UNDERSTANDING\n\nThis Memorandum of Understanding is entered into by the Department of "
                     "Agriculture's Forest Service's Pacific Fire Research Station; the Department of Energy's Office of "
                     "Grid Safety; and the Department of Homeland Security (DHS).\n\n1. PURPOSE. To share weather records.\n")
    assert found == ["Department of Agriculture's Forest Service's Pacific Fire Research Station",
                     "Department of Energy's Office of Grid Safety", "Department of Homeland Security"]


def test_a_filed_exhibits_page_footer_and_legend_name_no_party():
    found = _parties("Execution Version Network Services Agreement Between Lakeshore Towers, LLC And Granite Wireless LLC"
                     "\n\nSource: LAKESHORE HOLDINGS, INC., 10-Q, 5/4/2018\n\n\n\nNetwork Services Agreement TABLE OF "
                     "CONTENTS Page 1.1 Scope 1 1.2 Term 1\n")
    assert found == ["Lakeshore Towers, LLC", "Granite Wireless LLC"]
    # the legend printed at a page break inside the preamble sentence
    found = _parties("FLEET MAINTENANCE AGREEMENT\n\nThis Agreement is made between the Town of Alder Falls (the \"Town\") "
                     "***Confidential treatment requested pursuant to a request for confidential treatment filed with the "
                     "Securities and Exchange Commission. Omitted portions have been filed separately with the Commission. "
                     "and the Granite Valley Water District (the \"District\").\n\n1. Services.\n")
    assert found == ["Town of Alder Falls", "Granite Valley Water District"]


def test_agreed_between_the_parties_and_among_other_things_open_no_preamble():
    text = ("SHARED SERVICES AGREEMENT\n\nThis copy of the agreement between the parties is furnished, among other "
            "copies, for information only.\n\nThis Agreement is made by and between the Town of Alder Falls and the "
            "Granite Valley Water District.\n\n1. Services. The District shall read the meters.\n")
    assert [span.text for span in preamble_parties(text)] == ["Town of Alder Falls", "Granite Valley Water District"]


def test_a_between_line_ends_at_its_paragraph():
    text = ("Execution Version Network Services Agreement Between Lakeshore Towers, LLC And Granite Wireless LLC\n\n   "
            "\n\n\n\nWireless Network General Terms TABLE OF CONTENTS Page 1.1 Scope 1 1.2 Term 1 2.1 Definitions 1 "
            "2.2 Affiliate 2\n")
    assert [span.text for span in preamble_parties(text)] == ["Lakeshore Towers, LLC", "Granite Wireless LLC"]
    assert _parties(text) == ["Lakeshore Towers, LLC", "Granite Wireless LLC"]


def test_a_numbered_party_list_under_a_between_line():
    found = _parties("SOFTWARE HOSTING AGREEMENT\n\nTHIS AGREEMENT is made the 2nd day of May 2001\n\n      BETWEEN\n\n      "
                     "1. Northcote Data Corp., a Delaware corporation (\"Northcote\"), having an address at 10 Elm Street, "
                     "Boston\n\n      AND\n\n      2. Fernhill Press a partnership registered in England (\"Fernhill\"), "
                     "whose registered office is at 4 Mill Lane, Oxford\n\n      WHEREAS:\n\n      A. Fernhill publishes "
                     "journals, among other business activities;\n\n      B. Northcote hosts web sites.\n")
    assert found == ["Northcote Data Corp.", "Fernhill Press"]


def test_parenthesised_numbers_and_a_state_corporation_without_its_article():
    found = _parties("SUPPLY AGREEMENT\n\nThis Supply Agreement is entered into as of the Effective Date by and between (1) "
                     "Cobalt Surgical, Delaware corporation (\"COBALT\"), and (2) Verdant Devices, S.A. a corporation "
                     "organized under the laws of Costa Rica (\"VERDANT\").\n\nRECITALS\n\nA. COBALT designs devices.\n")
    assert found == ["Cobalt Surgical", "Verdant Devices, S.A."]


def test_a_note_that_with_its_reply_shall_constitute_an_agreement_between_two_states():
    found = _parties("Exchange of notes\n\nDEPARTMENT OF STATE\n\nWASHINGTON\n\nMay 4, 1979\n\nExcellency: I have the honor to "
                     "refer to the talks between our two Governments on fishing in the northern waters. If the foregoing is "
                     "acceptable to your Government, I have the honor to propose that this Note, together with your reply "
                     "indicating acceptance, shall constitute an agreement between the United States of America and the "
                     "Republic of Iceland, which shall enter into force on the date of your reply.\n")
    assert found == ["United States of America", "Republic of Iceland"]
    # "between our two Governments": no names, no parties from that sentence
    assert _parties("Excellency: I propose that this Note and your reply shall constitute an agreement between our two "
                    "Governments, which shall enter into force on signature.\n") == []


def test_a_party_named_inside_a_joint_venture_it_forms():
    found = _parties("AGENCY AGREEMENT\n\nThis Agency Agreement is made as of May 2, 2019, by and between Lakeshore Outfitters, "
                     "Inc. (\"Merchant\"), on the one hand, and a contractual joint venture comprised of Harbor Liquidators, "
                     "Inc. (\"Harbor\") and Pine Ridge Capital, LLC (\"Pine\" and together with Harbor, the \"Agent\"), on "
                     "the other hand.\n\nSection 1. Recitals\n")
    assert found == ["Lakeshore Outfitters, Inc.", "Harbor Liquidators, Inc.", "Pine Ridge Capital, LLC"]


def test_a_between_heading_over_name_lines_then_the_preamble():
    found = _parties("AGREEMENT\nBETWEEN\nThe City of Alder Falls\nAND\nAlder Falls Police Officers Association\n\nThis "
                     "Agreement is entered into by and between the City of Alder Falls (the \"City\") and the Alder Falls "
                     "Police Officers Association (the \"Association\").\n\nARTICLE 1 RECOGNITION\nThe City recognizes the "
                     "Association.\n")
    assert found == ["City of Alder Falls", "Alder Falls Police Officers Association"]


def test_a_day_and_month_is_never_a_party():
    assert not plausible_party("4 November")
    assert not plausible_party("March 9th")
    assert plausible_party("November Holdings")


def test_between_the_parties_hereto_followed_by_their_names():
    text = ("SHARED SERVICES AGREEMENT\n\nThis Agreement is made between the parties hereto: the Town of Alder Falls and "
            "the Granite Valley Water District.\n\n1. Services. The District shall read the meters.\n")
    assert [span.text for span in preamble_parties(text)] == ["Town of Alder Falls", "Granite Valley Water District"]
