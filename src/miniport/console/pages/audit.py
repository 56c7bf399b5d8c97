"""The audit log with filters and CSV export, read through the center's audit service
(operator admins see everything; organization owners and admins see their org's)."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from miniport.center.services import audit
from miniport.console.deps import CurrentViewer, DbSession
from miniport.console.errors import ConsoleRoute, forbidden
from miniport.console.i18n import translator_for
from miniport.console.rendering import render

router = APIRouter(route_class=ConsoleRoute, include_in_schema=False)

PAGE_SIZE = 100
FILTERS = ("action", "subject_type", "subject_id", "actor", "since", "until")
CSV_LIMIT = 10_000


def _day(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC) if text else None
    except ValueError:
        return None


def _query(
    request: Request, limit: int, offset: int
) -> tuple[audit.AuditQuery, dict[str, str], dict[str, str]]:
    t = translator_for(request)
    values = {name: request.query_params.get(name, "").strip() for name in FILTERS}
    errors = {
        name: t("audit.bad_date")
        for name in ("since", "until")
        if values[name] and _day(values[name]) is None
    }
    until = _day(values["until"])
    if until is not None:
        until = until.replace(hour=23, minute=59, second=59)
    query = audit.AuditQuery(
        action=values["action"] or None,
        subject_type=values["subject_type"] or None,
        subject_id=values["subject_id"] or None,
        actor=values["actor"] or None,
        since=_day(values["since"]),
        until=until,
        limit=limit,
        offset=offset,
    )
    return query, values, errors


@router.get("/console/audit")
def audit_log(request: Request, db: DbSession, viewer: CurrentViewer, page: int = 1) -> Response:
    if not (viewer.can_operate or viewer.can_manage_org):
        raise forbidden()
    page = max(1, page)
    query, values, errors = _query(request, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE)
    events = list(audit.query(db, viewer.principal, query))
    has_next = len(events) > PAGE_SIZE
    filters = urlencode({k: v for k, v in values.items() if v})
    return render(
        request,
        "audit.html",
        status_code=422 if errors else 200,
        events=events[:PAGE_SIZE],
        values=values,
        errors=errors,
        page=page,
        has_next=has_next,
        filters=filters,
    )


@router.get("/console/audit.csv")
def audit_csv(request: Request, db: DbSession, viewer: CurrentViewer) -> Response:
    """The filtered log as CSV (UTF-8 with BOM so spreadsheet apps read Chinese text)."""
    if not (viewer.can_operate or viewer.can_manage_org):
        raise forbidden()
    query, _values, _errors = _query(request, CSV_LIMIT, 0)
    body = "\ufeff" + audit.to_csv(audit.query(db, viewer.principal, query))
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return Response(
        body.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="miniport-audit-{stamp}.csv"',
            "Cache-Control": "no-store",
        },
    )
