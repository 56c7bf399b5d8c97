"""Accounts: password hashing, console login sessions, personal API tokens, and
turning a presented credential into a `Principal`.

Credential formats are recognisable by prefix so a leaked value can be identified:
`mps_…` is a console session (cookie `miniport_session`), `mpt_…` an API token
(`Authorization: Bearer mpt_…`). Both are stored only as SHA-256 digests.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from miniport.center.authz import SCOPES, OrgRole, Principal
from miniport.center.db import utcnow
from miniport.center.errors import Conflict, Invalid, NotFound, Unauthorized, not_found
from miniport.center.models import ApiToken, LoginSession, Membership, Organization, User
from miniport.center.services import audit

SESSION_COOKIE = "miniport_session"
SESSION_TTL = timedelta(days=14)
SESSION_PREFIX = "mps_"
TOKEN_PREFIX = "mpt_"
MIN_PASSWORD = 10
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

_hasher = PasswordHasher()


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def normalize_email(email: str, field: str = "email") -> str:
    email = email.strip().lower()
    if not EMAIL_RE.match(email) or len(email) > 254:
        raise Invalid(
            "invalid_email",
            f"'{email}' is not an email address; give one like name@example.com.",
            field=field,
        )
    return email


def check_password_strength(password: str, field: str = "password") -> None:
    if len(password) < MIN_PASSWORD:
        raise Invalid(
            "weak_password",
            f"The password is too short; use at least {MIN_PASSWORD} characters.",
            field=field,
            min_length=MIN_PASSWORD,
        )


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(user: User, password: str) -> bool:
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def create_user(session: Session, email: str, password: str, display_name: str = "") -> User:
    """Create a user (caller commits). Emails are unique case-insensitively."""
    email = normalize_email(email)
    check_password_strength(password)
    if session.scalar(select(User).where(User.email == email)) is not None:
        raise Conflict(
            "email_taken",
            f"An account for {email} already exists; log in instead.",
            {"field": "email"},
        )
    user = User(email=email, password_hash=hash_password(password), display_name=display_name)
    session.add(user)
    session.flush()
    return user


def _bad_login() -> Unauthorized:
    return Unauthorized(
        "invalid_credentials", "Wrong email or password; check both and try again.", None
    )


def authenticate_password(session: Session, email: str, password: str) -> User:
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        _hasher.hash(password)  # spend the same time as a real check
        raise _bad_login()
    if not verify_password(user, password) or not user.is_active:
        raise _bad_login()
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def login(session: Session, email: str, password: str) -> tuple[LoginSession, str]:
    """Open a console session; returns the row and the cookie value (shown once)."""
    user = authenticate_password(session, email, password)
    value = SESSION_PREFIX + secrets.token_urlsafe(32)
    row = LoginSession(
        user_id=user.id,
        token_hash=digest(value),
        created_at=utcnow(),
        expires_at=utcnow() + SESSION_TTL,
    )
    session.add(row)
    audit.record(
        session, audit.Actor(user.id, user.email), "session.login", "user", user.id, org_id=None
    )
    session.commit()
    return row, value


def logout(session: Session, principal: Principal) -> None:
    if principal.session_id is None:
        return
    row = session.get(LoginSession, principal.session_id)
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
        session.commit()


def _validate_scopes(scopes: list[str], within: frozenset[str] | None) -> list[str]:
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise Invalid(
            "invalid_scope",
            f"Unknown or missing token scopes {unknown}; choose from {', '.join(SCOPES)}.",
            field="scopes",
            allowed=list(SCOPES),
        )
    if within is not None and not set(scopes) <= within:
        raise Invalid(
            "scope_escalation",
            "A token cannot create a token with scopes it does not have itself: "
            f"{sorted(set(scopes) - within)}; log in with a password to do that.",
            field="scopes",
        )
    return sorted(set(scopes))


def create_token(
    session: Session,
    principal: Principal,
    name: str,
    scopes: list[str],
    expires_in_days: int | None = None,
) -> tuple[ApiToken, str]:
    """Create a personal API token; the returned value is shown once and never stored."""
    name = name.strip()
    if not name or len(name) > 120:
        raise Invalid("invalid_name", "Give the token a name of 1 to 120 characters.", field="name")
    scopes = _validate_scopes(scopes, principal.scopes)
    value = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        user_id=principal.user_id,
        name=name,
        prefix=value[:12],
        token_hash=digest(value),
        scopes=scopes,
        created_at=utcnow(),
        expires_at=utcnow() + timedelta(days=expires_in_days) if expires_in_days else None,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        principal,
        "token.create",
        "api_token",
        row.id,
        org_id=None,
        after={"name": name, "scopes": scopes, "prefix": row.prefix},
    )
    session.commit()
    return row, value


def list_tokens(session: Session, principal: Principal) -> list[ApiToken]:
    stmt = select(ApiToken).where(ApiToken.user_id == principal.user_id).order_by(ApiToken.id)
    return list(session.scalars(stmt))


def revoke_token(session: Session, principal: Principal, token_id: int) -> ApiToken:
    row = session.get(ApiToken, token_id)
    if row is None or row.user_id != principal.user_id:
        raise not_found("api_token", token_id)
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        audit.record(
            session,
            principal,
            "token.revoke",
            "api_token",
            row.id,
            org_id=None,
            before={"revoked": False},
            after={"revoked": True},
        )
        session.commit()
    return row


def load_principal(
    session: Session,
    user: User,
    *,
    scopes: frozenset[str] | None = None,
    token_id: int | None = None,
    session_id: int | None = None,
) -> Principal:
    rows = session.execute(
        select(Membership.role, Organization)
        .join(Organization, Organization.id == Membership.org_id)
        .where(Membership.user_id == user.id)
    ).all()
    roles = {org.id: OrgRole(org.id, org.slug, org.kind, org.status, role) for role, org in rows}
    return Principal(
        user_id=user.id,
        email=user.email,
        roles=roles,
        scopes=scopes,
        token_id=token_id,
        session_id=session_id,
    )


def principal_from_credential(session: Session, value: str) -> Principal:
    """Resolve a session cookie or API token; raise 401 if it is not valid now."""
    now = utcnow()
    if value.startswith(TOKEN_PREFIX):
        tok = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(value)))
        if tok is None or tok.revoked_at is not None or (tok.expires_at and tok.expires_at <= now):
            raise Unauthorized(
                "invalid_token",
                "The API token is unknown, revoked or expired; create a new one "
                "(miniport tokens create) or log in again.",
            )
        if not tok.user.is_active:
            raise Unauthorized("account_disabled", "This account is disabled.")
        if tok.last_used_at is None or now - tok.last_used_at > timedelta(minutes=5):
            tok.last_used_at = now
            session.commit()
        return load_principal(session, tok.user, scopes=frozenset(tok.scopes), token_id=tok.id)
    if value.startswith(SESSION_PREFIX):
        row = session.scalar(select(LoginSession).where(LoginSession.token_hash == digest(value)))
        if row is None or row.revoked_at is not None or row.expires_at <= now:
            raise Unauthorized("session_expired", "Your session has ended; log in again.", None)
        if not row.user.is_active:
            raise Unauthorized("account_disabled", "This account is disabled.")
        return load_principal(session, row.user, session_id=row.id)
    raise Unauthorized(
        "invalid_credentials",
        "The credential is not a Miniport session or API token (mps_… or mpt_…).",
    )


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("user_not_found", f"No user {user_id}.")
    return user


def change_password(session: Session, principal: Principal, current: str, new: str) -> None:
    """Replace the password (e.g. the generated first-start one); other console sessions
    of the user end, the current one and API tokens stay."""
    user = get_user(session, principal.user_id)
    if not verify_password(user, current):
        raise Invalid(
            "invalid_credentials", "The current password is wrong.", field="current_password"
        )
    check_password_strength(new, "new_password")
    user.password_hash = hash_password(new)
    now = utcnow()
    for row in session.scalars(
        select(LoginSession).where(
            LoginSession.user_id == user.id, LoginSession.revoked_at.is_(None)
        )
    ):
        if row.id != principal.session_id:
            row.revoked_at = now
    audit.record(session, principal, "user.password", "user", user.id, org_id=None)
    session.commit()
