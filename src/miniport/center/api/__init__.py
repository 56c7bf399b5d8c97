"""The center's HTTP API under /api/v1, plus /healthz and /readyz.

Routers are thin: parse input, call a service in `miniport.center.services`, shape
the output. `install` is the center's entry in `miniport.center.app.INSTALLERS`.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from miniport.center.api import apps, audit, auth, health, hosts, orgs, versions
from miniport.center.context import AppContext
from miniport.center.errors import install_error_handlers

PREFIX = "/api/v1"


def router() -> APIRouter:
    api = APIRouter(prefix=PREFIX)
    for module in (auth, orgs, apps, versions, hosts, audit):
        api.include_router(module.router)
    return api


def install(app: FastAPI, ctx: AppContext) -> None:
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(router())
