"""The README's first command: `miniport serve` on an empty data dir, then again."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

PORT = 8690


def run_serve(data_dir: Path, env_extra: dict[str, str]) -> tuple[str, dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINIPORT_")}
    env.update({"MINIPORT_DATA_DIR": str(data_dir), "MINIPORT_PORT": str(PORT), **env_extra})
    proc = subprocess.Popen(
        [sys.executable, "-m", "miniport", "serve"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output: list[str] = []
    pages: dict[str, str] = {}
    try:
        deadline = time.time() + 120
        assert proc.stdout is not None
        while time.time() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            output.append(line)
            if line.strip().startswith("Data /"):
                break
        text = "".join(output)
        assert "Miniport is ready" in text, text
        until = time.time() + 30  # the banner comes just before uvicorn binds the port
        while time.time() < until:
            try:
                httpx.get(f"http://127.0.0.1:{PORT}/healthz", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        for path in ("/healthz", "/readyz", "/demo/", "/console/", "/docs", "/sdk/v1/catalog"):
            pages[path] = str(httpx.get(f"http://127.0.0.1:{PORT}{path}", timeout=10).status_code)
        return text, pages
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_first_start_seeds_and_prints_where_everything_is_then_a_second_start_reuses_it(
    tmp_path: Path,
) -> None:
    first, pages = run_serve(tmp_path, {})
    assert f"http://127.0.0.1:{PORT}/demo/" in first
    assert f"http://127.0.0.1:{PORT}/console/" in first
    assert f"http://127.0.0.1:{PORT}/docs" in first
    assert "admin@miniport.local" in first
    password = re.search(r"Password / 密码\s+(\S+)\s+\(one-time", first)
    assert password, first
    assert "Seeding the demo" in first
    assert pages["/healthz"] == "200" and pages["/readyz"] == "200"
    assert pages["/demo/"] == "200" and pages["/docs"] == "200"
    assert pages["/console/"] in ("200", "303", "302")
    assert pages["/sdk/v1/catalog"] == "401"  # the host API always wants a signature or token
    credentials = (tmp_path / "demo-host.json").read_text()
    assert oct((tmp_path / "demo-host.json").stat().st_mode & 0o777) == "0o600"

    second, pages = run_serve(tmp_path, {})
    assert "Seeding the demo" not in second
    assert "one-time" not in second and password.group(1) not in second
    assert "as printed at the first start" in second
    assert (tmp_path / "demo-host.json").read_text() == credentials
    assert pages["/demo/"] == "200"


@pytest.mark.parametrize("password", ["correct-horse-battery-9"])
def test_admin_from_the_environment_is_not_printed(tmp_path: Path, password: str) -> None:
    out, _pages = run_serve(
        tmp_path,
        {"MINIPORT_ADMIN_EMAIL": "ops@bank.example", "MINIPORT_ADMIN_PASSWORD": password},
    )
    assert "ops@bank.example" in out
    assert password not in out
    assert "MINIPORT_ADMIN_PASSWORD" in out
