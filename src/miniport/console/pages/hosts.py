"""Operator: host apps (create, secret shown once, rotate, disable) and their listings."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from miniport.center.errors import ApiError
from miniport.center.models.hosts import PLATFORMS
from miniport.center.services import hosts, miniprograms
from miniport.console.deps import DbSession, Form, Operator
from miniport.console.errors import ConsoleRoute, api_error_text, field_errors
from miniport.console.forms import field, lines, needs_confirmation
from miniport.console.i18n import translator_for
from miniport.console.rendering import render
from miniport.console.viewer import Viewer

router = APIRouter(route_class=ConsoleRoute, include_in_schema=False)

HOST_FIELDS = ("name", "platforms", "bundle_ids", "web_origins")


def _fields(form: object) -> hosts.HostFields:
    return hosts.HostFields(
        name=field(form, "name"),  # type: ignore[arg-type]
        platforms=[p for p in form.getlist("platforms") if isinstance(p, str)],  # type: ignore[attr-defined]
        bundle_ids=lines(form, "bundle_ids"),  # type: ignore[arg-type]
        web_origins=lines(form, "web_origins"),  # type: ignore[arg-type]
    )


def _errors(request: Request, exc: ApiError) -> dict[str, str]:
    errors = field_errors(request, exc)
    return {re.sub(r"\[\d+\]$", "", k): v for k, v in errors.items()}


def _list(
    request: Request, db: DbSession, viewer: Viewer, status: int = 200, **extra: object
) -> Response:
    context: dict[str, object] = {
        "hosts": hosts.list_hosts(db, viewer.principal),
        "platforms": PLATFORMS,
        "errors": {},
        "values": {},
    }
    context.update(extra)
    return render(request, "hosts.html", status_code=status, **context)


@router.get("/console/hosts")
def host_list(request: Request, db: DbSession, viewer: Operator) -> Response:
    return _list(request, db, viewer)


@router.post("/console/hosts")
def create_host(request: Request, form: Form, db: DbSession, viewer: Operator) -> Response:
    fields = _fields(form)
    secret_key = request.app.state.console.ctx.secret_key
    try:
        host, key, secret = hosts.create_host(db, viewer.principal, fields, secret_key)
    except ApiError as exc:
        values = {
            "name": fields.name,
            "platforms": fields.platforms,
            "bundle_ids": "\n".join(fields.bundle_ids or []),
            "web_origins": "\n".join(fields.web_origins or []),
        }
        return _list(request, db, viewer, exc.status, errors=_errors(request, exc), values=values)
    return _detail(request, db, viewer, host.id, new_key=key.sdk_key, new_secret=secret)


def _detail(
    request: Request,
    db: DbSession,
    viewer: Viewer,
    host_id: int,
    status: int = 200,
    **extra: object,
) -> Response:
    host = hosts.get_host(db, viewer.principal, host_id)
    listings = {li.mini_program_id: li for li in hosts.list_listings(db, viewer.principal, host_id)}
    context: dict[str, object] = {
        "host": host,
        "platforms": PLATFORMS,
        "apps": miniprograms.list_apps(db, viewer.principal),
        "listings": listings,
        "errors": {},
        "listing_errors": {},
        "new_key": None,
        "new_secret": None,
    }
    context.update(extra)
    return render(request, "host.html", status_code=status, **context)


@router.get("/console/hosts/{host_id}")
def host_detail(request: Request, host_id: int, db: DbSession, viewer: Operator) -> Response:
    return _detail(request, db, viewer, host_id)


@router.post("/console/hosts/{host_id}")
def update_host(
    request: Request, host_id: int, form: Form, db: DbSession, viewer: Operator
) -> Response:
    try:
        hosts.update_host(db, viewer.principal, host_id, _fields(form))
    except ApiError as exc:
        return _detail(request, db, viewer, host_id, exc.status, errors=_errors(request, exc))
    return RedirectResponse(f"/console/hosts/{host_id}?notice=apps.saved", status_code=303)


@router.post("/console/hosts/{host_id}/enabled")
def set_enabled(
    request: Request, host_id: int, form: Form, db: DbSession, viewer: Operator
) -> Response:
    t = translator_for(request)
    enable = field(form, "enabled") == "yes"
    host = hosts.get_host(db, viewer.principal, host_id)
    if not enable:
        ask = needs_confirmation(
            request, form, t("hosts.disable_confirm", name=host.name), f"/console/hosts/{host_id}"
        )
        if ask is not None:
            return ask
    hosts.update_host(db, viewer.principal, host_id, hosts.HostFields(enabled=enable))
    notice = "hosts.enabled_notice" if enable else "hosts.disabled_notice"
    return RedirectResponse(f"/console/hosts/{host_id}?notice={notice}", status_code=303)


@router.post("/console/hosts/{host_id}/rotate")
def rotate(request: Request, host_id: int, form: Form, db: DbSession, viewer: Operator) -> Response:
    t = translator_for(request)
    host = hosts.get_host(db, viewer.principal, host_id)
    ask = needs_confirmation(
        request, form, t("hosts.rotate_confirm", name=host.name), f"/console/hosts/{host_id}"
    )
    if ask is not None:
        return ask
    try:
        hours = float(field(form, "overlap_hours") or 24)
    except ValueError:
        return _detail(
            request, db, viewer, host_id, 422, errors={"overlap_hours": t("error.number")}
        )
    secret_key = request.app.state.console.ctx.secret_key
    try:
        key, secret = hosts.rotate_key(
            db, viewer.principal, host_id, secret_key, timedelta(hours=hours)
        )
    except ApiError as exc:
        return _detail(
            request,
            db,
            viewer,
            host_id,
            exc.status,
            errors={"overlap_hours": api_error_text(request, exc)},
        )
    return _detail(request, db, viewer, host_id, new_key=key.sdk_key, new_secret=secret)


@router.post("/console/hosts/{host_id}/keys/{key_id}/revoke")
def revoke(
    request: Request, host_id: int, key_id: int, form: Form, db: DbSession, viewer: Operator
) -> Response:
    t = translator_for(request)
    host = hosts.get_host(db, viewer.principal, host_id)
    key = next((k for k in host.keys if k.id == key_id), None)
    ask = needs_confirmation(
        request,
        form,
        t("hosts.revoke_confirm", key=key.sdk_key if key else key_id),
        f"/console/hosts/{host_id}",
    )
    if ask is not None:
        return ask
    hosts.revoke_key(db, viewer.principal, host_id, key_id)
    return RedirectResponse(f"/console/hosts/{host_id}?notice=hosts.key_revoked", status_code=303)


@router.post("/console/hosts/{host_id}/listings/{appid}")
def set_listing(
    request: Request, host_id: int, appid: str, form: Form, db: DbSession, viewer: Operator
) -> Response:
    t = translator_for(request)
    listed = field(form, "listed") == "yes"
    if not listed:
        host = hosts.get_host(db, viewer.principal, host_id)
        mp = miniprograms.get_app(db, viewer.principal, appid)
        ask = needs_confirmation(
            request,
            form,
            t("listings.delist_confirm", app=mp.name, host=host.name),
            f"/console/hosts/{host_id}#listings",
        )
        if ask is not None:
            return ask
    try:
        hosts.set_listing(db, viewer.principal, host_id, appid, listed)
    except ApiError as exc:
        return _detail(
            request,
            db,
            viewer,
            host_id,
            exc.status,
            listing_errors={appid: api_error_text(request, exc)},
        )
    notice = "listings.listed" if listed else "listings.delisted"
    return RedirectResponse(f"/console/hosts/{host_id}?notice={notice}#listings", status_code=303)
