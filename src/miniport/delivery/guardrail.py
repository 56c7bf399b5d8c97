"""Launch/error counting and the guardrail that pauses a bad rollout by itself.

Hosts report launches and errors per (appid, version) through `POST /sdk/v1/events`.
Counts are added in the database with `UPDATE … SET n = n + k`, so concurrent server
processes never lose increments. After each report the plans of the touched
mini-programs are checked: when a version the plan rolls out has an error rate more
than `max_error_rate_increase` percentage points above the default (baseline)
version's, and both have at least `min_launches` launches, the plan pauses itself —
everyone gets the baseline again — and the audit log records the figures.

Each report is also counted per UTC day (`DeliveryDailyStat`) in the same
transaction; the console charts those. Limits (minimal on purpose): the guardrail
itself still compares cumulative counts per version, not a time window.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from miniport.center.db import utcnow
from miniport.center.services.audit import Actor
from miniport.delivery import plans as plan_service
from miniport.delivery.compiled import DeliveryIndex
from miniport.delivery.models import DeliveryDailyStat, DeliveryStat

GUARDRAIL = Actor(None, "system:guardrail")


@dataclass(frozen=True)
class Rates:
    launches: int
    errors: int

    @property
    def percent(self) -> float:
        return 100.0 * self.errors / self.launches if self.launches else 0.0


def utc_today() -> date:
    """Today's UTC date: the day a report is counted under.

    The server's clock decides, not the host's, so a host with a wrong clock cannot
    write into past or future days. Tests replace this function to report "yesterday".
    """
    return utcnow().date()


def _add(
    session: Session,
    model: type[DeliveryStat] | type[DeliveryDailyStat],
    key: dict[str, Any],
    launches: int,
    errors: int,
    extra: dict[str, Any],
) -> None:
    """Increment one counter row in the database, creating it if it does not exist yet.

    `UPDATE … SET n = n + k` first so concurrent processes never lose increments; if no
    row matched, insert inside a savepoint, and if another process inserted the same
    key meanwhile (unique constraint), update that row instead.
    """
    where = [getattr(model, column) == value for column, value in key.items()]
    for _attempt in range(2):
        changed = session.execute(
            update(model)
            .where(*where)
            .values(launches=model.launches + launches, errors=model.errors + errors, **extra)
        ).rowcount  # type: ignore[attr-defined]
        if changed:
            return
        try:
            with session.begin_nested():
                session.add(model(**key, launches=launches, errors=errors, **extra))
            return
        except IntegrityError:  # another process inserted it first: update instead
            continue


def record(
    session: Session,
    host_id: int,
    counts: Counter[tuple[str, str, str]],
    day: date | None = None,
) -> None:
    """Add counts keyed (appid, version, kind) with kind "launch" or "error"; commits.

    The cumulative totals (what the guardrail compares) and the per-day row for `day`
    (default: today in UTC; what the console charts over time) are written in one
    transaction, so they never disagree.
    """
    day = day or utc_today()
    merged: dict[tuple[str, str], list[int]] = {}
    for (appid, version, kind), n in counts.items():
        slot = merged.setdefault((appid, version), [0, 0])
        slot[0 if kind == "launch" else 1] += n
    for (appid, version), (launches, errors) in sorted(merged.items()):
        key = {"host_app_id": host_id, "appid": appid, "version": version}
        _add(session, DeliveryStat, key, launches, errors, {"updated_at": utcnow()})
        _add(session, DeliveryDailyStat, {**key, "day": day}, launches, errors, {})
    session.commit()


def rates(session: Session, host_id: int, appid: str) -> dict[str, Rates]:
    rows = session.scalars(
        select(DeliveryStat).where(DeliveryStat.host_app_id == host_id, DeliveryStat.appid == appid)
    )
    return {r.version: Rates(r.launches, r.errors) for r in rows}


def check(session: Session, index: DeliveryIndex, host_id: int, appids: set[str]) -> list[str]:
    """Pause plans that trip their guardrail; returns the appids paused."""
    paused: list[str] = []
    for appid in sorted(appids):
        entry = index.plans.get((host_id, appid))
        if entry is None or entry.compiled.paused:
            continue
        plan = entry.compiled.plan
        guard, baseline = plan.guardrail, plan.default_version
        if guard is None or baseline is None:
            continue
        observed = rates(session, host_id, appid)
        base = observed.get(baseline)
        if base is None or base.launches < guard.min_launches:
            continue
        for version in sorted(plan.target_versions() - {baseline}):
            new = observed.get(version)
            if new is None or new.launches < guard.min_launches:
                continue
            increase = new.percent - base.percent
            if increase > guard.max_error_rate_increase:
                reason = (
                    f"guardrail: error rate of {version} is {new.percent:.2f}% "
                    f"({new.errors}/{new.launches}) vs {base.percent:.2f}% for baseline {baseline} "
                    f"({base.errors}/{base.launches}), +{increase:.2f} points > "
                    f"threshold {guard.max_error_rate_increase:g}"
                )
                host = index.hosts[host_id]
                plan_service.set_paused(
                    session,
                    GUARDRAIL,
                    appid,
                    str(host.id),
                    True,
                    reason,
                    action="plan.guardrail_pause",
                )
                paused.append(appid)
                break
    return paused
