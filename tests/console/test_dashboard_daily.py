"""The dashboard's share of launches per version over time comes from reported events,
one point per UTC day, over the last 14 or 30 days.

Counts are written by `guardrail.record`, the same function `POST /sdk/v1/events` calls,
with explicit days; the server's "today" is pinned so the window is deterministic.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from tests.console.seed import PASSWORD, Partner, partner_with_app
from tests.console.test_forms import ADMIN, ADMIN_PASSWORD, sign_in

TODAY = date(2026, 11, 29)
YESTERDAY = TODAY - timedelta(days=1)
LONG_AGO = TODAY - timedelta(days=20)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    from sqlalchemy import select
    from tests.console.conftest import prepare

    from miniport.center.app import build_context, create_app
    from miniport.center.models import User
    from miniport.center.services import accounts, hosts
    from miniport.config import load_settings
    from miniport.delivery import guardrail, plans

    settings = load_settings(
        data_dir=Path(tmp_path_factory.mktemp("daily")),
        admin_email=ADMIN,
        admin_password=ADMIN_PASSWORD,
        seed_demo=False,
    )
    ctx = build_context(settings)
    prepare(ctx)
    alpha = partner_with_app(ctx, "Alpha Pay", "owner@alpha.example", "Alpha Wallet", ADMIN)
    with ctx.db.session() as db:
        admin = accounts.load_principal(db, db.scalar(select(User).where(User.email == ADMIN)))
        host, _key, _secret = hosts.create_host(
            db, admin, hosts.HostFields(name="Daily Host"), ctx.secret_key
        )
        host_id = host.id
        plans.save_plan(db, admin, alpha.appid, str(host_id), {"default_version": "1.0.0"})
    a = alpha.appid
    with ctx.db.session() as db:
        guardrail.record(db, host_id, Counter({(a, "1.0.0", "launch"): 5}), day=LONG_AGO)
    with ctx.db.session() as db:
        guardrail.record(
            db,
            host_id,
            Counter(
                {(a, "1.0.0", "launch"): 75, (a, "2.0.0", "launch"): 25, (a, "2.0.0", "error"): 3}
            ),
            day=YESTERDAY,
        )
    with ctx.db.session() as db:
        guardrail.record(
            db,
            host_id,
            Counter(
                {(a, "1.0.0", "launch"): 40, (a, "2.0.0", "launch"): 60, (a, "1.0.0", "error"): 1}
            ),
            day=TODAY,
        )
    app = create_app(settings, ctx)
    with TestClient(app) as client:
        yield {"client": client, "alpha": alpha, "ctx": ctx}
    ctx.db.dispose()


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    from miniport.delivery import guardrail

    monkeypatch.setattr(guardrail, "utc_today", lambda: TODAY)


def daily_table(page: str) -> dict[str, list[str]]:
    """Rows of the per-day table: day → cells (day, launches, one per version, errors)."""
    table = re.search(r"<table data-daily>(.*?)</table>", page, re.DOTALL)
    assert table, "no per-day table on the page"
    rows = re.findall(r'<tr data-day="([\d-]+)">(.*?)</tr>', table.group(1), re.DOTALL)
    return {day: re.findall(r"<td[^>]*>([^<]*)</td>", cells) for day, cells in rows}


def daily_svgs(page: str) -> str:
    section = re.search(r'<section class="card" id="daily">(.*?)</section>', page, re.DOTALL)
    assert section
    return section.group(1)


def test_two_days_of_reports_are_two_points_with_their_own_shares(
    world: dict[str, object],
) -> None:
    client: TestClient = world["client"]  # type: ignore[assignment]
    alpha: Partner = world["alpha"]  # type: ignore[assignment]
    sign_in(client, alpha.email, PASSWORD)
    page = client.get(f"/console/apps/{alpha.appid}/dashboard").text

    assert "Share of launches per version, per day (last 14 days, UTC)" in page
    assert daily_table(page) == {
        "2026-11-28": ["2026-11-28", "100", "75.0% (75)", "25.0% (25)", "3"],
        "2026-11-29": ["2026-11-29", "100", "40.0% (40)", "60.0% (60)", "1"],
    }
    section = daily_svgs(page)
    assert section.count("<svg") == 3
    assert "Share of launches per version per day" in section
    # both days are x-axis labels of the charts; the day 20 days ago is outside the window
    assert "2026-11-28" in section and "2026-11-29" in section
    assert LONG_AGO.isoformat() not in section
    assert "<script" not in section
    share_svg = re.findall(r"<svg.*?</svg>", section, re.DOTALL)[0]
    # one x position per reported day, and each version's share on each of them (pygal
    # writes stacked values as "running total (+this series)")
    assert re.findall(r"<text[^>]*>(2026-[^<]*)</text>", share_svg) == ["2026-11-28", "2026-11-29"]
    assert re.findall(r'<desc class="value">([^<]*)</desc>', share_svg) == [
        "75.0%",
        "40.0%",
        "100.0% (+25.0%)",
        "100.0% (+60.0%)",
    ]
    # the totals table still adds everything up since the first report
    row = re.search(r'<tr data-version="1.0.0">(.*?)</tr>', page, re.DOTALL)
    assert row and re.findall(r"<td>([^<]*)</td>", row.group(1))[:2] == ["1.0.0", "120"]


def test_thirty_days_reach_further_back(world: dict[str, object]) -> None:
    client: TestClient = world["client"]  # type: ignore[assignment]
    alpha: Partner = world["alpha"]  # type: ignore[assignment]
    sign_in(client, alpha.email, PASSWORD)
    page = client.get(f"/console/apps/{alpha.appid}/dashboard?days=30").text
    assert "(last 30 days, UTC)" in page
    table = daily_table(page)
    assert list(table) == ["2026-11-09", "2026-11-28", "2026-11-29"]
    assert table["2026-11-09"] == ["2026-11-09", "5", "100.0% (5)", "0.0% (0)", "0"]
    # an unsupported window falls back to the default instead of failing
    odd = client.get(f"/console/apps/{alpha.appid}/dashboard?days=9999").text
    assert "(last 14 days, UTC)" in odd and len(daily_table(odd)) == 2


def test_no_reports_in_the_window_says_so_and_in_chinese(
    world: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    client: TestClient = world["client"]  # type: ignore[assignment]
    alpha: Partner = world["alpha"]  # type: ignore[assignment]
    from miniport.delivery import guardrail

    sign_in(client, alpha.email, PASSWORD)
    # seen from 40 days later, nothing falls into the last 14 days
    monkeypatch.setattr(guardrail, "utc_today", lambda: TODAY + timedelta(days=40))
    page = client.get(f"/console/apps/{alpha.appid}/dashboard").text
    client.cookies.set("miniport_lang", "zh-CN")
    try:
        zh = client.get(f"/console/apps/{alpha.appid}/dashboard").text
    finally:
        client.cookies.delete("miniport_lang")
    assert "No launches reported in the last 14 days." in page
    assert "<table data-daily>" not in page
    assert "最近 14 天没有启动上报。" in zh


def test_operators_also_see_the_plan_chart_labelled_as_planned(
    world: dict[str, object],
) -> None:
    """The simulated plan shares stay for operators, but cannot pass for measurement."""
    client: TestClient = world["client"]  # type: ignore[assignment]
    alpha: Partner = world["alpha"]  # type: ignore[assignment]
    sign_in(client, ADMIN, ADMIN_PASSWORD)
    page = client.get(f"/console/apps/{alpha.appid}/dashboard").text
    assert len(daily_table(page)) == 2
    assert (
        "Planned share of users per plan revision in Daily Host (simulated, not measured)" in page
    )
    sign_in(client, alpha.email, PASSWORD)
    partner_page = client.get(f"/console/apps/{alpha.appid}/dashboard").text
    assert "Planned share" not in partner_page and len(daily_table(partner_page)) == 2
