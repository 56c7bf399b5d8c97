"""Build a `DeliveryIndex` from the database: the only place resolve's data is read.

A full rebuild reads a handful of tables once (hosts, keys, mini-programs, versions,
testers, listings, plans) and compiles every plan. With hundreds of mini-programs this
takes milliseconds, which is why delivery rebuilds everything on any change rather
than patching the index: there is one code path and it is always consistent.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from miniport.center.models import (
    HostApp,
    HostAppKey,
    Listing,
    MiniProgram,
    TrialTester,
    Version,
)
from miniport.delivery.compiled import (
    DELIVERABLE_STATES,
    AppEntry,
    DeliveryIndex,
    HostEntry,
    HostKey,
    PlanEntry,
    VersionInfo,
)
from miniport.delivery.models import ReleasePlan, ReleasePlanRevision
from miniport.delivery.rules import compile_plan, parse_plan, version_key

SecretOf = Callable[[HostAppKey], str]


def load_index(session: Session, secret_of: SecretOf, generation: int) -> DeliveryIndex:
    hosts = {h.id: HostEntry(h.id, h.name, h.enabled) for h in session.scalars(select(HostApp))}
    keys = {
        k.sdk_key: HostKey(
            sdk_key=k.sdk_key,
            host_id=k.host_app_id,
            secret=secret_of(k),
            expires_at=k.expires_at.timestamp() if k.expires_at else None,
            revoked_at=k.revoked_at.timestamp() if k.revoked_at else None,
        )
        for k in session.scalars(select(HostAppKey))
    }
    testers: dict[int, set[str]] = defaultdict(set)
    for tester in session.scalars(select(TrialTester)):
        testers[tester.mini_program_id].add(tester.identifier)
    programs = list(session.scalars(select(MiniProgram)))
    trial_ids = {mp.trial_version_id for mp in programs if mp.trial_version_id}
    versions: dict[int, dict[str, VersionInfo]] = defaultdict(dict)
    packages: dict[str, str] = {}
    released: dict[int, list[VersionInfo]] = defaultdict(list)
    for v in session.scalars(select(Version)):
        trial = v.id in trial_ids
        if v.state not in DELIVERABLE_STATES and not trial:
            continue
        info = VersionInfo(
            version=v.version,
            state=v.state,
            package_id=v.package_sha256,
            size=v.package_size,
            framework_version=_framework(v.manifest),
            trial=trial and v.state not in DELIVERABLE_STATES,
        )
        versions[v.mini_program_id][v.version] = info
        packages[v.package_sha256] = v.package_key
        if v.state == "released":
            released[v.mini_program_id].append(info)
    apps: dict[str, AppEntry] = {}
    by_id: dict[int, str] = {}
    for mp in programs:
        latest = max(released[mp.id], key=lambda i: version_key(i.version), default=None)
        apps[mp.appid] = AppEntry(
            mini_program_id=mp.id,
            appid=mp.appid,
            status=mp.status,
            allowed_domains=tuple(mp.allowed_domains or ()),
            versions=versions[mp.id],
            latest_released=latest.version if latest else None,
            testers=frozenset(testers[mp.id]),
        )
        by_id[mp.id] = mp.appid
    listings = {
        (listing.host_app_id, by_id[listing.mini_program_id]): listing.state
        for listing in session.scalars(select(Listing))
        if listing.mini_program_id in by_id
    }
    plans: dict[tuple[int, str], PlanEntry] = {}
    rows = session.execute(
        select(ReleasePlan, ReleasePlanRevision).join(
            ReleasePlanRevision,
            (ReleasePlanRevision.plan_id == ReleasePlan.id)
            & (ReleasePlanRevision.revision == ReleasePlan.revision),
        )
    )
    for plan, revision in rows:
        appid = by_id.get(plan.mini_program_id)
        if appid is None:
            continue
        parsed = parse_plan(revision.document, salt=plan.salt)
        plans[(plan.host_app_id, appid)] = PlanEntry(
            plan.id, plan.revision, compile_plan(parsed, paused=plan.paused)
        )
    return DeliveryIndex(
        generation=generation,
        hosts=hosts,
        keys=keys,
        apps=apps,
        listings=listings,
        plans=plans,
        packages=packages,
    )


def _framework(manifest: dict[str, Any] | None) -> str | None:
    value = (manifest or {}).get("framework")
    return value if isinstance(value, str) else None
