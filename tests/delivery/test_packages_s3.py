"""With S3 storage, package downloads redirect to a short-lived presigned URL."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from fastapi.testclient import TestClient

moto = pytest.importorskip("moto")


def test_package_download_redirects_to_presigned_s3_url(
    tmp_path: Path, platform_factory, monkeypatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with moto.mock_aws():
        import boto3

        boto3.client("s3").create_bucket(Bucket="packages")
        platform = platform_factory(tmp_path, storage_url="s3://packages/mp")
        appid = platform.add_app({"1.0.0": "released"})
        sha = platform.apps[appid]["1.0.0"]
        with TestClient(platform.app()) as client:
            r = client.get(f"/sdk/v1/packages/{sha}", follow_redirects=False)
        assert r.status_code == 302
        location = urlparse(r.headers["location"])
        assert location.path.endswith(f"/mp/packages/{sha}.mpk")
        query = parse_qs(location.query)
        assert "X-Amz-Signature" in query or "Signature" in query  # SigV4 or SigV2 style
        expires = query.get("X-Amz-Expires") or query.get("Expires")
        assert expires is not None
        assert r.headers["cache-control"].startswith("private")
        # The presigned URL really serves the package bytes.
        body = (
            boto3.client("s3")
            .get_object(Bucket="packages", Key=f"mp/packages/{sha}.mpk")["Body"]
            .read()
        )
        import hashlib

        assert hashlib.sha256(body).hexdigest() == sha
