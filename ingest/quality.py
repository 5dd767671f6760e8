"""Is a page's text layer worth keeping, or should the page be OCR'd?

Cheap signals, no dictionary file needed:
  - too short: fewer than ACCORD_MIN_PAGE_CHARS non-blank characters (scans, blank layers);
  - a scan with a sparse layer: the page is mostly an image and its text layer is small;
  - control characters: a broken font map (e.g. the 18F 7600A form) decodes glyphs to
    shifted code points, many of which land below 0x20;
  - no English: among enough letter-words, almost none are common English function
    words and the vowel share is off (shifted letters keep word shapes but not vowels).
"""
from __future__ import annotations

import re

COMMON_WORDS = frozenset("""
a an and are as at be been by for from has have he her his if in into is it its may more no not of on or
other our shall she should such than that the their them then there these they this those to under upon
was were which who will with would you your any all each party parties agreement section date this
""".split())
_WORD = re.compile(r"[A-Za-z]{2,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")   # control codes other than \t \n \f \r
VOWELS = "aeiouyAEIOUY"

MIN_WORDS_TO_JUDGE = 12
# A scan whose text layer holds only this much was not OCR'd: the text is something added
# on top (e.g. the digital signature block on the signature page of a scanned 287(g) MOA,
# whose other signatory, the agency, is only in the image).
SPARSE_SCAN_CHARS = 300
MAX_CONTROL_SHARE = 0.01
MIN_COMMON_SHARE = 0.04
VOWEL_RANGE = (0.25, 0.55)


def text_layer_problem(text: str, min_chars: int, *, scanned_image: bool = False) -> str:
    """'' when the text layer is usable, else the reason (stored as Page.quality_note).
    `scanned_image`: the page is mostly an image (a scan)."""
    # str methods and C loops: this runs on every page (str.split splits at exactly what re's \s matches)
    visible = len("".join(text.split()))
    if visible < min_chars:
        return f"text layer too short ({visible} characters < {min_chars})" if visible else "no text layer"
    if scanned_image and visible < SPARSE_SCAN_CHARS:
        return f"scanned page with only {visible} characters of text layer (a stamp or added signature block)"
    controls = len(_CONTROL.findall(text))
    if controls > visible * MAX_CONTROL_SHARE:
        return f"text layer has {controls} control characters (broken font map)"
    words = _WORD.findall(text)
    if len(words) < MIN_WORDS_TO_JUDGE:
        return ""
    common = sum(map(COMMON_WORDS.__contains__, map(str.lower, words))) / len(words)   # every page: no Python loop
    letters = "".join(words)
    vowels = sum(map(letters.count, VOWELS)) / len(letters)
    if common < MIN_COMMON_SHARE and not VOWEL_RANGE[0] <= vowels <= VOWEL_RANGE[1]:
        return f"text layer does not read as English ({common:.0%} common words, {vowels:.0%} vowels)"
    return ""
