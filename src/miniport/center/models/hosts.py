"""Host apps (the operator's own apps that embed the runtime), SDK keys and listings.

The SDK secret is needed in clear to verify HMAC signatures, so it cannot be stored
as a one-way hash. Instead it is derived: secret = HMAC(server secret key, key salt).
The database keeps only the salt, so a database dump alone does not reveal secrets;
`miniport.center.services.hosts.sdk_secret` recomputes one for delivery.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from miniport.center.db import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from miniport.center.models.miniprograms import MiniProgram

PLATFORMS = ("ios", "android", "harmony", "web", "desktop", "miniapp")


class HostApp(Base):
    __tablename__ = "host_apps"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    platforms: Mapped[list[str]] = mapped_column(JSON, default=list)
    bundle_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    web_origins: Mapped[list[str]] = mapped_column(JSON, default=list)
    enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    keys: Mapped[list[HostAppKey]] = relationship(
        back_populates="host_app", cascade="all, delete-orphan", order_by="HostAppKey.id"
    )


class HostAppKey(Base):
    """One SDK key of a host app. After a rotation the old key stays valid until
    `expires_at` (the overlap period), so hosts can roll out the new secret."""

    __tablename__ = "host_app_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    host_app_id: Mapped[int] = mapped_column(
        ForeignKey("host_apps.id", ondelete="CASCADE"), index=True
    )
    sdk_key: Mapped[str] = mapped_column(String(64), unique=True)
    secret_salt: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    host_app: Mapped[HostApp] = relationship(back_populates="keys")

    def is_valid_at(self, when: datetime) -> bool:
        if self.revoked_at is not None and self.revoked_at <= when:
            return False
        return self.expires_at is None or self.expires_at > when


class Listing(Base):
    """Whether a mini-program is available in a host app (上架 listed / 下架 delisted)."""

    __tablename__ = "listings"
    __table_args__ = (UniqueConstraint("host_app_id", "mini_program_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    host_app_id: Mapped[int] = mapped_column(ForeignKey("host_apps.id", ondelete="CASCADE"))
    mini_program_id: Mapped[int] = mapped_column(
        ForeignKey("mini_programs.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[str] = mapped_column(String(16))
    """"listed" or "delisted"."""
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )

    host_app: Mapped[HostApp] = relationship()
    mini_program: Mapped[MiniProgram] = relationship()
