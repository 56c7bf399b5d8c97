"""The full path through the CLI against a real `miniport serve` process: a partner
logs in, creates a mini-program, uploads a source folder, submits; a reviewer approves
and an operator lists it (through the API: the CLI has no review commands); CI then
works with MINIPORT_SERVER / MINIPORT_TOKEN alone. Exit codes: 0 ok, 1 user error,
2 usage error."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from center_helpers import ADMIN_EMAIL, ADMIN_PASSWORD, PASSWORD, SOURCE_FILES, free_port
from typer.testing import CliRunner

from miniport.cli.center import zip_source
from miniport.cli.main import app as cli
from miniport.config import Settings


@pytest.fixture
def server(settings: Settings, database_url: str) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "MINIPORT_DATA_DIR": str(settings.data_dir),
        "MINIPORT_DATABASE_URL": database_url,
        "MINIPORT_ADMIN_EMAIL": ADMIN_EMAIL,
        "MINIPORT_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "MINIPORT_SEED_DEMO": "false",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "miniport", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(url + "/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
            assert time.monotonic() < deadline, "server did not become ready"
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    return root


def test_zip_source_is_deterministic(tmp_path: Path) -> None:
    a = write_tree(tmp_path / "a", SOURCE_FILES)
    first = zip_source(a)
    (a / "node_modules").mkdir()
    (a / "node_modules" / "junk.js").write_text("ignored")
    os.utime(a / "app.js", (0, 0))
    b = write_tree(tmp_path / "b", dict(reversed(list(SOURCE_FILES.items()))))
    assert zip_source(a) == first == zip_source(b)


def test_cli_full_path(server: str, tmp_path: Path) -> None:
    runner = CliRunner()
    home = tmp_path / "home"
    env = {
        "XDG_CONFIG_HOME": str(home),
        "MINIPORT_SERVER": "",
        "MINIPORT_TOKEN": "",
        "MINIPORT_PASSWORD": PASSWORD,
    }

    def run(*args: str, **extra: str):  # type: ignore[no-untyped-def]
        return runner.invoke(cli, list(args), env={**env, **extra})

    api = httpx.Client(base_url=server + "/api/v1", timeout=30)
    api.post(
        "/signup",
        json={
            "org_name": "Acme",
            "slug": "acme",
            "email": "dev@acme.example",
            "password": PASSWORD,
        },
    )
    admin_token = api.post(
        "/auth/token",
        json={
            "email": ADMIN_EMAIL,
            "password": ADMIN_PASSWORD,
            "name": "ops",
            "scopes": ["read", "write", "review", "admin"],
        },
    ).json()["token"]
    admin = {"Authorization": f"Bearer {admin_token}"}

    r = run("apps", "list")
    assert r.exit_code == 1 and "miniport login" in r.output

    r = run(
        "login",
        "--server",
        server,
        "--user",
        "dev@acme.example",
        MINIPORT_PASSWORD="wrong-password",
    )
    assert r.exit_code == 1 and "invalid_credentials" in r.output
    r = run("login", "--server", server, "--user", "dev@acme.example")
    assert r.exit_code == 0, r.output
    creds = home / "miniport" / "credentials.json"
    assert stat.S_IMODE(creds.stat().st_mode) == 0o600
    assert json.loads(creds.read_text())["token"].startswith("mpt_")

    r = run("apps", "create", "--name", "Pay")
    assert r.exit_code == 1 and "forbidden" in r.output  # not approved yet
    assert api.post("/orgs/acme/approve", json={}, headers=admin).status_code == 200

    r = run("apps", "create", "--name", "Pay", "--domain", "https://api.acme.example")
    assert r.exit_code == 0, r.output
    appid = r.output.strip()
    assert re.fullmatch(r"mp[0-9a-f]{16}", appid)
    r = run("apps", "list", "--json")
    assert [a["appid"] for a in json.loads(r.output)] == [appid]

    src = write_tree(tmp_path / "src", SOURCE_FILES)
    r = run("upload", str(src), "--app", appid, "--version", "1.0.0", "--notes", "first")
    assert r.exit_code == 0, r.output
    assert "1.0.0" in r.output and "uploaded" in r.output

    broken = write_tree(
        tmp_path / "broken",
        {**SOURCE_FILES, "app.json": '{\n  "pages": [\n    "pages/index/index",\n  ]\n}\n'},
    )
    r = run("upload", str(broken), "--app", appid, "--version", "1.0.1")
    assert r.exit_code == 1
    assert re.search(r"app\.json:4:\d+: error:", r.output), r.output

    r = run("upload", str(src), "--app", appid)
    assert r.exit_code == 2  # --version missing: usage error

    assert run("submit", appid, "1.0.0").exit_code == 0
    r = run("submit", appid, "1.0.0")
    assert r.exit_code == 1 and "invalid_transition" in r.output and "错误" in r.output

    assert (
        api.post(f"/apps/{appid}/versions/1.0.0/approve", json={}, headers=admin).json()["state"]
        == "approved"
    )
    host = api.post("/hosts", json={"name": "Bank"}, headers=admin).json()["id"]
    assert api.put(f"/hosts/{host}/listings/{appid}", headers=admin).json()["state"] == "listed"

    r = run("tokens", "create", "--name", "CI")
    assert r.exit_code == 0, r.output
    ci_token = r.stdout.strip().splitlines()[0]
    assert ci_token.startswith("mpt_")

    # CI: no credentials file, only the environment
    ci = {
        "XDG_CONFIG_HOME": str(tmp_path / "empty"),
        "MINIPORT_SERVER": server,
        "MINIPORT_TOKEN": ci_token,
    }
    r = run("versions", appid, "--json", **ci)
    assert r.exit_code == 0, r.output
    assert [(v["version"], v["state"]) for v in json.loads(r.output)] == [("1.0.0", "approved")]

    events = api.get("/audit", params={"limit": 1000}, headers=admin).json()
    actions = [e["action"] for e in events]
    for expected in [
        "org.signup",
        "org.approve",
        "app.create",
        "version.upload",
        "version.submit",
        "version.approve",
        "host.create",
        "listing.list",
        "token.create",
    ]:
        assert expected in actions
    assert actions.count("version.upload") == 1  # the broken upload left no trace


def test_db_upgrade_command(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"MINIPORT_DATA_DIR": str(tmp_path / "data"), "MINIPORT_DATABASE_URL": ""}
    r = runner.invoke(cli, ["db", "upgrade"], env=env)
    assert r.exit_code == 0, r.output
    assert "c0a1_center_base" in r.output
    r = runner.invoke(cli, ["db", "upgrade"], env=env)
    assert r.exit_code == 0 and "nothing to do" in r.output
