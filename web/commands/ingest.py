"""`accord ingest`, `accord watch`, `accord jobs`, `accord report`, `accord check`."""
from __future__ import annotations

import json
import sys
import threading
import time

import click

from corpus.errors import Conflict, Inconsistent, IngestError
from corpus.failure_reasons import readable_reason
from web.services import Services


def register(cli: click.Group) -> None:
    cli.add_command(ingest)
    cli.add_command(watch)
    cli.add_command(jobs)
    cli.add_command(report)
    cli.add_command(check)


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "--:--"
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}" if seconds >= 3600 \
        else f"{seconds // 60:02d}:{seconds % 60:02d}"


class ProgressPrinter:
    """A one-line bar on stderr when it is a terminal; a plain line every 10 s otherwise."""

    def __init__(self, stream=None, interval: float = 10.0):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.interval = interval
        self._last = 0.0

    def __call__(self, p) -> None:
        total = max(p.files_total, 1)
        line = (f"{p.files_done}/{p.files_total} files  {p.pages_done} pages  {p.pages_per_second:.1f} pages/s  "
                f"ETA {_duration(p.eta_seconds)}  failures {p.failures}")
        if self.tty:
            width = 24
            filled = int(width * p.files_done / total)
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {line}\x1b[K")
            self.stream.flush()
            return
        now = time.monotonic()
        if now - self._last >= self.interval or p.files_done == p.files_total:
            self._last = now
            self.stream.write(f"progress: {line}\n")
            self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def _summary_line(result) -> str:
    counts = result.counts
    return (f"job {result.job_id}: {counts.get('stored', 0)} stored, {counts.get('duplicate', 0)} duplicate, "
            f"{counts.get('failed', 0)} failed in {result.seconds:.1f}s"
            + (" (resumed)" if result.resumed else "") + (" — INTERRUPTED, run again to resume" if result.interrupted else ""))


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--jobs", "-j", type=int, default=None, help="Worker processes (default ACCORD_JOBS). "
              "Pages of one file are spread over all of them.")
@click.option("--report", "report_file", type=click.Path(dir_okay=False), default=None,
              help="Write the per-file report to FILE.json and FILE.csv (a .json/.csv suffix on FILE is "
                   "replaced, so `--report out.json` writes out.json and out.csv).")
@click.option("--owner", default="", help="User recorded as the owner of the new documents.")
@click.option("--quiet", "-q", is_flag=True, help="No progress output.")
@click.pass_obj
def ingest(services: Services, paths: tuple[str, ...], jobs: int | None, report_file: str | None, owner: str,
           quiet: bool) -> None:
    """Ingest files, folders (recursively) and zip archives.

    Running the same command again resumes an interrupted run (Ctrl-C, kill -9): files
    already handled are skipped, and bytes already in the store are recorded as
    duplicates of the first copy. Files that fail are copied to ACCORD_HOME/quarantine/
    with a .reason.txt; the exit code is 65 (EX_DATAERR) when any file failed, 75
    (EX_TEMPFAIL) when the run was interrupted before every file was handled.
    """
    printer = None if quiet else ProgressPrinter()
    try:
        result = services.ingest_batch(list(paths), jobs=jobs, owner=owner, progress=printer)
    finally:
        if printer:
            printer.close()
    _finish(services, result, report_file)


def _finish(services: Services, result, report_file: str | None) -> None:
    from corpus.journal import job_summary
    from ingest.report import write_report
    if report_file:
        json_path, csv_path = write_report(report_file, job_summary(services.store, result.job_id), result.items)
        click.echo(f"report: {json_path} and {csv_path}", err=True)
    for row in result.failed:
        click.echo(f"FAILED {row['file']}: {readable_reason(row['error'], row['file'])}", err=True)
    click.echo(_summary_line(result))
    if result.interrupted:
        sys.exit(Conflict.exit_code)       # 75, EX_TEMPFAIL: run the same command again
    if result.failed:
        sys.exit(IngestError.exit_code)    # 65, EX_DATAERR: the README's promise


@click.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--jobs", "-j", type=int, default=None, help="Worker processes (default ACCORD_JOBS).")
@click.option("--owner", default="", help="User recorded as the owner of the new documents.")
@click.option("--interval", type=float, default=2.0, show_default=True, help="Seconds between folder scans.")
@click.pass_obj
def watch(services: Services, folder: str, jobs: int | None, owner: str, interval: float) -> None:
    """Ingest files dropped into FOLDER once they are stable (size and mtime unchanged for
    ACCORD_WATCH_SETTLE_SECONDS). Stop with Ctrl-C. With ACCORD_BROKER_URL set, workers read them."""
    from ingest.watch import watch_folder
    stop = threading.Event()

    def on_batch(result) -> None:
        services.audit_ingest(services.cli_actor(), result, [folder])
        click.echo(_summary_line(result))
        for row in result.failed:
            click.echo(f"FAILED {row['file']}: {readable_reason(row['error'], row['file'])}", err=True)

    run = None
    if services.config["ACCORD_BROKER_URL"]:   # the files go to the workers, as `accord ingest` sends them
        from web.queue_submit import run_batch_on_queue

        def run(paths: list[str], **options):
            result = run_batch_on_queue(services.store, services.config, paths, owner=owner,
                                        actor=services.cli_actor(), unindexed=services.index.unindexed, **options)
            services.index_unindexed(result.job_id)   # what no index writer took within its wait
            return result
    click.echo(f"watching {folder} (Ctrl-C stops)", err=True)
    try:
        watch_folder(services.store, services.config, folder, jobs=jobs or services.config["ACCORD_JOBS"],
                     owner=owner, on_stored=services.document_stored, on_batch=on_batch, stop_event=stop,
                     interval=interval, isolate=True, run=run)
    except KeyboardInterrupt:
        stop.set()
        click.echo("stopped watching", err=True)


@click.command()
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def jobs(services: Services, limit: int, as_json: bool) -> None:
    """Recent ingest jobs."""
    from corpus.journal import recent_jobs
    rows = recent_jobs(services.store, limit)
    if as_json:
        click.echo(json.dumps(rows, indent=2, default=str))
        return
    for row in rows:
        counts = " ".join(f"{k}={v}" for k, v in sorted(row["counts"].items()))
        click.echo(f"{row['id']:>5}  {row['status']:<8} {row['created_at'][:19]}  runs={row['runs']}  {counts}  "
                   f"{' '.join(row['inputs'])[:80]}")
        for w in row["workers"]:   # per-worker throughput: which machines did the work, how fast
            click.echo(f"       worker {w['summary']}")


@click.command()
@click.argument("job_id", type=int)
@click.option("--csv", "as_csv", is_flag=True, help="CSV instead of JSON.")
@click.pass_obj
def report(services: Services, job_id: int, as_csv: bool) -> None:
    """Print the per-file report of an ingest job (JSON, or CSV with --csv)."""
    from corpus.journal import items, job_summary
    from ingest.report import csv_of, json_of, readable
    from web.uploads import as_uploaded
    summary, rows = as_uploaded(services, job_summary(services.store, job_id), items(services.store, job_id),
                                others=readable)
    click.echo(csv_of(rows) if as_csv else json_of(summary, rows), nl=not as_csv)


@click.command()
@click.option("--repair", is_flag=True, help="Rewrite index entries from the store, restore originals from "
              "their source paths where the bytes there match, remove old orphan originals.")
@click.option("--hashes", is_flag=True, help="Also re-hash every original (slow: reads every file).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def check(services: Services, repair: bool, hashes: bool, as_json: bool) -> None:
    """Compare the store, the originals folder and the search index: counts, and each
    document's stamp. Exits non-zero when a difference remains (not repaired)."""
    report = services.check_consistency(repair=repair, hashes=hashes)
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
    else:
        click.echo(f"store {report.store}  files {report.files}  index {report.index}  "
                   f"duplicates {report.duplicates}  differences {len(report.differences)} "
                   f"({len(report.differences) - len(report.unrepaired)} repaired)")
        for d in report.differences:
            target = f"document {d.document_id}" if d.document_id is not None else "-"
            click.echo(f"{'REPAIRED' if d.repaired else 'DIFFERS '} {d.kind:<17} {target}: {d.detail}")
    if not report.consistent:
        raise Inconsistent(f"{len(report.unrepaired)} difference(s) between store, files and index remain")
