"""A running Miniport (center + delivery + console) for the console's browser tests.

The app is built with the center's `create_app` on a temporary data dir (SQLite,
local storage) and served by uvicorn in a thread on a port from the console's range
(8500-8599), so Chromium talks to it over real HTTP, cookies and all.
"""

from __future__ import annotations

import itertools
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn

ADMIN_EMAIL = "admin@operator.example"
ADMIN_PASSWORD = "operator-pass-123"
_PORTS = itertools.count(8500)


def _free_port() -> int:
    for port in _PORTS:
        if port > 8599:
            break
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port left in 8500-8599")


@dataclass
class LiveServer:
    url: str
    app: object
    ctx: object
    data_dir: Path

    def at(self, path: str) -> str:
        return self.url + path


def prepare(ctx: object) -> None:
    """Schema and first start, as `miniport serve` does: migrations, then the operator."""
    from miniport.center import migrate
    from miniport.center.services.bootstrap import ensure_operator

    migrate.upgrade(ctx.db)  # type: ignore[attr-defined]
    with ctx.db.session() as session:  # type: ignore[attr-defined]
        ensure_operator(session, ctx.settings)  # type: ignore[attr-defined]


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[LiveServer]:
    from miniport.center.app import build_context, create_app
    from miniport.config import load_settings

    settings = load_settings(
        data_dir=tmp_path / "data",
        admin_email=ADMIN_EMAIL,
        admin_password=ADMIN_PASSWORD,
        seed_demo=False,
        language=None,
    )
    ctx = build_context(settings)
    prepare(ctx)
    app = create_app(settings, ctx)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", app, ctx, tmp_path / "data")
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        ctx.db.dispose()  # type: ignore[attr-defined]
