"""delivery base tables: release plans, their revisions, launch/error counts

Revision ID: d0a1_delivery_base
Revises:
Create Date: 2026-11-29 14:50:00

Delivery's own branch (label "delivery"); it needs the center's host_apps and
mini_programs tables, hence `depends_on` the center's base revision.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from miniport.center.db import UTCDateTime

revision: str = "d0a1_delivery_base"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("delivery",)
depends_on: str | Sequence[str] | None = "c0a1_center_base"


def upgrade() -> None:
    op.create_table(
        "release_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("host_app_id", sa.Integer(), nullable=False),
        sa.Column("mini_program_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("salt", sa.String(length=64), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("paused_reason", sa.String(length=2000), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["host_app_id"],
            ["host_apps.id"],
            name=op.f("fk_release_plans_host_app_id_host_apps"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mini_program_id"],
            ["mini_programs.id"],
            name=op.f("fk_release_plans_mini_program_id_mini_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_release_plans")),
        sa.UniqueConstraint(
            "host_app_id", "mini_program_id", name=op.f("uq_release_plans_host_app_id")
        ),
    )
    with op.batch_alter_table("release_plans", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_release_plans_mini_program_id"), ["mini_program_id"], unique=False
        )

    op.create_table(
        "release_plan_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("restored_from", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=254), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["release_plans.id"],
            name=op.f("fk_release_plan_revisions_plan_id_release_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_release_plan_revisions")),
        sa.UniqueConstraint("plan_id", "revision", name=op.f("uq_release_plan_revisions_plan_id")),
    )

    op.create_table(
        "delivery_stats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("host_app_id", sa.Integer(), nullable=False),
        sa.Column("appid", sa.String(length=32), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("launches", sa.BigInteger(), nullable=False),
        sa.Column("errors", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["host_app_id"],
            ["host_apps.id"],
            name=op.f("fk_delivery_stats_host_app_id_host_apps"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delivery_stats")),
        sa.UniqueConstraint(
            "host_app_id", "appid", "version", name=op.f("uq_delivery_stats_host_app_id")
        ),
    )
    with op.batch_alter_table("delivery_stats", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_delivery_stats_appid"), ["appid"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("delivery_stats", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delivery_stats_appid"))
    op.drop_table("delivery_stats")
    op.drop_table("release_plan_revisions")
    with op.batch_alter_table("release_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_release_plans_mini_program_id"))
    op.drop_table("release_plans")
