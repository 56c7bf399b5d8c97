"""Replay protection: remember every nonce for as long as its request could be accepted.

A signed request is accepted only within `MAX_CLOCK_SKEW` seconds of its timestamp,
so a nonce must be remembered for twice that (a request stamped 60 s in the future
stays acceptable for 120 s). With several server processes the store must be shared,
hence Redis when `MINIPORT_REDIS_URL` is set; a single process can keep them in memory.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol

from miniport.delivery.signing import MAX_CLOCK_SKEW

NONCE_TTL_SECONDS = 2 * MAX_CLOCK_SKEW + 5


class NonceStore(Protocol):
    def claim(self, host_key: str, nonce: str) -> bool:
        """Record the nonce; True if it was new, False if it was seen within the TTL."""
        ...


class MemoryNonceStore:
    """In-process store with expiry, for one server process (embedded mode, tests).

    Entries are kept in insertion order, so expired ones are dropped from the front
    in amortised O(1); a hard cap bounds memory under a flood of signed requests.
    """

    def __init__(
        self,
        ttl: float = NONCE_TTL_SECONDS,
        max_entries: int = 1_000_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl
        self._max = max_entries
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def claim(self, host_key: str, nonce: str) -> bool:
        now = self._clock()
        entry = f"{host_key}\x00{nonce}"
        with self._lock:
            while self._seen:
                oldest, expires = next(iter(self._seen.items()))
                if expires > now and len(self._seen) < self._max:
                    break
                del self._seen[oldest]
            if entry in self._seen:
                return False
            self._seen[entry] = now + self._ttl
            return True


class RedisNonceStore:
    """Shared store: `SET key 1 NX EX ttl` is atomic, so two processes never both accept."""

    def __init__(
        self, redis_url: str, ttl: int = NONCE_TTL_SECONDS, prefix: str = "miniport:nonce:"
    ):
        import redis

        self._redis = redis.Redis.from_url(redis_url)
        self._ttl = ttl
        self._prefix = prefix

    def claim(self, host_key: str, nonce: str) -> bool:
        return bool(
            self._redis.set(f"{self._prefix}{host_key}:{nonce}", b"1", nx=True, ex=self._ttl)
        )


def nonce_store_for(redis_url: str | None) -> NonceStore:
    """Redis when configured (required for more than one process), memory otherwise."""
    return RedisNonceStore(redis_url) if redis_url else MemoryNonceStore()
