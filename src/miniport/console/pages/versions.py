"""Versions of a mini-program: upload (with progress and compile errors), the version
page (manifest, warnings, findings, files), and the state changes a partner makes:
submit for review, cancel a submission, release an approved version, withdraw.

The upload answers JSON to the page script (which shows progress and puts errors next
to their fields) and HTML to a browser without JavaScript; both come from one handler.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from miniport.center.errors import ApiError
from miniport.center.services import versions
from miniport.console.deps import CurrentViewer, DbSession, Form
from miniport.console.errors import ConsoleRoute, api_error_text, field_errors
from miniport.console.forms import field, needs_confirmation, wants_json
from miniport.console.i18n import pick_language, translator_for
from miniport.console.pages.apps import detail_context
from miniport.console.rendering import render
from miniport.console.viewer import Viewer

router = APIRouter(route_class=ConsoleRoute, include_in_schema=False)

UPLOAD_FIELDS = ("version", "notes", "file")
PARTNER_ACTIONS = ("submit", "cancel", "release", "withdraw")
CONFIRM_ACTIONS = {"withdraw": "versions.withdraw_confirm", "release": "versions.release_confirm"}


def diagnostics_of(error: ApiError, lang: str = "en") -> list[dict[str, str]]:
    """Compile diagnostics as `FILE:LINE:COL message` rows, in the viewer's language."""
    details = error.details if isinstance(error.details, dict) else {}
    rows = []
    for d in details.get("diagnostics") or []:
        where = d.get("location") or ":".join(
            str(d[k]) for k in ("file", "line", "col") if d.get(k) is not None
        )
        text = d.get("message_zh") if lang == "zh-CN" and d.get("message_zh") else d.get("message")
        rows.append({"where": where or "?", "message": str(text or "")})
    return rows


def _upload_failed(
    request: Request,
    db: DbSession,
    viewer: Viewer,
    appid: str,
    error: ApiError,
    values: dict[str, str],
) -> Response:
    errors = field_errors(request, error, UPLOAD_FIELDS)
    diagnostics = diagnostics_of(
        error, pick_language(request, request.app.state.console.default_language)
    )
    if diagnostics:
        errors = {
            "file": translator_for(request)("versions.compile_failed", count=len(diagnostics))
        }
    if wants_json(request):
        return JSONResponse(
            {"errors": errors, "diagnostics": diagnostics}, status_code=error.status
        )
    context = detail_context(db, viewer, appid)
    context.update(upload_errors=errors, diagnostics=diagnostics, values=values)
    return render(request, "app.html", status_code=error.status, **context)


@router.post("/console/apps/{appid}/versions")
def upload(
    request: Request, appid: str, form: Form, db: DbSession, viewer: CurrentViewer
) -> Response:
    t = translator_for(request)
    values = {"version": field(form, "version"), "notes": field(form, "notes")}
    file = form.get("file")
    missing: dict[str, str] = {}
    if not values["version"]:
        missing["version"] = t("error.required", field=t("versions.version"))
    if not isinstance(file, UploadFile) or not file.filename:
        missing["file"] = t("versions.file_missing")
    if missing:
        if wants_json(request):
            return JSONResponse({"errors": missing, "diagnostics": []}, status_code=422)
        context = detail_context(db, viewer, appid)
        context.update(upload_errors=missing, values=values)
        return render(request, "app.html", status_code=422, **context)
    assert isinstance(file, UploadFile)
    data = file.file.read()
    kind = "mpk" if (file.filename or "").endswith(".mpk") else "auto"
    ctx = request.app.state.console.ctx
    try:
        row = versions.upload(
            db, ctx, viewer.principal, appid, values["version"], data, values["notes"], kind
        )
    except ApiError as exc:
        return _upload_failed(request, db, viewer, appid, exc, values)
    target = f"/console/apps/{appid}/versions/{row.version}?notice=versions.uploaded"
    if wants_json(request):
        return JSONResponse({"redirect": target})
    return RedirectResponse(target, status_code=303)


def _version_page(
    request: Request,
    db: DbSession,
    viewer: Viewer,
    appid: str,
    version: str,
    status: int = 200,
    errors: dict[str, str] | None = None,
) -> Response:
    v = versions.get_version(db, viewer.principal, appid, version)
    mp = v.mini_program
    can_write = viewer.principal.can(versions.Perm.APP_WRITE, mp.org_id)
    can_release = viewer.principal.can(versions.Perm.VERSION_RELEASE, mp.org_id)
    actions = [
        a
        for a in versions.allowed_actions(v.state)
        if a in PARTNER_ACTIONS and (can_release if a in ("release", "withdraw") else can_write)
    ]
    if (
        viewer.can_operate
        and "withdraw" in versions.allowed_actions(v.state)
        and "withdraw" not in actions
    ):
        actions.append("withdraw")
    return render(
        request,
        "version.html",
        status_code=status,
        app=mp,
        v=v,
        actions=actions,
        is_trial=mp.trial_version_id == v.id,
        errors=errors or {},
        can_review=viewer.can_review and v.state == "in_review",
    )


@router.get("/console/apps/{appid}/versions/{version}")
def version_page(
    request: Request, appid: str, version: str, db: DbSession, viewer: CurrentViewer
) -> Response:
    return _version_page(request, db, viewer, appid, version)


@router.post("/console/apps/{appid}/versions/{version}/{action}")
def change_state(
    request: Request,
    appid: str,
    version: str,
    action: str,
    form: Form,
    db: DbSession,
    viewer: CurrentViewer,
) -> Response:
    t = translator_for(request)
    back = f"/console/apps/{appid}/versions/{version}"
    if action not in PARTNER_ACTIONS:
        return _version_page(request, db, viewer, appid, version, 404)
    versions.get_version(db, viewer.principal, appid, version)  # 404 for strangers first
    reason = field(form, "reason")
    if action in CONFIRM_ACTIONS:
        ask = needs_confirmation(request, form, t(CONFIRM_ACTIONS[action], version=version), back)
        if ask is not None:
            return ask
    try:
        versions.transition(db, viewer.principal, appid, version, action, reason)
    except ApiError as exc:
        return _version_page(
            request,
            db,
            viewer,
            appid,
            version,
            exc.status,
            errors={"action": api_error_text(request, exc)},
        )
    return RedirectResponse(f"{back}?notice=versions.done.{action}", status_code=303)


def simulator_available() -> bool:
    """The runtime's container module is served at /runtime/ by the center when present."""
    from miniport.runtime import STATIC_DIR

    return (STATIC_DIR / "container" / "index.js").is_file()


@router.get("/console/apps/{appid}/versions/{version}/preview")
def preview(
    request: Request, appid: str, version: str, db: DbSession, viewer: CurrentViewer
) -> Response:
    v = versions.get_version(db, viewer.principal, appid, version)
    return render(
        request,
        "preview.html",
        app=v.mini_program,
        v=v,
        simulator=simulator_available(),
    )
