"""Transfer of permanent records to NARA: one BagIt package per batch (the `bagit` library)
holding each record's original, its metadata (JSON per record and one CSV), checksums
(the bag's manifests) and its audit trail. The record is then marked transferred; once
NARA's acceptance is recorded (`accept`), it is destroyed like a temporary record and the
bag's payload is removed from ACCORD_HOME (its manifests stay as the receipt).

The bag is built in a temporary folder and renamed into place once valid, so an
interrupted run leaves either no bag or a whole one.
"""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

from sqlalchemy import select

from corpus import audit
from corpus.access import Principal
from corpus.config import Config
from corpus.documents import document_record
from corpus.errors import Conflict, PermissionDenied
from corpus.records.holds import require_not_held
from corpus.store import Store
from corpus.tables import DispositionItemRow, RecordFilingRow, utcnow

CSV_COLUMNS = ("id", "title", "filename", "sha256", "mime", "size", "pages", "category", "authority",
               "cutoff_date", "eligible_date", "ingested_at")


def bag_path(config: Config, batch_id: int) -> Path:
    return config.dispositions_dir / f"batch-{batch_id}" / "transfer-bag"


def transfer_items(store: Store, config: Config, batch_id: int, items: list[DispositionItemRow], facts: dict,
                   actor: str) -> Path | None:
    import bagit
    if not items:
        return None
    target = bag_path(config, batch_id)
    ids = [i.document_id for i in items]
    with store.session() as session:
        require_not_held(session, ids, "transferred")
    if not target.exists():
        work = target.with_name(".transfer-bag.building")
        shutil.rmtree(work, ignore_errors=True)
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
        work.rename(target)
    now = utcnow()
    with store.session() as session:
        for item in items:
            row = session.get(DispositionItemRow, item.id)
            row.status, row.done_at, row.note = "transferred", now, "awaiting NARA acceptance"
            filing = session.get(RecordFilingRow, item.document_id) or RecordFilingRow(
                document_id=item.document_id, filed_by="")
            session.add(filing)
            filing.state, filing.state_at, filing.state_by = "transferred", now, actor
    audit.record(store, actor, "disposition", f"batch:{batch_id}",
                 details={"step": "transferred", "documents": ids, "bag": str(target.relative_to(config.home))})
    return target


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
    shutil.rmtree(bag_path(config, batch_id) / "data", ignore_errors=True)
    audit.record(store, who.name, "disposition", f"batch:{batch_id}", details={"step": "accepted", "documents": ids})
    return ids


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in name)[:120] or "original"
