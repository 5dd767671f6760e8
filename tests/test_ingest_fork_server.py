"""The pool's fork server (ingest/fork_server.py): a worker it forks does not run the main script of
the process that started the batch again (multiprocessing's default: `accord` re-imported the whole
command line in every worker, after the fork server's imports and before the worker's first file)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from test_ingest_samples import make_pdf

REPO = Path(__file__).resolve().parents[1]

SCRIPT = """
import os
import sys
if __name__ != "__main__":   # run again elsewhere: in a worker, as __mp_main__
    with open(os.environ["RUN_AGAIN_LOG"], "a") as log:
        log.write(f"{__name__} {os.getpid()}\\n")
else:
    from corpus.config import load_config
    from corpus.store import Store
    from ingest.bulk import run_batch
    config = load_config(sys.argv[1], environ={}, overrides={"ACCORD_SECRET_KEY": "t"})
    result = run_batch(Store(config), config, sys.argv[2:], jobs=2, isolate=True)
    print(result.counts)
"""


@pytest.mark.slow
def test_a_worker_does_not_run_the_main_script_again(tmp_path):
    script = tmp_path / "start_a_batch.py"
    script.write_text(SCRIPT)
    pdfs = [make_pdf(tmp_path / "one.pdf"), make_pdf(tmp_path / "two.pdf", [["A second agreement.", "Page text."]])]
    log = tmp_path / "run-again.log"
    env = {**os.environ, "RUN_AGAIN_LOG": str(log), "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, str(script), str(tmp_path / "home"), *map(str, pdfs)], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == "{'stored': 2}"
    assert not log.exists(), log.read_text()


def test_the_console_script_knows_an_ingest_command_line():
    from web.launch import _ingest_home
    assert _ingest_home(["ingest", "a.pdf"]) == ""
    assert _ingest_home(["--home", "/h", "ingest", "--jobs", "2", "a.pdf"]) == "/h"
    assert _ingest_home(["--home=/h", "ingest", "a.pdf"]) == "/h"
    assert _ingest_home(["ingest", "--help"]) is None
    assert _ingest_home(["search", "ingest"]) is None
    assert _ingest_home(["--home"]) is None
    assert _ingest_home(["--homes", "/h", "ingest"]) is None
    assert _ingest_home([]) is None


@pytest.mark.slow
def test_accord_ingest_starts_the_fork_server_before_importing_the_command_line(tmp_path):
    """So that the fork server's imports run beside the command line's (web/launch.py)."""
    pdf = make_pdf(tmp_path / "one.pdf")
    script = f"""
import sys
from ingest import fork_server
started = fork_server.start
def start(preload=()):
    print("fork server started; imported:", sorted(m for m in ("web.cli", "sqlalchemy", "click") if m in sys.modules))
    started(preload)
fork_server.start = start
sys.argv = ["accord", "--home", {str(tmp_path / "home")!r}, "ingest", "--jobs", "2", {str(pdf)!r}]
from web.launch import main
main()
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=300,
                          env={**os.environ, "ACCORD_SECRET_KEY": "t"})
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert lines[0] == "fork server started; imported: []", lines
    assert "1 stored" in done.stdout


def test_a_setting_in_error_is_reported_by_the_command_line_not_by_the_early_start(tmp_path):
    script = f"""
import sys
sys.argv = ["accord", "--home", {str(tmp_path / "home")!r}, "ingest", {str(tmp_path)!r}]
from web.launch import main
main()
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=120,
                          env={**os.environ, "ACCORD_JOBS": "many"})
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert "error: ACCORD_JOBS='many'" in done.stderr and "how to fix" in done.stderr
    assert done.returncode not in (0, 1)
