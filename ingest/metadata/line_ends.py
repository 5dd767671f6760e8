"""Words a typesetter broke at the end of a line ("Immi-" / "gration and Customs Enforcement"), read whole, at the
same length so that offsets into the page still hold: every reader after this sees the word it would see had the
line been wider."""
from __future__ import annotations

import dataclasses
import re

from corpus.document import Page

# a word's first part at a line's end, a hyphen, and its rest in lower case at the next line's start. A part in
# capitals is left alone: "NON-" / "DISCLOSURE" is a hyphenated word as often as a broken one, and headings in
# capitals are seldom broken; so is a number's tens ("twenty-" / "fifth day of"), which the date readers read
# hyphenated. "Co-" / "operation" joined is harmless for what is read here (names, dates, titles).
_BROKEN_WORD = re.compile(r"(?<![\w-])(?!(?i:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-)"
                          r"(?P<head>[A-Za-z][a-z]+)-[ \t]*\n(?P<indent>[ \t]*)(?P<tail>[a-z]+)\b")

_HYPHEN_AT_LINE_END = re.compile(r"-[ \t]*\n")


def rejoined(text: str) -> str:
    """The text with each word broken over a line end written whole on the first line, the line break moved after
    it (and the rest of the line kept where it was): "Immi-\\ngration and" -> "Immigration\\n  and". Same length."""
    def whole(m: re.Match) -> str:
        word = m["head"] + m["tail"]
        return word + "\n" + " " * (len(m.group(0)) - len(word) - 1)
    # the pattern is tried at every position of a page: only a page with a hyphen at a line's end is read
    return _BROKEN_WORD.sub(whole, text) if _HYPHEN_AT_LINE_END.search(text) else text


def page_rejoined(page: Page) -> Page:
    text = rejoined(page.text)
    return page if text == page.text else dataclasses.replace(page, text=text)
