"""Host apps, their SDK keys (secret shown once, rotatable with overlap) and listings.

For delivery (which authenticates /sdk/v1 requests and must not query the database
on the hot path) the useful entry points are `sdk_secret(secret_key, key)` and
`active_keys(session)` / `listed_pairs(session)` to build its caches.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from miniport.center import validation
from miniport.center.authz import Perm, Principal
from miniport.center.db import utcnow
from miniport.center.errors import Conflict, Invalid, not_found
from miniport.center.models import HostApp, HostAppKey, Listing, MiniProgram, Version
from miniport.center.models.hosts import PLATFORMS
from miniport.center.services import audit
from miniport.center.services.miniprograms import get_app

DEFAULT_OVERLAP = timedelta(hours=24)
MAX_OVERLAP = timedelta(days=30)
KEY_PREFIX = "hk_"
SECRET_PREFIX = "hs_"


def sdk_secret(secret_key: str, key: HostAppKey) -> str:
    """The SDK secret of `key`: HMAC of the server secret over the key and its salt.

    Stable for the life of the key, never stored; the host receives it once.
    """
    mac = hmac.new(
        secret_key.encode(),
        f"miniport-sdk-secret\n{key.sdk_key}\n{key.secret_salt}".encode(),
        hashlib.sha256,
    ).digest()
    return SECRET_PREFIX + base64.urlsafe_b64encode(mac).decode().rstrip("=")


@dataclass
class HostFields:
    name: str | None = None
    platforms: list[str] | None = None
    bundle_ids: list[str] | None = None
    web_origins: list[str] | None = None
    enabled: bool | None = None


def _clean(session: Session, f: HostFields, current: HostApp | None) -> dict[str, object]:
    out: dict[str, object] = {}
    if f.name is not None or current is None:
        name = validation.text(f.name, "name", 120, required=True)
        clash = session.scalar(select(HostApp).where(HostApp.name == name))
        if clash is not None and clash is not current:
            raise Conflict("name_taken", f"A host app named '{name}' exists.", {"field": "name"})
        out["name"] = name
    if f.platforms is not None:
        for i, p in enumerate(f.platforms):
            if p not in PLATFORMS:
                raise Invalid(
                    "invalid_platform",
                    f"Unknown platform '{p}'; choose from {', '.join(PLATFORMS)}.",
                    field=f"platforms[{i}]",
                    allowed=list(PLATFORMS),
                )
        out["platforms"] = list(dict.fromkeys(f.platforms))
    if f.bundle_ids is not None:
        out["bundle_ids"] = list(
            dict.fromkeys(
                validation.bundle_id(b, f"bundle_ids[{i}]") for i, b in enumerate(f.bundle_ids)
            )
        )
    if f.web_origins is not None:
        out["web_origins"] = list(
            dict.fromkeys(
                validation.web_origin(o, f"web_origins[{i}]") for i, o in enumerate(f.web_origins)
            )
        )
    if f.enabled is not None:
        out["enabled"] = bool(f.enabled)
    return out


def key_json(k: HostAppKey, now: datetime | None = None) -> dict[str, object]:
    now = now or utcnow()
    return {
        "id": k.id,
        "sdk_key": k.sdk_key,
        "created_at": k.created_at.isoformat(),
        "expires_at": k.expires_at.isoformat() if k.expires_at else None,
        "revoked_at": k.revoked_at.isoformat() if k.revoked_at else None,
        "valid": k.is_valid_at(now),
    }


def host_json(h: HostApp) -> dict[str, object]:
    now = utcnow()
    return {
        "id": h.id,
        "name": h.name,
        "platforms": list(h.platforms or []),
        "bundle_ids": list(h.bundle_ids or []),
        "web_origins": list(h.web_origins or []),
        "enabled": h.enabled,
        "keys": [key_json(k, now) for k in h.keys],
        "created_at": h.created_at.isoformat(),
        "updated_at": h.updated_at.isoformat(),
    }


def _new_key(host: HostApp) -> HostAppKey:
    key = HostAppKey(
        sdk_key=KEY_PREFIX + secrets.token_hex(12),
        secret_salt=secrets.token_hex(16),
        created_at=utcnow(),
    )
    host.keys.append(key)
    return key


def create_host(
    session: Session, principal: Principal, fields: HostFields, secret_key: str
) -> tuple[HostApp, HostAppKey, str]:
    """Create a host app with its first SDK key; the secret is returned once."""
    principal.require(Perm.PLATFORM_ADMIN)
    values = _clean(session, fields, None)
    now = utcnow()
    host = HostApp(created_at=now, updated_at=now, **values)
    session.add(host)
    key = _new_key(host)
    session.flush()
    audit.record(
        session,
        principal,
        "host.create",
        "host_app",
        host.id,
        org_id=None,
        after={**values, "sdk_key": key.sdk_key},
    )
    session.commit()
    return host, key, sdk_secret(secret_key, key)


def list_hosts(session: Session, principal: Principal) -> list[HostApp]:
    principal.require(Perm.PLATFORM_READ)
    return list(session.scalars(select(HostApp).order_by(HostApp.id)))


def get_host(
    session: Session, principal: Principal, host_id: int, perm: Perm = Perm.PLATFORM_READ
) -> HostApp:
    principal.require(Perm.PLATFORM_READ)
    host = session.get(HostApp, host_id)
    if host is None:
        raise not_found("host_app", host_id)
    principal.require(perm)
    return host


def update_host(
    session: Session, principal: Principal, host_id: int, fields: HostFields
) -> HostApp:
    host = get_host(session, principal, host_id, Perm.PLATFORM_ADMIN)
    values = _clean(session, fields, host)
    before = {k: getattr(host, k) for k in values}
    changed = {k: v for k, v in values.items() if before[k] != v}
    if changed:
        for k, v in changed.items():
            setattr(host, k, v)
        host.updated_at = utcnow()
        audit.record(
            session,
            principal,
            "host.update",
            "host_app",
            host.id,
            org_id=None,
            before={k: before[k] for k in changed},
            after=changed,
        )
        session.commit()
    return host


def rotate_key(
    session: Session,
    principal: Principal,
    host_id: int,
    secret_key: str,
    overlap: timedelta = DEFAULT_OVERLAP,
) -> tuple[HostAppKey, str]:
    """Issue a new key; keys valid now stay valid for `overlap` more, then expire."""
    host = get_host(session, principal, host_id, Perm.PLATFORM_ADMIN)
    if overlap < timedelta(0) or overlap > MAX_OVERLAP:
        raise Invalid(
            "invalid_overlap",
            f"The overlap must be between 0 and {MAX_OVERLAP.days} days.",
            field="overlap_seconds",
        )
    now = utcnow()
    ends = now + overlap
    old = []
    for k in host.keys:
        if k.is_valid_at(now) and (k.expires_at is None or k.expires_at > ends):
            k.expires_at = ends
            old.append(k.sdk_key)
    key = _new_key(host)
    session.flush()
    audit.record(
        session,
        principal,
        "host.key_rotate",
        "host_app",
        host.id,
        org_id=None,
        before={"valid_keys": old},
        after={"new_key": key.sdk_key, "old_keys_expire_at": ends},
    )
    session.commit()
    return key, sdk_secret(secret_key, key)


def revoke_key(session: Session, principal: Principal, host_id: int, key_id: int) -> HostAppKey:
    host = get_host(session, principal, host_id, Perm.PLATFORM_ADMIN)
    key = next((k for k in host.keys if k.id == key_id), None)
    if key is None:
        raise not_found("sdk_key", key_id)
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        audit.record(
            session,
            principal,
            "host.key_revoke",
            "host_app",
            host.id,
            org_id=None,
            before={"sdk_key": key.sdk_key, "revoked": False},
            after={"revoked": True},
        )
        session.commit()
    return key


def active_keys(session: Session, now: datetime | None = None) -> list[tuple[HostApp, HostAppKey]]:
    """Every key valid now of an enabled host app (for delivery's cache)."""
    now = now or utcnow()
    rows = session.execute(
        select(HostApp, HostAppKey).join(HostAppKey).where(HostApp.enabled.is_(True))
    ).all()
    return [(h, k) for h, k in rows if k.is_valid_at(now)]


# ---- listings ---------------------------------------------------------------------


def listing_json(li: Listing) -> dict[str, object]:
    return {
        "host_app_id": li.host_app_id,
        "host_app": li.host_app.name,
        "appid": li.mini_program.appid,
        "name": li.mini_program.name,
        "state": li.state,
        "changed_at": li.changed_at.isoformat(),
    }


def set_listing(
    session: Session, principal: Principal, host_id: int, appid: str, listed: bool
) -> Listing:
    """List (上架) or delist (下架) a mini-program in a host app; takes effect at once."""
    host = get_host(session, principal, host_id, Perm.PLATFORM_ADMIN)
    mp = get_app(session, principal, appid)
    if listed and mp.status != "active":
        raise Conflict(
            "mini_program_suspended", f"{appid} is suspended; resume it before listing it."
        )
    if listed and not _has_approved(session, mp):
        raise Conflict(
            "no_approved_version",
            f"{appid} has no approved or released version yet; a mini-program can be listed "
            "once a version has passed review.",
        )
    li = session.scalar(
        select(Listing).where(Listing.host_app_id == host.id, Listing.mini_program_id == mp.id)
    )
    state = "listed" if listed else "delisted"
    before = {"state": li.state} if li else {"state": None}
    if li is None:
        if not listed:
            raise not_found("listing", f"{appid} in host {host_id}")
        li = Listing(host_app_id=host.id, mini_program_id=mp.id, state=state)
        session.add(li)
    elif li.state == state:
        return li
    li.state = state
    li.changed_at = utcnow()
    li.changed_by_id = principal.user_id
    session.flush()
    audit.record(
        session,
        principal,
        "listing.list" if listed else "listing.delist",
        "listing",
        f"{host.id}:{appid}",
        org_id=mp.org_id,
        before=before,
        after={"state": state, "host_app": host.name},
    )
    session.commit()
    session.refresh(li)
    return li


def _has_approved(session: Session, mp: MiniProgram) -> bool:
    return (
        session.scalar(
            select(Version.id).where(
                Version.mini_program_id == mp.id, Version.state.in_(("approved", "released"))
            )
        )
        is not None
    )


def list_listings(
    session: Session, principal: Principal, host_id: int | None = None, appid: str | None = None
) -> list[Listing]:
    stmt = select(Listing).join(MiniProgram).order_by(Listing.id)
    if appid is not None:
        mp = get_app(session, principal, appid)
        stmt = stmt.where(Listing.mini_program_id == mp.id)
    else:
        principal.require(Perm.PLATFORM_READ)
    if host_id is not None:
        if session.get(HostApp, host_id) is None:
            raise not_found("host_app", host_id)
        stmt = stmt.where(Listing.host_app_id == host_id)
    return list(session.scalars(stmt))


def listed_pairs(session: Session) -> set[tuple[int, str]]:
    """(host_app_id, appid) of every current listing of an active mini-program."""
    rows = session.execute(
        select(Listing.host_app_id, MiniProgram.appid)
        .join(MiniProgram)
        .where(Listing.state == "listed", MiniProgram.status == "active")
    ).all()
    return {(h, a) for h, a in rows}
