"""Dates of kinds of government agreements the fifth round of probes showed (issue 12), each on wording of its own:
an amendment that moves the expiration date "from X to Y", an intergovernmental agreement effective "on the date it
has been signed by all parties", a letter that states an intent only, a scanned page's OCR slips in a date and in
"until", an agreement's own period of performance, a term that ends with a named period defined apart; and the parties
the same probes showed (a cited law, a cited compact, a system)."""
from __future__ import annotations

from ingest.metadata.dates import find_dates
from extracted_text import extracted, field_value


def test_an_amendment_extending_the_expiration_date_from_one_day_to_another_gives_the_new_day_as_expiry():
    doc = extracted("MODIFICATION NO. 2\nTO THE MEMORANDUM OF UNDERSTANDING\nBETWEEN THE IDAHO DEPARTMENT OF LANDS\n"
                    "AND THE IDAHO DEPARTMENT OF WATER RESOURCES\n\n"
                    "The parties hereby agree to extend the expiration date of the MOU from December 31, 2024 to "
                    "December 31, 2026. All other provisions remain in force.\n\n"
                    "This Modification is effective upon the date of the last signature.\n\n"
                    "IDAHO DEPARTMENT OF LANDS          Date: 11/04/2024\n"
                    "IDAHO DEPARTMENT OF WATER RESOURCES Date: 11/12/2024\n")
    # the old end is neither a start nor the end now
    assert field_value(doc, "expiry_date") == "2026-12-31"
    assert field_value(doc, "effective_date") == "2024-11-12"


def test_a_permissive_extension_moves_no_end():
    doc = extracted("MEMORANDUM OF AGREEMENT\n\nThis MOA is effective July 1, 2024 and expires June 30, 2026. The "
                    "parties may extend the expiration date from June 30, 2026 to a later day by a written amendment.\n")
    assert field_value(doc, "expiry_date") == "2026-06-30"


def test_an_agreement_effective_when_signed_by_all_parties_takes_the_last_signature_not_a_cover_letters_date():
    doc = extracted("Department of Transportation\nContracts Office\n\nMarch 14, 2023\n\nCity of Salem\n\n"
                    "Enclosed is your executed copy of the agreement.\n",
                    "INTERGOVERNMENTAL AGREEMENT\nBETWEEN THE DEPARTMENT OF TRANSPORTATION AND THE CITY OF SALEM\n\n"
                    "1. This Agreement becomes effective on the date it has been signed by all parties and expires on "
                    "June 30, 2025.\n\n"
                    "CITY OF SALEM: /s/ City Manager           Date: 3/2/2023\n"
                    "DEPARTMENT OF TRANSPORTATION: /s/ Director Date: 3/9/2023\n")
    assert field_value(doc, "effective_date") == "2023-03-09"


def test_a_letter_that_states_an_intent_only_has_no_effective_date():
    body = ("Dear Director Alvarez:\n\nThe County states its intent to join the regional records exchange once "
            "the State opens it to counties.\n\n")
    intent_only = extracted("COUNTY OF MARIN\nOffice of the County Administrator\n\nMay 2, 2025\n\nDirector Alvarez\n"
                            "State Records Office\n\n" + body +
                            "This letter expresses our intent only; it is not a contract.\n\nSincerely,\nCounty "
                            "Administrator\n")
    letter_agreement = extracted("COUNTY OF MARIN\nOffice of the County Administrator\n\nMay 2, 2025\n\nDirector "
                                 "Alvarez\nState Records Office\n\n" + body + "Sincerely,\nCounty Administrator\n")
    assert field_value(intent_only, "effective_date") is None
    assert field_value(letter_agreement, "effective_date") == "2025-05-02"     # the rule asks for the words


def test_ocr_slips_in_a_month_and_in_until_are_read_through():
    assert [d.value.isoformat() for d in find_dates("effective 0ctober 15, 2O24.")] == ["2024-10-15"]
    doc = extracted("MEMORANDUM OF UNDERSTANDING\n\nThis MOU is effective 0ctober 15, 2O24 and shall remain in effect "
                    "unti1 October 14, 2029.\n")
    assert (field_value(doc, "effective_date"), field_value(doc, "expiry_date")) == ("2024-10-15", "2029-10-14")


def test_the_period_of_performance_of_the_agreement_itself_is_its_term():
    own = extracted("INTERAGENCY AGREEMENT\nBETWEEN THE DEPARTMENT OF ENERGY AND THE NATIONAL SCIENCE FOUNDATION\n\n"
                    "3. The period of performance for this Agreement is January 1, 2026 through December 31, 2027.\n")
    assert (field_value(own, "effective_date"), field_value(own, "expiry_date")) == ("2026-01-01", "2027-12-31")
    # a task's or an award's period said bare stays a period of performance: its end is no expiry
    task = extracted("INTERAGENCY AGREEMENT\n\nThe period of performance for Task 2 is January 1, 2026 through "
                     "December 31, 2027.\n")
    assert field_value(task, "expiry_date") is None


# --- parties the same probes showed: a cited law, a cited compact and a system are no parties ---

def test_a_cited_law_a_cited_compact_and_a_system_are_no_parties():
    from extracted_text import party_names
    doc = extracted("DATA EXCHANGE AGREEMENT\nBETWEEN THE KANSAS DEPARTMENT OF LABOR\nAND THE KANSAS BOARD OF REGENTS\n\n"
                    "Under the Midwestern Higher Education Compact, the Kansas Department of Labor (\"KDOL\") and the "
                    "Kansas Board of Regents (\"KBOR\") agree as follows. KBOR will protect the records as the Family "
                    "Educational Rights and Privacy Act requires. Records move through the KDOL Wage Data Hub.\n")
    found = party_names(doc)
    assert not [n for n in found if n.endswith(("Act", "Compact", "Hub"))], found
    assert len(found) == 2, found


def test_a_term_that_ends_with_a_named_period_ends_when_that_period_does():
    counted = extracted("MEMORANDUM OF AGREEMENT\n\n2. This MOA is effective July 15, 2025.\n3. The demonstration period "
                        "begins on the effective date and ends eighteen (18) months thereafter. This MOA terminates at "
                        "the end of the demonstration period.\n")
    assert field_value(counted, "expiry_date") == "2027-01-15"
    dated = extracted("DATA SHARING AGREEMENT\n\nThis Agreement is effective March 1, 2026 and ends at the close of the "
                      "Study Period.\n\n\"Study Period\" means the period beginning on the Effective Date and ending on "
                      "February 28, 2028.\n")
    assert field_value(dated, "expiry_date") == "2028-02-28"
    # a period that begins on something else (an award) is not the agreement's: no end
    other = extracted("MEMORANDUM OF AGREEMENT\n\nThis MOA is effective July 15, 2025 and terminates at the end of the "
                      "grant period. The grant period begins on the date of the award and ends on June 30, 2027.\n")
    assert field_value(other, "expiry_date") is None
