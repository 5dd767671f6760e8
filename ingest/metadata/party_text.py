"""The text the parties readers read: what is no sentence naming a party (underline runs, a filed exhibit's page
footers and legends) blanked out, and an abbreviation's bracket misread by OCR mended, at the same length so that
offsets into the page still hold."""
from __future__ import annotations

import re

from corpus.organisations import lowered_for_search

# an underlined word converted to text leaves a run of dashes in the sentence ("and Mail ------- Boxes Etc.",
# "is --------- made"); read as blanks of the same length, so offsets into the page still hold
_UNDERLINE_RUN = re.compile(r"(?<=[^\S\n])-{3,}(?=\s)")


def without_underline_runs(text: str) -> str:
    """Underline runs as blanks, and an abbreviation's opening bracket misread by OCR ("Enforcement {ICE)",
    "[DHS)") as the parenthesis it is; a filed exhibit's page footer ("Source: ACME INC, 10-K, 3/1/2017")
    and confidential-treatment legend ("... filed separately with the Securities and Exchange
    Commission.") as blanks: no party is named there. A capital I that OCR read as "l" ("lmmigration") and a full stop it
    set apart from its word are mended. Same length, so offsets into the page still hold."""
    # each pattern only where the words or letters every match of it holds are in the text: tried at every
    # position of a long first page, they cost more than the rest of the parties readers
    lowered = lowered_for_search(text)
    if "Source:" in text or lowered is None or "confidential" in lowered:
        text = _FILING_FURNITURE.sub(lambda m: " " * len(m.group(0)), text)
    if "lm" in text or "ln" in text:
        text = _OCR_LOWER_L.sub("I", text)
    if "---" in text:
        text = _UNDERLINE_RUN.sub(lambda m: " " * len(m.group(0)), text)
    if " . " in text:
        text = _OCR_SPACED_STOP.sub(". ", text)
    return _OCR_BRACKET.sub("(", text)


_FILING_FURNITURE = re.compile(r"\bSource:[ \t]+[^\n]{2,120}?,[ \t]*[0-9A-Z/-]{2,12},[ \t]*\d{1,2}/\d{1,2}/\d{2,4}|"
                               r"\*{0,3}[ \t]*(?i:confidential\s+treatment\s+(?:has\s+been\s+|was\s+)?requested)[^*]{0,300}?"
                               r"(?i:securities\s+and\s+exchange\s+commission)\.(?:[ \t]*(?i:omitted)[^.\n]{0,120}\.)?")


# OCR reads a capital I as a lower-case l: "U.S. lmmigration and Customs Enforcement", "lndian Health Service"; no English
# word begins "lm" or "ln", so a capitalised name's word read so is mended
_OCR_LOWER_L = re.compile(r"(?<![\w'’-])l(?=[mn][a-z]{3,})")
# OCR sets a full stop apart from its word ("the ACDHS Data Warehouse . 2 . AUTHORITY ."): moved back onto the word
# (same length), so a name ends at its sentence's end instead of running on into the next section
_OCR_SPACED_STOP = re.compile(r"(?:(?<=[a-z0-9]{2})|(?<=[A-Z]{3})) \.(?=[ \t]+[A-Z0-9(]|[ \t]*\n)")
_OCR_BRACKET = re.compile(r"[{\[](?=\s?[A-Z]{2,8}\s?\))")


def without_running_lines(text: str, running: frozenset[str]) -> str:
    """A page's running header and footer lines (heading.running_headers: a line at the top or bottom of most
    pages, "ACME CORP - CONFIDENTIAL", "Page 3 of 12") as blanks: a name repeated over every page is the
    printer's or the filer's, not a party the page's sentences bind. Only the first and last three lines are
    looked at, where running lines sit. Same length, so offsets into the page still hold."""
    if not running:
        return text
    lines = text.splitlines(keepends=True)
    filled = [i for i, line in enumerate(lines) if line.strip()]
    edges = set(filled[:3] + filled[-3:])
    return "".join(" " * len(line.rstrip("\n")) + line[len(line.rstrip("\n")):]
                   if i in edges and " ".join(line.split()) in running else line for i, line in enumerate(lines))
