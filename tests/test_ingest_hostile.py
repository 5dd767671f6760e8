"""Issue 10: ingest that a file name, a link or a bomb cannot break. The hostile files of the
outside probe, among good files, through the real `accord ingest` command: every good file is
stored, every bad one fails alone with a hint, and the whole run stays within the memory bound."""
from __future__ import annotations

import io
import json
import os
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.pdfencrypt import StandardEncryption

from corpus import errors
from corpus.store import Store
from ingest import pdf
from test_ingest_samples import make_docx, make_eml, make_pdf

REPO = Path(__file__).resolve().parents[1]
MB = 1024 * 1024
PEAK_RSS_LIMIT = 1536 * MB   # ACCORD_WORKER_MAX_MEMORY's default; the bound for the whole run


# Runs a command and writes the peak RSS (KB) of it and all its descendants to the file named by
# argv[1]: measured apart from the test process, whose other children do not count.
MEASURE = ("import resource, subprocess, sys; rc = subprocess.call(sys.argv[2:]); "
           "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); "
           "sys.exit(rc)")


def accord(*args: str, env: dict | None = None, peak_file: Path | None = None) -> subprocess.CompletedProcess:
    """The `accord` command as users run it, in a process of its own (so its memory can be measured)."""
    command = [sys.executable, "-c", "from web.cli import main; main()", *args]
    if peak_file is not None:
        command = [sys.executable, "-c", MEASURE, str(peak_file), *command]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600,
                          env={**os.environ, **(env or {})})


def _lines(n: int) -> list[list[str]]:
    return [[f"Memorandum of understanding number {n} between the Agency of Records",
             f"and the County Sheriff's Office {n * 7919} on the sharing of booking data."]]


def _huge_png(path: Path, side: int, *, rgba: bool = False) -> None:
    """A side x side PNG (1-bit, or 8-bit RGBA) written row by row: small on disk, side**2 pixels."""
    row = b"\x00" + b"\x00" * (side * 4 if rgba else (side + 7) // 8)
    compressor = zlib.compressobj(1)
    body = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", side, side, 8, 6, 0, 0, 0) if rgba else struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                     + chunk(b"pHYs", struct.pack(">IIB", 11811, 11811, 1)) + chunk(b"IDAT", body)
                     + chunk(b"IEND", b""))


def _docx_bomb(path: Path, template: Path, expanded: int) -> None:
    """A real DOCX whose word/document.xml expands to `expanded` bytes (the probe's: 200 MB)."""
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                out.writestr(info, source.read(info))
        with out.open("word/document.xml", "w", force_zip64=True) as xml:
            filler = b"<w:p><w:r><w:t>bomb</w:t></w:r></w:p>" * 27000   # ~1 MB
            written = 0
            while written < expanded:
                xml.write(filler)
                written += len(filler)


def _mail_with_parts(path: Path, parts: int) -> None:
    boundary = "b0undary"
    body = "".join(f"--{boundary}\r\nContent-Type: text/plain\r\n\r\npart {n}\r\n" for n in range(parts))
    path.write_text(f"From: a@agency.gov\r\nTo: b@agency.gov\r\nSubject: many parts\r\nDate: Mon, 2 Mar 2026 "
                    f"10:00:00 -0500\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary={boundary}"
                    f"\r\n\r\n{body}--{boundary}--\r\n")


def _hostile_folder(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """The folder to ingest, and for each hostile name the outcome expected: "stored" or an error code."""
    folder, outside = tmp_path / "in", tmp_path / "outside"
    folder.mkdir()
    outside.mkdir()
    # the good files
    for n in range(3):
        make_pdf(folder / f"good-{n}.pdf", _lines(n))
    make_docx(folder / "good.docx", ["A letter of intent between two agencies", "on the exchange of records."])
    (folder / "good.txt").write_text("An interconnection security agreement between two record systems.\n")
    make_eml(folder / "good.eml", {"signed.pdf": make_pdf(tmp_path / "att.pdf", _lines(9)).read_bytes()})
    expected: dict[str, str] = {}

    # 1. a file name that is not UTF-8: stored, under an escaped display name
    shutil.copy(make_pdf(tmp_path / "latin.pdf", _lines(11)), os.fsencode(folder) + b"/b_bad_\xff.pdf")
    expected["b_bad_\\xff.pdf"] = "stored"
    # 2. a link to a file outside the folder (the probe's /etc/passwd)
    os.symlink("/etc/passwd", folder / "x.pdf")
    expected["x.pdf"] = errors.LinkRefused.code
    # 3. a link to a folder: reported, not walked, not skipped silently
    make_pdf(outside / "secret.pdf", _lines(12))
    os.symlink(outside, folder / "linked-folder")
    expected["linked-folder"] = errors.LinkedFolder.code
    # 4. a hard link to a file that also lives outside
    os.link(outside / "secret.pdf", folder / "hard.pdf")
    expected["hard.pdf"] = errors.LinkRefused.code
    # 5. the probe's DOCX bomb, at its real size: document.xml expands to 200 MB
    _docx_bomb(folder / "bomb.docx", folder / "good.docx", 200 * MB)
    expected["bomb.docx"] = errors.DecompressionBomb.code
    # 6, 7. an encrypted PDF, then a 0-page PDF (PDFium's stale error called it encrypted too)
    make_pdf(folder / "encrypted.pdf", encrypt=StandardEncryption("secret", ownerPassword="owner"))
    expected["encrypted.pdf"] = errors.EncryptedFile.code
    import pypdfium2 as pdfium
    empty = pdfium.PdfDocument.new()
    buffer = io.BytesIO()
    empty.save(buffer)
    empty.close()
    (folder / "zero-pages.pdf").write_bytes(buffer.getvalue())
    expected["zero-pages.pdf"] = errors.CorruptFile.code
    # 8. a text whose first KB quotes a PDF header: still text
    (folder / "quotes-pdf.txt").write_text("Note for the file: the scanner writes %PDF-1.7 headers.\n" * 3)
    expected["quotes-pdf.txt"] = "stored"
    # 9. a zip with a member that cannot be extracted (its data damaged) beside a good one
    members = folder / "members.zip"
    with zipfile.ZipFile(members, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ok.txt", "A data use agreement between two agencies.\n")
        archive.writestr("broken.txt", os.urandom(4000).hex())
    data = bytearray(members.read_bytes())
    with zipfile.ZipFile(members) as archive:
        info = archive.getinfo("broken.txt")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start:start + 64] = bytes(64)   # the compressed stream itself
    members.write_bytes(bytes(data))
    expected["members.zip!broken.txt"] = errors.CorruptFile.code
    expected["members.zip!ok.txt"] = "stored"
    # 10. a sparse 600 MB file (over ACCORD_MAX_FILE_BYTES): refused, and sparse in quarantine too
    with open(folder / "sparse.pdf", "wb") as handle:
        handle.write(b"%PDF-1.4\n")
        handle.truncate(600 * MB)
    expected["sparse.pdf"] = errors.FileTooLarge.code
    # 11. a 20000 x 20000 PNG: refused by the pixel limit the viewer shares
    _huge_png(folder / "huge.png", 20000)
    expected["huge.png"] = errors.ImageTooLarge.code
    # 12. a zip bomb: one member compressed far beyond ACCORD_ZIP_MAX_RATIO
    with zipfile.ZipFile(folder / "zipbomb.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.txt", b"\x00" * (50 * MB))
    expected["zipbomb.zip"] = errors.ArchiveTooLarge.code
    # 13. a zip inside a zip
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("a.txt", "inner")
    with zipfile.ZipFile(folder / "nested.zip", "w") as archive:
        archive.writestr("inner.zip", inner.getvalue())
    expected["nested.zip!inner.zip"] = errors.NestedArchive.code
    # 14. an e-mail of more MIME parts (each one a document) than ACCORD_MAIL_MAX_PARTS
    _mail_with_parts(folder / "parts.eml", 2000)
    expected["parts.eml"] = errors.DecompressionBomb.code
    # 15. a truncated PDF
    whole = make_pdf(tmp_path / "whole.pdf", _lines(13) * 3).read_bytes()
    (folder / "truncated.pdf").write_bytes(whole[: len(whole) // 2])
    expected["truncated.pdf"] = errors.CorruptFile.code
    # 16. a pipe named like a PDF
    os.mkfifo(folder / "pipe.pdf")
    expected["pipe.pdf"] = errors.FileUnreadable.code
    return folder, expected


def _short(path: str, folder: Path) -> str:
    return path[len(str(folder)) + 1:] if path.startswith(str(folder)) else path


@pytest.mark.slow
def test_hostile_batch_every_good_file_stored_every_bad_one_fails_alone(tmp_path):
    folder, expected = _hostile_folder(tmp_path)
    home = tmp_path / "home"
    report = tmp_path / "report.json"
    peak_file = tmp_path / "peak-rss-kb"
    run = accord("--home", str(home), "ingest", str(folder), "--jobs", "2", "--quiet", "--report", str(report),
                 peak_file=peak_file)
    peak = int(peak_file.read_text()) * 1024   # ru_maxrss is in KB on Linux
    print(f"\nhostile batch: peak RSS of the ingest command and its workers {peak / MB:.0f} MB "
          f"(bound {PEAK_RSS_LIMIT / MB:.0f} MB)")
    assert run.returncode == errors.IngestError.exit_code, run.stderr[-3000:]   # 65, as the README says
    assert peak <= PEAK_RSS_LIMIT

    rows = {_short(r["file"], folder): r for r in json.loads(report.read_text())["items"]}
    good = {"good-0.pdf", "good-1.pdf", "good-2.pdf", "good.docx", "good.txt", "good.eml"}
    assert good <= {name for name, row in rows.items() if row["status"] == "stored"}, rows
    hints = {cls.code: cls.hint for cls in vars(errors).values()
             if isinstance(cls, type) and issubclass(cls, errors.IngestError)}
    for name, outcome in expected.items():
        row = rows.get(name)
        assert row is not None, (name, sorted(rows))
        if outcome == "stored":
            assert row["status"] == "stored", row
            continue
        assert (row["status"], row["error_code"]) == ("failed", outcome), row
        message, _, hint = row["error"].partition(" — ")
        assert message and len(hint) > 20, row   # says what happened, then how to fix it
        assert hint == hints[outcome] or outcome == errors.FileUnreadable.code, row
    print(f"hostile batch: {sum(r['status'] == 'stored' for r in rows.values())} stored, "
          f"{sum(r['status'] == 'failed' for r in rows.values())} failed of {len(rows)} items")
    assert "not UTF-8" in rows["b_bad_\\xff.pdf"]["error"]   # the report says why the name looks so
    # nothing from outside the folder was read: not the linked folder's file, not /etc/passwd
    assert not any("secret" in name for name in rows)
    store = Store(__import__("corpus.config", fromlist=["load_config"]).load_config(home, environ={}))
    try:
        from corpus.documents import load_document
        texts = [load_document(store, row["document_id"]).text for row in rows.values() if row["status"] == "stored"]
        assert not any("nologin" in text or "root:x:0:0" in text for text in texts)
    finally:
        store.dispose()

    # quarantine keeps real bytes: the damaged member's archive, not a 0-byte fragment ...
    member = Path(rows["members.zip!broken.txt"]["quarantine_path"])
    assert member.read_bytes() == (folder / "members.zip").read_bytes()
    # ... and the sparse file stays sparse
    sparse = Path(rows["sparse.pdf"]["quarantine_path"])
    assert sparse.stat().st_size == 600 * MB and sparse.stat().st_blocks * 512 < 1 * MB
    # the job is finished (not left "running"), and a rerun resumes nothing
    again = accord("--home", str(home), "ingest", str(folder), "--jobs", "1", "--quiet")
    assert "0 stored" in again.stdout and "(resumed)" not in again.stdout, again.stdout


def test_a_zero_page_pdf_read_after_an_encrypted_one_is_not_called_encrypted(tmp_path):
    import pypdfium2 as pdfium
    encrypted = make_pdf(tmp_path / "encrypted.pdf", encrypt=StandardEncryption("secret", ownerPassword="o"))
    empty = pdfium.PdfDocument.new()
    empty.save(tmp_path / "zero.pdf")
    empty.close()
    for path, error in ((encrypted, errors.EncryptedFile), (tmp_path / "zero.pdf", errors.CorruptFile),
                        (encrypted, errors.EncryptedFile), (tmp_path / "zero.pdf", errors.CorruptFile)):
        with pytest.raises(error):
            pdf.open_pdf(path)


def test_text_quoting_a_pdf_header_is_text_and_a_junk_prefixed_pdf_is_a_pdf(tmp_path):
    from ingest.detect import PDF, TXT, detect_format
    quoting = tmp_path / "note.txt"
    quoting.write_text("The scanner wrote %PDF-1.7 at the top of each file.\n")
    assert detect_format(quoting).format == TXT
    prefixed = tmp_path / "prefixed.pdf"
    prefixed.write_bytes(b"X-Gateway: scanned\r\n" + make_pdf(tmp_path / "p.pdf").read_bytes())
    assert detect_format(prefixed).format == PDF


def test_the_viewer_and_ingest_share_one_pixel_limit(tmp_path, config):
    """An image ingest accepts can be shown; one it refuses is refused by the viewer with the
    same error (a 4xx with a hint), never Pillow's DecompressionBombError as a 500."""
    from ingest.formats import image_pages
    from corpus.store import Store
    from web.page_images import page_png
    image = tmp_path / "big.png"
    Image.new("L", (3000, 2000), 255).save(image, dpi=(300, 300))
    limit = 3000 * 2000
    assert len(image_pages(image, "big.png", 10, limit)) == 1
    store = Store(config)
    sha, _ = store.keep_original(image)
    assert page_png(store, sha, "image/png", 1, "thumb", max_pixels=limit).startswith(b"\x89PNG")
    with pytest.raises(errors.ImageTooLarge):
        image_pages(image, "big.png", 10, limit - 1)
    with pytest.raises(errors.ImageTooLarge) as refused:
        page_png(store, sha, "image/png", 1, "full", max_pixels=limit - 1)
    assert refused.value.http_status < 500


@pytest.mark.slow
def test_a_file_needing_more_memory_than_a_worker_may_use_fails_alone(tmp_path):
    """ACCORD_WORKER_MAX_MEMORY is enforced in the worker: the file that needs more fails with
    out_of_memory and a hint, and the other files of the batch are stored."""
    folder = tmp_path / "in"
    folder.mkdir()
    make_pdf(folder / "good.pdf", _lines(1))
    # within the pixel limit (144 MP), but decoding it as RGBA takes 576 MB, more than a worker limited
    # to 768 MB has room for beside its code
    _huge_png(folder / "huge.png", 12000, rgba=True)
    report = tmp_path / "report.json"
    run = accord("--home", str(tmp_path / "home"), "ingest", str(folder), "--jobs", "1", "--quiet",
                 "--report", str(report),
                 env={"ACCORD_WORKER_MAX_MEMORY": str(768 * MB)})
    assert run.returncode == errors.IngestError.exit_code, run.stderr[-3000:]
    rows = {Path(r["file"]).name: r for r in json.loads(report.read_text())["items"]}
    assert rows["good.pdf"]["status"] == "stored"
    assert (rows["huge.png"]["status"], rows["huge.png"]["error_code"]) == ("failed", errors.OutOfMemory.code), rows
    assert "ACCORD_WORKER_MAX_MEMORY" in rows["huge.png"]["error"]


def test_watch_refuses_a_link_dropped_into_its_folder(tmp_path, config):
    """`accord watch` names each new file; a link among them is judged against the watched
    folder, not resolved into an input of its own (which would make /etc/passwd its own root)."""
    import threading
    from ingest.watch import watch_folder
    folder = tmp_path / "drop"
    folder.mkdir()
    config = config.replace(ACCORD_WATCH_SETTLE_SECONDS=0)
    store = Store(config)
    make_pdf(folder / "one.pdf")
    os.symlink("/etc/passwd", folder / "passwd.pdf")
    stop = threading.Event()
    batches = []

    def on_batch(result):
        batches.append(result)
        stop.set()
    watcher = threading.Thread(target=watch_folder, args=(store, config, str(folder)),
                               kwargs=dict(jobs=1, on_batch=on_batch, stop_event=stop, interval=0.05))
    watcher.start()
    watcher.join(timeout=60)
    stop.set()
    store.dispose()
    assert not watcher.is_alive() and len(batches) == 1
    rows = {Path(r["file"]).name: r for r in batches[0].items}
    assert rows["one.pdf"]["status"] == "stored"
    assert (rows["passwd.pdf"]["status"], rows["passwd.pdf"]["error_code"]) == ("failed", errors.LinkRefused.code)
