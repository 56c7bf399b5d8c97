"""The one call the upload path makes to turn a partner's source into a package.

The center compiles with the same compiler as `miniport build`, so a package built
locally and one built by the center from the same source are byte-identical. This
module adapts the compiler's Python API to what the upload path needs and converts
its diagnostics into API-shaped details (`FILE:LINE:COL`).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from miniport.center.errors import Invalid, Unavailable


@dataclass
class Built:
    package: bytes
    warnings: list[dict[str, Any]] = field(default_factory=list)


def _diag_json(d: Any) -> dict[str, Any]:
    out = d.to_json() if hasattr(d, "to_json") else {"message": str(d)}
    if {"file", "line", "col"} <= out.keys():
        out["location"] = f"{out['file']}:{out['line']}:{out['col']}"
    return out


def compile_failed(diagnostics: list[Any]) -> Invalid:
    items = [_diag_json(d) for d in diagnostics]
    shown = "; ".join(
        f"{i.get('location', '?')}: {i.get('message', '')}" for i in items[:5]
    )
    more = f" (and {len(items) - 5} more)" if len(items) > 5 else ""
    return Invalid(
        "compile_failed",
        f"The source does not compile: {shown}{more}. Fix these and upload again.",
        field="file",
        diagnostics=items,
    )


def build_from_source(src_dir: Path, appid: str, version: str) -> Built:
    """Compile an extracted source tree into a .mpk for `appid`@`version`.

    Raises `Invalid("compile_failed")` with every diagnostic, or `Unavailable` if this
    installation has no compiler build entry point.
    """
    try:
        module = importlib.import_module("miniport.compiler.build")
    except ModuleNotFoundError as exc:
        raise Unavailable(
            "compiler_unavailable",
            "This server cannot compile sources yet; upload a built .mpk "
            "(miniport build) instead.",
        ) from exc
    from miniport.compiler.diagnostics import CompileError

    build = module.build_package
    try:
        result = build(src_dir, appid=appid, version=version)
    except CompileError as exc:
        raise compile_failed(list(exc.diagnostics)) from exc
    warnings = [_diag_json(d) for d in getattr(result, "warnings", [])]
    return Built(package=result.package, warnings=warnings)
