"""Console pages, one module per job; `ROUTERS` is what `routes.install` mounts."""

from __future__ import annotations

from fastapi import APIRouter

from miniport.console.pages import auth


def _routers() -> list[APIRouter]:
    return [auth.router]


ROUTERS = _routers()
