"""The demo host app at `/demo/`: a bank's web app with mini-program powers.

Its backend is what any host backend would be: it knows the host's SDK key and secret
(from the seed's credentials file), signs requests with `miniport.host`, and gives its
browser page a short-lived session token for the signed-in user. It also plays the
courier partner's API (`/demo/api/courier/orders`), reached through the host gateway.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from miniport.center.context import AppContext
from miniport.demo.seed import load_credentials
from miniport.host import HostClient, HostError

STATIC = Path(__file__).parent / "static"
CITIES = ("上海", "北京", "深圳", "杭州")
PHONE = re.compile(r"^1[3-9]\d{9}$")


class Persona(BaseModel):
    """Who is "signed in" to the demo bank app; a real host knows this from its login."""

    user_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    city: str | None = Field(default=None, max_length=16)
    os: str | None = Field(default=None, pattern=r"^(android|ios|web)$")


class CourierOrder(BaseModel):
    sender: str = Field(min_length=2, max_length=40)
    phone: str
    address: str = Field(min_length=6, max_length=200)
    weight: float = Field(gt=0, le=30)
    express: bool = False


def _error(status: int, code: str, message: str, field: str | None = None) -> JSONResponse:
    details = {"field": field} if field else None
    return JSONResponse(
        {"error": {"code": code, "message": message, "details": details}, "message": message},
        status_code=status,
    )


def install(app: FastAPI, ctx: AppContext) -> None:
    router = APIRouter(prefix="/demo", tags=["demo"])

    @router.get("", include_in_schema=False)
    def demo_root() -> RedirectResponse:
        return RedirectResponse("/demo/")

    @router.get("/", include_in_schema=False)
    def demo_page() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-store"})

    @router.get("/api/config")
    def demo_config() -> dict[str, Any]:
        creds = load_credentials(ctx)
        return {
            "ready": creds is not None,
            "host_name": creds["host_name"] if creds else None,
            "cities": list(CITIES),
        }

    @router.post("/api/session")
    async def demo_session(persona: Persona, request: Request) -> JSONResponse:
        creds = load_credentials(ctx)
        if creds is None:
            return _error(503, "demo_not_seeded",
                          "The demo was not seeded; start with MINIPORT_SEED_DEMO=true.")
        server = str(request.base_url).rstrip("/")

        def mint() -> Any:
            with HostClient(server, key=creds["sdk_key"], secret=creds["sdk_secret"]) as host:
                user = {"city": persona.city} if persona.city else {}
                device = {"os": persona.os} if persona.os else {}
                return host.session_token(persona.user_id, user, device, host_version="2.3.0")

        try:
            token = await run_in_threadpool(mint)
        except HostError as exc:
            return _error(502, exc.code or "host_error", exc.message)
        return JSONResponse(
            {"token": token.token, "expires_at": token.expires_at, "user_id": persona.user_id}
        )

    @router.post("/api/courier/orders")
    def courier_order(order: CourierOrder) -> JSONResponse:
        if not PHONE.match(order.phone):
            return _error(422, "invalid_phone", "请填写 11 位手机号 / Enter an 11-digit phone number",
                          "phone")
        cents = 1200 + int(order.weight * 200) + (1000 if order.express else 0)
        number = "SD" + secrets.token_hex(5).upper()
        return JSONResponse({"order": number, "price_cents": cents}, status_code=201)

    app.include_router(router)
    app.mount("/demo/static", StaticFiles(directory=STATIC), name="demo-static")
