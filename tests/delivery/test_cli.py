"""`miniport plan …` against a real app (the HTTP client is pointed at it in-process)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from miniport.cli import center as center_cli
from miniport.cli.main import app as cli


@pytest.fixture
def run(platform: Any, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    web = platform.app()
    monkeypatch.setenv("MINIPORT_SERVER", "http://mp.test")
    monkeypatch.setenv("MINIPORT_TOKEN", platform.token)
    monkeypatch.setattr(
        center_cli.Remote,
        "client",
        lambda self: TestClient(
            web, base_url=self.server, headers={"Authorization": f"Bearer {self.token}"}
        ),
    )
    runner = CliRunner()

    def invoke(*args: str) -> Any:
        return runner.invoke(cli, list(args))

    return invoke


def test_set_show_pause_rollback_and_history(run, platform, tmp_path: Path) -> None:
    appid = platform.add_app({"1.0.0": "released", "2.0.0": "approved"})
    host = platform.host_name
    plan = tmp_path / "plan.json"
    plan.write_text(
        json.dumps(
            {
                "default_version": "1.0.0",
                "rules": [
                    {
                        "id": "sh",
                        "conditions": {"user.city": ["Shanghai"], "percentage": 10},
                        "version": "2.0.0",
                    }
                ],
            }
        )
    )
    r = run("plan", "set", appid, str(plan), "--host", host)
    assert r.exit_code == 0, r.output
    assert "revision 1" in r.output
    r = run("plan", "show", appid, "--host", host)
    assert r.exit_code == 0 and "sh" in r.output and "2.0.0" in r.output and "running" in r.output
    plan.write_text(json.dumps({"default_version": "2.0.0"}))
    assert run("plan", "set", appid, str(plan), "--host", host).exit_code == 0
    r = run("plan", "pause", appid, "--host", host, "--reason", "checking")
    assert r.exit_code == 0
    shown = json.loads(run("plan", "show", appid, "--host", host, "--json").output)
    assert shown["paused"] and shown["paused_reason"] == "checking"
    r = run("plan", "rollback", appid, "--host", host)
    assert r.exit_code == 0 and "Restored revision 1 as revision 3" in r.output
    history = json.loads(run("plan", "history", appid, "--host", host, "--json").output)
    assert [h["revision"] for h in history] == [1, 2, 3]
    r = run("plan", "delete", appid, "--host", host)
    assert r.exit_code == 1 and "--yes" in r.output
    assert run("plan", "delete", appid, "--host", host, "--yes").exit_code == 0
    shown = json.loads(run("plan", "show", appid, "--host", host, "--json").output)
    assert shown["plan"] is None and shown["revision"] == 0


def test_refused_plans_list_every_error_with_the_file(run, platform, tmp_path: Path) -> None:
    appid = platform.add_app({"1.0.0": "released"})
    plan = tmp_path / "bad.json"
    plan.write_text(
        json.dumps(
            {
                "default_version": "1.0.0",
                "rules": [
                    {
                        "conditions": {"user.citty": "x", "device.model": {"regex": "("}},
                        "version": "1.0.0",
                    }
                ],
            }
        )
    )
    r = run("plan", "set", appid, str(plan), "--host", platform.host_name)
    assert r.exit_code == 1
    assert f"{plan}: rules[0].conditions.user.citty: unknown attribute" in r.output
    assert f"{plan}: rules[0].conditions.device.model: bad regex" in r.output
    assert "错误" in r.output
    plan.write_text('{"default_version": "1.0.0",\n  "rules": [}')
    r = run("plan", "set", appid, str(plan), "--host", platform.host_name)
    assert r.exit_code == 1 and f"{plan}:2:13: not valid JSON" in r.output


def test_simulate_prints_shares_within_half_a_point(run, platform, tmp_path: Path) -> None:
    appid = platform.add_app({"1.0.0": "released", "2.0.0": "approved"})
    plan = tmp_path / "plan.json"
    plan.write_text(
        json.dumps(
            {
                "default_version": "1.0.0",
                "rules": [
                    {
                        "conditions": {
                            "user.city": "Shanghai",
                            "device.os": "android",
                            "percentage": 10,
                        },
                        "version": "2.0.0",
                    }
                ],
            }
        )
    )
    assert run("plan", "set", appid, str(plan), "--host", platform.host_name).exit_code == 0
    attrs = tmp_path / "attrs.json"
    attrs.write_text(json.dumps({"user.city": {"Shanghai": 1}, "device.os": {"android": 1}}))
    r = run(
        "plan",
        "simulate",
        appid,
        "--host",
        platform.host_name,
        "--users",
        "200000",
        "--attributes",
        str(attrs),
        "--json",
    )
    assert r.exit_code == 0, r.output
    shares = {v["name"]: v["percent"] for v in json.loads(r.output)["versions"]}
    assert abs(shares["2.0.0"] - 10) < 0.5 and abs(shares["1.0.0"] - 90) < 0.5
    r = run("plan", "simulate", appid, "--host", platform.host_name, "--users", "1000")
    assert r.exit_code == 0 and "synthetic users" in r.output
