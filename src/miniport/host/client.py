"""A signing HTTP client for the host-facing API (`/sdk/v1`)."""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from miniport.delivery import signing


class HostError(Exception):
    """The center refused a host request; `code` is its stable reason code."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True)
class SessionToken:
    token: str
    expires_at: int
    user_id: str


class HostClient:
    """Signs every request with the host's SDK key and secret (HMAC-SHA256 or SM3).

    `transport` lets tests and in-process hosts talk to an ASGI app directly.
    """

    def __init__(
        self,
        server: str,
        *,
        key: str,
        secret: str,
        algorithm: str = signing.Algorithm.HMAC_SHA256.value,
        timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        parsed = signing.parse_algorithm(algorithm)
        if parsed is None:
            raise ValueError(f"unsupported signature algorithm {algorithm!r}")
        self.server = server.rstrip("/")
        self.key = key
        self._secret = secret
        self._algorithm = parsed
        self._http = httpx.Client(base_url=self.server, timeout=timeout, transport=transport)

    def __repr__(self) -> str:  # never show the secret
        return f"HostClient(server={self.server!r}, key={self.key!r})"

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HostClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def signed_headers(self, method: str, url: str, body: bytes) -> dict[str, str]:
        """Headers that authenticate one request (exposed for hosts using another client)."""
        parts = urlsplit(url)
        return signing.signed_headers(
            self.key,
            self._secret,
            method,
            parts.path or "/",
            parts.query,
            body,
            timestamp=int(time.time()),
            nonce=secrets.token_urlsafe(18),
            algorithm=self._algorithm,
        )

    def request(self, method: str, path: str, payload: Any | None = None) -> Any:
        """A signed JSON request; returns the decoded answer or raises `HostError`."""
        body = b"" if payload is None else json.dumps(payload, ensure_ascii=False).encode()
        headers = self.signed_headers(method, self.server + path, body)
        if payload is not None:
            headers["Content-Type"] = "application/json"
        response = self._http.request(method, path, content=body, headers=headers)
        if response.status_code >= 400:
            try:
                error = response.json()["error"]
                raise HostError(response.status_code, error.get("code", ""), error.get("message", ""))
            except (ValueError, KeyError, TypeError):
                raise HostError(response.status_code, "http_error", response.text[:200]) from None
        return response.json() if response.content else None

    @staticmethod
    def _context(
        user_id: str,
        user: dict[str, Any] | None,
        device: dict[str, Any] | None,
        host_version: str | None,
        sdk_version: str | None,
    ) -> dict[str, Any]:
        context: dict[str, Any] = {"user": {**(user or {}), "id": user_id}, "device": device or {}}
        if host_version:
            context["host"] = {"version": host_version}
        if sdk_version:
            context["sdk"] = {"version": sdk_version}
        return context

    def session_token(
        self,
        user_id: str,
        user: dict[str, Any] | None = None,
        device: dict[str, Any] | None = None,
        *,
        host_version: str | None = None,
        ttl_seconds: int | None = None,
    ) -> SessionToken:
        """Mint a short-lived token the browser SDK uses on behalf of this user.

        `user` holds the attributes release rules target (`city`, `gender`, `age`,
        `custom`); `device` holds `os`, `os_version`, `model`, `network`, `id`.
        """
        payload = self._context(user_id, user, device, host_version, None)
        if ttl_seconds is not None:
            payload["ttl"] = ttl_seconds
        answer = self.request("POST", "/sdk/v1/session", payload)
        return SessionToken(
            token=answer["token"], expires_at=int(answer["expires_at"]), user_id=user_id
        )

    def resolve(
        self,
        appids: list[str],
        user_id: str,
        user: dict[str, Any] | None = None,
        device: dict[str, Any] | None = None,
        *,
        host_version: str | None = None,
    ) -> dict[str, Any]:
        """Which version of each mini-program this user gets (for server-side hosts)."""
        payload = self._context(user_id, user, device, host_version, None)
        payload["appids"] = appids
        return dict(self.request("POST", "/sdk/v1/resolve", payload))
