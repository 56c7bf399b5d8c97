"""The FastAPI application factory and the extension point other areas plug into.

`create_app(settings)` builds the `AppContext` (database, storage, secret key), mounts
the center's own routers under `/api/v1/`, `/healthz` and `/readyz`, and then calls each
area installer named in `INSTALLERS`, in order:

    miniport.delivery.api:install     # /sdk/v1 (signed host API)
    miniport.console.routes:install   # /console/ pages
    miniport.runtime.static:install   # (built in here) runtime files at /runtime/

An installer is a function `install(app: FastAPI, ctx: AppContext) -> None`. It may add
routers, mount static files, register startup/shutdown work with
`ctx.extras.setdefault("on_startup", []).append(fn)` / `"on_shutdown"`, or keep its
own state in `ctx.extras["<area>"]`. A module that does not exist yet (an area not
written) is skipped silently, so the app always starts; a module that exists but fails
to import is an error, on purpose, so a broken area is not hidden.

To add an area, append its "module:function" to `INSTALLERS` (this file is owned by the
center; ask its owner). Nothing else in the center needs to change.
"""

from __future__ import annotations

import importlib
import importlib.util
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from miniport import __version__
from miniport.center.context import AppContext
from miniport.center.db import Database
from miniport.center.storage import open_storage
from miniport.config import Settings

Installer = Callable[[FastAPI, AppContext], None]

INSTALLERS: list[str] = [
    "miniport.center.api:install",
    "miniport.delivery.api:install",
    "miniport.delivery.catalog:install",
    "miniport.console.routes:install",
    "miniport.center.app:install_runtime_static",
    "miniport.demo.routes:install",
]


def _module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def load_installer(spec: str) -> Installer | None:
    """Resolve "module:function"; None when the module is absent (area not written yet)."""
    module_name, _, func_name = spec.partition(":")
    if not _module_exists(module_name):
        return None
    module = importlib.import_module(module_name)
    installer = getattr(module, func_name, None)
    return installer if callable(installer) else None


def install_runtime_static(app: FastAPI, ctx: AppContext) -> None:
    """Serve the runtime's ES modules at /runtime/ with the CORS and worker CSP headers its
    sandbox relies on (see `miniport.dev.static`)."""
    from miniport.dev.static import RuntimeStatic
    from miniport.runtime import STATIC_DIR

    if STATIC_DIR.is_dir():
        app.mount(
            "/runtime",
            RuntimeStatic(STATIC_DIR, cache_control="public, max-age=3600"),
            name="runtime",
        )


def resolve_secret_key(settings: Settings) -> str:
    """The key that signs console sessions: from settings, else kept in the data dir.

    Generated once and stored so sessions survive restarts without configuration.
    """
    if settings.secret_key:
        return settings.secret_key
    path: Path = settings.data_dir / "secret_key"
    if path.is_file():
        return path.read_text().strip()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key + "\n")
    path.chmod(0o600)
    return key


def build_context(settings: Settings) -> AppContext:
    storage = open_storage(settings.resolved_storage_url(), settings.s3_endpoint_url)
    return AppContext(
        settings=settings,
        db=Database.from_settings(settings),
        storage=storage,
        secret_key=resolve_secret_key(settings),
    )


def create_app(settings: Settings, ctx: AppContext | None = None) -> FastAPI:
    """Build the whole HTTP application. Migrations are applied by the caller (serve)."""
    ctx = ctx or build_context(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        for fn in ctx.extras.get("on_startup", []):
            await _maybe_await(fn())
        try:
            yield
        finally:
            for fn in ctx.extras.get("on_shutdown", []):
                await _maybe_await(fn())

    app = FastAPI(
        title="Miniport",
        version=__version__,
        description="Management center (/api/v1), host API (/sdk/v1), runtime (/runtime).",
        lifespan=lifespan,
    )
    app.state.ctx = ctx
    for spec in INSTALLERS:
        installer = load_installer(spec)
        if installer is not None:
            installer(app, ctx)
    return app


async def _maybe_await(value: object) -> None:
    import inspect

    if inspect.isawaitable(value):
        await value
