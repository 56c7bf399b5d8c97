"""Nothing half-done: a failure or a kill -9 between storing blobs and committing the
row, or in the middle of a state change, leaves the database as it was. Blobs stored
before such a crash are unreferenced and removed by the start-up sweep.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from center_helpers import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    PASSWORD,
    Center,
    count_rows,
    free_port,
    make_package,
    source_zip,
    stored_blobs,
)

from miniport.center.app import build_context
from miniport.center.services import versions
from miniport.config import Settings

HERE = Path(__file__).parent


def test_failure_between_storage_and_commit_leaves_no_row_and_no_blob(
    center: Center, monkeypatch: pytest.MonkeyPatch
) -> None:
    dev = center.partner("acme")
    appid = dev.post("/apps", json={"name": "Pay"}).json()["appid"]

    def fail(session: object) -> None:
        assert stored_blobs(center.ctx), "blobs are stored before the commit"
        raise RuntimeError("injected: database went away")

    monkeypatch.setattr(versions, "commit_upload", fail)
    with pytest.raises(RuntimeError, match="injected"):
        dev.upload(appid, "1.0.0", make_package(appid, "1.0.0"))
    assert count_rows(center.ctx, "versions") == 0
    assert stored_blobs(center.ctx) == []
    assert center.admin.get("/audit", params={"action": "version.upload"}).json() == []

    monkeypatch.undo()
    assert dev.upload(appid, "1.0.0", make_package(appid, "1.0.0")).status_code == 201


def test_failed_upload_removes_only_its_own_blobs(
    center: Center, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same source uploaded again as another version fails to commit: the first
    version's identical source blob must survive the clean-up."""
    dev = center.partner("acme")
    appid = dev.post("/apps", json={"name": "Pay"}).json()["appid"]
    assert dev.upload(appid, "1.0.0", source_zip()).status_code == 201
    kept = stored_blobs(center.ctx)
    monkeypatch.setattr(
        versions, "commit_upload", lambda s: (_ for _ in ()).throw(RuntimeError("x"))
    )
    with pytest.raises(RuntimeError):
        dev.upload(appid, "1.0.1", source_zip())
    monkeypatch.undo()
    assert stored_blobs(center.ctx) == kept
    assert dev.get(f"/apps/{appid}/versions/1.0.0/source").content == source_zip()


def _wait(path: Path, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert proc.poll() is None, "server exited early"
        assert time.monotonic() < deadline, f"never reached {path.name}"
        time.sleep(0.1)


def _start(settings: Settings, port: int, markers: Path, pause: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "MINIPORT_DATA_DIR": str(settings.data_dir),
        "MINIPORT_DATABASE_URL": settings.resolved_database_url(),
        "MINIPORT_ADMIN_EMAIL": ADMIN_EMAIL,
        "MINIPORT_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "MINIPORT_SECRET_KEY": "kill-test",
        "MINIPORT_SEED_DEMO": "false",
    }
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "killable_server.py"), str(port), str(markers), pause],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 90
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise AssertionError(
                f"server did not start: {proc.stderr.read().decode()[-2000:] if proc.stderr else ''}"
            )
        time.sleep(0.3)


def _in_background(fn) -> threading.Thread:  # type: ignore[no-untyped-def]
    def run() -> None:
        with contextlib.suppress(httpx.HTTPError):  # the server dies under this request
            fn()

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


def test_kill_during_upload_and_state_change(
    settings: Settings, tmp_path: Path, database_url: str
) -> None:
    port = free_port()
    markers = tmp_path / "markers"
    markers.mkdir()
    proc = _start(settings, port, markers, "upload")
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        http = httpx.Client(base_url=base, timeout=30)
        http.post(
            "/signup",
            json={
                "org_name": "Acme",
                "slug": "acme",
                "email": "dev@acme.example",
                "password": PASSWORD,
            },
        )
        admin = http.post(
            "/auth/token",
            json={
                "email": ADMIN_EMAIL,
                "password": ADMIN_PASSWORD,
                "name": "t",
                "scopes": ["read", "write", "admin"],
            },
        ).json()["token"]
        dev = http.post(
            "/auth/token", json={"email": "dev@acme.example", "password": PASSWORD, "name": "t"}
        ).json()["token"]
        http.post("/orgs/acme/approve", json={}, headers={"Authorization": f"Bearer {admin}"})
        auth = {"Authorization": f"Bearer {dev}"}
        appid = http.post("/apps", json={"name": "Pay"}, headers=auth).json()["appid"]

        upload = lambda: http.post(  # noqa: E731
            f"/apps/{appid}/versions",
            headers=auth,
            files={"file": ("p.mpk", make_package(appid, "1.0.0"))},
            data={"version": "1.0.0"},
        )
        _in_background(upload)
        _wait(markers / "upload", proc)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)

        ctx = build_context(settings)
        orphans = stored_blobs(ctx)
        assert orphans, "the kill came after the package was stored"
        assert count_rows(ctx, "versions") == 0
        with ctx.db.session() as s:
            assert versions.sweep_orphans(s, ctx, min_age_seconds=0) == orphans
        assert stored_blobs(ctx) == []
        ctx.db.dispose()

        # second life: upload for real, then die in the middle of "submit"
        proc = _start(settings, port, markers, "submit")
        r = http.post(
            f"/apps/{appid}/versions",
            headers=auth,
            files={"file": ("p.mpk", make_package(appid, "1.0.0"))},
            data={"version": "1.0.0"},
        )
        assert r.status_code == 201, r.text
        _in_background(
            lambda: http.post(f"/apps/{appid}/versions/1.0.0/submit", json={}, headers=auth)
        )
        _wait(markers / "submit", proc)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)

        ctx = build_context(settings)
        with ctx.db.session() as s:
            from sqlalchemy import select

            from miniport.center.models import AuditEvent, Version

            assert s.scalar(select(Version.state)) == "uploaded"
            actions = list(s.scalars(select(AuditEvent.action)))
            assert "version.upload" in actions and "version.submit" not in actions
        ctx.db.dispose()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
