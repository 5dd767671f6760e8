"""Born-digital rendering of a plan to PDF with reportlab (a real text layer).

The layout is done here rather than with platypus so that redactions can be drawn inline: a
black filled box where the withheld words were (no text under it) followed by the exemption
codes as ordinary text, exactly as in agency FOIA releases. `invariant=1` keeps the bytes
identical for the same plan.
"""
from __future__ import annotations

import io
import random
import zlib
from reportlab.lib.pagesizes import letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from corpus.demo.generator import Plan
from corpus.demo.parties import REDACTION

PAGE_W, PAGE_H = letter
MARGIN = 72
SIZES = {"Times-Roman": 11.0, "Helvetica": 10.0, "Courier": 9.5}
BOLD = {"Times-Roman": "Times-Bold", "Helvetica": "Helvetica-Bold", "Courier": "Courier-Bold"}


def stamps(plan: Plan, page_no: int, pages: int) -> tuple[list[str], list[str]]:
    """Header and footer lines of a page: FOIA release stamp, handling marking, page number.
    The fast text path uses the same lines, so both paths agree on page furniture."""
    truth = plan.truth
    header, footer = [], []
    if truth.released:
        year = (truth.effective_date or truth.document_date or "2020")[:4]
        header.append(f"RELEASED UNDER THE FREEDOM OF INFORMATION ACT - {int(year) + 2}-FOIA-"
                      f"{int(truth.file[4:9]) * 37 % 90000 + 10000}")
    if plan.marking:
        header.append(plan.marking)
        footer.append(plan.marking)
    if plan.page_numbers:
        footer.insert(0, f"Page {page_no} of {pages}")
    return header, footer


class _Layout:
    """Lays blocks out into pages of drawing operations."""

    def __init__(self, font: str):
        self.font, self.bold, self.size = font, BOLD[font], SIZES[font]
        self.leading = self.size * 1.3
        self.width = PAGE_W - 2 * MARGIN
        self.pages: list[list[tuple]] = [[]]
        self.y = PAGE_H - MARGIN

    def _room(self, lines: int) -> None:
        if self.y - lines * self.leading < MARGIN:
            self.pages.append([])
            self.y = PAGE_H - MARGIN

    def _tokens(self, text: str, font: str) -> list[tuple[str, float, str | None]]:
        """Words as (text, width, box width or None); punctuation right after a redaction sticks to its codes."""
        out: list[tuple[str, float, str | None]] = []
        pieces = REDACTION.split(text)  # text, codes, width, text, codes, width, ..., text
        for i in range(0, len(pieces), 3):
            words = pieces[i].split(" ")
            if i and words and words[0] and out and out[-1][2] is not None:
                code, _w, box = out.pop()
                code += words.pop(0)
                out.append((code, float(box) + 3 + stringWidth(code, font, self.size), box))
            out.extend((w, stringWidth(w, font, self.size), None) for w in words if w)
            if i + 1 < len(pieces):
                code, box = pieces[i + 1], str(int(pieces[i + 2]) * self.size * 0.5)
                out.append((code, float(box) + 3 + stringWidth(code, font, self.size), box))
        return out

    def _wrap(self, text: str, font: str) -> list[list[tuple[str, float, str | None]]]:
        space = stringWidth(" ", font, self.size)
        lines, line, width = [], [], 0.0
        for token in self._tokens(text, font):
            extra = token[1] + (space if line else 0)
            if line and width + extra > self.width:
                lines.append(line)
                line, width = [], 0.0
                extra = token[1]
            line.append(token)
            width += extra
        if line:
            lines.append(line)
        return lines

    def _emit(self, line, font: str, centered: bool = False) -> None:
        space = stringWidth(" ", font, self.size)
        total = sum(t[1] for t in line) + space * (len(line) - 1)
        x = MARGIN + (self.width - total) / 2 if centered else MARGIN
        run: list[str] = []
        run_x = x
        page = self.pages[-1]
        for word, width, box in line:
            if box is None:
                if not run:
                    run_x = x
                run.append(word)
            else:
                if run:
                    page.append(("text", run_x, self.y, font, " ".join(run)))
                    run = []
                box_w = float(box)
                page.append(("box", x, self.y - self.size * 0.25, box_w, self.size * 1.05))
                page.append(("text", x + box_w + 3, self.y, font, word))
            x += width + space
        if run:
            page.append(("text", run_x, self.y, font, " ".join(run)))
        self.y -= self.leading

    def add(self, kind: str, text: str) -> None:
        if kind == "gap":
            self.y -= self.leading * 0.6
        elif kind == "title":
            for line in self._wrap(text, self.bold):
                self._room(1)
                self._emit(line, self.bold, centered=True)
        elif kind == "heading":
            self.y -= self.leading * 0.5
            self._room(3)  # keep a heading with the first lines of its section
            for line in self._wrap(text, self.bold):
                self._emit(line, self.bold)
        elif kind == "sig":
            rows = text.split("\n")
            signed = "Date: " in text and "Date: _" not in text
            self.y -= self.leading * 0.8
            self._room(len(rows) + 1)
            for row in rows:
                if signed and row.startswith("___"):
                    self.pages[-1].append(("scribble", MARGIN + 8, self.y + 2, zlib.crc32(text.encode())))
                for line in self._wrap(row, self.font):
                    self._emit(line, self.font)
        else:
            wrapped = self._wrap(text, self.font)
            for line in wrapped:
                self._room(1)
                self._emit(line, self.font)
            if kind in ("para", "pad"):
                self.y -= self.leading * 0.4


def _scribble(c: canvas.Canvas, x: float, y: float, seed: int) -> None:
    """A handwritten-looking signature: a few joined curves above the signature line (no text)."""
    rng = random.Random(seed)
    c.saveState()
    c.setLineWidth(rng.uniform(0.7, 1.3))
    c.setStrokeColorRGB(0.05, 0.05, rng.uniform(0.1, 0.5))
    path = c.beginPath()
    px, py = x, y + rng.uniform(2, 8)
    path.moveTo(px, py)
    for _ in range(rng.randint(4, 8)):
        nx, ny = px + rng.uniform(12, 30), y + rng.uniform(0, 16)
        path.curveTo(px + rng.uniform(-6, 14), y + rng.uniform(-4, 22), nx - rng.uniform(-6, 14), y + rng.uniform(-4, 22), nx, ny)
        px, py = nx, ny
    c.drawPath(path, stroke=1, fill=0)
    c.restoreState()


def layout(plan: Plan) -> list[list[tuple]]:
    lay = _Layout(plan.font)
    for kind, text in plan.blocks:
        lay.add(kind, text)
    return [page for page in lay.pages if page] or [[]]


def render_pdf(plan: Plan) -> bytes:
    """The born-digital PDF of a plan; sets plan.truth.pages."""
    pages = layout(plan)
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=letter, invariant=1, pageCompression=1)
    c.setTitle(plan.truth.title[:120])
    c.setAuthor("Accord demo corpus")
    for number, ops in enumerate(pages, start=1):
        header, footer = stamps(plan, number, len(pages))
        for row, line in enumerate(header):
            stamp = line.startswith("RELEASED")
            c.setFont("Helvetica-Bold", 8 if stamp else 9)
            y = PAGE_H - MARGIN / 2 - row * 11
            if stamp:
                c.drawRightString(PAGE_W - MARGIN / 2, y, line)
            else:
                c.drawCentredString(PAGE_W / 2, y, line)
        for row, line in enumerate(footer):
            c.setFont(plan.font if line.startswith("Page") else "Helvetica-Bold", 9)
            c.drawCentredString(PAGE_W / 2, MARGIN / 2 - row * 11, line)
        size = SIZES[plan.font]
        for op in ops:
            if op[0] == "text":
                _, x, y, font, text = op
                c.setFont(font, size)
                c.drawString(x, y, text)
            elif op[0] == "box":
                _, x, y, w, h = op
                c.rect(x, y, w, h, stroke=0, fill=1)
            else:
                _scribble(c, *op[1:])
        c.showPage()
    c.save()
    plan.truth.pages = len(pages)
    return buffer.getvalue()
