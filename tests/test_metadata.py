"""Metadata extraction: dates, terms, FOIA stamps, restricted flags, PII counts, evidence, relations, reextract."""
from __future__ import annotations

import logging
from datetime import date

import pytest
from click.testing import CliRunner

from corpus.document import Document, Page
from corpus.documents import document_record, load_document, save_document
from ingest.metadata import extract_metadata, nlp
from ingest.metadata.dates import add_duration, find_dates, parse_date, Duration
from ingest.relations import link_document

AGREEMENT = """MEMORANDUM OF AGREEMENT
BETWEEN
U.S. IMMIGRATION AND CUSTOMS ENFORCEMENT
AND
THE STATE OF OHIO DEPARTMENT OF PUBLIC SAFETY

This Memorandum of Agreement ("MOA") is entered into by and between U.S. Immigration and Customs Enforcement (ICE) and the Ohio Department of Public Safety (ODPS), collectively the "Parties." This MOA is effective as of the 5th day of March, 2025.
1. PURPOSE
Under this Agreement, U.S. Immigration and Customs Enforcement will provide the Ohio Department of Public Safety with crash data. The Ohio Department of Public Safety will not provide information to U.S. Immigration and Customs Enforcement under this Agreement.
2. AUTHORITY
This MOA is entered into under 6 U.S.C. § 112 and 8 C.F.R. § 287.5 and the Privacy Act of 1974.
3. TERM
This MOA shall remain in effect for three (3) years and may be renewed by mutual written agreement of the Parties.
"""
SIGNATURES = """IN WITNESS WHEREOF, the Parties have signed this Agreement.
On behalf of U.S. Immigration and Customs Enforcement:
________________________________
Name: Jane Q. Roe
Title: Acting Director
Date: March 3, 2025

________________________________
John Smith, Director
Ohio Department of Public Safety
Date: 3/4/2025
"""


def _doc(*texts: str, name: str = "a.pdf", sha: str = "a") -> Document:
    doc = Document(source_path=f"/in/{name}", filename=name, sha256=sha * 64, size=10, mime="application/pdf")
    doc.pages = [Page(i + 1, t) for i, t in enumerate(texts)]
    return doc


def _fields(doc: Document, name: str):
    return [f for f in doc.fields if f.name == name]


@pytest.fixture(scope="session")
def spacy_pipeline():
    """spaCy is loaded at most once in the test session."""
    return nlp.pipeline()


@pytest.mark.parametrize("text, expected", [
    ("the 5th day of March, 2025", date(2025, 3, 5)),
    ("March 5, 2025", date(2025, 3, 5)),
    ("3/5/2025", date(2025, 3, 5)),
    ("5 March 2025", date(2025, 3, 5)),
    ("Marcb 5, 2O25", date(2025, 3, 5)),      # OCR damage
    ("Sept. 1 ,2019", date(2019, 9, 1)),
    ("dated 2019-10-15.", date(2019, 10, 15)),
    ("in Section 1.2 and 3.4.5", None),
])
def test_date_parsing(text, expected):
    assert parse_date(text) == expected


def test_dates_are_found_with_their_offsets():
    text = "Signed on March 5, 2025 and again on 4/1/2025."
    found = find_dates(text)
    assert [d.value for d in found] == [date(2025, 3, 5), date(2025, 4, 1)]
    assert [text[d.start:d.end] for d in found] == ["March 5, 2025", "4/1/2025"]


def test_duration_arithmetic():
    assert add_duration(date(2024, 2, 29), Duration(1, "years")) == date(2025, 2, 28)
    assert add_duration(date(2025, 1, 31), Duration(1, "months")) == date(2025, 2, 28)


def test_agreement_fields_with_evidence():
    doc = _doc(AGREEMENT, SIGNATURES)
    extract_metadata(doc)
    assert doc.title.startswith("MEMORANDUM OF AGREEMENT BETWEEN")
    assert _fields(doc, "kind_hint")[0].normalized == "moa"
    assert _fields(doc, "effective_date")[0].normalized == "2025-03-05"
    term = _fields(doc, "term")[0]
    assert term.normalized == "3 years" and "renew" in term.attributes["renewal"]
    assert _fields(doc, "expiry_date")[0].normalized == "2028-03-05"
    assert {f.normalized for f in _fields(doc, "signature_date")} == {"2025-03-03", "2025-03-04"}
    signatories = {f.value: f.attributes["title"] for f in _fields(doc, "signatory")}
    assert signatories == {"Jane Q. Roe": "Acting Director", "John Smith": "Director"}
    authorities = {f.normalized for f in _fields(doc, "authority")}
    assert {"6 U.S.C. § 112", "8 C.F.R. § 287.5", "Privacy Act of 1974"} <= authorities
    parties = {f.normalized for f in _fields(doc, "party")}
    assert {"immigration and customs enforcement", "ohio department of public safety"} <= parties
    assert _fields(doc, "data_direction")[0].normalized == "outbound"
    # every value's evidence points at text containing it
    pages = {p.number: p.text for p in doc.pages}
    for f in doc.fields:
        if f.name in ("party", "signatory", "authority", "effective_date", "signature_date", "term", "title"):
            span = pages[f.evidence.page][f.evidence.start:f.evidence.end]
            assert " ".join(f.value.split()).lower() in " ".join(span.split()).lower(), (f.name, f.value, span)


def test_until_terminated_has_no_expiry():
    doc = _doc("This MOU is effective as of May 1, 2020. This MOU will remain in effect until terminated by either "
               "Party upon thirty (30) days' written notice.")
    extract_metadata(doc)
    term = _fields(doc, "term")[0]
    assert term.attributes["until_terminated"] and term.attributes["expiry"] == "until terminated"
    assert not _fields(doc, "expiry_date")


def test_term_from_last_signature():
    doc = _doc("This MOA shall become effective upon the date of the last signature and shall remain in effect for "
               "two (2) years from the date of the last signature.\nDate: June 1, 2021\nDate: 6/15/2021")
    extract_metadata(doc)
    assert _fields(doc, "effective_date")[0].normalized == "2021-06-15"
    assert _fields(doc, "expiry_date")[0].normalized == "2023-06-15"


def test_scan_with_foia_stamps_counts_codes():
    # what OCR makes of a released page: stamps with spacing and case noise
    page = ("Point of contact: (b)(6); (b)(7)(C)\nPhone: (b) (6), (7)(C)\nCase agent (b)(6) (b)(7)(c)\n"
            "Methods: (b)(7)(E)\nDeliberations (b)(5)\nAuthority: 8 U.S.C. § 1225(b)(1) and 1357(g)(1)\n")
    doc = _doc(page, "Second page (b)(6)")
    extract_metadata(doc)
    counts = {f.normalized: f.attributes["count"] for f in _fields(doc, "foia_code")}
    assert counts == {"(b)(5)": 1, "(b)(6)": 4, "(b)(7)(C)": 3, "(b)(7)(E)": 1}


def test_grand_jury_and_other_restricted_material_is_flagged():
    doc = _doc("Information obtained through the grand jury is subject to Rule 6(e). Trade secrets are excluded. "
               "Asylum records (8 C.F.R. § 208.6) are not shared.")
    extract_metadata(doc)
    flags = {f.normalized for f in _fields(doc, "restricted_flag")}
    assert {"grand_jury", "trade_secret", "asylum"} <= flags
    assert "title_iii" not in flags


def test_pii_is_counted_never_copied():
    doc = _doc("Subject: DOB: 01/02/1980, SSN 123-45-6789, A123456789; second subject SSN 987-65-4320.")
    extract_metadata(doc)
    pii = {f.normalized: f.value for f in _fields(doc, "pii_count")}
    assert pii == {"ssn": "2", "a_number": "1", "dob": "1"}
    assert not any("123-45-6789" in (f.value + str(f.attributes)) for f in _fields(doc, "pii_count"))


def test_287g_agency_state_and_model():
    text = ("MEMORANDUM OF AGREEMENT\n287(g) Task Force Model\nThis Memorandum of Agreement (MOA) constitutes an "
            "agreement between United States Immigration and Customs Enforcement (ICE), a component of the Department "
            "of Homeland Security (DHS), and the Etowah County Sheriff's Office (ECSO), pursuant to which ICE delegates "
            "to nominated, trained, and certified officers the authority to perform immigration officer functions.")
    doc = _doc(text)
    extract_metadata(doc)
    assert _fields(doc, "agency")[0].value == "Etowah County Sheriff's Office"
    assert _fields(doc, "state")[0].normalized == "Alabama"      # the only Etowah County is in Alabama
    assert _fields(doc, "program_model")[0].normalized == "Task Force Model"
    assert _fields(doc, "kind_hint")[0].normalized == "287g"


def test_missing_spacy_model_degrades_to_rules(monkeypatch, caplog):
    def missing(name):
        raise OSError(f"[E050] Can't find model '{name}'")
    monkeypatch.setattr(nlp, "_load_model", missing)
    nlp.pipeline.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="accord.metadata"):
            assert nlp.entities("Acme Corporation signed.") == []
            doc = _doc("just some words without any parties at all", "IN WITNESS WHEREOF\nsomeone")
            extract_metadata(doc)
        assert "rules only" in caplog.text
    finally:
        nlp.pipeline.cache_clear()


@pytest.mark.model
def test_spacy_finds_organisations_when_rules_do_not(spacy_pipeline):
    if spacy_pipeline is None:
        pytest.skip("spaCy model not installed")
    labels = {label for _s, _e, label, _t in nlp.entities("Acme Corporation and Globex Inc. met in Paris.")}
    assert "ORG" in labels


def _store_doc(store, text: str, name: str, sha: str) -> int:
    doc = _doc(text, SIGNATURES, name=name, sha=sha)
    extract_metadata(doc)
    doc_id, _ = save_document(store, doc)
    return doc_id


def test_amendment_is_linked_to_its_parent(store):
    parent = _store_doc(store, AGREEMENT, "moa.pdf", "a")
    amendment = _store_doc(store, AGREEMENT.replace("MEMORANDUM OF AGREEMENT\nBETWEEN", "AMENDMENT NO. 1\nTO THE MEMORANDUM "
                                                    "OF AGREEMENT\nBETWEEN", 1)[:400]
                           + "\nThis Amendment modifies the Memorandum of Agreement effective as of March 5, 2025 "
                             "between the Parties. Section 3 is replaced.", "amendment.pdf", "b")
    links = link_document(store, amendment)
    assert ("amends", parent) in links
    record = document_record(store, amendment)
    assert any(r["type"] == "amends" and r["id"] == parent for r in record["related"])


def test_near_duplicate_found_through_the_persisted_lsh(store):
    from ingest import relations
    original = _store_doc(store, AGREEMENT, "moa.pdf", "a")
    assert link_document(store, original) == []
    relations._indexes.clear()               # a new process: the LSH is rebuilt from stored signatures
    rescanned = _store_doc(store, AGREEMENT.replace("shall remain", "will remain") + "\nPage 1 of 1", "scan.pdf", "c")
    unrelated = _store_doc(store, "LETTER OF INTENT\n" + " ".join(f"word{i}" for i in range(300)), "loi.pdf", "d")
    assert ("near_duplicate_of", original) in link_document(store, rescanned)
    assert link_document(store, unrelated) == []


def test_reextract_updates_fields_and_record(config, store):
    from web.commands.metadata import reextract
    from web.services import Services
    doc = _doc(AGREEMENT, SIGNATURES)            # stored without metadata, as an old extractor would have
    doc_id, _ = save_document(store, doc)
    services = Services(config)
    try:
        result = CliRunner().invoke(reextract, ["--id", str(doc_id)], obj=services)
        assert result.exit_code == 0, result.output
    finally:
        services.close()
    stored = load_document(store, doc_id)
    assert stored.title.startswith("MEMORANDUM OF AGREEMENT")
    record = document_record(store, doc_id)
    assert record["effective_date"]["value"] == "2025-03-05"
    assert record["effective_date"]["evidence"]["page"] == 1
    assert record["expiry_date"]["value"] == "2028-03-05"
    assert any(p["name"].startswith("Ohio Department of Public Safety") for p in record["parties"])
    assert {s["name"] for s in record["signatories"]} == {"Jane Q. Roe", "John Smith"}


def test_letter_parties_come_from_letterhead_and_address_block():
    doc = _doc("U.S. Department of Homeland Security\nTransportation Security Administration\n19 February 2022\n"
               "Deputy Director\nNational Police of the Republic of Honduras\nLETTER OF INTENT\nDear Deputy Director:\n"
               "This Letter of Intent expresses the intention of the Transportation Security Administration and the "
               "National Police of the Republic of Honduras to cooperate. This Letter of Intent takes effect on 9 March 2022.")
    extract_metadata(doc)
    assert {f.value for f in _fields(doc, "party")} == {"Transportation Security Administration",
                                                        "National Police of the Republic of Honduras"}
    assert _fields(doc, "effective_date")[0].normalized == "2022-03-09"     # not the letter's date


def test_title_block_splits_names_that_contain_and():
    doc = _doc("SERVICE LEVEL AGREEMENT\nBETWEEN\nDHS OFFICE OF INTELLIGENCE AND ANALYSIS\nAND\n"
               "U.S. CITIZENSHIP AND IMMIGRATION SERVICES\nDHS Office of Intelligence and Analysis and U.S. Citizenship "
               "and Immigration Services (each a \"Party\") enter into this Service Level Agreement.")
    extract_metadata(doc)
    assert {f.value for f in _fields(doc, "party")} == {"DHS Office of Intelligence and Analysis",
                                                        "U.S. Citizenship and Immigration Services"}


@pytest.mark.parametrize("title, body, expected", [
    # a long name wrapped onto the next title line is one party, not a name and a fragment
    ("BETWEEN THE FEDERAL EMERGENCY MANAGEMENT AGENCY AND U.S. CUSTOMS AND BORDER\nPROTECTION",
     "The Federal Emergency Management Agency and U.S. Customs and Border Protection (each a \"Party\") agree.",
     {"Federal Emergency Management Agency", "U.S. Customs and Border Protection"}),
    ("BETWEEN\nU.S. IMMIGRATION AND CUSTOMS ENFORCEMENT, HOMELAND SECURITY\nINVESTIGATIONS\nAND\nTHE MINISTRY OF "
     "PUBLIC SECURITY OF THE STATE OF ISRAEL",
     "U.S. Immigration and Customs Enforcement, Homeland Security Investigations and the Ministry of Public "
     "Security of the State of Israel (each a \"Party\") enter into this Memorandum of Cooperation.",
     {"U.S. Immigration and Customs Enforcement, Homeland Security Investigations",
      "Ministry of Public Security of the State of Israel"}),
    ("BETWEEN THE CYBERSECURITY AND INFRASTRUCTURE SECURITY AGENCY AND U.S. FOOD AND\nDRUG ADMINISTRATION",
     "This Agreement is entered into by and between the Cybersecurity and Infrastructure Security Agency (CISA) and "
     "U.S. Food and Drug Administration (FDA), collectively the \"Parties.\"",
     {"Cybersecurity and Infrastructure Security Agency", "U.S. Food and Drug Administration"}),
    ("BETWEEN THE CYBERSECURITY AND INFRASTRUCTURE SECURITY AGENCY AND\nTHE LOUISIANA STATE POLICE",
     "The Cybersecurity and Infrastructure Security Agency and the Louisiana State Police (each a \"Party\") agree.",
     {"Cybersecurity and Infrastructure Security Agency", "Louisiana State Police"}),
    # two organisations stacked on two lines, which the body names separately
    ("BETWEEN\nDEPARTMENT OF HOMELAND SECURITY\nIMMIGRATION AND CUSTOMS ENFORCEMENT\nAND\nACME COUNTY",
     "The Department of Homeland Security, Immigration and Customs Enforcement and Acme County agree to this.",
     {"Department of Homeland Security", "Immigration and Customs Enforcement", "Acme County"}),
    # OCR specks around title lines are not part of the name
    ("BETWEEN\nU.S. DEPARTMENT OF LABOR\nAND .\n_ THE ROCK HILL POLICE DEPARTMENT",
     "The U.S. Department of Labor and the Rock Hill Police Department (each a \"Party\") agree.",
     {"U.S. Department of Labor", "Rock Hill Police Department"}),
])
def test_title_block_joins_wrapped_names(title, body, expected):
    doc = _doc(f"MEMORANDUM OF AGREEMENT\n{title}\n\n{body}")
    extract_metadata(doc)
    assert {f.value for f in _fields(doc, "party")} == expected


def test_two_column_signature_dates():
    doc = _doc("This MOA becomes effective upon signature of both parties and will remain in effect until either "
               "party terminates or suspends the MOA.\nFor the LEA: For ICE:\nDate: 2/26/2025 Date: ____\n"
               "February 28, 2025\nSignature: ______ Signature: ______")
    extract_metadata(doc)
    assert {f.normalized for f in _fields(doc, "signature_date")} == {"2025-02-26", "2025-02-28"}
    assert _fields(doc, "effective_date")[0].normalized == "2025-02-28"
    assert _fields(doc, "term")[0].attributes["until_terminated"]


def test_same_template_with_another_agency_is_not_a_near_duplicate(store):
    first = _store_doc(store, AGREEMENT, "ohio.pdf", "a")
    link_document(store, first)
    other = _store_doc(store, AGREEMENT.replace("OHIO", "IOWA").replace("Ohio", "Iowa").replace("ODPS", "IDPS"),
                       "iowa.pdf", "b")
    assert link_document(store, other) == []


def test_287g_city_agency_with_its_state_abbreviation():
    doc = _doc("MEMORANDUM OF AGREEMENT\n287(g) Task Force Model\nThis Memorandum of Agreement (MOA) constitutes an "
               "agreement between United States Immigration and Customs Enforcement (ICE), a component of the Department "
               "of Homeland Security (DHS), and the DeLand, FL Police Department, pursuant to which ICE delegates to "
               "nominated, trained, and certified officers.\nFor the LEA:\nCaptain Jane Roe\nDeLand Police Department\n")
    extract_metadata(doc)
    assert _fields(doc, "agency")[0].value == "DeLand Police Department"
    assert _fields(doc, "state")[0].normalized == "Florida"


@pytest.mark.parametrize("text, cited", [
    ("pursuant to 28 C.F.R: Part 23.", "28 C.F.R. § 23"),                # a colon read for the last stop
    ("pursuant to 8 U.S.C. $ 1367 and the Act", "8 U.S.C. § 1367"),     # the section sign read as a dollar
    ("is provided by 5 U.S.C..§ 552a and", "5 U.S.C. § 552a"),
    ("and 28 C.F-R. Part 23 apply", "28 C.F.R. § 23"),
    ("consistent with Executive Order. 12333.", "Executive Order 12333"),
])
def test_an_authority_cited_through_ocr_slips_in_its_abbreviation_is_read(text, cited):
    from ingest.metadata.authorities import authority_fields
    assert [f.normalized for f in authority_fields([Page(1, text)])] == [cited]


def test_a_dollar_amount_is_no_section_of_a_code():
    from ingest.metadata.authorities import authority_fields
    assert authority_fields([Page(1, "a fee of $ 1367 paid to the U.S. Treasury; 12 CFR work")]) == []
