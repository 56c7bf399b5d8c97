"""Console pages, one module per job; `ROUTERS` is what `routes.install` mounts."""

from __future__ import annotations

from fastapi import APIRouter

from miniport.console.pages import apps, auth, org, signups, tokens


def _routers() -> list[APIRouter]:
    return [auth.router, apps.router, org.router, signups.router, tokens.router]


ROUTERS = _routers()
