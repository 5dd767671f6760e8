"""Probe documents for issue 12: 154 made-up probes in nine rounds: 114 government agreements (and, in rounds 7 and 9, 40 commercial contracts) of the kinds the graders check (MOUs, MOAs, MOCs,
287(g) MOAs, ISAs, IAA forms and narrative IAAs, data-sharing and data-use agreements, a letter of intent, a pilot-project
agreement, a letter agreement, a modification, an intergovernmental agreement), kept as data in
`government_probes.json`: each probe's page texts (a list of lines per page) in the layouts such agreements take (title
blocks over several lines, BETWEEN/AMONG blocks, numbered parties and authority sections citing laws with their dates,
signature blocks stacked or side by side, form numbers, OMB control numbers with their expiration dates, routing stamps,
running headers and page counters), with what the probe is (`about`) and the values a reader takes from it.

The agencies are real public bodies (their names are how such documents name them); the people, numbers, dates and
wording are made up. Nothing here is copied from a real document. The values follow the rules of
`bench/metadata_gold.md`:

- `parties`: one entry per party, each a list of acceptable spellings (the first the fullest);
- `effective` / `expiry`: `YYYY-MM-DD`, or None where the text states none (then any value found is invented);
- `title`: the document's own heading, whole (rule 2: the BETWEEN block and a subtitle line joined), or None where the
  document has no heading line (a letter that opens with its letterhead and salutation): then no title is right.

Round 1 (24 probes) was written before the extractor's code was read and scored once unchanged; round 2 (10) after
round 1's rules were in place, round 3 (6) after round 2's, each scored once before any further change
(`bench/government_probes.py`): rounds 2 and 3 are the honest figures for agreements the rules were not written for.
Round 4 (24) was written, like round 1, before the extractor's code or the earlier probes' texts were read, of kinds and
layouts the first rounds lacked (a letter of intent with a "Re:" line, a pilot period, five or more parties in a
numbered section, parties named only in a signature table, a 7600B order's own period, a foreign-government
arrangement, an amendment extending the term, dates only in a stamp, terms in months or to a fiscal year's end, a cover
page with a banner and control number, three-column signature blocks), and scored once before any change. Round 5 (16) was written the same way, fresh, dates
first: each probe has a date trap (a cited law's or publication's date, a superseded MOU's, a receipt stamp, an OMB
expiration, a fax header, a cover letter) and a stated or plainly absent start and end (a range 'through', five years
from the last signature, a period of performance, an initial term renewed annually, an amendment's new expiration, a
pilot period counted in months, a compact that takes effect on an event, OCR slips such as 'Effectlve' and '2O25').
Round 6 (18) was written the same way, fresh, expiry first: ends worded as earlier rounds lacked (a duration article deep
in the body, months from the effective date, the fifth federal fiscal year, 'expires at midnight', 'the earlier of' a
notice or a date, 'valid through FY2027', a term only in a head table, a grant award's term, a sunset date, an ISA
beside its systems' ATO expirations, an amendment rewriting only the end, a day written out, OCR slips such as '3l' and
'Explration'), each beside a date trap.
Round 7 (20) is commercial contracts' term clauses (CUAD's kinds: distribution, licence, supply, hosting, franchise, ...),
written fresh before the extractor was read and scored once before any change.
Round 8 (16) is government agreements again, written fresh the same way, effective dates first: a numbered EFFECTIVE
DATE section far down, effect on one signer's signature or approval stamp, a range in a header table, a final signature
left undated, a renewal, 'retroactive to', a form's Effective Date and Period of Performance boxes, a data retention
period beside an open end, a letter of intent with no term, '1 OCT 2025', '10/1/25' and OCR slips such as '0ctober'.
Round 9 (20) is commercial contracts again, written fresh before the extractor was read, twelve of them stating no end
beside dates that look like one (a warranty's, an option period's, a sublease's, a restricted period's, a release date,
a recital's quote of an amended agreement's end, an EDGAR header, a confidential-treatment legend) and eight ending in
ways round 7 lacked (a defined 'Expiration Date', an exhibit's cover sheet, a restated term, months after a defined
launch date, a key terms table)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Probe:
    name: str
    pages: tuple[str, ...]
    parties: tuple[tuple[str, ...], ...]
    effective: str | None
    expiry: str | None
    title: str | None
    about: str = ""


def _load(round_number: int) -> list[Probe]:
    rows = json.loads(Path(__file__).with_name("government_probes.json").read_text(encoding="utf-8"))
    return [Probe(row["name"], tuple("\n".join(lines) for lines in row["pages"]), tuple(tuple(p) for p in row["parties"]),
                  row["effective"], row["expiry"], row["title"], row["about"])
            for row in rows if row["round"] == round_number]


PROBES, SECOND_ROUND, THIRD_ROUND, FOURTH_ROUND, FIFTH_ROUND = _load(1), _load(2), _load(3), _load(4), _load(5)
SIXTH_ROUND = _load(6)
SEVENTH_ROUND = _load(7)
EIGHTH_ROUND = _load(8)
NINTH_ROUND = _load(9)
