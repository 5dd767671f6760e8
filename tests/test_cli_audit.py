"""Commands run on the server are audited like the web's: ingest, search, view, export."""
from __future__ import annotations

import json

from click.testing import CliRunner

from corpus import audit
from corpus.store import Store
from web.cli import cli


def test_cli_ingest_search_show_and_export_are_audited(config, tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "mou.txt").write_text("MEMORANDUM OF UNDERSTANDING between ICE and the Ohio Department of "
                                    "Public Safety on the sharing of records. " * 5)
    env = {"ACCORD_SECRET_KEY": "test-secret", "ACCORD_JOBS": "1"}
    home = ["--home", str(config.home)]
    runner = CliRunner()
    ingested = runner.invoke(cli, [*home, "ingest", str(source), "-q"], env=env)
    assert ingested.exit_code == 0, ingested.output
    searched = runner.invoke(cli, [*home, "search", "ohio", "--json"], env=env)
    assert searched.exit_code == 0, searched.output
    doc_id = json.loads(searched.output)["hits"][0]["id"]
    assert runner.invoke(cli, [*home, "show", str(doc_id), "--json"], env=env).exit_code == 0
    assert runner.invoke(cli, [*home, "export", "--jsonl"], env=env).exit_code == 0

    store = Store(config)
    events = {e["action"]: e for e in audit.events(store, limit=50)}
    assert events["ingest"]["details"]["counts"].get("stored") == 1
    assert events["search"]["details"]["query"] == "ohio" and events["search"]["details"]["hits"] == 1
    assert events["view"]["target"] == str(doc_id)
    assert "export" in events
    assert all(e["actor"].startswith("cli:") for e in events.values())
    assert audit.verify(store) == []
    store.dispose()
