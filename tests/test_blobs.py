"""The blob store (corpus/blobs.py): one contract for the folder (default) and the S3-compatible
store, the latter against a local S3 server (moto's server mode; skipped when moto or boto3 is
not installed); and the paths that write originals and page images and purge them going through it."""
from __future__ import annotations

import socket

import pytest

from corpus.blobs import FolderBlobs, S3Blobs, open_blobs, original_key, page_images_prefix
from corpus.config import load_config
from corpus.errors import ConfigError


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    """A local S3-compatible server (moto in server mode, on its own port), for the module."""
    pytest.importorskip("boto3")
    server_module = pytest.importorskip("moto.server")
    port = _free_port()
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_bucket(s3_endpoint, monkeypatch, request):
    import boto3
    for name, value in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                        "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(name, value)
    bucket = f"accord-{request.node.name.replace('_', '-')[:40].lower().strip('-[]')}"
    boto3.client("s3", endpoint_url=s3_endpoint).create_bucket(Bucket=bucket)
    return f"s3://{bucket}/instance-a?endpoint={s3_endpoint}"


@pytest.fixture(params=["folder", "s3"])
def blobs(request, tmp_path):
    if request.param == "folder":
        return FolderBlobs(tmp_path / "blobs")
    url = request.getfixturevalue("s3_bucket")
    return open_blobs(load_config(tmp_path / "home", environ={}, overrides={"ACCORD_BLOB_URL": url}))


def test_every_implementation_keeps_the_same_contract(blobs, tmp_path):
    source = tmp_path / "a.pdf"
    source.write_bytes(b"%PDF-1.7 agreement")
    key = original_key("ab" * 32)
    assert not blobs.exists(key) and blobs.info(key) is None
    with pytest.raises(FileNotFoundError):
        blobs.get(key)
    blobs.put_file(key, source)
    blobs.put_bytes("cache/pages/" + "ab" * 32 + "/1-thumb.png", b"png-1")
    blobs.put_bytes("cache/pages/" + "ab" * 32 + "/2-thumb.png", b"png-2")
    blobs.put_bytes("uploads/u1/state.json", b"{}")
    assert blobs.exists(key) and blobs.get(key) == b"%PDF-1.7 agreement"
    assert blobs.info(key).size == len(b"%PDF-1.7 agreement")
    with blobs.open(key) as stream:
        assert stream.read(4) == b"%PDF"
    with blobs.local_path(key) as local:
        assert local.read_bytes() == b"%PDF-1.7 agreement"
    assert [i.key for i in blobs.list("originals/")] == [key]
    assert sorted(i.key for i in blobs.list(page_images_prefix("ab" * 32))) == [
        f"cache/pages/{'ab' * 32}/1-thumb.png", f"cache/pages/{'ab' * 32}/2-thumb.png"]
    blobs.delete_prefix(page_images_prefix("ab" * 32))
    blobs.delete(key, scrub=True)
    blobs.delete(key)   # deleting what is gone is not an error
    assert not blobs.exists(key) and list(blobs.list("originals/")) == [] and list(blobs.list("cache/")) == []
    assert blobs.get("uploads/u1/state.json") == b"{}"
    with pytest.raises(ValueError):
        blobs.put_bytes("../outside", b"x")


def test_the_default_is_today_s_layout_under_accord_home(config):
    blobs = open_blobs(config)
    assert isinstance(blobs, FolderBlobs)
    assert blobs.path(original_key("cd" * 32)) == config.originals_dir / "cd" / "cd" / ("cd" * 32)


@pytest.mark.parametrize("url", ["ftp://host/x", "s3://", "s3://bucket?endpont=http://x"])
def test_a_wrong_blob_url_says_how_to_write_one(url, tmp_path):
    with pytest.raises(ConfigError) as raised:
        open_blobs(load_config(tmp_path, environ={}, overrides={"ACCORD_BLOB_URL": url}))
    assert "s3://BUCKET" in raised.value.hint


def test_with_s3_originals_page_images_and_purge_never_touch_the_home_folder(s3_bucket, tmp_path):
    """Ingested originals and rendered thumbnails land in the bucket; downloads and `accord check`
    read them there; a disposition purges them there (nothing left under its prefix)."""
    import boto3
    from corpus.access import SYSTEM
    from corpus.documents import document_header
    from records_corpus import OFFICER, api, build
    from web_standins import client_for
    config = load_config(tmp_path / "home", environ={}, overrides={
        "ACCORD_SECRET_KEY": "test-secret", "ACCORD_JOBS": 1, "ACCORD_BLOB_URL": s3_bucket})
    services, corpus, app, tokens = build(config)
    try:
        assert isinstance(services.store.blobs, S3Blobs)
        doc = corpus.ids["moa-ohio.pdf"]
        sha256 = document_header(services.store, doc).sha256
        bucket, endpoint = s3_bucket[5:].split("/")[0], s3_bucket.split("endpoint=")[1]
        client = boto3.client("s3", endpoint_url=endpoint)

        def keys() -> set[str]:
            return {o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", [])}
        assert f"instance-a/{original_key(sha256)}" in keys()
        assert not list(config.originals_dir.rglob("*" + sha256))
        officer = client_for(app, OFFICER)
        original = officer.get(f"/documents/{doc}/original")
        assert original.status_code == 200 and original.data.startswith(b"%PDF")
        assert officer.get(f"/documents/{doc}/pages/1.png?size=thumb").status_code == 200
        assert f"instance-a/{page_images_prefix(sha256)}1-thumb.png" in keys()
        report = services.check_consistency(hashes=True)
        assert not report.differences and report.files == report.store
        assert api(app, tokens, "rita", "POST", f"/api/records/documents/{doc}/file",
                   {"category": "transitory"}).status_code == 200
        batch = api(app, tokens, "rita", "POST", "/api/disposition/batches", {"ids": [doc]}).get_json()["id"]
        assert api(app, tokens, OFFICER, "POST", f"/api/disposition/batches/{batch}/approve").status_code == 200
        assert api(app, tokens, OFFICER, "POST", f"/api/disposition/batches/{batch}/run").get_json()["status"] == "done"
        assert not [k for k in keys() if sha256 in k]
        assert services.index.search("Ohio", principal=SYSTEM).total == 0
        # the other documents' originals are still there
        assert len([k for k in keys() if k.startswith("instance-a/originals/")]) == len(corpus.ids) - 1
    finally:
        services.close()


def test_with_s3_word_boxes_are_read_from_the_bucket_and_failed_files_quarantined_there(s3_bucket, tmp_path,
                                                                                       monkeypatch):
    """`accord pages boxes` reads each original through the blob store (a local copy of the
    bucket's object), and a file that fails is quarantined in the bucket, with its reason, not
    in the home folder of whichever machine read it."""
    import boto3
    from click.testing import CliRunner
    from test_ingest_samples import make_pdf
    from web.cli import cli
    for name, value in {"ACCORD_BLOB_URL": s3_bucket, "ACCORD_SECRET_KEY": "test-secret", "ACCORD_JOBS": "1"}.items():
        monkeypatch.setenv(name, value)
    home = tmp_path / "home"
    folder = tmp_path / "in"
    folder.mkdir()
    make_pdf(folder / "mou.pdf", [["MEMORANDUM OF UNDERSTANDING", "between Agency One and County Two."]])
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100)
    runner = CliRunner()
    ingested = runner.invoke(cli, ["--home", str(home), "ingest", str(folder), "--quiet"])
    assert ingested.exit_code == 65, ingested.output   # the broken file failed
    boxes = runner.invoke(cli, ["--home", str(home), "pages", "boxes", "--force", "--no-ocr"])
    assert boxes.exit_code == 0, boxes.output
    assert "word boxes for 1 document(s)" in boxes.output
    bucket, endpoint = s3_bucket[5:].split("/")[0], s3_bucket.split("endpoint=")[1]
    keys = {o["Key"] for o in boto3.client("s3", endpoint_url=endpoint).list_objects_v2(Bucket=bucket)["Contents"]}
    assert {"instance-a/quarantine/job-1/broken.pdf", "instance-a/quarantine/job-1/broken.pdf.reason.txt"} <= keys
    assert not list((home / "quarantine").rglob("*broken*"))
