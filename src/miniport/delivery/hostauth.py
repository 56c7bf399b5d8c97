"""Who is calling `/sdk/v1`: a host backend (signature) or a browser (session token).

Checks run cheapest-first and a nonce is recorded only after the signature proved
the caller holds the secret, so strangers cannot burn a host's nonces. Every refusal
is a 401 with a reason code; none of them says anything about the secret or how
close a signature came (the comparison is constant-time).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request

from miniport.center.errors import Unauthorized
from miniport.delivery import signing
from miniport.delivery.compiled import DeliveryIndex
from miniport.delivery.state import DeliveryState
from miniport.delivery.tokens import SessionClaims, TokenError

# Reason code → message (English; hosts translate by code). Each says what to do.
REASONS: dict[str, str] = {
    "missing_signature": (
        "Sign the request: send X-Miniport-Key, X-Miniport-Timestamp, X-Miniport-Nonce and "
        "X-Miniport-Signature (see docs/host-protocol.md), or a session token."
    ),
    "bad_signature": "The signature does not match this request; check the string-to-sign and the secret.",
    "stale_timestamp": "X-Miniport-Timestamp must be Unix seconds within 60 s of the server clock; sync the clock.",
    "replayed_nonce": "This nonce was already used; send a fresh random nonce with every request.",
    "host_disabled": "This host app is disabled in the center; ask the operator to enable it.",
    "unknown_key": "No active SDK key matches X-Miniport-Key; check the key or rotate to a current one.",
    "bad_algorithm": "X-Miniport-Algorithm must be HMAC-SHA256 or HMAC-SM3.",
    "bad_nonce": "X-Miniport-Nonce must be 8-64 characters of A-Z a-z 0-9 - _.",
    "bad_token": "The session token is not valid; ask the host backend for a new one.",
    "expired_token": "The session token has expired; ask the host backend for a new one.",
    "token_not_allowed": "This endpoint must be called by the host backend with a signature, not a session token.",
}


def refuse(code: str) -> Unauthorized:
    return Unauthorized(code, REASONS[code])


@dataclass(frozen=True)
class HostCaller:
    host_id: int
    via: str  # "signature" or "token"
    index: DeliveryIndex
    claims: SessionClaims | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def get_state(request: Request) -> DeliveryState:
    return request.app.state.ctx.extras["delivery"]  # type: ignore[no-any-return]


State = Annotated[DeliveryState, Depends(get_state)]


def header_map(request: Request) -> dict[bytes, bytes]:
    """The request's headers as one dict (lower-case names), built once per request.

    Starlette's `Headers.get` scans the header list on every call; resolve reads eight
    headers, so a dict pays for itself on the hot path.
    """
    scope = request.scope
    cached = scope.get("miniport.headers")
    if cached is None:
        cached = scope["miniport.headers"] = dict(scope["headers"])
    return cached  # type: ignore[no-any-return]


_KEY = signing.HEADER_KEY.lower().encode()
_TIMESTAMP = signing.HEADER_TIMESTAMP.lower().encode()
_NONCE = signing.HEADER_NONCE.lower().encode()
_SIGNATURE = signing.HEADER_SIGNATURE.lower().encode()
_ALGORITHM = signing.HEADER_ALGORITHM.lower().encode()


async def authenticate(
    request: Request, state: DeliveryState, now: float | None = None
) -> HostCaller:
    now = time.time() if now is None else now
    index = state.index
    headers = header_map(request)
    authorization = headers.get(b"authorization", b"").decode("latin-1")
    if authorization[:7].lower() == "bearer " and _SIGNATURE not in headers:
        try:
            claims = state.tokens.check(authorization[7:].strip(), now)
        except TokenError as exc:
            raise refuse(exc.code) from None
        host = index.hosts.get(int(claims.host_id)) if claims.host_id.isdigit() else None
        if host is None:
            raise refuse("bad_token")
        if not host.enabled:
            raise refuse("host_disabled")
        return HostCaller(host.id, "token", index, claims)

    key = headers.get(_KEY, b"").decode("latin-1")
    timestamp = headers.get(_TIMESTAMP, b"").decode("latin-1")
    nonce = headers.get(_NONCE, b"").decode("latin-1")
    signature = headers.get(_SIGNATURE, b"").decode("latin-1")
    if not (key and timestamp and nonce and signature):
        raise refuse("missing_signature")
    if not timestamp.isdigit() or abs(int(timestamp) - now) > signing.MAX_CLOCK_SKEW:
        raise refuse("stale_timestamp")
    if not signing.nonce_is_well_formed(nonce):
        raise refuse("bad_nonce")
    raw_algorithm = headers.get(_ALGORITHM)
    algorithm = signing.parse_algorithm(raw_algorithm.decode("latin-1") if raw_algorithm else None)
    if algorithm is None:
        raise refuse("bad_algorithm")
    host_key = index.keys.get(key)
    if host_key is None or not host_key.valid_at(now):
        raise refuse("unknown_key")
    host = index.hosts.get(host_key.host_id)
    if host is None:
        raise refuse("unknown_key")
    body = await request.body()
    raw_query = request.scope.get("query_string", b"").decode("latin-1")
    expected = signing.sign(
        host_key.secret,
        request.scope["method"],
        request.scope["path"],
        signing.canonical_query_from_raw(raw_query) if raw_query else "",
        timestamp,
        nonce,
        body,
        algorithm,
    )
    if not signing.signatures_match(expected, signature):
        raise refuse("bad_signature")
    if not host.enabled:
        raise refuse("host_disabled")
    if not state.nonces.claim(key, nonce):
        raise refuse("replayed_nonce")
    return HostCaller(host.id, "signature", index)


async def host_caller(request: Request, state: State) -> HostCaller:
    """Dependency: a signed host backend or a browser holding a session token."""
    return await authenticate(request, state)


async def signed_host(request: Request, state: State) -> HostCaller:
    """Dependency for endpoints only a host backend may call (it holds the secret)."""
    caller = await authenticate(request, state)
    if caller.via != "signature":
        raise refuse("token_not_allowed")
    return caller


HostCallerDep = Annotated[HostCaller, Depends(host_caller)]
SignedHostDep = Annotated[HostCaller, Depends(signed_host)]
