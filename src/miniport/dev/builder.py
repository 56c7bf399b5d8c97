"""Live rebuilds for `miniport dev`: watch a source tree and keep the latest package.

Watching polls modification times (no OS-specific file events, no new dependency): a
stat of every file twice a second is cheap for mini-program sized projects. A change
triggers a full build with the compiler, which has its own content-hash cache.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from miniport.compiler.build import BuildOptions, build_project

IGNORED_DIRS = frozenset({".git", "node_modules", "__pycache__", ".idea", ".vscode"})


def snapshot(root: Path) -> dict[str, float]:
    """Path → mtime of every file under `root`, skipping VCS and editor folders."""
    out: dict[str, float] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in IGNORED_DIRS and not d.startswith(".")]
        for name in filenames:
            if name.startswith("."):
                continue
            path = os.path.join(dirpath, name)
            try:
                out[path] = os.stat(path).st_mtime_ns
            except OSError:
                continue
    return out


@dataclass
class BuildState:
    """What the simulator page polls: the build number and its outcome."""

    version: int = 0
    ok: bool = False
    package: bytes | None = None
    package_id: str | None = None
    diagnostics: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    building: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "ok": self.ok,
            "package_id": self.package_id,
            "diagnostics": self.diagnostics,
            "seconds": round(self.seconds, 3),
            "building": self.building,
        }


class DevBuilder:
    """Builds `src` now and again whenever a file under it changes."""

    def __init__(self, src: Path, interval: float = 0.5, cache_dir: Path | None = None):
        self.src = src.resolve()
        self.interval = interval
        self.cache_dir = cache_dir
        self.state = BuildState()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._seen: dict[str, float] = {}

    def build(self) -> BuildState:
        """Run one build and publish its result (a failed build keeps the last package)."""
        with self._lock:
            self.state.building = True
            started = time.perf_counter()
            result = build_project(self.src, BuildOptions(cache_dir=self.cache_dir))
            state = BuildState(
                version=self.state.version + 1,
                ok=result.ok,
                package=result.package if result.ok else self.state.package,
                package_id=result.package_id if result.ok else self.state.package_id,
                diagnostics=[d.to_json() for d in result.diagnostics],
                seconds=time.perf_counter() - started,
            )
            self.state = state
            return state

    def poll_once(self) -> bool:
        """Rebuild if anything changed since the last look; True when it rebuilt."""
        current = snapshot(self.src)
        if current == self._seen:
            return False
        self._seen = current
        self.build()
        return True

    def start(self) -> None:
        self._seen = snapshot(self.src)
        self.build()
        self._thread = threading.Thread(target=self._run, name="miniport-dev-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.poll_once()
            except Exception as exc:  # keep watching; show the failure like a build error
                self.state.diagnostics = [
                    {
                        "file": ".",
                        "line": 1,
                        "col": 1,
                        "severity": "error",
                        "message": f"build crashed: {exc}",
                    }
                ]
