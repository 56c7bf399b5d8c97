"""API errors: one exception type that becomes `{"error": {code, message, details}}`.

Services raise `ApiError` subclasses; they never build HTTP responses. The `code` is
stable (clients and the console translate by it, see `i18n.py`); the English
`message` says what is wrong and what to do; `details` says where (a field, a
FILE:LINE:COL list, the allowed transitions).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException


class ApiError(Exception):
    status = 400

    def __init__(self, code: str, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details

    def to_json(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, "details": self.details}}


class BadRequest(ApiError):
    status = 400


class Unauthorized(ApiError):
    status = 401


class Forbidden(ApiError):
    status = 403


class NotFound(ApiError):
    status = 404


class Conflict(ApiError):
    status = 409


class PayloadTooLarge(ApiError):
    status = 413


class Invalid(ApiError):
    """Input that parsed but is wrong (422); `details` names the field(s)."""

    status = 422

    def __init__(self, code: str, message: str, field: str | None = None, **extra: Any) -> None:
        details: dict[str, Any] = dict(extra)
        if field is not None:
            details["field"] = field
        super().__init__(code, message, details or None)


class Unavailable(ApiError):
    status = 503


def not_found(kind: str, ident: object) -> NotFound:
    return NotFound(
        f"{kind}_not_found",
        f"No {kind.replace('_', ' ')} {ident!s} exists, or you may not see it; "
        "check the identifier.",
        {"id": str(ident)},
    )


def invalid_transition(
    kind: str, ident: object, current: str, wanted: str, allowed: list[str]
) -> Conflict:
    shown = ", ".join(allowed) if allowed else "none"
    return Conflict(
        "invalid_transition",
        f"{kind} {ident} is {current}; it cannot become {wanted}. Allowed from {current}: {shown}.",
        {"current": current, "requested": wanted, "allowed": allowed},
    )


def _field_of(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "form")]
    return ".".join(parts) or ".".join(str(p) for p in loc)


def install_error_handlers(app: FastAPI) -> None:
    """Make every error the app returns follow the one JSON shape."""

    @app.exception_handler(ApiError)
    async def _api_error(_req: Request, exc: ApiError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse(exc.to_json(), status_code=exc.status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_req: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {
                "field": _field_of(e.get("loc", ())),
                "message": e.get("msg", ""),
                "type": e.get("type"),
            }
            for e in exc.errors()
        ]
        first = errors[0] if errors else {"field": "", "message": "invalid input"}
        body = ApiError(
            "validation_failed",
            f"Invalid value for {first['field']}: {first['message']}. Fix the field and retry.",
            {"field": first["field"], "errors": errors},
        ).to_json()
        return JSONResponse(body, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_req: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        message = str(exc.detail) if exc.detail else "HTTP error"
        if exc.status_code == 404:
            message = "No such endpoint; see /docs for the API."
        return JSONResponse(
            ApiError(code, message).to_json(), status_code=exc.status_code, headers=exc.headers
        )
