"""Update notifications inside one process: data changes and scheduled instants."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from miniport.center.services import accounts
from miniport.delivery import plans
from miniport.delivery.api import build_state


def _principal(session: Any) -> Any:
    user = accounts.authenticate_password(
        session, "ops@example.com", "correct-horse-battery-staple-9"
    )
    return accounts.load_principal(session, user)


def test_streams_hear_plan_changes_and_scheduled_starts(platform) -> None:
    appid = platform.add_app({"1.0.0": "released", "2.0.0": "approved"})
    other = platform.add_app({"1.0.0": "released"})
    state = build_state(platform.ctx)
    state.start()
    try:

        async def scenario() -> list[dict[str, Any]]:
            sub = state.subscribe(platform.host_id)
            with platform.ctx.db.session() as s:
                principal = _principal(s)  # slow (password hash): do it before the clock starts
                starts = datetime.now(UTC) + timedelta(seconds=2.5)
                plans.save_plan(
                    s,
                    principal,
                    appid,
                    platform.host_name,
                    {
                        "default_version": "1.0.0",
                        "start_at": starts.isoformat(),
                        "rules": [{"conditions": {}, "version": "2.0.0"}],
                    },
                )
            state.reload()
            first = await asyncio.wait_for(sub.queue.get(), 5)
            second = await asyncio.wait_for(sub.queue.get(), 10)
            assert datetime.now(UTC) >= starts
            return [first, second]

        first, second = asyncio.run(scenario())
    finally:
        state.stop()
    assert first["appids"] == [appid]  # only the changed mini-program, not `other`
    assert other not in first["appids"]
    assert second == {"appids": [appid], "generation": second["generation"], "reason": "schedule"}
