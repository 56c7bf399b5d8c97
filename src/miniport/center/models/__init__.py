"""All center tables, one module per area; importing this registers them on `Base`."""

from miniport.center.models.accounts import ApiToken, LoginSession, User
from miniport.center.models.audit import AuditEvent
from miniport.center.models.hosts import HostApp, HostAppKey, Listing
from miniport.center.models.miniprograms import MiniProgram, TrialTester, Version
from miniport.center.models.orgs import Invitation, Membership, Organization

__all__ = [
    "ApiToken",
    "AuditEvent",
    "HostApp",
    "HostAppKey",
    "Invitation",
    "Listing",
    "LoginSession",
    "Membership",
    "MiniProgram",
    "Organization",
    "TrialTester",
    "User",
    "Version",
]
