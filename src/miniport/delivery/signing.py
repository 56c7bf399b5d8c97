"""Request signatures of the host API (`/sdk/v1`).

A host backend proves it holds its SDK secret by signing every request:

    string_to_sign = METHOD "\\n" PATH "\\n" QUERY "\\n" TIMESTAMP "\\n" NONCE "\\n" hex(H(BODY))
    signature      = hex(HMAC-H(secret, string_to_sign))

with H = SHA-256 (default) or SM3 (for deployments bound to Chinese national
algorithms). The exact byte-level rules, which a native SDK must reproduce, are written
down in `docs/host-protocol.md`; the functions here are their reference implementation.

This module is pure: no clock, no I/O. Freshness and replay checks live in
`hostauth.py`, which feeds the clock and the nonce store.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any
from urllib.parse import parse_qsl, quote

from gmssl import sm3 as _gmssl_sm3

HEADER_KEY = "X-Miniport-Key"
HEADER_TIMESTAMP = "X-Miniport-Timestamp"
HEADER_NONCE = "X-Miniport-Nonce"
HEADER_SIGNATURE = "X-Miniport-Signature"
HEADER_ALGORITHM = "X-Miniport-Algorithm"

#: How far (seconds) a request's timestamp may be from the server clock.
MAX_CLOCK_SKEW = 60
#: Nonces are 8..64 characters of [A-Za-z0-9_-]; long enough to be unique, short to store.
NONCE_MIN, NONCE_MAX = 8, 64


class Algorithm(StrEnum):
    HMAC_SHA256 = "HMAC-SHA256"
    HMAC_SM3 = "HMAC-SM3"


class _SM3:
    """A hashlib-shaped view of gmssl's SM3, so the standard `hmac` module can use it.

    gmssl only offers one-shot hashing over a list of ints, so `update` buffers; the
    inputs here (a secret, a short string to sign, a body) are small.
    """

    name = "sm3"
    digest_size = 32
    block_size = 64

    def __init__(self, data: bytes = b"") -> None:
        self._buffer = bytearray(data)

    def update(self, data: bytes) -> None:
        self._buffer.extend(data)

    def copy(self) -> _SM3:
        return _SM3(bytes(self._buffer))

    def hexdigest(self) -> str:
        return str(_gmssl_sm3.sm3_hash(list(self._buffer)))

    def digest(self) -> bytes:
        return bytes.fromhex(self.hexdigest())


_HASHES: dict[Algorithm, Callable[..., Any]] = {
    Algorithm.HMAC_SHA256: hashlib.sha256,
    Algorithm.HMAC_SM3: _SM3,
}


def parse_algorithm(value: str | None) -> Algorithm | None:
    """The algorithm named by a header value (case-insensitive); None when unsupported.

    A missing header means the default, HMAC-SHA256.
    """
    if value is None or value == "":
        return Algorithm.HMAC_SHA256
    for algorithm in Algorithm:
        if algorithm.value.lower() == value.strip().lower():
            return algorithm
    return None


def body_hash(body: bytes, algorithm: Algorithm = Algorithm.HMAC_SHA256) -> str:
    """Lower-case hex digest of the raw request body (the empty body hashes too)."""
    return str(_HASHES[algorithm](body).hexdigest())


def _encode(text: str) -> str:
    # RFC 3986 unreserved characters stay; everything else is %XX with upper-case hex.
    return quote(text, safe="-_.~")


def canonical_query(pairs: Iterable[tuple[str, str]]) -> str:
    """The query string as it is signed: every name and value percent-encoded (RFC 3986,
    UTF-8, upper-case hex, space as %20), pairs sorted by encoded name then encoded
    value, joined with `=` and `&`. A name without a value signs as `name=`.
    """
    encoded = sorted((_encode(name), _encode(value)) for name, value in pairs)
    return "&".join(f"{name}={value}" for name, value in encoded)


def canonical_query_from_raw(raw_query: str) -> str:
    """`canonical_query` of a raw (as received) query string."""
    return canonical_query(parse_qsl(raw_query, keep_blank_values=True))


def string_to_sign(
    method: str,
    path: str,
    query: str,
    timestamp: str,
    nonce: str,
    body: bytes,
    algorithm: Algorithm = Algorithm.HMAC_SHA256,
) -> str:
    """The exact text that is signed; `query` must already be canonical."""
    return "\n".join([method.upper(), path, query, timestamp, nonce, body_hash(body, algorithm)])


def sign(
    secret: str,
    method: str,
    path: str,
    query: str,
    timestamp: str,
    nonce: str,
    body: bytes,
    algorithm: Algorithm = Algorithm.HMAC_SHA256,
) -> str:
    """Lower-case hex signature of one request."""
    message = string_to_sign(method, path, query, timestamp, nonce, body, algorithm)
    mac = hmac.new(secret.encode(), message.encode(), _HASHES[algorithm])
    return mac.hexdigest()


def signatures_match(expected: str, given: str) -> bool:
    """Constant-time comparison, so response timing never reveals how much matched."""
    return hmac.compare_digest(expected.encode(), given.strip().lower().encode())


_NONCE = re.compile(rf"[A-Za-z0-9_-]{{{NONCE_MIN},{NONCE_MAX}}}")


def nonce_is_well_formed(nonce: str) -> bool:
    return _NONCE.fullmatch(nonce) is not None


def signed_headers(
    key: str,
    secret: str,
    method: str,
    path: str,
    query: str,
    body: bytes,
    *,
    timestamp: int,
    nonce: str,
    algorithm: Algorithm = Algorithm.HMAC_SHA256,
) -> dict[str, str]:
    """Headers a client sends; used by our tests, the CLI and the benchmark.

    `query` is the raw query string the client will send; it is canonicalized here.
    """
    ts = str(timestamp)
    signature = sign(
        secret, method, path, canonical_query_from_raw(query), ts, nonce, body, algorithm
    )
    headers = {
        HEADER_KEY: key,
        HEADER_TIMESTAMP: ts,
        HEADER_NONCE: nonce,
        HEADER_SIGNATURE: signature,
    }
    if algorithm is not Algorithm.HMAC_SHA256:
        headers[HEADER_ALGORITHM] = algorithm.value
    return headers
