"""A mini-program's dashboard: launches, errors and each version's share.

Two sources, both real:
- Observed: the launch and error counts hosts reported through `/sdk/v1/events`
  (delivery's `DeliveryStat`, cumulative per host app and version — delivery keeps no
  time series yet, so observed figures are totals to date).
- Planned over time: every saved revision of each release plan, run through delivery's
  simulator, gives the share of users per version from that moment on (operators only,
  since plans are operator data). Users in the simulation carry no attributes, so
  attribute-targeted rules show as 0 % there; percentage and default shares are exact.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from fastapi import APIRouter
from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import Response

from miniport.center.models import HostApp
from miniport.center.services import miniprograms
from miniport.console import charts
from miniport.console.deps import CurrentViewer, DbSession
from miniport.console.errors import ConsoleRoute
from miniport.console.i18n import translator_for
from miniport.console.rendering import render
from miniport.delivery import plans
from miniport.delivery.models import DeliveryStat
from miniport.delivery.rules import PlanValidationError, compile_plan, parse_plan
from miniport.delivery.simulate import simulate

router = APIRouter(route_class=ConsoleRoute, include_in_schema=False)

SIMULATED_USERS = 5_000
MAX_REVISIONS = 30
"""The chart shows the latest revisions only, so a page view stays well under a second."""


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
    mp = miniprograms.get_app(db, viewer.principal, appid)
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
    )
