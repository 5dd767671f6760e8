"""Date roles, effective and expiry dates on the shapes real agreements use (issue 12's failure list)."""
from __future__ import annotations

from corpus.document import Document, Page
from ingest.metadata import extract_metadata
from ingest.metadata.dates import find_dates


def _extract(*pages: str) -> Document:
    doc = Document(source_path="a.txt", filename="a.txt", pages=[Page(i + 1, t) for i, t in enumerate(pages)])
    extract_metadata(doc)
    return doc


def _one(doc: Document, name: str):
    return next((f for f in doc.fields if f.name == name), None)


def _roles(doc: Document) -> dict[str, str]:
    return {f.normalized: f.attributes["role"] for f in doc.fields if f.name == "date"}


def test_digits_inside_codes_are_never_dates():
    assert find_dates("Mail Stop C4-26-05, Washington, DC") == []
    assert find_dates("submit DHS Form.32691 to the office") == []
    assert find_dates("Case No. 4-12-2019 was closed") == []
    assert [d.value.isoformat() for d in find_dates("signed on 3/5/2025.")] == ["2025-03-05"]


def test_dates_that_are_not_the_agreements_own_get_their_role_and_are_never_effective():
    doc = _extract("""MEMORANDUM OF UNDERSTANDING
Received by the Clerk of the House on March 3, 1998
Filed 01/18/19
DRAFT 2/2/2017
This MOU supersedes the MOU dated June 1, 2010.
Records are released under the Freedom of Information Act of July 4, 1966, as amended.
OMB No. 1234-5678 Expiration Date: 12/31/2026
The period of performance is October 1, 2024 through September 30, 2025.
""")
    roles = _roles(doc)
    assert roles["1998-03-03"] == "stamp" and roles["2019-01-18"] == "stamp"
    assert roles["2017-02-02"] == "draft"
    assert roles["2010-06-01"] == "superseded"
    assert roles["1966-07-04"] == "cited"
    assert roles["2026-12-31"] == "form_expiration"
    assert roles["2024-10-01"] == "performance_start" and roles["2025-09-30"] == "performance_end"
    # the start of the performance period is the effective date; nothing else is used
    assert _one(doc, "effective_date").normalized == "2024-10-01"
    assert _one(doc, "effective_date").attributes["basis"] == "performance_start"
    assert _one(doc, "expiry_date") is None
    assert not [f for f in doc.fields if f.name == "signature_date"]


def test_no_stated_date_stays_unknown():
    doc = _extract("MEMORANDUM OF UNDERSTANDING\nThe Privacy Act of 1974, 5 U.S.C. 552a, of December 31, 1974 applies.\n")
    assert _one(doc, "effective_date") is None


def test_explicit_effective_and_expires_lines():
    doc = _extract("INTERAGENCY AGREEMENT\nEffective: October 1, 2024\nExpires: September 30, 2027\n")
    assert _one(doc, "effective_date").normalized == "2024-10-01"
    expiry = _one(doc, "expiry_date")
    assert expiry.normalized == "2027-09-30" and expiry.attributes["computed_from"] == "stated"


def test_expires_on_in_a_sentence():
    doc = _extract("AGREEMENT\nThis Agreement is effective on January 2, 2025 and expires on March 3, 2027.\n")
    assert _one(doc, "effective_date").normalized == "2025-01-02"
    assert _one(doc, "expiry_date").normalized == "2027-03-03"


def test_effective_upon_signature_is_the_latest_signature_with_the_rule_shown():
    doc = _extract("AGREEMENT\nThis Agreement becomes effective upon signature by both parties.\n"
                   "It shall remain in effect for three (3) years from the effective date.\n",
                   "Name: Jane Roe\nTitle: Director\nDate: March 3, 2025\n\nName: John Doe\nTitle: Sheriff\nDate: 3/10/2025\n")
    effective = _one(doc, "effective_date")
    assert effective.normalized == "2025-03-10" and "signature" in effective.attributes["rule"]
    expiry = _one(doc, "expiry_date")
    assert expiry.normalized == "2028-03-10" and expiry.attributes["rule"].startswith("3 years from the ")


def test_until_terminated_is_open_ended():
    doc = _extract("AGREEMENT\nThis Agreement is effective as of May 1, 2024 and shall remain in effect until terminated "
                   "by either party upon 30 days written notice.\n")
    assert _one(doc, "expiry_date") is None
    assert _one(doc, "term").attributes["until_terminated"] is True


def test_an_amendment_takes_its_own_date_not_the_originals():
    doc = _extract("AMENDMENT NO. 1\nThis Amendment to the Memorandum of Agreement dated June 1, 2020 is effective "
                   "as of March 1, 2025.\n")
    assert _one(doc, "effective_date").normalized == "2025-03-01"
    assert _roles(doc)["2020-06-01"] == "cited"


def test_a_cited_case_or_letter_date_is_no_signature_or_effective_date():
    doc = _extract("AGREEMENT\nAs decided by the Board in Case No. DR-119 (dated May 3, 2007) and the letter from "
                   "counsel dated May 10, 1999, the parties agree.\n")
    roles = _roles(doc)
    assert roles["2007-05-03"] == "cited" and roles["1999-05-10"] == "cited"
    assert _one(doc, "effective_date") is None
    assert not [f for f in doc.fields if f.name == "signature_date"]
