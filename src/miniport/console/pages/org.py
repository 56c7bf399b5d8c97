"""The viewer's organization: profile, members and roles, invitations."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from miniport.center.errors import ApiError
from miniport.center.models.orgs import ROLES
from miniport.center.services import orgs
from miniport.console.deps import CurrentViewer, DbSession, Form, MaybeViewer
from miniport.console.errors import ConsoleRoute, api_error_text, field_errors, not_found
from miniport.console.forms import field, needs_confirmation
from miniport.console.i18n import translator_for
from miniport.console.rendering import render
from miniport.console.viewer import ORG_COOKIE, Viewer

router = APIRouter(route_class=ConsoleRoute, include_in_schema=False)


def _slug(viewer: Viewer) -> str:
    if viewer.org is None:
        raise not_found()
    return viewer.org.slug


def _page(
    request: Request, db: DbSession, viewer: Viewer, status: int = 200, **extra: object
) -> Response:
    slug = _slug(viewer)
    org = orgs.get_org(db, viewer.principal, slug)
    can_manage = viewer.can_manage_org
    roles = [r for r in ROLES if r != "reviewer" or org.kind == "operator"]
    context: dict[str, object] = {
        "org": org,
        "members": orgs.list_members(db, viewer.principal, slug),
        "invitations": orgs.list_invitations(db, viewer.principal, slug) if can_manage else [],
        "can_manage": can_manage,
        "roles": roles,
        "errors": {},
        "member_errors": {},
        "values": {},
        "invite_link": None,
        "invite_email": "",
    }
    context.update(extra)
    return render(request, "org.html", status_code=status, **context)


@router.get("/console/org")
def org_page(request: Request, db: DbSession, viewer: CurrentViewer) -> Response:
    return _page(request, db, viewer)


@router.post("/console/org/invite")
def invite(request: Request, form: Form, db: DbSession, viewer: CurrentViewer) -> Response:
    values = {"identifier": field(form, "identifier"), "role": field(form, "role")}
    try:
        inv, token = orgs.invite(
            db, viewer.principal, _slug(viewer), values["identifier"], values["role"]
        )
    except ApiError as exc:
        return _page(
            request,
            db,
            viewer,
            exc.status,
            values=values,
            errors=field_errors(request, exc, ("identifier", "role")),
        )
    link = str(request.url_for("invitation_page")) + "?token=" + token
    return _page(request, db, viewer, invite_link=link, invite_email=inv.identifier)


@router.post("/console/org/members/role")
def change_role(request: Request, form: Form, db: DbSession, viewer: CurrentViewer) -> Response:
    email = field(form, "email")
    try:
        orgs.change_role(db, viewer.principal, _slug(viewer), email, field(form, "role"))
    except ApiError as exc:
        return _page(
            request, db, viewer, exc.status, member_errors={email: api_error_text(request, exc)}
        )
    return RedirectResponse("/console/org?notice=org.role_changed#members", status_code=303)


@router.post("/console/org/members/remove")
def remove_member(request: Request, form: Form, db: DbSession, viewer: CurrentViewer) -> Response:
    t = translator_for(request)
    email = field(form, "email")
    ask = needs_confirmation(
        request, form, t("org.remove_confirm", email=email, org=viewer.org_name), "/console/org"
    )
    if ask is not None:
        return ask
    try:
        orgs.remove_member(db, viewer.principal, _slug(viewer), email)
    except ApiError as exc:
        return _page(
            request, db, viewer, exc.status, member_errors={email: api_error_text(request, exc)}
        )
    if email == viewer.email:
        return RedirectResponse("/console/login", status_code=303)
    return RedirectResponse("/console/org?notice=org.member_removed#members", status_code=303)


@router.post("/console/org/invitations/{inv_id}/revoke")
def revoke_invitation(
    request: Request, inv_id: int, form: Form, db: DbSession, viewer: CurrentViewer
) -> Response:
    t = translator_for(request)
    pending = {i.id: i for i in orgs.list_invitations(db, viewer.principal, _slug(viewer))}
    if inv_id not in pending:
        raise not_found()
    ask = needs_confirmation(
        request,
        form,
        t("org.invite_revoke_confirm", email=pending[inv_id].identifier),
        "/console/org",
    )
    if ask is not None:
        return ask
    orgs.revoke_invitation(db, viewer.principal, _slug(viewer), inv_id)
    return RedirectResponse("/console/org?notice=org.invite_withdrawn", status_code=303)


@router.get("/console/invite", name="invitation_page")
def invitation_page(request: Request, viewer: MaybeViewer, token: str = "") -> Response:
    return render(request, "invite.html", token=token, errors={}, signed_in=viewer is not None)


@router.post("/console/invite")
def accept_invitation(request: Request, form: Form, db: DbSession, viewer: MaybeViewer) -> Response:
    token = field(form, "token")
    try:
        orgs.accept_invitation(
            db,
            viewer.principal if viewer else None,
            token,
            password=field(form, "password") or None,
            display_name=field(form, "display_name"),
        )
    except ApiError as exc:
        return render(
            request,
            "invite.html",
            status_code=exc.status,
            token=token,
            errors=field_errors(request, exc, ("password",)),
            signed_in=viewer is not None,
        )
    target = "/console/org" if viewer else "/console/login"
    return RedirectResponse(target + "?notice=invite.accepted", status_code=303)


@router.get("/console/org/switch")
def switch_org(request: Request, viewer: CurrentViewer, to: str = "") -> Response:
    """Show another of the viewer's organizations (a preference cookie, like the language)."""
    if to not in {role.slug for role in viewer.orgs}:
        raise not_found()
    response = RedirectResponse("/console/apps", status_code=303)
    response.set_cookie(
        ORG_COOKIE,
        to,
        max_age=365 * 86400,
        samesite="lax",
        path="/",
        secure=request.url.scheme == "https",
    )
    return response
