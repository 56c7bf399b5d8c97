"""A real center server for crash tests: `python killable_server.py PORT MARKER_DIR PAUSE`.

It runs the normal start-up (`miniport.cli.serve.prepare`) from MINIPORT_* settings,
then makes one moment observable and slow: PAUSE=upload stops right before an upload's
row is committed (blobs already stored); PAUSE=submit stops right before a state change
commits (row already updated and its event flushed). There it writes a marker file and
sleeps, so the test can kill -9 the process at exactly that point.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import uvicorn

from miniport.center.services import audit, versions
from miniport.cli.serve import prepare
from miniport.config import load_settings

port, markers, pause = int(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]


def _pause(name: str) -> None:
    (markers / name).write_text("reached")
    time.sleep(120)


_commit_upload = versions.commit_upload
_record = audit.record


def slow_commit_upload(session):  # type: ignore[no-untyped-def]
    _pause("upload")
    _commit_upload(session)


def slow_record(session, actor, action, *args, **kw):  # type: ignore[no-untyped-def]
    event = _record(session, actor, action, *args, **kw)
    if action == "version.submit":
        session.flush()  # the UPDATE and the event are sent, not committed
        _pause("submit")
    return event


if pause == "upload":
    versions.commit_upload = slow_commit_upload
elif pause == "submit":
    versions.audit.record = slow_record  # type: ignore[attr-defined]

app = prepare(load_settings())
uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")  # type: ignore[arg-type]
