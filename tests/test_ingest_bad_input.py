"""Part 5 of issue 2: every kind of bad input fails alone, with a clear message, its
original in quarantine, and the rest of the batch ingested."""
from __future__ import annotations

import builtins
import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from reportlab.lib.pdfencrypt import StandardEncryption

from corpus.errors import (ArchiveTooLarge, CorruptFile, EmptyFile, EncryptedFile, FileUnreadable, FileVanished,
                           MissingResolution, NestedArchive, TooManyPages, UnsafeArchive)
from ingest.bulk import run_batch
from test_ingest_samples import make_image, make_pdf, make_zip


def _batch_with(tmp_path: Path, store, config, make_bad) -> tuple[dict, object]:
    """A folder with one good PDF and the bad input; returns (the bad item's row, result)."""
    folder = tmp_path / "in"
    folder.mkdir()
    make_pdf(folder / "good.pdf")
    bad_name = make_bad(folder)
    result = run_batch(store, config, [str(folder)], jobs=1)
    assert result.counts.get("stored") == 1, result.items   # the batch went on
    rows = [r for r in result.items if Path(r["file"].split("!")[0]).name == bad_name]
    assert rows, result.items
    return rows[0], result


def _assert_failed_and_quarantined(row: dict, error_class, *, copied: bool = True) -> None:
    assert row["status"] == "failed"
    assert row["error_code"] == error_class.code
    assert error_class.hint and error_class.hint in row["error"]   # says what to do
    quarantined = Path(row["quarantine_path"])
    assert quarantined.exists()
    reason = quarantined if quarantined.name.endswith(".reason.txt") else quarantined.with_name(
        quarantined.name + ".reason.txt")
    assert f"error: {error_class.code}" in reason.read_text()
    assert copied == (not quarantined.name.endswith(".reason.txt"))


def test_corrupt_pdf(tmp_path, store, config):
    def bad(folder):
        (folder / "corrupt.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(2000))
        return "corrupt.pdf"
    row, _ = _batch_with(tmp_path, store, config, bad)
    _assert_failed_and_quarantined(row, CorruptFile)


def test_truncated_pdf(tmp_path, store, config):
    def bad(folder):
        data = make_pdf(tmp_path / "whole.pdf", [["page one"], ["page two"], ["page three"]]).read_bytes()
        (folder / "truncated.pdf").write_bytes(data[: len(data) * 2 // 3])
        return "truncated.pdf"
    row, _ = _batch_with(tmp_path, store, config, bad)
    _assert_failed_and_quarantined(row, CorruptFile)
    assert "truncated" in row["error"] or "not a readable PDF" in row["error"]


def test_encrypted_pdf_with_a_user_password(tmp_path, store, config):
    def bad(folder):
        make_pdf(folder / "secret.pdf", encrypt=StandardEncryption("secret", ownerPassword="owner"))
        return "secret.pdf"
    row, _ = _batch_with(tmp_path, store, config, bad)
    _assert_failed_and_quarantined(row, EncryptedFile)


def test_encrypted_pdf_with_an_empty_user_password_is_ingested_with_a_warning(tmp_path, store, config):
    folder = tmp_path / "in"
    folder.mkdir()
    make_pdf(folder / "owner-locked.pdf", encrypt=StandardEncryption("", ownerPassword="owner", canCopy=0))
    result = run_batch(store, config, [str(folder)], jobs=1)
    assert result.ok and result.items[0]["status"] == "stored"
    assert "empty user password" in result.items[0]["error"]   # warnings travel in the error column


def test_zero_byte_file(tmp_path, store, config):
    def bad(folder):
        (folder / "empty.pdf").write_bytes(b"")
        return "empty.pdf"
    row, _ = _batch_with(tmp_path, store, config, bad)
    _assert_failed_and_quarantined(row, EmptyFile)


def test_wrong_extension_is_ingested_as_what_it_is(tmp_path, store, config):
    from corpus.documents import document_record
    from ingest.pipeline import Limits, prepare_file
    folder = tmp_path / "in"
    folder.mkdir()
    make_pdf(folder / "really-a-pdf.txt")
    result = run_batch(store, config, [str(folder)], jobs=1)
    row = result.items[0]
    assert result.ok and row["status"] == "stored"
    assert "named .txt but its content is PDF" in row["error"]   # the warning is in the report
    assert document_record(store, row["document_id"])["mime"] == "application/pdf"
    png = prepare_file(str(make_image(folder / "really-a-png.pdf", "PNG", dpi=150)), "y",
                       Limits.from_config(config), name="really-a-png.pdf")
    assert png.doc.mime == "image/png" and len(png.ocr_tasks) == 1 and "PNG" in png.doc.warnings[0]


def test_image_without_dpi(tmp_path, store, config):
    def bad(folder):
        make_image(folder / "nodpi.png", "PNG", dpi=None)
        return "nodpi.png"
    row, _ = _batch_with(tmp_path, store, config, bad)
    _assert_failed_and_quarantined(row, MissingResolution)


def test_pdf_over_the_page_limit(tmp_path, store, config):
    config = config.replace(ACCORD_MAX_PAGES=3)

    def bad(folder):
        make_pdf(folder / "long.pdf", [[f"page {n}"] for n in range(5)])
        return "long.pdf"
    row, _ = _batch_with(tmp_path, store, config, bad)
    _assert_failed_and_quarantined(row, TooManyPages)
    assert "5 pages" in row["error"]


@pytest.mark.parametrize("member", ["../escape.txt", "/etc/evil.txt", "sub/../../escape.txt"])
def test_zip_with_escaping_member_names(tmp_path, store, config, member):
    def bad(folder):
        make_zip(folder / "slip.zip", {"fine.txt": b"fine text file here", member: b"gotcha"})
        return "slip.zip"
    row, _ = _batch_with(tmp_path, store, config, bad)
    _assert_failed_and_quarantined(row, UnsafeArchive)
    assert not (tmp_path / "escape.txt").exists()


def test_zip_bomb_by_ratio(tmp_path, store, config):
    def bad(folder):
        make_zip(folder / "bomb.zip", {"zeros.txt": b"\0" * (20 << 20)})
        return "bomb.zip"
    row, _ = _batch_with(tmp_path, store, config, bad)
    _assert_failed_and_quarantined(row, ArchiveTooLarge)
    assert "ACCORD_ZIP_MAX_RATIO" in row["error"]


def test_zip_bomb_by_total_size(tmp_path, store, config):
    config = config.replace(ACCORD_ZIP_MAX_BYTES=100_000)

    def bad(folder):
        make_zip(folder / "big.zip", {f"part{n}.txt": os.urandom(40_000) for n in range(4)},
                 compression=zipfile.ZIP_STORED)
        return "big.zip"
    row, _ = _batch_with(tmp_path, store, config, bad)
    _assert_failed_and_quarantined(row, ArchiveTooLarge)
    assert "ACCORD_ZIP_MAX_BYTES" in row["error"]


def test_zip_member_that_lies_about_its_size_is_stopped_while_streaming(tmp_path, store, config):
    def bad(folder):
        path = make_zip(folder / "liar.zip", {"a.txt": b"A" * 5000}, compression=zipfile.ZIP_STORED)
        data = bytearray(path.read_bytes())
        # shrink the declared size in the central directory (offset 24 of the entry) only
        central = data.rfind(b"PK\x01\x02")
        data[central + 24: central + 28] = (1000).to_bytes(4, "little")
        path.write_bytes(bytes(data))
        return "liar.zip"
    row, _ = _batch_with(tmp_path, store, config, bad)
    assert row["status"] == "failed" and row["error_code"] in (ArchiveTooLarge.code, CorruptFile.code)


def test_nested_zip_fails_alone_and_the_rest_of_the_zip_is_ingested(tmp_path, store, config):
    folder = tmp_path / "in"
    folder.mkdir()
    inner = make_zip(tmp_path / "inner.zip", {"x.txt": b"inner text"}).read_bytes()
    make_zip(folder / "outer.zip", {"inner.zip": inner, "mou.pdf": make_pdf(tmp_path / "m.pdf").read_bytes()})
    result = run_batch(store, config, [str(folder)], jobs=1)
    rows = {r["file"].split("!")[1]: r for r in result.items}
    assert rows["mou.pdf"]["status"] == "stored"
    _assert_failed_and_quarantined(rows["inner.zip"], NestedArchive)


def test_file_that_vanishes_mid_run(tmp_path, store, config):
    folder = tmp_path / "in"
    folder.mkdir()
    make_pdf(folder / "a.pdf")
    make_pdf(folder / "b.pdf", [["another document entirely, page one of it"]])
    # the first stored document's callback deletes the second file before it is read
    result = run_batch(store, config, [str(folder)], jobs=1, on_stored=lambda _id: (folder / "b.pdf").unlink())
    rows = {Path(r["file"]).name: r for r in result.items}
    assert rows["a.pdf"]["status"] == "stored"
    _assert_failed_and_quarantined(rows["b.pdf"], FileVanished, copied=False)


def test_unreadable_file(tmp_path, store, config, monkeypatch):
    # Tests run as root, for whom chmod 000 changes nothing; so when root, make opening
    # that one file fail exactly as the kernel would for another user.
    folder = tmp_path / "in"
    folder.mkdir()
    make_pdf(folder / "good.pdf")
    locked = make_pdf(folder / "locked.pdf", [["locked away"]])
    locked.chmod(0)
    if os.geteuid() == 0:
        real_open = builtins.open

        def guarded_open(file, *args, **kwargs):
            if str(file) == str(locked):
                raise PermissionError(13, "Permission denied", str(file))
            return real_open(file, *args, **kwargs)
        monkeypatch.setattr(builtins, "open", guarded_open)
    result = run_batch(store, config, [str(folder)], jobs=1)
    monkeypatch.undo()
    rows = {Path(r["file"]).name: r for r in result.items}
    assert rows["good.pdf"]["status"] == "stored"
    # an unreadable original cannot be copied either: the reason file says so
    _assert_failed_and_quarantined(rows["locked.pdf"], FileUnreadable, copied=False)
    assert "could not be copied" in Path(rows["locked.pdf"]["quarantine_path"]).read_text()


def test_fifo_is_not_read(tmp_path, store, config):
    def bad(folder):
        os.mkfifo(folder / "pipe.pdf")
        return "pipe.pdf"
    row, _ = _batch_with(tmp_path, store, config, bad)
    assert row["status"] == "failed" and row["error_code"] == FileUnreadable.code


def test_cli_exit_code_and_summary_when_a_file_failed(tmp_path, config):
    from web.cli import cli
    folder = tmp_path / "in"
    folder.mkdir()
    make_pdf(folder / "good.pdf")
    (folder / "empty.pdf").write_bytes(b"")
    report = tmp_path / "out" / "report"
    result = CliRunner().invoke(cli, ["--home", str(config.home), "ingest", str(folder), "--jobs", "1",
                                      "--report", str(report), "--quiet"])
    assert result.exit_code == 65   # EX_DATAERR, as the README promises
    assert "1 stored" in result.output and "1 failed" in result.output
    assert "empty_file" in (tmp_path / "out" / "report.csv").read_text()
    assert (tmp_path / "out" / "report.json").exists()
