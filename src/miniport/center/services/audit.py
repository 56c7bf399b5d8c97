"""Writing and reading the audit log.

`record` adds the event to the caller's session, so the event commits (or rolls back)
together with the change it describes: there is never a change without its event,
nor an event for a change that did not happen.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from miniport.center.authz import Perm, Principal
from miniport.center.db import utcnow
from miniport.center.models import AuditEvent

SYSTEM = "system"


@dataclass(frozen=True)
class Actor:
    """Who caused a change: a user, or the platform itself (first start, migrations)."""

    id: int | None
    label: str

    @classmethod
    def of(cls, principal: Principal | None) -> Actor:
        if principal is None:
            return cls(None, SYSTEM)
        return cls(principal.user_id, principal.email)


def record(
    session: Session,
    actor: Actor | Principal | None,
    action: str,
    subject_type: str,
    subject_id: object,
    *,
    org_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    who = actor if isinstance(actor, Actor) else Actor.of(actor)
    event = AuditEvent(
        at=utcnow(),
        actor_id=who.id,
        actor=who.label,
        org_id=org_id,
        action=action,
        subject_type=subject_type,
        subject_id=str(subject_id),
        before=_jsonable(before),
        after=_jsonable(after),
    )
    session.add(event)
    return event


def _jsonable(value: dict[str, Any] | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return json.loads(json.dumps(value, default=_default))


def _default(obj: object) -> str:
    if isinstance(obj, datetime):
        return obj.isoformat()
    return str(obj)


@dataclass
class AuditQuery:
    action: str | None = None
    subject_type: str | None = None
    subject_id: str | None = None
    actor: str | None = None
    org_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 100
    offset: int = 0


def _visible(principal: Principal, stmt: Select[Any]) -> Select[Any]:
    """Operator admins see everything; org owners/admins see their orgs' events."""
    if principal.can(Perm.PLATFORM_ADMIN):
        return stmt
    orgs = [oid for oid in principal.roles if principal.can(Perm.ORG_MANAGE, oid)]
    principal.require(Perm.ORG_MANAGE, orgs[0] if orgs else None)
    return stmt.where(AuditEvent.org_id.in_(orgs))


def query(session: Session, principal: Principal, q: AuditQuery) -> Sequence[AuditEvent]:
    stmt = _visible(principal, select(AuditEvent))
    if q.action:
        stmt = stmt.where(AuditEvent.action == q.action)
    if q.subject_type:
        stmt = stmt.where(AuditEvent.subject_type == q.subject_type)
    if q.subject_id:
        stmt = stmt.where(AuditEvent.subject_id == q.subject_id)
    if q.actor:
        stmt = stmt.where(AuditEvent.actor == q.actor.lower())
    if q.org_id is not None:
        stmt = stmt.where(AuditEvent.org_id == q.org_id)
    if q.since:
        stmt = stmt.where(AuditEvent.at >= q.since)
    if q.until:
        stmt = stmt.where(AuditEvent.at < q.until)
    stmt = stmt.order_by(AuditEvent.id).offset(q.offset).limit(max(1, min(q.limit, 10000)))
    return session.scalars(stmt).all()


def event_json(e: AuditEvent) -> dict[str, Any]:
    return {
        "id": e.id,
        "at": e.at.isoformat(),
        "actor": e.actor,
        "actor_id": e.actor_id,
        "org_id": e.org_id,
        "action": e.action,
        "subject_type": e.subject_type,
        "subject_id": e.subject_id,
        "before": e.before,
        "after": e.after,
    }


CSV_COLUMNS = (
    "id",
    "at",
    "actor",
    "org_id",
    "action",
    "subject_type",
    "subject_id",
    "before",
    "after",
)


def to_csv(events: Sequence[AuditEvent]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(CSV_COLUMNS)
    for e in events:
        row = event_json(e)
        writer.writerow(
            [
                json.dumps(row[c], ensure_ascii=False, sort_keys=True)
                if c in ("before", "after")
                else ("" if row[c] is None else row[c])
                for c in CSV_COLUMNS
            ]
        )
    return buf.getvalue()
