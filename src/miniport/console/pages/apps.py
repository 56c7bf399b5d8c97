"""Mini-programs: the list, creation, and the detail page (info, icon, domains, testers).

Icons are stored as content-addressed blobs in the center's storage and served from
`/console/icons/<sha256>`; only raster images recognised by their magic bytes are
accepted (never SVG, which can carry script).
"""

from __future__ import annotations

import re

from fastapi import APIRouter
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from miniport.center.errors import ApiError
from miniport.center.services import miniprograms
from miniport.center.storage import sha256_hex
from miniport.console.deps import CurrentViewer, DbSession, Form
from miniport.console.errors import ConsoleRoute, api_error_text, field_errors, not_found
from miniport.console.forms import field, lines, needs_confirmation
from miniport.console.i18n import translator_for
from miniport.console.rendering import render
from miniport.console.viewer import Viewer

router = APIRouter(route_class=ConsoleRoute, include_in_schema=False)

ICON_LIMIT = 256 * 1024
ICON_TYPES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
APP_FIELDS = ("name", "description", "category", "tags", "allowed_domains", "icon")


def icon_type(data: bytes) -> str | None:
    """The image type of an upload by its first bytes, or None if it is not one we serve."""
    for magic, mime in ICON_TYPES:
        if data.startswith(magic):
            return mime
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def _list(
    request: Request, db: DbSession, viewer: Viewer, status: int = 200, **extra: object
) -> Response:
    apps = miniprograms.list_apps(db, viewer.principal)
    context: dict[str, object] = {
        "apps": apps,
        "show_org": viewer.can_see_platform,
        # the operator's own organization publishes mini-programs too (its own apps)
        "can_create": viewer.can_develop,
        "errors": {},
        "values": {},
    }
    context.update(extra)
    return render(request, "apps.html", status_code=status, **context)


@router.get("/console/apps")
def apps(request: Request, db: DbSession, viewer: CurrentViewer) -> Response:
    return _list(request, db, viewer)


@router.post("/console/apps")
def create_app(request: Request, form: Form, db: DbSession, viewer: CurrentViewer) -> Response:
    values = {name: field(form, name) for name in ("name", "description", "category")}
    try:
        mp = miniprograms.create(
            db,
            viewer.principal,
            miniprograms.AppFields(
                name=values["name"], description=values["description"], category=values["category"]
            ),
            org_slug=viewer.org.slug if viewer.org else None,
        )
    except ApiError as exc:
        errors = field_errors(request, exc, ("name", "description", "category"))
        return _list(request, db, viewer, exc.status, errors=errors, values=values)
    return RedirectResponse(f"/console/apps/{mp.appid}?notice=apps.created", status_code=303)


def detail_context(db: DbSession, viewer: Viewer, appid: str) -> dict[str, object]:
    """What the mini-program page shows; raises the center's 404 for apps the viewer may not see."""
    mp = miniprograms.get_app(db, viewer.principal, appid)
    versions = sorted(mp.versions, key=lambda v: v.id, reverse=True)
    return {
        "app": mp,
        "versions": versions,
        "testers": miniprograms.list_testers(db, viewer.principal, appid),
        "trial": next((v for v in versions if v.id == mp.trial_version_id), None),
        "can_edit": viewer.principal.can(miniprograms.Perm.APP_WRITE, mp.org_id),
        "errors": {},
        "values": {},
        "upload_errors": {},
        "diagnostics": [],
    }


def _detail(
    request: Request, db: DbSession, viewer: Viewer, appid: str, status: int = 200, **extra: object
) -> Response:
    context = detail_context(db, viewer, appid)
    context.update(extra)
    return render(request, "app.html", status_code=status, **context)


@router.get("/console/apps/{appid}")
def app_detail(request: Request, appid: str, db: DbSession, viewer: CurrentViewer) -> Response:
    return _detail(request, db, viewer, appid)


@router.post("/console/apps/{appid}")
def update_app(
    request: Request, appid: str, form: Form, db: DbSession, viewer: CurrentViewer
) -> Response:
    fields = miniprograms.AppFields(
        name=field(form, "name"),
        description=field(form, "description"),
        category=field(form, "category"),
        tags=lines(form, "tags"),
        allowed_domains=[d for d in re.split(r"\s+", field(form, "allowed_domains")) if d],
    )
    try:
        miniprograms.update(db, viewer.principal, appid, fields)
    except ApiError as exc:
        errors = field_errors(request, exc)
        # list items come back as "allowed_domains[2]": show them by the textarea
        errors = {re.sub(r"\[\d+\]$", "", k): v for k, v in errors.items()}
        shown = {
            "name": fields.name,
            "description": fields.description,
            "category": fields.category,
            "tags": ", ".join(fields.tags or []),
            "allowed_domains": "\n".join(fields.allowed_domains or []),
        }
        return _detail(request, db, viewer, appid, exc.status, errors=errors, values=shown)
    return RedirectResponse(f"/console/apps/{appid}?notice=apps.saved", status_code=303)


@router.post("/console/apps/{appid}/icon")
def upload_icon(
    request: Request, appid: str, form: Form, db: DbSession, viewer: CurrentViewer
) -> Response:
    t = translator_for(request)
    upload = form.get("icon")
    problem: str | None = None
    data = b""
    if not isinstance(upload, UploadFile) or not upload.filename:
        problem = t("apps.icon_missing")
    else:
        data = upload.file.read(ICON_LIMIT + 1)
        if len(data) > ICON_LIMIT:
            problem = t("apps.icon_too_big")
        elif icon_type(data) is None:
            problem = t("apps.icon_bad_type")
    if problem:
        miniprograms.get_app(db, viewer.principal, appid)  # 404 before any hint
        return _detail(request, db, viewer, appid, 422, errors={"icon": problem})
    miniprograms.get_app(db, viewer.principal, appid, miniprograms.Perm.APP_WRITE)
    digest = sha256_hex(data)
    storage = request.app.state.console.ctx.storage
    key = f"console/icons/{digest}"
    if not storage.exists(key):
        storage.put(key, data, digest)
    miniprograms.update(
        db, viewer.principal, appid, miniprograms.AppFields(icon=f"/console/icons/{digest}")
    )
    return RedirectResponse(f"/console/apps/{appid}?notice=apps.icon_saved", status_code=303)


@router.get("/console/icons/{digest}")
def icon(request: Request, digest: str) -> Response:
    """Icons are public (hosts show them in app lists) and immutable, so cache forever."""
    if not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise not_found()
    storage = request.app.state.console.ctx.storage
    key = f"console/icons/{digest}"
    if not storage.exists(key):
        raise not_found()
    data = storage.get(key)
    return Response(
        data,
        media_type=icon_type(data) or "application/octet-stream",
        headers={
            "Cache-Control": "public, max-age=31536000, immutable",
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.post("/console/apps/{appid}/testers")
def set_testers(
    request: Request, appid: str, form: Form, db: DbSession, viewer: CurrentViewer
) -> Response:
    try:
        miniprograms.set_testers(db, viewer.principal, appid, lines(form, "testers"))
    except ApiError as exc:
        return _detail(
            request,
            db,
            viewer,
            appid,
            exc.status,
            errors={"testers": field_errors(request, exc).popitem()[1]},
        )
    return RedirectResponse(
        f"/console/apps/{appid}?notice=apps.testers_saved#testers", status_code=303
    )


@router.post("/console/apps/{appid}/trial")
def set_trial(
    request: Request, appid: str, form: Form, db: DbSession, viewer: CurrentViewer
) -> Response:
    version = field(form, "version") or None
    try:
        miniprograms.set_trial(db, viewer.principal, appid, version)
    except ApiError as exc:
        return _detail(
            request,
            db,
            viewer,
            appid,
            exc.status,
            errors={"trial": field_errors(request, exc).popitem()[1]},
        )
    return RedirectResponse(
        f"/console/apps/{appid}?notice=apps.trial_saved#versions", status_code=303
    )


@router.post("/console/apps/{appid}/status")
def change_status(
    request: Request, appid: str, form: Form, db: DbSession, viewer: CurrentViewer
) -> Response:
    """Operator take-down: suspending stops the mini-program in every host app at once."""
    t = translator_for(request)
    action = field(form, "action")
    mp = miniprograms.get_app(db, viewer.principal, appid)
    if action == "suspend":
        ask = needs_confirmation(
            request, form, t("apps.suspend_confirm", name=mp.name), f"/console/apps/{appid}"
        )
        if ask is not None:
            return ask
    try:
        miniprograms.change_status(db, viewer.principal, appid, action, field(form, "reason"))
    except ApiError as exc:
        return _detail(
            request, db, viewer, appid, exc.status, errors={"status": api_error_text(request, exc)}
        )
    return RedirectResponse(f"/console/apps/{appid}?notice=apps.status_{action}", status_code=303)
