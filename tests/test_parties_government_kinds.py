"""Kinds of government agreement whose parties the reader missed on the fourth, fresh round of government probes
(issue 12), each with made-up wording of its own: an opening "This MOA is made by A and B", an ISA template's
"Organization A/B" placeholders with the names only in its signature table, a GSA 7600B order form's agency columns, an
arrangement's governments named together "(hereinafter referred to as the "Participants")" before recitals citing
other agreements, "CITY AND COUNTY OF X" in capitals, a signer's region after the office, and "Employment" in an
agency's name on a heading line."""
from __future__ import annotations

from extracted_text import extracted, party_names
from ingest.metadata.names import same_organisation


def _same(found: list[str], expected: list[str]) -> bool:
    return len(found) == len(expected) and all(any(same_organisation(f, e) for f in found) for e in expected)


def test_an_opening_sentence_made_by_two_agencies():
    doc = extracted("MEMORANDUM OF AGREEMENT\nFOR THE SHARING OF BIRTH RECORD DATA\n\nThis Memorandum of Agreement is made "
                    "by the National Center for Health Statistics (\"NCHS\"), a center of the Centers for Disease Control "
                    "and Prevention, and the Oregon Health Authority (\"OHA\").\n\n1. PURPOSE. OHA will send NCHS its "
                    "birth records each month.\n")
    assert _same(party_names(doc), ["National Center for Health Statistics", "Oregon Health Authority"])


def test_template_placeholders_are_no_parties_and_the_signature_table_names_the_sides():
    doc = extracted("INTERCONNECTION SECURITY AGREEMENT\n\n1. STATEMENT OF REQUIREMENTS\nThe interconnection between "
                    "Organization A and Organization B exchanges case files over a VPN tunnel.\n\n4. TIMELINE\nThis ISA "
                    "is valid for one year after the last signature.\n\n5. SIGNATORY AUTHORITY\n\n"
                    "                 ORGANIZATION A                       ORGANIZATION B\n"
                    "Organization:    Federal Bureau of Prisons            Ohio Department of Rehabilitation and Correction\n"
                    "Signature:       /s/                                  /s/\n"
                    "Name:            A. Grey                              B. Stone\n"
                    "Date:            03/02/2026                           03/09/2026\n")
    assert _same(party_names(doc), ["Federal Bureau of Prisons", "Ohio Department of Rehabilitation and Correction"])


def test_an_order_forms_agency_columns_with_the_bureau_under_its_department():
    doc = extracted("INTERAGENCY AGREEMENT (IAA)\nORDER REQUIREMENTS AND FUNDING INFORMATION\n\n"
                    "1. GT&C Number: IAA-NPS-2024-0031        2. Order Number: 0001\n\n"
                    "REQUESTING AGENCY OF ORDER                     SERVICING AGENCY OF ORDER\n"
                    "5. Name: Department of the Interior            6. Name: Department of Commerce\n"
                    "   National Park Service                          National Oceanic and Atmospheric Administration\n"
                    "   12795 W Alameda Pkwy, Lakewood, CO             325 Broadway, Boulder, CO\n\n"
                    "7. Requesting Agency ALC: 14100001     8. Servicing Agency ALC: 13140001\n")
    assert _same(party_names(doc), ["National Park Service", "National Oceanic and Atmospheric Administration"])


def test_governments_named_together_as_participants_before_recitals_citing_other_agreements():
    doc = extracted("ARRANGEMENT BETWEEN THE GOVERNMENT OF AUSTRALIA\nAND THE GOVERNMENT OF NEW ZEALAND\n"
                    "ON SEISMIC DATA EXCHANGE\n\nThe Government of Australia and the Government of New Zealand "
                    "(hereinafter referred to as the\n\"Participants\"),\n\nNOTING the Agreement between the Government "
                    "of Australia and the Government of New Zealand on Science, done at Wellington on 5 May 1991;\n\n"
                    "HAVE REACHED the following understanding:\n\nParagraph 1\nData will flow through Geoscience Australia "
                    "and the Institute of Geological and Nuclear Sciences Limited.\n")
    assert _same(party_names(doc), ["Government of Australia", "Government of New Zealand"])


def test_city_and_county_in_capitals_is_one_body():
    doc = extracted("INTERGOVERNMENTAL AGREEMENT\n\nTHIS AGREEMENT is made between the CITY AND COUNTY OF BROOMFIELD, a "
                    "Colorado home rule municipality (\"Broomfield\"), and the ADAMS COUNTY SCHOOL DISTRICT 12 (\"District\").\n"
                    "\n1. TERM. This Agreement begins on July 1, 2026.\n")
    assert _same(party_names(doc), ["City and County of Broomfield", "Adams County School District 12"])


def test_a_signers_region_after_the_office_is_no_party():
    doc = extracted("MEMORANDUM OF AGREEMENT\nCOLORADO RIVER GAUGE DATA\n\n1. Purpose\nThe parties will share gauge data "
                    "each day.\n",
                    "5. Signatures\n\nBureau of Reclamation                         Nevada Division of Water Resources\n\n"
                    "/s/ C. Lund                                   /s/ D. Marsh\n"
                    "Regional Director, Lower Colorado Basin Region    State Engineer\n")
    assert _same(party_names(doc), ["Bureau of Reclamation", "Nevada Division of Water Resources"])


def test_employment_in_an_agencys_name_on_a_heading_line():
    doc = extracted("DATA SHARING AGREEMENT\nBETWEEN\nTHE OREGON EMPLOYMENT DEPARTMENT\nAND\nTHE OREGON HIGHER EDUCATION "
                    "COORDINATING COMMISSION\n\nThe Oregon Employment Department and the Oregon Higher Education "
                    "Coordinating Commission agree to match wage and enrolment records.\n")
    assert _same(party_names(doc), ["Oregon Employment Department", "Oregon Higher Education Coordinating Commission"])


def test_a_data_use_agreements_provider_and_recipient_rows():
    doc = extracted("Data Use Agreement\n\n| Agreement No.   | DUA-2026-044                                   |\n"
                    "| Data Provider   | Kansas Department of Health and Environment    |\n"
                    "| Data Recipient  | Wichita State University                       |\n\n"
                    "1. The provider will send cancer registry extracts to the recipient each quarter.\n")
    assert _same(party_names(doc), ["Kansas Department of Health and Environment", "Wichita State University"])


def test_a_letters_addressee_post_and_its_signer_are_no_parties():
    doc = extracted("Kent County Road Commission\n1500 Scribner Avenue NW, Grand Rapids, MI 49504\n\nApril 2, 2026\n\n"
                    "Mr. Alan Brooks\nExecutive Director\nGrand Valley Metropolitan Council\n678 Front Avenue NW\n"
                    "Grand Rapids, MI 49504\n\nDear Mr. Brooks:\n\nThe Kent County Road Commission and the Grand Valley "
                    "Metropolitan Council intend to share traffic count data. Please have your Executive Director "
                    "countersign below.\n\nSincerely,\n\n/s/ Rita Olsen\nRita Olsen, P.E.\nManaging Director\n\n"
                    "ACCEPTED: Grand Valley Metropolitan Council\nBy: /s/ Alan Brooks      Date: April 9, 2026\n")
    found = party_names(doc)
    assert not [name for name in found if name in ("Executive Director", "Rita Olsen")], found
