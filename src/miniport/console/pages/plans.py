"""Operator: release plans per (mini-program, host app) — the editor with a live
estimate from delivery's simulator, pause / resume, roll back, and the history.

Saving, pausing and rolling back call `miniport.delivery.plans`; the estimate runs the
draft through the same `parse_plan` → `compile_plan` → `simulate` path as
`POST /api/v1/apps/{appid}/plans/{host}/simulate`, so what the editor predicts is what
resolve will do. Nothing here decides what a valid plan is.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from miniport.center.errors import ApiError
from miniport.center.services import hosts, miniprograms, versions
from miniport.console import plan_form
from miniport.console.deps import DbSession, Form, Operator
from miniport.console.errors import ConsoleRoute, api_error_text
from miniport.console.forms import field, needs_confirmation
from miniport.console.i18n import translator_for
from miniport.console.rendering import render
from miniport.console.viewer import Viewer
from miniport.delivery import plans
from miniport.delivery.compiled import DELIVERABLE_STATES
from miniport.delivery.rules import PlanValidationError, compile_plan, parse_plan
from miniport.delivery.simulate import DistributionError, parse_distribution, simulate

router = APIRouter(route_class=ConsoleRoute, include_in_schema=False)

ESTIMATE_USERS = 20_000
EXAMPLE_ATTRIBUTES = '{"user.city": {"Shanghai": 30, "Beijing": 30, "Shenzhen": 40},\n "device.os": {"android": 60, "ios": 40}}'


def _reload_delivery(request: Request) -> None:
    """Read-your-writes: the next resolve in this process sees the change at once."""
    state = request.app.state.console.ctx.extras.get("delivery")
    if state is not None:
        state.reload()


def _version_choices(db: DbSession, viewer: Viewer, appid: str) -> list[Any]:
    mp = miniprograms.get_app(db, viewer.principal, appid)
    return [
        v
        for v in versions.list_versions(db, viewer.principal, appid)
        if v.state in DELIVERABLE_STATES or v.id == mp.trial_version_id
    ]


@router.get("/console/apps/{appid}/plans")
def plan_list(request: Request, appid: str, db: DbSession, viewer: Operator) -> Response:
    mp = miniprograms.get_app(db, viewer.principal, appid)
    existing = {p["host"]["id"]: p for p in plans.list_plans(db, viewer.principal, appid)}
    return render(
        request, "plans.html", app=mp, hosts=hosts.list_hosts(db, viewer.principal), plans=existing
    )


def estimate(
    document: dict[str, Any], salt: str, attributes: str
) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """Simulated shares for a draft, or the errors keyed by editor input."""
    try:
        plan = parse_plan(document, salt=salt)
    except PlanValidationError as exc:
        return None, plan_form.errors_by_input(exc.errors)
    try:
        distribution = parse_distribution(json.loads(attributes)) if attributes.strip() else None
    except (ValueError, DistributionError) as exc:
        return None, {"attributes": str(exc)}
    return simulate(compile_plan(plan), ESTIMATE_USERS, distribution).as_json(), {}


def _editor(
    request: Request,
    db: DbSession,
    viewer: Viewer,
    appid: str,
    host_id: int,
    status: int = 200,
    fields: plan_form.PlanFields | None = None,
    errors: dict[str, str] | None = None,
    attributes: str = "",
) -> Response:
    mp = miniprograms.get_app(db, viewer.principal, appid)
    current = plans.get_plan(db, viewer.principal, appid, str(host_id))
    history = plans.revisions(db, viewer.principal, appid, str(host_id))
    if fields is None:
        fields = plan_form.fields_from_document(current["plan"])
    document = plan_form.document_from_fields(fields)
    salt = (current["plan"] or {}).get("salt", "")
    result, estimate_errors = (
        estimate(document, salt, attributes)
        if fields.rules or fields.default_version
        else (None, {})
    )
    return render(
        request,
        "plan.html",
        status_code=status,
        app=mp,
        host=current["host"],
        current=current,
        history=list(reversed(history)),
        fields=fields,
        versions=_version_choices(db, viewer, appid),
        errors=errors or {},
        estimate=result,
        estimate_errors=estimate_errors if not errors else {},
        attributes=attributes,
        example_attributes=EXAMPLE_ATTRIBUTES,
        max_variants=plan_form.MAX_VARIANTS,
        blank_rule=plan_form.RuleFields(),
    )


@router.get("/console/apps/{appid}/plans/{host_id}")
def editor(request: Request, appid: str, host_id: int, db: DbSession, viewer: Operator) -> Response:
    return _editor(request, db, viewer, appid, host_id)


@router.post("/console/apps/{appid}/plans/{host_id}")
def save(
    request: Request, appid: str, host_id: int, form: Form, db: DbSession, viewer: Operator
) -> Response:
    fields = plan_form.fields_from_form(form)
    attributes = field(form, "attributes")
    action = field(form, "action") or "save"
    if action == "add_rule":  # the no-JavaScript way to grow the list
        fields.rules.append(plan_form.RuleFields())
        return _editor(request, db, viewer, appid, host_id, fields=fields, attributes=attributes)
    if action.startswith("remove_rule-"):
        number = action.split("-", 1)[1]
        index = int(number) if number.isdigit() else -1
        if 0 <= index < len(fields.rules):
            fields.rules.pop(index)
        return _editor(request, db, viewer, appid, host_id, fields=fields, attributes=attributes)
    document = plan_form.document_from_fields(fields)
    try:
        plans.save_plan(db, viewer.principal, appid, str(host_id), document)
    except ApiError as exc:
        details = exc.details if isinstance(exc.details, dict) else {}
        problems = [(e["field"], e["message"]) for e in details.get("errors") or []]
        errors = plan_form.errors_by_input(problems) if problems else {}
        errors["_form"] = api_error_text(request, exc)
        return _editor(
            request,
            db,
            viewer,
            appid,
            host_id,
            exc.status,
            fields=fields,
            errors=errors,
            attributes=attributes,
        )
    _reload_delivery(request)
    return RedirectResponse(
        f"/console/apps/{appid}/plans/{host_id}?notice=plans.saved", status_code=303
    )


@router.post("/console/apps/{appid}/plans/{host_id}/estimate")
def live_estimate(
    request: Request, appid: str, host_id: int, form: Form, db: DbSession, viewer: Operator
) -> Response:
    """The estimate fragment the editor script swaps in while the operator types."""
    current = plans.get_plan(db, viewer.principal, appid, str(host_id))
    fields = plan_form.fields_from_form(form)
    salt = (current["plan"] or {}).get("salt", "")
    result, errors = estimate(
        plan_form.document_from_fields(fields), salt, field(form, "attributes")
    )
    console = request.app.state.console
    html = console.templates.get_template("_estimate.html").render(
        t=translator_for(request), estimate=result, estimate_errors=errors
    )
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})


@router.post("/console/apps/{appid}/plans/{host_id}/{action}")
def change(
    request: Request,
    appid: str,
    host_id: int,
    action: str,
    form: Form,
    db: DbSession,
    viewer: Operator,
) -> Response:
    t = translator_for(request)
    back = f"/console/apps/{appid}/plans/{host_id}"
    if action not in ("pause", "resume", "rollback"):
        return _editor(request, db, viewer, appid, host_id, 404)
    if action in ("pause", "rollback"):
        ask = needs_confirmation(request, form, t(f"plans.{action}_confirm"), back)
        if ask is not None:
            return ask
    try:
        if action == "rollback":
            plans.rollback(db, viewer.principal, appid, str(host_id))
        else:
            plans.set_paused(
                db, viewer.principal, appid, str(host_id), action == "pause", field(form, "reason")
            )
    except ApiError as exc:
        return _editor(
            request,
            db,
            viewer,
            appid,
            host_id,
            exc.status,
            errors={"_action": api_error_text(request, exc)},
        )
    _reload_delivery(request)
    return RedirectResponse(f"{back}?notice=plans.done.{action}", status_code=303)
