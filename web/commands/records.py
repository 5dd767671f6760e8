"""Records lifecycle commands: the file plan, filing, legal holds, disposition, trash.

The operator on the server acts as `cli:OS-USER` with records staff and administrator rights;
approving a disposition batch names the records officer (`--as USER`), who must hold that role
and may not be the proposer."""
from __future__ import annotations

import json
from datetime import date

import click

from corpus.access import Principal
from corpus.blobs import disposition_batch_prefix
from corpus.documents import require_known_document
from corpus.errors import NotFound, PermissionDenied, UsageError
from corpus.records import disposition, filing, transfer
from corpus.records.holds import list_holds, release_hold
from corpus.records.plan import file_plan
from corpus.records.reports import as_csv, records_report
from web.services import Services


def register(cli: click.Group) -> None:
    for command in (records, hold, disposition_group, trash, restore):
        cli.add_command(command)


def _operator(services: Services) -> Principal:
    return Principal(services.cli_actor(), "admin")


def _account(services: Services, name: str) -> Principal:
    from corpus.accounts import find_active
    account = find_active(services.store, name)
    if account is None:
        raise NotFound(f"no active account {name!r}", hint="`accord user list` names the accounts; a records officer's "
                       "is made with `accord user add NAME --role records_officer --password-stdin`.")
    return account.principal


def _echo_json(data) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


@click.group()
def records() -> None:
    """The file plan, filing documents to categories, lifecycle dates and reports."""


@records.command("plan")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def plan_command(services: Services, as_json: bool) -> None:
    """The file plan: record categories with their schedule items."""
    plan = file_plan(services.config)
    if as_json:
        _echo_json(plan.as_dict())
        return
    click.echo(f"{plan.name} ({plan.source})")
    for c in plan.categories:
        s = c.schedule
        click.echo(f"\n{c.code}: {c.title}\n  authority: {s.authority}{'' if s.approved else ' (NOT approved: kept)'}"
                   f"\n  disposition: {s.disposition}, retention {s.retention_text()}; {s.cutoff.describe()}"
                   f"\n  types: {', '.join(c.types) or '-'}")


@records.command("file")
@click.argument("document_ids", nargs=-1, metavar="ID...")
@click.option("--category", required=True, help="Category code (`accord records plan`).")
@click.option("--query", default=None, help="File every document the search query matches (held ones are left "
              "in their category and listed).")
@click.option("--event-on", default=None, metavar="YYYY-MM-DD",
              help="Record the date of the category's event (case closed, terminated, superseded).")
@click.pass_obj
def file_command(services: Services, document_ids: tuple[str, ...], category: str, query: str | None,
                 event_on: str | None) -> None:
    """File documents to a category, each audited: `records file ID... --category CODE` (a held
    document among the ids refuses the whole command) or `--query Q`."""
    if not document_ids and query is None:
        raise UsageError("name the documents (ID...) or --query Q", hint="`accord search` finds their ids.")
    ids = [require_known_document(services.store, d) for d in document_ids]
    if query is not None:
        ids += sorted(services.matching_ids(query))
        if not ids:
            raise NotFound(f"no document matches {query!r}", hint="Try the query with `accord search` first.")
    filed, held = filing.file_documents(services.store, services.config, ids, category, who=_operator(services),
                                        event_on=event_on, skip_held=query is not None and not document_ids)
    for lc in filed:
        click.echo(f"document {lc.document_id} filed to {lc.category.code}; cutoff {lc.cutoff_date or '-'}, "
                   f"eligible {lc.eligible_date or '-'} ({lc.reason})")
    for doc_id, names in sorted(held.items()):
        click.echo(f"document {doc_id} NOT refiled: under legal hold {', '.join(names)}")
    due = sum(1 for lc in filed if lc.due(date.today()))
    click.echo(f"{len(filed)} documents filed to {category}" + (f", {len(held)} held left as they were"
                                                                 if held else "")
               + f"; {due} of them due for disposition now (`accord disposition due`)")


@records.command("show")
@click.argument("document_id")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def show_command(services: Services, document_id: str, as_json: bool) -> None:
    """A record's category, lifecycle dates and the reasons for them (also a trashed or destroyed one)."""
    if not str(document_id).isascii() or not str(document_id).isdigit():
        raise UsageError(f"not a document id: {document_id!r}", hint="Document ids are whole numbers.")
    doc_id = int(document_id)     # also a destroyed record's stub, or a trashed document
    data = filing.lifecycle_of(services.store, services.config, doc_id).as_dict(date.today())
    if as_json:
        _echo_json(data)
        return
    for key, value in data.items():
        click.echo(f"{key:>15}: {value}")


@records.command("report")
@click.option("--csv", "which", type=click.Choice(["due", "holds", "categories"]), default=None,
              help="Print one report as CSV.")
@click.pass_obj
def report_command(services: Services, which: str | None) -> None:
    """Dispositions due in 30/90/365 days, holds, counts by category."""
    report = records_report(services.store, services.config)
    if which:
        click.echo(as_csv(report[which]), nl=False)
        return
    _echo_json(report)


@records.command("purge-trash")
@click.pass_obj
def purge_trash_command(services: Services) -> None:
    """Purge documents trashed more than ACCORD_TRASH_DAYS ago (held ones are kept)."""
    ids = services.purge_expired_trash(actor=services.cli_actor())
    click.echo(f"purged {len(ids)} trashed documents" + (f": {' '.join(map(str, ids))}" if ids else ""))


@click.group()
def hold() -> None:
    """Legal holds: held documents cannot be disposed of, transferred or trashed."""


@hold.command("add")
@click.argument("name")
@click.option("--reason", required=True)
@click.option("--id", "ids", multiple=True, type=int, help="A document id (repeat).")
@click.option("--query", default=None, help="A search query; documents ingested later that match join the hold.")
@click.option("--as", "as_user", default=None, metavar="USER",
              help="Place it as this records account (the issuer); default: the operator.")
@click.pass_obj
def hold_add(services: Services, name: str, reason: str, ids: tuple[int, ...], query: str | None,
             as_user: str | None) -> None:
    """Place a legal hold on documents by id or by a saved query."""
    who = _account(services, as_user) if as_user else _operator(services)
    who.require("records")
    placed = services.place_hold(name, reason=reason, issuer=who.name, ids=ids, query=query,
                                 who=who if as_user else None)
    held = placed["documents"]
    click.echo(f"hold {placed['name']!r} placed by {who.name} on {len(held)} documents"
               + (f": {' '.join(map(str, held))}" if held else "")
               + (f"; documents ingested later that match {query!r} join it" if query else ""))


@hold.command("release")
@click.argument("name")
@click.option("--as", "as_user", default=None, metavar="USER",
              help="Release as this account (its issuer, a records officer or an admin); default: the operator.")
@click.pass_obj
def hold_release(services: Services, name: str, as_user: str | None) -> None:
    """Release a legal hold (audited). Only the hold's issuer, a records officer or an admin may."""
    who = _account(services, as_user) if as_user else _operator(services)
    release_hold(services.store, name, who=who)
    click.echo(f"hold {name!r} released by {who.name}")


@hold.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def hold_list(services: Services, as_json: bool) -> None:
    """Active holds and the documents they cover."""
    holds = list_holds(services.store)
    if as_json:
        _echo_json(holds)
        return
    for h in holds:
        click.echo(f"{h['name']}: {len(h['documents'])} documents, by {h['issuer']} on {h['placed_at'][:10]}"
                   f"{' query: ' + h['query'] if h['query'] else ''}\n  reason: {h['reason']}\n"
                   f"  ids: {' '.join(map(str, h['documents'])) or '-'}")


@click.group("disposition")
def disposition_group() -> None:
    """The due queue, proposing and approving batches, running them."""


@disposition_group.command("due")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def due_command(services: Services, as_json: bool) -> None:
    """Records past their disposition-eligible date under an approved schedule and not held, and
    why the others are kept. --json prints the due records only."""
    summary = disposition.queue(services.store, services.config)
    rows = [lc.as_dict() for lc in summary["due"]]
    if as_json:
        _echo_json(rows)
        return
    for r in rows:
        click.echo(f"{r['id']:>7} {r['disposition']:<9} {r['eligible_date']} {r['category']:<20} {r['title'][:60]}")
    click.echo(f"{len(rows)} records due" + (": propose them with `accord disposition propose --all-due` "
                                              "(or --id ID...)" if rows else ""))
    for line in disposition.kept_explanation(summary):
        click.echo(line)


@disposition_group.command("propose")
@click.option("--all-due", is_flag=True, help="Every record now due.")
@click.option("--id", "ids", multiple=True, type=int, help="A due record's id (repeat).")
@click.pass_obj
def propose_command(services: Services, all_due: bool, ids: tuple[int, ...]) -> None:
    """Propose a disposition batch; prints the batch id as the last word."""
    batch_id = disposition.propose(services.store, services.config, who=_operator(services), ids=ids,
                                   all_due=all_due)
    count = len(disposition.batch_detail(services.store, batch_id)["items"])
    click.echo(f"proposed {count} records for disposition; a records officer approves it with "
               f"`accord disposition approve {batch_id} --as NAME`. batch {batch_id}")


@disposition_group.command("show")
@click.argument("batch_id", type=int)
@click.pass_obj
def show_batch(services: Services, batch_id: int) -> None:
    """What each record of a batch is and under which authority it goes."""
    _echo_json(disposition.batch_detail(services.store, batch_id))


@disposition_group.command("approve")
@click.argument("batch_id", type=int)
@click.option("--as", "as_user", required=True, metavar="USER", help="The approving records officer's account.")
@click.pass_obj
def approve_command(services: Services, batch_id: int, as_user: str) -> None:
    """A records officer approves a proposed batch."""
    who = _account(services, as_user)
    if who.name == services.cli_actor():
        raise PermissionDenied("the proposer may not approve")
    disposition.approve(services.store, batch_id, who=who)
    items = disposition.batch_detail(services.store, batch_id)["items"]
    for item in items:
        click.echo(f"{item['id']:>7} {item['action']:<8} {item['authority']}  {item['title'][:60]}")
    click.echo(f"batch {batch_id} ({len(items)} records) approved by {who.name}; carry it out with "
               f"`accord disposition run {batch_id}`")


@disposition_group.command("run")
@click.argument("batch_id", type=int)
@click.pass_obj
def run_command(services: Services, batch_id: int) -> None:
    """Carry out an approved batch (rerun it after an interruption). Certificates go to the blob
    store (ACCORD_HOME/dispositions/ by default): `accord disposition certificate BATCH ID`. With ACCORD_BROKER_URL set, the index queue's worker runs it."""
    if services.config["ACCORD_BROKER_URL"]:
        from corpus.records.disposition import batch_detail, require_runnable
        from web.queue_jobs import run_disposition_on_queue
        require_runnable(services.store, batch_id)
        run_disposition_on_queue(services.config, batch_id, actor=services.cli_actor())
        detail = batch_detail(services.store, batch_id)
    else:
        detail = services.run_disposition(batch_id, actor=services.cli_actor())
    counts: dict[str, int] = {}
    for item in detail["items"]:
        counts[item["status"]] = counts.get(item["status"], 0) + 1
        if item["status"] == "skipped":
            click.echo(f"document {item['id']} skipped: {item['note']}")
    click.echo(f"batch {batch_id} {detail['status']}: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
               + f" (done = destroyed, a certificate each); certificates in "
                 f"{services.store.blobs.where(disposition_batch_prefix(batch_id).rstrip('/'))}")


@disposition_group.command("certificate")
@click.argument("batch_id", type=int)
@click.argument("document_id", type=int)
@click.pass_obj
def certificate_command(services: Services, batch_id: int, document_id: int) -> None:
    """Print a destroyed record's certificate (from the blob store, whichever machine ran the batch)."""
    click.echo(disposition.certificate(services.store, batch_id, document_id, _operator(services)).decode())


@disposition_group.command("bag")
@click.argument("batch_id", type=int)
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), help="An empty or new folder.")
@click.pass_obj
def bag_command(services: Services, batch_id: int, out: str) -> None:
    """Copy a batch's transfer bag (BagIt) from the blob store into a local folder, to validate or hand over."""
    from pathlib import Path
    folder = Path(out)
    if folder.exists() and any(folder.iterdir()):
        raise UsageError(f"{folder} is not empty", hint="Name a new or empty folder with --out.")
    files = transfer.bag_files(services.store, batch_id, _operator(services))
    transfer.copy_bag(services.store, files, folder)
    click.echo(f"transfer bag of batch {batch_id}: {len(files)} files in {folder}")


@disposition_group.command("accept")
@click.argument("batch_id", type=int)
@click.option("--as", "as_user", required=True, metavar="USER")
@click.pass_obj
def accept_command(services: Services, batch_id: int, as_user: str) -> None:
    """Record NARA's acceptance of a batch's transfer; `disposition run` then destroys those records."""
    ids = transfer.accept(services.store, services.config, batch_id, who=_account(services, as_user))
    click.echo(f"acceptance recorded for {len(ids)} records; run `accord disposition run {batch_id}`")


@click.command()
@click.argument("document_id")
@click.pass_obj
def trash(services: Services, document_id: str) -> None:
    """Move a wrongly ingested document to the trash (within ACCORD_TRASH_DAYS of ingest)."""
    doc_id = require_known_document(services.store, document_id)
    services.trash(doc_id, who=_operator(services))
    click.echo(f"document {doc_id} trashed; `accord restore {doc_id}` brings it back")


@click.command()
@click.argument("document_id", type=int)
@click.pass_obj
def restore(services: Services, document_id: int) -> None:
    """Restore a trashed document (with its index entry and labels)."""
    services.restore(document_id, who=_operator(services))
    click.echo(f"document {document_id} restored")
