"""Telling every server process that delivery data changed.

Each process answers `resolve` from its own in-memory index, so a plan saved through
one process must reach the others quickly (the goal is under one second). A change is
announced on a bus; every process listens and rebuilds its index when told.

- Redis pub/sub when `MINIPORT_REDIS_URL` is set;
- else PostgreSQL `LISTEN`/`NOTIFY` when the database is PostgreSQL;
- else (SQLite, no Redis) in-process only: fine for one `miniport serve` process, but
  a second process would only notice changes at its periodic safety reload.

Listeners run on a daemon thread and reconnect after errors; the callback they call
must be cheap and thread-safe (it only wakes the reloader).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

from sqlalchemy.engine import make_url

log = logging.getLogger("miniport.delivery.bus")

CHANNEL = "miniport_delivery"
Callback = Callable[[dict[str, Any]], None]


class ChangeBus(Protocol):
    kind: str

    def publish(self, message: dict[str, Any]) -> None: ...

    def start(self, callback: Callback) -> None: ...

    def stop(self) -> None: ...


class LocalBus:
    """One process: publishing calls the callback directly."""

    kind = "local"

    def __init__(self) -> None:
        self._callback: Callback | None = None

    def publish(self, message: dict[str, Any]) -> None:
        if self._callback is not None:
            self._callback(message)

    def start(self, callback: Callback) -> None:
        self._callback = callback

    def stop(self) -> None:
        self._callback = None


class _ThreadedBus:
    """Shared listener-thread plumbing: run `_listen` until stopped, retrying on errors."""

    kind = "threaded"

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._callback: Callback | None = None
        self.ready = threading.Event()
        """Set once the listener is subscribed (tests wait on it)."""

    def start(self, callback: Callback) -> None:
        self._callback = callback
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"delivery-{self.kind}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=3)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._listen()
            except Exception as exc:  # a dropped connection must not end propagation
                self.ready.clear()
                log.warning("delivery change listener (%s) failed, retrying: %s", self.kind, exc)
                self._stop.wait(1.0)
                # Anything may have changed while we were deaf: reload once.
                self._deliver({"reason": "listener_reconnected"})

    def _deliver(self, message: dict[str, Any]) -> None:
        if self._callback is not None:
            self._callback(message)

    def _listen(self) -> None:
        raise NotImplementedError


class RedisBus(_ThreadedBus):
    kind = "redis"

    def __init__(self, redis_url: str, channel: str = CHANNEL) -> None:
        super().__init__()
        import redis

        self._redis = redis.Redis.from_url(redis_url)
        self._channel = channel

    def publish(self, message: dict[str, Any]) -> None:
        self._redis.publish(self._channel, json.dumps(message))

    def _listen(self) -> None:
        pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
        pubsub.subscribe(self._channel)
        self.ready.set()
        try:
            while not self._stop.is_set():
                item = pubsub.get_message(timeout=0.5)
                if item and item.get("type") == "message":
                    self._deliver(_decode(item["data"]))
        finally:
            pubsub.close()


class PostgresBus(_ThreadedBus):
    kind = "postgres"

    def __init__(self, database_url: str, channel: str = CHANNEL) -> None:
        super().__init__()
        self._dsn = (
            make_url(database_url)
            .set(drivername="postgresql")
            .render_as_string(hide_password=False)
        )
        self._channel = channel

    def publish(self, message: dict[str, Any]) -> None:
        import psycopg

        with psycopg.connect(self._dsn, autocommit=True) as conn:
            conn.execute("SELECT pg_notify(%s, %s)", (self._channel, json.dumps(message)))

    def _listen(self) -> None:
        import psycopg

        with psycopg.connect(self._dsn, autocommit=True) as conn:
            conn.execute(f"LISTEN {self._channel}")
            self.ready.set()
            while not self._stop.is_set():
                for notify in conn.notifies(timeout=0.5):
                    self._deliver(_decode(notify.payload))


def _decode(raw: Any) -> dict[str, Any]:
    try:
        value = json.loads(raw)
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def bus_for(redis_url: str | None, database_url: str) -> ChangeBus:
    """Redis if configured, else PostgreSQL if that is the database, else in-process."""
    if redis_url:
        return RedisBus(redis_url)
    if database_url.startswith("postgresql"):
        return PostgresBus(database_url)
    return LocalBus()


def wait_ready(bus: ChangeBus, timeout: float = 5.0) -> bool:
    """Block until a threaded bus is listening (a local bus always is)."""
    ready = getattr(bus, "ready", None)
    if ready is None:
        return True
    deadline = time.monotonic() + timeout
    return bool(ready.wait(max(0.0, deadline - time.monotonic())))
