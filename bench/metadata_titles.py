"""Titles of records that are not all agreements, scored against each file's own title line.

    nice -n 10 .venv/bin/python bench/metadata_titles.py [--data ../shared/data]
    (bench/metadata.py prints the same beside its other figures)

`records_related/labels.csv` (directives, memoranda, board records, letters, PIAs) and
`agreements_other/labels.csv` give each file's own title line "as found, whitespace-normalised, joined
where it wraps". A records repository holds all of these, so a title must be right or "unknown": a wrong
title (an address line, a running header, a sentence of the body) is worse than none. Each file is read
the way `accord ingest` reads it (text layer, OCR where a page needs it, then the metadata stage).

Scored per file: right (case, spacing and punctuation ignored; a label cut at 200 characters counts when
the extracted title begins with it; a title that is the label's line followed by its BETWEEN block counts, as the
agreement gold joins that block to the title, and so does a short "X and Y" party block set under an agreement's heading
without the printed BETWEEN: rule 2 of bench/metadata_gold.md), unknown (no title extracted) or wrong. The held-out third (sha256 %
3 == 0) prints figures only; its misses are never listed, so nobody tunes a rule to them.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from metadata_gold import _gold_document, normalised_title  # noqa: E402  (bench/ is on sys.path as a script)

FOLDERS = ("records_related", "agreements_other")
# agreements_other's labels were cut at this many characters (bench/metadata_gold.md)
LABEL_CUT = 200
HEADING_CONTINUATION = re.compile(r"(?:by and )?(?:between|among|and|for joint submission|with)\b")
AGREEMENT_HEADING = re.compile(r"\b(?:agreement|understanding|contract|arrangement)$")
# (a party's name ends in what it is: "... Police Officers Association", "City of X" begins with one)
PARTY_BLOCK = re.compile(r"(?:[a-z]+ ){1,8}(?:and|&) (?:[a-z]+ ){0,7}(?:association|union|guild|federation|city|county|"
                         r"district|department|authority|board|council|inc|llc|corporation|company|agency|state)")


def title_verdict(extracted: str | None, label: str) -> str:
    """'right', 'unknown' or 'wrong' for one file."""
    if not (extracted or "").strip():
        return "unknown"
    found, wanted = normalised_title(extracted), normalised_title(label)
    if found == wanted or (len(label) >= LABEL_CUT and found.startswith(wanted)):
        return "right"
    # the label is the title line alone; the product's title joins the heading's BETWEEN block to it, as the
    # agreement gold does ("MEMORANDUM OF UNDERSTANDING / BETWEEN / CITY OF X / AND / ..."): both are right
    if found.startswith(wanted + " ") and HEADING_CONTINUATION.match(found[len(wanted):].strip()):
        return "right"
    # the same block without the printed BETWEEN ("MEMORANDUM OF UNDERSTANDING / CITY OF X / AND / Y"): the gold's rule 2
    # (bench/metadata_gold.md) joins it too; only a short "X and Y" naming two parties, under an agreement's heading
    if found.startswith(wanted + " ") and AGREEMENT_HEADING.search(wanted) and PARTY_BLOCK.fullmatch(found[len(wanted):].strip()):
        return "right"
    return "wrong"


def _held_out(sha256: str) -> bool:
    return int(sha256[:8], 16) % 3 == 0


def bench_titles(data: Path, timings: list | None = None) -> None:
    results: dict[str, dict[str, list]] = {}
    misses: list[str] = []
    for folder in FOLDERS:
        labels = data / folder / "labels.csv"
        if not labels.is_file():
            continue
        for row in csv.DictReader(labels.open(encoding="utf-8")):
            path = data / folder / row["file"]
            if not path.is_file() or not row.get("title", "").strip():
                continue
            sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
            start = time.perf_counter()
            doc = _gold_document(path, sha256, {})
            if timings is not None:
                timings.append((time.perf_counter() - start, len(doc.pages), sum(len(p.text) for p in doc.pages)))
            verdict = title_verdict(doc.title, row["title"])
            side = "held-out third" if _held_out(sha256) else "development"
            results.setdefault(f"{folder} ({row['type']})", {}).setdefault(side, []).append(verdict)
            results.setdefault("all", {}).setdefault(side, []).append(verdict)
            if verdict != "right" and side == "development":
                misses.append(f"    {verdict:7} {path.name[:48]:48} got {(doc.title or '')[:70]!r}\n"
                              f"            want {row['title'][:70]!r}")
    print("titles of records and other agreements (labels.csv title lines; right / unknown / wrong; goal: right "
          ">= 0.80 and never an invented title):")
    for group in sorted(results, key=lambda g: (g != "all", g)):
        for side in ("development", "held-out third"):
            verdicts = results[group].get(side, [])
            if verdicts:
                n = len(verdicts)
                right, unknown, wrong = (verdicts.count(v) for v in ("right", "unknown", "wrong"))
                print(f"  {group:36} {side:15} {n:3} files: right {right / n:.3f}  unknown {unknown / n:.3f}  "
                      f"wrong {wrong / n:.3f}")
    print(f"  development misses ({len(misses)}; the held-out third's are not printed):")
    print("\n".join(misses))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    bench_titles(parser.parse_args().data)


if __name__ == "__main__":
    main()
