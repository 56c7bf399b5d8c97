"""Fixtures for the runtime's browser tests: serve an example mini-program with the dev
server (in this process, on this area's ports 8110-8199) and open it in the simulator.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

APPS = Path(__file__).parent / "apps"
_ports = itertools.cycle(range(8110, 8190))


class ServedApp:
    """A running dev server for one example app, and helpers to drive its simulator."""

    def __init__(self, url: str, builder: object):
        self.url = url
        self.builder = builder

    def open(self, page, timeout: float = 15000):  # type: ignore[no-untyped-def]
        """Load the simulator in `page`, wait for launch, return the view frame."""
        page.goto(self.url)
        return self.wait_ready(page, timeout)

    def wait_ready(self, page, timeout: float = 15000, version: int | None = None):  # type: ignore[no-untyped-def]
        condition = "window.__miniport && window.__miniport.ready"
        if version is not None:
            condition += f" && window.__miniport.version >= {version}"
        page.wait_for_function(condition, timeout=timeout)
        return view_frame(page)


def view_frame(page):  # type: ignore[no-untyped-def]
    """The sandboxed iframe the view layer renders into (the last one created)."""
    handle = page.locator("#mp").evaluate_handle("el => el.shadowRoot.querySelector('iframe')")
    frame = handle.as_element().content_frame()
    assert frame is not None
    return frame


def shell(page, selector: str):  # type: ignore[no-untyped-def]
    """A locator inside the host shell (navigation bar, tabBar)."""
    return page.locator(f"#mp {selector}")


def free_port() -> int:
    """A port of this area's range that nothing listens on right now."""
    import socket

    for _ in range(80):
        port = next(_ports)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8110-8189")


def start_server(app: object) -> tuple[object, threading.Thread, int]:
    """Run an ASGI app with uvicorn in a thread on a free port of this area's range."""
    import uvicorn

    for _ in range(20):
        port = free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")  # type: ignore[arg-type]
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.time() + 10
        while not server.started and thread.is_alive() and time.time() < deadline:
            time.sleep(0.02)
        if server.started:
            return server, thread, port
    raise RuntimeError("could not start a server on a port in 8110-8189")


@pytest.fixture
def serve_app(browser) -> Iterator[Callable[..., ServedApp]]:  # type: ignore[no-untyped-def]
    """`serve_app("todo")` starts the dev server for tests/runtime/apps/todo."""
    from miniport.dev.builder import DevBuilder
    from miniport.dev.server import create_dev_app

    servers: list[tuple[object, threading.Thread]] = []

    def start(
        name: str,
        request_domains: list[str] | None = None,
        src: Path | None = None,
        watch: bool = False,
    ) -> ServedApp:
        builder = DevBuilder(src or APPS / name, interval=0.2)
        app = create_dev_app(builder, request_domains=request_domains, watch=watch)
        server, thread, port = start_server(app)
        servers.append((server, thread))
        return ServedApp(f"http://127.0.0.1:{port}/", builder)

    yield start
    for server, thread in servers:
        server.should_exit = True  # type: ignore[attr-defined]
        thread.join(timeout=5)


def texts(locator) -> list[str]:  # type: ignore[no-untyped-def]
    """The DOM text (textContent) of every match: what the view layer wrote.

    Playwright's own text assertions also read open shadow roots, and built-ins such as
    `<wx-text>` show a copy of their text there, so they would see it twice.
    """
    return locator.evaluate_all("els => els.map(e => e.textContent.trim())")


def expect_texts(locator, expected: list[str], timeout: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    """Wait until the matches' DOM texts equal `expected`; fail showing the last ones."""
    deadline = time.time() + timeout
    seen: list[str] = []
    while time.time() < deadline:
        seen = texts(locator)
        if seen == expected:
            return
        time.sleep(0.05)
    raise AssertionError(f"expected texts {expected!r}, the page shows {seen!r}")
