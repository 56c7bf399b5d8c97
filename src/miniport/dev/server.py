"""The `miniport dev` web app: simulator page, latest package, build state, runtime files."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route

from miniport.dev.builder import DevBuilder
from miniport.dev.simulator import simulator_html
from miniport.dev.static import RuntimeStatic


def create_dev_app(
    builder: DevBuilder,
    request_domains: list[str] | None = None,
    watch: bool = True,
) -> Starlette:
    """The dev server for one source tree. `request_domains` is the allow-list the
    simulator's host policy enforces (default: every domain, as WeChat DevTools'
    "do not verify domains")."""
    domains = request_domains if request_domains is not None else ["*"]

    async def index(_: Request) -> Response:
        return HTMLResponse(simulator_html(domains), headers={"Cache-Control": "no-cache"})

    async def package(_: Request) -> Response:
        state = builder.state
        if state.package is None:
            return JSONResponse(
                {
                    "error": {
                        "code": "dev.no_package",
                        "message": "no successful build yet; fix the errors shown in the simulator",
                        "details": {"diagnostics": state.diagnostics},
                    }
                },
                status_code=409,
            )
        return Response(
            state.package,
            media_type="application/octet-stream",
            headers={"Cache-Control": "no-store", "X-Package-Id": state.package_id or ""},
        )

    async def state(_: Request) -> Response:
        return JSONResponse(builder.state.to_json(), headers={"Cache-Control": "no-store"})

    async def rebuild(_: Request) -> Response:
        state = await run_in_threadpool(builder.build)
        return JSONResponse(state.to_json())

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        if watch:
            builder.start()
        else:
            builder.build()
        try:
            yield
        finally:
            builder.stop()

    return Starlette(
        routes=[
            Route("/", index),
            Route("/package.mpk", package),
            Route("/api/state", state),
            Route("/api/rebuild", rebuild, methods=["POST"]),
            Mount("/runtime", app=RuntimeStatic()),
        ],
        lifespan=lifespan,
    )


def source_root(src: Path) -> Path:
    """The folder to watch: `src` itself, resolved."""
    return src.resolve()
