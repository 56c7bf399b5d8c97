"""Short-lived session tokens for browser hosts.

A browser must never hold the host's SDK secret. Instead the host backend, which does,
makes a signed `POST /sdk/v1/session` naming the user and their attributes and gets a
token back; the browser SDK sends it as `Authorization: Bearer <token>`.

Tokens are signed, not stored: any server process holding the same secret key can
check one without a database or a shared cache. The user and device context travel
inside the token, so a browser cannot claim to be another user or another city.
The price of statelessness is that a token cannot be revoked before it expires; hence
the short default lifetime (15 minutes) and the host id inside, so disabling a host
disables its tokens too (checked by the caller).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer

DEFAULT_TTL_SECONDS = 15 * 60
MAX_TTL_SECONDS = 24 * 60 * 60
_SALT = "miniport.sdk.session.v1"


@dataclass(frozen=True)
class SessionClaims:
    host_id: str
    user_id: str
    user: dict[str, Any] = field(default_factory=dict)
    device: dict[str, Any] = field(default_factory=dict)
    expires_at: int = 0


class TokenError(Exception):
    """Why a token was refused; `code` is the API reason code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class SessionTokens:
    """Issues and checks tokens with one server secret (the center's secret key)."""

    def __init__(self, secret_key: str) -> None:
        self._serializer = URLSafeSerializer(secret_key, salt=_SALT)

    def issue(self, claims: SessionClaims) -> str:
        payload = {
            "h": claims.host_id,
            "u": claims.user_id,
            "a": claims.user,
            "d": claims.device,
            "e": claims.expires_at,
        }
        return str(self._serializer.dumps(payload))

    def check(self, token: str, now: float) -> SessionClaims:
        """The claims of a valid, unexpired token; raises TokenError otherwise."""
        try:
            payload = self._serializer.loads(token)
        except BadSignature:
            raise TokenError("bad_token", "The session token is not valid.") from None
        if not isinstance(payload, dict) or not isinstance(payload.get("e"), int):
            raise TokenError("bad_token", "The session token is not valid.")
        if payload["e"] <= now:
            raise TokenError(
                "expired_token",
                "The session token has expired; ask the host backend for a new one.",
            )
        return SessionClaims(
            host_id=str(payload["h"]),
            user_id=str(payload["u"]),
            user=dict(payload.get("a") or {}),
            device=dict(payload.get("d") or {}),
            expires_at=payload["e"],
        )
