"""HTTP routes of delivery, plugged in by `install(app, ctx)` (the center's extension point).

- `/api/v1/apps/{appid}/plans/...`: release plans for operators (session or API token).
- `/sdk/v1/...`: the host API — session tokens, resolve, packages, update stream, events.

Routers stay thin: parse, call a service, shape the answer. The hot path (`resolve`)
is `async` and reads only the in-memory index.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections import Counter
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Body, Depends, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, StreamingResponse
from pydantic import BaseModel, ValidationError
from sqlalchemy import event
from sqlalchemy.orm import Session
from starlette.routing import Route

from miniport.center.context import AppContext
from miniport.center.deps import CurrentPrincipal, DbSession
from miniport.center.errors import Invalid, NotFound
from miniport.center.models import HostApp, HostAppKey, Listing, MiniProgram, TrialTester, Version
from miniport.center.services.hosts import sdk_secret
from miniport.delivery import guardrail, plans
from miniport.delivery.bus import bus_for
from miniport.delivery.hostauth import (
    HostCaller,
    HostCallerDep,
    SignedHostDep,
    State,
    authenticate,
    get_state,
    header_map,
    refuse,
)
from miniport.delivery.models import ReleasePlan, ReleasePlanRevision
from miniport.delivery.nonces import nonce_store_for
from miniport.delivery.packages import (
    IMMUTABLE,
    PACKAGE_ID,
    PackageCache,
    parse_range,
    presigned_url,
)
from miniport.delivery.rules import Context as RuleContext
from miniport.delivery.rules import PlanValidationError, compile_plan, parse_plan
from miniport.delivery.schemas import (
    EventsRequest,
    PauseRequest,
    ResolveRequest,
    RollbackRequest,
    SessionRequest,
    SimulateRequest,
)
from miniport.delivery.simulate import DistributionError, parse_distribution, simulate
from miniport.delivery.state import DeliveryState
from miniport.delivery.tokens import DEFAULT_TTL_SECONDS, SessionClaims, SessionTokens, TokenError

WATCHED = (
    HostApp,
    HostAppKey,
    Listing,
    MiniProgram,
    TrialTester,
    Version,
    ReleasePlan,
    ReleasePlanRevision,
)
"""Tables whose changes can change a resolve answer: a commit touching one reloads."""

ModelT = TypeVar("ModelT", bound=BaseModel)
KEEPALIVE_SECONDS = 15.0
MAX_STREAM_SECONDS = 300.0
"""Streams end after this long and clients reconnect (`retry:`): keeps proxies happy and
lets a server shutting down finish its open streams in bounded time."""

# --------------------------------------------------------------------------- /api/v1

plans_router = APIRouter(prefix="/api/v1/apps/{appid}/plans", tags=["release plans"])


def _reload(state: DeliveryState) -> None:
    """Read-your-writes in this process; other processes hear it from the bus."""
    state.reload()


@plans_router.get("")
def list_plans(appid: str, db: DbSession, who: CurrentPrincipal) -> list[dict[str, Any]]:
    """Every host app's plan for this mini-program."""
    return plans.list_plans(db, who, appid)


@plans_router.get("/{host}")
def get_plan(appid: str, host: str, db: DbSession, who: CurrentPrincipal) -> dict[str, Any]:
    """The current plan of a (mini-program, host app); `host` is its id or name."""
    return plans.get_plan(db, who, appid, host)


@plans_router.put("/{host}")
def put_plan(
    appid: str,
    host: str,
    db: DbSession,
    who: CurrentPrincipal,
    state: State,
    document: Annotated[Any, Body(description="The plan document (see docs/delivery.md).")],
) -> dict[str, Any]:
    """Save a new revision of the plan; refused with every problem named by field."""
    out = plans.save_plan(db, who, appid, host, document)
    _reload(state)
    return out


@plans_router.delete("/{host}", status_code=204)
def delete_plan(
    appid: str, host: str, db: DbSession, who: CurrentPrincipal, state: State
) -> Response:
    """Remove the plan (audited); hosts get the latest released version again."""
    plans.delete_plan(db, who, appid, host)
    _reload(state)
    return Response(status_code=204)


@plans_router.get("/{host}/revisions")
def plan_revisions(
    appid: str, host: str, db: DbSession, who: CurrentPrincipal
) -> list[dict[str, Any]]:
    return plans.revisions(db, who, appid, host)


@plans_router.post("/{host}/pause")
def pause_plan(
    appid: str,
    host: str,
    db: DbSession,
    who: CurrentPrincipal,
    state: State,
    body: PauseRequest | None = None,
) -> dict[str, Any]:
    """Stop the rollout: everyone gets the default version until resumed."""
    out = plans.set_paused(db, who, appid, host, True, (body or PauseRequest()).reason)
    _reload(state)
    return out


@plans_router.post("/{host}/resume")
def resume_plan(
    appid: str, host: str, db: DbSession, who: CurrentPrincipal, state: State
) -> dict[str, Any]:
    out = plans.set_paused(db, who, appid, host, False)
    _reload(state)
    return out


@plans_router.post("/{host}/rollback")
def rollback_plan(
    appid: str,
    host: str,
    db: DbSession,
    who: CurrentPrincipal,
    state: State,
    body: RollbackRequest | None = None,
) -> dict[str, Any]:
    """Make the previous revision (or `to_revision`) current again."""
    out = plans.rollback(db, who, appid, host, (body or RollbackRequest()).to_revision)
    _reload(state)
    return out


@plans_router.post("/{host}/simulate")
def simulate_plan(
    appid: str, host: str, db: DbSession, who: CurrentPrincipal, body: SimulateRequest
) -> dict[str, Any]:
    """Run the saved plan (or a draft) over synthetic users; nothing is saved."""
    current = plans.get_plan(db, who, appid, host)
    document = body.plan if body.plan is not None else current["plan"]
    if document is None:
        raise NotFound(
            "release_plan_not_found", f"{appid} has no plan in host {host}; send a draft in 'plan'."
        )
    try:
        plan = parse_plan(document)
        distribution = parse_distribution(body.attributes) if body.attributes else None
    except PlanValidationError as exc:
        raise plans.invalid_plan(exc) from None
    except DistributionError as exc:
        raise Invalid(
            "invalid_attributes", f"{exc}; fix the attributes and retry.", field="attributes"
        ) from None
    result = simulate(compile_plan(plan), body.users, distribution)
    return result.as_json()


@plans_router.get("/{host}/stats")
def plan_stats(appid: str, host: str, db: DbSession, who: CurrentPrincipal) -> dict[str, Any]:
    """Reported launches and errors per version (what the guardrail compares)."""
    current = plans.get_plan(db, who, appid, host)
    observed = guardrail.rates(db, current["host"]["id"], appid)
    return {
        "versions": [
            {
                "version": v,
                "launches": r.launches,
                "errors": r.errors,
                "error_rate": round(r.percent, 3),
            }
            for v, r in sorted(observed.items())
        ]
    }


# --------------------------------------------------------------------------- /sdk/v1

sdk_router = APIRouter(prefix="/sdk/v1", tags=["host API"])


@sdk_router.post("/session")
async def create_session(
    body: SessionRequest, caller: SignedHostDep, state: State
) -> dict[str, Any]:
    """Host backend: exchange the user's identity and attributes for a browser token."""
    if not body.user.id:
        raise Invalid(
            "user_id_required", "A session token is bound to a user: set user.id.", field="user.id"
        )
    ttl = body.ttl or DEFAULT_TTL_SECONDS
    expires = int(time.time()) + ttl
    user = body.user.model_dump(exclude_none=True)
    device = body.device.model_dump(exclude_none=True)
    for part, values in (("host", body.host), ("sdk", body.sdk)):
        if values.version:
            device[f"{part}_version"] = values.version
    token = state.tokens.issue(
        SessionClaims(str(caller.host_id), body.user.id, user, device, expires)
    )
    return {"token": token, "token_type": "Bearer", "expires_at": expires, "expires_in": ttl}


def _rule_context(body: ResolveRequest | SessionRequest, caller: HostCaller) -> RuleContext:
    values = body.flat()
    claims = caller.claims
    if claims is not None:
        # The token's user and device win: a browser cannot claim another identity.
        values = {k: v for k, v in values.items() if not k.startswith("user.")}
        values.update({f"user.{k}": v for k, v in claims.user.items() if k != "custom"})
        values.update({f"user.custom.{k}": v for k, v in (claims.user.get("custom") or {}).items()})
        values["user.id"] = claims.user_id
        for key, value in claims.device.items():
            if key in ("host_version", "sdk_version"):
                values[key.replace("_", ".")] = value
            else:
                values[f"device.{key}"] = value
    return RuleContext(values, time.time())


def _base_url(request: Request) -> str:
    """Where this request reached us (when MINIPORT_PUBLIC_URL is not set)."""
    scope = request.scope
    raw_host = header_map(request).get(b"host")
    host = raw_host.decode("latin-1") if raw_host else None
    if host:
        return f"{scope.get('scheme', 'http')}://{host}{scope.get('root_path', '')}"
    return str(request.base_url).rstrip("/")


def _etag_matches(request: Request, etag: str) -> bool:
    raw = header_map(request).get(b"if-none-match")
    if not raw:
        return False
    header = raw.decode("latin-1")
    return header.strip() == "*" or etag in (
        t.strip().removeprefix("W/") for t in header.split(",")
    )


def _inline_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema with its `$defs` inlined, for `openapi_extra`."""
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return inline(defs[ref.removeprefix("#/$defs/")])
            return {k: inline(v) for k, v in node.items()}
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    return inline(schema)


def _parse(model: type[ModelT], raw: bytes) -> ModelT:
    """Validate a JSON body straight from bytes (pydantic's parser, one pass); errors
    take the app's usual 422 shape naming the field."""
    try:
        return model.model_validate_json(raw or b"{}")
    except ValidationError as exc:
        raise RequestValidationError(exc.errors(include_url=False)) from None


@sdk_router.post(
    "/resolve",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _inline_schema(ResolveRequest)}},
        }
    },
)
async def resolve(request: Request) -> Response:
    """Which version of each mini-program this user should run, and where to get it.

    The hot path of the platform. It takes the raw request instead of FastAPI-injected
    parameters: dependency solving and the generic body parser cost more than the
    resolution itself. Authentication still comes first, then validation.
    """
    state = get_state(request)
    caller = await authenticate(request, state)
    body = _parse(ResolveRequest, await request.body())
    ctx = _rule_context(body, caller)
    base = state.public_url or _base_url(request)
    index = caller.index
    results = [index.resolve(caller.host_id, appid, ctx, base).payload for appid in body.appids]
    content = json.dumps({"results": results}, separators=(",", ":"), ensure_ascii=False).encode()
    etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    if _etag_matches(request, etag):
        return Response(status_code=304, headers=headers)
    return Response(content, media_type="application/json", headers=headers)


@sdk_router.get("/packages/{package_id}")
def download_package(package_id: str, request: Request, state: State) -> Response:
    """The package bytes: immutable, cacheable forever, with ETag and Range."""
    key = state.index.packages.get(package_id) if PACKAGE_ID.match(package_id) else None
    if key is None:
        raise NotFound(
            "package_not_found",
            "No deliverable package has this id; resolve the mini-program again for a current URL.",
            {"package_id": package_id},
        )
    etag = f'"{package_id}"'
    storage = request.app.state.ctx.storage
    if _etag_matches(request, etag):
        return Response(status_code=304, headers={"ETag": etag, "Cache-Control": IMMUTABLE})
    url = presigned_url(storage, key)
    if url is not None:
        return RedirectResponse(
            url, status_code=302, headers={"Cache-Control": "private, max-age=60"}
        )
    data = _package_cache(request).get(storage, package_id, key)
    headers = {
        "ETag": etag,
        "Cache-Control": IMMUTABLE,
        "Accept-Ranges": "bytes",
        "Content-Disposition": f'attachment; filename="{package_id}.mpk"',
    }
    wanted = parse_range(request.headers.get("range", ""), len(data))
    if_range = request.headers.get("if-range")
    if if_range and if_range.strip() != etag:
        wanted = None  # the client's partial copy is of something else: send it all
    if wanted is False:
        return Response(
            status_code=416, headers={**headers, "Content-Range": f"bytes */{len(data)}"}
        )
    if isinstance(wanted, tuple):
        start, end = wanted
        headers["Content-Range"] = f"bytes {start}-{end}/{len(data)}"
        return Response(
            data[start : end + 1], status_code=206, media_type="application/zip", headers=headers
        )
    return Response(data, media_type="application/zip", headers=headers)


def _package_cache(request: Request) -> PackageCache:
    extras = request.app.state.ctx.extras
    cache = extras.get("delivery.packages")
    if cache is None:
        cache = extras.setdefault("delivery.packages", PackageCache())
    return cache  # type: ignore[no-any-return]


async def _stream_caller(request: Request, state: State) -> HostCaller:
    """Like `host_caller`, but a browser's EventSource cannot set headers, so its session
    token may come as `?access_token=`."""
    token = request.query_params.get("access_token")
    if token and "authorization" not in request.headers:
        try:
            claims = state.tokens.check(token, time.time())
        except TokenError as exc:
            raise refuse(exc.code) from None
        host = state.index.hosts.get(int(claims.host_id)) if claims.host_id.isdigit() else None
        if host is None:
            raise refuse("bad_token")
        if not host.enabled:
            raise refuse("host_disabled")
        return HostCaller(host.id, "token", state.index, claims)
    return await authenticate(request, state)


@sdk_router.get("/updates")
async def updates(
    request: Request, caller: Annotated[HostCaller, Depends(_stream_caller)], state: State
) -> StreamingResponse:
    """Server-Sent Events: `changed` names the appids whose answers may have changed;
    the host then resolves them again (cheaply, with If-None-Match)."""
    subscriber = state.subscribe(caller.host_id)
    hello = {"host_id": caller.host_id, "generation": state.index.generation}

    async def stream():  # type: ignore[no-untyped-def]
        try:
            yield f"retry: 2000\nevent: hello\ndata: {json.dumps(hello)}\n\n"
            ends = time.monotonic() + MAX_STREAM_SECONDS
            while time.monotonic() < ends:
                try:
                    message = await asyncio.wait_for(subscriber.queue.get(), KEEPALIVE_SECONDS)
                except TimeoutError:
                    if await request.is_disconnected():
                        return
                    yield ": keep-alive\n\n"
                    continue
                yield f"id: {message['generation']}\nevent: changed\ndata: {json.dumps(message)}\n\n"
        finally:
            state.unsubscribe(subscriber)

    return StreamingResponse(
        stream(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


@sdk_router.post("/events")
def report_events(body: EventsRequest, caller: HostCallerDep, state: State) -> dict[str, Any]:
    """Launches and errors per appid/version; feeds statistics and the guardrail.

    Counted both in total (the guardrail) and under the server's current UTC day (the
    console's charts over time), in one transaction; the answer is unchanged.
    """
    counts: Counter[tuple[str, str, str]] = Counter()
    ignored = 0
    index = caller.index
    for item in body.events:
        app = index.apps.get(item.appid)
        # Only mini-programs this host lists, in versions that exist: junk cannot pile up.
        if (
            app is None
            or (caller.host_id, item.appid) not in index.listings
            or item.version not in app.versions
        ):
            ignored += item.count
            continue
        counts[(item.appid, item.version, item.type)] += item.count
    if not counts:
        return {"accepted": 0, "ignored": ignored, "paused": []}
    with state.db.session() as session:
        guardrail.record(session, caller.host_id, counts)
        paused = guardrail.check(session, state.index, caller.host_id, {a for a, _, _ in counts})
    if paused:
        state.reload()
    return {"accepted": sum(counts.values()), "ignored": ignored, "paused": paused}


# --------------------------------------------------------------------------- install


def _watch_commits(ctx: AppContext, state: DeliveryState) -> None:
    """Reload (here and in every process) after any commit touching delivery's inputs,
    including the center's own writes to hosts, listings and versions."""

    def after_flush(session: Session, _flush_context: Any) -> None:
        touched = (*session.new, *session.dirty, *session.deleted)
        if any(isinstance(obj, WATCHED) for obj in touched):
            session.info["delivery_changed"] = True

    def on_execute(execute_state: Any) -> None:
        # The center changes version states with compare-and-set UPDATE statements,
        # which never show up as dirty objects in after_flush.
        if execute_state.is_update or execute_state.is_delete:
            mapper = execute_state.bind_mapper
            if mapper is not None and issubclass(mapper.class_, WATCHED):
                execute_state.session.info["delivery_changed"] = True

    def after_commit(session: Session) -> None:
        if session.info.pop("delivery_changed", False):
            state.changed()

    def after_rollback(session: Session) -> None:
        session.info.pop("delivery_changed", None)

    event.listen(ctx.db.sessionmaker, "after_flush", after_flush)
    event.listen(ctx.db.sessionmaker, "do_orm_execute", on_execute)
    event.listen(ctx.db.sessionmaker, "after_commit", after_commit)
    event.listen(ctx.db.sessionmaker, "after_soft_rollback", lambda s, _t: after_rollback(s))


def build_state(ctx: AppContext) -> DeliveryState:
    settings = ctx.settings
    return DeliveryState(
        db=ctx.db,
        bus=bus_for(settings.redis_url, ctx.db.url),
        nonces=nonce_store_for(settings.redis_url),
        tokens=SessionTokens(ctx.secret_key),
        secret_of=lambda key: sdk_secret(ctx.secret_key, key),
        public_url=settings.public_url,
    )


def install(app: FastAPI, ctx: AppContext) -> None:
    """The center's extension point calls this once per app."""
    state = build_state(ctx)
    ctx.extras["delivery"] = state
    ctx.extras.setdefault("on_startup", []).append(state.start)
    ctx.extras.setdefault("on_shutdown", []).append(state.stop)
    _watch_commits(ctx, state)
    app.include_router(plans_router)
    # The host API goes first in the routing table: routes are matched in order, and
    # every launch of every mini-program calls resolve (the prefix is ours alone, so
    # no other area's route can be shadowed).
    before = len(app.router.routes)
    app.include_router(sdk_router)
    added = app.router.routes[before:]
    del app.router.routes[before:]
    # resolve additionally gets a plain Starlette route ahead of everything: it serves
    # every resolve request without FastAPI's per-request machinery (about a third
    # of a resolve's CPU time). The FastAPI route above stays for /openapi.json; the
    # handler takes only the Request, so both routes run the same code.
    fast = Route("/sdk/v1/resolve", resolve, methods=["POST"], include_in_schema=False)
    app.router.routes[0:0] = [fast, *added]


__all__ = ["build_state", "get_state", "install"]
