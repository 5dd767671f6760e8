"""Headings of plain-text filings (SEC EDGAR exhibits), whose line breaks were run together: a heading set as a
segment between runs of spaces, or named by the preamble that follows it."""
from __future__ import annotations

import re

from ingest.metadata.title_lines import (CONNECTOR_END, CONNECTOR_START, JUNK_LINE, MAX_TITLE_WORDS, never_title, title_start,
                                         upper_heading)

# a plain-text filing keeps the page's line breaks as runs of spaces: "EXHIBIT 10.26   ***Confidential treatment
# requested ...   FLEET MAINTENANCE AGREEMENT"
_SEGMENT_GAP = re.compile(r"[ \t]{3,}")


def column_heading(text: str, running_headers: frozenset[str] = frozenset()) -> tuple[int, int, str] | None:
    """An upper-case heading that stands as a segment of its own (between runs of spaces) on one of the first
    lines, when the lines themselves hold no title: the exhibit number and a legend share its line."""
    position = 0
    for raw in text.splitlines(keepends=True)[:3]:
        line = raw.rstrip("\r\n")
        cuts = [0] + [x for m in _SEGMENT_GAP.finditer(line) for x in (m.start(), m.end())] + [len(line)]
        segments = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]
        for index, (s, e) in enumerate(segments):
            segment = line[s:e].strip()
            if not segment or not segment.replace("(g)", "(G)").isupper() or len(segment.split()) > 25 \
                    or never_title(segment, running_headers) or not title_start(segment):
                continue
            end = e
            for s2, e2 in segments[index + 1:index + 4]:      # "... AGREEMENT   BETWEEN   A AND B"
                following = line[s2:e2].strip()
                if not (following.isupper() and (CONNECTOR_START.match(following) or CONNECTOR_END.search(line[s:end]))):
                    break
                end = e2
            title = " ".join(line[s:end].split())
            return position + s, position + end, title
        position += len(raw)
    return None
_KIND_WORD = r"(?:AGREEMENT|CONTRACT|MEMORANDUM(?:\s+OF\s+[A-Z]+)?|ADDENDUM|AMENDMENT|ARRANGEMENT|UNDERSTANDING)"
# the preamble names the document: "This CONSULTING AGREEMENT (...)", "This Multiple LINAC and ... Agreement (...)"
_SELF_NAMED = re.compile(r"\b(?:This|THIS)\s+(?P<name>(?:[A-Z][\w&'’-]*,?\s+(?:(?:and|AND|of|OF|&)\s+)?){0,10}?"
                         r"(?:AGREEMENT|Agreement|CONTRACT|Contract|MEMORANDUM|Memorandum|ADDENDUM|Addendum|AMENDMENT|Amendment)"
                         r"(?:\s+(?:of|OF)\s+[A-Z]\w+)?"
                         # an amendment's number goes with the name: "This NON-COMPETITION AGREEMENT AMENDMENT NO. 1"
                         r"(?:\s+(?:AMENDMENT|Amendment|ADDENDUM|Addendum)\s+(?:NO\.|No\.|NUMBER|Number)\s*\d+)?)\b")
# "STRATEGIC ALLIANCE AGREEMENT STRATEGIC ALLIANCE AGREEMENT, dated as of": the heading, then the preamble repeating it
_DOUBLED = re.compile(rf"\b(?P<name>(?:[A-Z][A-Z&'’-]*,?\s+(?:(?:AND|OF|&)\s+)?){{0,10}}?{_KIND_WORD})\s+(?P=name)\b")


# a heading's BETWEEN clause set after it on the run-together line, before the preamble: "(BETWEEN A AND B)"
_BETWEEN_CLAUSE = re.compile(r"\s*(\(\s*(?:BY\s+AND\s+)?(?:BETWEEN|AMONG)\s[^()]{1,150}\)|(?:BY\s+AND\s+)?(?:BETWEEN|AMONG)\s[^()a-z]{1,150}?)\s*$")


def run_on_heading(text: str) -> tuple[int, int, str] | None:
    """The title of a text whose opening lines were run together into one (a plain-text filing: exhibit number,
    legend, title and preamble on one line): the heading the preamble names ("This CONSULTING AGREEMENT ..."),
    found just before the preamble, or a heading the preamble's first words repeat."""
    # (asked only when no line of the text reads as a title: a text with its own heading lines never gets here)
    head = text[:4000]
    doubled = _DOUBLED.search(head)
    named = _SELF_NAMED.search(head)
    if named:
        before = head[:named.start()]
        pattern = r"\b" + r"\s+".join(re.escape(w) for w in named["name"].split()) + r"\b"
        last = None
        for last in re.finditer(pattern, before, re.IGNORECASE):
            pass              # the heading is the last copy of the name before the preamble
        if last is not None and len(named["name"].split()) == 1 and not last.group(0).isupper():
            last = None       # a bare "Memorandum" or "Agreement" in running text ("OMB Memorandum M-11-24") is no heading
        if last is not None:
            start = last.start()
            if last.group(0).isupper() and len(named["name"].split()) == 1:
                # "CHASE AFFILIATE AGREEMENT   THIS AGREEMENT sets forth ...": the preamble names the heading's last
                # word only; the heading is the whole upper-case run of its segment
                segment_start = max((m.end() for m in _SEGMENT_GAP.finditer(before, 0, start)), default=0)
                words = before[segment_start:start].split()
                while words and words[-1].isupper() and re.fullmatch(r"[A-Z][A-Z&'’-]*", words[-1]):
                    start = before.rfind(words.pop(), segment_start, start)
            end = last.end()
            between = _BETWEEN_CLAUSE.match(head, end, named.start())
            if between:        # "... AGREEMENT (BETWEEN LICENSEE AND ITS STAFF) THIS ... AGREEMENT": its parties go with it
                end = between.end(1)
            return start, end, " ".join(head[start:end].split())
    if doubled and (named is None or doubled.start() < named.start()):
        return doubled.start("name"), doubled.end("name"), " ".join(doubled["name"].split())
    return None


def heading_lines(text: str, limit: int = 60) -> list[tuple[int, str]]:
    """(offset, line) of the text's first lines, where a line of a plain-text filing that ran the page's lines
    together ("Exhibit 10.13   TRANSPORTATION AGREEMENT   BETWEEN   A   AND   B   DATED AS OF   ...") is given back
    as the lines it was made of; a wide run of spaces stands for the blank line between two blocks."""
    lines: list[tuple[int, str]] = []
    position = 0
    for raw in text.splitlines(keepends=True)[:limit]:
        line = raw.rstrip("\r\n")
        segments = _segments(line)
        if len(segments) > 1 and (JUNK_LINE.match(line[segments[0][0]:segments[0][1]]) or
                                  (len(line.strip()) > 120 and len(segments) >= 3)):
            previous_end = None
            for s, e in segments:
                if previous_end is not None and s - previous_end >= _BLOCK_GAP:
                    lines.append((position + previous_end, ""))
                lines.append((position + s, line[s:e]))
                previous_end = e
        else:
            heading_at = _after_legend(line) or _after_label(line)
            if heading_at:     # "Exhibit 10.36 [... omitted ...] SUPPLY AGREEMENT Between A And B": two lines run together
                lines += [(position, line[:heading_at]), (position + heading_at, line[heading_at:])]
            else:
                lines.append((position, line))
        position += len(raw)
    return lines


# where an exhibit's legend sentence ends: "... publicly disclosed.] ", "... IF DISCLOSED. ", "Execution Version "
_LEGEND_END = re.compile(r"(?:[.\]]|\bExecution\s+(?:Version|Copy))\s+(?=\S)")


def _after_legend(line: str) -> int | None:
    """Where the heading starts on an exhibit's first line that runs its label, a confidentiality legend and the
    heading together (a plain-text filing with the line breaks lost); None when the line is not such a line."""
    if not re.match(r"\s*(?:Exhibit|EXHIBIT|EX-)\s*[\w.()-]+\s", line) or len(line) < 120:
        return None
    for end in _LEGEND_END.finditer(line):
        rest = line[end.end():].strip()
        if rest and not JUNK_LINE.match(rest.split("  ")[0]) and not re.match(r"Execution\s+(?:Version|Copy)", rest) \
                and title_start(rest) and len(rest.split()) <= 40:
            return end.end()
    return None


# an exhibit's or attachment's label set on the heading's line: "Exhibit 10.6 ATTACHMENT A ACME RESELLER AGREEMENT"
_LABELS = re.compile(r"\s*(?:(?:Exhibit|EXHIBIT|Attachment|ATTACHMENT|Appendix|APPENDIX|Annex|ANNEX)\s+"
                     r"(?:[\w.()-]*\d[\w.()-]*|[A-Z])\s+)+(?=\S)")


def _after_label(line: str) -> int | None:
    """Where the heading starts on a line that opens with its exhibit label and holds nothing but the heading after it
    (a heading in capitals); None otherwise."""
    label = _LABELS.match(line)
    if not label:
        return None
    rest = line[label.end():].strip()
    # (a heading that goes on with its parties, "... AGREEMENT BETWEEN A AND B FOR THE ...", may run long; one that
    # names no parties and runs past 25 words has run into something else)
    longest = MAX_TITLE_WORDS if re.search(r"\b(?:BETWEEN|AMONG)\b", rest) else 25
    return label.end() if upper_heading(rest) and len(rest.split()) <= longest and title_start(rest) else None


# a run of spaces this wide inside a run-together line stood for a blank line, not a line break
_BLOCK_GAP = 6


def _segments(line: str) -> list[tuple[int, int]]:
    """(start, end) of the parts of a line between runs of three or more spaces, leading indentation left out."""
    indent = len(line) - len(line.lstrip())
    cuts = [indent] + [x for m in _SEGMENT_GAP.finditer(line, indent) for x in (m.start(), m.end())] + [len(line)]
    return [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2) if cuts[i + 1] > cuts[i]]


def named_heading_start(text: str, start: int, first_line: str) -> int | None:
    """Where a heading begins that its preamble names in full while the heading's line holds only its tail: a
    run-together filing breaks "MULTIPLE LINAC AND MULTI-MODALITY / DISTRIBUTOR AGREEMENT" apart, and "This Multiple
    LINAC and Multi-Modality Distributor Agreement" says the two parts are one title."""
    named = _SELF_NAMED.search(text, start, start + 3000)
    if not named:
        return None
    name, tail = named["name"].lower().split(), first_line.lower().split()
    extra = len(name) - len(tail)
    if extra <= 0 or name[extra:] != tail:
        return None
    before = text[max(0, start - 300):start]
    found = re.search(r"\b" + r"\s+".join(re.escape(w) for w in named["name"].split()[:extra]) + r"\s*$", before, re.IGNORECASE)
    return start - len(before) + found.start() if found else None
