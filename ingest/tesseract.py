"""Tesseract through its C API (libtesseract, which Debian's tesseract-ocr package installs),
with the model loaded once per thread instead of once per page.

Why not the `tesseract` command: every run loads the language model again (0.11 s of CPU for
the eng model, against 1.4-1.8 s for reading a 300 dpi page) and round-trips the page image
through a file. Through the library, the same Tesseract gives the same TSV, word for word
(checked on 28 scanned 287(g) pages), for ~8% less CPU per page.

OMP_THREAD_LIMIT=1 is set before the library (and the OpenMP runtime it links) is loaded:
parallelism comes from reading different pages in different processes, and Tesseract's own
threads would only fight over the same cores. A TessBaseAPI is not thread-safe, so a thread
borrows one for a page and gives it back (the web server ingests uploads in short-lived
threads; a worker process has one thread and so one engine). ctypes releases the GIL during
each call.
"""
from __future__ import annotations

import atexit
import ctypes
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from PIL import Image

from corpus.errors import OcrFailed

LIBRARY = "libtesseract.so.5"
PSM_OSD_ONLY, PSM_AUTO, PSM_SINGLE_COLUMN = 0, 3, 4   # tesseract's page segmentation modes
TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"

_VOID = ctypes.c_void_p
_SIGNATURES = {   # name: (argument types, result type)
    "TessBaseAPICreate": ([], _VOID),
    "TessBaseAPIInit3": ([_VOID, ctypes.c_char_p, ctypes.c_char_p], ctypes.c_int),
    "TessBaseAPISetVariable": ([_VOID, ctypes.c_char_p, ctypes.c_char_p], ctypes.c_int),
    "TessBaseAPISetPageSegMode": ([_VOID, ctypes.c_int], None),
    "TessBaseAPISetImage": ([_VOID, ctypes.c_char_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int], None),
    "TessBaseAPISetSourceResolution": ([_VOID, ctypes.c_int], None),
    "TessBaseAPIRecognize": ([_VOID, _VOID], ctypes.c_int),
    "TessBaseAPIGetTsvText": ([_VOID, ctypes.c_int], _VOID),
    "TessBaseAPIDetectOrientationScript": ([_VOID, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_float),
                                            ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_float)],
                                           ctypes.c_int),
    "TessBaseAPIClear": ([_VOID], None),
    "TessBaseAPIEnd": ([_VOID], None),
    "TessBaseAPIDelete": ([_VOID], None),
    "TessDeleteText": ([_VOID], None),
    "TessMonitorCreate": ([], _VOID),
    "TessMonitorSetDeadlineMSecs": ([_VOID, ctypes.c_int], None),
    "TessMonitorDelete": ([_VOID], None),
}

_loaded: ctypes.CDLL | None = None
_load_lock = threading.Lock()
_idle: dict[str, list[Engine]] = {}   # language -> engines no thread is using
_every_engine: list[Engine] = []


def _library() -> ctypes.CDLL:
    global _loaded
    with _load_lock:
        if _loaded is None:
            os.environ["OMP_THREAD_LIMIT"] = "1"   # read once, when the OpenMP runtime loads
            try:
                library = ctypes.CDLL(LIBRARY)
            except OSError:
                raise OcrFailed("Tesseract is not installed (libtesseract.so.5 not found)",
                                hint="Install it: apt-get install tesseract-ocr") from None
            for name, (arguments, result) in _SIGNATURES.items():
                function = getattr(library, name)
                function.argtypes, function.restype = arguments, result
            _loaded = library
            atexit.register(_end_all)
        return _loaded


class Engine:
    """One TessBaseAPI with one language (or `eng+spa`-style list) loaded; used by one thread
    at a time (see `borrowed`)."""

    def __init__(self, lang: str):
        self.lang = lang
        self._lib = _library()
        self._api = self._lib.TessBaseAPICreate()
        if self._lib.TessBaseAPIInit3(self._api, None, lang.encode()) != 0:
            self._lib.TessBaseAPIDelete(self._api)
            raise OcrFailed(f"Tesseract has no language data for {lang!r}",
                            hint=f"Install it (apt-get install tesseract-ocr-{lang.split('+')[0]}), "
                                 "or set ACCORD_OCR_LANG to an installed language.")
        # Tesseract's notes ("Estimating resolution as ...") would land amid the progress bar.
        self._lib.TessBaseAPISetVariable(self._api, b"debug_file", os.devnull.encode())

    def _set_image(self, image: Image.Image, dpi: int, psm: int) -> None:
        if image.mode != "L":
            image = image.convert("L")
        # SetImage copies the pixels, so the bytes need not outlive the call.
        self._lib.TessBaseAPISetImage(self._api, image.tobytes(), image.width, image.height, 1, image.width)
        if dpi:
            self._lib.TessBaseAPISetSourceResolution(self._api, dpi)
        self._lib.TessBaseAPISetPageSegMode(self._api, psm)

    def read_tsv(self, image: Image.Image, *, dpi: int, psm: int = PSM_AUTO, timeout: int = 180) -> str:
        """Tesseract's TSV for the image, header row included: the same as
        `tesseract IMAGE stdout --dpi DPI --psm PSM tsv` prints."""
        self._set_image(image, dpi, psm)
        monitor = self._lib.TessMonitorCreate()
        try:
            self._lib.TessMonitorSetDeadlineMSecs(monitor, int(timeout * 1000))
            if self._lib.TessBaseAPIRecognize(self._api, monitor) != 0:
                raise OcrFailed(f"Tesseract gave up on one page (took longer than {timeout}s, or the "
                                "image is unreadable)",
                                hint="Raise ACCORD_OCR_TIMEOUT, or check the page image (is it huge?).")
            text = self._lib.TessBaseAPIGetTsvText(self._api, 0)
            try:
                return TSV_HEADER + (ctypes.string_at(text).decode("utf-8", errors="replace") if text else "")
            finally:
                if text:
                    self._lib.TessDeleteText(text)
        finally:
            self._lib.TessMonitorDelete(monitor)
            self._lib.TessBaseAPIClear(self._api)

    def orientation(self, image: Image.Image, *, dpi: int) -> tuple[int, float]:
        """(degrees to turn the image clockwise so its text is upright, confidence); (0, 0.0)
        when Tesseract cannot tell (too little text). Needs an engine for the `osd` language."""
        self._set_image(image, dpi, PSM_OSD_ONLY)
        degrees, confidence = ctypes.c_int(), ctypes.c_float()
        script, script_confidence = ctypes.c_char_p(), ctypes.c_float()
        try:
            found = self._lib.TessBaseAPIDetectOrientationScript(
                self._api, ctypes.byref(degrees), ctypes.byref(confidence), ctypes.byref(script),
                ctypes.byref(script_confidence))
        finally:
            self._lib.TessBaseAPIClear(self._api)
        if not found:
            return 0, 0.0
        # The library reports how the text is turned; `tesseract --psm 0` prints the
        # correction ("Rotate"), which is the other way round.
        return (360 - degrees.value) % 360, float(confidence.value)

    def end(self) -> None:
        if self._api:
            self._lib.TessBaseAPIEnd(self._api)
            self._lib.TessBaseAPIDelete(self._api)
            self._api = None


@contextmanager
def borrowed(lang: str) -> Iterator[Engine]:
    """An idle engine for `lang`, or a new one (model loaded) when every one is in use; it
    goes back to the idle list afterwards, so there are never more engines than threads
    reading at once."""
    with _load_lock:
        idle = _idle.setdefault(lang, [])
        item = idle.pop() if idle else None
    if item is None:
        item = Engine(lang)
        with _load_lock:
            _every_engine.append(item)
    try:
        yield item
    finally:
        with _load_lock:
            _idle[lang].append(item)


def _end_all() -> None:
    # Without End, Tesseract prints "WARNING! LEAK!" for its cached dictionaries at exit.
    for item in _every_engine:
        item.end()
