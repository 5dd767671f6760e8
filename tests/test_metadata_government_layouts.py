"""Layouts of government agreements the fresh fourth round of government probes (issue 12) showed misread, each with
made-up wording of its own: titles (a mixed-case heading under a running header that carries the agreement number and
a page counter; an office's unit printed under the agency's letterhead) and signature dates (a signature table's
labelled row of dates, one per column; "Signed:" labels; a row of dates under two wide signature blocks; a lawyer's
"Approved as to form" box; an attachment's own date)."""
from __future__ import annotations

from extracted_text import extracted, field_value


def test_a_mixed_case_heading_under_a_counted_running_header_is_the_title():
    doc = extracted("Agreement No. DOI-USGS-24-117                                           Page 1 of 3\n\n"
                    "Memorandum of Understanding\nbetween\nthe U.S. Geological Survey\nand\nthe Utah Geological Survey\n\n"
                    "1. Purpose\nThe parties will share seismic station records.\n")
    assert doc.title == ("Memorandum of Understanding between the U.S. Geological Survey and the Utah Geological "
                         "Survey")


def test_an_offices_unit_under_the_agencys_letterhead_is_no_title():
    doc = extracted("Ohio Department of Health\nContract Administration Section\n\nData Use Agreement\n\n1. The Ohio "
                    "Department of Health will provide death records to the Franklin County Coroner.\n")
    assert doc.title == "Data Use Agreement"


def test_a_signature_tables_labelled_row_of_dates_gives_each_signature():
    doc = extracted("INTERCONNECTION SECURITY AGREEMENT\n\nThis ISA takes effect on the date of the last signature below.\n\n"
                    "                 AGENCY A                             AGENCY B\n"
                    "Organization:    Bureau of the Fiscal Service          Idaho State Controller's Office\n"
                    "Signature:       /s/                                   /s/\n"
                    "Date:            08/03/2026                            08/21/2026\n")
    assert field_value(doc, "effective_date") == "2026-08-21"


def test_signed_labels_under_the_signers_give_the_signature_dates():
    doc = extracted("MEMORANDUM OF AGREEMENT\n\nThis MOA takes effect on the date of the final signature.\n\n"
                    "Bureau of Labor Statistics                     Idaho Department of Labor\n"
                    "/s/ R. Pike                                    /s/ S. Vance\n"
                    "Associate Commissioner                         Director\n"
                    "Signed: 02/10/2026                             Signed: 02/24/2026\n")
    assert field_value(doc, "effective_date") == "2026-02-24"


def test_a_row_of_dates_under_two_wide_signature_blocks():
    doc = extracted("MEMORANDUM OF AGREEMENT\n\nThis MOA is effective on the date of the last signature.\n\n"
                    "/s/ Dana K. Whitlock                                        /s/ Marcus Olufemi\n"
                    "Deputy Executive Assistant Commissioner                     Assistant Administrator for Operations\n"
                    "Office of Field Operations, Customs and Border Protection   Security Operations, TSA\n"
                    "June 3, 2026                                                June 19, 2026\n")
    assert field_value(doc, "effective_date") == "2026-06-19"


def test_an_approved_as_to_form_box_dates_no_signature():
    doc = extracted("MEMORANDUM OF UNDERSTANDING\n\nThis MOU shall become effective upon signature by both parties and "
                    "remains in effect until terminated by either party.\n\n"
                    "COUNTY OF PIMA                                  CITY OF SOUTH TUCSON\n"
                    "______________________                          ______________________\n"
                    "Date: __________                                Date: __________\n\n"
                    "APPROVED AS TO FORM:\nDeputy County Attorney\nBy: R.L.      Date: 01/15/2026\n")
    assert field_value(doc, "effective_date") is None


def test_an_attachments_own_date_is_not_the_agreements():
    doc = extracted("INTERCONNECTION SECURITY AGREEMENT\n\n3. TOPOLOGY\nSee Attachment 2 (Network Diagram, dated "
                    "11/04/2025).\n\n4. TIMELINE\nThis ISA is valid for one year after the last signature.\n\n"
                    "Signature: /s/ A. Lee        Date: 01/12/2026\nSignature: /s/ B. Cho        Date: 01/20/2026\n")
    assert field_value(doc, "effective_date") != "2025-11-04"


def test_a_between_block_naming_each_department_over_its_component_in_mixed_case():
    doc = extracted("INTERAGENCY AGREEMENT\nBetween\nDepartment of Health and Human Services\nIndian Health Service\nand\n"
                    "Department of the Interior\nBureau of Indian Education\n\n1. Purpose. The agencies will share school "
                    "health screening results.\n")
    assert doc.title == ("INTERAGENCY AGREEMENT Between Department of Health and Human Services Indian Health Service and "
                         "Department of the Interior Bureau of Indian Education")


def test_a_law_cited_as_amended_through_a_day_gives_no_expiry():
    doc = extracted("DATA USE AGREEMENT\n\n1. AUTHORITY. The Department enters into this Agreement under Chapter 119, "
                    "Florida Statutes, and the Department's privacy rules, as amended through March 3, 2025.\n\n2. TERM. This "
                    "Agreement is effective on its last signature and remains in effect until December 31, 2027.\n")
    assert field_value(doc, "expiry_date") == "2027-12-31"


def test_in_force_on_the_date_of_the_later_signature():
    doc = extracted("MEMORANDUM OF COOPERATION\n\nArticle 5. This Memorandum enters into force on the date of the later "
                    "signature below.\n\nFor the Bureau of Reclamation:\n/s/ T. Hale\nDate: 2/2/2026\n\n"
                    "For the Arizona Department of Water Resources:\n/s/ V. Ruiz\nDate: 2/16/2026\n")
    assert field_value(doc, "effective_date") == "2026-02-16"


def test_an_agreement_covering_the_period_from_one_day_through_another():
    doc = extracted("INTERAGENCY AGREEMENT\n\n1. Purpose. The Survey will map groundwater for the Service.\n\n2. Period. "
                    "This agreement covers the period from April 1, 2026 through March 31, 2028.\n\n"
                    "3. Approval. /s/ K. Moss, 02/11/2026; /s/ L. Nair, 02/25/2026\n")
    assert (field_value(doc, "effective_date"), field_value(doc, "expiry_date")) == ("2026-04-01", "2028-03-31")


def test_an_agreement_effective_retroactively_to_a_day_before_its_signatures():
    doc = extracted("MEMORANDUM OF UNDERSTANDING\n\n4. TERM. This MOU is effective retroactively to October 1, 2025, "
                    "notwithstanding the date it is signed, and ends on September 30, 2026.\n\n"
                    "By: /s/ J. Torres\nDate: November 6, 2025\n\nBy: /s/ M. Begay\nDate: November 14, 2025\n")
    assert field_value(doc, "effective_date") == "2025-10-01"


def test_a_filed_exhibits_label_heads_the_agreement_itself():
    # (the attachment rule above must not read "Exhibit 10.4 ... dated as of" as a cited exhibit's date)
    doc = extracted("Exhibit 10.4 SUPPLY AGREEMENT SUPPLY AGREEMENT, dated as of March 2, 2018 (the \"Agreement\"), between "
                    "Norvale Foods, Inc. and Brightwater Packaging LLC. 1. Supply. Brightwater shall supply cartons.\n")
    assert field_value(doc, "effective_date") == "2018-03-02"


def test_a_term_counted_from_that_date_after_taking_effect_on_the_final_signature():
    doc = extracted("MEMORANDUM OF AGREEMENT\n\n6. TERM. This MOA takes effect on the date of the final signature and "
                    "remains in force for a period of\ntwenty-four (24) months from that date.\n\n"
                    "/s/ P. Grant                                  /s/ H. Osei\nDirector                                      "
                    "Commissioner\nSigned: 03/02/2026                            Signed: 03/16/2026\n")
    assert field_value(doc, "expiry_date") == "2028-03-16"


def test_an_order_forms_own_period_not_the_gtc_agreements_above_it():
    doc = extracted("INTERAGENCY AGREEMENT (IAA)\nORDER REQUIREMENTS AND FUNDING INFORMATION\n\n"
                    "1. GT&C Number: IAA-24-0031        2. Order Number: 0002\n"
                    "3. GT&C Agreement Period: 01/15/2024 to 01/14/2029\n"
                    "4. Order Period of Performance:  Start Date: 03/01/2026    End Date: 02/28/2027\n\n"
                    "Requesting Agency Signature: /s/ J. Park   Date: 01/20/2026\n"
                    "Servicing Agency Signature: /s/ R. Diaz    Date: 01/27/2026\n")
    assert field_value(doc, "effective_date") == "2026-03-01"
    assert field_value(doc, "expiry_date") != "2029-01-14"
