"""Liveness and readiness probes."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from miniport import __version__
from miniport.center.deps import Ctx

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up (no dependency is checked)."""
    return {"status": "ok", "version": __version__}


@router.get("/readyz")
def readyz(ctx: Ctx) -> JSONResponse:
    """Ready to serve: the database answers and the storage is usable."""
    checks: dict[str, str] = {}
    try:
        ctx.db.ping()
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"error: {type(exc).__name__}: {exc}"[:300]
    try:
        ctx.storage.ping()
        checks["storage"] = "ok"
    except Exception as exc:
        checks["storage"] = f"error: {exc}"[:300]
    ok = all(v == "ok" for v in checks.values())
    body: dict[str, object] = {"status": "ready" if ok else "not_ready", "checks": checks}
    if not ok:
        body["error"] = {
            "code": "not_ready",
            "message": "A dependency is unreachable; see checks.",
            "details": checks,
        }
    return JSONResponse(body, status_code=200 if ok else 503)
