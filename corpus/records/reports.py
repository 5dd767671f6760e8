"""Records reports: dispositions due within 30/90/365 days, holds and what they cover, counts
by category. Each is a list of flat rows, so the CSV form is the same data."""
from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date

from corpus.access import Principal
from corpus.config import Config
from corpus.records.disposition import all_lifecycles
from corpus.records.holds import list_holds
from corpus.records.plan import file_plan
from corpus.store import Store

HORIZONS = (30, 90, 365)


def records_report(store: Store, config: Config, today: date | None = None, *,
                   principal: Principal | None = None) -> dict[str, list[dict]]:
    """With `principal`: over the records that principal may see (None: every record, the CLI)."""
    from datetime import timedelta
    today = today or date.today()
    every = all_lifecycles(store, config, principal=principal)
    upcoming = []
    for lc in every:
        if lc.state != "active" or not lc.category.schedule.disposes or lc.eligible_date is None:
            continue
        within = next((d for d in HORIZONS if lc.eligible_date <= today + timedelta(days=d)), None)
        if within is not None:
            upcoming.append({"within_days": within, "id": lc.document_id, "title": lc.title,
                             "category": lc.category.code, "action": lc.action,
                             "eligible_date": lc.eligible_date.isoformat(), "held": ", ".join(lc.holds)})
    upcoming.sort(key=lambda r: (r["eligible_date"], r["id"]))
    counts = Counter(lc.category.code for lc in every)
    held = Counter(lc.category.code for lc in every if lc.holds)
    essential = Counter(lc.category.code for lc in every if lc.essential)
    by_category = [{"category": c.code, "title": c.title, "authority": c.schedule.authority,
                    "documents": counts.get(c.code, 0), "held": held.get(c.code, 0),
                    "essential": essential.get(c.code, 0)} for c in file_plan(config).categories]
    holds = [{"name": h["name"], "issuer": h["issuer"], "placed_at": h["placed_at"], "reason": h["reason"],
              "query": h["query"] or "", "documents": len(h["documents"]),
              "ids": " ".join(str(i) for i in h["documents"])} for h in list_holds(store, principal=principal)]
    return {"due": upcoming, "holds": holds, "categories": by_category}


def as_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return buffer.getvalue()
