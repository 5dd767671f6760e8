"""Date rules for kinds of text (issue 12, fifth round): a testimonium that dates this agreement, a heading's
"Effective Dates:" label, a cited document whose long name runs past four words, and a page footer's counter over its
month that is no date. Each test is made-up text in the shape commercial contracts and NDAs take."""
from __future__ import annotations

from extracted_text import date_roles as _roles, extracted as _extract, field_value as _value


def _values(doc, name: str) -> list[str]:
    return [f.normalized for f in doc.fields if f.name == name]


def test_a_testimonium_executing_this_named_agreement_as_of_a_date_dates_it():
    # a one-paragraph filing agreement has no preamble date: its testimonium names itself ("this Joint Filing
    # Agreement") and dates the execution; the document it names is this one, not one it cites
    doc = _extract("JOINT FILING AGREEMENT\n\nThe undersigned agree to file jointly any statement on Schedule 13D "
                   "with respect to the shares of Harbor Pipeline LP. This Agreement shall remain in full force and "
                   "effect until revoked by any party hereto in a signed writing.\n\nIN WITNESS WHEREOF, the undersigned "
                   "hereby execute this Joint Filing Agreement as of March 3, 2021.\n\nNORTHFIELD CAPITAL LP\n"
                   "By: /s/ Ann Lee\nName: Ann Lee\n")
    assert _roles(doc)["2021-03-03"] == "effective"
    assert _value(doc, "effective_date") == "2021-03-03"
    assert _value(doc, "expiry_date") is None


def test_another_named_agreement_as_of_a_date_is_still_cited():
    doc = _extract("SIDE LETTER\n\nReference is made to the Joint Filing Agreement as of March 3, 2021 among the "
                   "holders.\n")
    assert _roles(doc)["2021-03-03"] == "cited"
    assert _value(doc, "effective_date") is None


def test_an_effective_dates_label_under_the_heading_gives_the_start():
    doc = _extract("River Cable and Brightline Media Programming Agreement\n\nEffective Dates: March 1, 2008, "
                   "February 28, 2009\n\nBrightline agrees to deliver two half-hour programmes each week.\n")
    assert _roles(doc)["2008-03-01"] == "effective"
    assert _value(doc, "effective_date") == "2008-03-01"


def test_a_cited_agreement_with_a_long_name_keeps_its_date():
    # "a Covenant Not to Compete and Non-Disclosure Agreement dated as of ...": seven words between the article and
    # the noun; the date is that older agreement's, and this one states none of its own
    doc = _extract("AMENDMENT AGREEMENT\n\nRECITALS\n\nA. Employee and Westbrook are parties to a Covenant Not to "
                   "Compete and Non-Disclosure Agreement dated as of May 2, 2011 (the \"Prior Agreement\").\n\n"
                   "B. The parties wish to amend the Prior Agreement as set out below.\n")
    assert _roles(doc)["2011-05-02"] == "cited"
    assert _value(doc, "effective_date") is None


def test_a_page_counter_over_a_footer_month_is_no_date():
    # a form's footer as text extraction leaves it: the attachment's name, the page number on a line of its own, the
    # form's month and year; after an unfilled signature block it must not become a signature or effective date
    doc = _extract("NONDISCLOSURE AGREEMENT\n\nThe Recipient shall hold the Confidential Information in trust.\n\n"
                   "RECIPIENT: DISCLOSER:\nBy: By:\nPrint Name: Print Name:\nDate: Title:\nDate:\nAttachment D\n3\n"
                   "June 2016\n7. Confidential Information shall not be reproduced.\n")
    assert _values(doc, "signature_date") == []
    assert _value(doc, "effective_date") is None


def test_a_day_written_on_the_line_above_its_month_is_still_a_date():
    doc = _extract("LEASE AGREEMENT\n\nThis Lease is made this 5th\nday of June, 2016 between Pine Realty LLC and "
                   "Oak Stores Inc.\n")
    assert _value(doc, "effective_date") == "2016-06-05"


def test_an_ordinal_day_in_capitals_is_read():
    # preambles and testimonia set in capitals write the ordinal in capitals too: "the 14TH day of MAY 2003"
    doc = _extract("MUTUAL CONFIDENTIALITY AGREEMENT\n\nThe parties agree to keep each other's information "
                   "confidential.\n\nIN WITNESS WHEREOF, the Parties hereto have executed this Agreement as of the 14TH "
                   "day of May 2003.\n\nGRANITE ENERGY, INC.\nBy: /s/ J. Ruiz\n")
    assert _value(doc, "effective_date") == "2003-05-14"
