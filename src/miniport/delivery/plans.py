"""The release-plan service: read, save, pause, resume, roll back — each audited.

Like the center's services these are plain functions over a session. They validate
everything before writing (the document with `rules.parse_plan`, then every version it
names against the database), write the new revision and the audit event in one
transaction, and commit. Routers and the CLI only shape input and output.

Authorization: reading needs `platform.read`, changing needs `platform.admin`
(operator admins); a release plan decides what every user of a host app runs.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from miniport.center.authz import Perm, Principal
from miniport.center.db import utcnow
from miniport.center.errors import Conflict, Invalid, not_found
from miniport.center.models import HostApp, Listing, MiniProgram, Version
from miniport.center.services import audit
from miniport.delivery.compiled import DELIVERABLE_STATES
from miniport.delivery.models import ReleasePlan, ReleasePlanRevision
from miniport.delivery.rules import Plan, PlanValidationError, parse_plan


@dataclass(frozen=True)
class PlanRef:
    mini_program: MiniProgram
    host: HostApp
    plan: ReleasePlan | None


def find_host(session: Session, host: str) -> HostApp:
    """A host app by id (digits) or by its unique name."""
    row = session.get(HostApp, int(host)) if host.isdigit() else None
    if row is None:
        row = session.scalar(select(HostApp).where(HostApp.name == host))
    if row is None:
        raise not_found("host_app", host)
    return row


def _ref(session: Session, appid: str, host: str) -> PlanRef:
    mp = session.scalar(select(MiniProgram).where(MiniProgram.appid == appid))
    if mp is None:
        raise not_found("mini_program", appid)
    host_row = find_host(session, host)
    plan = session.scalar(
        select(ReleasePlan).where(
            ReleasePlan.host_app_id == host_row.id, ReleasePlan.mini_program_id == mp.id
        )
    )
    return PlanRef(mp, host_row, plan)


def _current(session: Session, plan: ReleasePlan) -> ReleasePlanRevision:
    row = session.scalar(
        select(ReleasePlanRevision).where(
            ReleasePlanRevision.plan_id == plan.id, ReleasePlanRevision.revision == plan.revision
        )
    )
    assert row is not None, "a plan always has its current revision"
    return row


def plan_json(session: Session, ref: PlanRef) -> dict[str, Any]:
    listing = session.scalar(
        select(Listing.state).where(
            Listing.host_app_id == ref.host.id, Listing.mini_program_id == ref.mini_program.id
        )
    )
    out: dict[str, Any] = {
        "appid": ref.mini_program.appid,
        "host": {"id": ref.host.id, "name": ref.host.name},
        "listing": listing,
    }
    if ref.plan is None:
        out.update(revision=0, paused=False, paused_reason="", plan=None)
        return out
    current = _current(session, ref.plan)
    out.update(
        revision=ref.plan.revision,
        paused=ref.plan.paused,
        paused_reason=ref.plan.paused_reason,
        updated_at=ref.plan.updated_at.isoformat(),
        restored_from=current.restored_from,
        plan=current.document,
    )
    return out


def get_plan(session: Session, principal: Principal, appid: str, host: str) -> dict[str, Any]:
    principal.require(Perm.PLATFORM_READ)
    return plan_json(session, _ref(session, appid, host))


def list_plans(session: Session, principal: Principal, appid: str) -> list[dict[str, Any]]:
    principal.require(Perm.PLATFORM_READ)
    mp = session.scalar(select(MiniProgram).where(MiniProgram.appid == appid))
    if mp is None:
        raise not_found("mini_program", appid)
    plans = session.scalars(
        select(ReleasePlan).where(ReleasePlan.mini_program_id == mp.id).order_by(ReleasePlan.id)
    )
    return [
        plan_json(session, PlanRef(mp, session.get(HostApp, p.host_app_id), p))  # type: ignore[arg-type]
        for p in plans
    ]


def revisions(
    session: Session, principal: Principal, appid: str, host: str
) -> list[dict[str, Any]]:
    principal.require(Perm.PLATFORM_READ)
    ref = _ref(session, appid, host)
    if ref.plan is None:
        return []
    return [
        {
            "revision": r.revision,
            "created_at": r.created_at.isoformat(),
            "created_by": r.created_by,
            "restored_from": r.restored_from,
            "plan": r.document,
        }
        for r in ref.plan.revisions
    ]


def check_versions(session: Session, mp: MiniProgram, plan: Plan) -> None:
    """Refuse a plan naming a version that is not approved or released.

    The trial version (体验版) may be named only by rules restricted to user ids, and
    resolve further limits it to the mini-program's named testers.
    """
    rows = {
        v.version: v
        for v in session.scalars(select(Version).where(Version.mini_program_id == mp.id))
    }
    errors: list[tuple[str, str]] = []

    def check(version: str, where: str, user_ids_only: bool) -> None:
        row = rows.get(version)
        if row is None:
            errors.append((where, f"{mp.appid} has no version {version}; upload it first"))
        elif row.state in DELIVERABLE_STATES:
            return
        elif row.id == mp.trial_version_id:
            if not user_ids_only:
                errors.append(
                    (
                        where,
                        f"{version} is the trial version: add a user.id condition listing testers",
                    )
                )
        else:
            errors.append(
                (
                    where,
                    f"version {version} is {row.state}; only approved or released versions can be delivered",
                )
            )

    if plan.default_version:
        check(plan.default_version, "default_version", user_ids_only=False)
    for i, rule in enumerate(plan.rules):
        restricted = "user.id" in rule.conditions
        if rule.version:
            check(rule.version, f"rules[{i}].version", restricted)
        for j, variant in enumerate(rule.variants):
            check(variant.version, f"rules[{i}].variants[{j}].version", restricted)
    if errors:
        raise PlanValidationError(errors)


def invalid_plan(exc: PlanValidationError) -> Invalid:
    first_field, first_message = exc.errors[0]
    more = f" (and {len(exc.errors) - 1} more)" if len(exc.errors) > 1 else ""
    return Invalid(
        "invalid_plan",
        f"The release plan is invalid at {first_field}: {first_message}{more}. Fix it and save again.",
        field=first_field,
        errors=exc.as_details(),
    )


def _add_revision(
    session: Session,
    ref: PlanRef,
    document: dict[str, Any],
    actor: str,
    restored_from: int | None = None,
) -> ReleasePlan:
    plan = ref.plan
    now = utcnow()
    if plan is None:
        plan = ReleasePlan(
            host_app_id=ref.host.id,
            mini_program_id=ref.mini_program.id,
            revision=0,
            salt=document.get("salt") or secrets.token_hex(8),
            created_at=now,
            updated_at=now,
        )
        session.add(plan)
        session.flush()
    plan.revision += 1
    plan.updated_at = now
    session.add(
        ReleasePlanRevision(
            plan_id=plan.id,
            revision=plan.revision,
            document=document,
            restored_from=restored_from,
            created_at=now,
            created_by=actor,
        )
    )
    return plan


def save_plan(
    session: Session, principal: Principal, appid: str, host: str, document: Any
) -> dict[str, Any]:
    principal.require(Perm.PLATFORM_ADMIN)
    ref = _ref(session, appid, host)
    salt = ref.plan.salt if ref.plan else secrets.token_hex(8)
    try:
        plan = parse_plan(document, salt=salt)
        check_versions(session, ref.mini_program, plan)
    except PlanValidationError as exc:
        raise invalid_plan(exc) from None
    before = _current(session, ref.plan).document if ref.plan else None
    stored = _add_revision(session, ref, plan.to_json(), principal.email)
    stored.salt = plan.salt
    session.flush()
    audit.record(
        session,
        principal,
        "plan.update",
        "release_plan",
        f"{appid}@{ref.host.name}",
        org_id=ref.mini_program.org_id,
        before=before,
        after={"revision": stored.revision, **plan.to_json()},
    )
    session.commit()
    return plan_json(session, PlanRef(ref.mini_program, ref.host, stored))


def set_paused(
    session: Session,
    principal: Principal | audit.Actor,
    appid: str,
    host: str,
    paused: bool,
    reason: str = "",
    action: str | None = None,
) -> dict[str, Any]:
    """Pause (everyone gets the default version, rules kept) or resume a plan."""
    if isinstance(principal, Principal):
        principal.require(Perm.PLATFORM_ADMIN)
    ref = _ref(session, appid, host)
    if ref.plan is None:
        raise not_found("release_plan", f"{appid}@{host}")
    if ref.plan.paused == paused:
        state = "paused" if paused else "running"
        raise Conflict("plan_unchanged", f"The plan is already {state}.", {"paused": paused})
    ref.plan.paused = paused
    ref.plan.paused_reason = reason if paused else ""
    ref.plan.updated_at = utcnow()
    audit.record(
        session,
        principal,
        action or ("plan.pause" if paused else "plan.resume"),
        "release_plan",
        f"{appid}@{ref.host.name}",
        org_id=ref.mini_program.org_id,
        before={"paused": not paused},
        after={"paused": paused, "reason": reason},
    )
    session.commit()
    return plan_json(session, ref)


def rollback(
    session: Session, principal: Principal, appid: str, host: str, to_revision: int | None = None
) -> dict[str, Any]:
    """Make the previous plan current again (as a new revision, so history stays whole).

    "Previous" walks back through history: rolling back a revision that was itself a
    rollback to N goes to N-1, so repeated rollbacks keep going back, not back and forth.
    """
    principal.require(Perm.PLATFORM_ADMIN)
    ref = _ref(session, appid, host)
    if ref.plan is None:
        raise not_found("release_plan", f"{appid}@{host}")
    current = _current(session, ref.plan)
    if to_revision is None:
        to_revision = (current.restored_from or current.revision) - 1
    target = session.scalar(
        select(ReleasePlanRevision).where(
            ReleasePlanRevision.plan_id == ref.plan.id, ReleasePlanRevision.revision == to_revision
        )
    )
    if target is None or to_revision >= ref.plan.revision:
        raise Conflict(
            "no_previous_plan",
            f"There is no earlier revision {to_revision} to roll back to; see the plan's revisions.",
            {"current_revision": ref.plan.revision},
        )
    try:
        # The versions it names may have been withdrawn since.
        check_versions(session, ref.mini_program, parse_plan(target.document, salt=ref.plan.salt))
    except PlanValidationError as exc:
        raise invalid_plan(exc) from None
    stored = _add_revision(
        session, ref, target.document, principal.email, restored_from=to_revision
    )
    session.flush()
    audit.record(
        session,
        principal,
        "plan.rollback",
        "release_plan",
        f"{appid}@{ref.host.name}",
        org_id=ref.mini_program.org_id,
        before={"revision": current.revision, **current.document},
        after={"revision": stored.revision, "restored_from": to_revision, **target.document},
    )
    session.commit()
    return plan_json(session, PlanRef(ref.mini_program, ref.host, stored))


def delete_plan(session: Session, principal: Principal, appid: str, host: str) -> None:
    """Remove the plan and its history: hosts get the latest released version again.

    The audit event keeps the last plan, so the deletion itself is never lost.
    """
    principal.require(Perm.PLATFORM_ADMIN)
    ref = _ref(session, appid, host)
    if ref.plan is None:
        raise not_found("release_plan", f"{appid}@{host}")
    last = _current(session, ref.plan).document
    audit.record(
        session,
        principal,
        "plan.delete",
        "release_plan",
        f"{appid}@{ref.host.name}",
        org_id=ref.mini_program.org_id,
        before={"revision": ref.plan.revision, **last},
        after=None,
    )
    session.delete(ref.plan)
    session.commit()
