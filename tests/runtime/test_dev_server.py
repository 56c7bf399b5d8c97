"""`miniport dev`: the command prints its URL; the simulator rebuilds and reloads when a
file changes, shows compile errors with FILE:LINE:COL, and switches device sizes.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import APPS, expect_texts, free_port

pytestmark = pytest.mark.browser


def test_cli_prints_the_url_and_serves_the_simulator(tmp_path: Path) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "miniport", "dev", str(APPS / "todo"), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        first = proc.stdout.readline() if proc.stdout else ""
        assert f"http://127.0.0.1:{port}/" in first
        deadline = time.time() + 15
        body = ""
        while time.time() < deadline:
            try:
                body = (
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read().decode()
                )
                break
            except OSError:
                time.sleep(0.2)
        assert "Miniport simulator" in body
        state = (
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/state", timeout=5).read().decode()
        )
        assert '"ok": true' in state.replace('":true', '": true')
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=10)


def test_cli_refuses_a_missing_folder(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "miniport", "dev", str(tmp_path / "nope")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert out.returncode == 1
    assert "is not a folder" in out.stderr and "不是目录" in out.stderr


def test_live_rebuild_and_compile_errors(page, serve_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "todo"
    shutil.copytree(APPS / "todo", src)
    app = serve_app("todo", src=src, watch=True)
    frame = app.open(page)
    expect_texts(frame.locator(".empty"), ["Nothing to do"])

    wxml = src / "pages/index/index.wxml"
    wxml.write_text(wxml.read_text().replace("Nothing to do", "All clear"))
    frame = app.wait_ready(page, version=2)
    expect_texts(frame.locator(".empty"), ["All clear"])
    assert "Build 2 ok" in page.locator("#status").inner_text()

    wxml.write_text(
        wxml.read_text().replace('<view class="card list">', '<view class="card list"', 1)
    )
    page.locator("#overlay").wait_for(state="visible", timeout=10000)
    overlay = page.locator("#overlay").inner_text()
    assert "Compile errors" in overlay and "编译错误" in overlay
    assert "pages/index/index.wxml:" in overlay
    assert "failed" in page.locator("#status").inner_text()

    wxml.write_text(
        wxml.read_text().replace('<view class="card list"\n', '<view class="card list">\n', 1)
    )
    page.locator("#overlay").wait_for(state="hidden", timeout=10000)
    frame = app.wait_ready(page, version=4)
    expect_texts(frame.locator(".empty"), ["All clear"])


def test_device_sizes(page, serve_app) -> None:  # type: ignore[no-untyped-def]
    app = serve_app("shop")
    frame = app.open(page)
    frame.locator("#measure").click()
    expect_texts(frame.locator(".hero-height"), ["hero 100px"])  # 375 px wide: 200rpx = 100px
    page.select_option("#device-select", "ipad-mini")
    page.wait_for_function(
        "window.__miniport.ready && document.querySelector('#device').style.width === '764px'"
    )
    frame = app.wait_ready(page)
    frame.locator("#measure").click()
    expect_texts(frame.locator(".hero-height"), ["hero 198px"])  # 744 px wide: 200rpx = 198.4px


def test_endpoints_without_a_browser(tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    from miniport.dev.builder import DevBuilder
    from miniport.dev.server import create_dev_app

    src = tmp_path / "broken"
    shutil.copytree(APPS / "todo", src)
    (src / "app.json").write_text("{ not json")
    app = create_dev_app(DevBuilder(src), watch=False)
    with TestClient(app) as client:
        state = client.get("/api/state").json()
        assert state["ok"] is False
        assert state["diagnostics"][0]["file"].endswith("app.json")
        missing = client.get("/package.mpk")
        assert missing.status_code == 409
        assert missing.json()["error"]["code"] == "dev.no_package"
        worker = client.get("/runtime/service/worker.js", headers={"host": "dev.local:8100"})
        csp = worker.headers["content-security-policy"]
        assert "script-src dev.local:8100/runtime/service/ dev.local:8100/runtime/common/" in csp
        assert "default-src 'none'" in csp
        assert client.get("/runtime/render/index.js").headers["access-control-allow-origin"] == "*"
        assert client.get("/runtime/../../pyproject.toml").status_code == 404

        (src / "app.json").write_text((APPS / "todo" / "app.json").read_text())
        rebuilt = client.post("/api/rebuild").json()
        assert rebuilt["ok"] is True and rebuilt["version"] == state["version"] + 1
        assert client.get("/package.mpk").content[:2] == b"PK"
