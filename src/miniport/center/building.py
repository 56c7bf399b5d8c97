"""The one call the upload path makes to turn a partner's source into a package.

The center compiles with the same compiler as `miniport build`, so a package built
locally and one built by the center from the same source are byte-identical. This
module adapts the compiler's Python API to what the upload path needs and converts
its diagnostics into API-shaped details (`FILE:LINE:COL`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from miniport.center.errors import Invalid


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
    shown = "; ".join(f"{i.get('location', '?')}: {i.get('message', '')}" for i in items[:5])
    more = f" (and {len(items) - 5} more)" if len(items) > 5 else ""
    return Invalid(
        "compile_failed",
        f"The source does not compile: {shown}{more}. Fix these and upload again.",
        field="file",
        diagnostics=items,
    )


def _relative(diagnostics: list[Any], src_dir: Path) -> list[Any]:
    """Name files as they are inside the uploaded zip, not by the server's temp path."""
    from dataclasses import replace

    prefix = src_dir.resolve().as_posix().rstrip("/") + "/"
    out = []
    for d in diagnostics:
        name = d.file
        if name.startswith(prefix):
            name = name[len(prefix) :]
        elif name == prefix.rstrip("/"):
            name = "."
        out.append(replace(d, file=name))
    return out


def build_from_source(src_dir: Path, appid: str, version: str) -> Built:
    """Compile an extracted source tree into a .mpk for `appid`@`version`.

    Raises `Invalid("compile_failed")` carrying every error as FILE:LINE:COL (paths as
    they are inside the uploaded zip).
    """
    from miniport.compiler.build import BuildOptions, build_project

    result = build_project(src_dir, BuildOptions(appid=appid, version=version, cache_dir=None))
    diagnostics = _relative(list(result.diagnostics), src_dir)
    if result.package is None:
        errors = [d for d in diagnostics if d.severity == "error"]
        raise compile_failed(errors or diagnostics)
    warnings = [_diag_json(d) for d in diagnostics if d.severity == "warning"]
    return Built(package=result.package, warnings=warnings)
