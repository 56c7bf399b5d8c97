"""FastAPI dependencies for the request context; the console and delivery use these too.

    from miniport.center.deps import Ctx, DbSession, CurrentPrincipal, OptionalPrincipal

    @router.get("/things")
    def things(db: DbSession, who: CurrentPrincipal, ctx: Ctx) -> ...:
        who.require(Perm.APP_READ, org_id)

- `Ctx`: the `AppContext` (settings, database, storage, secret key, extras).
- `DbSession`: a SQLAlchemy session for this request; services commit explicitly and
  anything left uncommitted is rolled back when the request ends.
- `CurrentPrincipal`: the caller, from `Authorization: Bearer mpt_…` (API token),
  `Authorization: Bearer mps_…` or the `miniport_session` cookie (console session);
  401 when absent or invalid. `OptionalPrincipal` gives None for anonymous callers.
- `StorageDep`, `SettingsDep`: shortcuts into the context.

Host (SDK) authentication is not here: delivery owns the signed /sdk/v1 scheme.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from miniport.center.authz import Principal
from miniport.center.context import AppContext
from miniport.center.errors import Unauthorized
from miniport.center.services.accounts import SESSION_COOKIE, principal_from_credential
from miniport.center.storage import Storage
from miniport.config import Settings


def get_context(request: Request) -> AppContext:
    return request.app.state.ctx  # type: ignore[no-any-return]


Ctx = Annotated[AppContext, Depends(get_context)]


def get_session(ctx: Ctx) -> Iterator[Session]:
    with ctx.db.session() as session:
        yield session


DbSession = Annotated[Session, Depends(get_session)]


def get_storage(ctx: Ctx) -> Storage:
    return ctx.storage


def get_settings(ctx: Ctx) -> Settings:
    return ctx.settings


StorageDep = Annotated[Storage, Depends(get_storage)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def credential_of(request: Request) -> str | None:
    """The raw credential a request presents, or None."""
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise Unauthorized(
                "invalid_credentials",
                "Use 'Authorization: Bearer <token>' with a Miniport API token.",
            )
        return value.strip()
    return request.cookies.get(SESSION_COOKIE) or None


def get_optional_principal(request: Request, db: DbSession) -> Principal | None:
    value = credential_of(request)
    if value is None:
        return None
    return principal_from_credential(db, value)


def get_principal(
    principal: Annotated[Principal | None, Depends(get_optional_principal)],
) -> Principal:
    if principal is None:
        raise Unauthorized(
            "authentication_required",
            "Log in first: send an API token as 'Authorization: Bearer mpt_…' "
            "(miniport login) or a console session cookie.",
        )
    return principal


OptionalPrincipal = Annotated[Principal | None, Depends(get_optional_principal)]
CurrentPrincipal = Annotated[Principal, Depends(get_principal)]
