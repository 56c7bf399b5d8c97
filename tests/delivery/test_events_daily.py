"""Events are counted per UTC day as well as in total, without changing what hosts see.

The day comes from the server's clock (`guardrail.utc_today`), which these tests move
to "yesterday" for the first report, so two real `POST /sdk/v1/events` calls land on
two different days.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from miniport.delivery import guardrail
from miniport.delivery.models import DeliveryDailyStat, DeliveryStat

TODAY = date(2026, 11, 29)
YESTERDAY = TODAY - timedelta(days=1)


def report(client: TestClient, platform: Any, events: list[dict[str, Any]]) -> Any:
    body = json.dumps({"events": events}).encode()
    return client.post(
        "/sdk/v1/events",
        content=body,
        headers=platform.signed_headers("POST", "/sdk/v1/events", body),
    )


def daily_rows(platform: Any, appid: str) -> dict[tuple[date, str], tuple[int, int]]:
    with platform.ctx.db.session() as s:
        rows = s.scalars(select(DeliveryDailyStat).where(DeliveryDailyStat.appid == appid))
        return {(r.day, r.version): (r.launches, r.errors) for r in rows}


def test_reports_on_two_days_are_kept_apart_and_add_up_to_the_totals(
    client: TestClient, platform: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    appid = platform.add_app({"1.0.0": "released", "2.0.0": "approved"})
    monkeypatch.setattr(guardrail, "utc_today", lambda: YESTERDAY)
    first = report(
        client,
        platform,
        [
            {"appid": appid, "version": "1.0.0", "type": "launch", "count": 90},
            {"appid": appid, "version": "2.0.0", "type": "launch", "count": 10},
            {"appid": appid, "version": "2.0.0", "type": "error", "count": 1},
            {"appid": appid, "version": "9.9.9", "type": "launch", "count": 5},
        ],
    )
    monkeypatch.setattr(guardrail, "utc_today", lambda: TODAY)
    second = report(
        client,
        platform,
        [
            {"appid": appid, "version": "1.0.0", "type": "launch", "count": 50},
            {"appid": appid, "version": "2.0.0", "type": "launch", "count": 50},
            {"appid": appid, "version": "1.0.0", "type": "error", "count": 2},
        ],
    )
    again = report(client, platform, [{"appid": appid, "version": "2.0.0", "type": "launch"}])

    # hosts get exactly the answers they got before days were counted
    assert first.status_code == 200
    assert first.json() == {"accepted": 101, "ignored": 5, "paused": []}
    assert second.json() == {"accepted": 102, "ignored": 0, "paused": []}
    assert again.json() == {"accepted": 1, "ignored": 0, "paused": []}

    assert daily_rows(platform, appid) == {
        (YESTERDAY, "1.0.0"): (90, 0),
        (YESTERDAY, "2.0.0"): (10, 1),
        (TODAY, "1.0.0"): (50, 2),
        (TODAY, "2.0.0"): (51, 0),
    }
    stats = client.get(
        f"/api/v1/apps/{appid}/plans/{platform.host_name}/stats", headers=platform.admin_headers
    ).json()
    assert {v["version"]: (v["launches"], v["errors"]) for v in stats["versions"]} == {
        "1.0.0": (140, 2),
        "2.0.0": (61, 1),
    }


def test_guardrail_still_compares_totals_across_days(
    client: TestClient, platform: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Errors spread over two days still pause the rollout once their total trips it."""
    appid = platform.add_app({"1.0.0": "released", "2.0.0": "approved"})
    plan = {
        "default_version": "1.0.0",
        "guardrail": {"max_error_rate_increase": 5, "min_launches": 100},
        "rules": [{"conditions": {"percentage": 50}, "version": "2.0.0"}],
    }
    put = client.put(
        f"/api/v1/apps/{appid}/plans/{platform.host_name}",
        json=plan,
        headers=platform.admin_headers,
    )
    assert put.status_code == 200, put.text
    monkeypatch.setattr(guardrail, "utc_today", lambda: YESTERDAY)
    r = report(
        client,
        platform,
        [
            {"appid": appid, "version": "1.0.0", "type": "launch", "count": 200},
            {"appid": appid, "version": "1.0.0", "type": "error", "count": 2},
            {"appid": appid, "version": "2.0.0", "type": "launch", "count": 200},
            {"appid": appid, "version": "2.0.0", "type": "error", "count": 10},
        ],
    )
    assert r.json()["paused"] == []  # 5 % vs 1 %: +4 points, under 5
    monkeypatch.setattr(guardrail, "utc_today", lambda: TODAY)
    r = report(
        client, platform, [{"appid": appid, "version": "2.0.0", "type": "error", "count": 10}]
    )
    assert r.json()["paused"] == [appid]  # today alone is 10 errors/0 launches; in total 10 %
    plan_now = client.get(
        f"/api/v1/apps/{appid}/plans/{platform.host_name}", headers=platform.admin_headers
    ).json()
    assert plan_now["paused"] is True and "(20/200)" in plan_now["paused_reason"]


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_concurrent_reports_lose_no_daily_increments(
    database: str, platform_factory: Any, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Several server threads reporting the same (version, day) at once, the first of them
    racing to create the row: every launch is counted, in the day and in the total."""
    url = request.getfixturevalue("postgres_url") if database == "postgresql" else None
    platform = platform_factory(tmp_path, database_url=url)
    appid = platform.add_app({"1.0.0": "released"})
    threads, per_thread, rounds = 4, 3, 5
    errors: list[BaseException] = []
    start = threading.Barrier(threads)

    def work() -> None:
        try:
            start.wait()
            for _ in range(rounds):
                with platform.ctx.db.session() as s:
                    guardrail.record(
                        s,
                        platform.host_id,
                        Counter({(appid, "1.0.0", "launch"): per_thread}),
                        day=TODAY,
                    )
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    expected = threads * per_thread * rounds
    assert not errors, errors
    assert daily_rows(platform, appid) == {(TODAY, "1.0.0"): (expected, 0)}
    with platform.ctx.db.session() as s:
        total = s.scalars(select(DeliveryStat).where(DeliveryStat.appid == appid)).one()
    assert total.launches == expected
    platform.ctx.db.dispose()
