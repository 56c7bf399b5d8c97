"""The audit log: one row per state change, never updated or deleted.

Append-only is enforced twice: the service layer has no update/delete path, and the
migration installs database triggers that refuse UPDATE and DELETE on this table.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from miniport.center.db import Base, UTCDateTime, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(default=None)
    """User id; kept without a foreign key so the log outlives deleted users."""
    actor: Mapped[str] = mapped_column(String(254))
    """Who acted, as shown: an email, or "system" for the platform itself."""
    org_id: Mapped[int | None] = mapped_column(default=None, index=True)
    """The organization the subject belongs to, for per-org views of the log."""
    action: Mapped[str] = mapped_column(String(64), index=True)
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[str] = mapped_column(String(128), index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
