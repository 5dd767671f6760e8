"""Effective dates and ends of government agreements by how they are stated (issue 12, round-8 kinds): effect on one
official's approval or signature (the date in that official's block), a modification's own effective-date box and the
new end it extends to, an agreement period in a header table's row, a letter that sets out an intent only, a term
counted "from that date" where that date is the one printed above, an agreement in effect through the end of its
period of performance. Made-up text only."""
from __future__ import annotations

import pytest

from extracted_text import extracted, field_value

BODY = ("The Bureau of Land Management (BLM) and the Utah Division of Wildlife Resources (UDWR) share telemetry data "
        "from collared mule deer to plan seasonal road closures.\n\n")


def _agreement(effect: str, blocks: str) -> str:
    return ("MEMORANDUM OF UNDERSTANDING\nBETWEEN THE BUREAU OF LAND MANAGEMENT\nAND THE UTAH DIVISION OF WILDLIFE "
            "RESOURCES\n\n1. PURPOSE\n" + BODY + "2. EFFECTIVE DATE AND TERM\n" + effect
            + " It remains in effect until December 31, 2029.\n\n3. SIGNATURES\n\n" + blocks)


UDWR_SIGNS_LATER = ("/s/ Karen Holm                                  Date: 06/30/2026\nDirector, Utah Division of Wildlife "
                    "Resources\n\n")


@pytest.mark.parametrize("effect, official_block, want", [
    # the approving official's stamp beside the office, after the parties' own signatures
    ("This MOU is effective as of the date of the State Director's approval below.",
     "/s/ Tomas Oyelaran                    +------------------+\nState Director, Utah                  |  APPROVED"
     "        |\nBureau of Land Management             |  JUN 9 2026      |\n", "2026-06-09"),
    # "becomes effective when signed by the <office>": that office's "Date:" line, not the later signature of the other party
    ("This MOU becomes effective when signed by the State Director.",
     "/s/ Tomas Oyelaran\nTomas Oyelaran, State Director\nDate: June 2, 2026\n", "2026-06-02"),
    # the official's block is undated: the day is not stated, and the other party's date is no stand-in for it
    ("This MOU becomes effective when signed by the State Director.",
     "/s/ Tomas Oyelaran\nTomas Oyelaran, State Director\nDate: ______________\n", None),
])
def test_effect_on_one_officials_act_is_dated_by_that_officials_block(effect, official_block, want):
    doc = extracted(_agreement(effect, UDWR_SIGNS_LATER + official_block))
    assert field_value(doc, "effective_date") == want
    assert field_value(doc, "expiry_date") == "2029-12-31"


def test_a_deputy_is_not_the_official_whose_approval_dates_the_agreement():
    # the deputy concurs after the director approves: the deputy's later date is not the approval's
    blocks = ("/s/ Tomas Oyelaran                             Date: 05/27/2026\nState Director\n\n"
              "Concurrence:\n/s/ Lena Park                                  Date: 06/03/2026\nDeputy State Director, Resources\n")
    doc = extracted(_agreement("This MOU is effective as of the date of the State Director's approval.", blocks))
    assert field_value(doc, "effective_date") == "2026-05-27"


def test_signed_by_the_parties_names_no_official():
    # "when signed by the Parties" is the ordinary effect on signature: the later of the two dates
    blocks = ("/s/ Tomas Oyelaran                             Date: 05/27/2026\nState Director\n\n" + UDWR_SIGNS_LATER)
    doc = extracted(_agreement("This MOU becomes effective when signed by the Parties.", blocks))
    assert field_value(doc, "effective_date") == "2026-06-30"


def test_a_modifications_effective_date_box_and_the_end_it_extends_to():
    text = ("CONTRACT AMENDMENT\n\nContract No.: 24-HS-00918          Amendment No.: 3\n"
            "Effective Date of Amendment: 10/01/2026\n\n"
            "The contract between the Nevada Department of Health and Human Services and Washoe County, dated "
            "March 3, 2024, expires on September 30, 2026. This Amendment No. 3 extends the termination date of the "
            "contract from September 30, 2026 to September 30, 2027 and adds $310,000.00 to the budget.\n\n"
            "NEVADA DEPARTMENT OF HEALTH AND HUMAN SERVICES      WASHOE COUNTY\n"
            "/s/ Ada Quill, Director                            /s/ Rob Tenney, County Manager\n"
            "Date: 09/12/2026                                   Date: 09/19/2026\n")
    doc = extracted(text)
    assert field_value(doc, "effective_date") == "2026-10-01"
    assert field_value(doc, "expiry_date") == "2027-09-30"


def test_an_agreement_period_in_a_header_tables_row_is_the_term():
    text = ("DATA USE AGREEMENT\nBETWEEN\nCENTERS FOR MEDICARE & MEDICAID SERVICES\nAND\nOHIO DEPARTMENT OF MEDICAID\n\n"
            "| DUA Number                  | 2026-118-OH                                     |\n"
            "| Agreement Period            | 01/01/2026 - 12/31/2027                         |\n"
            "| Data Set                    | T-MSIS Analytic Files 2024                      |\n\n"
            "1. The Ohio Department of Medicaid uses the files only for the evaluation of its managed care program.\n\n"
            "CMS: /s/ J. Alvarez   Date: 12/02/2025          ODM: /s/ P. Greer   Date: 12/10/2025\n")
    doc = extracted(text)
    assert field_value(doc, "effective_date") == "2026-01-01"
    assert field_value(doc, "expiry_date") == "2027-12-31"


def test_a_letter_that_sets_out_an_intent_only_takes_effect_on_no_day():
    text = ("DELTA REGIONAL AUTHORITY\n236 Sharkey Avenue, Clarksdale, MS 38614\n\nMarch 2, 2026\n\n"
            "Mr. Allen Burke\nDirector, Mississippi Development Authority\nP.O. Box 849, Jackson, MS 39205\n\n"
            "Re: Workforce Training Partnership\n\nDear Mr. Burke:\n\n"
            "The Delta Regional Authority and the Mississippi Development Authority plan to pool training funds for the "
            "counties of the Delta. This letter sets out our intent only; the commitments will follow in an agreement.\n\n"
            "Sincerely,\n\n/s/ Corinne Vail\nFederal Co-Chairman\n")
    assert field_value(extracted(text), "effective_date") is None


def test_a_term_counted_from_that_date_where_that_date_is_printed_above():
    text = ("SUPPORT AGREEMENT\nBETWEEN\nNAVAL AIR STATION WHIDBEY ISLAND\nAND\nISLAND COUNTY, WASHINGTON\n\n"
            "AGREEMENT NO: N00620-SA-27-01               EFFECTIVE DATE: 15 JAN 2027\n\n"
            "1. The Installation and the County provide each other ambulance support on request.\n\n"
            "2. This agreement is effective on the date shown above and remains in effect for three (3) years from that "
            "date.\n\nFOR THE INSTALLATION                 FOR THE COUNTY\n/s/ CAPT R. Hale                     "
            "/s/ M. Ortiz\nDate: 1/5/27                         Date: 1/11/27\n")
    doc = extracted(text)
    assert field_value(doc, "effective_date") == "2027-01-15"
    assert field_value(doc, "expiry_date") == "2030-01-15"


IAA_FORM = ("INTERAGENCY AGREEMENT\n\n1. Agreement No.: 19AQMM26N0042\n"
            "2. Requesting Agency: U.S. Department of State, Bureau of Consular Affairs\n"
            "3. Servicing Agency: U.S. Government Publishing Office\n4. Effective Date: 02/02/2026\n"
            "5. Period of Performance: 03/01/2026 through 02/28/2027\n\n"
            "6. Description: The Servicing Agency prints passport books to the Requesting Agency's orders.\n\n{terms}\n\n"
            "Requesting Agency: /s/ N. Foster  Date: 01/27/2026     Servicing Agency: /s/ D. Ruiz  Date: 01/30/2026\n")


@pytest.mark.parametrize("terms, want", [
    ("7. Terms: This agreement is in effect from the Effective Date in block 4 through the end of the Period of "
     "Performance in block 5, unless terminated in writing.", "2027-02-28"),
    # a period of performance alone says nothing of the agreement's end
    ("7. Terms: Either agency may terminate this agreement on 30 days' written notice.", None),
])
def test_an_agreement_in_effect_through_its_period_of_performance_ends_with_it(terms, want):
    doc = extracted(IAA_FORM.format(terms=terms))
    assert field_value(doc, "effective_date") == "2026-02-02"
    assert field_value(doc, "expiry_date") == want


COVER = ("STATE OF MONTANA TASK ORDER AGREEMENT\n\n"
         "| State Agency                         | Contract Number                     |\n"
         "| Department of Transportation         | 26-TRN-0114                         |\n"
         "| Local Government                     | {left:<35} |\n"
         "| Lewis and Clark County               | {right:<35} |\n\n"
         "1. The County maintains the state routes listed in Exhibit A within its boundaries.\n\n"
         "MONTANA DEPARTMENT OF TRANSPORTATION          LEWIS AND CLARK COUNTY\n"
         "/s/ Ellen Marsh, Administrator                /s/ Gil Tanaka, Commission Chair\n"
         "Date: 04/14/2026                              Date: 04/21/2026\n")


@pytest.mark.parametrize("left, right, want", [
    ("Initial Contract Expiration Date", "June 30, 2028", "2028-06-30"),
    # a bare label names no agreement's end: one row of a table of rates or amendments may sit under it
    ("Rate Schedule Expiration Date", "June 30, 2028", None),
])
def test_a_cover_tables_label_over_its_value_names_the_agreements_end(left, right, want):
    assert field_value(extracted(COVER.format(left=left, right=right)), "expiry_date") == want
