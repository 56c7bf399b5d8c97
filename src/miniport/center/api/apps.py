"""Mini-programs: create, list, read, update, suspend/resume, trial version and testers."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from miniport.center.deps import CurrentPrincipal, DbSession
from miniport.center.services import hosts, miniprograms
from miniport.center.services.miniprograms import AppFields

router = APIRouter(tags=["mini-programs"])


class AppIn(BaseModel):
    name: str = Field(max_length=200)
    org: str | None = Field(default=None, description="Owning org slug; default: your only org.")
    icon: str | None = None
    description: str | None = None
    category: str | None = None
    tags: list[str] | None = None
    allowed_domains: list[str] | None = None


class AppPatch(BaseModel):
    name: str | None = Field(default=None, max_length=200)
    icon: str | None = None
    description: str | None = None
    category: str | None = None
    tags: list[str] | None = None
    allowed_domains: list[str] | None = None


class ReasonIn(BaseModel):
    reason: str = Field(default="", max_length=4000)


class TrialIn(BaseModel):
    version: str | None


class TestersIn(BaseModel):
    testers: list[str]


def _fields(body: AppIn | AppPatch) -> AppFields:
    return AppFields(
        name=body.name,
        icon=body.icon,
        description=body.description,
        category=body.category,
        tags=body.tags,
        allowed_domains=body.allowed_domains,
    )


@router.post("/apps", status_code=201)
def create(body: AppIn, db: DbSession, who: CurrentPrincipal) -> dict[str, Any]:
    return miniprograms.app_json(miniprograms.create(db, who, _fields(body), body.org))


@router.get("/apps")
def list_apps(db: DbSession, who: CurrentPrincipal, org: str | None = None) -> list[dict[str, Any]]:
    return [miniprograms.app_json(m) for m in miniprograms.list_apps(db, who, org)]


@router.get("/apps/{appid}")
def get_app(appid: str, db: DbSession, who: CurrentPrincipal) -> dict[str, Any]:
    return miniprograms.app_json(miniprograms.get_app(db, who, appid))


@router.patch("/apps/{appid}")
def update(appid: str, body: AppPatch, db: DbSession, who: CurrentPrincipal) -> dict[str, Any]:
    return miniprograms.app_json(miniprograms.update(db, who, appid, _fields(body)))


@router.post("/apps/{appid}/suspend")
def suspend(appid: str, body: ReasonIn, db: DbSession, who: CurrentPrincipal) -> dict[str, Any]:
    """Operator admins: take a mini-program down everywhere at once."""
    return miniprograms.app_json(miniprograms.change_status(db, who, appid, "suspend", body.reason))


@router.post("/apps/{appid}/resume")
def resume(appid: str, body: ReasonIn, db: DbSession, who: CurrentPrincipal) -> dict[str, Any]:
    return miniprograms.app_json(miniprograms.change_status(db, who, appid, "resume", body.reason))


@router.put("/apps/{appid}/trial")
def set_trial(appid: str, body: TrialIn, db: DbSession, who: CurrentPrincipal) -> dict[str, Any]:
    return miniprograms.app_json(miniprograms.set_trial(db, who, appid, body.version))


@router.get("/apps/{appid}/testers")
def testers(appid: str, db: DbSession, who: CurrentPrincipal) -> dict[str, list[str]]:
    return {"testers": miniprograms.list_testers(db, who, appid)}


@router.put("/apps/{appid}/testers")
def set_testers(
    appid: str, body: TestersIn, db: DbSession, who: CurrentPrincipal
) -> dict[str, list[str]]:
    return {"testers": miniprograms.set_testers(db, who, appid, body.testers)}


@router.get("/apps/{appid}/listings")
def listings(appid: str, db: DbSession, who: CurrentPrincipal) -> list[dict[str, Any]]:
    return [hosts.listing_json(li) for li in hosts.list_listings(db, who, appid=appid)]
