"""A mini-program's dashboard: launches, errors and each version's share.

Three sources, all real:
- Observed totals: the launch and error counts hosts reported through `/sdk/v1/events`
  (delivery's `DeliveryStat`, cumulative per host app and version).
- Observed per day: the same reports counted per UTC day (delivery's
  `DeliveryDailyStat`), over the last 14 or 30 days — this is the measured "share of
  launches per version over time", for everyone who may see the mini-program.
- Planned: every saved revision of each release plan, run through delivery's
  simulator, gives the share of users the plan *intends* per version (operators only,
  since plans are operator data). Kept because it shows what a rollout is aiming at
  before enough launches come in; labelled as planned so nobody mistakes it for
  measurement. Users in the simulation carry no attributes, so attribute-targeted rules
  show as 0 % there; percentage and default shares are exact.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter
from sqlalchemy import func, select
from starlette.requests import Request
from starlette.responses import Response

from miniport.center.models import HostApp
from miniport.center.services import miniprograms
from miniport.console import charts
from miniport.console.deps import CurrentViewer, DbSession
from miniport.console.errors import ConsoleRoute
from miniport.console.i18n import pick_language, translator_for
from miniport.console.rendering import render
from miniport.delivery import guardrail, plans
from miniport.delivery.models import DeliveryDailyStat, DeliveryStat
from miniport.delivery.rules import PlanValidationError, compile_plan, parse_plan
from miniport.delivery.simulate import simulate

router = APIRouter(route_class=ConsoleRoute, include_in_schema=False)

SIMULATED_USERS = 5_000
MAX_REVISIONS = 30
"""The chart shows the latest revisions only, so a page view stays well under a second."""
WINDOWS = (14, 30)
"""Day windows the page offers (`?days=`); the first is the default."""

TEXT: dict[str, tuple[str, str]] = {
    "daily": (
        "Share of launches per version, per day (last {days} days, UTC)",
        "各版本每日启动占比（最近 {days} 天，UTC）",
    ),
    "daily_hint": (
        "Measured from the launches and errors hosts report, counted on the UTC day the "
        "server received them. Days without any report are left out.",
        "根据宿主上报的启动与错误统计，按服务器收到上报的 UTC 日期计数。没有上报的日期不显示。",
    ),
    "daily_share_chart": ("Share of launches per version per day", "各版本每日启动占比"),
    "daily_launches_chart": ("Launches per version per day", "各版本每日启动次数"),
    "daily_errors_chart": ("Errors per version per day", "各版本每日错误数"),
    "window": ("Period", "时间范围"),
    "days_unit": ("days", "天"),
    "day": ("Day (UTC)", "日期（UTC）"),
    "total": ("Launches", "启动次数"),
    "errors": ("Errors", "错误数"),
    "no_daily": (
        "No launches reported in the last {days} days.",
        "最近 {days} 天没有启动上报。",
    ),
}
"""The daily section's own strings, in English and Simplified Chinese.

They live here rather than in the console catalogue because this change owns only the
dashboard; they can move into `miniport.console.i18n.MESSAGES` as they are.
"""

PLANNED: tuple[str, str] = (
    "Planned share of users per plan revision in {host} (simulated, not measured)",
    "{host} 中各计划修订版本的计划用户占比（模拟，非实测）",
)
"""Heading of the operators' planned-share chart: says plainly that it is not measured."""


def texts(lang: str, **values: object) -> dict[str, str]:
    """The strings above in one language, formatted with `values` where they use them."""
    column = 1 if lang == "zh-CN" else 0
    return {key: pair[column].format(**values) for key, pair in TEXT.items()}


def planned_heading(lang: str, host: str) -> str:
    """The planned chart's heading, which names the host app."""
    return PLANNED[1 if lang == "zh-CN" else 0].format(host=host)


@dataclass
class Daily:
    """Measured launches and errors per day and version over a window of days."""

    days: list[date] = field(default_factory=list)
    """Days with at least one report, oldest first."""
    versions: list[str] = field(default_factory=list)
    launches: dict[str, list[int]] = field(default_factory=dict)
    """version → launches on each of `days`."""
    errors: dict[str, list[int]] = field(default_factory=dict)

    @property
    def totals(self) -> list[int]:
        return [sum(values[i] for values in self.launches.values()) for i in range(len(self.days))]

    @property
    def error_totals(self) -> list[int]:
        return [sum(values[i] for values in self.errors.values()) for i in range(len(self.days))]

    @property
    def shares(self) -> dict[str, list[float]]:
        """version → percent of that day's launches (each day adds up to 100, or 0 if none)."""
        totals = self.totals
        return {
            v: [100.0 * n / t if t else 0.0 for n, t in zip(values, totals, strict=True)]
            for v, values in self.launches.items()
        }


def daily(db: DbSession, appid: str, days: int, today: date) -> Daily:
    """Reported counts per UTC day and version, all host apps together, for the `days`
    days ending `today` (caller checked access)."""
    since = today - timedelta(days=days - 1)
    rows = db.execute(
        select(
            DeliveryDailyStat.day,
            DeliveryDailyStat.version,
            func.sum(DeliveryDailyStat.launches),
            func.sum(DeliveryDailyStat.errors),
        )
        .where(
            DeliveryDailyStat.appid == appid,
            DeliveryDailyStat.day >= since,
            DeliveryDailyStat.day <= today,
        )
        .group_by(DeliveryDailyStat.day, DeliveryDailyStat.version)
    ).all()
    out = Daily()
    out.days = sorted({row[0] for row in rows})
    out.versions = sorted({row[1] for row in rows})
    position = {d: i for i, d in enumerate(out.days)}
    out.launches = {v: [0] * len(out.days) for v in out.versions}
    out.errors = {v: [0] * len(out.days) for v in out.versions}
    for day, version, launches, errors in rows:
        out.launches[version][position[day]] += int(launches or 0)
        out.errors[version][position[day]] += int(errors or 0)
    return out


def observed(db: DbSession, appid: str) -> list[dict[str, Any]]:
    """Reported counts for one appid, per host app and version (caller checked access)."""
    rows = db.execute(
        select(DeliveryStat, HostApp.name)
        .join(HostApp, HostApp.id == DeliveryStat.host_app_id)
        .where(DeliveryStat.appid == appid)
        .order_by(HostApp.name, DeliveryStat.version)
    ).all()
    return [
        {
            "host": name,
            "version": stat.version,
            "launches": stat.launches,
            "errors": stat.errors,
            "error_rate": 100.0 * stat.errors / stat.launches if stat.launches else 0.0,
        }
        for stat, name in rows
    ]


def planned_shares(db: DbSession, viewer: Any, appid: str) -> list[dict[str, Any]]:
    """Per host app: each plan revision's simulated share of users per version."""
    out = []
    for current in plans.list_plans(db, viewer.principal, appid):
        history = plans.revisions(db, viewer.principal, appid, str(current["host"]["id"]))
        history = history[-MAX_REVISIONS:]
        moments: list[str] = []
        per_revision: list[dict[str, float]] = []
        for rev in history:
            try:
                plan = parse_plan(rev["plan"])
            except PlanValidationError:
                continue
            result = simulate(compile_plan(plan), SIMULATED_USERS).as_json()
            moments.append(f"r{rev['revision']} {rev['created_at'][5:16].replace('T', ' ')}")
            per_revision.append({row["name"]: row["percent"] for row in result["versions"]})
        versions = sorted({name for shares in per_revision for name in shares})
        series = {v: [shares.get(v, 0.0) for shares in per_revision] for v in versions}
        out.append(
            {
                "host": current["host"]["name"],
                "paused": current["paused"],
                "moments": moments,
                "series": series,
            }
        )
    return out


@router.get("/console/apps/{appid}/dashboard")
def dashboard(request: Request, appid: str, db: DbSession, viewer: CurrentViewer) -> Response:
    t = translator_for(request)
    lang = pick_language(request, request.app.state.console.default_language)
    mp = miniprograms.get_app(db, viewer.principal, appid)
    try:
        days = int(request.query_params.get("days", WINDOWS[0]))
    except ValueError:
        days = WINDOWS[0]
    if days not in WINDOWS:
        days = WINDOWS[0]
    per_day = daily(db, appid, days, guardrail.utc_today())
    dt = texts(lang, days=days)
    labels = [d.isoformat() for d in per_day.days]
    daily_charts = (
        {
            "share": charts.shares_over_time(dt["daily_share_chart"], labels, per_day.shares),
            "launches": charts.stacked_bars(dt["daily_launches_chart"], labels, per_day.launches),
            "errors": charts.bars(dt["daily_errors_chart"], labels, per_day.errors),
        }
        if per_day.days
        else None
    )
    counts = observed(db, appid)
    by_version: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in counts:
        by_version[row["version"]][0] += row["launches"]
        by_version[row["version"]][1] += row["errors"]
    versions = sorted(by_version)
    total = sum(v[0] for v in by_version.values())
    summary = [
        {
            "version": v,
            "launches": by_version[v][0],
            "errors": by_version[v][1],
            "share": 100.0 * by_version[v][0] / total if total else 0.0,
            "error_rate": 100.0 * by_version[v][1] / by_version[v][0] if by_version[v][0] else 0.0,
        }
        for v in versions
    ]
    launch_chart = (
        charts.bars(
            t("dash.launches_errors"),
            versions,
            {
                t("dash.launches"): [by_version[v][0] for v in versions],
                t("dash.errors"): [by_version[v][1] for v in versions],
            },
        )
        if versions
        else None
    )
    planned = planned_shares(db, viewer, appid) if viewer.can_see_platform else []
    for item in planned:
        item["heading"] = planned_heading(lang, item["host"])
        item["chart"] = (
            charts.shares_over_time(
                t("dash.planned_chart", host=item["host"]), item["moments"], item["series"]
            )
            if item["moments"]
            else None
        )
    return render(
        request,
        "dashboard.html",
        app=mp,
        counts=counts,
        summary=summary,
        total=total,
        launch_chart=launch_chart,
        planned=planned,
        simulated_users=SIMULATED_USERS,
        daily=per_day,
        daily_charts=daily_charts,
        dt=dt,
        days=days,
        windows=WINDOWS,
    )
