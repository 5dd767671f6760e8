"""The title block of the first page, the kind of document it announces, and which way the data
flows (the classifier's scope rules use the direction)."""
from __future__ import annotations

import re

from corpus.taxonomy import Taxonomy
from ingest.metadata.dates import is_date_line

# lines that precede the real title: EDGAR exhibit headers, logos, stamps, revision notes
_JUNK_LINE = re.compile(r"^(?:EX-[\w.()\s-]*\S*\.htm.*|Exhibit\b.*|LOGO|Confidential|Privileged.*|Execution\s+(?:Version|Copy)|"
                        r"Revised\s.*|Draft\b.*|Page\s+\d+.*|\d+|[^A-Za-z]*|FOR OFFICIAL USE ONLY.*|UNCLASSIFIED.*|"
                        r"(?:LAW ENFORCEMENT |SENSITIVE BUT )?(?:SENSITIVE|UNCLASSIFIED).*|PRE-DECISIONAL.*|RELEASED UNDER.*|"
                        r"FOR IMMEDIATE RELEASE|\(?b\)?\s?\(\d\).*)$", re.IGNORECASE)
# A header line that names the series, with the real title on a following line
_SERIES_LINE = re.compile(r"^(?:(?:DHS|[A-Z]{2,6})\s+)?(?:Form\s+[\w-]+.*|Directives?\s+System.*|Instruction\s+(?:Number|No).*|"
                          r"Directive\s+(?:Number|No)\.?:?.*|Revision\s+Number.*|Department\s+of\s+Homeland\s+Security|"
                          r"U\.S\.\s+Department\s+of\s+Homeland\s+Security|Privacy\s+Impact\s+Assessment\s+Update|"
                          r"(?:Effective|Issue)\s+Date:.*|Office\s+of\s+Public\s+Affairs|Contact:.*|Date:.*)$", re.IGNORECASE)
_DOCUMENT_NUMBER = re.compile(r"^[A-Z0-9&]+(?:/[A-Z0-9&-]+)+$")     # DHS/HSI/PIA-028
_SUBJECT = re.compile(r"^\s*(?:SUBJECT|RE|Subject)\s*:\s*(?P<subject>\S[^\n]{2,200})$", re.MULTILINE)
_TITLE_WORDS = re.compile(r"\b(?:AGREEMENT|MEMORANDUM|UNDERSTANDING|ADDENDUM|AMENDMENT|MODIFICATION|RENEWAL|LETTER\s+OF\s+INTENT|"
                          r"CONTRACT|COVENANT|ASSESSMENT|DIRECTIVE|INSTRUCTION|POLICY|FORM|ARRANGEMENT|PROTOCOL)\b", re.IGNORECASE)
_CONTINUATION = re.compile(r"^(?:BETWEEN|AND|AMONG|FOR|ON|OF|REGARDING|CONCERNING|WITH|TO|287\s?\(g\)|THE)\b|^[A-Z0-9 ,.&'()/-]+$|"
                           r"^287\s?\(g\)")
AMENDMENT_WORDS = re.compile(r"\b(?:AMENDMENT|ADDENDUM|MODIFICATION|RENEWAL|EXTENSION)\b(?:\s+(?:No\.?\s*)?\w+)?", re.IGNORECASE)


def title_block(text: str) -> tuple[int, int, str] | None:
    """(start, end, title) of the heading: the first title-like line and the upper-case lines that
    continue it ("MEMORANDUM OF AGREEMENT / BETWEEN / ... / AND / ...")."""
    lines = []
    position = 0
    for raw in text.splitlines(keepends=True)[:40]:
        lines.append((position, raw.rstrip("\r\n")))
        position += len(raw)
    start_index = None
    if any(re.fullmatch(r"MEMORANDUM(?:\s+FOR\b.*)?", line.strip()) for _, line in lines[:10]):
        subject = _SUBJECT.search(text[:3000])       # a memorandum is known by its subject line
        if subject:
            return subject.start("subject"), subject.end("subject"), subject["subject"].strip()
    form_line = next((i for i, (_, line) in enumerate(lines[:12]) if re.match(r"^(?:[A-Z]{2,6}\s+)?Form\s+[\w-]*\d", line.strip())), None)
    if form_line:          # a form's name is the heading just above its form number
        for start, line in reversed(lines[:form_line]):
            stripped = line.strip()
            if stripped.isupper() and not _JUNK_LINE.match(stripped) and not _SERIES_LINE.match(stripped):
                offset = start + len(line) - len(line.lstrip())
                return offset, offset + len(stripped), stripped
    for i, (_, line) in enumerate(lines):
        stripped = line.strip()
        if not stripped or _JUNK_LINE.match(stripped) or _SERIES_LINE.match(stripped) or is_date_line(stripped):
            continue
        if _TITLE_WORDS.search(stripped) and len(stripped) <= 160 and (stripped.isupper() or len(stripped) <= 90):
            start_index = i
            break
    if start_index is None:
        for i, (_, line) in enumerate(lines):   # no title words: the first real line
            if line.strip() and not _JUNK_LINE.match(line.strip()) and not _SERIES_LINE.match(line.strip()) \
                    and not is_date_line(line.strip()):
                start, text_line = lines[i]
                offset = start + len(text_line) - len(text_line.lstrip())
                return offset, offset + len(text_line.strip()), text_line.strip()[:200]
        return None
    start, first = lines[start_index]
    offset = start + len(first) - len(first.lstrip())
    end = start + len(first.rstrip())
    parts = [first.strip()]
    for position, line in lines[start_index + 1:start_index + 8]:
        stripped = line.strip()
        if not stripped:
            if len(parts) > 1 or parts[0].isupper():
                break
            continue
        if (len(stripped) > 200 or not _CONTINUATION.match(stripped) or _DOCUMENT_NUMBER.match(stripped)
                or re.match(r"^(?:\d+(?:\.\d+)?|[IVX]+|SECTION\s+\d+|ARTICLE\s+\d+)[.)]?\s", stripped, re.IGNORECASE)
                or stripped.replace("(g)", "(G)").upper() != stripped.replace("(g)", "(G)")):
            break
        parts.append(stripped)
        end = position + len(line.rstrip())
    return offset, end, " ".join(parts)[:300]


def kind_hint(title: str, body: str, taxonomy: Taxonomy) -> tuple[str, str] | None:
    """(type code, the words that decided it) from the title, e.g. 'MEMORANDUM OF AGREEMENT' -> moa.
    A 287(g) delegation is recognised from its body because its title is a plain MOA."""
    if re.search(r"\b287\s?\(\s?g\s?\)", title + " " + body[:3000]) and re.search(
            r"delegat|immigration\s+officer\s+functions", body[:6000], re.IGNORECASE):
        return "287g", "287(g)"
    candidates = []
    for entry in taxonomy.types:
        for alias in (entry.get("aliases") or []):
            if len(alias) <= 4 and alias.isupper():
                m = re.search(rf"\b{re.escape(alias)}\b", title)
            else:
                m = re.search(rf"\b{re.escape(alias)}\b", title, re.IGNORECASE)
            if m:
                candidates.append((m.start(), -len(alias), entry["code"], m.group(0)))
    if re.search(r"mutual\s+assistance", title, re.IGNORECASE) and re.search(r"customs", title, re.IGNORECASE):
        return "cmaa", "mutual assistance"
    if re.search(r"\b(?:non-?disclosure|confidentiality|non-?competition|employment|purchase|license|licensing|services|"
                 r"supply|distribution|consulting|master|sales?|lease|software|subscription|maintenance|reseller)\s+"
                 r"agreement\b", title, re.IGNORECASE) and not candidates:
        return "other_agreement", title
    if re.fullmatch(r"MEMORANDUM(?:\s+FOR\b.*)?", title.strip(), re.IGNORECASE):
        return "memorandum", title
    head = body[:1500]
    if re.search(r"^(?:[A-Z]{2,6}\s+)?Form\s+[\w-]*\d", head, re.MULTILINE):
        return "form", "Form"
    if re.search(r"^\s*MEMORANDUM\s*$", head[:600], re.MULTILINE) and re.search(r"^\s*SUBJECT\s*:", head, re.MULTILINE):
        return "memorandum", "MEMORANDUM"
    if re.search(r"\bFOR\s+IMMEDIATE\s+RELEASE\b", head[:300]):
        return "other_record", "FOR IMMEDIATE RELEASE"
    if not candidates:
        # a title without the type ("COOPERATIVE AGREEMENT"): the preamble usually names it
        for entry in taxonomy.types:
            for alias in (entry.get("aliases") or []):
                if entry.get("group") in ("agreement", "exempt") and (len(alias) > 12 or alias.isupper()):
                    m = re.search(rf"\b(?:This|amends\s+the)\s+{re.escape(alias)}\b", head,
                                  0 if alias.isupper() else re.IGNORECASE)
                    if m:
                        candidates.append((m.start(), -len(alias), entry["code"], m.group(0)))
    if not candidates:
        return None
    _, _, code, words = min(candidates)
    return code, words
