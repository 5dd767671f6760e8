"""Date rules for kinds of text, not for one file (issue 12, fourth generalisation round): each test is made-up text in
the shape commercial contracts and government agreements take."""
from __future__ import annotations

from extracted_text import date_roles as _roles, extracted as _extract, field_value as _value


def _values(doc, name: str) -> list[str]:
    return [f.normalized for f in doc.fields if f.name == name]


# --- effective dates ----------------------------------------------------------------------------

def test_a_document_named_in_capitals_made_effective_on_a_date_is_cited():
    doc = _extract("SUPPORT CONTRACT\n\nThis contract replaces the support annex of the original HARDWARE SUPPLY "
                   "CONTRACT, made effective on 12 May 2003.\n\n9. Term\nIt shall be effective on 1 July 2007 and shall "
                   "have a duration of three years.\n")
    assert _roles(doc)["2003-05-12"] == "cited"
    assert _value(doc, "effective_date") == "2007-07-01"
    assert _value(doc, "expiry_date") == "2010-07-01"


def test_dated_for_reference_is_the_agreements_own_date():
    doc = _extract("MINING SERVICES AGREEMENT\n\nTHIS AGREEMENT dated for reference the 9th day of March 2011.\n\n"
                   "BETWEEN:\n\nNORTH ROCK LTD.\n\nAND:\n\nPEAK DRILLING INC.\n")
    assert _value(doc, "effective_date") == "2011-03-09"


def test_effective_upon_completion_of_execution_takes_the_last_signature():
    doc = _extract("SERVICE AGREEMENT\n\nThis Agreement shall become effective upon the completion of the execution by "
                   "both Parties (the \"Effective Date\"). The term of the validity of this Agreement shall be one year "
                   "from the effective date.\n\nParty A: Blue Harbor Co., Ltd. /s/ Blue Harbor Co., Ltd. [signature "
                   "authenticated by the document depository on March 4, 2020]\nParty B: Red Cliff Co., Ltd. /s/ Red "
                   "Cliff Co., Ltd. [signature authenticated by the document depository on March 6, 2020]\n")
    assert sorted(_values(doc, "signature_date")) == ["2020-03-04", "2020-03-06"]
    assert _value(doc, "effective_date") == "2020-03-06"
    assert _value(doc, "expiry_date") == "2021-03-06"


# --- signature dates: only a signature block's ---------------------------------------------------

def test_a_cover_dated_line_is_not_a_signature_date():
    doc = _extract("Maintenance contract for billing modules\n\n          dated 10 October 2000\n\n"
                   "concluded between North Telecom a.s. and Sigma Ltd.\n")
    assert _values(doc, "signature_date") == []
    assert _value(doc, "effective_date") == "2000-10-10"


def test_a_dated_line_in_a_signature_block_is_a_signature_date():
    doc = _extract("AGREEMENT\n\nThe parties agree as follows.\n\nIN WITNESS WHEREOF the parties sign below.\n\n"
                   "By: ______________\nName: Pat Doe\ndated 4 May 2012\n")
    assert _values(doc, "signature_date") == ["2012-05-04"]


def test_a_date_after_signature_in_a_sentence_is_not_a_signature_date():
    doc = _extract("AGREEMENT\n\nThis Agreement becomes effective upon signature by both parties and continues "
                   "until terminated.\n\nMarch 3, 2015\n\nSchedule of rates follows.\n")
    assert _values(doc, "signature_date") == []
    assert all(f.attributes.get("basis") != "last_signature" for f in doc.fields if f.name == "effective_date")


def test_a_stamped_date_line_counts_only_beside_its_blocks_empty_date_field():
    block = "For the Agency:\nSignature: ______\nDate: ______\n"
    far = "\n".join(f"{i}. The parties shall cooperate on matter number {i} as described in the work plan." for i in range(12))
    doc = _extract("MEMORANDUM OF AGREEMENT\n\nApril 2, 2019\n\n" + far + "\n\n" + block)
    assert "2019-04-02" not in _values(doc, "signature_date")
    doc = _extract("MEMORANDUM OF AGREEMENT\n\n" + far + "\n\n" + block + "April 2, 2019\n")
    assert _values(doc, "signature_date") == ["2019-04-02"]


# --- expiry: only the agreement's own end ---------------------------------------------------------

_PREAMBLE = ("SUPPLY AGREEMENT\n\nThis Supply Agreement is entered into as of March 1, 2010 (the \"Effective Date\") by "
             "and between Alpha Corp. and Beta LLC.\n\n1. Supply. Alpha shall supply the Products.\n\n")


def test_a_term_said_of_something_under_the_agreement_is_not_its_term():
    for clause in ("7. Warranty. The warranty under this Agreement shall continue for a period of two (2) years from "
                   "the Effective Date.\n",
                   "8. Prices. The prices in this Agreement shall remain valid for six (6) months.\n",
                   "3. Grant. This Agreement grants a sublicense, which shall continue for five (5) years.\n",
                   "3. License. The License shall remain in effect for ten (10) years from the Effective Date.\n"):
        doc = _extract(_PREAMBLE + clause)
        assert _value(doc, "expiry_date") is None, clause
    doc = _extract(_PREAMBLE + "2. Term. This Agreement shall continue for a period of three (3) years from the "
                               "Effective Date.\n")
    assert _value(doc, "expiry_date") == "2013-03-01"


def test_a_date_on_which_something_else_expires_is_not_the_expiry():
    for clause, day in (("6. Option. The Option shall expire on June 30, 2012.\n", "2012-06-30"),
                        ("4. Premises. Alpha's lease of the premises expires on December 31, 2014.\n", "2014-12-31"),
                        ("Beta's insurance policy expires on May 1, 2011.\n", "2011-05-01"),
                        ("The pilot program under this Agreement shall run through September 30, 2010.\n", "2010-09-30"),
                        ("Phase 1 shall run from March 1, 2010 through June 30, 2010.\n", "2010-06-30")):
        doc = _extract(_PREAMBLE + clause)
        assert _value(doc, "expiry_date") is None, clause
        assert _roles(doc)[day] == "other", clause
    for clause in ("2. Term. This Agreement shall expire on February 28, 2013.\n",
                   "2. The agreement will terminate on February 28, 2013.\n",
                   "Expires: February 28, 2013\n"):
        assert _value(_extract(_PREAMBLE + clause), "expiry_date") == "2013-02-28", clause


def test_a_defined_service_period_is_not_the_agreements_end():
    doc = _extract(_PREAMBLE + "1.20 \"Transition Services\" shall mean services performed from the Effective Date of "
                               "Agreement through December 31, 2010.\n\n4. TERM. This Agreement shall continue for a period "
                               "of three (3) years.\n")
    assert _roles(doc)["2010-12-31"] == "other"
    assert _value(doc, "expiry_date") == "2013-03-01"


# --- one definition of "the value is a date" ---------------------------------------------------------

def test_a_value_is_a_date_only_when_it_is_one_date_and_nothing_else():
    from ingest.metadata.dates import single_date
    assert single_date("March 31, 2027.").isoformat() == "2027-03-31"
    assert single_date("1947-06-05", min_year=1600).isoformat() == "1947-06-05"
    assert single_date("Mail Stop C4-26-05") is None
    assert single_date("Form 2019-12") is None
    assert single_date("March 3, 2027 and April 4, 2027") is None
    assert single_date("expires March 3, 2027") is None


def test_a_date_under_a_signers_name_is_a_signature_date():
    doc = _extract("MEMORANDUM OF UNDERSTANDING\n\nThis MOU is effective upon signature by both parties.\n\n"
                   "_____________________\nJane Smith, Director\nDepartment of Parks\n03/02/2020\n\n"
                   "_____________________\nJohn Brown, Chief\nCounty of Elm\n03/10/2020\n")
    assert sorted(_values(doc, "signature_date")) == ["2020-03-02", "2020-03-10"]
    assert _value(doc, "effective_date") == "2020-03-10"


def test_effective_as_from_a_date_is_the_effective_date():
    doc = _extract("HOSTING AGREEMENT\n\nThis Hosting Agreement (hereinafter \"Agreement\") is effective as from the 1st day of "
                   "April, 2012, by and between Gamma S.A. and Delta Ltd.\n\nThe powers granted by the Board on the 3rd of "
                   "May, 2011 remain in force.\n")
    assert _value(doc, "effective_date") == "2012-04-01"


def test_a_document_named_with_its_parties_and_then_dated_is_cited():
    doc = _extract("[LETTERHEAD]\nMarch 9, 2011\n\nRe: Standstill Agreement\n\nAs you know, that certain letter agreement by "
                   "and between North Capital Partners LLC, a Delaware limited liability company\n(\"North\") and Lake "
                   "Holdings, Inc., a Delaware corporation (formerly Lake Group, Inc., \"Lake\"), dated June 6, 2009,\n"
                   "terminated on December 31, 2010. Lake agrees to deliver the information described below.\n\n"
                   "Very truly yours,\nLAKE HOLDINGS, INC.\nBy: /s/ Ann Lee\n")
    assert _roles(doc)["2009-06-06"] == "cited"
    assert _value(doc, "effective_date") != "2009-06-06"


def test_a_codes_section_numbers_are_not_dates():
    from ingest.metadata.dates import find_dates
    found = find_dates("the covenants covered by O.C.G.A. §§ 13-8-50 through 13-8-59, signed 3/4/2020")
    assert [d.value.isoformat() for d in found] == ["2020-03-04"]


def test_e_signed_dates_a_dozen_lines_below_the_blocks_empty_date_fields_are_signature_dates():
    doc = _extract("MEMORANDUM OF AGREEMENT\n\nThis MOA becomes effective upon signature of both parties.\n\n"
                   "For the Agency:\nDate:______________\nSignature:__________\nName:____________\nTitle:___________\n\n"
                   "For the Office:\nDate:______________\nSignature:__________\nName:____________\nTitle:___________\n"
                   "Pat Doe\nDigitally signed by Pat Doe\nDN: cn=Pat Doe, o=Example Police Department, ou=Office of the Chief,\n"
                   "email=pdoe@example.gov, c=US\nReason: I am the author of this document\nLocation: Example City\n"
                   "Contact: records@example.gov\nFoxit PDF Editor Version: 12.1.0\nSam Roe\nDigitally signed by Sam Roe\n"
                   "DN: cn=Sam Roe, o=Regional Office, ou=Operations,\nemail=sroe@example.gov, c=US\n"
                   "Reason: I have reviewed this document\nLocation: Regional Office, Example City\n"
                   "Contact: operations@example.gov\nFoxit PDF Editor Version: 12.1.0\n"
                   "Pat Doe\nChief\nExample Police Department\nMay 4, 2024 May 6, 2024\nSam Roe\nDirector\n")
    assert sorted(_values(doc, "signature_date")) == ["2024-05-04", "2024-05-06"]
    assert _value(doc, "effective_date") == "2024-05-06"


def test_the_end_of_a_span_that_starts_on_the_agreements_own_date_is_its_expiry():
    doc = _extract("JOINT VENTURE AGREEMENT\n\nThis JOINT VENTURE AGREEMENT (the \"Agreement\") made and entered into this "
                   "3rd day of May 2016, by and between Acorn Inc. and Birch LLC.\n\nThe Joint Venture is a fixed term "
                   "Joint Venture beginning May 3, 2016 and ending May 31st, 2017.\n")
    assert _value(doc, "expiry_date") == "2017-05-31"


def test_another_things_named_term_is_not_the_agreements():
    for clause in ("6. The Option Term shall expire two (2) years after the Effective Date.\n",
                   "4. Premises. The Initial Term of the Lease shall be five (5) years.\n",
                   "Beta's insurance policy No. 1234 expires on May 1, 2011.\n"):
        assert _value(_extract(_PREAMBLE + clause), "expiry_date") is None, clause
    doc = _extract(_PREAMBLE + "2. The term of the Agreement shall be four (4) years.\n")
    assert _value(doc, "expiry_date") == "2014-03-01"
