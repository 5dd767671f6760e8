"""Tesseract through its C API (ingest/tesseract.py): the same words as the `tesseract`
command, a deadline per page, clear errors, one engine per concurrent reader."""
from __future__ import annotations

import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest

from corpus.errors import OcrFailed
from ingest import tesseract
from test_ingest_samples import page_image

pytestmark = pytest.mark.ocr


def _words(tsv: str) -> list[list[str]]:
    return [row.split("\t") for row in tsv.splitlines() if row.startswith("5\t")]


def test_library_reads_the_same_tsv_as_the_tesseract_command(tmp_path):
    image = page_image(dpi=150)
    path = tmp_path / "page.pgm"
    image.save(path)
    command = subprocess.run(["tesseract", str(path), "stdout", "--dpi", "150", "tsv"],
                             capture_output=True, check=True, env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"})
    with tesseract.borrowed("eng") as engine:
        ours = engine.read_tsv(image, dpi=150)
    assert ours.splitlines()[0] == command.stdout.decode().splitlines()[0]   # the header row
    assert len(_words(ours)) > 20
    assert _words(ours) == _words(command.stdout.decode())


def test_a_page_past_its_deadline_fails_with_a_hint():
    with tesseract.borrowed("eng") as engine, pytest.raises(OcrFailed) as caught:
        engine.read_tsv(page_image(dpi=150), dpi=150, timeout=0.001)
    assert "ACCORD_OCR_TIMEOUT" in caught.value.hint
    with tesseract.borrowed("eng") as engine:   # the engine still works afterwards
        assert _words(engine.read_tsv(page_image(dpi=150), dpi=150))


def test_a_missing_language_says_which_package_to_install():
    with pytest.raises(OcrFailed) as caught, tesseract.borrowed("xyz"):
        pass
    assert "tesseract-ocr-xyz" in caught.value.hint


def test_concurrent_readers_get_engines_of_their_own():
    image = page_image(dpi=150)

    def read(_):
        with tesseract.borrowed("eng") as engine:
            return id(engine), _words(engine.read_tsv(image, dpi=150))

    with ThreadPoolExecutor(3) as pool:
        results = list(pool.map(read, range(6)))
    assert all(words == results[0][1] for _, words in results)
    assert len({engine for engine, _ in results}) <= 3   # engines are reused, never more than readers


def test_a_blank_page_reads_as_no_words_not_an_error():
    from PIL import Image

    from ingest.ocr import ocr_page
    result = ocr_page(Image.new("L", (1275, 1650), 255), dpi=150)
    assert (result.text, result.words, result.confidence) == ("", 0, None)
