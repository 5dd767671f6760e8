"""SIGKILL of the worker in the middle of the newer queue tasks, through the commands users run
(ACCORD_BROKER_URL set): a retrain killed after it registered its model version, and a disposition
run killed as it finishes a record (purged, certificate in place, its audit event not yet
written). The moments are made certain from outside, with
PostgreSQL locks on the tables the task writes next. A redelivered retrain must not register a
second version (nor audit it twice); a redelivered disposition run must not destroy or certify a
record twice, nor lose a record's "destroyed" audit event."""
from __future__ import annotations

import json
import os
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from test_ingest_samples import make_pdf
from test_scaleout import ACCORD, Worker, _run

pytestmark = [pytest.mark.scaleout, pytest.mark.postgres, pytest.mark.slow]


def _audit(env: dict) -> list[dict]:
    listed = _run(env, "audit", "list", "--limit", "1000")
    assert listed.returncode == 0, listed.stderr
    return [json.loads(line) for line in listed.stdout.splitlines()]


def test_a_retrain_and_a_disposition_run_killed_mid_task_happen_once(tmp_path, redis_url, postgres_url,
                                                                     wait_until):
    env = {**os.environ, "ACCORD_HOME": str(tmp_path / "home"), "ACCORD_DATABASE_URL": postgres_url,
           "ACCORD_BROKER_URL": redis_url, "ACCORD_SECRET_KEY": "test-secret",
           "ACCORD_WORKER_LOST_SECONDS": "6", "ACCORD_WORKER_STALL_SECONDS": "600",
           "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    assert _run(env, "migrate").returncode == 0
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        make_pdf(folder / f"agreement-{i}.pdf", [[f"MEMORANDUM OF AGREEMENT NUMBER {i}",
                                                   f"between Agency {i} and County {i + 10}",
                                                   "for the exchange of records under the Privacy Act."]])
    engine = create_engine(postgres_url)

    def scalar(sql: str):
        with engine.connect() as conn:
            return conn.scalar(text(sql))

    worker = Worker(env, "ingest,ocr,index,train", tmp_path / "worker.log")
    try:
        ingested = _run(env, "ingest", str(folder), timeout=150)
        assert ingested.returncode == 0, ingested.stdout + ingested.stderr

        # a retrain killed after registering its version, before its audit event and its outcome
        versions = scalar("SELECT count(*) FROM model_versions")
        with engine.connect() as hold:
            hold.begin()
            hold.execute(text("LOCK TABLE audit_events IN EXCLUSIVE MODE"))
            retrain = subprocess.Popen([*ACCORD, "classifier", "retrain"], env=env, stdout=subprocess.PIPE,
                                       stderr=subprocess.STDOUT, text=True)
            wait_until(lambda: scalar("SELECT count(*) FROM model_versions") > versions, 500, "the new version")
            assert worker.busy_with() == "accord.retrain"
            worker.kill()
            worker.start()
            hold.rollback()
        out, _ = retrain.communicate(timeout=500)
        assert retrain.returncode == 0, out
        assert scalar("SELECT count(*) FROM model_versions") == versions + 1, out
        version = scalar("SELECT version FROM model_versions ORDER BY id DESC LIMIT 1")
        assert f"\n{version}: held-out" in f"\n{out}", out
        assert [e["target"] for e in _audit(env) if e["action"] == "retrain"] == [version]

        # a disposition run killed as it finishes its first record (certificate in place, its
        # "destroyed" event not yet written): held first in the last record's purge (a row lock),
        # while the audit table is locked, then let go to the first record's audit event
        assert _run(env, "records", "file", "--query", "", "--category", "transitory").returncode == 0
        batch = _run(env, "disposition", "propose", "--all-due").stdout.split()[-1]
        add = subprocess.run([*ACCORD, "user", "add", "olga", "--role", "records_officer", "--password-stdin"],
                             env=env, input="a-long-password-1\n", capture_output=True, text=True)
        assert add.returncode == 0, add.stderr
        assert _run(env, "disposition", "approve", batch, "--as", "olga").returncode == 0
        first, last = scalar("SELECT min(id) FROM documents"), scalar("SELECT max(id) FROM documents")
        folder = tmp_path / "home" / "dispositions" / f"batch-{batch}"
        with engine.connect() as row_hold, engine.connect() as audit_hold:
            row_hold.begin()
            row_hold.execute(text("SELECT id FROM documents WHERE id = :id FOR UPDATE"), {"id": last})
            run = subprocess.Popen([*ACCORD, "disposition", "run", batch], env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True)
            wait_until(lambda: scalar(f"SELECT count(*) FROM disposition_items WHERE batch_id = {int(batch)} "
                                      f"AND document_id = {last} AND status = 'purging'"), 120,
                       "the last record's purge")
            audit_hold.begin()
            audit_hold.execute(text("LOCK TABLE audit_events IN EXCLUSIVE MODE"))
            row_hold.rollback()
            wait_until(lambda: (folder / f"certificate-{first}.json").exists(), 120,
                       "the first record's certificate")
            time.sleep(0.5)   # at its audit event
            assert worker.busy_with() == "accord.run_disposition"
            worker.kill()
            worker.start()
            audit_hold.rollback()
        out, _ = run.communicate(timeout=240)
        assert run.returncode == 0, out
        assert f"batch {batch} done: 3 done" in out, out
    finally:
        worker.stop()
    certificates = sorted(p.name for p in (tmp_path / "home" / "dispositions" / f"batch-{batch}").iterdir())
    assert certificates == [f"certificate-{i}.json" for i in range(1, 4)], certificates
    events = _audit(env)
    destroyed = Counter(e["target"] for e in events if e["action"] == "disposition"
                        and e["details"].get("step") == "destroyed")
    assert destroyed == {"1": 1, "2": 1, "3": 1}, destroyed
    engine.dispose()
    check = _run(env, "check", "--json")
    assert check.returncode == 0, check.stdout + check.stderr
    verify = _run(env, "audit", "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr
