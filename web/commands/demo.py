"""`accord demo`: write the built-in demo corpus (synthetic agreements with known truth)."""
from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import click


def register(cli: click.Group) -> None:
    @cli.command()
    @click.option("--count", default=120, show_default=True, type=click.IntRange(1, 1_000_000),
                  help="Number of documents to generate.")
    @click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
                  help="Folder to write into (default: <ACCORD_HOME>/demo-source).")
    @click.option("--seed", default=4006, show_default=True, type=int, help="Random seed; same seed, same files.")
    @click.option("--jobs", default=None, type=click.IntRange(1, 64),
                  help="Processes rasterising scans (default: ACCORD_JOBS).")
    @click.pass_obj
    def demo(services, count: int, out_dir: str | None, seed: int, jobs: int | None) -> None:
        """Generate the demo corpus: agreement PDFs (a third scanned), a few other formats, and their
        truth (written beside the folder, so ingesting the folder never ingests it)."""
        from corpus.demo import demo_truth, truth_path, write_demo_corpus

        target = Path(out_dir) if out_dir else services.config.home / "demo-source"
        started = time.perf_counter()
        folder = write_demo_corpus(target, count=count, seed=seed, jobs=jobs or services.config["ACCORD_JOBS"])
        elapsed = time.perf_counter() - started
        truths = demo_truth(folder)
        formats = Counter(t.format for t in truths)
        scanned = sum(t.scanned for t in truths)
        click.echo(f"wrote {len(truths)} documents to {folder} in {elapsed:.1f}s "
                   f"({', '.join(f'{n} {fmt}' for fmt, n in sorted(formats.items()))}; {scanned} scanned)")
        click.echo(f"types: {', '.join(f'{k} {v}' for k, v in sorted(Counter(t.doc_type for t in truths).items()))}")
        click.echo(f"truth: {truth_path(folder)}")
