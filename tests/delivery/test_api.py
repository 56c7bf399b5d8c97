"""The host API and plan management over HTTP, in embedded mode (SQLite, one process)."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from miniport.center.models import AuditEvent
from miniport.center.services import accounts, hosts, miniprograms
from miniport.delivery import signing


def resolve(
    client: TestClient,
    platform: Any,
    appids: list[str],
    context: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Any:
    body = json.dumps({"appids": appids, **(context or {})}).encode()
    h = headers if headers is not None else platform.signed_headers("POST", "/sdk/v1/resolve", body)
    return client.post(
        "/sdk/v1/resolve", content=body, headers={"Content-Type": "application/json", **h}
    )


def put_plan(client: TestClient, platform: Any, appid: str, plan: dict[str, Any]) -> Any:
    return client.put(
        f"/api/v1/apps/{appid}/plans/{platform.host_name}",
        json=plan,
        headers=platform.admin_headers,
    )


def test_resolve_without_plan_gives_latest_release_with_everything_a_host_needs(
    client, platform
) -> None:
    appid = platform.add_app({"1.0.0": "released", "1.1.0": "released", "1.2.0": "approved"})
    r = resolve(client, platform, [appid])
    assert r.status_code == 200, r.text
    [item] = r.json()["results"]
    sha = platform.apps[appid]["1.1.0"]
    assert item["status"] == "ok" and item["version"] == "1.1.0"
    assert item["package_id"] == item["sha256"] == sha
    assert item["url"] == f"http://mp.test/sdk/v1/packages/{sha}"
    assert item["size"] > 0 and item["framework_version"] == "1.0.0"
    assert item["allowed_domains"] == ["https://api.example.com"]
    assert item["reason"] == "latest_release"
    # The same answer again is a cheap 304.
    etag = r.headers["etag"]
    again = resolve(
        client,
        platform,
        [appid],
        headers={
            **platform.signed_headers(
                "POST", "/sdk/v1/resolve", json.dumps({"appids": [appid]}).encode()
            ),
            "If-None-Match": etag,
        },
    )
    assert again.status_code == 304 and again.content == b""


def test_each_appid_gets_its_own_answer_or_error_code(client, platform) -> None:
    listed = platform.add_app({"1.0.0": "released"})
    unlisted = platform.add_app({"1.0.0": "released"}, listed=False)
    delisted = platform.add_app({"1.0.0": "released"})
    with platform.ctx.db.session() as s:
        user = accounts.authenticate_password(
            s, "ops@example.com", "correct-horse-battery-staple-9"
        )
        hosts.set_listing(s, accounts.load_principal(s, user), platform.host_id, delisted, False)
    # No explicit reload: the center's commit is noticed by delivery's commit hook.
    deadline = time.monotonic() + 2
    while resolve(client, platform, [delisted]).json()["results"][0]["status"] == "ok":
        assert time.monotonic() < deadline, "delisting did not reach the resolve index"
        time.sleep(0.05)
    r = resolve(client, platform, [listed, unlisted, delisted, "mpdoesnotexist"])
    codes = [item.get("error", {}).get("code") for item in r.json()["results"]]
    assert codes == [None, "not_listed", "delisted", "unknown_app"]
    assert all(item["appid"] for item in r.json()["results"])


@pytest.mark.parametrize(
    ("tamper", "code"),
    [
        (
            lambda h: {k: v for k, v in h.items() if k != signing.HEADER_SIGNATURE},
            "missing_signature",
        ),
        (lambda h: {**h, signing.HEADER_SIGNATURE: "0" * 64}, "bad_signature"),
        (lambda h: {**h, signing.HEADER_KEY: "mpk_nope"}, "unknown_key"),
        (lambda h: {**h, signing.HEADER_ALGORITHM: "HMAC-MD5"}, "bad_algorithm"),
        (lambda h: {**h, signing.HEADER_NONCE: "bad nonce!"}, "bad_nonce"),
    ],
)
def test_bad_signatures_are_refused_with_a_reason(client, platform, tamper, code) -> None:
    appid = platform.add_app({"1.0.0": "released"})
    body = json.dumps({"appids": [appid]}).encode()
    r = resolve(
        client,
        platform,
        [appid],
        headers=tamper(platform.signed_headers("POST", "/sdk/v1/resolve", body)),
    )
    assert r.status_code == 401
    assert r.json()["error"]["code"] == code
    assert platform.sdk_secret not in r.text


def test_stale_wrong_secret_and_replayed_requests_are_refused(client, platform) -> None:
    appid = platform.add_app({"1.0.0": "released"})
    body = json.dumps({"appids": [appid]}).encode()
    stale = platform.signed_headers(
        "POST", "/sdk/v1/resolve", body, timestamp=int(time.time()) - 61
    )
    assert (
        resolve(client, platform, [appid], headers=stale).json()["error"]["code"]
        == "stale_timestamp"
    )
    wrong = platform.signed_headers("POST", "/sdk/v1/resolve", body, secret="mps_guess")
    assert (
        resolve(client, platform, [appid], headers=wrong).json()["error"]["code"] == "bad_signature"
    )
    fresh = platform.signed_headers("POST", "/sdk/v1/resolve", body)
    assert resolve(client, platform, [appid], headers=fresh).status_code == 200
    replay = resolve(client, platform, [appid], headers=fresh)
    assert replay.status_code == 401 and replay.json()["error"]["code"] == "replayed_nonce"
    # The body is signed too: the same headers on another body fail.
    other = platform.signed_headers("POST", "/sdk/v1/resolve", body)
    r = client.post("/sdk/v1/resolve", content=json.dumps({"appids": ["x"]}), headers=other)
    assert r.json()["error"]["code"] == "bad_signature"


def test_sm3_signatures_are_accepted(client, platform) -> None:
    appid = platform.add_app({"1.0.0": "released"})
    body = json.dumps({"appids": [appid]}).encode()
    h = platform.signed_headers(
        "POST", "/sdk/v1/resolve", body, algorithm=signing.Algorithm.HMAC_SM3
    )
    assert resolve(client, platform, [appid], headers=h).status_code == 200


def test_disabled_host_is_refused(client, platform) -> None:
    appid = platform.add_app({"1.0.0": "released"})
    with platform.ctx.db.session() as s:
        user = accounts.authenticate_password(
            s, "ops@example.com", "correct-horse-battery-staple-9"
        )
        hosts.update_host(
            s, accounts.load_principal(s, user), platform.host_id, hosts.HostFields(enabled=False)
        )
    client.app.state.ctx.extras["delivery"].reload()
    r = resolve(client, platform, [appid])
    assert r.status_code == 401 and r.json()["error"]["code"] == "host_disabled"


@pytest.mark.parametrize(
    ("context", "field"),
    [
        ({"user": {"ciy": "Shanghai"}}, "user.ciy"),
        ({"user": {"age": -3}}, "user.age"),
        ({"device": "android"}, "device"),
        ({"user": {"custom": {"vip": ["a"]}}}, "user.custom.vip"),
    ],
)
def test_malformed_contexts_are_422_naming_the_field(client, platform, context, field) -> None:
    appid = platform.add_app({"1.0.0": "released"})
    r = resolve(client, platform, [appid], context)
    assert r.status_code == 422
    assert r.json()["error"]["details"]["field"].startswith(field)


def test_plan_rules_decide_and_every_change_is_audited(client, platform) -> None:
    appid = platform.add_app({"1.0.0": "released", "2.0.0": "approved"})
    plan = {
        "default_version": "1.0.0",
        "rules": [
            {
                "id": "beta-city",
                "conditions": {"user.city": "Hangzhou", "device.os": "ios"},
                "version": "2.0.0",
            }
        ],
    }
    r = put_plan(client, platform, appid, plan)
    assert r.status_code == 200, r.text
    assert r.json()["revision"] == 1
    hz = resolve(
        client,
        platform,
        [appid],
        {"user": {"id": "u1", "city": "Hangzhou"}, "device": {"os": "iOS"}},
    )
    assert (hz.json()["results"][0]["version"], hz.json()["results"][0]["rule_id"]) == (
        "2.0.0",
        "beta-city",
    )
    bj = resolve(
        client,
        platform,
        [appid],
        {"user": {"id": "u1", "city": "Beijing"}, "device": {"os": "iOS"}},
    )
    assert (bj.json()["results"][0]["version"], bj.json()["results"][0]["reason"]) == (
        "1.0.0",
        "default",
    )
    with platform.ctx.db.session() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "plan.update")).all()
    assert len(events) == 1 and events[0].actor == "ops@example.com"
    assert events[0].after["rules"][0]["id"] == "beta-city"


def test_plans_naming_unapproved_versions_or_unknown_attributes_are_refused(
    client, platform
) -> None:
    appid = platform.add_app({"1.0.0": "released", "2.0.0": "in_review"})
    r = put_plan(
        client,
        platform,
        appid,
        {"default_version": "1.0.0", "rules": [{"conditions": {}, "version": "2.0.0"}]},
    )
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_plan"
    assert r.json()["error"]["details"]["field"] == "rules[0].version"
    assert "in_review" in r.json()["error"]["message"]
    r = put_plan(client, platform, appid, {"default_version": "9.9.9"})
    assert r.json()["error"]["details"]["field"] == "default_version"
    r = put_plan(
        client,
        platform,
        appid,
        {
            "default_version": "1.0.0",
            "rules": [{"conditions": {"device.colour": "red"}, "version": "1.0.0"}],
        },
    )
    assert r.status_code == 422
    assert r.json()["error"]["details"]["field"] == "rules[0].conditions.device.colour"


def test_plan_management_needs_an_operator_admin(client, platform) -> None:
    appid = platform.add_app({"1.0.0": "released"})
    r = client.put(
        f"/api/v1/apps/{appid}/plans/{platform.host_name}", json={"default_version": "1.0.0"}
    )
    assert r.status_code == 401
    with platform.ctx.db.session() as s:
        user = accounts.create_user(s, "viewer@example.com", "another-long-password-1", "V")
        s.commit()
        principal = accounts.load_principal(s, user)
        _row, token = accounts.create_token(s, principal, "t", ["read", "write", "admin"])
    r = client.put(
        f"/api/v1/apps/{appid}/plans/{platform.host_name}",
        json={"default_version": "1.0.0"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 403


def test_pause_resume_and_rollback(client, platform) -> None:
    appid = platform.add_app({"1.0.0": "released", "2.0.0": "approved", "3.0.0": "approved"})
    base = f"/api/v1/apps/{appid}/plans/{platform.host_name}"
    ctx = {"user": {"id": "u7"}}

    def version() -> str:
        return resolve(client, platform, [appid], ctx).json()["results"][0]["version"]

    put_plan(
        client,
        platform,
        appid,
        {"default_version": "1.0.0", "rules": [{"conditions": {}, "version": "2.0.0"}]},
    )
    assert version() == "2.0.0"
    put_plan(
        client,
        platform,
        appid,
        {"default_version": "1.0.0", "rules": [{"conditions": {}, "version": "3.0.0"}]},
    )
    assert version() == "3.0.0"
    r = client.post(
        f"{base}/pause", json={"reason": "crash reports"}, headers=platform.admin_headers
    )
    assert r.json()["paused"] is True
    assert version() == "1.0.0"
    assert client.post(f"{base}/pause", headers=platform.admin_headers).status_code == 409
    client.post(f"{base}/resume", headers=platform.admin_headers)
    assert version() == "3.0.0"
    r = client.post(f"{base}/rollback", headers=platform.admin_headers)
    assert r.status_code == 200 and r.json()["restored_from"] == 1
    assert version() == "2.0.0"
    # Rolling back again keeps going back (to revision 0 there is nothing): refused clearly.
    r = client.post(f"{base}/rollback", headers=platform.admin_headers)
    assert r.status_code == 409 and r.json()["error"]["code"] == "no_previous_plan"
    history = client.get(f"{base}/revisions", headers=platform.admin_headers).json()
    assert [h["revision"] for h in history] == [1, 2, 3]
    with platform.ctx.db.session() as s:
        actions = [
            e.action
            for e in s.scalars(select(AuditEvent).where(AuditEvent.subject_type == "release_plan"))
        ]
    assert actions == ["plan.update", "plan.update", "plan.pause", "plan.resume", "plan.rollback"]


def test_trial_version_only_reaches_named_testers(client, platform) -> None:
    appid = platform.add_app({"1.0.0": "released", "1.1.0": "uploaded"})
    with platform.ctx.db.session() as s:
        user = accounts.authenticate_password(
            s, "ops@example.com", "correct-horse-battery-staple-9"
        )
        principal = accounts.load_principal(s, user)
        miniprograms.set_trial(s, principal, appid, "1.1.0")
        miniprograms.set_testers(s, principal, appid, ["tester-1"])
    wide = {"default_version": "1.0.0", "rules": [{"conditions": {}, "version": "1.1.0"}]}
    r = put_plan(client, platform, appid, wide)
    assert r.status_code == 422 and "trial version" in r.json()["error"]["message"]
    narrow = {
        "default_version": "1.0.0",
        "rules": [{"conditions": {"user.id": ["tester-1", "not-a-tester"]}, "version": "1.1.0"}],
    }
    assert put_plan(client, platform, appid, narrow).status_code == 200
    got = {
        u: resolve(client, platform, [appid], {"user": {"id": u}}).json()["results"][0]["version"]
        for u in ("tester-1", "not-a-tester", "someone")
    }
    assert got == {"tester-1": "1.1.0", "not-a-tester": "1.0.0", "someone": "1.0.0"}


def test_browser_session_tokens_carry_the_user(client, platform) -> None:
    appid = platform.add_app({"1.0.0": "released", "2.0.0": "approved"})
    put_plan(
        client,
        platform,
        appid,
        {
            "default_version": "1.0.0",
            "rules": [{"conditions": {"user.city": "Shanghai"}, "version": "2.0.0"}],
        },
    )
    body = json.dumps(
        {"user": {"id": "u1", "city": "Shanghai"}, "device": {"os": "android"}}
    ).encode()
    r = client.post(
        "/sdk/v1/session",
        content=body,
        headers=platform.signed_headers("POST", "/sdk/v1/session", body),
    )
    assert r.status_code == 200, r.text
    token = r.json()["token"]
    assert 890 <= r.json()["expires_in"] <= 900
    bearer = {"Authorization": f"Bearer {token}"}
    # The browser claims to be in Beijing; the token says Shanghai and wins.
    r = resolve(
        client, platform, [appid], {"user": {"id": "u2", "city": "Beijing"}}, headers=bearer
    )
    assert r.json()["results"][0]["version"] == "2.0.0"
    # A token cannot mint tokens, and a forged one is refused.
    r = client.post("/sdk/v1/session", json={"user": {"id": "x"}}, headers=bearer)
    assert r.json()["error"]["code"] == "token_not_allowed"
    r = resolve(client, platform, [appid], headers={"Authorization": f"Bearer {token[:-2]}xx"})
    assert r.status_code == 401 and r.json()["error"]["code"] == "bad_token"
    body = json.dumps({"device": {"os": "android"}}).encode()
    r = client.post(
        "/sdk/v1/session",
        content=body,
        headers=platform.signed_headers("POST", "/sdk/v1/session", body),
    )
    assert r.status_code == 422


def test_package_download_is_immutable_with_etag_and_range(client, platform) -> None:
    appid = platform.add_app({"1.0.0": "released"})
    sha = platform.apps[appid]["1.0.0"]
    r = client.get(f"/sdk/v1/packages/{sha}")
    assert r.status_code == 200
    import hashlib

    assert hashlib.sha256(r.content).hexdigest() == sha
    assert "immutable" in r.headers["cache-control"] and r.headers["etag"] == f'"{sha}"'
    assert (
        client.get(f"/sdk/v1/packages/{sha}", headers={"If-None-Match": f'"{sha}"'}).status_code
        == 304
    )
    part = client.get(f"/sdk/v1/packages/{sha}", headers={"Range": "bytes=10-19"})
    assert part.status_code == 206 and part.content == r.content[10:20]
    assert part.headers["content-range"] == f"bytes 10-19/{len(r.content)}"
    tail = client.get(f"/sdk/v1/packages/{sha}", headers={"Range": "bytes=-5"})
    assert tail.content == r.content[-5:]
    bad = client.get(f"/sdk/v1/packages/{sha}", headers={"Range": f"bytes={len(r.content)}-"})
    assert bad.status_code == 416
    missing = client.get("/sdk/v1/packages/" + "0" * 64)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "package_not_found"


def test_guardrail_pauses_a_rollout_whose_error_rate_jumps(client, platform) -> None:
    appid = platform.add_app({"1.0.0": "released", "2.0.0": "approved"})
    put_plan(
        client,
        platform,
        appid,
        {
            "default_version": "1.0.0",
            "guardrail": {"max_error_rate_increase": 5, "min_launches": 100},
            "rules": [{"conditions": {"percentage": 50}, "version": "2.0.0"}],
        },
    )

    def report(events: list[dict[str, Any]]) -> Any:
        body = json.dumps({"events": events}).encode()
        return client.post(
            "/sdk/v1/events",
            content=body,
            headers=platform.signed_headers("POST", "/sdk/v1/events", body),
        )

    r = report(
        [
            {"appid": appid, "version": "1.0.0", "type": "launch", "count": 200},
            {"appid": appid, "version": "1.0.0", "type": "error", "count": 2},
            {"appid": appid, "version": "2.0.0", "type": "launch", "count": 200},
            {"appid": appid, "version": "2.0.0", "type": "error", "count": 10},
        ]
    )
    assert r.json() == {"accepted": 412, "ignored": 0, "paused": []}  # 5% vs 1%: +4 points, under 5
    junk = report(
        [
            {"appid": appid, "version": "9.9.9", "type": "launch"},
            {"appid": "mpnotmine", "version": "1.0.0", "type": "error", "count": 3},
        ]
    )
    assert junk.json() == {"accepted": 0, "ignored": 4, "paused": []}
    r = report([{"appid": appid, "version": "2.0.0", "type": "error", "count": 10}])
    assert r.json()["paused"] == [appid]  # 10% vs 1%
    plan = client.get(
        f"/api/v1/apps/{appid}/plans/{platform.host_name}", headers=platform.admin_headers
    ).json()
    assert plan["paused"] is True and "2.0.0" in plan["paused_reason"]
    with platform.ctx.db.session() as s:
        event = s.scalars(
            select(AuditEvent).where(AuditEvent.action == "plan.guardrail_pause")
        ).one()
    assert event.actor == "system:guardrail" and "threshold 5" in event.after["reason"]
    users = [
        resolve(client, platform, [appid], {"user": {"id": f"u{i}"}}).json()["results"][0][
            "version"
        ]
        for i in range(20)
    ]
    assert set(users) == {"1.0.0"}
    stats = client.get(
        f"/api/v1/apps/{appid}/plans/{platform.host_name}/stats", headers=platform.admin_headers
    )
    assert {v["version"]: v["errors"] for v in stats.json()["versions"]} == {
        "1.0.0": 2,
        "2.0.0": 20,
    }


def test_simulate_endpoint(client, platform) -> None:
    appid = platform.add_app({"1.0.0": "released", "2.0.0": "approved"})
    put_plan(
        client,
        platform,
        appid,
        {
            "default_version": "1.0.0",
            "rules": [
                {"conditions": {"percentage": 20, "device.os": "android"}, "version": "2.0.0"}
            ],
        },
    )
    r = client.post(
        f"/api/v1/apps/{appid}/plans/{platform.host_name}/simulate",
        json={"users": 50000, "attributes": {"device.os": {"android": 1, "ios": 1}}},
        headers=platform.admin_headers,
    )
    shares = {v["name"]: v["percent"] for v in r.json()["versions"]}
    assert abs(shares["2.0.0"] - 10) < 0.5


def test_withdrawn_versions_are_never_served(client, platform) -> None:
    from miniport.center.models import Version

    appid = platform.add_app({"1.0.0": "released", "1.1.0": "released", "2.0.0": "approved"})
    put_plan(
        client,
        platform,
        appid,
        {
            "default_version": "1.1.0",
            "rules": [{"id": "new", "conditions": {}, "version": "2.0.0"}],
        },
    )
    ctx = {"user": {"id": "u1"}}
    assert resolve(client, platform, [appid], ctx).json()["results"][0]["version"] == "2.0.0"

    def withdraw(version: str) -> None:
        with platform.ctx.db.session() as s:
            row = s.scalars(
                select(Version).where(
                    Version.version == version,
                    Version.package_sha256 == platform.apps[appid][version],
                )
            ).one()
            row.state = "withdrawn"
            s.commit()
        client.app.state.ctx.extras["delivery"].reload()

    withdraw("2.0.0")
    item = resolve(client, platform, [appid], ctx).json()["results"][0]
    assert (item["version"], item["reason"]) == ("1.1.0", "default")
    assert client.get(f"/sdk/v1/packages/{platform.apps[appid]['2.0.0']}").status_code == 404
    withdraw("1.1.0")
    item = resolve(client, platform, [appid], ctx).json()["results"][0]
    assert (item["version"], item["reason"]) == ("1.0.0", "default_unavailable")


def test_resolve_is_documented_and_refuses_broken_json(client, platform) -> None:
    spec = client.get("/openapi.json").json()
    schema = spec["paths"]["/sdk/v1/resolve"]["post"]["requestBody"]["content"]["application/json"][
        "schema"
    ]
    assert "appids" in schema["properties"] and "city" in schema["properties"]["user"]["properties"]
    body = b'{"appids": ["x"'
    r = client.post(
        "/sdk/v1/resolve",
        content=body,
        headers=platform.signed_headers("POST", "/sdk/v1/resolve", body),
    )
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation_failed"


def test_update_stream_accepts_a_token_in_the_query_for_eventsource(
    client, platform, monkeypatch
) -> None:
    from miniport.delivery import api

    monkeypatch.setattr(api, "MAX_STREAM_SECONDS", 0.3)
    monkeypatch.setattr(api, "KEEPALIVE_SECONDS", 0.1)
    body = json.dumps({"user": {"id": "u1"}}).encode()
    token = client.post(
        "/sdk/v1/session",
        content=body,
        headers=platform.signed_headers("POST", "/sdk/v1/session", body),
    ).json()["token"]
    r = client.get(f"/sdk/v1/updates?access_token={token}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
    assert "event: hello" in r.text and f'"host_id": {platform.host_id}' in r.text
    bad = client.get("/sdk/v1/updates?access_token=forged")
    assert bad.status_code == 401 and bad.json()["error"]["code"] == "bad_token"
    unsigned = client.get("/sdk/v1/updates")
    assert unsigned.status_code == 401 and unsigned.json()["error"]["code"] == "missing_signature"
