"""Operator: partner sign-ups waiting for approval, and the decisions taken."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from miniport.center.errors import ApiError
from miniport.center.services import orgs
from miniport.console.deps import DbSession, Form, Operator
from miniport.console.errors import ConsoleRoute, api_error_text
from miniport.console.forms import field, needs_confirmation
from miniport.console.i18n import translator_for
from miniport.console.rendering import render
from miniport.console.viewer import Viewer

router = APIRouter(route_class=ConsoleRoute, include_in_schema=False)


def _page(
    request: Request,
    db: DbSession,
    viewer: Viewer,
    status: int = 200,
    errors: dict[str, str] | None = None,
) -> Response:
    partners = [o for o in orgs.list_orgs(db, viewer.principal) if o.kind == "partner"]
    return render(
        request,
        "signups.html",
        status_code=status,
        pending=[o for o in partners if o.status == "pending"],
        decided=[o for o in partners if o.status != "pending"],
        errors=errors or {},
    )


@router.get("/console/signups")
def signups(request: Request, db: DbSession, viewer: Operator) -> Response:
    return _page(request, db, viewer)


@router.post("/console/signups/{slug}")
def decide(request: Request, slug: str, form: Form, db: DbSession, viewer: Operator) -> Response:
    action = field(form, "action")
    reason = field(form, "reason")
    if action == "reject":
        t = translator_for(request)
        if not reason:
            return _page(
                request,
                db,
                viewer,
                422,
                errors={slug: t("error.required", field=t("signups.reason"))},
            )
        org = orgs.get_org(db, viewer.principal, slug)
        ask = needs_confirmation(
            request, form, t("signups.reject_confirm", org=org.name), "/console/signups"
        )
        if ask is not None:
            return ask
    try:
        orgs.change_status(db, viewer.principal, slug, action, reason)
    except ApiError as exc:
        return _page(request, db, viewer, exc.status, errors={slug: api_error_text(request, exc)})
    notice = "signups.approved" if action == "approve" else "signups.rejected"
    return RedirectResponse(f"/console/signups?notice={notice}", status_code=303)
