"""The demo corpus: its truth must agree with what the files actually say."""
from __future__ import annotations

import email
import re
from collections import Counter

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from PIL import Image

from corpus.demo import demo_truth, iter_demo_texts, write_demo_corpus
from corpus.demo.dates import spellings
from corpus.demo.generator import FOIA_CODE, plan_document
from corpus.demo.render import render_pdf
from corpus.demo.scan import clean_scan_pdf, scan_pdf
from corpus.taxonomy import load_taxonomy

FLAG_WORDS = {"title_iii": "Title III", "undercover": "undercover", "bank_secrecy_act": "Bank Secrecy Act",
              "confidential_source": "confidential", "grand_jury": "grand jury", "third_agency": "third agency rule",
              "trade_secret": "rade secrets", "asylum": "asylum"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = write_demo_corpus(tmp_path_factory.mktemp("demo"), count=60, seed=4006, jobs=2)
    return folder, demo_truth(folder)


def _pdf_text(path) -> list[str]:
    document = pdfium.PdfDocument(path)
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_truth_agrees_with_the_text_layer_of_born_digital_pdfs(corpus):
    folder, truths = corpus
    checked = 0
    for truth in truths:
        if truth.format != "pdf" or truth.scanned:
            continue
        pages = _pdf_text(folder / truth.file)
        assert len(pages) == truth.pages
        text = _flat(" ".join(pages))
        lower = text.lower()
        assert truth.title in text, truth.file
        for party in truth.parties:
            assert party.lower() in lower, (truth.file, party)
        if truth.effective_date:
            assert any(s in text for s in spellings(truth.effective_date)), (truth.file, truth.effective_date)
        for day in truth.signature_dates:
            assert any(s in text for s in spellings(day)), (truth.file, day)
        if truth.term:
            assert truth.term.lower() in lower, (truth.file, truth.term)
        for authority in truth.authorities:
            assert authority in text, (truth.file, authority)
        for signer in truth.signatories:
            assert signer["name"] in text and signer["title"] in text
        assert dict(Counter(FOIA_CODE.findall(text))) == truth.foia_codes, truth.file
        assert len(re.findall(r"\b\d{3}-\d{2}-\d{4}\b", text)) == truth.pii_counts["ssn"]
        for flag in truth.restricted_flags:
            assert FLAG_WORDS[flag].lower() in lower, (truth.file, flag)
        if truth.program_model:
            assert truth.agency in text and truth.program_model in text and truth.state in text
        checked += 1
    assert checked >= 25


def test_released_copies_carry_redaction_codes_and_some_documents_carry_pii(corpus):
    _folder, truths = corpus
    assert sum(bool(t.foia_codes) for t in truths) >= 5
    assert all(t.released for t in truths if t.foia_codes)
    assert sum(sum(t.pii_counts.values()) > 0 for t in truths) >= 1


def test_scanned_pdfs_have_no_text_layer_and_a_letter_sized_page(corpus):
    folder, truths = corpus
    scans = [t for t in truths if t.scanned and t.format == "pdf"]
    assert len(scans) >= 10
    for truth in scans:
        assert "".join(_pdf_text(folder / truth.file)).strip() == ""
        document = pdfium.PdfDocument(folder / truth.file)
        width, height = document[0].get_size()
        assert len(document) == truth.pages == len(truth.page_rotations)
        document.close()
        assert sorted((round(width), round(height))) == [612, 792]


def test_other_formats_are_written_and_readable(corpus):
    folder, truths = corpus
    by_format = {t.format: t for t in truths}
    assert {"pdf", "txt", "docx", "eml", "png", "tiff"} <= set(by_format)
    txt = by_format["txt"]
    assert txt.title in _flat((folder / txt.file).read_text(encoding="utf-8"))
    from docx import Document
    docx = by_format["docx"]
    assert docx.title.split()[0] in " ".join(p.text for p in Document(folder / docx.file).paragraphs)
    message = email.message_from_bytes((folder / by_format["eml"].file).read_bytes())
    attachments = [part for part in message.walk() if part.get_content_type() == "application/pdf"]
    assert len(attachments) == 1 and attachments[0].get_payload(decode=True).startswith(b"%PDF")
    with Image.open(folder / by_format["png"].file) as image:
        assert round(image.info["dpi"][0]) in (200, 300)


def test_amendments_cite_their_parent_and_near_duplicates_copy_their_source():
    docs = {t.file: (t, _flat(" ".join(pages))) for t, pages in iter_demo_texts(200)}
    amendments = [t for t, _text in docs.values() if t.parent]
    assert amendments
    for truth in amendments:
        parent, text = docs[truth.parent][0], docs[truth.file][1]
        assert parent.doc_type == truth.doc_type and parent.parties == truth.parties
        assert parent.file < truth.file
        assert parent.title in text and any(s in text for s in spellings(parent.effective_date))
    near = [t for t, _text in docs.values() if t.near_duplicate_of]
    assert near
    for truth in near:
        source, copy = docs[truth.near_duplicate_of], docs[truth.file][1]
        assert source[0].title == truth.title and truth.draft and not truth.signature_dates
        words_a, words_b = set(source[1].split()), set(copy.split())
        assert len(words_a & words_b) / len(words_a | words_b) > 0.9


def test_every_taxonomy_type_is_generated_with_consistent_scope():
    truths = [t for t, _ in iter_demo_texts(120)]
    types = Counter(t.doc_type for t in truths)
    taxonomy = load_taxonomy()
    assert set(taxonomy.type_codes) <= set(types)
    for truth in truths:
        assert truth.scope in taxonomy.scope_codes
        if truth.doc_type in {"isa", "ica", "sla", "iaa", "cmaa", "287g"}:
            assert truth.scope == f"exempt:{truth.doc_type}"
        if truth.doc_type in {"mou", "moa", "moc", "loi", "pilot"} and not truth.parent:
            expected = {"inbound": "out_of_scope:inbound_only", "internal": "out_of_scope:one_dhs"}.get(
                truth.data_direction, "in_scope")
            assert truth.scope == expected
        if truth.doc_type == "287g":
            assert truth.program_model in {"Jail Enforcement Model", "Warrant Service Officer", "Task Force Model"}
            assert truth.state and truth.agency in truth.parties


def test_same_seed_same_documents_other_seed_other_documents():
    first = [(t.to_json(), pages) for t, pages in iter_demo_texts(40, seed=7)]
    again = [(t.to_json(), pages) for t, pages in iter_demo_texts(40, seed=7)]
    other = [(t.to_json(), pages) for t, pages in iter_demo_texts(40, seed=8)]
    assert first == again
    assert first != other
    plan = plan_document(7, 3)
    pdf = render_pdf(plan)
    assert pdf == render_pdf(plan_document(7, 3))
    assert scan_pdf(pdf, 11) == scan_pdf(pdf, 11)


def test_words_per_doc_pads_documents_to_about_that_length():
    sizes = [sum(len(p.split()) for p in pages) for _t, pages in iter_demo_texts(30, words_per_doc=2000)]
    assert 1700 <= sum(sizes) / len(sizes) <= 2400
    assert min(sizes) >= 1200


def test_cli_demo_writes_the_files(tmp_path):
    from web.cli import cli
    out = tmp_path / "source"
    result = CliRunner().invoke(cli, ["--home", str(tmp_path / "home"), "demo", "--count", "4", "--out", str(out),
                                      "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "wrote 4 documents" in result.output
    truths = demo_truth(out)
    assert [t.file for t in truths] == sorted(p.name for p in out.iterdir() if p.name.startswith("doc-"))
    # the truth names restricted documents' titles and parties: it must not be in the ingested folder
    assert not any("truth" in p.name for p in out.iterdir())
    assert (tmp_path / "source.truth.jsonl").is_file()


def test_padding_sentences_cannot_change_a_documents_truth():
    # count_in_text skips padding, so the bank must hold no codes, PII, citations or restricted topics.
    from corpus.demo.generator import A_NUMBER, DOB, SSN
    from corpus.demo.padding import sentence_bank
    generic, by_topic = sentence_bank()
    text = "\n".join(generic + tuple(s for group in by_topic.values() for s in group))
    for pattern in (FOIA_CODE, SSN, A_NUMBER, DOB):
        assert not pattern.search(text)
    assert "U.S.C." not in text and "C.F.R." not in text
    assert not any(word.lower() in text.lower() for word in FLAG_WORDS.values())


def test_unwritable_output_folder_is_a_usage_error(tmp_path):
    from corpus.errors import NotFound, UsageError
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(UsageError):
        write_demo_corpus(blocker / "demo", count=1, jobs=1)
    with pytest.raises(NotFound):
        demo_truth(tmp_path)


def test_clean_scan_has_the_pages_as_images_only():
    """The clean scan (bench/probe_pdfs.py --scan) keeps every page and leaves no text layer for ingest to read."""
    pdf = render_pdf(plan_document(7, 3))
    scanned = pdfium.PdfDocument(clean_scan_pdf(pdf))
    original = pdfium.PdfDocument(pdf)
    try:
        assert len(scanned) == len(original) and len(scanned) > 0
        assert original[0].get_textpage().get_text_range().strip()
        assert all(not scanned[i].get_textpage().get_text_range().strip() for i in range(len(scanned)))
    finally:
        scanned.close()
        original.close()
