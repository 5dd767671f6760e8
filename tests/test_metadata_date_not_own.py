"""Dates that are never the agreement's own, by kind: certifications set beside the signatures (approval as to form, a
notary's acknowledgement), a fax machine's transmission line, a recorder's stamp, the day a cited text was last amended.
Each gets its role and never becomes an effective, signature or expiry date (issue 12). Made-up text only."""
from __future__ import annotations

import pytest

from extracted_text import date_roles as _roles, extracted as _extract, field_value as _value

MOU = ("MEMORANDUM OF UNDERSTANDING\n\nThis Memorandum of Understanding is entered into by and between the Department of "
       "Public Safety and the County of Marlowe. It becomes effective upon the signature of both Parties.\n\n"
       "1. PURPOSE. The Parties will exchange incident records under the terms below.\n\n"
       "2. TERM. This MOU remains in effect until terminated by either Party on thirty days' written notice.\n")
SIGNED = ("\n\nFOR THE DEPARTMENT OF PUBLIC SAFETY\n\nBy: ______________________\nName: Dana Whitfield\nTitle: Director\n"
          "Date: April 2, 2021\n\nFOR THE COUNTY OF MARLOWE\n\nBy: ______________________\nName: Eric Sandoval\n"
          "Title: County Manager\nDate: April 9, 2021\n")
CONTRACT = ("SERVICES AGREEMENT\n\nThis Services Agreement is made and entered into as of June 1, 2019 by and between "
            "Alder Foods, Inc. and Brightwater Packaging LLC.\n\n1. Term. This Agreement continues until terminated.\n\n"
            "ALDER FOODS, INC.\nBy: /s/ Pat Lowell\nName: Pat Lowell\nTitle: President\nDate: June 3, 2019\n")


def _signature_dates(doc) -> list[str]:
    return [f.normalized for f in doc.fields if f.name == "signature_date"]


@pytest.mark.parametrize("certification", [
    "APPROVED AS TO FORM:\n\n______________________\nAssistant County Attorney\nDate: April 12, 2021\n",
    "Approved as to Form and Legality:\nBy: ______________________\nCounty Attorney\nDate: April 12, 2021\n",
    "STATE OF OHIO )\nCOUNTY OF MARLOWE )\nAcknowledged before me by Eric Sandoval, County Manager.\n"
    "______________________\nNotary Public\nDate: April 12, 2021\n",
    "Subscribed and sworn to before me this 12th day of April, 2021.\n______________________\nNotary Public\n",
])
def test_a_certification_under_the_signatures_is_no_signature_and_no_effective_date(certification):
    doc = _extract(MOU + SIGNED + "\n" + certification)
    assert "2021-04-12" not in _signature_dates(doc)
    assert _value(doc, "effective_date") == "2021-04-09"      # the later party signature, not the later certification
    assert _roles(doc)["2021-04-12"] == "stamp"


def test_a_party_block_under_an_approval_as_to_form_keeps_its_own_date():
    doc = _extract(MOU + "\n\nAPPROVED AS TO FORM:\n______________________\nCounty Attorney\nDate: March 30, 2021\n\n"
                   "FOR THE COUNTY OF MARLOWE\nBy: ______________________\nTitle: County Manager\nDate: April 9, 2021\n")
    assert _signature_dates(doc) == ["2021-04-09"]
    assert _roles(doc)["2021-03-30"] == "stamp"


@pytest.mark.parametrize("header", [
    "04/20/2021 16:05 FAX 614 555 0199 MARLOWE CO ADMIN @003/003\n",
    "Apr 20 2021 4:05PM FROM: MARLOWE COUNTY ATTORNEY 614 555 0199 p.3\n",
])
def test_a_fax_transmission_line_over_the_signature_page_is_a_stamp(header):
    doc = _extract(MOU + "\n\n" + header + SIGNED)
    assert _roles(doc)["2021-04-20"] == "stamp"
    assert _value(doc, "effective_date") == "2021-04-09"
    assert "2021-04-20" not in _signature_dates(doc)


def test_a_recorders_stamp_is_a_stamp():
    doc = _extract("Recorded 07/22/2019 09:14 AM Marlowe County Recorder Instrument No. 2019-004471\n" + CONTRACT)
    assert _roles(doc)["2019-07-22"] == "stamp"
    assert _value(doc, "effective_date") == "2019-06-01"


def test_the_day_a_cited_text_was_last_amended_is_cited():
    doc = _extract(MOU.replace("under the terms below.", "in compliance with 28 C.F.R. Part 23, as amended through "
                                                          "January 1, 2020.") + SIGNED)
    assert _roles(doc)["2020-01-01"] == "cited"
    assert _value(doc, "effective_date") == "2021-04-09"


@pytest.mark.parametrize("text, own", [
    # guards for kinds handled before this round: codes, cited laws, superseded agreements, stamps, form expirations
    ("OMB No. 1651-0009\nExp. 06/30/2026\n\n" + MOU + SIGNED, "2021-04-09"),
    ("Case 2:21-cv-00455 Document 3 Filed 04/18/21 Page 1 of 4\n" + MOU + SIGNED, "2021-04-09"),
    ("DRAFT 3/4/2020\n" + CONTRACT, "2019-06-01"),
    (MOU.replace("Marlowe.", "Marlowe, consistent with Executive Order 12333 of December 4, 1981.") + SIGNED, "2021-04-09"),
    (CONTRACT.replace("LLC.", "LLC. It amends and restates the Services Agreement dated March 3, 2014."), "2019-06-01"),
    (MOU + SIGNED + "\nICE Form 73-027 Rev. 03/15/2024                    Page 3 of 3\n", "2021-04-09"),
])
def test_no_code_law_stamp_or_superseded_date_becomes_the_agreements_own(text, own):
    doc = _extract(text)
    assert _value(doc, "effective_date") == own
    assert _value(doc, "expiry_date") is None
    assert set(_signature_dates(doc)) <= {"2021-04-02", "2021-04-09", "2019-06-03"}
