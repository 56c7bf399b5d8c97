"""Host apps, SDK keys and listings (operator admins)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from miniport.center.deps import Ctx, CurrentPrincipal, DbSession
from miniport.center.services import hosts
from miniport.center.services.hosts import HostFields

router = APIRouter(tags=["host apps"])


class HostIn(BaseModel):
    name: str = Field(max_length=200)
    platforms: list[str] = Field(default_factory=list)
    bundle_ids: list[str] = Field(default_factory=list)
    web_origins: list[str] = Field(default_factory=list)
    enabled: bool = True


class HostPatch(BaseModel):
    name: str | None = Field(default=None, max_length=200)
    platforms: list[str] | None = None
    bundle_ids: list[str] | None = None
    web_origins: list[str] | None = None
    enabled: bool | None = None


class RotateIn(BaseModel):
    overlap_seconds: int = Field(default=int(hosts.DEFAULT_OVERLAP.total_seconds()), ge=0)


def _fields(b: HostIn | HostPatch) -> HostFields:
    return HostFields(
        name=b.name,
        platforms=b.platforms,
        bundle_ids=b.bundle_ids,
        web_origins=b.web_origins,
        enabled=b.enabled,
    )


def _with_secret(key: Any, secret: str) -> dict[str, Any]:
    return {
        **hosts.key_json(key),
        "secret": secret,
        "notice": "Store this secret now; it is not shown again.",
    }


@router.post("/hosts", status_code=201)
def create(body: HostIn, db: DbSession, ctx: Ctx, who: CurrentPrincipal) -> dict[str, Any]:
    """Create a host app; the response holds its first SDK key and secret (shown once)."""
    host, key, secret = hosts.create_host(db, who, _fields(body), ctx.secret_key)
    return {**hosts.host_json(host), "new_key": _with_secret(key, secret)}


@router.get("/hosts")
def list_hosts(db: DbSession, who: CurrentPrincipal) -> list[dict[str, Any]]:
    return [hosts.host_json(h) for h in hosts.list_hosts(db, who)]


@router.get("/hosts/{host_id}")
def get_host(host_id: int, db: DbSession, who: CurrentPrincipal) -> dict[str, Any]:
    return hosts.host_json(hosts.get_host(db, who, host_id))


@router.patch("/hosts/{host_id}")
def update(host_id: int, body: HostPatch, db: DbSession, who: CurrentPrincipal) -> dict[str, Any]:
    return hosts.host_json(hosts.update_host(db, who, host_id, _fields(body)))


@router.post("/hosts/{host_id}/keys/rotate", status_code=201)
def rotate(
    host_id: int, body: RotateIn, db: DbSession, ctx: Ctx, who: CurrentPrincipal
) -> dict[str, Any]:
    """New SDK key + secret (shown once); current keys expire after the overlap."""
    key, secret = hosts.rotate_key(
        db, who, host_id, ctx.secret_key, timedelta(seconds=body.overlap_seconds)
    )
    return _with_secret(key, secret)


@router.delete("/hosts/{host_id}/keys/{key_id}")
def revoke(host_id: int, key_id: int, db: DbSession, who: CurrentPrincipal) -> dict[str, Any]:
    return hosts.key_json(hosts.revoke_key(db, who, host_id, key_id))


@router.get("/hosts/{host_id}/listings")
def listings(host_id: int, db: DbSession, who: CurrentPrincipal) -> list[dict[str, Any]]:
    return [hosts.listing_json(li) for li in hosts.list_listings(db, who, host_id=host_id)]


@router.put("/hosts/{host_id}/listings/{appid}")
def list_app(host_id: int, appid: str, db: DbSession, who: CurrentPrincipal) -> dict[str, Any]:
    """List (上架) a mini-program in this host app."""
    return hosts.listing_json(hosts.set_listing(db, who, host_id, appid, True))


@router.delete("/hosts/{host_id}/listings/{appid}")
def delist(host_id: int, appid: str, db: DbSession, who: CurrentPrincipal) -> dict[str, Any]:
    """Delist (下架): new launches in this host stop at once."""
    return hosts.listing_json(hosts.set_listing(db, who, host_id, appid, False))
