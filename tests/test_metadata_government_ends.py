"""How government agreements word their end, as the sixth round of probes showed (issue 12), each on wording of its
own: a term that ends on "the earlier of" a party's termination or a stated day (and not where the other end is an
event), an end at a time of day ("until 11:59 p.m. on", "expires at midnight on") read through OCR slips, a labelled
"Explration Date:" beside the signatures (no signature date), a date the next words say the agreement ends on, a term
counted "after that date" from the signature named the sentence before, a start and an initial term in one
sentence, and a term through the end of a federal fiscal year (a bare fiscal year names no day); and the systems such
agreements name, which are no parties, and a full stop OCR set apart from its word."""
from __future__ import annotations

from extracted_text import extracted, field_value, party_names

_SIGNED = ("\nSTATE DEPARTMENT OF CORRECTIONS                  COUNTY SHERIFF'S OFFICE\n"
           "/s/ Lee Warden                                   /s/ Pat Sheriff\n"
           "Date: 02/03/2025                                 Date: 02/18/2025\n")


def test_the_earlier_of_a_termination_by_a_party_or_a_stated_day_ends_on_that_day():
    doc = extracted("INTERAGENCY AGREEMENT\n\nThis Agreement is effective March 1, 2025.\n\n"
                    "7. Term. This Agreement will terminate on the earlier of (i) its termination by either party in "
                    "accordance with Section 8, or (ii) June 30, 2030.\n" + _SIGNED)
    assert field_value(doc, "expiry_date") == "2030-06-30"


def test_the_earlier_of_an_event_or_a_stated_day_gives_no_expiry():
    # the other end is the project's own (it may come first): the end is not certain, so none is read
    doc = extracted("INTERAGENCY AGREEMENT\n\nThis Agreement is effective March 1, 2025.\n\n"
                    "7. Term. This Agreement will terminate on the earlier of (i) the completion of the bridge "
                    "inspection project, or (ii) June 30, 2030.\n" + _SIGNED)
    assert field_value(doc, "expiry_date") is None


def test_an_end_at_a_time_of_day_read_through_ocr_slips():
    doc = extracted("MEMORANDUM OF UNDERSTANDING\n\n4 . TERM . This MOU takes effect July 1, 2025 and shall remain in "
                    "force untll 11:59 p.m. on\nJune 3O, 2O27 , unless terminated earlier .\n" + _SIGNED)
    assert field_value(doc, "expiry_date") == "2027-06-30"
    assert field_value(doc, "effective_date") == "2025-07-01"


def test_an_agreement_that_expires_at_midnight_local_time_on_a_day():
    doc = extracted("MEMORANDUM OF AGREEMENT\n\nThis MOA is effective on the date of the last signature below and "
                    "expires at 12:00 midnight (local time) on December 31, 2028.\n" + _SIGNED)
    assert field_value(doc, "expiry_date") == "2028-12-31"
    assert field_value(doc, "effective_date") == "2025-02-18"


def test_ocr_read_effective_and_expiration_labels_beside_the_signatures_are_no_signature_dates():
    # read as signatures, the expiration's day would be the latest signature: the agreement's start
    doc = extracted("MEMORANDUM OF UNDERSTANDING\n\nThis MOU is effective upon signature of both parties.\n\n"
                    "Effectlve Date: 03/01/2025          Explration Date: 02/28/2O30\n\n"
                    "COUNTY SHERIFF'S OFFICE\n/s/ Pat Sheriff\nDate: 02/18/2025\n")
    assert field_value(doc, "effective_date") == "2025-02-18"
    assert field_value(doc, "expiry_date") == "2030-02-28"


def test_a_date_the_next_words_say_the_agreement_ends_on_is_its_expiry():
    doc = extracted("PILOT AGREEMENT\n\n3. This Agreement is effective on the date of the last signature below. "
                    "The exchange runs from the first test file until the close of the pilot on September 30, 2026, "
                    "at which time this Agreement expires.\n" + _SIGNED)
    assert field_value(doc, "expiry_date") == "2026-09-30"


def test_a_term_counted_after_that_date_from_the_signature_named_the_sentence_before():
    doc = extracted("DATA EXCHANGE AGREEMENT\n\n9. DURATION\nThis Agreement takes effect on the date of the last "
                    "signature below. It remains in effect for two (2) years after that date.\n" + _SIGNED)
    assert field_value(doc, "expiry_date") == "2027-02-18"


def test_a_start_and_an_initial_term_in_one_sentence_then_renewals():
    doc = extracted("MEMORANDUM OF AGREEMENT\n\n5. TERM. This MOA shall commence on April 1, 2025 and continue for "
                    "an initial term of two (2) years. It then renews for successive one-year terms unless either "
                    "party objects.\n" + _SIGNED)
    assert field_value(doc, "effective_date") == "2025-04-01"
    assert field_value(doc, "expiry_date") == "2027-04-01"


def test_a_term_through_the_end_of_a_federal_fiscal_year_ends_on_september_30():
    doc = extracted("MEMORANDUM OF UNDERSTANDING\n\n6. DURATION. This MOU is effective November 3, 2025 and remains in "
                    "effect through the end of Federal Fiscal Year 2028, unless ended sooner by either party.\n" + _SIGNED)
    assert field_value(doc, "expiry_date") == "2028-09-30"


def test_a_bare_fiscal_year_names_no_day():
    # a state's fiscal year may end on June 30 or August 31: no day is guessed
    doc = extracted("INTERAGENCY AGREEMENT\n\n6. DURATION. This Agreement is effective November 3, 2025 and remains in "
                    "effect through the end of Fiscal Year 2028.\n" + _SIGNED)
    assert field_value(doc, "expiry_date") is None


def test_the_systems_a_data_sharing_agreement_names_are_no_parties():
    doc = extracted("MEMORANDUM OF UNDERSTANDING\nBETWEEN\nTHE OREGON STATE POLICE\nAND\nTHE OREGON YOUTH AUTHORITY\n\n"
                    "The Oregon State Police and the Oregon Youth Authority enter into this MOU to exchange records "
                    "between the Law Enforcement Data System and the Juvenile Justice Information System.\n")
    found = party_names(doc)
    assert not [name for name in found if name.endswith("System")], found


def test_a_full_stop_ocr_set_apart_from_its_word_ends_the_sentence():
    # "4 Pa . Code" read with the stop apart: "4 Pa" is no party
    doc = extracted("MEMORANDUM OF UNDERSTANDING\nBETWEEN\nTHE PENNSYLVANIA DEPARTMENT OF AGING\nAND\n"
                    "THE PHILADELPHIA CORPORATION FOR AGING\n\n"
                    "1 . PURPOSE . The Department and the Corporation exchange protective services reports between "
                    "the Department's SAMS Database and the Corporation Data Warehouse .\n\n"
                    "2 . AUTHORITY . The Older Adults Protective Services Act , 35 P.S. § 10225.101 ; 6 Pa . Code "
                    "Chapter 15 .\n")
    found = party_names(doc)
    assert not [name for name in found if name[:1].isdigit()], found



def test_a_full_stop_ocr_set_apart_at_a_lines_end_ends_the_sentence():
    # "... and the Regional Data Warehouse ." / "3 . FUNDING .": the warehouse (a system) is no party, and no name runs on
    doc = extracted("MEMORANDUM OF AGREEMENT\nBETWEEN\nTHE OHIO DEPARTMENT OF HEALTH\nAND\nTHE FRANKLIN COUNTY BOARD OF HEALTH\n\n"
                    "2 . SCOPE . The parties share surveillance records between the county's case files and the Regional "
                    "Data Warehouse .\n\n3 . FUNDING . None .\n")
    found = party_names(doc)
    assert not [name for name in found if "Warehouse" in name or "FUNDING" in name], found
