"""The issue's "done when": the whole path across two server processes.

A plan with a 10 % Shanghai/Android rule; synthetic users resolve through a second
server process and the distribution is right; a plan change saved through the first
process reaches the second within a second (answers and update stream); rollback
restores the previous answers; bad requests are refused.

Run twice: PostgreSQL with LISTEN/NOTIFY, and SQLite + Redis pub/sub.
"""

from __future__ import annotations

import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from miniport.delivery.rules import Context, compile_plan, flatten_context, parse_plan

HERE = Path(__file__).parent
RULE = {
    "id": "sh-android-10",
    "conditions": {"user.city": "Shanghai", "device.os": "android", "percentage": 10},
    "version": "2.0.0",
}


def free_port() -> int:
    for port in range(8410, 8500):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8410-8499")


@pytest.fixture(params=["postgres", "redis"])
def deployment(
    request: pytest.FixtureRequest, tmp_path: Path, platform_factory: Any
) -> Iterator[dict[str, Any]]:
    if request.param == "postgres":
        db_url, redis_url = request.getfixturevalue("postgres_url"), None
    else:
        db_url, redis_url = None, request.getfixturevalue("redis_url")
    platform = platform_factory(tmp_path, database_url=db_url, redis_url=redis_url)
    port = free_port()
    env = {
        **os.environ,
        "MINIPORT_DATA_DIR": str(tmp_path),
        "MINIPORT_SECRET_KEY": "test-server-secret",
        "MINIPORT_PUBLIC_URL": "http://mp.test",
    }
    env.pop("MINIPORT_DATABASE_URL", None)
    env.pop("MINIPORT_REDIS_URL", None)
    if db_url:
        env["MINIPORT_DATABASE_URL"] = db_url
    if redis_url:
        env["MINIPORT_REDIS_URL"] = redis_url
    proc = subprocess.Popen([sys.executable, str(HERE / "server_process.py"), str(port)], env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None, "second server process died"
            assert time.monotonic() < deadline, "second server process did not start"
            time.sleep(0.1)
        yield {"platform": platform, "base": base, "kind": request.param}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def test_whole_path_across_two_processes(deployment: dict[str, Any]) -> None:
    platform, base = deployment["platform"], deployment["base"]
    appid = platform.add_app({"1.0.0": "released", "2.0.0": "approved"})
    plan_url = f"/api/v1/apps/{appid}/plans/{platform.host_name}"
    remote = httpx.Client(base_url=base, timeout=5)

    def resolve_remote(user: dict[str, Any], device: dict[str, Any]) -> dict[str, Any]:
        body = json.dumps({"appids": [appid], "user": user, "device": device}).encode()
        r = remote.post(
            "/sdk/v1/resolve",
            content=body,
            headers=platform.signed_headers("POST", "/sdk/v1/resolve", body),
        )
        assert r.status_code == 200, r.text
        return r.json()["results"][0]  # type: ignore[no-any-return]

    with TestClient(platform.app()) as local:
        r = local.put(
            plan_url,
            json={"default_version": "1.0.0", "rules": [RULE]},
            headers=platform.admin_headers,
        )
        assert r.status_code == 200, r.text
        salt = r.json()["plan"]["salt"]

        # The other process serves the plan. Wait for it (it may still be loading).
        deadline = time.monotonic() + 5
        while resolve_remote({"id": "probe"}, {}).get("plan_revision") != 1:
            assert time.monotonic() < deadline
            time.sleep(0.05)

        # Distribution: 10% of Shanghai/Android users, nobody else.
        expected = compile_plan(
            parse_plan({"default_version": "1.0.0", "rules": [RULE], "salt": salt})
        )
        target, others = 1000, 100
        got_new = 0
        for i in range(target):
            user, device = {"id": f"user-{i}", "city": "Shanghai"}, {"os": "android"}
            item = resolve_remote(user, device)
            want = expected.decide(
                Context(flatten_context(user, device, None, None), time.time())
            ).version
            assert item["version"] == want
            got_new += item["version"] == "2.0.0"
        assert abs(got_new / target - 0.10) < 0.03, got_new
        for i in range(others):
            city, os_name = ("Beijing", "android") if i % 2 else ("Shanghai", "ios")
            assert (
                resolve_remote({"id": f"user-{i}", "city": city}, {"os": os_name})["version"]
                == "1.0.0"
            )

        # Open the update stream on the other process.
        events: queue.Queue[dict[str, Any]] = queue.Queue()
        stream_client = httpx.Client(base_url=base, timeout=None)

        def listen() -> None:
            headers = platform.signed_headers("GET", "/sdk/v1/updates")
            kind = None
            try:
                with stream_client.stream("GET", "/sdk/v1/updates", headers=headers) as resp:
                    for line in resp.iter_lines():
                        if line.startswith("event: "):
                            kind = line[7:]
                        elif line.startswith("data: "):
                            events.put(
                                {
                                    "event": kind,
                                    "data": json.loads(line[6:]),
                                    "at": time.monotonic(),
                                }
                            )
            except httpx.HTTPError:
                pass  # closed by the test

        listener = threading.Thread(target=listen, daemon=True)
        listener.start()
        assert events.get(timeout=5)["event"] == "hello"

        # A plan change through this process reaches the other within a second.
        outsider = ({"id": "user-1", "city": "Beijing"}, {"os": "android"})
        assert resolve_remote(*outsider)["version"] == "1.0.0"
        started = time.monotonic()
        r = local.put(
            plan_url,
            json={"default_version": "1.0.0", "rules": [{"conditions": {}, "version": "2.0.0"}]},
            headers=platform.admin_headers,
        )
        assert r.status_code == 200
        while resolve_remote(*outsider)["version"] != "2.0.0":
            assert time.monotonic() - started < 1.0, (
                "plan change did not reach the second process within 1 s"
            )
            time.sleep(0.02)
        propagation = time.monotonic() - started
        change = events.get(timeout=1)
        assert change["event"] == "changed" and appid in change["data"]["appids"]
        assert change["at"] - started < 1.0

        # Rollback restores the previous answers, there too.
        started = time.monotonic()
        assert local.post(f"{plan_url}/rollback", headers=platform.admin_headers).status_code == 200
        while resolve_remote(*outsider)["version"] != "1.0.0":
            assert time.monotonic() - started < 1.0, (
                "rollback did not reach the second process within 1 s"
            )
            time.sleep(0.02)
        for i in range(100):
            user, device = {"id": f"user-{i}", "city": "Shanghai"}, {"os": "android"}
            want = expected.decide(
                Context(flatten_context(user, device, None, None), time.time())
            ).version
            assert resolve_remote(user, device)["version"] == want
        stream_client.close()
        listener.join(timeout=5)

        # Bad requests are refused by the other process too.
        body = json.dumps({"appids": [appid]}).encode()
        assert (
            remote.post("/sdk/v1/resolve", content=body).json()["error"]["code"]
            == "missing_signature"
        )
        headers = platform.signed_headers("POST", "/sdk/v1/resolve", body)
        assert local.post("/sdk/v1/resolve", content=body, headers=headers).status_code == 200
        replay = remote.post("/sdk/v1/resolve", content=body, headers=headers)
        if deployment["kind"] == "redis":  # nonces are shared only through Redis
            assert replay.json()["error"]["code"] == "replayed_nonce"
        bad = remote.post(
            "/sdk/v1/resolve",
            content=b'{"appids": []}',
            headers=platform.signed_headers("POST", "/sdk/v1/resolve", b'{"appids": []}'),
        )
        assert bad.status_code == 422
    print(f"{deployment['kind']}: plan change propagated in {propagation * 1000:.0f} ms")
