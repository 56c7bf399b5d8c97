"""Applying migrations: on server start and with `miniport db upgrade`.

We upgrade to `heads` (plural) because each area owns a branch in the shared versions
directory: the center's base revision carries the branch label "center", and
delivery's branch (label "delivery") depends on it.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from miniport.center.db import Database

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
CENTER_BASE_REVISION = "c0a1_center_base"
"""The revision other areas' first migrations name in `depends_on`."""


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(db: Database) -> None:
    """Bring the database to the newest revision of every branch."""
    cfg = alembic_config(db.url)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")


def pending(db: Database) -> list[str]:
    """Head revisions not yet applied (empty when the schema is current)."""
    script = ScriptDirectory.from_config(alembic_config(db.url))
    with db.engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_heads()
    # A revision another branch depends on is applied without being a stored head, so
    # count everything below the stored heads (dependencies included) as applied.
    applied = {r.revision for r in script.iterate_revisions(current, "base")} if current else set()
    return sorted(set(script.get_heads()) - applied)
