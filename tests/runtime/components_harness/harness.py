"""Test helpers for the built-in components (tests/runtime/test_components*.py and
test_compat*.py).

- `serve()`: a tiny static server for the harness pages. Serves the runtime's static
  files under /runtime/ (as the center does), the npm test packages under
  /node_modules/ and this directory at /, on the first free port in 8200-8259.
- `serve_miniprogram()`: a real mini-program under `miniport dev`'s app on 8260-8299.
- pytest fixtures `harness_url` and `hp`, and helpers to mount markup and read events.
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
PORTS = range(8200, 8260)


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
        raise RuntimeError(f"no free port in 8200-8259 for the components harness: {last_error}")
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


# ---- a real mini-program in Miniport's runtime (dev server + simulator) -------------


def port_is_free(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@contextmanager
def serve_miniprogram(
    src: Path, cache_dir: Path, ports: range = range(8260, 8300)
) -> Iterator[str]:
    """Builds `src` and serves it with `miniport dev`'s app on a free port of `ports`;
    yields the simulator's URL."""
    import time

    import uvicorn

    from miniport.dev.builder import DevBuilder
    from miniport.dev.server import create_dev_app

    builder = DevBuilder(src, interval=0.2, cache_dir=cache_dir)
    state = builder.build()
    if not state.ok:
        raise AssertionError(f"the test mini-program does not build: {state.diagnostics}")
    app = create_dev_app(builder, watch=False)
    for port in ports:
        if not port_is_free(port):
            continue
        server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.time() + 10
        while not server.started and thread.is_alive() and time.time() < deadline:
            time.sleep(0.02)
        if server.started:
            break
    else:
        raise RuntimeError(f"no free port in {ports.start}-{ports.stop - 1} for the dev server")
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        thread.join(timeout=5)


def open_simulator(page, url: str):  # type: ignore[no-untyped-def]
    """Loads the simulator at `url`, waits for launch, returns the view layer's frame."""
    page.goto(url)
    page.wait_for_function("window.__miniport && window.__miniport.ready", timeout=30000)
    handle = page.locator("#mp").evaluate_handle("el => el.shadowRoot.querySelector('iframe')")
    return handle.as_element().content_frame()
