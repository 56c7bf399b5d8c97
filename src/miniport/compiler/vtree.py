"""`miniport_vtree`: the virtual tree a compiled WXML file builds from some data.

This is what `miniport vtree` prints and what the differential harness compares with
WeChat's `wcc`. The template is compiled with everything it imports, includes or
requires, bundled exactly as in a package, and evaluated by Node with the real
`wxml-runtime.js`, so the tree is the one the view layer would get.

Normalised form (docs/wxml.md, "Virtual tree JSON"): `{"tag", "attr", "children"}`
nodes, text as plain strings, `block`/`template`/`include` flattened; events appear in
`attr` under canonical names (`bind:tap`, `catch:tap`, `capture-bind:tap`,
`capture-catch:tap`, `mut-bind:tap`) with the handler as value; other attribute names
are camelCased as WeChat passes them to components (`hover-class` → `hoverClass`),
except `data-*`; `model:value="{{x}}"` appears as `value`; `generic:*` and `wx:key`
are not shown (WeChat keeps them apart from attributes).
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from .diagnostics import CompileError, Diagnostics
from .wxml import compile_view

RUNTIME_JS = (
    Path(__file__).resolve().parent.parent / "runtime" / "static" / "common" / "wxml-runtime.js"
)

_NODE_SCRIPT = """
import { createView, loadViewBundle } from %s;
let input = "";
for await (const chunk of process.stdin) input += chunk;
const { bundle, path, data } = JSON.parse(input);
const nodes = createView(loadViewBundle(bundle)).render(path, data);
// JSON has no functions (WXS event handlers) or non-finite numbers: mark them
process.stdout.write(JSON.stringify(nodes, (k, v) =>
  typeof v === "function" ? { $js: "function" }
  : typeof v === "number" && !isFinite(v) ? { $js: String(v) } : v));
"""


_DASH = re.compile(r"-(.)")


def _upper(m: re.Match[str]) -> str:
    return m.group(1).upper()


class VtreeError(Exception):
    """The template compiled but could not be evaluated (Node missing, WXS threw, …)."""


def normalise_path(project_root: Path, wxml_path: str) -> str:
    """`./pages/a/index`, `pages/a/index.wxml` or an absolute path → `pages/a/index.wxml`."""
    path = Path(wxml_path)
    if path.is_absolute():
        try:
            path = path.resolve().relative_to(project_root.resolve())
        except ValueError as exc:
            raise VtreeError(
                f"{wxml_path} is not inside the project {project_root}; pass a path inside it"
            ) from exc
    rel = posixpath.normpath(path.as_posix().lstrip("/"))
    if rel.startswith("../"):
        raise VtreeError(
            f"{wxml_path} is outside the project {project_root}; pass a path inside it"
        )
    return rel if rel.endswith(".wxml") else rel + ".wxml"


def compile_bundle(project_root: str | Path, wxml_rel_path: str) -> tuple[str, str]:
    """Compile a file and its dependencies; returns (entry path, bundle text)."""
    root = Path(project_root)
    entry = normalise_path(root, wxml_rel_path)

    def read(rel: str) -> str | None:
        file = root / rel
        return file.read_text(encoding="utf-8") if file.is_file() else None

    diagnostics = Diagnostics()
    view = compile_view(read, [entry], diagnostics)
    if diagnostics.has_errors():
        raise CompileError(sorted(diagnostics.errors))
    return entry, view.bundle()


def render_bundle(bundle: str, entry: str, data: Any, timeout: float = 30) -> list[Any]:
    """Evaluate a view bundle in Node and return the raw VNodes (docs/contracts.md §1).

    Values JSON cannot carry are marked as the differential harness marks wcc's: a
    function (a WXS event handler) is `{"$js": "function"}`, NaN and ±Infinity are
    `{"$js": "NaN"}` etc.; `undefined` attribute values are left out.
    """
    node = shutil.which("node")
    if node is None:
        raise VtreeError("node is not installed; install Node.js 18 or newer to evaluate templates")
    script = _NODE_SCRIPT % json.dumps(RUNTIME_JS.as_uri())
    proc = subprocess.run(
        [
            node,
            "--disable-warning=MODULE_TYPELESS_PACKAGE_JSON",
            "--input-type=module",
            "-e",
            script,
        ],
        input=json.dumps({"bundle": bundle, "path": entry, "data": data}),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        raise VtreeError(f"evaluating {entry} failed:\n{proc.stderr.strip()}")
    return json.loads(proc.stdout)


def to_vtree(vnodes: list[Any]) -> list[Any]:
    """Raw VNodes → the normalised JSON nodes described in the module docstring."""
    out: list[Any] = []
    for node in vnodes:
        if isinstance(node, str):
            out.append(node)
            continue
        attr = {}
        for name, value in node.get("attrs", {}).items():
            if name.startswith("generic:"):
                continue  # WeChat keeps generics apart from attributes
            attr[name if name.startswith("data-") else _DASH.sub(_upper, name)] = value
        for event in node.get("events", []):
            prefix = ("capture-" if event["capture"] else "") + (
                "mut-bind" if event["mut"] else "catch" if event["catch"] else "bind"
            )
            attr[f"{prefix}:{event['name']}"] = event.get("handler")
        out.append(
            {"tag": node["tag"], "attr": attr, "children": to_vtree(node.get("children", []))}
        )
    return out


def miniport_vtree(project_root: str | Path, wxml_rel_path: str, data: Any) -> list[Any]:
    """The normalised virtual tree of `wxml_rel_path` (relative to `project_root`) for `data`.

    Raises `CompileError` with every diagnostic if the file or a dependency does not
    compile, and `VtreeError` if evaluation fails.
    """
    entry, bundle = compile_bundle(project_root, wxml_rel_path)
    return to_vtree(render_bundle(bundle, entry, data))
