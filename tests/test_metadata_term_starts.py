"""Where a term's length is counted from (issue 12, expiry): the start its sentence names before the length, a floor
that is no length, a term counted from an effective date the text never gives. Made-up text in the words commercial
contracts and government MOUs/MOAs use; one test per kind of clause."""
from __future__ import annotations

from extracted_text import extracted as _extract, field_value as _value

_CONTRACT = ('SUPPLY AGREEMENT\n\nThis Supply Agreement (this "Agreement") is entered into as of March 1, 2021 (the '
             '"Effective Date") by and between Alpha Widgets, Inc., a Delaware corporation ("Alpha"), and Beta Tools LLC, '
             'an Ohio limited liability company ("Beta").\n\n1. Supply. Alpha shall supply the Products to Beta.\n\n')
_MOU = ("MEMORANDUM OF UNDERSTANDING\nBETWEEN\nTHE DEPARTMENT OF EXAMPLES\nAND\nTHE COUNTY OF NOWHERE\n\n"
        "I. PURPOSE\nThe parties share case records under this MOU.\n\n")
_SIGNED = ("\n\nDEPARTMENT OF EXAMPLES\nBy: ________________\nDate: 04/02/2021\n\n"
           "COUNTY OF NOWHERE\nBy: ________________\nDate: 04/09/2021\n")


def test_a_term_that_commences_on_the_effective_date_and_extends_for_years_thereafter():
    doc = _extract(_CONTRACT + "7. Term. The initial term of this Agreement shall commence on the Effective Date and extend "
                               "for three (3) years thereafter (the \"Initial Term\"), with automatic renewal for "
                               "successive one (1) year periods unless either party gives notice of non-renewal.")
    assert _value(doc, "expiry_date") == "2024-03-01"


def test_a_period_beginning_on_the_effective_date_and_ending_years_thereafter():
    doc = _extract(_CONTRACT + "7. Term. Subject to earlier termination as provided herein, the initial term of this "
                               "Agreement shall be for a period beginning on the Effective Date and ending five (5) years "
                               "thereafter.")
    assert _value(doc, "expiry_date") == "2026-03-01"


def test_an_moa_that_commences_on_the_last_signature_and_extends_for_years_thereafter():
    doc = _extract(_MOU.replace("MEMORANDUM OF UNDERSTANDING", "MEMORANDUM OF AGREEMENT").replace("this MOU", "this MOA") +
                   "VI. DURATION\nThis MOA shall commence on the date of the last signature below and extend for a period "
                   "of three (3) years thereafter, unless extended by written modification." + _SIGNED)
    assert _value(doc, "expiry_date") == "2024-04-09"


def test_a_term_that_begins_on_a_delivery_has_no_expiry():
    doc = _extract(_CONTRACT + "7. Term. The term of this Agreement shall begin on the date of the first delivery of "
                               "Products to Beta and continue for five (5) years thereafter.")
    assert _value(doc, "expiry_date") is None


def test_an_mou_that_takes_effect_on_a_board_approval_has_no_expiry():
    doc = _extract(_MOU + "VI. EFFECTIVE DATE AND DURATION\nThis MOU shall be effective upon the approval of the County "
                          "Board of Supervisors and shall remain in effect for two (2) years thereafter." + _SIGNED)
    assert _value(doc, "expiry_date") is None


def test_a_term_of_not_less_than_some_years_is_a_floor_not_an_end():
    doc = _extract(_CONTRACT + "7. Term. This Agreement shall continue in effect for not less than three (3) years from the "
                               "Effective Date and thereafter until terminated by either party on ninety (90) days' notice.")
    assert _value(doc, "expiry_date") is None


def test_a_term_of_one_year_then_month_to_month_ends_on_the_first_anniversary():
    doc = _extract(_CONTRACT + "7. Term. This Agreement shall have a term of one (1) year from the Effective Date and shall "
                               "continue thereafter on a month-to-month basis until terminated by either party.")
    assert _value(doc, "expiry_date") == "2022-03-01"


def test_years_from_an_effective_date_the_mou_never_states_give_no_expiry():
    doc = _extract(_MOU + "VI. DURATION\nThis MOU shall remain in effect for three (3) years from its effective date, "
                          "unless terminated earlier by either party upon sixty (60) days written notice." + _SIGNED)
    assert _value(doc, "expiry_date") is None


def test_a_start_stated_as_a_date_before_the_length_counts_from_that_date():
    doc = _extract(_CONTRACT + "7. Term. The term of this Agreement shall commence on April 15, 2021 and continue for a period "
                               "of two (2) years thereafter.")
    assert _value(doc, "expiry_date") == "2023-04-15"


def test_an_mou_effective_on_countersignature_for_five_years_still_ends():
    doc = _extract(_MOU + "VI. DURATION\nThis MOU will become effective on the date of the County's countersignature and "
                          "will remain in effect for a period of five years from the date of the last signature." + _SIGNED)
    assert _value(doc, "expiry_date") == "2026-04-09"


def test_a_term_that_ends_on_the_last_day_of_the_month_of_an_anniversary():
    doc = _extract(_CONTRACT + "7. Term. The Term shall end on the last day of the month in which the third anniversary of "
                               "the Effective Date occurs, unless sooner terminated under Section 8.")
    assert _value(doc, "expiry_date") == "2024-03-31"


def test_an_agreement_that_will_end_on_the_last_day_of_the_month_of_its_fifth_anniversary():
    doc = _extract(_MOU.replace("this MOU", "this agreement") +
                   "VI. PERIOD OF AGREEMENT\nThis agreement is effective October 12, 2022 and will end on the last day of "
                   "the month in which the fifth anniversary of its effective date falls." + _SIGNED)
    assert _value(doc, "expiry_date") == "2027-10-31"


def test_a_floor_says_so_rather_than_naming_an_event():
    doc = _extract(_CONTRACT + "7. Term. This Agreement shall continue for a minimum period of twelve (12) months from the "
                               "Effective Date.")
    term = next(f for f in doc.fields if f.name == "term")
    assert _value(doc, "expiry_date") is None and "floor" in term.attributes["expiry"]


def test_a_start_on_the_day_something_else_happens_is_an_event():
    doc = _extract(_CONTRACT + "7. Term. This Agreement shall become effective on the date on which the Registration "
                               "Statement is declared effective by the Commission and shall continue for three (3) years.")
    assert _value(doc, "expiry_date") is None


def test_a_start_on_the_day_the_mou_is_signed_by_both_parties_is_known():
    doc = _extract(_MOU + "VI. DURATION\nThis MOU shall commence on the date on which it is signed by both parties and "
                          "continue for a period of two (2) years thereafter." + _SIGNED)
    assert _value(doc, "expiry_date") == "2023-04-09"


def test_the_period_of_this_agreement_from_the_last_signature_through_a_date():
    doc = _extract(_MOU.replace("this MOU", "this agreement") +
                   "VI. PERIOD OF AGREEMENT\nThe period of this agreement is from the date of the last signature through "
                   "September 30, 2025." + _SIGNED)
    assert _value(doc, "expiry_date") == "2025-09-30"


def test_an_moa_that_will_automatically_terminate_years_after_the_last_signature():
    doc = _extract(_MOU.replace("this MOU", "this MOA") + "VI. DURATION\nThis MOA will automatically terminate five (5) "
                   "years after the date of the last signature unless renewed by written modification." + _SIGNED)
    assert _value(doc, "expiry_date") == "2026-04-09"


def test_the_period_of_a_warranty_is_not_the_agreements():
    doc = _extract(_CONTRACT + "9. Warranty. The warranty period of the Products shall be two (2) years from delivery, "
                               "and the period of the warranty shall end on December 31, 2024.")
    assert _value(doc, "expiry_date") is None


def test_a_term_spelled_out_after_i_e_is_read_past_its_stops():
    doc = _extract(_CONTRACT + "7. Term. The term of this Agreement shall commence on the Effective Date and terminate at the "
                               "end of the Initial Period (i.e., a two (2) year period commencing on the Effective Date).")
    assert _value(doc, "expiry_date") == "2023-03-01"


def test_a_start_counted_from_the_effective_date_is_not_the_effective_date():
    doc = _extract(_CONTRACT + "7. Term. This Agreement shall remain in effect for a period of three (3) years commencing on "
                               "the first day of the month following the Effective Date.")
    assert _value(doc, "expiry_date") is None


def test_a_named_start_the_text_defines_as_an_event_gives_no_expiry():
    doc = _extract(_CONTRACT.replace("1. Supply.", '1.4 "Commencement Date" means the date on which Alpha first ships '
                                                   "Products to Beta.\n\n2. Supply.") +
                   "7. Term. This Agreement shall have a term of three (3) years commencing on the Commencement Date.")
    assert _value(doc, "expiry_date") is None


def test_a_named_start_defined_as_the_date_first_written_above_is_known():
    doc = _extract(_CONTRACT + '7. Term. The initial term of this Agreement shall be for 3 years commencing on the date first '
                               'set forth above (the "Commencement Date") and ending on the 3rd anniversary of the '
                               "Commencement Date.")
    assert _value(doc, "expiry_date") == "2024-03-01"
