"""Transfer of permanent records to NARA: one BagIt package per batch (the `bagit` library)
holding each record's original, its metadata (JSON per record and one CSV), checksums
(the bag's manifests) and its audit trail. The record is then marked transferred; once
NARA's acceptance is recorded (`accept`), it is destroyed like a temporary record and the
bag's payload is removed from the blob store (its manifests stay as the receipt).

The bag lives in the blob store (corpus/blobs.py: transfer_bag_prefix, ACCORD_HOME/dispositions/
batch-N/transfer-bag/ in the folder default), so it is downloadable from any machine. It is built
in a temporary folder and put in place once valid: a folder store renames it into place; an object
store gets every file, then bagit.txt last (a bag is there once bagit.txt is). An interrupted run
leaves either no bag or a whole one.
"""
from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import select

from corpus import audit
from corpus.access import Principal
from corpus.blobs import BlobStore, FolderBlobs, transfer_bag_prefix
from corpus.config import Config
from corpus.documents import document_record
from corpus.errors import Conflict, NotFound, PermissionDenied
from corpus.records.filing_rows import set_filing_state
from corpus.records.holds import require_not_held
from corpus.store import Store
from corpus.tables import DispositionItemRow, RecordFilingRow, utcnow
from corpus.visibility import visible_ids_in

CSV_COLUMNS = ("id", "title", "filename", "sha256", "mime", "size", "pages", "category", "authority",
               "cutoff_date", "eligible_date", "ingested_at")


BAG_MARKER = "bagit.txt"     # written last: the bag is in the blob store once it is


def bag_exists(blobs: BlobStore, batch_id: int) -> bool:
    return blobs.exists(transfer_bag_prefix(batch_id) + BAG_MARKER)


@contextmanager
def _building(blobs: BlobStore, batch_id: int) -> Iterator[Path]:
    """An empty local folder to build the bag in, on the same disk as a folder store's bag (so
    it is renamed into place), else a temporary folder; removed afterwards whatever happens."""
    if isinstance(blobs, FolderBlobs):
        work = blobs.path(transfer_bag_prefix(batch_id).rstrip("/")).with_name(".transfer-bag.building")
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        try:
            yield work
        finally:
            shutil.rmtree(work, ignore_errors=True)
    else:
        with tempfile.TemporaryDirectory(prefix="accord-bag-") as folder:
            yield Path(folder) / "transfer-bag"


def _publish(blobs: BlobStore, batch_id: int, work: Path) -> None:
    prefix = transfer_bag_prefix(batch_id)
    if isinstance(blobs, FolderBlobs):
        work.rename(blobs.path(prefix.rstrip("/")))
        return
    blobs.delete_prefix(prefix)        # what an interrupted run had put (a bag without its bagit.txt)
    files = sorted(p for p in work.rglob("*") if p.is_file())
    for path in sorted(files, key=lambda p: p.name == BAG_MARKER and p.parent == work):
        blobs.put_file(prefix + path.relative_to(work).as_posix(), path)


def transfer_items(store: Store, config: Config, batch_id: int, items: list[DispositionItemRow], facts: dict,
                   actor: str) -> str | None:
    if not items:
        return None
    prefix = transfer_bag_prefix(batch_id)
    ids = [i.document_id for i in items]
    with store.session() as session:
        require_not_held(session, ids, "transferred")
    if not bag_exists(store.blobs, batch_id):
        with _building(store.blobs, batch_id) as work:
            _build_bag(store, work, batch_id, items, facts)
            _publish(store.blobs, batch_id, work)
    now = utcnow()
    with store.session() as session:
        for item in items:
            row = session.get(DispositionItemRow, item.id)
            row.status, row.done_at, row.note = "transferred", now, "awaiting NARA acceptance"
            set_filing_state(session, item.document_id, "transferred", at=now, by=actor)
    audit.record(store, actor, "disposition", f"batch:{batch_id}",
                 details={"step": "transferred", "documents": ids, "bag": prefix.rstrip("/")})
    return store.blobs.where(prefix.rstrip("/"))


def _build_bag(store: Store, work: Path, batch_id: int, items: list[DispositionItemRow], facts: dict) -> None:
    import bagit
    (work / "originals").mkdir(parents=True)
    (work / "metadata").mkdir()
    (work / "audit").mkdir()
    rows = []
    for item in items:
        record = document_record(store, item.document_id)
        with store.original_file(record["sha256"]) as original:
            shutil.copyfile(original, work / "originals" / f"{item.document_id}-{_safe(record['filename'])}")
        meta = {**record, "category": item.category, "authority": item.authority,
                "cutoff_date": item.cutoff_date, "eligible_date": item.eligible_date, "reason": item.reason}
        (work / "metadata" / f"{item.document_id}.json").write_text(json.dumps(meta, indent=2, default=str))
        trail = audit.events(store, target=str(item.document_id), limit=10_000)
        (work / "audit" / f"{item.document_id}.json").write_text(json.dumps(trail, indent=2, default=str))
        rows.append({k: meta.get(k) for k in CSV_COLUMNS} | {"pages": record["pages"]})
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    (work / "metadata" / "records.csv").write_text(buffer.getvalue())
    bag = bagit.make_bag(str(work), {"Source-Organization": "Accord repository",
                                     "External-Description": f"Transfer of {len(items)} permanent records, "
                                                             f"disposition batch {batch_id}",
                                     "Internal-Sender-Identifier": f"accord-batch-{batch_id}",
                                     "Bag-Group-Identifier": f"approved by {facts.get('approved_by')}"},
                         checksums=["sha256"])
    bag.validate()


def accept(store: Store, config: Config, batch_id: int, *, who: Principal) -> list[int]:
    """Record NARA's acceptance of a batch's transfer: the items become due for destruction
    (pending destroy items run by `disposition run`), and the bag's payload is removed."""
    if not who.may("approve_disposition"):
        raise PermissionDenied(f"{who.name!r} may not record a transfer's acceptance")
    with store.session() as session:
        items = list(session.scalars(select(DispositionItemRow).where(DispositionItemRow.batch_id == batch_id,
                                                                      DispositionItemRow.status == "transferred")))
        if not items:
            raise Conflict(f"batch {batch_id} has no transferred records awaiting acceptance")
        for item in items:
            item.action, item.status, item.note = "destroy", "pending", f"transfer accepted by NARA ({who.name})"
            session.get(RecordFilingRow, item.document_id).state = "active"
        ids = [i.document_id for i in items]
    store.blobs.delete_prefix(transfer_bag_prefix(batch_id) + "data/")
    audit.record(store, who.name, "disposition", f"batch:{batch_id}", details={"step": "accepted", "documents": ids})
    return ids


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in name)[:120] or "original"


def bag_files(store: Store, batch_id: int, principal: Principal) -> list[tuple[str, str]]:
    """A transfer bag's files as (path inside the bag, blob key), for its download; only for a
    principal who may see every record of the batch (else: as a missing bag)."""
    with store.session() as session:
        ids = list(session.scalars(select(DispositionItemRow.document_id)
                                   .where(DispositionItemRow.batch_id == batch_id)))
        shown = visible_ids_in(session, principal, ids, include_removed=True)
    if not ids or set(ids) - shown or not bag_exists(store.blobs, batch_id):
        raise NotFound(f"batch {batch_id} has no transfer bag",
                       hint="A batch's run builds its bag when it transfers permanent records.")
    prefix = transfer_bag_prefix(batch_id)
    return sorted((info.key[len(prefix):], info.key) for info in store.blobs.list(prefix))


def write_bag_zip(store: Store, files: list[tuple[str, str]], out, batch_id: int) -> None:
    """The bag as a zip (its files under transfer-bag-N/): what the web and the API hand out."""
    import zipfile
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, key in files:
            info = zipfile.ZipInfo(f"transfer-bag-{batch_id}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED     # a fixed date: the same bag gives the same bytes
            with store.blobs.open(key) as source, archive.open(info, "w") as target:
                shutil.copyfileobj(source, target, 1 << 20)


def copy_bag(store: Store, files: list[tuple[str, str]], folder: Path) -> None:
    """The bag into a local folder (`accord disposition bag`), to validate it or hand it over."""
    for name, key in files:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with store.blobs.open(key) as source, open(target, "wb") as out:
            shutil.copyfileobj(source, out, 1 << 20)
