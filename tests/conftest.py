"""Fixtures shared by every layer's tests: the repository paths, Chromium, PostgreSQL, Redis.

Browser and service tests skip on a developer machine that lacks them, but fail in CI
(`MINIPORT_REQUIRE_BROWSER=1`, `MINIPORT_REQUIRE_SERVICES=1`), so a green CI run
always means they ran.
"""

from __future__ import annotations

import os
import shutil
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
NODE_MODULES = REPO / "node_modules"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _missing(what: str, env: str) -> None:
    if os.environ.get(env):
        pytest.fail(f"{what} is required here ({env} is set) but is not available")
    pytest.skip(f"{what} not available")


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def node_modules() -> Path:
    if not (NODE_MODULES / "miniprogram-compiler").is_dir() or not shutil.which("node"):
        _missing("node and the npm test packages (run scripts/setup)", "MINIPORT_REQUIRE_BROWSER")
    return NODE_MODULES


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Debian Chromium for the whole session (Playwright drives it)."""
    if not os.path.exists(CHROMIUM):
        _missing("Chromium at /usr/bin/chromium", "MINIPORT_REQUIRE_BROWSER")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 800, "height": 900})
    pg = context.new_page()
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    if not _port_open(5432):
        _missing("PostgreSQL on 127.0.0.1:5432", "MINIPORT_REQUIRE_SERVICES")
    return "postgresql+psycopg://postgres@127.0.0.1:5432"


@pytest.fixture
def postgres_url(postgres_server_url: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    import psycopg

    name = f"miniport_test_{uuid.uuid4().hex[:12]}"
    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{postgres_server_url}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (name,),
            )
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture(scope="session")
def redis_url() -> str:
    if not _port_open(6379):
        _missing("Redis on 127.0.0.1:6379", "MINIPORT_REQUIRE_SERVICES")
    return "redis://127.0.0.1:6379/0"
