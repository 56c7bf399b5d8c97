"""Per-process delivery state: the current index, its reloader, and update subscribers.

The index is replaced, never mutated, so readers need no lock: they read
`state.index` once and use that object for the whole request. Reloads are serialised
by a lock and triggered three ways: synchronously after this process saved a plan
(so the caller reads its own write), by the change bus (other processes' writes, and
the center's writes to versions, listings and hosts), and by a safety timer in case
a notification was lost.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from miniport.center.db import Database
from miniport.delivery.bus import ChangeBus, wait_ready
from miniport.delivery.compiled import DeliveryIndex
from miniport.delivery.nonces import NonceStore
from miniport.delivery.snapshot import SecretOf, load_index
from miniport.delivery.tokens import SessionTokens

log = logging.getLogger("miniport.delivery")

SAFETY_RELOAD_SECONDS = 30.0


@dataclass(eq=False)
class Subscriber:
    """One open update stream: the host it belongs to and where to post changes."""

    host_id: int
    loop: asyncio.AbstractEventLoop
    queue: asyncio.Queue[dict[str, Any]] = field(default_factory=lambda: asyncio.Queue(maxsize=100))

    def post(self, message: dict[str, Any]) -> None:
        def put() -> None:
            if self.queue.full():  # a stalled client: keep only the newest news
                self.queue.get_nowait()
            self.queue.put_nowait(message)

        self.loop.call_soon_threadsafe(put)


class DeliveryState:
    def __init__(
        self,
        db: Database,
        bus: ChangeBus,
        nonces: NonceStore,
        tokens: SessionTokens,
        secret_of: SecretOf,
        public_url: str | None = None,
    ) -> None:
        self.db = db
        self.bus = bus
        self.nonces = nonces
        self.tokens = tokens
        self.public_url = public_url.rstrip("/") if public_url else None
        self._secret_of = secret_of
        self._index = DeliveryIndex(generation=0)
        self._generation = 0
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._subscribers: set[Subscriber] = set()
        self._subscribers_lock = threading.Lock()
        self._boundaries: list[tuple[float, int, str]] = []
        self._reload_requested = False
        self._last_reload = time.monotonic()
        self.on_reload: list[Callable[[DeliveryIndex], None]] = []
        """Hooks run after each rebuild (tests use this to time propagation)."""

    # ------------------------------------------------------------------ index

    @property
    def index(self) -> DeliveryIndex:
        # Without the reloader thread (an app used without its lifespan, e.g. in a
        # test client), a pending change is applied by the next reader instead.
        if self._index.generation == 0 or (self._reload_requested and self._thread is None):
            self._reload_requested = False
            self.reload()
        return self._index

    def reload(self) -> DeliveryIndex:
        """Rebuild the index from the database and tell affected update streams."""
        with self._lock:
            with self.db.session() as session:
                new = self._build(session)
            old, self._index = self._index, new
            self._boundaries = new.boundaries(time.time())
            self._last_reload = time.monotonic()
        self._wake.set()  # the reloader re-arms its timer for the new schedule instants
        self._announce(old, new)
        for hook in self.on_reload:
            hook(new)
        return new

    def _build(self, session: Session) -> DeliveryIndex:
        self._generation += 1
        return load_index(session, self._secret_of, self._generation)

    def _announce(self, old: DeliveryIndex, new: DeliveryIndex) -> None:
        if old.generation == 0:
            return
        with self._subscribers_lock:
            subscribers = list(self._subscribers)
        cache: dict[int, list[str]] = {}
        for sub in subscribers:
            if sub.host_id not in cache:
                cache[sub.host_id] = new.changed_appids(old, sub.host_id)
            if cache[sub.host_id]:
                sub.post({"appids": cache[sub.host_id], "generation": new.generation})

    # ------------------------------------------------------------------ changes

    def changed(self, reason: str = "change") -> None:
        """Something delivery depends on was committed: tell every process (us included)."""
        try:
            self.bus.publish({"reason": reason, "at": time.time()})
        except Exception as exc:  # the write already committed; peers catch up on the timer
            log.warning("could not publish a delivery change: %s", exc)
        self._reload_requested = True
        self._wake.set()

    def _on_bus_message(self, message: dict[str, Any]) -> None:
        self._reload_requested = True
        self._wake.set()

    def _reloader(self) -> None:
        """Reload when asked (bus, commits) or every SAFETY_RELOAD_SECONDS; in between,
        wake at each schedule instant to tell streams."""
        while not self._stop.is_set():
            timeout = max(0.0, self._last_reload + SAFETY_RELOAD_SECONDS - time.monotonic())
            if self._boundaries:
                timeout = min(timeout, max(0.0, self._boundaries[0][0] - time.time()) + 0.001)
            self._wake.wait(timeout)
            self._wake.clear()
            if self._stop.is_set():
                return
            self._fire_boundaries(time.time())
            due = time.monotonic() - self._last_reload >= SAFETY_RELOAD_SECONDS
            if not (self._reload_requested or due):
                continue
            self._reload_requested = False
            try:
                self.reload()
            except Exception as exc:
                log.error("delivery index reload failed (keeping the previous one): %s", exc)
                self._stop.wait(0.5)
                self._reload_requested = True
                self._wake.set()

    def _fire_boundaries(self, now: float) -> None:
        """Tell streams about answers that just changed by the clock (scheduled plans)."""
        due: dict[int, set[str]] = {}
        with self._lock:
            while self._boundaries and self._boundaries[0][0] <= now:
                _, host_id, appid = self._boundaries.pop(0)
                due.setdefault(host_id, set()).add(appid)
        if not due:
            return
        with self._subscribers_lock:
            subscribers = list(self._subscribers)
        for sub in subscribers:
            if sub.host_id in due:
                sub.post(
                    {
                        "appids": sorted(due[sub.host_id]),
                        "generation": self._index.generation,
                        "reason": "schedule",
                    }
                )

    def start(self) -> None:
        self.reload()
        self.bus.start(self._on_bus_message)
        if not wait_ready(self.bus):
            log.warning(
                "delivery change listener (%s) is not ready yet; retrying in the background",
                self.bus.kind,
            )
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._reloader, name="delivery-reloader", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self.bus.stop()
        if self._thread is not None:
            self._thread.join(timeout=3)
            self._thread = None

    # ------------------------------------------------------------------ streams

    def subscribe(self, host_id: int) -> Subscriber:
        sub = Subscriber(host_id, asyncio.get_running_loop())
        with self._subscribers_lock:
            self._subscribers.add(sub)
        return sub

    def unsubscribe(self, sub: Subscriber) -> None:
        with self._subscribers_lock:
            self._subscribers.discard(sub)
