"""Score metadata extraction on the made-up government agreements of `tests/government_probes.py` (round 1 by default) (issue 12): the
kinds the graders check (MOUs, MOAs, MOCs, 287(g), ISAs, IAA forms, data-sharing agreements), written in the layouts
such agreements take. Prints the figures in the form of the gold section and, since the probes are our own text, each
miss.

    .venv/bin/python bench/government_probes.py [--quiet] [--second | --third | --fourth | --fifth | --sixth | --eighth | --all] [--pdf | --scan]
    .venv/bin/python bench/government_probes.py --seventh [--pdf | --scan]     # round 7: commercial contracts' terms
    .venv/bin/python bench/government_probes.py --ninth [--pdf | --scan]       # round 9: commercial contracts' ends
(one round flag at a time)

By default the metadata stage reads the probes' page texts. `--pdf` prints each probe to a PDF with a text layer and
`--scan` to page images only (300 dpi, grey, turned 0.6 degrees, so Tesseract reads them); both then go through
`Services.ingest_batch` (what `accord ingest` runs) into a new repository, and the stored documents are scored: the
path users take, text layer or OCR included.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from metadata_gold import normalised_title, party_scores  # noqa: E402 (bench/ is on sys.path when run as a script)
from extracted_text import extracted, field_value, party_names  # noqa: E402
from government_probes import FIFTH_ROUND, FOURTH_ROUND, PROBES, SECOND_ROUND, THIRD_ROUND  # noqa: E402
from government_probes import EIGHTH_ROUND, NINTH_ROUND, SIXTH_ROUND, SEVENTH_ROUND  # noqa: E402


# --flag: (probes, help, label); round 1 is the default
ROUNDS = {
    "second": (SECOND_ROUND, "the second round of probes (written after the first round's rules) instead of the first",
               " (second round)"),
    "third": (THIRD_ROUND, "the third round (written after the second round's rules)", " (third round)"),
    "fourth": (FOURTH_ROUND, "the fourth round (written fresh, before the extractor was read)", " (fourth round)"),
    "fifth": (FIFTH_ROUND, "the fifth round (written fresh, dates first, before the extractor was read)", " (fifth round)"),
    "sixth": (SIXTH_ROUND, "the sixth round (written fresh, expiry first, before the extractor was read)", " (sixth round)"),
    "eighth": (EIGHTH_ROUND, "the eighth round (government agreements, written fresh, effective dates first, before the "
                             "extractor was read)", " (eighth round)"),
    "all": (PROBES + SECOND_ROUND + THIRD_ROUND + FOURTH_ROUND + FIFTH_ROUND + SIXTH_ROUND + EIGHTH_ROUND,
            "the seven rounds of government agreements together (1-6 and 8; not the seventh: commercial contracts)",
            " (all seven government rounds)"),
    "seventh": (SEVENTH_ROUND, "the seventh round: commercial contracts' term clauses (written fresh, before the extractor "
                               "was read)", " (seventh round)"),
    "ninth": (NINTH_ROUND, "the ninth round: commercial contracts, most stating no end (written fresh, before the extractor "
                           "was read)", " (ninth round)"),
}


def score(probe, doc) -> dict:
    found = party_names(doc)
    effective, expiry = field_value(doc, "effective_date"), field_value(doc, "expiry_date")
    return {"name": probe.name, "parties": party_scores(found, [list(p) for p in probe.parties]), "found": found,
            "effective": effective, "expiry": expiry, "title": doc.title,
            "effective_ok": effective == probe.effective, "expiry_ok": expiry == probe.expiry,
            "title_ok": (normalised_title(doc.title) == normalised_title(probe.title)) if probe.title
            else not doc.title}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true", help="figures only, no misses")
    rounds = parser.add_mutually_exclusive_group()
    for flag, (_, help_text, _) in ROUNDS.items():
        rounds.add_argument(f"--{flag}", action="store_true", help=help_text)
    parser.add_argument("--pdf", action="store_true", help="printed to PDFs (text layer) and ingested")
    parser.add_argument("--scan", action="store_true", help="printed to page images only (OCR) and ingested")
    args = parser.parse_args()
    chosen = next((flag for flag in ROUNDS if getattr(args, flag)), None)
    probes, _, round_label = ROUNDS[chosen] if chosen else (PROBES, "", "")
    if args.pdf or args.scan:
        from probe_pdfs import ingested     # bench/ is on sys.path when run as a script
        docs = ingested(probes, scanned=args.scan)
    else:
        docs = [extracted(*probe.pages) for probe in probes]
    scored = [(probe, score(probe, doc)) for probe, doc in zip(probes, docs)]
    tp, fp, fn = (sum(s["parties"][i] for _, s in scored) for i in range(3))
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    stating = [(p, s) for p, s in scored if p.effective]
    none = [(p, s) for p, s in scored if not p.effective]
    ending = [(p, s) for p, s in scored if p.expiry]
    open_ended = [(p, s) for p, s in scored if not p.expiry]
    label = round_label + (" as scanned PDFs, ingested" if args.scan else " as PDFs, ingested" if args.pdf else "")
    print(f"government probes{label} {len(scored)} docs: parties F1 {f1:.3f} (P {precision:.3f} R {recall:.3f}), "
          f"effective {sum(s['effective_ok'] for _, s in stating)}/{len(stating)} "
          f"(invented {sum(s['effective'] is not None for _, s in none)}/{len(none)}), "
          f"expiry {sum(s['expiry_ok'] for _, s in ending)}/{len(ending)} "
          f"(invented {sum(s['expiry'] is not None for _, s in open_ended)}/{len(open_ended)}), "
          f"title {sum(s['title_ok'] for _, s in scored)}/{len(scored)}, "
          f"all four right {sum(s['parties'][1:] == (0, 0) and s['effective_ok'] and s['expiry_ok'] and s['title_ok'] for _, s in scored)}/{len(scored)}")
    if args.quiet:
        return
    for probe, s in scored:
        misses = []
        if s["parties"][1:] != (0, 0):
            misses.append(f"parties {s['found']} (want {[p[0] for p in probe.parties]})")
        if not s["effective_ok"]:
            misses.append(f"effective {s['effective']} (want {probe.effective})")
        if not s["expiry_ok"]:
            misses.append(f"expiry {s['expiry']} (want {probe.expiry})")
        if not s["title_ok"]:
            misses.append(f"title {s['title']!r} (want {probe.title!r})")
        if misses:
            print(f"  {probe.name}:")
            for miss in misses:
                print(f"    {miss}")


if __name__ == "__main__":
    main()
