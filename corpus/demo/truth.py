"""The known truth about each generated demo document, and its JSON-lines file.

One `Truth` per generated file, written as one JSON line of `<folder>.truth.jsonl` beside the
corpus folder (never inside it: the folder is what gets ingested).
Benchmarks (metadata extraction, classifier, search) read it back with `demo_truth(path)`.

Conventions (documented once here so every benchmark scores the same way):
- dates are ISO strings (YYYY-MM-DD); `expiry_date` is None for "until terminated" terms and is
  computed as anchor + N calendar years (Feb 29 -> Feb 28), where the anchor is whatever the
  term clause names (the effective date or the date of the last signature);
- `effective_date` is the date the text states (or, for "effective upon the last signature",
  the last signature date); None for documents without one (memoranda, PIAs, forms, drafts
  effective on signature);
- `foia_codes` counts every occurrence of each FOIA exemption code in the text exactly;
- `pii_counts` counts the fake SSNs (123-45-6789 form), A-numbers (A123456789 form) and
  "DOB: MM/DD/YYYY" labels in the text;
- `scope`: mou/moa/moc/loi/pilot -> out_of_scope:one_dhs when both parties are DHS components,
  else in_scope when agency data goes out (outbound or both), out_of_scope:inbound_only when only
  the partner's data comes in; isa/ica/sla/iaa/cmaa/287g ->
  exempt:<code>; other_agreement -> exempt:vendor when a DHS component buys from a company,
  out_of_scope:not_agreement for company-to-company contracts and NDAs; directive/memorandum/
  pia/form/other_record -> out_of_scope:not_agreement;
- `title` is the heading as written (its lines joined by single spaces; agreements are upper
  case); for a memorandum it is the SUBJECT line;
- an amendment has the doc_type and scope of its parent and `parent` = the parent's file name;
  its data_direction is None (the amendment text does not restate it);
- `near_duplicate_of` names the earlier file that a draft copy was made from (same text marked
  DRAFT, a word or two changed, no signature dates);
- for an .eml file the truth describes the attached PDF agreement.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from corpus.errors import NotFound

TRUTH_FILE = "truth.jsonl"


@dataclass
class Truth:
    file: str
    doc_type: str
    title: str
    parties: list[str] = field(default_factory=list)
    agency: str | None = None            # 287(g): the local law-enforcement agency
    state: str | None = None             # 287(g): the agency's state (full name)
    program_model: str | None = None     # 287(g): Jail Enforcement Model / Warrant Service Officer / Task Force Model
    effective_date: str | None = None
    signature_dates: list[str] = field(default_factory=list)
    term: str | None = None              # the term as written, e.g. "three (3) years from the date of the last signature"
    expiry_date: str | None = None
    signatories: list[dict] = field(default_factory=list)   # [{"name": ..., "title": ...}]
    authorities: list[str] = field(default_factory=list)
    foia_codes: dict[str, int] = field(default_factory=dict)
    restricted_flags: list[str] = field(default_factory=list)
    pii_counts: dict[str, int] = field(default_factory=dict)  # {"ssn": n, "a_number": n, "dob": n}
    data_direction: str | None = None    # "outbound" | "inbound" | "both" | "internal" (DHS to DHS) | None
    scope: str = "out_of_scope:not_agreement"
    parent: str | None = None
    near_duplicate_of: str | None = None
    scanned: bool = False
    pages: int = 0
    # Extras beyond the brief, useful to benchmarks:
    subject: str | None = None           # business topic (search relevance)
    document_date: str | None = None     # date line of memoranda, directives, PIAs, letters
    format: str = "pdf"                  # pdf | txt | docx | png | tiff | eml
    released: bool = False               # a FOIA-released copy (redaction boxes + codes)
    draft: bool = False
    page_rotations: list[int] = field(default_factory=list)  # scans: degrees each page was turned

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=False, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict) -> "Truth":
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


def truth_path(folder: str | Path) -> Path:
    """Where the truth of the demo corpus in `folder` is kept: BESIDE the folder, never in it.
    The folder is what gets ingested, and the truth repeats every document's title and parties
    (restricted ones included), so inside it the truth would be stored as a public document."""
    folder = Path(folder)
    return folder.parent / f"{folder.name}.{TRUTH_FILE}"


def demo_truth(path: str | Path) -> list[Truth]:
    """Read the truth back. `path` is the file itself or the corpus folder it belongs to."""
    path = Path(path)
    if path.is_dir():
        path = truth_path(path)
    try:
        with path.open(encoding="utf-8") as handle:
            return [Truth.from_dict(json.loads(line)) for line in handle if line.strip()]
    except FileNotFoundError as exc:
        raise NotFound(f"no demo truth file at {path}", hint="Generate the demo corpus first: accord demo --out FOLDER") from exc


def write_truth(path: Path, truths: list[Truth]) -> None:
    path.write_text("".join(t.to_json() + "\n" for t in truths), encoding="utf-8")
