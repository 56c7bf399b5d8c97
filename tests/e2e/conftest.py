"""A real Miniport server for end-to-end tests: `miniport serve`'s startup (migrations,
first-start admin, demo seed) in this process, on ports 8600-8699, with its own data dir.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

_ports = itertools.cycle(range(8600, 8700))
ADMIN_EMAIL = "admin@demo-bank.example"
ADMIN_PASSWORD = "demo-admin-password-1"


@dataclass
class Server:
    url: str
    app: Any
    data_dir: Path

    @property
    def ctx(self) -> Any:
        return self.app.state.ctx


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    import uvicorn

    from miniport.cli.serve import prepare
    from miniport.config import load_settings

    data_dir = tmp_path_factory.mktemp("miniport-data")
    settings = load_settings(
        data_dir=data_dir, admin_email=ADMIN_EMAIL, admin_password=ADMIN_PASSWORD
    )
    app = prepare(settings)
    for _ in range(30):
        port = next(_ports)
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        srv = uvicorn.Server(config)
        thread = threading.Thread(target=srv.run, daemon=True)
        thread.start()
        deadline = time.time() + 15
        while not srv.started and thread.is_alive() and time.time() < deadline:
            time.sleep(0.05)
        if srv.started:
            try:
                yield Server(f"http://127.0.0.1:{port}", app, data_dir)
            finally:
                srv.should_exit = True
                thread.join(timeout=10)
            return
    raise RuntimeError("no free port in 8600-8699")


def view_frame(page):  # type: ignore[no-untyped-def]
    """The sandboxed iframe the running mini-program's view renders into."""
    handle = page.locator("#mp-container .miniport-frame > div").first.evaluate_handle(
        "el => el.shadowRoot.querySelector('iframe')"
    )
    frame = handle.as_element().content_frame()
    assert frame is not None
    return frame


def texts(locator) -> list[str]:  # type: ignore[no-untyped-def]
    return locator.evaluate_all("els => els.map(e => e.textContent.trim())")


def wait_texts(locator, predicate, timeout: float = 10.0) -> list[str]:  # type: ignore[no-untyped-def]
    deadline = time.time() + timeout
    seen: list[str] = []
    while time.time() < deadline:
        seen = texts(locator)
        if predicate(seen):
            return seen
        time.sleep(0.1)
    raise AssertionError(f"the page shows {seen!r}")
