"""Mini-programs: creation with a generated appid, metadata, status, trial testers."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from miniport.center import validation
from miniport.center.authz import Perm, Principal
from miniport.center.db import utcnow
from miniport.center.errors import Forbidden, Invalid, invalid_transition, not_found
from miniport.center.models import MiniProgram, Organization, TrialTester, Version
from miniport.center.services import audit
from miniport.center.services.orgs import get_org

APPID_PREFIX = "mp"
MAX_TAGS = 10
TRIAL_STATES = ("uploaded", "in_review", "approved", "released")
STATUS_ACTIONS = {"active": {"suspend": "suspended"}, "suspended": {"resume": "active"}}


def new_appid() -> str:
    """'mp' + 16 hex digits: stable, unguessable, and never reused."""
    return APPID_PREFIX + secrets.token_hex(8)


@dataclass
class AppFields:
    name: str | None = None
    icon: str | None = None
    description: str | None = None
    category: str | None = None
    tags: list[str] | None = None
    allowed_domains: list[str] | None = None


def _clean(fields: AppFields, *, creating: bool) -> dict[str, object]:
    out: dict[str, object] = {}
    if fields.name is not None or creating:
        out["name"] = validation.text(fields.name, "name", 60, required=True)
    if fields.icon is not None:
        icon = validation.text(fields.icon, "icon", 2000)
        if icon and not icon.startswith(("https://", "data:image/", "/")):
            raise Invalid(
                "invalid_icon",
                "The icon must be an https:// URL, a data:image URL or a path.",
                field="icon",
            )
        out["icon"] = icon
    if fields.description is not None:
        out["description"] = validation.text(fields.description, "description", 2000)
    if fields.category is not None:
        out["category"] = validation.text(fields.category, "category", 60)
    if fields.tags is not None:
        if len(fields.tags) > MAX_TAGS:
            raise Invalid("too_many_tags", f"Use at most {MAX_TAGS} tags.", field="tags")
        tags = [
            validation.text(t, f"tags[{i}]", 30, required=True) for i, t in enumerate(fields.tags)
        ]
        out["tags"] = list(dict.fromkeys(tags))
    if fields.allowed_domains is not None:
        out["allowed_domains"] = validation.request_domains(fields.allowed_domains)
    return out


def app_json(mp: MiniProgram) -> dict[str, object]:
    return {
        "appid": mp.appid,
        "org": mp.org.slug,
        "name": mp.name,
        "icon": mp.icon,
        "description": mp.description,
        "category": mp.category,
        "tags": list(mp.tags or []),
        "allowed_domains": list(mp.allowed_domains or []),
        "status": mp.status,
        "trial_version": _trial_version(mp),
        "created_at": mp.created_at.isoformat(),
        "updated_at": mp.updated_at.isoformat(),
    }


def _trial_version(mp: MiniProgram) -> str | None:
    if mp.trial_version_id is None:
        return None
    for v in mp.versions:
        if v.id == mp.trial_version_id:
            return v.version
    return None


def _default_org(principal: Principal) -> int:
    writable = [oid for oid in principal.roles if principal.can(Perm.APP_WRITE, oid)]
    if len(writable) == 1:
        return writable[0]
    if not writable:
        raise Forbidden(
            "forbidden",
            "You are not a developer, admin or owner of an approved organization.",
            {"permission": Perm.APP_WRITE.value},
        )
    raise Invalid(
        "org_required",
        "You belong to several organizations; say which one owns the mini-program.",
        field="org",
    )


def create(
    session: Session, principal: Principal, fields: AppFields, org_slug: str | None = None
) -> MiniProgram:
    if org_slug:
        org = get_org(session, principal, org_slug)
    else:
        found = session.get(Organization, _default_org(principal))
        if found is None:
            raise not_found("organization", "(default)")
        org = found
    principal.require(Perm.APP_WRITE, org.id)
    values = _clean(fields, creating=True)
    appid = new_appid()
    while session.scalar(select(MiniProgram.id).where(MiniProgram.appid == appid)):
        appid = new_appid()
    now = utcnow()
    mp = MiniProgram(appid=appid, org_id=org.id, created_at=now, updated_at=now, **values)
    session.add(mp)
    session.flush()
    audit.record(
        session,
        principal,
        "app.create",
        "mini_program",
        appid,
        org_id=org.id,
        after={k: v for k, v in values.items()},
    )
    session.commit()
    return mp


def list_apps(
    session: Session, principal: Principal, org_slug: str | None = None
) -> list[MiniProgram]:
    stmt = select(MiniProgram).order_by(MiniProgram.id)
    visible = principal.visible_org_ids()
    if visible is not None:
        stmt = stmt.where(MiniProgram.org_id.in_(visible))
    if org_slug:
        stmt = stmt.join(Organization).where(Organization.slug == org_slug)
    return list(session.scalars(stmt))


def get_app(
    session: Session, principal: Principal, appid: str, perm: Perm = Perm.APP_READ
) -> MiniProgram:
    """The mini-program if visible to the caller (404 otherwise), checked for `perm`."""
    mp = session.scalar(select(MiniProgram).where(MiniProgram.appid == appid))
    if mp is None or not principal.can(Perm.APP_READ, mp.org_id):
        raise not_found("mini_program", appid)
    principal.require(perm, mp.org_id)
    return mp


def update(session: Session, principal: Principal, appid: str, fields: AppFields) -> MiniProgram:
    mp = get_app(session, principal, appid, Perm.APP_WRITE)
    values = _clean(fields, creating=False)
    before = {k: getattr(mp, k) for k in values}
    changed = {k: v for k, v in values.items() if before[k] != v}
    if changed:
        for k, v in changed.items():
            setattr(mp, k, v)
        mp.updated_at = utcnow()
        audit.record(
            session,
            principal,
            "app.update",
            "mini_program",
            appid,
            org_id=mp.org_id,
            before={k: before[k] for k in changed},
            after=changed,
        )
        session.commit()
    return mp


def change_status(
    session: Session, principal: Principal, appid: str, action: str, reason: str = ""
) -> MiniProgram:
    """Suspend (take down everywhere at once) or resume; operator admins only."""
    mp = get_app(session, principal, appid)
    principal.require(Perm.PLATFORM_ADMIN)
    allowed = STATUS_ACTIONS.get(mp.status, {})
    if action not in allowed:
        target = "suspended" if action == "suspend" else "active"
        raise invalid_transition("Mini-program", appid, mp.status, target, sorted(allowed.values()))
    before = {"status": mp.status}
    mp.status = allowed[action]
    mp.updated_at = utcnow()
    audit.record(
        session,
        principal,
        f"app.{action}",
        "mini_program",
        appid,
        org_id=mp.org_id,
        before=before,
        after={"status": mp.status, "reason": reason},
    )
    session.commit()
    return mp


def set_trial(
    session: Session, principal: Principal, appid: str, version: str | None
) -> MiniProgram:
    """Make a version the trial version (体验版), or clear it with None."""
    mp = get_app(session, principal, appid, Perm.APP_WRITE)
    before = {"trial_version": _trial_version(mp)}
    if version is None:
        mp.trial_version_id = None
    else:
        v = session.scalar(
            select(Version).where(Version.mini_program_id == mp.id, Version.version == version)
        )
        if v is None:
            raise not_found("version", f"{appid}@{version}")
        if v.state not in TRIAL_STATES:
            raise Invalid(
                "invalid_trial_version",
                f"Version {version} is {v.state}; a trial version must be one of "
                f"{', '.join(TRIAL_STATES)}.",
                field="version",
            )
        mp.trial_version_id = v.id
    audit.record(
        session,
        principal,
        "app.trial",
        "mini_program",
        appid,
        org_id=mp.org_id,
        before=before,
        after={"trial_version": version},
    )
    session.commit()
    session.refresh(mp)
    return mp


def list_testers(session: Session, principal: Principal, appid: str) -> list[str]:
    mp = get_app(session, principal, appid)
    return sorted(t.identifier for t in mp.testers)


def set_testers(
    session: Session, principal: Principal, appid: str, identifiers: list[str]
) -> list[str]:
    """Replace the named testers who may open the trial version."""
    mp = get_app(session, principal, appid, Perm.APP_WRITE)
    clean = sorted(
        {validation.text(i, f"testers[{n}]", 254, required=True) for n, i in enumerate(identifiers)}
    )
    if len(clean) > 200:
        raise Invalid("too_many_testers", "Name at most 200 testers.", field="testers")
    before = sorted(t.identifier for t in mp.testers)
    if before != clean:
        keep = set(clean)
        for t in list(mp.testers):
            if t.identifier not in keep:
                mp.testers.remove(t)
        session.flush()  # deletes first, so a re-added identifier never collides
        for i in sorted(keep - set(before)):
            mp.testers.append(TrialTester(identifier=i, created_at=utcnow()))
        audit.record(
            session,
            principal,
            "app.testers",
            "mini_program",
            appid,
            org_id=mp.org_id,
            before={"testers": before},
            after={"testers": clean},
        )
        session.commit()
    return clean


def is_tester(session: Session, mini_program_id: int, identifier: str) -> bool:
    """For delivery: may this host user open the trial version?"""
    return (
        session.scalar(
            select(TrialTester.id).where(
                TrialTester.mini_program_id == mini_program_id, TrialTester.identifier == identifier
            )
        )
        is not None
    )
