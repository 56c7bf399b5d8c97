"""A tiny static server for the built-in components harness page.

Serves the runtime's static files under /runtime/ (as the center does) and this
directory at /, on the first free port in 8200-8299 (the ports this test area may use).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
STATIC = HERE.parents[2] / "src" / "miniport" / "runtime" / "static"
# The reference renderer (miniprogram-simulate's browser build) for the compatibility test.
NODE_MODULES = HERE.parents[2] / "node_modules"
PORTS = range(8200, 8300)


class _Handler(SimpleHTTPRequestHandler):
    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0].split("#", 1)[0]
        if path.startswith("/runtime/"):
            base, rest = STATIC, path[len("/runtime/") :]
        elif path.startswith("/node_modules/"):
            base, rest = NODE_MODULES, path[len("/node_modules/") :]
        else:
            base, rest = HERE, path.lstrip("/")
        target = (base / rest).resolve()
        # Never serve anything outside the two roots, whatever the URL says.
        if base != target and base not in target.parents:
            return str(base / "__outside__")
        return str(target)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def serve() -> Iterator[str]:
    """Yields the base URL of a running server; stops it afterwards."""
    handler = functools.partial(_Handler, directory=str(HERE))
    last_error: OSError | None = None
    for port in PORTS:
        try:
            server = ThreadingHTTPServer(("127.0.0.1", port), handler)
            break
        except OSError as exc:
            last_error = exc
    else:
        raise RuntimeError(f"no free port in 8200-8299 for the components harness: {last_error}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# ---- pytest fixtures and helpers shared by tests/runtime/test_components*.py ------
# Test modules load this file by path and re-export the fixtures they use.

import pytest  # noqa: E402


@pytest.fixture(scope="module")
def harness_url() -> Iterator[str]:
    with serve() as url:
        yield url


@pytest.fixture
def hp(page, harness_url):  # type: ignore[no-untyped-def]
    """The harness page, loaded and ready; the test fails on any uncaught page error."""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_default_timeout(5000)
    page.goto(harness_url + "/index.html")
    page.wait_for_function("window.harnessReady === true")
    yield page
    assert not errors, errors


def mount(page, html: str, record: dict[str, list[str]] | None = None) -> None:  # type: ignore[no-untyped-def]
    """Replaces the harness content with `html` and records the given events per selector."""
    page.evaluate("([html, record]) => window.mount(html, record)", [html, record or {}])
    settle(page)


def settle(page) -> None:  # type: ignore[no-untyped-def]
    """Waits for pending microtask renders and one frame of layout."""
    page.evaluate(
        "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r())))"
    )


def events(page, type_: str | None = None, id_: str | None = None) -> list[dict]:  # type: ignore[no-untyped-def]
    got = page.evaluate("() => window.events")
    return [
        e for e in got if (type_ is None or e["type"] == type_) and (id_ is None or e["id"] == id_)
    ]


def requests(page) -> list[dict]:  # type: ignore[no-untyped-def]
    return page.evaluate("() => window.requests")


def flat_text(page, selector: str) -> str:  # type: ignore[no-untyped-def]
    """The text a user sees in `selector`, through shadow roots and slots."""
    return page.evaluate("s => window.flatText(s)", selector)
