"""Kinds of title error found on unlabelled development filings (NDAs and commercial contracts from EDGAR) before
any rule was written for them: a "Form of" heading taken for a form's series line, an EDGAR header line of a .txt
filing, a confidentiality legend, a letter's "Re:" label, a "PARTIES:" caption, a date line or clause, a heading whose
first line holds no kind word, the wrap of an EDGAR header's description, an "EXECUTION COPY" note (issue 12).
Made-up text only."""
from __future__ import annotations

from ingest.metadata.heading import title_block

BODY = "This Agreement is made as of May 2, 2011 by and between Maple Kiosks, Inc. and Blue Heron Terminals, LLC.\n"


def _title(text: str) -> str | None:
    block = title_block(text)
    return block[2] if block else None


def test_a_form_of_heading_is_a_title_not_a_form_series_line():
    assert _title("Exhibit B\n\nFORM OF WAREHOUSING AND SUPPLY AGREEMENT\n\n" + BODY) == \
        "FORM OF WAREHOUSING AND SUPPLY AGREEMENT"


def test_a_numbered_form_line_is_still_a_series_line_above_the_title():
    assert _title("DHS Form 4410\n\nMEMORANDUM OF AGREEMENT\n\n" + BODY) == "MEMORANDUM OF AGREEMENT"


def test_the_edgar_header_line_of_a_text_filing_is_never_the_title():
    text = "EX-10.21 6 maplecontract1021.txt HAULING AGREEMENT MAPLE EXHIBIT C\n\nNON-DISCLOSURE AGREEMENT\n\n" + BODY
    assert _title(text) == "NON-DISCLOSURE AGREEMENT"


def test_a_letter_agreement_is_known_by_its_re_line_without_the_label_and_a_legend_is_no_title():
    text = ("Exhibit (d)(4)\n\nSTRICTLY CONFIDENTIAL\n\nMarch 3, 2012\n\nBlue Heron Terminals, LLC\n12 Quay Street\n"
            "Portland, OR 97201\n\nRe: Confidentiality Agreement\n\nLadies and Gentlemen:\n\nIn connection with your "
            "consideration of a possible transaction, you have requested information.\n")
    assert _title(text) == "Confidentiality Agreement"
    assert _title("Exhibit 99.3\n\nSTRICTLY CONFIDENTIAL\n\nMarch 3, 2012\n\nBlue Heron Terminals, LLC\n") is None


def test_a_parties_caption_under_the_heading_is_not_part_of_it():
    text = "COVENANT NOT TO COMPETE AGREEMENT\nPARTIES:\nJane Roe (\"Employee\")\nMaple Kiosks, Inc. (\"Company\")\n"
    assert _title(text) == "COVENANT NOT TO COMPETE AGREEMENT"
    run_together = ("EXHIBIT 10.4   Hauling Services Agreement   Parties   This Agreement is effective as of June 1st, "
                    "2014 by and between Maple Kiosks, Inc. and Blue Heron Terminals, LLC, who agree as follows.\n")
    assert _title(run_together) == "Hauling Services Agreement"


def test_a_date_line_or_a_date_clause_is_never_title():
    text = "DATED 04/12/2010\nExhibit 10.9\nLOGO\n\nNON-DISCLOSURE AGREEMENT\n\n" + BODY
    assert _title(text) == "NON-DISCLOSURE AGREEMENT"
    assert _title("Exhibit 10\n\nREFERRAL AGREEMENT DATED MARCH 9, 2004\n\n" + BODY) == "REFERRAL AGREEMENT"
    run_on = ("Exhibit (e)(3)\n\nMUTUAL NON-DISCLOSURE AGREEMENT dated as of May 2, 2009 (this “Agreement”) among "
              "MAPLE KIOSKS, INC., a company organized under the laws of Oregon, and BLUE HERON TERMINALS, LLC\n")
    assert _title(run_on) == "MUTUAL NON-DISCLOSURE AGREEMENT"


def test_a_heading_whose_first_line_holds_no_kind_word_is_joined_from_that_line():
    text = "EXHIBIT 10.1\n\nCHANGE IN CONTROL, CONFIDENTIALITY,\nAND NONCOMPETITION AGREEMENT\n\n" + BODY
    assert _title(text) == "CHANGE IN CONTROL, CONFIDENTIALITY, AND NONCOMPETITION AGREEMENT"
    text = "EXHIBIT 10.2\n\nNON-SOLICITATION, NON-DISPARAGEMENT AND\nCONFIDENTIALITY AGREEMENT\n\n" + BODY
    assert _title(text) == "NON-SOLICITATION, NON-DISPARAGEMENT AND CONFIDENTIALITY AGREEMENT"


def test_the_wrapped_description_of_an_edgar_header_is_not_the_heading_printed_below_it():
    text = ("EX-10.2 3 dex102.htm CONFIDENTIALITY, NON-SOLICITATION AND NON-COMPETITION\nAGREEMENT\nExhibit 10.2\n"
            "CONFIDENTIALITY, NON-SOLICITATION AND NON-COMPETITION AGREEMENT\n" + BODY)
    assert _title(text) == "CONFIDENTIALITY, NON-SOLICITATION AND NON-COMPETITION AGREEMENT"
    text = ("EX-10.3 2 dex103.htm FORM OF EMPLOYMENT AND NON-\nCOMPETITION AGREEMENT\nEXHIBIT 10.3\n"
            "EMPLOYMENT AND NON-COMPETITION AGREEMENT\n" + BODY)
    assert _title(text) == "EMPLOYMENT AND NON-COMPETITION AGREEMENT"


def test_an_execution_copy_note_on_the_heading_line_is_left_out():
    text = ("Exhibit 10.1\n\nEXECUTION COPY PROMOTION AGREEMENT by and between MAPLE KIOSKS, INC. and BLUE HERON "
            "TERMINALS, LLC\n\n" + BODY)
    assert _title(text) == "PROMOTION AGREEMENT by and between MAPLE KIOSKS, INC. and BLUE HERON TERMINALS, LLC"


def test_a_complete_edgar_description_leaves_the_heading_below_it_whole():
    text = ("EX-10.8 4 acme-exhibit108.htm COVENANT NOT TO COMPETE AND NON-DISCLOSURE AGMT\nCOVENANT NOT TO COMPETE\n"
            "AND NON-DISCLOSURE AGREEMENT\nPARTIES:\nJane Roe (\"EMPLOYEE\")\n")
    assert _title(text) == "COVENANT NOT TO COMPETE AND NON-DISCLOSURE AGREEMENT"


def test_a_label_above_the_heading_it_names_is_not_joined_to_the_heading_repeated_or_to_a_capitals_line():
    text = ("EXHIBIT C\nForm of Release and Non-Solicitation Agreement\nRelease and Non-Solicitation\nAgreement\n"
            "This Agreement is made by the undersigned employee for the benefit of the Company.\n")
    assert _title(text) == "Form of Release and Non-Solicitation Agreement"
    text = ("EXHIBIT A\nForm of Release and Non-Solicitation Agreement\nAGREEMENT\nThe following is an agreement made "
            "and entered into on this ___ day of ______, 20__.\n")
    assert _title(text) == "Form of Release and Non-Solicitation Agreement"


def test_a_company_letterhead_under_the_heading_is_not_part_of_it():
    text = ("EXHIBIT B\nFORM OF CONFIDENTIALITY AGREEMENT\nMAPLE KIOSKS, INC.\n12 Quay Street\nPortland, OR 97201\n\n"
            "Ladies and Gentlemen:\n")
    assert _title(text) == "FORM OF CONFIDENTIALITY AGREEMENT"



def test_labelled_fields_beside_a_heading_are_not_part_of_it():
    text = ("SCHEDULE TO Master Services and Hosting Agreement    Supplier Name:  Maple Kiosks, Inc.  Agreement Number:  "
            "MK20931\nSupplier Address:\n12 Quay Street Portland, OR 97201\n\nThis Schedule is made as of the effective "
            "date set forth above.\n")
    assert _title(text) == "SCHEDULE TO Master Services and Hosting Agreement"


def test_a_run_on_heading_keeps_its_between_clause():
    text = ("APPENDIX D SAMPLE OF CONFIDENTIALITY AGREEMENT (BETWEEN LICENSEE AND ITS STAFF) THIS SAMPLE OF "
            "CONFIDENTIALITY AGREEMENT (\"Agreement\") is made this _____ day of _________, 20___, by and between "
            "___________ (the \"Licensee\") and ___________, who is an employee of Licensee (the \"Member\"). "
            + "The parties agree as follows. " * 12)
    assert _title(text) == "SAMPLE OF CONFIDENTIALITY AGREEMENT (BETWEEN LICENSEE AND ITS STAFF)"


def test_an_agreement_or_contract_number_line_is_a_reference_not_the_title():
    text = ("Exhibit 10.9\n***** CONFIDENTIAL TREATMENT REQUESTED\nAgreement Number 40217\nWIRELESS CONTENT LICENSE "
            "AGREEMENT\n" + BODY)
    assert _title(text) == "WIRELESS CONTENT LICENSE AGREEMENT"
    text = ("EXHIBIT 10.3\nMAPLE HAULING COMPANY    a division of Maple Kiosks, Inc.    P.O. BOX 4410    Contract No.  "
            "221\n                 HAULING CONTRACT\nTHIS CONTRACT is entered into by and between Maple Hauling Company "
            "and Blue Heron Terminals, LLC.\n")
    assert _title(text) == "HAULING CONTRACT"


def test_an_exhibit_label_run_into_a_heading_on_its_line_is_left_out():
    text = "Exhibit 10.6 ATTACHMENT B MAPLE KIOSKS EXCLUSIVE RESELLER AGREEMENT\n\n" + BODY
    assert _title(text) == "MAPLE KIOSKS EXCLUSIVE RESELLER AGREEMENT"


def test_a_run_together_heading_with_a_comma_is_named_whole_by_its_preamble():
    text = ("Exhibit 10.1 HAULING, STORAGE AND DELIVERY AGREEMENT This HAULING, STORAGE AND DELIVERY AGREEMENT (this "
            "\"Agreement\") is entered into by and between Maple Kiosks, Inc. and Blue Heron Terminals, LLC. "
            + "The parties agree as follows. " * 12)
    assert _title(text) == "HAULING, STORAGE AND DELIVERY AGREEMENT"


def test_a_capitals_heading_with_a_number_abbreviation_goes_on_over_its_next_line():
    text = "MAPLE CONTRACT No. 221B/04\nSUPPORT AND MAINTENANCE AGREEMENT\nentered into by and between\nMAPLE KIOSKS\n"
    assert _title(text) == "MAPLE CONTRACT No. 221B/04 SUPPORT AND MAINTENANCE AGREEMENT"
