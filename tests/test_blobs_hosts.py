"""Shared state across hosts (issue 16, point 3): what one machine writes to the blob store,
another machine reads through the product path. "Another machine" is another process with its
own ACCORD_HOME (so nothing is found by path in the first one's folder), sharing only what
docs/deploy.md says machines share: the store, the blob store (a shared folder, or an S3 bucket
served by moto) and the secrets. Each kind of file moved into the blob store is checked on both
implementations: disposition certificates, transfer bags, classifier model files (their
signature still checked), and web uploads ingested by a worker of the queue."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from corpus.config import load_config
from records_corpus import OFFICER, api, build, custom_plan

ACCORD = [sys.executable, "-m", "web.cli"]


@dataclass
class Hosts:
    shared: dict          # the settings every machine has in common
    root: Path

    def home(self, host: str) -> Path:
        return self.root / f"host-{host}"

    def config(self, host: str, **overrides):
        return load_config(self.home(host), environ={}, overrides={**self.shared, **overrides})

    def cli(self, host: str, *args: str, check: bool = True, **extra) -> subprocess.CompletedProcess:
        """`accord` in a process of its own, as on that machine."""
        env = {**os.environ, **self.shared, **extra, "ACCORD_HOME": str(self.home(host))}
        done = subprocess.run([*ACCORD, *args], env=env, capture_output=True, text=True, timeout=300)
        if check:
            assert done.returncode == 0, done.stdout + done.stderr
        return done

    def keys(self) -> set[str]:
        """Every key in the blob store (what the machines share)."""
        from corpus.blobs import open_blobs
        return {info.key for info in open_blobs(self.config("a")).list("")}


@pytest.fixture(params=["folder", "s3"])
def hosts(request, tmp_path, monkeypatch) -> Hosts:
    shared = tmp_path / "shared"
    shared.mkdir()
    if request.param == "folder":
        blob_url = (shared / "blobs").as_uri()
    else:
        import boto3
        endpoint = request.getfixturevalue("s3_endpoint")
        for name, value in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                            "AWS_DEFAULT_REGION": "us-east-1"}.items():
            monkeypatch.setenv(name, value)
        bucket = f"accord-{uuid.uuid4().hex[:12]}"
        boto3.client("s3", endpoint_url=endpoint).create_bucket(Bucket=bucket)
        blob_url = f"s3://{bucket}/site?endpoint={endpoint}"
    return Hosts({"ACCORD_DATABASE_URL": f"sqlite:///{shared / 'accord.db'}", "ACCORD_BLOB_URL": blob_url,
                  "ACCORD_SECRET_KEY": "test-secret", "ACCORD_AUDIT_KEY_FILE": str(shared / "audit.key"),
                  "ACCORD_AUDIT_ANCHOR_FILE": str(shared / "audit-anchors.log"), "ACCORD_JOBS": "1"}, tmp_path)


@pytest.fixture(scope="module")
def s3_endpoint():
    """A local S3-compatible server (moto's server mode) for the module; skipped without moto."""
    pytest.importorskip("boto3")
    server_module = pytest.importorskip("moto.server")
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def _files_under(home: Path) -> list[str]:
    return sorted(str(p.relative_to(home)) for p in home.rglob("*") if p.is_file())


def test_a_certificate_written_on_one_host_is_downloaded_on_another(hosts):
    services, corpus, app, tokens = build(hosts.config("a"))
    try:
        doc = corpus.ids["moa-ohio.pdf"]
        assert api(app, tokens, "rita", "POST", f"/api/records/documents/{doc}/file",
                   {"category": "transitory"}).status_code == 200
        batch = api(app, tokens, "rita", "POST", "/api/disposition/batches", {"ids": [doc]}).get_json()["id"]
        assert api(app, tokens, OFFICER, "POST", f"/api/disposition/batches/{batch}/approve").status_code == 200
        assert api(app, tokens, OFFICER, "POST", f"/api/disposition/batches/{batch}/run").get_json()["status"] == "done"
    finally:
        services.close()
    assert f"dispositions/batch-{batch}/certificate-{doc}.json" in hosts.keys()
    assert not [f for f in _files_under(hosts.home("a")) if f.startswith("dispositions")]
    # host B's command line, in a process of its own
    printed = json.loads(hosts.cli("b", "disposition", "certificate", str(batch), str(doc)).stdout)
    assert printed["document"]["id"] == doc and printed["action"] == "destroyed"
    # host B's web and API
    from web.app import create_app
    from web.services import Services
    from web_standins import client_for
    services_b = Services(hosts.config("b"))
    try:
        app_b = create_app(services_b.config, services_b)
        app_b.config["TESTING"] = True
        answer = api(app_b, tokens, OFFICER, "GET", f"/api/disposition/batches/{batch}/certificates/{doc}")
        assert answer.status_code == 200 and json.loads(answer.data) == printed
        page = client_for(app_b, OFFICER)
        assert f"/records/certificates/{batch}/{doc}.json" in page.get("/records/certificates").text
        assert json.loads(page.get(f"/records/certificates/{batch}/{doc}.json").data) == printed
        # someone who may not see the record learns nothing of its certificate
        assert api(app_b, tokens, "sam", "GET", f"/api/disposition/batches/{batch}/certificates/{doc}").status_code in (403, 404)
    finally:
        services_b.close()


def test_a_transfer_bag_built_on_one_host_is_downloaded_valid_on_another(hosts, tmp_path):
    import bagit
    plan = custom_plan(tmp_path, {"code": "transfer_now", "title": "Permanent, transfer at once", "types": [],
                                  "schedule": {"authority": "N1-000-00-1 item 1", "approved": True,
                                               "disposition": "transfer", "retention": {},
                                               "cutoff": {"rule": "immediate"}}})
    services, corpus, app, tokens = build(hosts.config("a", ACCORD_FILE_PLAN=plan))
    try:
        doc = corpus.ids["mou-texas.pdf"]
        assert api(app, tokens, "rita", "POST", f"/api/records/documents/{doc}/file",
                   {"category": "transfer_now"}).status_code == 200
        batch = api(app, tokens, "rita", "POST", "/api/disposition/batches", {"ids": [doc]}).get_json()["id"]
        assert api(app, tokens, OFFICER, "POST", f"/api/disposition/batches/{batch}/approve").status_code == 200
        api(app, tokens, OFFICER, "POST", f"/api/disposition/batches/{batch}/run")
    finally:
        services.close()
    assert f"dispositions/batch-{batch}/transfer-bag/bagit.txt" in hosts.keys()
    assert not [f for f in _files_under(hosts.home("a")) if "transfer-bag" in f]
    # host B: `accord disposition bag` copies it out; it validates
    out = tmp_path / "bag-from-b"
    hosts.cli("b", "disposition", "bag", str(batch), "--out", str(out), ACCORD_FILE_PLAN=plan)
    bag = bagit.Bag(str(out))
    bag.validate()
    assert f"data/metadata/{doc}.json" in set(bag.payload_files())
    # host B's API: the same bag as a zip
    from web.app import create_app
    from web.services import Services
    services_b = Services(hosts.config("b", ACCORD_FILE_PLAN=plan))
    try:
        app_b = create_app(services_b.config, services_b)
        app_b.config["TESTING"] = True
        answer = api(app_b, tokens, OFFICER, "GET", f"/api/disposition/batches/{batch}/transfer-bag.zip")
        assert answer.status_code == 200 and answer.mimetype == "application/zip"
        zipped = tmp_path / "zipped"
        zipfile.ZipFile(io.BytesIO(answer.data)).extractall(zipped)
        bagit.Bag(str(zipped / f"transfer-bag-{batch}")).validate()
        assert api(app_b, tokens, "rita", "GET", f"/api/disposition/batches/{batch}/transfer-bag.zip").status_code == 403
        # NARA accepted it (recorded on B): the payload goes from the blob store, the manifests stay
        assert api(app_b, tokens, OFFICER, "POST", f"/api/disposition/batches/{batch}/accept").status_code == 200
    finally:
        services_b.close()
    left = {k for k in hosts.keys() if "/transfer-bag/" in k}
    assert not [k for k in left if "/transfer-bag/data/" in k]
    assert f"dispositions/batch-{batch}/transfer-bag/manifest-sha256.txt" in left


@pytest.mark.model
@pytest.mark.slow
def test_a_model_trained_on_one_host_is_used_by_another_and_its_signature_still_checked(hosts):
    from corpus.blobs import model_key, open_blobs
    from corpus.labels import history
    from corpus.model_versions import current_version
    services, corpus, app, tokens = build(hosts.config("a"))
    try:
        doc = corpus.ids["moa-ohio.pdf"]
        services.classifier.ensure_model()          # v1: the shipped model, installed on host A
    finally:
        services.close()
    hosts.cli("a", "classifier", "fit", "--demo", "--count", "100")   # v2, trained by a process on host A
    from corpus.store import Store
    store = Store(hosts.config("b"), migrate=False)
    try:
        retrained = current_version(store)
    finally:
        store.dispose()
    assert retrained.version == "v2"
    key = model_key(retrained.path)
    assert key in hosts.keys() and not (hosts.home("a") / "models" / retrained.path).exists()
    hosts.cli("b", "classify", str(doc))
    store = Store(hosts.config("b"), migrate=False)
    try:
        assert [lab.model_version for lab in history(store, doc) if lab.kind == "type"][-1] == retrained.version
    finally:
        store.dispose()
    # a model file changed in the blob store is refused on any host, as a local one was
    blobs = open_blobs(hosts.config("a"))
    data = bytearray(blobs.get(key))
    data[-10] ^= 0xFF
    blobs.put_bytes(key, bytes(data), mode=0o600)
    refused = hosts.cli("b", "classify", str(doc), check=False)
    assert refused.returncode != 0 and "signature" in refused.stderr + refused.stdout


def _hiding(folder: Path) -> list[str]:
    """A command prefix that runs a process unable to see `folder` (an empty tmpfs over it, in a
    mount namespace of its own), as a machine without it; empty where namespaces are not allowed."""
    probe = subprocess.run(["unshare", "--mount", "--propagation", "private", "true"], capture_output=True)
    if probe.returncode != 0:
        return []
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c",
            'mount -t tmpfs none "$1" && shift && exec "$@"', "sh", str(folder)]


@pytest.mark.scaleout
@pytest.mark.postgres
@pytest.mark.ocr
@pytest.mark.slow
def test_an_upload_on_one_host_is_ingested_by_a_worker_on_another(hosts, tmp_path, redis_url, postgres_url):
    """A web process on host A saves an upload (a PDF, a scan, a zip it expands itself); a worker
    on host B, which cannot see host A's folder, reads them through the blob store."""
    from corpus import accounts
    from test_ingest_samples import make_pdf, make_scanned_pdf
    from web.app import create_app
    from web.services import Services
    from web_corpus import add_users
    hosts.shared.update({"ACCORD_DATABASE_URL": postgres_url, "ACCORD_BROKER_URL": redis_url, "ACCORD_OCR_DPI": "150"})
    index = tmp_path / "shared" / "index"        # the search index stays on a shared folder (docs/deploy.md)
    index.mkdir()
    for host in "ab":
        hosts.home(host).mkdir()
        (hosts.home(host) / "index").symlink_to(index)
    files = tmp_path / "files"
    files.mkdir()
    make_pdf(files / "mou.pdf", [["MEMORANDUM OF UNDERSTANDING", "between Agency One and County Two."]])
    make_scanned_pdf(files / "scan.pdf", ["INTERAGENCY AGREEMENT", "between Office Three and Bureau Four"], dpi=150)
    make_pdf(files / "member.pdf", [["DATA SHARING AGREEMENT", "between Agency Five and City Six."]])
    with zipfile.ZipFile(files / "bundle.zip", "w") as bundle:
        bundle.write(files / "member.pdf", "inner/member.pdf")
    services = Services(hosts.config("a"))
    worker = None
    try:
        add_users(services.store)
        token = accounts.issue_token(services.store, "rita")
        env = {**os.environ, **hosts.shared, "ACCORD_HOME": str(hosts.home("b")),
               "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
        worker = subprocess.Popen([*_hiding(hosts.home("a")), *ACCORD, "worker", "--queues", "ingest,ocr,index",
                                   "--concurrency", "1"], env=env, stdout=subprocess.DEVNULL,
                                  stderr=open(tmp_path / "worker-b.log", "w"))
        app = create_app(services.config, services)
        app.config["TESTING"] = True
        client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}
        sent = client.post("/api/ingest", headers=headers, content_type="multipart/form-data", data={"files": [
            (open(files / name, "rb"), name) for name in ("mou.pdf", "scan.pdf", "bundle.zip")]})
        assert sent.status_code == 202, sent.data
        upload = sent.get_json()["id"]
        import time
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            progress = client.get(f"/api/ingest/{upload}", headers=headers).get_json()
            if progress["status"] in ("done", "failed"):
                break
            time.sleep(0.5)
        assert progress["status"] == "done", (progress, (tmp_path / "worker-b.log").read_text()[-3000:])
        items = client.get(f"/api/ingest/{progress['job_id']}", headers=headers).get_json()["items"]
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(30)
        services.close()
    assert sorted(i["status"] for i in items) == ["stored"] * 3, items
    assert all(i["worker"] != "in-process" for i in items), items
    # one index for both hosts: neither replaced its link with a folder of its own (the submitter
    # then waited the full INDEX_WAIT_SECONDS for commits it could not see, and indexed again)
    assert all((hosts.home(host) / "index").is_symlink() for host in "ab")
    assert sum(i["ocr_pages"] for i in items) == 1
    keys = hosts.keys()
    # the uploaded files reached B through the blob store (B cannot see A's folder), and are gone
    # from it once the job is done; the upload's progress stays
    assert not [k for k in keys if k.startswith(f"uploads/{upload}/files/")]
    assert f"uploads/{upload}/state.json" in keys
    # the zip was expanded on host A; its member reached B through the job's staging, gone once done
    assert not [k for k in keys if k.startswith(f"cache/ingest/job-{progress['job_id']}/")]
    assert any(i["file"].endswith("bundle.zip!inner/member.pdf") for i in items), items


def test_a_bulk_zip_on_another_host_holds_the_originals_from_the_blob_store(hosts):
    from web.app import create_app
    from web.services import Services
    services, corpus, app, tokens = build(hosts.config("a"))
    services.close()
    doc = corpus.ids["moa-ohio.pdf"]
    services_b = Services(hosts.config("b"))
    try:
        app_b = create_app(services_b.config, services_b)
        app_b.config["TESTING"] = True
        answer = api(app_b, tokens, OFFICER, "POST", "/api/bulk", {"action": "zip", "ids": [doc]})
        assert answer.status_code == 200, answer.data
        from corpus.documents import document_header
        with services_b.store.open_original(document_header(services_b.store, doc).sha256) as original:
            expected = original.read()
        names = zipfile.ZipFile(io.BytesIO(answer.data)).namelist()
        assert len(names) == 1 and zipfile.ZipFile(io.BytesIO(answer.data)).read(names[0]) == expected
    finally:
        services_b.close()
