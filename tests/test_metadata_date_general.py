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
