"""`GET /sdk/v1/catalog`: what a host app may show on its home screen.

A host needs names, descriptions, categories and icons of the mini-programs listed for
it (the resolve answer carries only what is needed to run one). The set of appids comes
from the in-memory delivery index, so the catalog never shows an app that resolve would
refuse; the descriptive fields are read once per index generation and host.
"""

from __future__ import annotations

import threading
from typing import Any

from fastapi import APIRouter
from sqlalchemy import select

from miniport.center.models import MiniProgram, Organization
from miniport.delivery.hostauth import HostCallerDep, State

router = APIRouter(prefix="/sdk/v1", tags=["sdk"])

_cache: dict[tuple[int, int], list[dict[str, Any]]] = {}
_lock = threading.Lock()


def _items(state: Any, host_id: int, appids: list[str]) -> list[dict[str, Any]]:
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
def catalog(caller: HostCallerDep, state: State) -> dict[str, Any]:
    """The mini-programs listed in the caller's host app that have a deliverable version."""
    index = caller.index
    key = (caller.host_id, index.generation)
    with _lock:
        cached = _cache.get(key)
    if cached is None:
        deliverable = [
            appid
            for appid in index.appids_for_host(caller.host_id)
            if index.listings.get((caller.host_id, appid)) == "listed"
            and appid in index.apps
            and index.apps[appid].status == "active"
            and index.apps[appid].latest_released
        ]
        cached = _items(state, caller.host_id, deliverable)
        with _lock:
            for old in [k for k in _cache if k[0] == caller.host_id]:
                del _cache[old]
            _cache[key] = cached
    return {"items": cached, "generation": index.generation}


def install(app: Any, ctx: Any) -> None:
    """Mounted after `miniport.delivery.api`, whose state it reads."""
    app.include_router(router)
