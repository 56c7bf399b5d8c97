"""The application context: everything a request handler or installer may need.

One `AppContext` is built by `create_app` and kept on `app.state.ctx`. Areas receive
it in their `install(app, ctx)` hook and in handlers through `deps.get_context`, so no
part of Miniport reads globals or the environment on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from miniport.center.db import Database
from miniport.center.storage import Storage
from miniport.config import Settings


@dataclass
class AppContext:
    settings: Settings
    db: Database
    storage: Storage
    secret_key: str
    extras: dict[str, Any] = field(default_factory=dict)
    """Per-area state an installer wants to keep (e.g. delivery's caches), by area name."""
