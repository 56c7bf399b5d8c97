"""Console pages, one module per job; `ROUTERS` is what `routes.install` mounts."""

from __future__ import annotations

from fastapi import APIRouter

from miniport.console.pages import (
    apps,
    audit,
    auth,
    dashboard,
    hosts,
    org,
    plans,
    reviews,
    signups,
    tokens,
    versions,
)


def _routers() -> list[APIRouter]:
    return [
        auth.router,
        apps.router,
        versions.router,
        org.router,
        signups.router,
        reviews.router,
        hosts.router,
        plans.router,
        dashboard.router,
        audit.router,
        tokens.router,
    ]


ROUTERS = _routers()
