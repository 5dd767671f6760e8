"""Failure reasons as people read them (issue 15: upload report and CLI report)."""
from __future__ import annotations

from corpus.failure_reasons import readable_reason
from ingest.report import as_csv, as_json

STORED = "/srv/accord-data/uploads/0f3c9a/Scan_from_printer.pdf"
RAW = f"cannot open {STORED}: invalid pdf header: b'MZ\\x90\\x00\\x03'"


def test_server_path_becomes_the_name_as_uploaded_and_bytes_become_words():
    text = readable_reason(RAW, STORED, "Scan from printer.pdf")
    assert text == 'cannot open Scan from printer.pdf: invalid pdf header: content starting "MZ"'


def test_the_stored_base_name_in_a_stage_message_becomes_the_name_as_uploaded():
    raw = "Scan_from_printer.pdf: the content is not a supported format (my_Scan_from_printer.pdf.bak aside)"
    assert readable_reason(raw, STORED, "Scan from printer.pdf") == \
        "Scan from printer.pdf: the content is not a supported format (my_Scan_from_printer.pdf.bak aside)"


def test_other_paths_reprs_urls_and_fractions():
    assert readable_reason("unexpected error: ValueError('bad xref at /tmp/x/y/z.pdf')") == \
        "unexpected error: ValueError: bad xref at z.pdf"
    assert readable_reason("see https://example.org/a/b, ratio 1/2") == "see https://example.org/a/b, ratio 1/2"
    assert readable_reason("header b'\\x00\\x01'") == "header binary content"


def test_cli_report_csv_and_json_carry_readable_reasons():
    rows = [{"file": STORED, "status": "failed", "error_code": "corrupt", "error": RAW}]
    for text in (as_csv(rows), as_json({"id": 1}, rows)):
        assert "b'MZ" not in text and "content starting" in text
        assert "cannot open Scan_from_printer.pdf" in text


def test_a_command_line_zip_member_is_shown_with_its_path_in_the_zip():
    """The dashboard and the web's job reports name a command-line job's zip member in full (the
    dashboard cut it to the member's base name)."""
    from pathlib import PurePath

    from web.job_reports import as_given
    member = "/srv/in/batch.zip!contracts/member.pdf"
    assert as_given(member, []) == "batch.zip!contracts/member.pdf"
    assert as_given(member, [PurePath("/srv/in")]) == "in/batch.zip!contracts/member.pdf"
