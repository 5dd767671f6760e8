"""Signature dates: the dates a signature block gives, read from the block itself ("Date:" fields, a column's
"Date" caption, a date under the signer's name, an e-signature's note), never from the word "signature" in a
sentence nor from an empty date field elsewhere on the page."""
from __future__ import annotations

import re

from ingest.metadata.certifications import certification_cue
from ingest.metadata.date_roles import FILE_PROPERTIES
from ingest.metadata.dates import find_dates, is_date_line
from ingest.metadata.terms import PageDate


def signature_dates(pages, dates: list[PageDate]) -> list[PageDate]:
    """Dates written on 'Date:' lines or right under a signature, anywhere in the document."""
    texts = {p.number: p.text for p in pages}
    out = []
    for pd in dates:
        text = texts[pd.page]
        line_start = text.rfind("\n", 0, pd.mention.start) + 1
        line_end = text.find("\n", pd.mention.end)
        line = text[line_start:line_end if line_end >= 0 else len(text)]
        before_on_line = text[line_start:pd.mention.start]
        above = text[max(0, line_start - 160):line_start].splitlines()[-2:]
        below = text[line_end + 1:text.find("\n", line_end + 1) if text.find("\n", line_end + 1) >= 0 else len(text)] \
            if line_end >= 0 else ""
        if FILE_PROPERTIES.search(line):
            continue        # "FILENAME: spec.doc DATE: 07/07/97 3:57 PM AUTHOR(S): ...": an attached file's properties
        if pd.page == pages[0].number and _HEAD_DATE_LABEL.search(before_on_line) and \
                not _PROSE_LINE.search(text, 0, line_start) and not _SIGNATURE_BLOCK.search(text, 0, line_start):
            continue        # "Dated: February 14, 2020" under the heading, above the body: the document's own date line
        if _OCR_OTHER_DATE_LABEL.search(before_on_line):
            continue        # "Effectlve Date: 01/01/2026   Explration Date: 12/3l/2O28" beside the signatures, as OCR reads them
        if certification_cue(text, pd.mention.start):
            continue        # "APPROVED AS TO FORM: ... Date:", a notary's "Date:": no party signed on that day
        if _signed_date_label(before_on_line, text[pd.mention.end:line_end if line_end >= 0 else len(text)],
                              text[max(0, line_start - _BLOCK_REACH):line_start]) or (
                # a column's "Date" caption under the line the date was written on ("/s/ Pat Doe    4/2/2019")
                _DATE_CAPTION_BELOW.search(below)
                or _DATE_CAPTION_AFTER_RULE.search(text, pd.mention.end, line_end if line_end >= 0 else len(text))) or (
                # nothing before it on its line but, in a two-column block, the other column's date
                (not before_on_line.strip() or is_date_line(before_on_line))
                and (_SIGNATURE_LABEL.search(text[max(0, pd.mention.start - 200):pd.mention.start])
                     # two-column blocks: the second column's date drops to the line under "Date: ... Date:"
                     or any(_DATE_LABEL.search(line) for line in above))) or (
                # signed electronically, the dates are stamped apart from the empty "Date: ____" fields of the same
                # block (an empty field elsewhere on the page says nothing of this line)
                is_date_line(line) and _empty_date_field_in_block(text, line_start, line_end if line_end >= 0 else len(text))) or (
                # a date on its own line under a signature rule and the signer's name and office (no "Date:" label); in a
                # two-column block, the row of the two dates
                (is_date_line(line) or _dates_row(line)) and _UNDER_A_SIGNATURE.search(text[max(0, line_start - 300):line_start])) or (
                # a signature table's labelled row of dates, one per column ("Date:     05/12/2026     05/19/2026")
                _dates_row(_ROW_LABEL.sub("", line, count=1)) and _ROW_LABEL.match(line)) or (
                # "/s/ Pat Doe [signature authenticated by the document depository on May 3, 2019]": an e-signature's note
                _ESIGNED_ON.search(text, max(0, pd.mention.start - 240), pd.mention.start)) or (
                # a handwritten date that OCR set on a line of its own, just above the date field it was written in
                is_date_line(line) and _illegible_date_field_below(text, line_end)):
            out.append(pd)
    return out


# "Date:" / "Dated:" / "Date signed:" on a signature line; "Start Date:", "End Date:", "Due Date:" label
# other dates (a project period, a deadline) that only look like a signature block's
_NOT_SIGNING = r"(?<!effective )(?<!start )(?<!end )(?<!completion )(?<!due )(?<!expiration )(?<!termination )" \
               r"(?<!birth )(?<!issue )(?<!award )(?<!closing )(?<!report )(?<!target )(?<!deadline )" \
               r"(?<!creation )(?<!revision )(?<!hire )(?<!resignation )(?<!reinstatement )(?<!accrual )(?<!review )" \
               r"(?<!longevity )(?<!posting )(?<!incident )(?<!service )(?<!payment )(?<!invoice )(?<!order )"
_SIGNED_DATE_LABEL = re.compile(_NOT_SIGNING + r"\bDate(?:d)?\s*(?:signed)?\s*[:.]?[\s_-]*$|"
                                # "Signed: 12/01/2025" under a signer's name and office
                                r"(?:^|\s)Signed\s*:[\s_-]*$", re.IGNORECASE)
# the labels _NOT_SIGNING sets aside, as OCR misreads their i ("Effectlve", "Explration", "Terminatlon")
_OCR_OTHER_DATE_LABEL = re.compile(r"\b(?:effect[il1|]ve|exp[il1|]rat[il1|][o0]n|term[il1|]nat[il1|][o0]n)\s+Date\s*[:.]?[\s_-]*$",
                                   re.IGNORECASE)
_ROW_LABEL = re.compile(r"^[ \t]*(?:Date(?:d|\s+signed)?|Signed)[ \t]*:", re.IGNORECASE)
# "Dated this 4th day of March, 2021", "Signed this ...", "Executed on ..." opening a signature block's line
# ("Agreed to this 5th day of May, 2022." over the signers' lines of a letter of agreement)
_DATED_THIS = re.compile(r"^[\s_]*(?:Dated|Signed|Executed|Agreed(?:\s+to)?(?:\s+and\s+accepted)?)\s+(?:this|on)\s+(?:the\s+)?$",
                         re.IGNORECASE)
_DATE_CAPTION_BELOW = re.compile(r"(?:^|\s{2,}|\t|_)Date\s*(?:$|\s{2,})")
# a form's two rows joined on one line by text extraction: "Pat Doe   1/9/02   ------   Name (type or print)   Date"
_DATE_CAPTION_AFTER_RULE = re.compile(r"(?:-{5,}|_{5,})[^\n]*?" + _NOT_SIGNING + r"\bDate\b(?!\s*:)")


def _signed_date_label(before: str, after: str, above: str = "") -> bool:
    """The date fills a signature block's date field: "Date:", "Date signed", "Dated:", "Dated this". A lower-case
    "dated" running on from a sentence ("the letter from counsel\ndated May 10, 1999 ...") labels nothing, and a bare
    "dated" with no colon is a signature's only inside a signature block (under a title, "dated 10 October 2000" is
    the document's own date line)."""
    m = _SIGNED_DATE_LABEL.search(before) or _DATED_THIS.search(before)
    if m is None:
        return False
    label = m.group(0).strip(" _-")
    if label.startswith("dated") and ":" not in label and after.strip(" _-.,"):
        return False
    if label.lower().startswith("dated") and not label.lower().startswith("dated this") and ":" not in label and \
            not (_SIGNATURE_BLOCK.search(above) or _SIGNATURE_LABEL.search(above)):
        return False
    return True


# a "Date:" / "Dated:" label opening its line: over or under a heading, before any sentence of the body and any
# signature block, it dates the document (a letter's date line), not a signature
_HEAD_DATE_LABEL = re.compile(r"^[ \t]*(?:Dated?|DATED?)[ \t]*:[ \t_]*$")
# the lines of a signature block above a date: a signature label, "By:", "Name:", "Title:", "IN WITNESS WHEREOF"
_SIGNATURE_BLOCK = re.compile(r"\b(?:By|Name|Title|Its)\s*:|\bIN\s+WITNESS\b|_{6,}", re.IGNORECASE)


_DATE_LABEL = re.compile(_NOT_SIGNING + r"\bDate\s*:", re.IGNORECASE)
# a signature block's own words above a date set on its own line: a "Signature" / "Signed" caption or label, "signed
# by", "Digitally signed", "/s/". The same words in a sentence ("upon signature of both parties", "has signed this
# Agreement") label no date.
_SIGNATURE_LABEL = re.compile(r"\b(?:Signature|Signed)\b[ \t]*(?::|_|\)|\n|$|[ \t]{2,})|(?:^|\n)[ \t]*Signed\s+by\b|"
                              r"\b(?:Digitally|Electronically)\s+signed\b|/s/", re.IGNORECASE)
# the signature's rule ("__________", "/s/ Pat Doe", "By: ____") and at most three lines of name, office and
# organisation between it and the date's line
# (two blocks side by side make those lines wide: "Executive Assistant Commissioner" and the other office beside it)
_UNDER_A_SIGNATURE = re.compile(r"(?:_{6,}|/s/|\bBy\s*:)[^\n]*\n(?:[ \t]*[^\n\d]{1,140}\n){0,3}$")
# how far above a date a signature block's labels are looked for
_BLOCK_REACH = 400
_ESIGNED_ON = re.compile(r"/s/[^\n]{0,160}?\b(?:sign(?:ed|ature)|executed|authenticated)\b[^\n.;]{0,80}?\bon\s+(?:the\s+)?$",
                         re.IGNORECASE)
def _dates_row(line: str) -> bool:
    """A line of dates set apart in columns and nothing else ("3/3/2025          3/17/2025")."""
    found = find_dates(line)
    rest = line
    for mention in reversed(found):
        rest = rest[:mention.start] + rest[mention.end:]
    return len(found) >= 2 and not rest.strip() and bool(re.search(r"\S\s{3,}\S", line.strip()))


# a signature block's date field left blank on the page ("Date: ______", "Date: Date:")
_EMPTY_DATE_FIELD = re.compile(r"(?:^|\n)[^\n]{0,80}?\bDate\s*:[\s_]*(?:\n|$|Date\s*:|Signature\b|By\b)", re.IGNORECASE)


# a line of prose (eight words or more ending a sentence): a signature block has none, so one ends the block
_PROSE_LINE = re.compile(r"(?m)^[^\n]*?\b[A-Za-z]+(?:[ \t]+\S+){7,}[.;][ \t]*$")


def _empty_date_field_in_block(text: str, line_start: int, line_end: int, reach: int = 1200) -> bool:
    """An empty "Date: ____" field in the same signature block as the line: above or below it with no line of prose
    between (an e-signature's stamped dates sit apart from the form's fields, a dozen lines off at most)."""
    before = text[max(0, line_start - reach):line_start]
    last = None
    for last in _EMPTY_DATE_FIELD.finditer(before):
        pass
    if last is not None and not _PROSE_LINE.search(before, last.end()):
        return True
    after = text[line_end:line_end + reach]
    first = _EMPTY_DATE_FIELD.search(after)
    return first is not None and not _PROSE_LINE.search(after, 0, first.start())


def _illegible_date_field_below(text: str, line_end: int, lines: int = 3) -> bool:
    """One of the next few lines has a signature block's date field with no legible date in it ("Date: ______",
    "Date:------,------", "Date: PK -DOAS"): where handwriting was read off the line, the field is empty."""
    if line_end < 0:
        return False
    for line in text[line_end + 1:].split("\n", lines)[:lines]:
        labels = list(_DATE_LABEL.finditer(line))
        for label, following in zip(labels, labels[1:] + [None]):
            if not find_dates(line[label.end():following.start() if following else len(line)]):
                return True
    return False
