"""The metadata extractor scored against reviewers' confirmed values in one repository.

    nice -n 10 .venv/bin/python bench/metadata_confirmed.py --home DIR
    (bench/metadata.py --home DIR prints the same beside its other figures)

Every value a reviewer set, confirmed or removed (`accord fields`, the document page, the API) is
evaluation gold. For each live document with corrections, the extractor runs on the stored page text
exactly as `accord reextract` runs it (load_document, then extract_metadata), and its values are
compared with the gold:
- a single-valued field (title, effective_date, expiry_date, term, ...): the confirmed value, or "none
  stated" when a reviewer removed it. Accuracy counts agreement (both none included); "invented" counts
  a value where the gold says none.
- a list (parties, signatories, signature dates, other dates): confirmed values are positives; values a
  reviewer removed or replaced are negatives. Recall = positives found / positives; judged precision =
  positives found / (positives + negatives found). Values nobody judged are not counted.
Values are compared as `accord fields` stores them (the extractor's normalization: party names, ISO
dates, a term's duration); titles ignoring case, spacing and punctuation. Read-only on the repository.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus.config import load_config  # noqa: E402
from corpus.document import ExtractedField  # noqa: E402
from corpus.documents import load_document  # noqa: E402
from corpus.errors import AccordError  # noqa: E402
from corpus.field_corrections import (DATE_NAMES, MULTI_VALUED, REMOVE, SINGLE_VALUED,  # noqa: E402
                                      corrected_documents, document_corrections)
from corpus.store import Store  # noqa: E402

SHOW_DISAGREEMENTS = 8
# Names of organisations and people: also scored as "the same organisation" by the product's own
# test (ingest's same_party, forgiving OCR slips and "Dept"/"Department"), beside the exact figure.
NAME_FIELDS = ("party", "agency", "signatory")


@dataclass
class FieldScore:
    documents: int = 0
    agree: int = 0               # single-valued: extractor == gold
    agree_same: int = 0          # ... or, for a name, the same organisation
    gold_none: int = 0           # single-valued: documents whose gold is "none stated"
    invented: int = 0            # ... where the extractor still gave a value
    positives: int = 0           # lists: confirmed values
    found: int = 0               # ... the extractor also gave
    found_same: int = 0          # ... or, for names, gave as the same organisation
    negatives_found: int = 0     # lists: removed/replaced values the extractor gives again
    disagreements: list[str] = field(default_factory=list)


def value_key(name: str, value: str | None, normalized: str | None = None) -> str | None:
    """One value as `accord fields` normalizes it (the extractor's own normalization)."""
    from ingest.metadata.reviewed import reviewed_change
    if not (value or normalized):
        return None
    if name in DATE_NAMES and normalized:
        return normalized
    if name == "title":
        return " ".join(re.sub(r"[^\w\s]", " ", value or "").split()).casefold()
    try:
        change = reviewed_change(name, value or normalized, role="other" if name == "date" else None)
    except AccordError:
        return " ".join((normalized or value or "").split()).casefold()
    return " ".join((change.normalized or change.value or "").split()).casefold()


def _keys(fields: list[ExtractedField], name: str, role: str | None = None) -> set[str]:
    return {k for f in fields if f.name == name and (role is None or f.attributes.get("role") == role)
            for k in [value_key(name, f.value, f.normalized)] if k}


def score_document(store: Store, document_id: int, scores: dict[str, FieldScore]) -> None:
    """Add one document's agreement with its gold to `scores` (by field name; dates by role)."""
    from ingest.metadata import extract_metadata
    from ingest.metadata.names import same_party
    doc = load_document(store, document_id)
    current = list(doc.fields)                      # the values with every correction applied
    corrections = document_corrections(store, document_id)
    extract_metadata(doc)                           # as `accord reextract` does, from the stored text
    predicted = doc.fields
    touched = {(c.change.name, c.change.attributes.get("role") if c.change.name == "date" else None)
               for c in corrections}
    for name, role in sorted(touched, key=str):
        label = f"date ({role})" if role else name
        score = scores[label]
        score.documents += 1
        gold = _keys([f for f in current if f.confirmed_by], name, role)
        got = _keys(predicted, name, role)
        if name in SINGLE_VALUED:
            gold_value = next(iter(gold), None)
            got_value = next(iter(sorted(got)), None)
            score.agree += gold_value == got_value
            score.agree_same += gold_value == got_value or (name in NAME_FIELDS and bool(gold_value and got_value)
                                                              and same_party(gold_value, got_value))
            score.gold_none += gold_value is None
            score.invented += gold_value is None and got_value is not None
            if gold_value != got_value:
                score.disagreements.append(f"doc {document_id}: gold {gold_value or 'none'!r}, extracted "
                                           f"{got_value or 'none'!r}")
            continue
        negatives = set()
        for c in corrections:
            ch = c.change
            if ch.name == name and (role is None or ch.attributes.get("role") == role):
                if ch.action == REMOVE:
                    negatives.add(value_key(name, ch.value, ch.normalized))
                elif ch.previous:
                    negatives.add(value_key(name, ch.previous, ch.previous))
        negatives -= gold | {None}
        score.positives += len(gold)
        score.found += len(gold & got)
        score.found_same += sum(1 for g in gold
                                if g in got or (name in NAME_FIELDS and any(same_party(g, p) for p in got)))
        score.negatives_found += len(negatives & got)
        for missed in sorted(gold - got):
            score.disagreements.append(f"doc {document_id}: missed {missed!r}")
        for wrong in sorted(negatives & got):
            score.disagreements.append(f"doc {document_id}: extracted {wrong!r} again (a reviewer removed it)")


def score_repository(home: Path) -> tuple[int, dict[str, FieldScore]]:
    """(documents with gold, scores by field) for the repository at `home`, opened read-only."""
    store = Store(load_config(home), migrate=False)
    try:
        scores: dict[str, FieldScore] = defaultdict(FieldScore)
        ids = corrected_documents(store)
        for document_id in ids:
            score_document(store, document_id, scores)
        return len(ids), dict(scores)
    finally:
        store.dispose()


def _ratio(n: int, d: int) -> str:
    return f"{n}/{d} = {n / d:.2f}" if d else f"{n}/0"


def report(home: Path) -> None:
    print(f"reviewer-confirmed gold in {home}:")
    if not (home / "accord.db").is_file() and not os.environ.get("ACCORD_DATABASE_URL"):
        print("  no repository there (give --home DIR)")
        return
    try:
        count, scores = score_repository(home)
    except AccordError as exc:
        print(f"  cannot read it: {exc.message}")
        return
    if not count:
        print("  no confirmed values yet (reviewers correct with `accord fields`, the document page or the API)")
        return
    print(f"  {count} document(s) with confirmed values")
    for label, s in sorted(scores.items()):
        name = label.split(" ")[0]
        same = name in NAME_FIELDS
        if name in MULTI_VALUED:
            judged = s.found + s.negatives_found
            print(f"  {label:>16}: {s.documents} docs, recall {_ratio(s.found, s.positives)}"
                  + (f" (same organisation {_ratio(s.found_same, s.positives)})" if same else "")
                  + f", judged precision {_ratio(s.found, judged)} ({s.negatives_found} removed value(s) "
                    f"extracted again)")
        else:
            print(f"  {label:>16}: {s.documents} docs, accuracy {_ratio(s.agree, s.documents)}"
                  + (f" (same organisation {_ratio(s.agree_same, s.documents)})" if same else "")
                  + f"; invented on {s.invented} of {s.gold_none} stating none")
        for line in s.disagreements[:SHOW_DISAGREEMENTS]:
            print(f"  {'':>16}  {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", type=Path, default=Path(os.environ.get("ACCORD_HOME", "accord-data")),
                        help="the repository (default: ACCORD_HOME or ./accord-data)")
    report(parser.parse_args().home)


if __name__ == "__main__":
    main()
