"""Turning a born-digital PDF into a plausible scan: an image-only PDF with no text layer.

Each page is rasterised with pypdfium2 at 200-300 dpi and degraded the way copiers degrade
pages: a slight skew (within 1.5 degrees), a little blur, contrast change, sensor noise, grey
speckle, and now and then a page fed sideways or upside down (90/180 degrees). Half the scans are
bilevel (CCITT G4, like office copiers), half greyscale JPEG. All randomness comes from the
document's own seed, so the same document gives the same bytes.

`clean_scan_pdf` is the same scan without the copier: grey pages at 300 dpi, turned a little, nothing
else (bench/probe_pdfs.py: what OCR makes of a layout, apart from a copier's noise).
"""
from __future__ import annotations

import io
import random
import time

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

FIXED_TIME = time.struct_time((2026, 1, 1, 0, 0, 0, 3, 1, 0))  # PDF dates are fixed for determinism


def degrade(image: Image.Image, rng: random.Random, seed: int, turns: bool = True) -> tuple[Image.Image, int]:
    """A greyscale page image made to look scanned; returns (image, quarter-turn rotation in degrees).

    Kept cheap (about 0.1 s a page): nearest-neighbour skew then a box blur instead of bilinear
    plus Gaussian, contrast through a lookup table, noise from a tiled 256-pixel patch.
    """
    noise = np.random.default_rng(seed)
    image = image.convert("L")
    image = image.rotate(rng.uniform(-1.5, 1.5), resample=Image.Resampling.NEAREST, fillcolor=255, expand=False)
    image = image.filter(ImageFilter.BoxBlur(rng.choice((1, 1, 2)) if rng.random() < 0.8 else 0.5))
    low, high = rng.uniform(0, 35), rng.uniform(215, 250)           # contrast: ink not quite black, paper grey
    image = image.point([int(low + v * (high - low) / 255) for v in range(256)])
    pixels = np.asarray(image, dtype=np.int16)
    height, width = pixels.shape
    patch = noise.normal(0.0, rng.uniform(2, 7), (256, 256)).astype(np.int16)
    pixels = pixels + np.tile(patch, (height // 256 + 1, width // 256 + 1))[:height, :width]
    spots = int(height * width * rng.uniform(0.0002, 0.001))         # grey speckle
    pixels[noise.integers(0, height, spots), noise.integers(0, width, spots)] = noise.integers(40, 160, spots)
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "L")
    turn = rng.choices((0, 90, 180), (94, 3, 3))[0] if turns else 0
    if turn:
        image = image.rotate(turn, expand=True)
    return image, turn


def clean_scan_pdf(pdf_bytes: bytes, dpi: int = 300, skew: float = 0.6) -> bytes:
    """Image-only PDF of `pdf_bytes`: each page grey at `dpi`, turned `skew` degrees, on a letter page."""
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    document = pdfium.PdfDocument(pdf_bytes)
    try:
        images = [document[number].render(scale=dpi / 72).to_pil().convert("L").rotate(skew, fillcolor=255)
                  for number in range(len(document))]
    finally:
        document.close()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=letter)
    for image in images:
        pdf.drawImage(ImageReader(image), 0, 0, *letter)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def scan_pdf(pdf_bytes: bytes, seed: int) -> tuple[bytes, list[int]]:
    """Image-only PDF of `pdf_bytes` as scanned pages; returns (pdf bytes, rotation of each page)."""
    rng = random.Random(seed)
    dpi = rng.choice((200, 200, 240, 300))
    bilevel = rng.random() < 0.5
    document = pdfium.PdfDocument(pdf_bytes)
    images, turns = [], []
    try:
        for number in range(len(document)):
            bitmap = document[number].render(scale=dpi / 72, grayscale=True)
            image, turn = degrade(bitmap.to_pil(), rng, seed * 1000 + number)
            if bilevel:
                threshold = rng.randrange(140, 185)
                image = image.point(lambda v, t=threshold: 255 if v > t else 0).convert("1")
            images.append(image)
            turns.append(turn)
    finally:
        document.close()
    out = io.BytesIO()
    extra = {} if bilevel else {"quality": 60}
    images[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:], **extra,
                   creationDate=FIXED_TIME, modDate=FIXED_TIME, title="scan", producer="scanner")
    return out.getvalue(), turns


def scan_image(pdf_bytes: bytes, seed: int, fmt: str) -> tuple[bytes, list[int]]:
    """The pages as a PNG (first page) or multi-page TIFF with the DPI recorded; no quarter turns."""
    rng = random.Random(seed)
    dpi = rng.choice((200, 300))
    document = pdfium.PdfDocument(pdf_bytes)
    images = []
    try:
        for number in range(len(document) if fmt == "tiff" else 1):
            bitmap = document[number].render(scale=dpi / 72, grayscale=True)
            image, _ = degrade(bitmap.to_pil(), random.Random(seed + number), seed * 1000 + number, turns=False)
            images.append(image)
    finally:
        document.close()
    out = io.BytesIO()
    if fmt == "png":
        images[0].save(out, "PNG", dpi=(dpi, dpi), optimize=False)
    else:
        images[0].save(out, "TIFF", dpi=(dpi, dpi), compression="tiff_lzw", save_all=True, append_images=images[1:])
    return out.getvalue(), [0] * len(images)
