"""Serving the runtime's ES modules with the headers its sandbox relies on.

Two headers matter and a plain static-file server sends neither:

- ``Access-Control-Allow-Origin: *`` — the view layer runs in a sandboxed iframe with an
  opaque origin, and module scripts are always fetched with CORS, so without it the view
  cannot load its own code.
- ``Content-Security-Policy`` on the logic worker's files — a dedicated worker takes its
  CSP from its own response. ``connect-src`` falls back to ``default-src 'none'`` (no
  network even if a capability were restored) and ``script-src`` names only the
  runtime's own folders plus ``'unsafe-eval'``, so the worker runs the package's logic
  bundle but cannot ``import()`` anything else, not even other URLs of the same site. The worker also deletes the network and code-loading globals itself
  (``service/sandbox.js``); the header covers what deleting names cannot (``import()``).

Mount `RuntimeStatic()` at ``/runtime`` in any Starlette/FastAPI app that serves the
runtime (the dev server does; the center's ``serve`` should too).
"""

from __future__ import annotations

from pathlib import Path

from starlette.responses import FileResponse, JSONResponse, Response
from starlette.types import Receive, Scope, Send

from miniport.runtime import STATIC_DIR


def worker_csp(host: str, prefix: str) -> str:
    """CSP of the logic worker's files served at `host` + `prefix` (e.g. ``/runtime``).

    ``script-src`` names the two runtime folders the worker imports from, not the whole
    origin: ``'self'`` would let mini-program code ``import()`` any URL of the host's
    site, which is a GET carrying the host's cookies.
    """
    base = f"{host}{prefix.rstrip('/')}"
    return f"default-src 'none'; script-src {base}/service/ {base}/common/ 'unsafe-eval'"


_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".html": "text/html; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}


def runtime_headers(
    relative_path: str, cache_control: str = "no-cache", host: str = "", prefix: str = "/runtime"
) -> dict[str, str]:
    """Response headers for the runtime file at `relative_path` (e.g. ``service/worker.js``),
    served at `host` (the request's Host header) under `prefix` (the mount path)."""
    headers = {
        "Access-Control-Allow-Origin": "*",
        "Cache-Control": cache_control,
        "X-Content-Type-Options": "nosniff",
    }
    if relative_path.startswith("service/"):
        headers["Content-Security-Policy"] = worker_csp(host, prefix)
    return headers


def _host(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"host":
            return value.decode("latin-1")
    server = scope.get("server")
    return f"{server[0]}:{server[1]}" if server else "localhost"


class RuntimeStatic:
    """ASGI app serving `directory` (the runtime's static files) with `runtime_headers`."""

    def __init__(self, directory: Path = STATIC_DIR, cache_control: str = "no-cache"):
        # The dev server revalidates every file (live edits); the center lets browsers
        # keep the runtime for a while, which is also what lets a host reopen a cached
        # mini-program offline (its worker and view load the runtime again).
        self.directory = directory.resolve()
        self.cache_control = cache_control

    def resolve(self, relative: str) -> Path | None:
        """The file for a request path, or None when it is missing or outside the directory."""
        candidate = (self.directory / relative.lstrip("/")).resolve()
        if not candidate.is_relative_to(self.directory) or not candidate.is_file():
            return None
        return candidate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        relative = scope["path"][len(scope.get("root_path", "")) :].lstrip("/")
        response: Response
        if scope.get("method", "GET") not in ("GET", "HEAD"):
            response = JSONResponse(
                {
                    "error": {
                        "code": "method_not_allowed",
                        "message": "runtime files are read-only; use GET",
                    }
                },
                status_code=405,
            )
        elif (path := self.resolve(relative)) is None:
            response = JSONResponse(
                {
                    "error": {
                        "code": "runtime.not_found",
                        "message": f"no runtime file {relative!r}; check the URL under /runtime/",
                    }
                },
                status_code=404,
                headers={"Access-Control-Allow-Origin": "*"},
            )
        else:
            response = FileResponse(
                path,
                media_type=_TYPES.get(path.suffix, "application/octet-stream"),
                headers=runtime_headers(
                    relative, self.cache_control, _host(scope), scope.get("root_path", "")
                ),
            )
        await response(scope, receive, send)
