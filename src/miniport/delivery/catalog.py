"""`GET /sdk/v1/catalog`: what a host app may show on its home screen.

A host needs names, descriptions, categories and icons of the mini-programs listed for
it (the resolve answer carries only what is needed to run one). The set of appids comes
from the in-memory delivery index, so the catalog never shows an app that resolve would
refuse; the descriptive fields are read once per index generation and host, and kept
beside the delivery state of the app that serves them.
"""

from __future__ import annotations

import threading
from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import select

from miniport.center.models import MiniProgram, Organization
from miniport.delivery.hostauth import HostCallerDep, State

router = APIRouter(prefix="/sdk/v1", tags=["sdk"])

class CatalogCache:
    """The catalog of each host at one index generation; older generations are dropped."""

    def __init__(self) -> None:
        self._items: dict[int, tuple[int, list[dict[str, Any]]]] = {}
        self._lock = threading.Lock()

    def get(self, host_id: int, generation: int) -> list[dict[str, Any]] | None:
        with self._lock:
            entry = self._items.get(host_id)
        return entry[1] if entry and entry[0] == generation else None

    def put(self, host_id: int, generation: int, items: list[dict[str, Any]]) -> None:
        with self._lock:
            self._items[host_id] = (generation, items)


def _items(state: Any, appids: list[str]) -> list[dict[str, Any]]:
    if not appids:
        return []
    with state.db.session() as session:
        rows = session.execute(
            select(MiniProgram, Organization.name)
            .join(Organization, Organization.id == MiniProgram.org_id)
            .where(MiniProgram.appid.in_(appids), MiniProgram.status == "active")
            .order_by(MiniProgram.name)
        ).all()
    return [
        {
            "appid": mp.appid,
            "name": mp.name,
            "description": mp.description,
            "category": mp.category,
            "tags": list(mp.tags or []),
            "icon": mp.icon,
            "organization": org_name,
        }
        for mp, org_name in rows
    ]


@router.get("/catalog")
def catalog(request: Request, caller: HostCallerDep, state: State) -> dict[str, Any]:
    """The mini-programs listed in the caller's host app that have a deliverable version."""
    index = caller.index
    cache: CatalogCache = request.app.state.ctx.extras["delivery.catalog"]
    items = cache.get(caller.host_id, index.generation)
    if items is None:
        deliverable = [
            appid
            for appid in index.appids_for_host(caller.host_id)
            if index.unavailable(caller.host_id, appid) is None
            and index.apps[appid].latest_released
        ]
        items = _items(state, deliverable)
        cache.put(caller.host_id, index.generation, items)
    return {"items": items, "generation": index.generation}


def install(app: Any, ctx: Any) -> None:
    """Mounted after `miniport.delivery.api`, whose state it reads."""
    ctx.extras["delivery.catalog"] = CatalogCache()
    app.include_router(router)
