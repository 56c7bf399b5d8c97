"""Delivery's tables: release plans with their revision history, and launch/error counts.

A plan's every saved state is a new, never-modified revision row, so the history is
complete and "roll back to the previous plan" is simply a new revision copying an old
one's document. The head row (`release_plans`) points at the current revision and
carries the pause state, which is not part of the document: pausing must not change
what resume brings back.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from miniport.center.db import Base, UTCDateTime, utcnow


class ReleasePlan(Base):
    __tablename__ = "release_plans"
    __table_args__ = (UniqueConstraint("host_app_id", "mini_program_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    host_app_id: Mapped[int] = mapped_column(ForeignKey("host_apps.id", ondelete="CASCADE"))
    mini_program_id: Mapped[int] = mapped_column(
        ForeignKey("mini_programs.id", ondelete="CASCADE"), index=True
    )
    revision: Mapped[int] = mapped_column(default=0)
    """Number of the current revision (the latest one)."""
    salt: Mapped[str] = mapped_column(String(64))
    """Percentage buckets hash with this; kept across edits so raising a share only
    adds users and never reshuffles those already in."""
    paused: Mapped[bool] = mapped_column(default=False)
    paused_reason: Mapped[str] = mapped_column(String(2000), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    revisions: Mapped[list[ReleasePlanRevision]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="ReleasePlanRevision.revision"
    )


class ReleasePlanRevision(Base):
    __tablename__ = "release_plan_revisions"
    __table_args__ = (UniqueConstraint("plan_id", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("release_plans.id", ondelete="CASCADE"))
    revision: Mapped[int] = mapped_column()
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    """The plan in canonical JSON (`rules.Plan.to_json`)."""
    restored_from: Mapped[int | None] = mapped_column(default=None)
    """Set on rollbacks: the revision whose document this one copies."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(254), default="")

    plan: Mapped[ReleasePlan] = relationship(back_populates="revisions")


class DeliveryStat(Base):
    """Launches and errors reported by hosts, per (host app, appid, version)."""

    __tablename__ = "delivery_stats"
    __table_args__ = (UniqueConstraint("host_app_id", "appid", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    host_app_id: Mapped[int] = mapped_column(ForeignKey("host_apps.id", ondelete="CASCADE"))
    appid: Mapped[str] = mapped_column(String(32), index=True)
    version: Mapped[str] = mapped_column(String(64))
    launches: Mapped[int] = mapped_column(BigInteger, default=0)
    errors: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DeliveryDailyStat(Base):
    """Launches and errors per (host app, appid, version, UTC day).

    Kept next to the cumulative `DeliveryStat` (which the guardrail reads) because the
    console draws "share of launches per version over time" from measured events, and
    totals cannot be split into days after the fact. Both are written in the same
    transaction, so the daily rows of a version always add up to its total (for
    reports received since this table exists).
    """

    __tablename__ = "delivery_daily_stats"
    __table_args__ = (UniqueConstraint("host_app_id", "appid", "version", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    host_app_id: Mapped[int] = mapped_column(ForeignKey("host_apps.id", ondelete="CASCADE"))
    appid: Mapped[str] = mapped_column(String(32), index=True)
    version: Mapped[str] = mapped_column(String(64))
    day: Mapped[date] = mapped_column(Date)
    """UTC date on which the server accepted the report (hosts' clocks are not trusted)."""
    launches: Mapped[int] = mapped_column(BigInteger, default=0)
    errors: Mapped[int] = mapped_column(BigInteger, default=0)
