"""Who is looking at the console, and what they may open.

A `Viewer` wraps the center's `Principal` (from the login session) with the one
organization the console shows for them: the operator organization for platform
staff, else their partner organization. Capabilities are asked of the principal with
the center's own permission model (`Principal.can`), so the navigation, the page
guards and the services agree; guards only turn away early with a page in the user's
language, and the services check again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from miniport.center.authz import OrgRole, Perm, Principal


@dataclass(frozen=True)
class NavItem:
    href: str
    label: str


@dataclass(frozen=True)
class Viewer:
    principal: Principal = field(repr=False)
    display_name: str
    org: OrgRole | None
    org_name: str
    session_token: str = field(repr=False, default="")

    @property
    def email(self) -> str:
        return self.principal.email

    @property
    def org_id(self) -> int | None:
        return self.org.org_id if self.org else None

    @property
    def role(self) -> str:
        return self.org.role if self.org else ""

    @property
    def orgs(self) -> list[OrgRole]:
        """Every organization the viewer belongs to (for the switcher)."""
        return sorted(self.principal.roles.values(), key=lambda r: (r.kind != "operator", r.org_id))

    @property
    def is_operator(self) -> bool:
        return self.org is not None and self.org.kind == "operator"

    @property
    def can_manage_org(self) -> bool:
        return self.org_id is not None and self.principal.can(Perm.ORG_MANAGE, self.org_id)

    @property
    def can_develop(self) -> bool:
        return self.org_id is not None and self.principal.can(Perm.APP_WRITE, self.org_id)

    @property
    def can_review(self) -> bool:
        return self.principal.can(Perm.REVIEW)

    @property
    def can_operate(self) -> bool:
        """Host apps, listings, release plans, partner approvals."""
        return self.principal.can(Perm.PLATFORM_ADMIN)

    @property
    def can_see_platform(self) -> bool:
        return self.principal.can(Perm.PLATFORM_READ)


ORG_COOKIE = "miniport_org"


def primary_org(principal: Principal, chosen: str | None = None) -> OrgRole | None:
    """The organization the console shows: the one the viewer switched to (by slug) if
    they belong to it, else the operator organization, else their first partner org."""
    roles = sorted(principal.roles.values(), key=lambda r: (r.kind != "operator", r.org_id))
    for role in roles:
        if chosen and role.slug == chosen:
            return role
    return roles[0] if roles else None


def navigation(viewer: Viewer) -> list[NavItem]:
    """The links a viewer sees, in the order they use them."""
    items = [NavItem("/console/apps", "nav.apps")]
    if viewer.can_operate:
        items.append(NavItem("/console/signups", "nav.signups"))
    if viewer.can_review:
        items.append(NavItem("/console/reviews", "nav.reviews"))
    if viewer.can_operate:
        items.append(NavItem("/console/hosts", "nav.hosts"))
    if viewer.can_operate or viewer.can_manage_org:
        items.append(NavItem("/console/audit", "nav.audit"))
    items.append(NavItem("/console/org", "nav.org"))
    items.append(NavItem("/console/tokens", "nav.tokens"))
    return items
