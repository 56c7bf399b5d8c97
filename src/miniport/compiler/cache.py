"""Content-hash cache of per-file compile results, so a one-file change rebuilds fast.

Each stage (WXML, WXSS, JS) turns one source file into a result that depends only on
that file's path and bytes and on the compiler itself. The cache keys results by a
hash of exactly that: the compiler's own source code, the stage, the path and the
content. A change to a file, or to the compiler, therefore misses the cache; nothing
else can make a hit stale. Checks that look at other files (does an imported sheet
exist, does a required module resolve) are redone on every build, since they are
cheap. Results with errors are never cached, so errors are reported on every build.

Where the cache lives: `--cache-dir`, else `MINIPORT_CACHE_DIR`, else the user cache
directory (`$XDG_CACHE_HOME/miniport/build`, usually `~/.cache/miniport/build`). It is
kept out of the source tree on purpose: a source folder may be read-only, shared, or
zipped for upload, and a cache file there would end up in the upload. Each project has
one index file named after its absolute path; it holds only what the last build used,
so it never grows beyond one project's worth of results. The index is stored with
`marshal` (plain data only: strings, numbers, lists, dicts), which loads and saves an
order of magnitude faster than JSON; it is tied to the Python version through the
fingerprint, and an unreadable index is simply a cold cache.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import miniport
from miniport.compiler.diagnostics import Diagnostics

# compute(text, diagnostics) → a plain-data result (None when nothing could be made)
Compute = Callable[[str, Diagnostics], Any]


def default_cache_dir() -> Path:
    """The cache directory when none is given (see the module docstring)."""
    env = os.environ.get("MINIPORT_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "miniport" / "build"


@cache
def compiler_fingerprint() -> str:
    """A hash of the compiler's own code, so upgrading or editing it invalidates results."""
    digest = hashlib.sha256(f"{miniport.__version__}\0{sys.version}".encode())
    package_dir = Path(__file__).resolve().parent
    for path in sorted(package_dir.rglob("*.py")):
        digest.update(path.relative_to(package_dir).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class BuildCache:
    """Results of one project's last build, looked up by content hash."""

    def __init__(self, directory: Path | None, project_root: Path):
        self.directory = directory
        self.index_path: Path | None = None
        self.old: dict[str, Any] = {}
        self.new: dict[str, Any] = {}
        self.hits = 0
        self.misses = 0
        if directory is None:
            return
        name = hashlib.sha256(str(project_root.resolve()).encode()).hexdigest()[:24]
        self.index_path = directory / f"{name}.index"
        try:
            loaded = marshal.loads(self.index_path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            loaded = {}
        if isinstance(loaded, dict) and loaded.get("fingerprint") == compiler_fingerprint():
            entries = loaded.get("entries")
            self.old = entries if isinstance(entries, dict) else {}

    @staticmethod
    def key(stage: str, path: str, content: bytes) -> str:
        digest = hashlib.sha256(f"{stage}\0{path}\0".encode())
        digest.update(content)
        return digest.hexdigest()

    def get(self, stage: str, path: str, content: bytes) -> Any | None:
        key = self.key(stage, path, content)
        value = self.old.get(key)
        if value is None:
            self.misses += 1
            return None
        self.hits += 1
        self.new[key] = value
        return value

    def put(self, stage: str, path: str, content: bytes, value: Any) -> None:
        self.new[self.key(stage, path, content)] = value

    def compile(
        self, stage: str, path: str, content: bytes, compute: Compute, diags: Diagnostics
    ) -> Any:
        """`compute(text, diagnostics)` for one file, unless its result is cached.

        Warnings of a cached result are reported again; errors go to `diags` and keep
        the result out of the cache. A stage that crashes on a file is reported as an
        error at that file, so one compiler bug does not hide every other diagnostic.
        """
        hit = self.get(stage, path, content)
        if hit is not None:
            for line, col, code, args in hit["warnings"]:
                diags.warning(path, line, col, code, **args)
            return hit["value"]
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            diags.error(path, 1, 1, "file.not_utf8")
            return None
        local = Diagnostics()
        try:
            value = compute(text, local)
        except Exception as exc:  # noqa: BLE001 - reported as a diagnostic, see above
            local.error(
                path,
                1,
                1,
                "internal.crash",
                stage=stage,
                exc_type=type(exc).__name__,
                detail=str(exc),
            )
            value = None
        diags.extend(local)
        if value is not None and not local.has_errors():
            # Code and values, not text, so a cached warning can be shown in any language.
            warnings = [[d.line, d.col, d.code, dict(d.args)] for d in local.warnings]
            self.put(stage, path, content, {"value": value, "warnings": warnings})
        return value

    def save(self) -> None:
        """Write the index atomically; a cache that cannot be written is only slower."""
        if self.index_path is None or (self.new == self.old and self.index_path.exists()):
            return
        try:
            self.index_path.parent.mkdir(parents=True, exist_ok=True)
            payload = marshal.dumps({"fingerprint": compiler_fingerprint(), "entries": self.new})
            fd, tmp = tempfile.mkstemp(dir=self.index_path.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
            os.replace(tmp, self.index_path)
        except OSError:
            pass
