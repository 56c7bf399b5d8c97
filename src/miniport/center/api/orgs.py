"""Partner sign-up and approval, organizations, members and invitations."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from miniport.center.deps import CurrentPrincipal, DbSession, OptionalPrincipal
from miniport.center.services import orgs

router = APIRouter(tags=["organizations"])


class SignupIn(BaseModel):
    org_name: str = Field(max_length=120)
    slug: str | None = Field(default=None, max_length=64)
    email: str | None = Field(default=None, max_length=254)
    password: str | None = Field(default=None, max_length=1024)
    display_name: str = Field(default="", max_length=120)
    description: str = Field(default="", max_length=2000)


class DecisionIn(BaseModel):
    reason: str = Field(default="", max_length=2000)


class InviteIn(BaseModel):
    identifier: str = Field(max_length=254)
    role: str


class AcceptIn(BaseModel):
    token: str = Field(max_length=200)
    password: str | None = Field(default=None, max_length=1024)
    display_name: str = Field(default="", max_length=120)


class RoleIn(BaseModel):
    role: str


@router.post("/signup", status_code=201)
def signup(body: SignupIn, db: DbSession, who: OptionalPrincipal) -> dict[str, Any]:
    """Sign up a partner organization; it stays pending until an operator approves it."""
    org, user = orgs.signup_partner(
        db,
        who,
        org_name=body.org_name,
        slug=body.slug,
        email=body.email,
        password=body.password,
        display_name=body.display_name,
        description=body.description,
    )
    return {"org": orgs.org_json(org), "owner": user.email}


@router.get("/orgs")
def list_orgs(
    db: DbSession, who: CurrentPrincipal, status: str | None = None
) -> list[dict[str, Any]]:
    return [orgs.org_json(o) for o in orgs.list_orgs(db, who, status)]


@router.get("/orgs/{slug}")
def get_org(slug: str, db: DbSession, who: CurrentPrincipal) -> dict[str, Any]:
    return orgs.org_json(orgs.get_org(db, who, slug))


def _decision(action: str) -> Any:
    def decide(slug: str, body: DecisionIn, db: DbSession, who: CurrentPrincipal) -> dict[str, Any]:
        return orgs.org_json(orgs.change_status(db, who, slug, action, body.reason))

    decide.__doc__ = f"Operator admins: {action} a partner organization."
    decide.__name__ = f"org_{action}"
    return decide


for _action in ("approve", "reject", "suspend", "reactivate"):
    router.add_api_route(f"/orgs/{{slug}}/{_action}", _decision(_action), methods=["POST"])


@router.get("/orgs/{slug}/members")
def members(slug: str, db: DbSession, who: CurrentPrincipal) -> list[dict[str, Any]]:
    return [orgs.member_json(m) for m in orgs.list_members(db, who, slug)]


@router.patch("/orgs/{slug}/members/{email}")
def change_role(
    slug: str, email: str, body: RoleIn, db: DbSession, who: CurrentPrincipal
) -> dict[str, Any]:
    return orgs.member_json(orgs.change_role(db, who, slug, email, body.role))


@router.delete("/orgs/{slug}/members/{email}")
def remove_member(slug: str, email: str, db: DbSession, who: CurrentPrincipal) -> dict[str, str]:
    orgs.remove_member(db, who, slug, email)
    return {"status": "removed"}


def invitation_json(inv: Any, token: str | None = None) -> dict[str, Any]:
    out = {
        "id": inv.id,
        "identifier": inv.identifier,
        "role": inv.role,
        "created_at": inv.created_at.isoformat(),
        "expires_at": inv.expires_at.isoformat(),
    }
    if token:
        out["token"] = token
    return out


@router.post("/orgs/{slug}/invitations", status_code=201)
def invite(slug: str, body: InviteIn, db: DbSession, who: CurrentPrincipal) -> dict[str, Any]:
    """Invite by email; the response carries the one-time token to pass to the invitee."""
    inv, token = orgs.invite(db, who, slug, body.identifier, body.role)
    return invitation_json(inv, token)


@router.get("/orgs/{slug}/invitations")
def invitations(slug: str, db: DbSession, who: CurrentPrincipal) -> list[dict[str, Any]]:
    return [invitation_json(i) for i in orgs.list_invitations(db, who, slug)]


@router.delete("/orgs/{slug}/invitations/{inv_id}")
def revoke_invitation(
    slug: str, inv_id: int, db: DbSession, who: CurrentPrincipal
) -> dict[str, str]:
    orgs.revoke_invitation(db, who, slug, inv_id)
    return {"status": "revoked"}


@router.post("/invitations/accept")
def accept(body: AcceptIn, db: DbSession, who: OptionalPrincipal) -> dict[str, Any]:
    m = orgs.accept_invitation(db, who, body.token, body.password, body.display_name)
    return {"org": m.org.slug, "email": m.user.email, "role": m.role}
