"""FastAPI dependencies for console pages: the viewer, a CSRF-checked form, role guards.

    @router.post("/console/things")
    def create_thing(request: Request, form: Form, db: DbSession, viewer: CurrentViewer): ...

Handlers are plain (sync) functions so the center's blocking service calls run in the
thread pool; only reading the request body is async, in `checked_form`. The database
session is the center's own request dependency (`miniport.center.deps.DbSession`).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from starlette.datastructures import FormData
from starlette.requests import Request

from miniport.center.deps import DbSession
from miniport.center.errors import Unauthorized
from miniport.center.models import Organization, User
from miniport.center.services import accounts
from miniport.console.errors import SignInRequired, forbidden
from miniport.console.forms import posted
from miniport.console.security import SESSION_COOKIE
from miniport.console.viewer import ORG_COOKIE, Viewer, primary_org

__all__ = ["CurrentViewer", "DbSession", "Form", "MaybeViewer", "Operator", "Reviewer"]


async def checked_form(request: Request) -> FormData:
    """The posted form, refused with a CSRF error page unless its token is valid."""
    return await posted(request)


def optional_viewer(request: Request, db: DbSession) -> Viewer | None:
    """The signed-in viewer, or None; a stale or expired cookie counts as signed out."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    try:
        principal = accounts.principal_from_credential(db, token)
    except Unauthorized:
        return None
    user = db.get(User, principal.user_id)
    org = primary_org(principal, request.cookies.get(ORG_COOKIE))
    org_row = db.get(Organization, org.org_id) if org else None
    found = Viewer(
        principal=principal,
        display_name=(user.display_name if user else "") or principal.email,
        org=org,
        org_name=org_row.name if org_row else "",
        session_token=token,
    )
    request.state.viewer = found
    return found


MaybeViewer = Annotated[Viewer | None, Depends(optional_viewer)]


def current_viewer(request: Request, found: MaybeViewer) -> Viewer:
    """The signed-in viewer; otherwise off to the sign-in page (saying so if it expired)."""
    if found is None:
        raise SignInRequired(expired=bool(request.cookies.get(SESSION_COOKIE)))
    return found


CurrentViewer = Annotated[Viewer, Depends(current_viewer)]


def operator_viewer(found: CurrentViewer) -> Viewer:
    """A viewer with platform administration rights (host apps, listings, plans, sign-ups)."""
    if not found.can_operate:
        raise forbidden()
    return found


def reviewer_viewer(found: CurrentViewer) -> Viewer:
    if not found.can_review:
        raise forbidden()
    return found


Operator = Annotated[Viewer, Depends(operator_viewer)]
Reviewer = Annotated[Viewer, Depends(reviewer_viewer)]
Form = Annotated[FormData, Depends(checked_form)]
