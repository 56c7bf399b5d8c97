"""Who may do what: roles per organization, token scopes, and the operator's reach.

A permission is granted when (1) the principal's role in the organization that owns
the subject grants it, or the principal's role in the operator organization grants
it platform-wide, and (2) for API tokens, the token carries the permission's scope.
Login sessions carry every scope. Partner organizations that are not yet approved
grant only `org.read`, so a pending partner can watch its sign-up and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from miniport.center.errors import Forbidden


class Perm(StrEnum):
    ORG_READ = "org.read"
    ORG_MANAGE = "org.manage"
    APP_READ = "app.read"
    APP_WRITE = "app.write"
    VERSION_RELEASE = "version.release"
    REVIEW = "review"
    PLATFORM_READ = "platform.read"
    PLATFORM_ADMIN = "platform.admin"


SCOPES = ("read", "write", "review", "admin")
"""Scopes an API token can carry; each permission needs one of them."""

SCOPE_OF: dict[Perm, str] = {
    Perm.ORG_READ: "read",
    Perm.APP_READ: "read",
    Perm.PLATFORM_READ: "read",
    Perm.APP_WRITE: "write",
    Perm.VERSION_RELEASE: "write",
    Perm.REVIEW: "review",
    Perm.ORG_MANAGE: "admin",
    Perm.PLATFORM_ADMIN: "admin",
}

ORG_ROLE_PERMS: dict[str, frozenset[Perm]] = {
    "owner": frozenset(
        {Perm.ORG_READ, Perm.ORG_MANAGE, Perm.APP_READ, Perm.APP_WRITE, Perm.VERSION_RELEASE}
    ),
    "admin": frozenset(
        {Perm.ORG_READ, Perm.ORG_MANAGE, Perm.APP_READ, Perm.APP_WRITE, Perm.VERSION_RELEASE}
    ),
    "developer": frozenset({Perm.ORG_READ, Perm.APP_READ, Perm.APP_WRITE}),
    "reviewer": frozenset({Perm.ORG_READ, Perm.APP_READ}),
    "viewer": frozenset({Perm.ORG_READ, Perm.APP_READ}),
}
"""What a role grants inside its own organization."""

OPERATOR_ROLE_PERMS: dict[str, frozenset[Perm]] = {
    "owner": frozenset({Perm.PLATFORM_READ, Perm.PLATFORM_ADMIN, Perm.REVIEW}),
    "admin": frozenset({Perm.PLATFORM_READ, Perm.PLATFORM_ADMIN, Perm.REVIEW}),
    "reviewer": frozenset({Perm.PLATFORM_READ, Perm.REVIEW}),
    "viewer": frozenset({Perm.PLATFORM_READ}),
    "developer": frozenset(),
}
"""What a role in the operator organization grants over every organization."""

PLATFORM_IMPLIES: dict[Perm, Perm] = {
    Perm.ORG_READ: Perm.PLATFORM_READ,
    Perm.APP_READ: Perm.PLATFORM_READ,
}
"""Org-level permissions that a platform-wide permission stands in for."""


@dataclass(frozen=True)
class OrgRole:
    org_id: int
    slug: str
    kind: str
    status: str
    role: str


@dataclass
class Principal:
    """The authenticated caller of a request."""

    user_id: int
    email: str
    roles: dict[int, OrgRole] = field(default_factory=dict)
    scopes: frozenset[str] | None = None
    """None for a console session (all scopes); a token's scopes otherwise."""
    token_id: int | None = None
    session_id: int | None = None

    def has_scope(self, perm: Perm) -> bool:
        return self.scopes is None or SCOPE_OF[perm] in self.scopes

    @property
    def operator_role(self) -> str | None:
        for r in self.roles.values():
            if r.kind == "operator":
                return r.role
        return None

    def platform_perms(self) -> frozenset[Perm]:
        role = self.operator_role
        return OPERATOR_ROLE_PERMS.get(role, frozenset()) if role else frozenset()

    def org_perms(self, org_id: int) -> frozenset[Perm]:
        r = self.roles.get(org_id)
        if r is None:
            return frozenset()
        if r.status != "active":
            return frozenset({Perm.ORG_READ})
        return ORG_ROLE_PERMS.get(r.role, frozenset())

    def can(self, perm: Perm, org_id: int | None = None) -> bool:
        """Whether the principal holds `perm` on `org_id` (or platform-wide if None)."""
        if not self.has_scope(perm):
            return False
        platform = self.platform_perms()
        if perm in platform:
            return True
        implied = PLATFORM_IMPLIES.get(perm)
        if implied is not None and implied in platform:
            return True
        return org_id is not None and perm in self.org_perms(org_id)

    def require(self, perm: Perm, org_id: int | None = None) -> None:
        if self.can(perm, org_id):
            return
        if not self.has_scope(perm):
            raise Forbidden(
                "token_scope_missing",
                f"This API token lacks the '{SCOPE_OF[perm]}' scope needed here; "
                "create a token with that scope.",
                {"required_scope": SCOPE_OF[perm]},
            )
        raise Forbidden(
            "forbidden",
            f"Your role does not allow this ({perm.value}); ask an owner or admin of the "
            "organization.",
            {"permission": perm.value},
        )

    def visible_org_ids(self) -> set[int] | None:
        """Orgs whose mini-programs the principal may list; None means all of them."""
        if self.can(Perm.PLATFORM_READ):
            return None
        return {oid for oid in self.roles if self.can(Perm.APP_READ, oid)}
