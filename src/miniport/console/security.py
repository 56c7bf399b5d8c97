"""CSRF protection and the console's cookies.

Every state-changing request from the console (form POST or XHR upload) must carry a
token that only a page we rendered can know. The browser holds a random nonce in an
HttpOnly cookie; the token is an HMAC of that nonce *and* the login session cookie under
the server secret, so a token stolen before sign-in, or from another user's session, is
worthless. Pages put the token in each form (`csrf_token` field) and in a `<meta>` tag
that the upload script copies into the `X-CSRF-Token` header. Cookies are SameSite=Lax
as a second line of defence.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from starlette.requests import Request
from starlette.responses import Response

CSRF_COOKIE = "miniport_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SESSION_COOKIE = "miniport_session"
FLASH_COOKIE = "miniport_flash"


class CsrfError(Exception):
    """A state-changing request arrived without a valid token."""


def csrf_nonce(request: Request) -> str:
    """The browser's CSRF nonce, creating one for this request if it has none yet."""
    nonce = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "csrf_nonce", None)
    if not nonce:
        nonce = secrets.token_urlsafe(24)
        request.state.csrf_nonce = nonce
    return nonce


def csrf_token(request: Request, secret: str) -> str:
    """The token a page rendered for this request must send back."""
    return _sign(secret, csrf_nonce(request), request.cookies.get(SESSION_COOKIE, ""))


def verify_csrf(request: Request, secret: str, submitted: str | None) -> None:
    """Raise CsrfError unless `submitted` (form field or header) matches this browser and session."""
    nonce = request.cookies.get(CSRF_COOKIE)
    if not nonce or not submitted:
        raise CsrfError("missing CSRF token")
    expected = _sign(secret, nonce, request.cookies.get(SESSION_COOKIE, ""))
    if not hmac.compare_digest(expected, submitted):
        raise CsrfError("CSRF token does not match")


def remember_csrf_nonce(request: Request, response: Response) -> None:
    """Set the nonce cookie if this request had to create one."""
    nonce = getattr(request.state, "csrf_nonce", None)
    if nonce and not request.cookies.get(CSRF_COOKIE):
        response.set_cookie(
            CSRF_COOKIE,
            nonce,
            httponly=True,
            samesite="lax",
            path="/console",
            secure=_https(request),
        )


def set_session_cookie(request: Request, response: Response, token: str, max_age: int) -> None:
    """Store the center's login session token; HttpOnly so page scripts never see it."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        path="/",
        secure=_https(request),
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


def _sign(secret: str, nonce: str, session: str) -> str:
    message = f"{nonce}|{hashlib.sha256(session.encode()).hexdigest()}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _https(request: Request) -> bool:
    return request.url.scheme == "https"
