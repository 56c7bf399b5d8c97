"""delivery: launches and errors per UTC day

Revision ID: d0a2_delivery_daily_stats
Revises: d0a1_delivery_base
Create Date: 2026-11-29 16:10:00

The console's "share of launches per version over time" needs dated counts; the
cumulative `delivery_stats` cannot be split into days afterwards, so days start
counting from this migration on (no backfill: there is nothing to backfill from).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d0a2_delivery_daily_stats"
down_revision: str | Sequence[str] | None = "d0a1_delivery_base"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "delivery_daily_stats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("host_app_id", sa.Integer(), nullable=False),
        sa.Column("appid", sa.String(length=32), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("launches", sa.BigInteger(), nullable=False),
        sa.Column("errors", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["host_app_id"],
            ["host_apps.id"],
            name=op.f("fk_delivery_daily_stats_host_app_id_host_apps"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delivery_daily_stats")),
        sa.UniqueConstraint(
            "host_app_id",
            "appid",
            "version",
            "day",
            name=op.f("uq_delivery_daily_stats_host_app_id"),
        ),
    )
    with op.batch_alter_table("delivery_daily_stats", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_delivery_daily_stats_appid"), ["appid"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("delivery_daily_stats", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delivery_daily_stats_appid"))
    op.drop_table("delivery_daily_stats")
