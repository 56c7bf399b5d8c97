"""Organizations: partner sign-up and its approval, members, roles and invitations."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from miniport.center import validation
from miniport.center.authz import Perm, Principal
from miniport.center.db import utcnow
from miniport.center.errors import (
    Conflict,
    Forbidden,
    Invalid,
    Unauthorized,
    invalid_transition,
    not_found,
)
from miniport.center.models import Invitation, Membership, Organization, User
from miniport.center.models.orgs import ROLES
from miniport.center.services import accounts, audit

INVITATION_TTL = timedelta(days=7)
INVITE_PREFIX = "mpi_"

ORG_TRANSITIONS: dict[str, dict[str, str]] = {
    "pending": {"approve": "active", "reject": "rejected"},
    "active": {"suspend": "suspended"},
    "suspended": {"reactivate": "active"},
    "rejected": {},
}
"""Partner organization status changes by action; operator orgs never change status."""


def org_json(org: Organization) -> dict[str, object]:
    return {
        "slug": org.slug,
        "name": org.name,
        "kind": org.kind,
        "status": org.status,
        "status_reason": org.status_reason,
        "contact_email": org.contact_email,
        "description": org.description,
        "created_at": org.created_at.isoformat(),
        "decided_at": org.decided_at.isoformat() if org.decided_at else None,
    }


def operator_org(session: Session) -> Organization | None:
    return session.scalar(select(Organization).where(Organization.kind == "operator"))


def _unique_slug(session: Session, base: str) -> str:
    candidate, n = base, 1
    while session.scalar(select(Organization.id).where(Organization.slug == candidate)):
        n += 1
        candidate = f"{base[:60]}-{n}"
    return candidate


def signup_partner(
    session: Session,
    principal: Principal | None,
    *,
    org_name: str,
    slug: str | None = None,
    email: str | None = None,
    password: str | None = None,
    display_name: str = "",
    description: str = "",
) -> tuple[Organization, User]:
    """Create a pending partner org owned by the caller (or by a new account).

    Anonymous callers give an email and password and get an account; a logged-in user
    signs up a further organization for themselves.
    """
    name = validation.text(org_name, "org_name", 120, required=True)
    if slug:
        slug = validation.slug(slug)
        if session.scalar(select(Organization.id).where(Organization.slug == slug)):
            raise Conflict(
                "slug_taken",
                f"The identifier '{slug}' is taken; choose another.",
                {"field": "slug"},
            )
    else:
        slug = _unique_slug(session, validation.slugify(name))
    if principal is None:
        if not email or not password:
            raise Invalid(
                "required",
                "Give an email and a password to create your account, or log in first.",
                field="email" if not email else "password",
            )
        user = accounts.create_user(session, email, password, display_name)
    else:
        user = accounts.get_user(session, principal.user_id)
    org = Organization(
        slug=slug,
        name=name,
        kind="partner",
        status="pending",
        contact_email=user.email,
        description=validation.text(description, "description", 2000),
        created_at=utcnow(),
    )
    session.add(org)
    session.flush()
    session.add(Membership(org_id=org.id, user_id=user.id, role="owner", created_at=utcnow()))
    audit.record(
        session,
        audit.Actor(user.id, user.email),
        "org.signup",
        "org",
        org.slug,
        org_id=org.id,
        after={"status": "pending", "name": name, "owner": user.email},
    )
    session.commit()
    return org, user


def list_orgs(
    session: Session, principal: Principal, status: str | None = None
) -> list[Organization]:
    stmt = select(Organization).order_by(Organization.id)
    if not principal.can(Perm.PLATFORM_READ):
        stmt = stmt.where(Organization.id.in_(list(principal.roles)))
    if status:
        stmt = stmt.where(Organization.status == status)
    return list(session.scalars(stmt))


def get_org(
    session: Session, principal: Principal, slug: str, perm: Perm = Perm.ORG_READ
) -> Organization:
    """The org if the caller may see it (404 otherwise), checked for `perm` (403)."""
    org = session.scalar(select(Organization).where(Organization.slug == slug))
    if org is None or not principal.can(Perm.ORG_READ, org.id):
        raise not_found("organization", slug)
    principal.require(perm, org.id)
    return org


def change_status(
    session: Session, principal: Principal, slug: str, action: str, reason: str = ""
) -> Organization:
    org = get_org(session, principal, slug)
    principal.require(Perm.PLATFORM_ADMIN)
    if org.kind == "operator":
        raise Forbidden("operator_org_fixed", "The operator organization's status cannot change.")
    allowed = ORG_TRANSITIONS.get(org.status, {})
    if action not in allowed:
        target = {a: t for s in ORG_TRANSITIONS.values() for a, t in s.items()}.get(action, action)
        raise invalid_transition("Organization", slug, org.status, target, sorted(allowed.values()))
    if action == "reject" and not reason.strip():
        raise Invalid("reason_required", "Say why the sign-up is rejected.", field="reason")
    before = {"status": org.status}
    org.status = allowed[action]
    org.status_reason = validation.text(reason, "reason", 2000)
    org.decided_at = utcnow()
    audit.record(
        session,
        principal,
        f"org.{action}",
        "org",
        org.slug,
        org_id=org.id,
        before=before,
        after={"status": org.status, "reason": org.status_reason},
    )
    session.commit()
    return org


def member_json(m: Membership) -> dict[str, object]:
    return {
        "email": m.user.email,
        "display_name": m.user.display_name,
        "role": m.role,
        "since": m.created_at.isoformat(),
    }


def list_members(session: Session, principal: Principal, slug: str) -> list[Membership]:
    org = get_org(session, principal, slug)
    stmt = select(Membership).where(Membership.org_id == org.id).order_by(Membership.id)
    return list(session.scalars(stmt))


def _check_role(org: Organization, role: str, field: str = "role") -> str:
    if role not in ROLES:
        raise Invalid(
            "invalid_role",
            f"Unknown role '{role}'; choose one of {', '.join(ROLES)}.",
            field=field,
            allowed=list(ROLES),
        )
    if role == "reviewer" and org.kind != "operator":
        raise Invalid(
            "invalid_role",
            "The reviewer role exists only in the operator organization.",
            field=field,
        )
    return role


def _require_owner_for(principal: Principal, org: Organization, role: str) -> None:
    """Only an owner may make or unmake owners, so admins cannot take over an org."""
    mine = principal.roles.get(org.id)
    is_owner = mine is not None and mine.role == "owner"
    if role == "owner" and not is_owner and not principal.can(Perm.PLATFORM_ADMIN):
        raise Forbidden("owner_required", "Only an owner can grant or remove the owner role.")


def invite(
    session: Session, principal: Principal, slug: str, identifier: str, role: str
) -> tuple[Invitation, str]:
    """Invite someone by email; returns the invitation and its one-time token."""
    org = get_org(session, principal, slug, Perm.ORG_MANAGE)
    email = accounts.normalize_email(identifier, "identifier")
    _check_role(org, role)
    _require_owner_for(principal, org, role)
    existing = session.scalar(
        select(Membership).join(User).where(Membership.org_id == org.id, User.email == email)
    )
    if existing is not None:
        raise Conflict(
            "already_member", f"{email} is already a member of {org.slug}.", {"field": "identifier"}
        )
    token = INVITE_PREFIX + secrets.token_urlsafe(24)
    inv = Invitation(
        org_id=org.id,
        identifier=email,
        role=role,
        token_hash=accounts.digest(token),
        invited_by_id=principal.user_id,
        created_at=utcnow(),
        expires_at=utcnow() + INVITATION_TTL,
    )
    session.add(inv)
    session.flush()
    audit.record(
        session,
        principal,
        "member.invite",
        "invitation",
        inv.id,
        org_id=org.id,
        after={"identifier": email, "role": role},
    )
    session.commit()
    return inv, token


def list_invitations(session: Session, principal: Principal, slug: str) -> list[Invitation]:
    org = get_org(session, principal, slug, Perm.ORG_MANAGE)
    stmt = select(Invitation).where(
        Invitation.org_id == org.id,
        Invitation.accepted_at.is_(None),
        Invitation.revoked_at.is_(None),
    )
    return list(session.scalars(stmt.order_by(Invitation.id)))


def revoke_invitation(session: Session, principal: Principal, slug: str, inv_id: int) -> None:
    org = get_org(session, principal, slug, Perm.ORG_MANAGE)
    inv = session.get(Invitation, inv_id)
    if inv is None or inv.org_id != org.id:
        raise not_found("invitation", inv_id)
    if inv.revoked_at is None and inv.accepted_at is None:
        inv.revoked_at = utcnow()
        audit.record(
            session,
            principal,
            "member.invite_revoke",
            "invitation",
            inv.id,
            org_id=org.id,
            before={"identifier": inv.identifier},
            after=None,
        )
        session.commit()


def accept_invitation(
    session: Session,
    principal: Principal | None,
    token: str,
    password: str | None = None,
    display_name: str = "",
) -> Membership:
    """Redeem an invitation: as the logged-in invitee, or by creating the account."""
    inv = session.scalar(select(Invitation).where(Invitation.token_hash == accounts.digest(token)))
    now = utcnow()
    if inv is None or inv.revoked_at or inv.accepted_at or inv.expires_at <= now:
        raise Invalid(
            "invalid_invitation",
            "The invitation is unknown, used, revoked or expired; ask for a new one.",
            field="token",
        )
    user = session.scalar(select(User).where(User.email == inv.identifier))
    if user is not None:
        if principal is None or principal.user_id != user.id:
            raise Unauthorized(
                "login_required",
                f"Log in as {inv.identifier} to accept this invitation.",
            )
    else:
        if principal is not None:
            raise Forbidden(
                "wrong_account", f"This invitation is for {inv.identifier}; log out first."
            )
        if not password:
            raise Invalid("required", "Choose a password to create your account.", field="password")
        user = accounts.create_user(session, inv.identifier, password, display_name)
    m = Membership(org_id=inv.org_id, user_id=user.id, role=inv.role, created_at=now)
    session.add(m)
    inv.accepted_at = now
    session.flush()
    audit.record(
        session,
        audit.Actor(user.id, user.email),
        "member.join",
        "membership",
        user.email,
        org_id=inv.org_id,
        after={"role": inv.role},
    )
    session.commit()
    return m


def _membership(session: Session, org: Organization, email: str) -> Membership:
    m = session.scalar(
        select(Membership)
        .join(User)
        .where(Membership.org_id == org.id, User.email == email.lower())
    )
    if m is None:
        raise not_found("member", email)
    return m


def _owners(session: Session, org: Organization) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Membership)
            .where(Membership.org_id == org.id, Membership.role == "owner")
        )
        or 0
    )


def change_role(
    session: Session, principal: Principal, slug: str, email: str, role: str
) -> Membership:
    org = get_org(session, principal, slug, Perm.ORG_MANAGE)
    m = _membership(session, org, email)
    _check_role(org, role)
    _require_owner_for(principal, org, role)
    _require_owner_for(principal, org, m.role)
    if m.role == "owner" and role != "owner" and _owners(session, org) <= 1:
        raise Conflict(
            "last_owner", "An organization needs an owner; make someone else owner first."
        )
    before = {"role": m.role}
    m.role = role
    audit.record(
        session,
        principal,
        "member.role",
        "membership",
        m.user.email,
        org_id=org.id,
        before=before,
        after={"role": role},
    )
    session.commit()
    return m


def remove_member(session: Session, principal: Principal, slug: str, email: str) -> None:
    org = get_org(session, principal, slug, Perm.ORG_MANAGE)
    m = _membership(session, org, email)
    _require_owner_for(principal, org, m.role)
    if m.role == "owner" and _owners(session, org) <= 1:
        raise Conflict(
            "last_owner", "An organization needs an owner; make someone else owner first."
        )
    audit.record(
        session,
        principal,
        "member.remove",
        "membership",
        m.user.email,
        org_id=org.id,
        before={"role": m.role},
        after=None,
    )
    session.delete(m)
    session.commit()
