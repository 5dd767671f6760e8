"""A PDF text layer's text with the page's layout put back: pdfium's text (get_text_range) joins the
columns of a line with one space and has no blank lines, so side-by-side signature blocks run
together ("BUREAU OF RECLAMATION CENTRAL UTAH WATER CONSERVANCY DISTRICT") and a heading reads on
into the paragraph under it. The word boxes say where each word sits: a wide gap inside a line
becomes a run of spaces as wide as the gap, and a line set well below the one above gets a blank
line before it, as a plain-text rendering of the page (and Tesseract's text) has them. Only
whitespace changes: the words, their order and their boxes stay as they are."""
from __future__ import annotations

import statistics

# a gap this many characters wide between two words of a line separates columns (a justified line
# stretches its spaces to about two characters)
COLUMN_GAP_CHARS = 3.0
MAX_SPACES = 40
# a line whose top is this many line pitches below the line above follows a blank line
BLANK_LINE_PITCHES = 1.7
LOOKAHEAD = 4   # words a token is looked for among (past words that have no token of their own)


def laid_out(text: str, words: list[tuple]) -> str:
    """`text` (lines separated by "\\n", words by single spaces, as pdfium gives them) with runs of
    spaces where a line's words are far apart and blank lines where the page leaves a gap.
    `words`: (word, left, top, right, bottom) in the text's order (pdf.text_words)."""
    if not words:
        return text
    lines = text.replace("\t", " ").split("\n")
    boxes = _line_boxes(lines, words)
    tops = [min(b[2] for b in line if b) if any(line) else None for line in boxes]
    steps = [b - a for a, b in zip(tops, tops[1:]) if a is not None and b is not None and b > a]
    pitch = statistics.median(steps) if steps else None
    out: list[str] = []
    previous_top = None
    for line, line_boxes, top in zip(lines, boxes, tops):
        if pitch and top is not None and previous_top is not None and top - previous_top > BLANK_LINE_PITCHES * pitch \
                and out and out[-1].strip():
            out.append("")
        out.append(_spaced(line, line_boxes))
        if top is not None:
            previous_top = top
    return "\n".join(out)


def _line_boxes(lines: list[str], words: list[tuple]) -> list[list[tuple | None]]:
    """For each line, the box of each of its space-separated tokens (None where the token has no
    box of its own: text_words skips a character pdfium gives no box, and cuts a word set over two
    lines into parts; the tokens after it find their boxes again)."""
    found: list[list[tuple | None]] = []
    at = 0
    for line in lines:
        line_boxes: list[tuple | None] = []
        for token in line.split(" "):
            hit = next((k for k in range(at, min(at + LOOKAHEAD, len(words))) if words[k][0] == token), None) \
                if token else None
            line_boxes.append(None if hit is None else words[hit])
            at = at if hit is None else hit + 1
        found.append(line_boxes)
    return found


def _spaced(line: str, boxes: list[tuple | None]) -> str:
    tokens = line.split(" ")
    widths = [(b[3] - b[1]) / len(b[0]) for b in boxes if b and len(b[0]) > 1]
    if len(tokens) < 2 or not widths:
        return line
    char = statistics.median(widths)
    parts = [tokens[0]]
    for before, token, box in zip(boxes, tokens[1:], boxes[1:]):
        gap = (box[1] - before[3]) / char if before and box and char > 0 else 0
        parts.append(" " * min(MAX_SPACES, round(gap)) if gap >= COLUMN_GAP_CHARS else " ")
        parts.append(token)
    return "".join(parts)
