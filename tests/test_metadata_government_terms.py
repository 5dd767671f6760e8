"""Terms and dates in the words government MOUs and interagency agreements use (issue 12, generalisation round):
made-up text, one test per rule."""
from __future__ import annotations

from ingest.metadata.dates import find_dates
from extracted_text import extracted as _extract, field_value as _value

_HEAD = "MEMORANDUM OF UNDERSTANDING\nBETWEEN\nTHE DEPARTMENT OF EXAMPLES\nAND\nTHE STATE OF NOWHERE\n\n"
_SIGNED = "\n\nDate: 06/01/2020\nDate: 06/15/2020\n"


def test_this_agreement_in_lower_case_is_the_subject_of_its_term():
    doc = _extract(_HEAD + "This agreement will remain in effect for a period of five years from the date of final "
                           "signature." + _SIGNED)
    assert _value(doc, "effective_date") == "2020-06-15"
    assert _value(doc, "expiry_date") == "2025-06-15"


def test_the_agreement_in_lower_case_is_not_taken_for_this_one():
    doc = _extract(_HEAD + "This MOU is effective upon signature." + _SIGNED + "\nThe State shares the data it "
                           "holds under the agreement, which will remain in effect for two years.\n")
    assert _value(doc, "expiry_date") is None


def test_expires_a_number_of_years_thereafter_is_the_term():
    doc = _extract(_HEAD + "This MOU shall become effective on the date of the last signature and shall expire five "
                           "(5) years thereafter." + _SIGNED)
    assert _value(doc, "expiry_date") == "2025-06-15"


def test_a_period_that_runs_thereafter_after_a_notice_is_no_term():
    doc = _extract(_HEAD + "This MOU is effective upon signature. Either party may give notice, and the MOU shall "
                           "terminate thirty (30) days thereafter." + _SIGNED)
    assert _value(doc, "expiry_date") is None


def test_a_document_noun_with_a_colon_labels_a_date_not_a_code():
    assert [d.value.isoformat() for d in find_dates("Period of Agreement: 10/01/2024 to 09/30/2029")] == \
        ["2024-10-01", "2029-09-30"]
    assert find_dates("Contract 07-12-15 covers") == []
    assert find_dates("Agreement # 07-12-15") == []
    doc = _extract("INTERAGENCY AGREEMENT\n\nPeriod of Agreement: 10/01/2024 to 09/30/2029\n\nThe parties agree as "
                   "follows.\n")
    assert (_value(doc, "effective_date"), _value(doc, "expiry_date")) == ("2024-10-01", "2029-09-30")


def test_signed_this_day_lines_are_signature_dates():
    doc = _extract(_HEAD + "This MOU becomes effective upon signature by both parties.\n\nSigned this 3rd day of June, "
                           "2018.\n\nSigned this 12th day of June, 2018.\n")
    assert {f.normalized for f in doc.fields if f.name == "signature_date"} == {"2018-06-03", "2018-06-12"}
    assert _value(doc, "effective_date") == "2018-06-12"


def test_consecutive_years_are_a_term():
    doc = _extract(_HEAD + "This MOU shall commence on July 1, 2021 and continue for a period of three (3) consecutive "
                           "years.\n")
    assert _value(doc, "expiry_date") == "2024-07-01"
