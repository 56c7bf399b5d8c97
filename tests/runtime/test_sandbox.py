"""The sandbox: a mini-program that tries every escape we know of, from its logic layer
(worker) and from its view layer (WXS in the iframe), runs next to another mini-program
in a host page that has cookies and storage of its own. Every attempt must fail, no
request may reach the server, and a crash must stay inside the mini-program.
"""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route

from miniport.compiler.build import build_project
from miniport.dev.static import RuntimeStatic

from .conftest import APPS, start_server, texts

pytestmark = pytest.mark.browser

HOST_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Host bank app</title></head>
<body>
<h1 id="host-title">Host bank app</h1>
<button id="host-button" onclick="this.textContent = 'host still works'">host button</button>
<div id="vault" style="position:relative;width:320px;height:480px;display:inline-block"></div>
<div id="sandbox" style="position:relative;width:375px;height:600px;display:inline-block"></div>
<script type="module">
import { createMiniProgram } from '/runtime/container/index.js';
document.cookie = 'host_session=host-cookie-secret';
localStorage.setItem('host-secret', 'host-local-secret');
window.errors = [];
const common = { hostId: 'bank', userId: 'u1', onError: (e) => window.errors.push(e) };
const vault = createMiniProgram({ ...common, container: document.getElementById('vault'), packageUrl: '/pkg/vault.mpk' });
await vault.ready;
const sandbox = createMiniProgram({
  ...common,
  container: document.getElementById('sandbox'),
  packageUrl: '/pkg/sandbox.mpk',
  policy: { requestDomains: ['https://api.example.com'], mediaDomains: ['https://img.example.com'] },
  launch: { query: { port: location.port } },
});
await sandbox.ready;
window.started = true;
</script></body></html>"""


@pytest.fixture
def host_server(browser):  # type: ignore[no-untyped-def]
    packages = {}
    for name in ("vault", "sandbox"):
        result = build_project(APPS / name)
        assert result.ok, [d.format() for d in result.diagnostics]
        packages[name] = result.package
    hits: list[str] = []

    async def host(_: Request) -> Response:
        return HTMLResponse(HOST_PAGE)

    async def package(request: Request) -> Response:
        return Response(
            packages[request.path_params["name"]], media_type="application/octet-stream"
        )

    async def steal(request: Request) -> Response:
        if request.url.path != "/favicon.ico":
            hits.append(request.url.path)
        return PlainTextResponse("stolen", headers={"Access-Control-Allow-Origin": "*"})

    app = Starlette(
        routes=[
            Route("/", host),
            Route("/pkg/{name}.mpk", package),
            Mount("/runtime", app=RuntimeStatic()),
            Route("/{path:path}", steal, methods=["GET", "POST"]),
        ]
    )
    server, thread, port = start_server(app)
    yield f"http://127.0.0.1:{port}/", hits
    server.should_exit = True
    thread.join(timeout=5)


def sandbox_frame(page):  # type: ignore[no-untyped-def]
    handle = page.locator("#sandbox").evaluate_handle("el => el.shadowRoot.querySelector('iframe')")
    return handle.as_element().content_frame()


def test_every_escape_fails(page, host_server) -> None:  # type: ignore[no-untyped-def]
    url, hits = host_server
    page.goto(url)
    page.wait_for_function("window.started === true", timeout=15000)
    vault = page.locator("#vault").evaluate_handle("el => el.shadowRoot.querySelector('iframe')")
    assert (
        "stored: the vault secret"
        in vault.as_element().content_frame().locator(".status").text_content()
    )

    frame = sandbox_frame(page)
    # view-layer escapes ran while rendering (WXS)
    view_results = frame.locator(".view-probe").text_content().split(";")
    assert len(view_results) == 5
    assert all(r.endswith(":blocked") for r in view_results), view_results

    frame.locator("#run").click()
    frame.locator(".done").wait_for(timeout=15000)
    results = dict(r.split("=", 1) for r in texts(frame.locator(".result")))
    assert len(results) == 20
    escaped = {k: v for k, v in results.items() if v != "blocked"}
    assert escaped == {}, f"escapes that worked: {escaped}"
    assert hits == [], f"requests reached the server: {hits}"


def test_a_crash_stays_inside_the_mini_program(page, host_server) -> None:  # type: ignore[no-untyped-def]
    url, _ = host_server
    page.goto(url)
    page.wait_for_function("window.started === true", timeout=15000)
    frame = sandbox_frame(page)
    frame.locator("#crash").click()
    frame.locator(".last-error").filter(has_text="Cannot read properties of undefined").wait_for()
    page.wait_for_function("window.errors.length > 0")
    error = page.evaluate("window.errors[0]")
    assert error["location"]["file"] == "pages/index/index.js"
    # the mini-program still answers, and the host page was never touched
    frame.locator("#run").click()
    frame.locator(".done").wait_for(timeout=15000)
    page.locator("#host-button").click()
    assert page.locator("#host-button").inner_text() == "host still works"
    assert page.evaluate("document.cookie") == "host_session=host-cookie-secret"
