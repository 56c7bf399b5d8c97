"""Alembic environment for every Miniport table (all areas share one versions dir).

The database URL comes from the Alembic config (`sqlalchemy.url`), which
`miniport.center.migrate` sets from the settings; this file never reads the
environment. Areas with their own tables import them in `MODEL_MODULES` so that
autogenerate sees them; each area keeps its migrations on its own branch label
(the center's base revision has label "center"; delivery uses "delivery").
"""

from __future__ import annotations

import importlib
import importlib.util

from alembic import context
from sqlalchemy import engine_from_config, pool

from miniport.center.db import Base

MODEL_MODULES = ("miniport.center.models", "miniport.delivery.models")

config = context.config

for _name in config.attributes.get("model_modules", MODEL_MODULES):
    try:
        found = importlib.util.find_spec(_name) is not None
    except ModuleNotFoundError:
        found = False
    if found:
        importlib.import_module(_name)

target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is None:
        connectable = engine_from_config(
            config.get_section(config.config_ini_section, {}),
            prefix="sqlalchemy.",
            poolclass=pool.NullPool,
        )
        with connectable.connect() as connection:
            _run(connection)
    else:
        _run(connectable)


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
