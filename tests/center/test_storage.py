"""Blob storage: the local directory and S3 (moto's S3 server on loopback), with
verified atomic writes, and the center running on S3 end to end."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from center_helpers import Center, free_port, make_package, open_center, source_zip, stored_blobs

from miniport.center.storage import (
    IntegrityError,
    LocalStorage,
    S3Storage,
    StorageError,
    open_storage,
    sha256_hex,
)
from miniport.config import Settings


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def bucket(
    s3_endpoint: str, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> str:
    import boto3

    for key, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(key, value)
    name = (
        "mp-" + request.node.name.lower().replace("_", "-").replace("[", "-").replace("]", "")[:50]
    )
    boto3.client("s3", endpoint_url=s3_endpoint).create_bucket(Bucket=name)
    return name


def _exercise(store: LocalStorage | S3Storage) -> None:
    data = b"package bytes"
    store.put("packages/a.mpk", data, sha256_hex(data))
    assert store.get("packages/a.mpk") == data
    assert store.exists("packages/a.mpk")
    assert [b.key for b in store.list("packages/")] == ["packages/a.mpk"]
    with pytest.raises(IntegrityError):
        store.put("packages/b.mpk", data, sha256_hex(b"something else"))
    assert not store.exists("packages/b.mpk")
    with pytest.raises(StorageError):
        store.put("../escape", data, sha256_hex(data))
    store.delete("packages/a.mpk")
    assert not store.exists("packages/a.mpk")
    store.ping()


def test_local_storage(tmp_path: Path) -> None:
    store = open_storage((tmp_path / "blobs").as_uri())
    assert isinstance(store, LocalStorage)
    _exercise(store)
    assert not list((tmp_path / "blobs").rglob(".tmp-*")), "no temporary files left behind"


def test_sweep_removes_temp_files_of_a_crashed_write(center: Center) -> None:
    from miniport.center.services.versions import sweep_orphans

    store = center.ctx.storage
    assert isinstance(store, LocalStorage)
    crashed = store.root / "packages" / "x" / ".tmp-abc123"
    crashed.parent.mkdir(parents=True)
    crashed.write_bytes(b"half a package")
    with center.ctx.db.session() as s:
        assert sweep_orphans(s, center.ctx, min_age_seconds=3600) == []
        assert crashed.exists()  # might be a write in progress
        assert sweep_orphans(s, center.ctx, min_age_seconds=0) == ["packages/x/.tmp-abc123"]
    assert not crashed.exists()


def test_s3_storage(bucket: str, s3_endpoint: str) -> None:
    store = open_storage(f"s3://{bucket}/center", s3_endpoint)
    assert isinstance(store, S3Storage)
    _exercise(store)


def test_unknown_storage_url_says_what_to_use() -> None:
    with pytest.raises(StorageError, match="s3://bucket/prefix"):
        open_storage("ftp://example/x")


@pytest.fixture
def s3_center(tmp_path: Path, bucket: str, s3_endpoint: str) -> Iterator[tuple[Center, S3Storage]]:
    from center_helpers import ADMIN_EMAIL, ADMIN_PASSWORD, Api
    from center_helpers import Center as CenterT

    settings = Settings(
        data_dir=tmp_path / "data",
        storage_url=f"s3://{bucket}/blobs",
        s3_endpoint_url=s3_endpoint,
        admin_email=ADMIN_EMAIL,
        admin_password=ADMIN_PASSWORD,
        secret_key="k",
        seed_demo=False,
    )
    ctx, client = open_center(settings)
    with client:
        anon = Api(client, None)
        c = CenterT(ctx=ctx, client=client, anon=anon, admin=anon)
        c.admin = c.token_for(ADMIN_EMAIL, ADMIN_PASSWORD)
        assert isinstance(ctx.storage, S3Storage)
        yield c, ctx.storage
    ctx.db.dispose()


def test_center_on_s3_stores_accepted_uploads_only(s3_center: tuple[Center, S3Storage]) -> None:
    center, store = s3_center
    assert center.client.get("/readyz").json()["checks"]["storage"] == "ok"
    dev = center.partner("acme")
    appid = dev.post("/apps", json={"name": "Pay"}).json()["appid"]

    bad = source_zip({"pages/index/index.json": "{ nope"})
    assert dev.upload(appid, "1.0.0", bad).status_code == 422
    assert stored_blobs(center.ctx) == []

    r = dev.upload(appid, "1.0.0", source_zip())
    assert r.status_code == 201, r.text
    v = r.json()
    package_blob, source_blob = sorted(stored_blobs(center.ctx))
    assert package_blob.startswith(f"packages/{appid}/1.0.0/{v['package_id'][:16]}-")
    assert source_blob.startswith(f"sources/{appid}/1.0.0/{v['source_sha256'][:16]}-")
    assert sha256_hex(dev.get(f"/apps/{appid}/versions/1.0.0/package").content) == v["package_id"]
    assert dev.upload(appid, "1.0.1", make_package(appid, "1.0.1")).status_code == 201


def test_readyz_reports_an_unreachable_bucket(
    tmp_path: Path, s3_endpoint: str, bucket: str
) -> None:
    settings = Settings(
        data_dir=tmp_path / "d",
        storage_url="s3://no-such-bucket-here",
        s3_endpoint_url=s3_endpoint,
        admin_password="operator-password-1",
        secret_key="k",
        seed_demo=False,
    )
    ctx, client = open_center(settings)
    with client:
        r = client.get("/readyz")
        assert r.status_code == 503
        assert r.json()["checks"]["database"] == "ok"
        assert r.json()["checks"]["storage"].startswith("error")
        assert client.get("/healthz").status_code == 200
    ctx.db.dispose()
