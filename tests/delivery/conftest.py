"""Fixtures for delivery tests; the platform they build is in `tests/delivery/platforms.py`
(shared with the host tests)."""

from __future__ import annotations

from pathlib import Path

# --------------------------------------------------------------------------- fixtures
import pytest  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from tests.delivery.platforms import Platform, make_platform  # noqa: E402


@pytest.fixture
def platform(tmp_path: Path) -> Platform:
    """Embedded mode: SQLite, local storage, in-process nonces and change bus."""
    return make_platform(tmp_path)


@pytest.fixture
def client(platform: Platform):  # type: ignore[no-untyped-def]
    with TestClient(platform.app()) as c:
        platform.after_change.append(c.app.state.ctx.extras["delivery"].reload)
        yield c


@pytest.fixture
def platform_factory():  # type: ignore[no-untyped-def]
    """`make_platform` for tests that choose their own database and Redis."""
    return make_platform
