"""A PDF text layer's lines with their columns put back: pdfium's text (get_text_range) joins the
words of a line with one space however far apart they stand, so side-by-side signature blocks run
together ("BUREAU OF RECLAMATION CENTRAL UTAH WATER CONSERVANCY DISTRICT") and a reference number
at the right margin joins the heading beside it. The word boxes say where each word sits: a wide
gap inside a line becomes a run of spaces as wide as the gap, as a plain-text rendering of the page
has it; Tesseract's lines are joined the same way (`spaced_words`). Only spaces change: the words, their order, the lines and the boxes
stay as they are. (Blank lines where the page leaves a vertical gap were tried too: they cut
headings that a title goes on over, "FAQ 24-02" / "Frequently Asked Questions", four real titles
lost for one made-up one won.)"""
from __future__ import annotations

# a gap this many characters wide between two words of a line separates columns (a justified line
# stretches its spaces to about two characters)
COLUMN_GAP_CHARS = 3.0
MAX_SPACES = 40
LOOKAHEAD = 4   # words a token is looked for among (past words that have no token of their own)


def laid_out(text: str, words: list[tuple]) -> str:
    """`text` (lines separated by "\\n", words by single spaces, as pdfium gives them) with runs of
    spaces where a line's words are far apart. `words`: (word, left, top, right, bottom) in the
    text's order (pdf.text_words)."""
    if not words:
        return text
    lines = text.replace("\t", " ").split("\n")
    return "\n".join(_spaced(line, boxes) for line, boxes in zip(lines, _line_boxes(lines, words)))


def _line_boxes(lines: list[str], words: list[tuple]) -> list[list[tuple | None]]:
    """For each line, the box of each of its space-separated tokens (None where the token has no
    box of its own: text_words skips a character pdfium gives no box, and cuts a word set over two
    lines into parts; the tokens after it find their boxes again)."""
    found: list[list[tuple | None]] = []
    at, count = 0, len(words)
    for line in lines:
        line_boxes: list[tuple | None] = []
        for token in line.split(" "):
            if at < count and words[at][0] == token:   # the common case, first: this runs for every word
                line_boxes.append(words[at])
                at += 1
                continue
            hit = next((k for k in range(at + 1, min(at + LOOKAHEAD, count)) if words[k][0] == token), None) \
                if token else None
            line_boxes.append(None if hit is None else words[hit])
            at = at if hit is None else hit + 1
        found.append(line_boxes)
    return found


def spaced_words(words: list[tuple]) -> str:
    """A line's words, (word, left, top, right, bottom) left to right, joined by one space, or by a
    run of spaces as wide as the gap where they stand apart (Tesseract's lines: ingest/ocr.py)."""
    return _spaced(" ".join(w[0] for w in words), list(words))


def _spaced(line: str, boxes: list[tuple | None]) -> str:
    if " " not in line:
        return line
    tokens = line.split(" ")
    widths = sorted((b[3] - b[1]) / len(b[0]) for b in boxes if b and len(b[0]) > 1)
    if not widths:
        return line
    middle = len(widths) // 2
    char = (widths[middle] + widths[~middle]) / 2   # the median: a typical character's width on this line
    parts = [tokens[0]]
    for before, token, box in zip(boxes, tokens[1:], boxes[1:]):
        gap = (box[1] - before[3]) / char if before and box and char > 0 else 0
        parts.append(" " * min(MAX_SPACES, round(gap)) if gap >= COLUMN_GAP_CHARS else " ")
        parts.append(token)
    return "".join(parts)
