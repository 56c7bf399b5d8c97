"""Fixtures for the center's tests: a migrated database on SQLite and PostgreSQL, an app
with a first-start operator admin. Every test that takes `center` runs once per backend.

Helpers live in `center_helpers.py` (imported by name: pytest's importlib mode does not
put test folders on sys.path, so this file does it for its own folder).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from center_helpers import (  # noqa: E402
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    Api,
    Center,
    open_center,
)

from miniport.config import Settings  # noqa: E402


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 with its smallest sensible cost: the tests create dozens of accounts on a
    shared machine. Production keeps argon2-cffi's defaults."""
    from argon2 import PasswordHasher

    from miniport.center.services import accounts

    monkeypatch.setattr(
        accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'center.db'}"
    return request.getfixturevalue("postgres_url")  # type: ignore[no-any-return]


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        admin_email=ADMIN_EMAIL,
        admin_password=ADMIN_PASSWORD,
        secret_key="test-secret-key",
        seed_demo=False,
    )


@pytest.fixture
def center(settings: Settings) -> Iterator[Center]:
    ctx, client = open_center(settings)
    with client:
        anon = Api(client, None)
        c = Center(ctx=ctx, client=client, anon=anon, admin=anon)
        c.admin = c.token_for(ADMIN_EMAIL, ADMIN_PASSWORD)
        yield c
    ctx.db.dispose()
