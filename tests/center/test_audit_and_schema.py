"""The audit log cannot be rewritten, and the migrations build exactly the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from center_helpers import Center
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

import miniport.center.models  # noqa: F401  (registers the tables)
from miniport.center import migrate
from miniport.center.db import Base


def test_audit_rows_cannot_be_updated_or_deleted(center: Center) -> None:
    center.partner("acme")
    for statement in ("UPDATE audit_events SET actor = 'nobody'", "DELETE FROM audit_events"):
        with pytest.raises(DBAPIError, match="append-only"), center.ctx.db.engine.begin() as conn:
            conn.execute(text(statement))
    actors = {e["actor"] for e in center.admin.get("/audit", params={"limit": 1000}).json()}
    assert "nobody" not in actors and "owner@acme.example" in actors


def test_audit_query_filters(center: Center) -> None:
    center.partner("acme")
    center.partner("beta")
    admin = center.admin
    approvals = admin.get("/audit", params={"action": "org.approve"}).json()
    assert [e["subject_id"] for e in approvals] == ["acme", "beta"]
    by_actor = admin.get("/audit", params={"actor": "owner@beta.example"}).json()
    assert {e["action"] for e in by_actor} == {"org.signup", "token.create"}
    page = admin.get("/audit", params={"limit": 2, "offset": 1}).json()
    every = admin.get("/audit", params={"limit": 1000}).json()
    assert [e["id"] for e in page] == [e["id"] for e in every[1:3]]
    first = every[0]
    assert first["action"] == "platform.first_start" and first["actor"] == "system"


def test_migrations_match_the_models(center: Center) -> None:
    """Autogenerate finds nothing to do for the center's tables: the hand-checked base
    revision and the models agree (other areas' tables are their owners' business)."""
    center_tables = {
        mapper.class_.__table__.name
        for mapper in Base.registry.mappers
        if mapper.class_.__module__.startswith("miniport.center.")
    }
    with center.ctx.db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = [
            d
            for d in compare_metadata(ctx, Base.metadata)
            if any(t in repr(d) for t in center_tables)
        ]
    assert len(center_tables) == 13
    assert diff == []
    assert migrate.pending(center.ctx.db) == []
