"""Mini-programs, their versions and trial testers.

A version row is immutable once created except for its review state and the
timestamps of state changes; the artifacts it points to (source zip, package) are
content-addressed blobs that never change.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from miniport.center.db import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from miniport.center.models.orgs import Organization

MINI_PROGRAM_STATUSES = ("active", "suspended")


class MiniProgram(Base):
    __tablename__ = "mini_programs"

    id: Mapped[int] = mapped_column(primary_key=True)
    appid: Mapped[str] = mapped_column(String(32), unique=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    icon: Mapped[str] = mapped_column(String(2000), default="")
    description: Mapped[str] = mapped_column(String(2000), default="")
    category: Mapped[str] = mapped_column(String(60), default="")
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    allowed_domains: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default="active")
    trial_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("versions.id", use_alter=True, ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    org: Mapped[Organization] = relationship()
    versions: Mapped[list[Version]] = relationship(
        back_populates="mini_program", foreign_keys="Version.mini_program_id"
    )
    testers: Mapped[list[TrialTester]] = relationship(
        back_populates="mini_program", cascade="all, delete-orphan"
    )


class Version(Base):
    __tablename__ = "versions"
    __table_args__ = (UniqueConstraint("mini_program_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mini_program_id: Mapped[int] = mapped_column(ForeignKey("mini_programs.id"), index=True)
    version: Mapped[str] = mapped_column(String(64))
    notes: Mapped[str] = mapped_column(String(4000), default="")
    state: Mapped[str] = mapped_column(String(16), default="uploaded")
    upload_kind: Mapped[str] = mapped_column(String(8))
    """"source" (zip compiled by the center) or "mpk" (a package built elsewhere)."""
    source_key: Mapped[str | None] = mapped_column(String(200), default=None)
    source_sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    source_size: Mapped[int | None] = mapped_column(BigInteger, default=None)
    package_key: Mapped[str] = mapped_column(String(200))
    package_sha256: Mapped[str] = mapped_column(String(64), index=True)
    """The package id: sha256 of the .mpk file."""
    package_size: Mapped[int] = mapped_column(BigInteger)
    manifest: Mapped[dict[str, Any]] = mapped_column(JSON)
    compiler_version: Mapped[str] = mapped_column(String(32), default="")
    warnings: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    reviewed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    review_reason: Mapped[str] = mapped_column(String(4000), default="")
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    withdraw_reason: Mapped[str] = mapped_column(String(4000), default="")

    mini_program: Mapped[MiniProgram] = relationship(
        back_populates="versions", foreign_keys=[mini_program_id]
    )


class TrialTester(Base):
    """A named tester allowed to open the trial version (体验成员).

    `identifier` is the host-side user id (what a host sends as the user in /sdk/v1),
    or a center user's email for testers who are members.
    """

    __tablename__ = "trial_testers"
    __table_args__ = (UniqueConstraint("mini_program_id", "identifier"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mini_program_id: Mapped[int] = mapped_column(ForeignKey("mini_programs.id", ondelete="CASCADE"))
    identifier: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    mini_program: Mapped[MiniProgram] = relationship(back_populates="testers")
