"""Login, logout, the current user, and personal API tokens."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from miniport.center.authz import SCOPES
from miniport.center.deps import CurrentPrincipal, DbSession
from miniport.center.services import accounts

router = APIRouter(tags=["accounts"])


class LoginIn(BaseModel):
    email: str = Field(max_length=254)
    password: str = Field(max_length=1024)


class TokenIn(BaseModel):
    name: str = Field(max_length=120)
    scopes: list[str] = Field(default_factory=lambda: ["read", "write"])
    expires_in_days: int | None = Field(default=None, ge=1, le=3650)


class PasswordTokenIn(LoginIn, TokenIn):
    """Exchange a password for an API token directly (what `miniport login` does)."""


def token_json(t: Any, value: str | None = None) -> dict[str, Any]:
    out = {
        "id": t.id,
        "name": t.name,
        "prefix": t.prefix,
        "scopes": t.scopes,
        "created_at": t.created_at.isoformat(),
        "expires_at": t.expires_at.isoformat() if t.expires_at else None,
        "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
        "revoked": t.revoked_at is not None,
    }
    if value is not None:
        out["token"] = value
    return out


@router.post("/auth/login")
def login(body: LoginIn, db: DbSession, response: Response) -> dict[str, Any]:
    """Open a console session (sets the `miniport_session` cookie, HttpOnly, SameSite=Lax)."""
    row, value = accounts.login(db, body.email, body.password)
    response.set_cookie(
        accounts.SESSION_COOKIE,
        value,
        httponly=True,
        samesite="lax",
        max_age=int(accounts.SESSION_TTL.total_seconds()),
        path="/",
    )
    return {"email": row.user.email, "expires_at": row.expires_at.isoformat()}


@router.post("/auth/logout")
def logout(db: DbSession, who: CurrentPrincipal, response: Response) -> dict[str, str]:
    accounts.logout(db, who)
    response.delete_cookie(accounts.SESSION_COOKIE, path="/")
    return {"status": "logged_out"}


@router.post("/auth/token", status_code=201)
def password_token(body: PasswordTokenIn, db: DbSession) -> dict[str, Any]:
    """Create an API token with email and password; the token is shown only here."""
    user = accounts.authenticate_password(db, body.email, body.password)
    principal = accounts.load_principal(db, user)
    row, value = accounts.create_token(db, principal, body.name, body.scopes, body.expires_in_days)
    return token_json(row, value)


@router.get("/me")
def me(who: CurrentPrincipal) -> dict[str, Any]:
    return {
        "email": who.email,
        "auth": "token" if who.token_id else "session",
        "scopes": sorted(who.scopes) if who.scopes is not None else list(SCOPES),
        "orgs": [
            {"slug": r.slug, "kind": r.kind, "status": r.status, "role": r.role}
            for r in who.roles.values()
        ],
        "operator_role": who.operator_role,
    }


class PasswordIn(BaseModel):
    current_password: str = Field(max_length=1024)
    new_password: str = Field(max_length=1024)


@router.post("/me/password")
def change_password(body: PasswordIn, db: DbSession, who: CurrentPrincipal) -> dict[str, str]:
    """Change your password; your other console sessions end."""
    accounts.change_password(db, who, body.current_password, body.new_password)
    return {"status": "changed"}


@router.get("/me/tokens")
def list_tokens(db: DbSession, who: CurrentPrincipal) -> list[dict[str, Any]]:
    return [token_json(t) for t in accounts.list_tokens(db, who)]


@router.post("/me/tokens", status_code=201)
def create_token(body: TokenIn, db: DbSession, who: CurrentPrincipal) -> dict[str, Any]:
    row, value = accounts.create_token(db, who, body.name, body.scopes, body.expires_in_days)
    return token_json(row, value)


@router.delete("/me/tokens/{token_id}")
def revoke_token(token_id: int, db: DbSession, who: CurrentPrincipal) -> dict[str, Any]:
    return token_json(accounts.revoke_token(db, who, token_id))
