"""Scope from the text: party kinds, the data direction with its evidence, and the Directive 4006.1
rules (One DHS, inbound-only, exemptions) on generated documents, through the path `accord classify`
takes (ingest's metadata, then the classifier service's scope)."""
from __future__ import annotations

import pytest

from classifier.scope import decide_scope, presumed_scope, scope_of_text
from classifier.service import ClassifierService
from classifier.text import DocumentText
from corpus.demo.fast import iter_demo_texts
from corpus.direction import read_direction
from corpus.document import Document, Page
from corpus.documents import save_document
from corpus.organisations import party_kind, within_dhs
from corpus.taxonomy import load_taxonomy
from ingest.metadata import extract_metadata

TAXONOMY = load_taxonomy()
ISAA_TYPES = {"mou", "moa", "moc", "loi", "pilot"}


@pytest.mark.parametrize("name, kind", [
    ("U.S. Immigration and Customs Enforcement", "dhs"),
    ("ICE", "dhs"),
    ("Homeland Security Investigations", "dhs"),
    ("the Transportation Security Administration", "dhs"),
    ("United States Coast Guard", "dhs"),
    ("U.S. Secret Service", "dhs"),
    ("Federal Law Enforcement Training Centers", "dhs"),
    ("Office of Biometric Identity Management", "dhs"),
    ("DHS Office of Intelligence and Analysis", "dhs"),
    ("DHS Office of Inspector General", "dhs"),
    ("Office of Intelligence and Analysis, U.S. Department of the Treasury", "federal"),
    ("Office of Inspector General, Department of Justice", "federal"),
    ("Federal Bureau of Investigation, U.S. Department of Justice", "federal"),
    ("Government of the United States of America", "federal"),
    ("Texas Department of Public Safety", "state"),
    ("State of New Mexico", "state"),
    ("the Etowah County Sheriff's Office", "local"),
    ("City of Wheaton", "local"),
    ("Navajo Nation", "tribal"),
    ("Government of Jordan", "foreign"),
    ("Philippine Coast Guard", "foreign"),
    ("Acme Widgets, Inc.", "company"),
    ("International Association of Fire Fighters, Local 522", "union"),
    ("Flock", "unknown"),
])
def test_party_kind_places_each_name_inside_or_outside_dhs(name, kind):
    assert party_kind(name) == kind
    assert within_dhs(name) == (kind == "dhs")


SENTENCES = [
    ("The Sheriff's Office will provide ICE with booking records.", "inbound", "provide-with"),
    ("Under this Agreement, ICE will share arrest reports with the Ohio State Highway Patrol.", "outbound", "give-to"),
    ("Participating officers of the LEA shall have access to ICE systems and databases.", "outbound", "access"),
    ("ICE will make detainer information available to the County through a secure portal.", "outbound", "give-to"),
    ("The Parties will exchange fingerprint records on a reciprocal basis.", "both", "exchange"),
    ("The County agrees to provide ICE with a list of inmates born abroad.", "inbound", "provide-with"),
    ("Booking data will be transmitted to CBP by the County.", "inbound", "passive"),
    ("FEMA will receive disaster survivor data from the State.", "inbound", "receive-from"),
    ("The exchange is one-way: the County: furnishes booking records to ICE.", "inbound", "give-to"),  # OCR colon
    ("The County will not provide records to ICE. ICE will grant the County read-only access to "
     "the detainer database.", "outbound", "grant-access"),
]


@pytest.mark.parametrize("sentence, direction, form", SENTENCES)
def test_direction_reads_who_gives_what_to_whom_with_the_sentence_as_evidence(sentence, direction, form):
    page = "MEMORANDUM OF AGREEMENT\n\nThis MOA is between ICE and the County.\n\n" + sentence + "\nOther text."
    reading = read_direction([page])
    assert reading.outcome == direction
    statement = reading.deciding
    assert statement.form == form and statement.page == 1
    # offsets point at the sentence that says it (a negated one beside it is no evidence)
    assert page[statement.start:statement.end] == statement.sentence and sentence.endswith(statement.sentence)


def test_no_direction_found_says_what_was_looked_for_and_scope_is_presumed_unsure():
    pages = ["MEMORANDUM OF UNDERSTANDING between ICE and the County. The Parties will meet quarterly. "
             "ICE will provide training to County officers. The County will not provide records."]
    reading = read_direction(pages)
    assert reading.outcome == "none" and "looked_for" in reading.to_dict()
    decision, _ = scope_of_text("mou", TAXONOMY, pages)
    assert decision is None
    presumed = presumed_scope("mou", TAXONOMY)
    assert presumed.unsure and "looked for" in presumed.explanation and "§2.1" in presumed.directive


def test_a_scope_is_never_surer_than_its_type():
    press_release = ["FOR IMMEDIATE RELEASE. The county announced a new park. Contact the press office."]
    decision, _ = scope_of_text("cmaa", TAXONOMY, press_release)
    assert decision.code == "exempt:cmaa" and decision.unsure and "never names" in decision.explanation
    decision, _ = scope_of_text("287g", TAXONOMY, ["MEMORANDUM OF AGREEMENT under section 287(g) of the INA."])
    assert decision.code == "exempt:287g" and not decision.unsure
    decision, _ = scope_of_text("287g", TAXONOMY, ["MEMORANDUM OF AGREEMENT under section 287(g) of the INA."],
                                type_unsure=True)
    assert decision.unsure and "unsure" in decision.explanation
    assert "287(g)" not in decide_scope("directive", TAXONOMY).directive


def _generated(count: int = 400):
    """Generated base agreements of the ISAA types with the page texts and ingest's fields."""
    for truth, pages in iter_demo_texts(count, seed=11):
        if truth.doc_type not in ISAA_TYPES or truth.parent or truth.scanned:
            continue
        doc = Document(source_path=truth.file, filename=truth.file)
        doc.pages = [Page(i + 1, text) for i, text in enumerate(pages)]
        extract_metadata(doc, TAXONOMY)
        fields = [{"name": f.name, "value": f.value, "normalized": f.normalized} for f in doc.fields]
        yield truth, pages, fields


@pytest.fixture(scope="module")
def generated():
    return list(_generated())


def _scope(config, store, truth, pages, fields):
    service = ClassifierService(config, store)
    return service.scope_for(truth.doc_type, DocumentText(tuple(pages)), fields, {"scope": None})


def test_one_dhs_rule_on_generated_agreements_between_components(generated, config, store):
    internal = [g for g in generated if g[0].scope == "out_of_scope:one_dhs"]
    assert len(internal) >= 5
    for truth, pages, fields in internal:
        decision = _scope(config, store, truth, pages, fields)
        assert (decision.code, decision.rule) == ("out_of_scope:one_dhs", "one-dhs"), truth.file
        assert "One DHS" in decision.directive
    outside = [g for g in generated if g[0].scope != "out_of_scope:one_dhs"]
    assert not any(_scope(config, store, *g).code == "out_of_scope:one_dhs" for g in outside)


def test_inbound_only_rule_on_generated_agreements(generated, config, store):
    inbound = [g for g in generated if g[0].scope == "out_of_scope:inbound_only"]
    assert len(inbound) >= 5
    for truth, pages, fields in inbound:
        decision = _scope(config, store, truth, pages, fields)
        assert (decision.code, decision.rule) == ("out_of_scope:inbound_only", "inbound-only"), truth.file
        assert "footnote 3" in decision.directive
        assert decision.evidence and all(e["direction"] == "inbound" for e in decision.evidence)
    outbound = [g for g in generated if g[0].scope == "in_scope"]
    decided = [_scope(config, store, *g) for g in outbound]
    assert sum(d.code == "in_scope" and d.rule == "outbound" for d in decided) >= 0.95 * len(outbound)


def test_ingest_stores_the_same_direction_the_scope_reads(generated):
    for truth, pages, fields in generated[:40]:
        stored = [f["normalized"] for f in fields if f["name"] == "data_direction"]
        assert stored == ([read_direction(pages, [f["value"] for f in fields if f["name"] == "party"]).outcome]
                          if stored else [])


def test_suggest_stores_the_scope_with_its_rule_directive_and_evidence(config, store):
    truth, pages = next((t, p) for t, p in iter_demo_texts(200, seed=11)
                        if t.scope == "out_of_scope:inbound_only" and not t.parent and not t.scanned)
    doc = Document(source_path=truth.file, filename=truth.file, sha256="1" * 64, size=1, mime="application/pdf")
    doc.pages = [Page(i + 1, text) for i, text in enumerate(pages)]
    extract_metadata(doc, TAXONOMY)
    doc_id = save_document(store, doc)[0]
    service = ClassifierService(config, store)
    service.demo_count = 260
    scope = service.suggest(doc_id)["scope"]
    if scope["code"] != "out_of_scope:inbound_only":     # the model may type it unsure; never silently sure
        assert scope["unsure"]
    assert scope["rule"] == "inbound-only" and "footnote 3" in scope["directive"]
    first = scope["evidence"][0]
    assert " ".join(pages[first["page"] - 1][first["start"]:first["end"]].split()) == first["text"]


def test_an_agreement_without_a_dhs_party_is_not_a_department_isaa():
    pages = ["MEMORANDUM OF UNDERSTANDING between the Sacramento County Office of Education (\"SCOE\") and the "
             "River Charter School (\"the School\").\n\nThe School shall provide to SCOE its annual audit reports. "
             "The Department of Education will receive enrolment data from the School."]
    reading = read_direction(pages)
    assert reading.outcome == "none"       # no side is DHS, so nothing leaves or enters the Department
    decision, _ = scope_of_text("mou", TAXONOMY, pages)
    assert (decision.code, decision.rule) == ("out_of_scope:not_agreement", "no-dhs-party")
    decision, _ = scope_of_text("mou", TAXONOMY, [pages[0].replace("River Charter School", "ICE Field Office")])
    assert decision is None or decision.rule != "no-dhs-party"


def test_vendor_rule_reads_the_company_from_the_heading_when_the_party_field_lost_its_suffix():
    heading = "SERVICES AGREEMENT between U.S. Citizenship and Immigration Services and Harbor Foods Holdings, Inc."
    fields = [{"name": "party", "value": "Harbor Foods Holdings"},
              {"name": "party", "value": "U.S. Citizenship and Immigration Services"}]
    decision = decide_scope("other_agreement", TAXONOMY, fields, heading)
    assert (decision.code, decision.rule) == ("exempt:vendor", "vendor")
    decision = decide_scope("other_agreement", TAXONOMY, fields[:1], heading.replace(
        "U.S. Citizenship and Immigration Services", "Beta Corp."))
    assert decision.rule == "not-an-isaa"
