"""First start: the operator organization and its first admin.

Runs on every start and does nothing once an operator organization exists, so it is
safe with several server processes (the unique slug makes a concurrent second
attempt fail instead of creating a second operator).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import exc as sa_exc
from sqlalchemy import select
from sqlalchemy.orm import Session

from miniport.center.db import utcnow
from miniport.center.models import Membership, Organization, User
from miniport.center.services import accounts, audit
from miniport.center.services.orgs import operator_org
from miniport.config import Settings

OPERATOR_SLUG = "operator"
DEFAULT_ADMIN_EMAIL = "admin@miniport.local"


@dataclass
class FirstStart:
    created: bool
    admin_email: str | None = None
    generated_password: str | None = None
    """Set only when the password was generated: print it once, it is not stored."""


def ensure_operator(session: Session, settings: Settings) -> FirstStart:
    if operator_org(session) is not None:
        return FirstStart(created=False)
    email = accounts.normalize_email(
        settings.admin_email or DEFAULT_ADMIN_EMAIL, "MINIPORT_ADMIN_EMAIL"
    )
    generated = None
    password = settings.admin_password
    if not password:
        generated = password = secrets.token_urlsafe(15)
    accounts.check_password_strength(password, "MINIPORT_ADMIN_PASSWORD")
    org = Organization(
        slug=OPERATOR_SLUG,
        name="Operator",
        kind="operator",
        status="active",
        contact_email=email,
        created_at=utcnow(),
        decided_at=utcnow(),
    )
    session.add(org)
    try:
        session.flush()
        user = accounts.create_user(session, email, password, "Administrator")
        session.add(Membership(org_id=org.id, user_id=user.id, role="owner", created_at=utcnow()))
        audit.record(
            session,
            None,
            "platform.first_start",
            "org",
            org.slug,
            org_id=org.id,
            after={"admin": email, "password": "generated" if generated else "from environment"},
        )
        session.commit()
    except sa_exc.IntegrityError:
        session.rollback()
        return FirstStart(created=False)
    return FirstStart(created=True, admin_email=email, generated_password=generated)


def operator_admin(session: Session) -> User | None:
    """The first owner or admin of the operator organization (the admin of the first start)."""
    return session.scalar(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .join(Organization, Organization.id == Membership.org_id)
        .where(Organization.slug == OPERATOR_SLUG, Membership.role.in_(("owner", "admin")))
        .order_by(Membership.id)
        .limit(1)
    )
