"""Mounts the console at /console/: static files, the page routers, and its error pages.

The center calls `install(app, ctx)` (see `miniport.center.app.INSTALLERS`). Everything
the console keeps lives in one `Console` object on `app.state.console`; pages reach the
center only through its service functions with `ctx.db` sessions, never through HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment

from miniport.console.rendering import make_environment
from miniport.console.viewer import Viewer, navigation

STATIC = Path(__file__).parent / "static"


@dataclass
class Console:
    """The console's state: the center context, templates, the CSRF secret, the language."""

    ctx: Any
    templates: Environment
    secret: str
    default_language: str | None

    def navigation(self, viewer: Viewer) -> list[Any]:
        return navigation(viewer)


def install(app: FastAPI, ctx: Any) -> None:
    """Add the console to the center's app."""
    from miniport.console.pages import ROUTERS

    settings = getattr(ctx, "settings", None)
    app.state.console = Console(
        ctx=ctx,
        templates=make_environment(),
        secret=ctx.secret_key,
        default_language=getattr(settings, "language", None),
    )
    app.mount("/console/static", StaticFiles(directory=STATIC), name="console-static")
    for router in ROUTERS:
        app.include_router(router)
