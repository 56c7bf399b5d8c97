"""The compiled, in-memory view that answers `resolve` without touching the database.

Every launch of every mini-program in every host asks which version to load, so the
answer is computed from an immutable `DeliveryIndex` held in memory: host keys, the
deliverable versions of each mini-program, listings and compiled release plans. A
change anywhere (a plan saved, a version withdrawn, a host disabled) builds a whole new
index and swaps the reference; a request in flight keeps the index it started with, so
it never sees half an update. Building is `snapshot.py`'s job; this module is pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from miniport.delivery.rules import CompiledPlan, Context

#: Version states that may be delivered to everyone (a plan may name them).
DELIVERABLE_STATES = frozenset({"approved", "released"})


@dataclass(frozen=True)
class VersionInfo:
    version: str
    state: str
    package_id: str
    size: int
    framework_version: str | None
    trial: bool = False
    """The mini-program's trial version (体验版): delivered to its named testers only."""


@dataclass(frozen=True)
class AppEntry:
    mini_program_id: int
    appid: str
    status: str
    allowed_domains: tuple[str, ...]
    versions: Mapping[str, VersionInfo]
    latest_released: str | None
    testers: frozenset[str] = frozenset()


@dataclass(frozen=True)
class HostKey:
    sdk_key: str
    host_id: int
    secret: str
    expires_at: float | None = None
    revoked_at: float | None = None

    def valid_at(self, now: float) -> bool:
        if self.revoked_at is not None and self.revoked_at <= now:
            return False
        return self.expires_at is None or self.expires_at > now


@dataclass(frozen=True)
class HostEntry:
    id: int
    name: str
    enabled: bool


@dataclass(frozen=True)
class PlanEntry:
    """A release plan as delivery sees it: compiled rules plus what the API shows."""

    plan_id: int
    revision: int
    compiled: CompiledPlan


@dataclass(frozen=True)
class Outcome:
    """The answer for one appid: either `payload` (status ok) or an error code."""

    appid: str
    ok: bool
    payload: dict[str, Any]


# Per-appid error codes and what the host should do about each.
ERRORS: dict[str, str] = {
    "unknown_app": "No mini-program has this appid; check the appid.",
    "not_listed": "This mini-program is not listed in this host app; list it in the center first.",
    "delisted": "This mini-program has been delisted from this host app; remove its entry point.",
    "suspended": "This mini-program is suspended by the operator and cannot be opened.",
    "no_version": "No deliverable version of this mini-program applies to this user.",
}


@dataclass(frozen=True)
class DeliveryIndex:
    generation: int
    hosts: Mapping[int, HostEntry] = field(default_factory=dict)
    keys: Mapping[str, HostKey] = field(default_factory=dict)
    apps: Mapping[str, AppEntry] = field(default_factory=dict)
    listings: Mapping[tuple[int, str], str] = field(default_factory=dict)
    plans: Mapping[tuple[int, str], PlanEntry] = field(default_factory=dict)
    packages: Mapping[str, str] = field(default_factory=dict)
    """package id (sha256) → storage key, for every deliverable version."""

    def unavailable(self, host_id: int, appid: str) -> str | None:
        """Why this host may not run `appid` at all (a resolve error code), or None."""
        app = self.apps.get(appid)
        if app is None:
            return "unknown_app"
        if app.status != "active":
            return "suspended"
        listing = self.listings.get((host_id, appid))
        if listing is None:
            return "not_listed"
        if listing != "listed":
            return "delisted"
        return None

    def resolve(self, host_id: int, appid: str, ctx: Context, base_url: str) -> Outcome:
        refused = self.unavailable(host_id, appid)
        if refused is not None:
            return _error(appid, refused)
        app = self.apps[appid]

        def allowed(version: str, c: Context) -> bool:
            info = app.versions.get(version)
            if info is None:
                return False  # withdrawn or rejected since the plan was saved
            return not info.trial or str(c.values.get("user.id")) in app.testers

        plan = self.plans.get((host_id, appid))
        revision: int | None = None
        if plan is not None:
            decision = plan.compiled.decide(ctx, allowed)
            version, reason = decision.version, decision.reason
            rule_id, variant = decision.rule_id, decision.variant
            revision = plan.revision
            if version is not None and not allowed(version, ctx):
                # The default was withdrawn after the plan was saved: never serve it.
                version, reason = app.latest_released, "default_unavailable"
        else:
            version, reason, rule_id, variant = app.latest_released, "latest_release", None, None
        info = app.versions.get(version) if version else None
        if info is None:
            return _error(appid, "no_version")
        return Outcome(
            appid,
            True,
            {
                "appid": appid,
                "status": "ok",
                "version": info.version,
                "package_id": info.package_id,
                "url": f"{base_url}/sdk/v1/packages/{info.package_id}",
                "size": info.size,
                "sha256": info.package_id,
                "framework_version": info.framework_version,
                "allowed_domains": list(app.allowed_domains),
                "reason": reason,
                "rule_id": rule_id,
                "variant": variant,
                "plan_revision": revision,
            },
        )

    def appids_for_host(self, host_id: int) -> list[str]:
        return sorted(appid for (hid, appid) in self.listings if hid == host_id)

    def boundaries(self, after: float) -> list[tuple[float, int, str]]:
        """Future instants at which an answer changes by the clock alone (a plan's
        scheduled start or end, a rule's time window), as (time, host id, appid)."""
        found: list[tuple[float, int, str]] = []
        for (host_id, appid), entry in self.plans.items():
            plan = entry.compiled.plan
            instants = [
                plan.start_at.timestamp() if plan.start_at else None,
                plan.end_at.timestamp() if plan.end_at else None,
            ]
            for rule in plan.rules:
                window = rule.conditions.get("time") or {}
                instants += [_instant(window.get("from")), _instant(window.get("to"))]
            found += [(t, host_id, appid) for t in instants if t is not None and t > after]
        return sorted(found)

    def changed_appids(self, previous: DeliveryIndex, host_id: int) -> list[str]:
        """Appids of this host whose answers may differ between two indexes."""
        changed = []
        for appid in sorted(
            set(self.appids_for_host(host_id)) | set(previous.appids_for_host(host_id))
        ):
            if _app_state(self, host_id, appid) != _app_state(previous, host_id, appid):
                changed.append(appid)
        return changed


def _instant(value: str | None) -> float | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


def _app_state(index: DeliveryIndex, host_id: int, appid: str) -> Any:
    app = index.apps.get(appid)
    plan = index.plans.get((host_id, appid))
    host = index.hosts.get(host_id)
    return (
        host.enabled if host else None,
        index.listings.get((host_id, appid)),
        app
        and (
            app.status,
            tuple(sorted(app.versions.items())),
            app.latest_released,
            app.testers,
            app.allowed_domains,
        ),
        plan and (plan.plan_id, plan.revision, plan.compiled.paused),
    )


def _error(appid: str, code: str) -> Outcome:
    return Outcome(
        appid,
        False,
        {"appid": appid, "status": "error", "error": {"code": code, "message": ERRORS[code]}},
    )
