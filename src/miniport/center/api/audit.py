"""The audit log: query as JSON, export as CSV or JSON."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from miniport.center.deps import CurrentPrincipal, DbSession
from miniport.center.services import audit

router = APIRouter(tags=["audit"])


@router.get("/audit")
def query(
    db: DbSession,
    who: CurrentPrincipal,
    action: str | None = None,
    subject_type: str | None = None,
    subject_id: str | None = None,
    actor: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = Query(default=100, ge=1, le=1000),
    offset: int = Query(default=0, ge=0),
) -> list[dict[str, Any]]:
    q = audit.AuditQuery(action, subject_type, subject_id, actor, None, since, until, limit, offset)
    return [audit.event_json(e) for e in audit.query(db, who, q)]


@router.get("/audit/export")
def export(
    db: DbSession,
    who: CurrentPrincipal,
    format: str = Query(default="csv", pattern="^(csv|json)$"),
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Response:
    """Every matching event (up to 10,000) as a CSV or JSON download."""
    q = audit.AuditQuery(action=action, since=since, until=until, limit=10000)
    events = audit.query(db, who, q)
    if format == "json":
        body = json.dumps([audit.event_json(e) for e in events], ensure_ascii=False, indent=2)
        media, ext = "application/json", "json"
    else:
        body, media, ext = audit.to_csv(events), "text/csv; charset=utf-8", "csv"
    return Response(
        body,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="miniport-audit.{ext}"'},
    )
