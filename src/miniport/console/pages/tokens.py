"""Personal API tokens: create (the value is shown once), list, revoke."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from miniport.center.authz import SCOPES
from miniport.center.errors import ApiError
from miniport.center.services import accounts
from miniport.console.deps import CurrentViewer, DbSession, Form
from miniport.console.errors import ConsoleRoute, field_errors, not_found
from miniport.console.forms import field, needs_confirmation
from miniport.console.i18n import translator_for
from miniport.console.rendering import render

router = APIRouter(route_class=ConsoleRoute, include_in_schema=False)


def _page(
    request: Request, db: DbSession, viewer: CurrentViewer, status: int = 200, **extra: object
) -> Response:
    context: dict[str, object] = {
        "tokens": accounts.list_tokens(db, viewer.principal),
        "scopes": SCOPES,
        "errors": {},
        "name": "",
        "chosen": ["read"],
        "expires": "",
        "new_token": None,
        "new_name": "",
    }
    context.update(extra)
    return render(request, "tokens.html", status_code=status, **context)


@router.get("/console/tokens")
def tokens(request: Request, db: DbSession, viewer: CurrentViewer) -> Response:
    return _page(request, db, viewer)


@router.post("/console/tokens")
def create_token(request: Request, form: Form, db: DbSession, viewer: CurrentViewer) -> Response:
    t = translator_for(request)
    name = field(form, "name")
    scopes = [s for s in form.getlist("scopes") if isinstance(s, str)]
    expires = field(form, "expires_in_days")
    again = {"name": name, "chosen": scopes, "expires": expires}
    if not name:
        return _page(
            request,
            db,
            viewer,
            422,
            errors={"name": t("error.required", field=t("tokens.name"))},
            **again,
        )
    try:
        days = int(expires) if expires else None
    except ValueError:
        return _page(
            request, db, viewer, 422, errors={"expires_in_days": t("error.number")}, **again
        )
    try:
        row, value = accounts.create_token(db, viewer.principal, name, scopes, days)
    except ApiError as exc:
        return _page(request, db, viewer, exc.status, errors=field_errors(request, exc), **again)
    return _page(request, db, viewer, new_token=value, new_name=row.name)


@router.post("/console/tokens/{token_id}/revoke")
def revoke_token(
    request: Request, token_id: int, form: Form, db: DbSession, viewer: CurrentViewer
) -> Response:
    mine = {row.id: row for row in accounts.list_tokens(db, viewer.principal)}
    if token_id not in mine:
        raise not_found()
    t = translator_for(request)
    ask = needs_confirmation(
        request, form, t("tokens.revoke_confirm", name=mine[token_id].name), "/console/tokens"
    )
    if ask is not None:
        return ask
    accounts.revoke_token(db, viewer.principal, token_id)
    return RedirectResponse("/console/tokens?notice=tokens.revoked_notice", status_code=303)
