"""Resolving `src` paths of <import>, <include>, <wxs> and WXS `require`.

Every compiled file is known by its path from the mini-program root with `/` separators
(`components/card/index.wxml`), which is also its key in the view bundle. A `src` is
relative to the referring file unless it starts with `/` (then it is from the root);
the extension may be left out.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass


@dataclass(frozen=True)
class Ref:
    """A dependency on another file and where it is written (for error messages)."""

    path: str  # resolved, root-relative
    file: str  # the referring file
    line: int
    col: int


def resolve(from_file: str, src: str, ext: str) -> str | None:
    """Root-relative path of `src` as seen from `from_file`; None if it leaves the root."""
    src = src.strip().replace("\\", "/")
    if not src:
        return None
    joined = (
        src.lstrip("/")
        if src.startswith("/")
        else posixpath.join(posixpath.dirname(from_file), src)
    )
    path = posixpath.normpath(joined)
    if path.startswith("../") or path == ".." or path.startswith("/"):
        return None
    if not path.endswith(ext):
        path += ext
    return path
