"""Versions: upload, list, read, state transitions, review view, downloads."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from miniport.center.deps import Ctx, CurrentPrincipal, DbSession
from miniport.center.errors import PayloadTooLarge
from miniport.center.services import versions

router = APIRouter(tags=["versions"])

MAX_UPLOAD_BYTES = 256 * 1024 * 1024


class ReasonIn(BaseModel):
    reason: str = Field(default="", max_length=4000)


async def _read_limited(file: UploadFile) -> bytes:
    chunks, size = [], 0
    while chunk := await file.read(1024 * 1024):
        size += len(chunk)
        if size > MAX_UPLOAD_BYTES:
            raise PayloadTooLarge(
                "upload_too_large",
                f"The upload is over {MAX_UPLOAD_BYTES // (1024 * 1024)} MiB; remove large "
                "assets or serve them from a CDN.",
                {"field": "file", "limit": MAX_UPLOAD_BYTES},
            )
        chunks.append(chunk)
    return b"".join(chunks)


@router.post("/apps/{appid}/versions", status_code=201)
async def upload(
    appid: str,
    db: DbSession,
    ctx: Ctx,
    who: CurrentPrincipal,
    file: Annotated[UploadFile, File(description="A source zip or a built .mpk")],
    version: Annotated[str, Form(description="Semantic version, e.g. 1.2.0")],
    notes: Annotated[str, Form()] = "",
    kind: Annotated[str, Form(description="auto, source or mpk")] = "auto",
) -> dict[str, Any]:
    """Upload a version; everything is validated (and sources compiled) before storing."""
    data = await _read_limited(file)
    row = await run_in_threadpool(versions.upload, db, ctx, who, appid, version, data, notes, kind)
    return versions.version_json(row)


@router.get("/apps/{appid}/versions")
def list_versions(appid: str, db: DbSession, who: CurrentPrincipal) -> list[dict[str, Any]]:
    return [versions.version_json(v) for v in versions.list_versions(db, who, appid)]


@router.get("/apps/{appid}/versions/{version}")
def get_version(appid: str, version: str, db: DbSession, who: CurrentPrincipal) -> dict[str, Any]:
    return versions.version_json(versions.get_version(db, who, appid, version))


@router.get("/apps/{appid}/versions/{version}/review")
def review(
    appid: str, version: str, db: DbSession, ctx: Ctx, who: CurrentPrincipal
) -> dict[str, Any]:
    """Manifest, file tree, diff against the last released version, domains, APIs, findings."""
    return versions.review_view(db, ctx, who, appid, version)


@router.get("/apps/{appid}/versions/{version}/package")
def package(appid: str, version: str, db: DbSession, ctx: Ctx, who: CurrentPrincipal) -> Response:
    data, name = versions.download(db, ctx, who, appid, version, "package")
    return Response(
        data,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/apps/{appid}/versions/{version}/source")
def source(appid: str, version: str, db: DbSession, ctx: Ctx, who: CurrentPrincipal) -> Response:
    data, name = versions.download(db, ctx, who, appid, version, "source")
    return Response(
        data,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _transition(action: str) -> Any:
    def handler(
        appid: str, version: str, body: ReasonIn, db: DbSession, who: CurrentPrincipal
    ) -> dict[str, Any]:
        return versions.version_json(
            versions.transition(db, who, appid, version, action, body.reason)
        )

    handler.__name__ = f"version_{action}"
    t = versions.TRANSITIONS[action]
    handler.__doc__ = f"{' / '.join(t.source)} → {t.target}."
    return handler


for _action in versions.TRANSITIONS:
    router.add_api_route(
        f"/apps/{{appid}}/versions/{{version}}/{_action}", _transition(_action), methods=["POST"]
    )


@router.get("/review/queue")
def queue(db: DbSession, who: CurrentPrincipal) -> list[dict[str, Any]]:
    """Versions waiting for review, oldest submission first (reviewers only)."""
    return [versions.version_json(v) for v in versions.review_queue(db, who)]
