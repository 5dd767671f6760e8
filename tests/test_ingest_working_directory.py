"""`accord ingest` run from a folder that holds a package named like one of ours (another checkout of
Accord, a records folder called `ingest/`): the pool's workers must still import the installed code.
The fork server runs `python -c`, which puts the working directory first on its import path."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from test_ingest_samples import make_pdf

ACCORD = Path(sys.executable).with_name("accord")


@pytest.mark.slow
@pytest.mark.skipif(not ACCORD.exists(), reason="the accord console script is not installed beside this Python")
def test_a_package_in_the_working_directory_does_not_replace_the_workers_code(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    shadow = elsewhere / "ingest"
    shadow.mkdir(parents=True)
    # a worker importing this instead of the installed package dies at once, as with another version
    (shadow / "__init__.py").write_text("import os\nos._exit(3)\n")
    pdf = make_pdf(tmp_path / "agreement.pdf")
    run = subprocess.run([str(ACCORD), "--home", str(tmp_path / "home"), "ingest", str(pdf), "--jobs", "2"],
                         cwd=elsewhere, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 stored" in run.stdout + run.stderr
