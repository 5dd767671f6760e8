"""A document's records_filing row (its category, essential flag and records state: active,
trashed, transferred, destroyed, purged), got or made in one place so that filing, the trash,
purging and transfer all start a never-filed document's row the same way."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from corpus.tables import RecordFilingRow


def filing_row(session: Session, document_id: int) -> RecordFilingRow:
    """The document's filing row, added to the session when it has none yet."""
    filing = session.get(RecordFilingRow, document_id)
    if filing is None:
        filing = RecordFilingRow(document_id=document_id, filed_by="")
        session.add(filing)
    return filing


def set_filing_state(session: Session, document_id: int, state: str, *, at: datetime, by: str) -> RecordFilingRow:
    """Put the document in a records state, saying when and by whom."""
    filing = filing_row(session, document_id)
    filing.state, filing.state_at, filing.state_by = state, at, by
    return filing
