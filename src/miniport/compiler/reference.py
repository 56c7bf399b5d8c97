"""WeChat's own WXML compiler (wcc) as a test oracle, and the differential harness.

Compatibility is measured, not assumed: for a WXML file and a data object we build the
virtual tree twice, once with wcc (the native compiler shipped in the npm package
`miniprogram-compiler`, run through Node) and once with Miniport's compiler, normalise
both to the same shape and compare them (tags, attributes, text, order).

Normalised shape (what `miniport vtree` prints): a list of nodes, each either a string
(text) or `{"tag": "view", "attr": {...}, "children": [...]}`; tags carry no `wx-`
prefix; `block`, templates and includes are flattened. Choices that make the two
trees comparable without hiding what a user would see:

- adjacent text nodes are merged and empty text dropped (the DOM shows the same text);
- events are attributes in one spelling: `bind:tap`, `catch:tap`, `capture-bind:tap`,
  `capture-catch:tap`, `mut-bind:tap` → handler name, whatever spelling the source used;
- `model:value="{{a.b}}"` appears as the attribute `value` (its current value) plus
  `model:value` → `"a.b"` (the bound path);
- an attribute bound to `undefined` is absent (the view layer sets nothing);
- attribute names are compared in camelCase (`scroll-y` → `scrollY`) as wcc stores
  them, except `data-*`; `generic:x` appears as an attribute with the tag it names;
- `wx:key` values are not compared: wcc derives keys in ways no user can observe
  (e.g. item + index for strings); keys only steer the view layer's diff.

Run over corpora with `python -m miniport.compiler.reference --help`.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

VNode = str | dict[str, Any]

WCC_PACKAGE = "miniprogram-compiler"
_REPO_NODE_MODULES = Path(__file__).resolve().parents[3] / "node_modules"
WXS_FUNCTION = {"$js": "function"}  # how a function value (a WXS handler) is shown
_NODE_TIMEOUT_S = 600
RENDER_TIMEOUT_S = 10.0  # one template with one data object; far more than any real render
_EVENT = re.compile(r"^(capture-bind|capture-catch|mut-bind|bind|catch):?(.+)$")
_DASH = re.compile(r"-([a-z])")
_MUSTACHE = re.compile(r"^\s*\{\{(.*)\}\}\s*$", re.S)


class OracleError(RuntimeError):
    """Base of this module's errors: an English message plus its zh-CN version."""

    def __init__(self, message: str, message_zh: str):
        super().__init__(message)
        self.message_zh = message_zh


class ReferenceUnavailable(OracleError):
    """Node or the `miniprogram-compiler` npm package is not installed."""


class ReferenceFailed(OracleError):
    """wcc refused to compile the project or its generated code failed at render time."""


class VtreeInputError(OracleError):
    """The WXML file or the data given to `miniport vtree` cannot be used."""


# --------------------------------------------------------------------------- locating


def find_wcc_package(extra: Sequence[Path] = ()) -> Path:
    """The `miniprogram-compiler` package folder.

    `$MINIPORT_WCC_DIR` (the package itself or a node_modules folder holding it) is used
    alone when set, so a wrong setting fails loudly instead of silently using another
    copy; otherwise `extra` folders, ./node_modules and the repository's node_modules.
    """
    env = os.environ.get("MINIPORT_WCC_DIR")
    if env:
        candidates = [Path(env), Path(env) / WCC_PACKAGE]
    else:
        candidates = [p / WCC_PACKAGE for p in extra]
        candidates += [Path.cwd() / "node_modules" / WCC_PACKAGE, _REPO_NODE_MODULES / WCC_PACKAGE]
    for candidate in candidates:
        if (candidate / "package.json").is_file() and (candidate / "src" / "wcc.js").is_file():
            return candidate.resolve()
    if env:
        raise ReferenceUnavailable(
            f"MINIPORT_WCC_DIR={env} holds no miniprogram-compiler package; point it at the "
            "package folder or at a node_modules folder that contains it, or unset it",
            f"MINIPORT_WCC_DIR={env} 中没有 miniprogram-compiler 包；请指向该包或包含它的 "
            "node_modules 目录，或取消该变量",
        )
    raise ReferenceUnavailable(
        "WeChat's compiler (npm package miniprogram-compiler) was not found in "
        "./node_modules or the repository's node_modules; install it with "
        "`npm install miniprogram-compiler` (scripts/setup does) or set MINIPORT_WCC_DIR",
        "未找到微信官方编译器（npm 包 miniprogram-compiler）；请运行 "
        "`npm install miniprogram-compiler`（scripts/setup 会安装）或设置 MINIPORT_WCC_DIR",
    )


def _node() -> str:
    node = shutil.which("node")
    if not node:
        raise ReferenceUnavailable(
            "Node.js is needed to run wcc's output; install Node 18 or newer",
            "运行 wcc 的输出需要 Node.js；请安装 Node 18 或更高版本",
        )
    return node


def _ensure_executable(package: Path) -> None:
    binary = package / "bin" / "linux" / "wcc"
    if sys.platform.startswith("linux") and binary.is_file() and not os.access(binary, os.X_OK):
        try:
            binary.chmod(0o755)
        except OSError as exc:
            raise ReferenceUnavailable(
                f"{binary} is not executable and cannot be made so ({exc.strerror}); "
                f"run `chmod +x {binary}`",
                f"{binary} 不可执行且无法修改权限；请运行 `chmod +x {binary}`",
            ) from exc


# ------------------------------------------------------------------------- running wcc

# Runs inside Node. wcc's generated code expects a browser (`window`); declaring an
# engine version makes it return the raw tree with its `virtual` wrappers (block, for,
# if, template), which we flatten ourselves. Console output of the generated runtime
# (warnings, and error dumps it prints before rethrowing) is captured per request.
_NODE_SHIM = r"""
const fs = require('fs');
const req = JSON.parse(fs.readFileSync(0, 'utf8'));
const captured = [];
const keep = (...args) => captured.push(args.map((a) => {
  if (typeof a === 'string') return a;
  try { return JSON.stringify(a); } catch (e) { return String(a); }
}).join(' '));
for (const k of ['log', 'warn', 'error', 'info', 'debug']) console[k] = keep;
function encode(value) {
  return JSON.stringify(value, (k, v) => {
    if (v === undefined) return { $js: 'undefined' };
    if (typeof v === 'number' && !isFinite(v)) return { $js: String(v) };
    if (typeof v === 'function') return { $js: 'function' };
    return v;
  });
}
function render() {
  // The generated code runs in its own context so that one template that loops for
  // ever (a wx:for over a timestamp, say) times out alone instead of hanging the batch.
  const vm = require('vm');
  const compiler = require(req.compiler);
  let code;
  try {
    code = compiler.wxmlToJs(req.root, { maxBuffer: 1 << 28, wxmlList: req.wxml, wxsList: req.wxs });
  } catch (e) {
    return JSON.stringify({ compile_error: String((e && e.message) || e).trim() });
  }
  const context = vm.createContext({ console, __webview_engine_version__: 0.02 });
  vm.runInContext('var window = this; var __gwx = (function () {' + code + '\n})();', context);
  const parts = req.requests.map((r) => {
    captured.length = 0;
    context.__path = r.path;
    context.__data = JSON.stringify(r.data);
    try {
      const tree = vm.runInContext(
        'var __f = __gwx(__path); typeof __f === "function" ? __f(JSON.parse(__data), {}, {}) : null',
        context, { timeout: req.timeout_ms });
      if (tree === null) return encode({ error: 'wcc produced no template for ' + r.path });
      return encode({ tree, warnings: captured.slice() });
    } catch (e) {
      const message = String((e && e.message) || e);
      return encode({ error: message, warnings: captured.slice() });
    }
  });
  return '{"results":[' + parts.join(',') + ']}';
}
function props() {
  // Load each component's JS with a stub `Component` to read its declared properties
  // and initial data: the data a freshly created instance renders with.
  const stub = new Proxy(function () {}, {
    get: (t, k) => (k === Symbol.toPrimitive ? () => 0 : stub),
    apply: () => stub,
  });
  const info = { SDKVersion: '3.4.0', windowWidth: 375, windowHeight: 667, screenWidth: 375,
    screenHeight: 667, pixelRatio: 2, statusBarHeight: 20, platform: 'devtools',
    system: 'iOS 16.0', version: '8.0.40', safeArea: { top: 20, bottom: 667, left: 0, right: 375, width: 375, height: 647 } };
  const wx = new Proxy({
    getSystemInfoSync: () => info, getWindowInfo: () => info, getDeviceInfo: () => info,
    getAppBaseInfo: () => info, canIUse: () => true,
    getMenuButtonBoundingClientRect: () => ({ top: 24, bottom: 56, left: 281, right: 368, width: 87, height: 32 }),
  }, { get: (t, k) => (k in t ? t[k] : stub) });
  let last;
  Object.assign(globalThis, {
    wx, Component: (o) => { last = o; }, Page: (o) => { last = o; }, Behavior: (o) => o,
    getApp: () => ({ globalData: {} }), getCurrentPages: () => [],
  });
  const defaults = new Map([[String, ''], [Number, 0], [Boolean, false], [Object, null], [Array, []]]);
  function collect(options, into) {
    if (!options || typeof options !== 'object') return into;
    for (const b of options.behaviors || []) collect(b, into);
    for (const [name, spec] of Object.entries(options.properties || {})) {
      if (spec && typeof spec === 'object' && 'value' in spec) into[name] = spec.value;
      else {
        const type = spec && typeof spec === 'object' ? spec.type : spec;
        into[name] = defaults.has(type) ? defaults.get(type) : null;
      }
    }
    Object.assign(into, JSON.parse(JSON.stringify(options.data || {})));
    return into;
  }
  const out = {};
  for (const script of req.scripts) {
    last = undefined;
    try { require(script); out[script] = { data: collect(last, {}) }; }
    catch (e) { out[script] = { error: String((e && e.message) || e) }; }
  }
  return encode(out);
}
process.stdout.write(req.mode === 'props' ? props() : render());
"""


@dataclass
class ReferenceResult:
    """wcc's normalised tree for one request, or why there is none."""

    tree: list[VNode] | None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


def _run_node(request: dict[str, Any]) -> dict[str, Any]:
    try:
        proc = subprocess.run(
            [_node(), "-e", _NODE_SHIM],
            input=json.dumps(request, ensure_ascii=False).encode(),
            capture_output=True,
            timeout=_NODE_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ReferenceFailed(
            f"wcc did not finish within {_NODE_TIMEOUT_S} s", f"wcc 未在 {_NODE_TIMEOUT_S} 秒内完成"
        ) from exc
    if proc.returncode != 0:
        detail = proc.stderr.decode(errors="replace").strip()[-2000:]
        raise ReferenceFailed(
            f"node exited with status {proc.returncode}: {detail}",
            f"node 以状态 {proc.returncode} 退出：{detail}",
        )
    return json.loads(proc.stdout)


def reference_vtrees(
    project_root: str | os.PathLike[str], requests: Sequence[tuple[str, Any]]
) -> list[ReferenceResult]:
    """wcc's normalised trees for many (wxml path, data) pairs of one project.

    wcc compiles every .wxml/.wxs of the project once (as the WeChat tools do), so a
    batch costs one compilation. Raises ReferenceFailed if wcc rejects the project.
    """
    package = find_wcc_package()
    _ensure_executable(package)
    root = Path(project_root).resolve()
    reply = _run_node(
        {
            "mode": "render",
            "compiler": str(package),
            "root": str(root),
            "requests": [{"path": "./" + _rel(p), "data": d} for p, d in requests],
            "wxml": _project_files(root, ".wxml"),
            "wxs": _project_files(root, ".wxs"),
            "timeout_ms": int(RENDER_TIMEOUT_S * 1000),
        }
    )
    if "compile_error" in reply:
        raise ReferenceFailed(
            f"wcc could not compile {root}: {reply['compile_error']}",
            f"wcc 无法编译 {root}：{reply['compile_error']}",
        )
    results: list[ReferenceResult] = []
    for item in reply["results"]:
        if "error" in item:
            results.append(ReferenceResult(None, item["error"], item.get("warnings", [])))
        else:
            tree = normalise_reference(item["tree"])
            results.append(ReferenceResult(tree, None, item.get("warnings", [])))
    return results


def reference_vtree(
    project_root: str | os.PathLike[str], wxml_rel_path: str, data: Any
) -> list[VNode]:
    """wcc's virtual tree for one WXML file and data, normalised like Miniport's."""
    [result] = reference_vtrees(project_root, [(wxml_rel_path, data)])
    if result.error is not None or result.tree is None:
        raise ReferenceFailed(
            f"wcc's template {wxml_rel_path} failed to render: {result.error}",
            f"wcc 生成的模板 {wxml_rel_path} 渲染失败：{result.error}",
        )
    return result.tree


def component_data(scripts: Sequence[Path]) -> dict[Path, dict[str, Any]]:
    """Initial data of components: each declared property's default plus `data`,
    behaviours included, read by loading the JS with a stub `Component` in Node.
    Scripts that fail to load map to an empty dict."""
    if not scripts:
        return {}
    reply = _run_node({"mode": "props", "scripts": [str(s.resolve()) for s in scripts]})
    out: dict[Path, dict[str, Any]] = {}
    for script in scripts:
        entry = reply.get(str(script.resolve()), {})
        data = entry.get("data") if isinstance(entry, dict) else None
        out[script] = _decode_js(data) if isinstance(data, dict) else {}
    return out


def _project_files(root: Path, suffix: str) -> list[str]:
    """Every file of the project with this suffix, as `./path` (outside node_modules).

    The `./` prefix is how WeChat's tools name files for wcc; with it, absolute paths in
    `<import src="/lib/a.wxml">` resolve from the project root as they do in WeChat
    (without it wcc cannot find them).
    """
    return sorted(
        "./" + p.relative_to(root).as_posix()
        for p in root.rglob("*" + suffix)
        if p.is_file() and "node_modules" not in p.relative_to(root).parts
    )


def _rel(path: str) -> str:
    rel = path.replace("\\", "/").lstrip("/")
    return rel if rel.endswith(".wxml") else rel + ".wxml"


# ----------------------------------------------------------------------- normalising


def normalise_reference(root: dict[str, Any]) -> list[VNode]:
    """wcc's raw tree (root `wx-page`, `virtual` wrappers) → normalised node list."""
    return _merge_text(_flatten_wcc(root.get("children", [])))


def _flatten_wcc(children: Iterable[Any]) -> list[VNode]:
    out: list[VNode] = []
    for child in children:
        if isinstance(child, str):
            out.append(child)
        elif isinstance(child, dict) and child.get("tag") == "virtual":
            out.extend(_flatten_wcc(child.get("children", [])))
        elif isinstance(child, dict) and "tag" in child:
            out.append(_wcc_element(child))
        elif _is_js(child, "undefined") or child is None:
            continue
        else:
            out.append(str(child))
    return out


def _wcc_element(node: dict[str, Any]) -> dict[str, Any]:
    tag = _unprefix(str(node["tag"]))
    attr: dict[str, Any] = {}
    for name, value in (node.get("attr") or {}).items():
        if _is_js(value, "undefined") or name == "$gdc":  # $gdc: wcc's deep-copy helper
            continue
        if name.startswith("$wxs:"):  # a WXS function bound as handler or observer
            name = name[len("$wxs:") :]
        attr[_canonical_attr(name)] = _decode_js(value)
    for name, value in (node.get("generics") or {}).items():
        attr[f"generic:{_unprefix(str(name))}"] = _unprefix(str(value))
    for name, raw in (node.get("rawAttr") or {}).items():
        if name.startswith("model:") and isinstance(raw, str):
            match = _MUSTACHE.match(raw)
            attr[name] = (match.group(1) if match else raw).strip()
    children = _merge_text(_flatten_wcc(node.get("children", [])))
    return {"tag": tag, "attr": dict(sorted(attr.items())), "children": children}


def _unprefix(name: str) -> str:
    return name[3:] if name.startswith("wx-") else name


def normalise_miniport(nodes: Sequence[Any]) -> list[VNode]:
    """Miniport's tree (contracts.md §1, or `miniport_vtree`'s shape) → normalised list."""
    out: list[VNode] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, dict) and node.get("tag") in ("block", "virtual"):
            out.extend(normalise_miniport(node.get("children", [])))
        elif isinstance(node, dict):
            out.append(_miniport_element(node))
        elif node is not None and not _is_js(node, "undefined"):
            out.append(str(node))
    return _merge_text(out)


def _miniport_element(node: dict[str, Any]) -> dict[str, Any]:
    attr: dict[str, Any] = {}
    raw_attrs = node.get("attr", node.get("attrs")) or {}
    for name, value in raw_attrs.items():
        if _is_js(value, "undefined"):
            continue
        attr[_canonical_attr(name)] = _decode_js(value)
    for event in node.get("events") or []:
        if "handler" not in event or _is_js(event["handler"], "undefined"):
            continue  # bound to undefined (JSON drops the key): no handler, like wcc
        prefix = "capture-" if event.get("capture") else ""
        kind = "catch" if event.get("catch") else "mut-bind" if event.get("mut") else "bind"
        attr[f"{prefix}{kind}:{event['name']}"] = _decode_js(event.get("handler"))
    for name, path in (node.get("models") or {}).items():
        attr[f"model:{name}"] = path
    children = normalise_miniport(node.get("children", []))
    return {"tag": str(node["tag"]), "attr": dict(sorted(attr.items())), "children": children}


def _canonical_attr(name: str) -> str:
    """Events in their `kind:event` spelling; other dash-case names in camelCase as
    wcc stores them (the view layer sets properties in camelCase either way), except
    `data-*` which stay as written because they become the dataset."""
    match = _EVENT.match(name)
    if match:
        kind, event = match.groups()
        return f"{kind}:{event}"
    if name.startswith("data-") or ":" in name:
        return name
    return _DASH.sub(lambda m: m.group(1).upper(), name)


def _merge_text(nodes: list[VNode]) -> list[VNode]:
    out: list[VNode] = []
    for node in nodes:
        if isinstance(node, str):
            if not node:
                continue
            if out and isinstance(out[-1], str):
                out[-1] = out[-1] + node
                continue
        out.append(node)
    return out


def _is_js(value: Any, kind: str) -> bool:
    return isinstance(value, dict) and value.get("$js") == kind and len(value) == 1


def _decode_js(value: Any) -> Any:
    """Drop `undefined` as JSON would (absent in objects, null in arrays). Other markers
    (`{"$js": "function"}`, `{"$js": "NaN"}`, …) stay, as both trees use them."""
    if isinstance(value, dict):
        return {k: _decode_js(v) for k, v in value.items() if not _is_js(v, "undefined")}
    if isinstance(value, list):
        return [None if _is_js(v, "undefined") else _decode_js(v) for v in value]
    return value


# ------------------------------------------------------------------------- comparing


def same_value(a: Any, b: Any) -> bool:
    """Equality as JavaScript would see the JSON: true is not 1, 1 equals 1.0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def differences(expected: Sequence[VNode], actual: Sequence[VNode], where: str = "") -> list[str]:
    """Every place where `actual` (Miniport) departs from `expected` (wcc), as readable lines."""
    found: list[str] = []
    for i in range(max(len(expected), len(actual))):
        here = f"{where}[{i}]"
        if i >= len(actual):
            found.append(f"{here}: wcc has {_short(expected[i])}, Miniport has nothing")
            continue
        if i >= len(expected):
            found.append(f"{here}: Miniport has extra {_short(actual[i])}")
            continue
        want, got = expected[i], actual[i]
        if isinstance(want, str) or isinstance(got, str):
            if not (isinstance(want, str) and isinstance(got, str) and want == got):
                found.append(f"{here}: wcc {_short(want)} ≠ Miniport {_short(got)}")
            continue
        label = f"{here}<{want['tag']}>"
        if want["tag"] != got["tag"]:
            found.append(f"{here}: tag wcc <{want['tag']}> ≠ Miniport <{got['tag']}>")
            continue
        for name in sorted(set(want["attr"]) | set(got["attr"])):
            if name not in got["attr"]:
                found.append(
                    f"{label}: attribute {name}={_json(want['attr'][name])} missing in Miniport"
                )
            elif name not in want["attr"]:
                found.append(
                    f"{label}: Miniport has extra attribute {name}={_json(got['attr'][name])}"
                )
            elif not same_value(want["attr"][name], got["attr"][name]):
                found.append(
                    f"{label}: attribute {name}: wcc {_json(want['attr'][name])} "
                    f"≠ Miniport {_json(got['attr'][name])}"
                )
        found += differences(want["children"], got["children"], f"{label}.children")
    return found


def unified_diff(expected: Sequence[VNode], actual: Sequence[VNode]) -> str:
    """A line diff of the two trees as indented JSON, for reading a mismatch at a glance."""
    a = json.dumps(expected, indent=1, ensure_ascii=False, sort_keys=True).splitlines()
    b = json.dumps(actual, indent=1, ensure_ascii=False, sort_keys=True).splitlines()
    return "\n".join(difflib.unified_diff(a, b, "wcc", "miniport", lineterm="", n=2))


def _short(node: VNode) -> str:
    if isinstance(node, str):
        return f"text {_json(node)}"
    return f"<{node['tag']}>"


def _json(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 120 else text[:117] + "…"


# ------------------------------------------------------------------ the harness itself


@dataclass
class Comparison:
    """One WXML file rendered with one data object by both compilers."""

    project: str
    wxml: str
    label: str
    reference: list[VNode] | None = None
    miniport: list[VNode] | None = None
    reference_error: str | None = None
    miniport_error: str | None = None
    diffs: list[str] = field(default_factory=list)

    @property
    def agrees(self) -> bool:
        return (
            self.reference_error is None
            and self.miniport_error is None
            and self.reference is not None
            and self.miniport is not None
            and not self.diffs
        )

    @property
    def name(self) -> str:
        """`<project folder>/<wxml> [label]`: enough to find the case again."""
        name = f"{Path(self.project).name}/{self.wxml}"
        return f"{name} [{self.label}]" if self.label else name

    def report(self, max_lines: int = 40) -> str:
        """What a developer needs to fix a disagreement: where, what, and the JSON diff."""
        if self.agrees:
            return f"{self.name}: agrees"
        lines = [f"{self.name} ({self.project}):"]
        if self.reference_error:
            lines.append(f"  wcc failed: {self.reference_error.strip()[:400]}")
        if self.miniport_error:
            lines.append(f"  Miniport failed: {self.miniport_error.strip()[:800]}")
        lines += [f"  {d}" for d in self.diffs[:max_lines]]
        if len(self.diffs) > max_lines:
            lines.append(f"  … {len(self.diffs) - max_lines} more differences")
        if self.diffs and self.reference is not None and self.miniport is not None:
            diff = unified_diff(self.reference, self.miniport).splitlines()
            lines += ["  " + line for line in diff[: max_lines * 2]]
        return "\n".join(lines)


MiniportRenderer = Callable[[Path, str, Any], list[Any]]


def _miniport_renderer() -> MiniportRenderer:
    """Miniport's raw VNodes (docs/contracts.md §1) for a file: the compiler under test.

    The raw nodes are used rather than `miniport_vtree`'s printed form because they
    still carry `models`, so two-way binding paths are compared too.
    """
    from miniport.compiler.vtree import compile_bundle, render_bundle

    def render(root: Path, wxml: str, data: Any) -> list[Any]:
        entry, bundle = compile_bundle(root, wxml)
        return render_bundle(bundle, entry, data, timeout=RENDER_TIMEOUT_S)

    return render


def compare_many(
    project_root: str | os.PathLike[str],
    cases: Sequence[tuple[str, str, Any]],
    renderer: MiniportRenderer | None = None,
) -> list[Comparison]:
    """Compare (wxml path, label, data) cases of one project; wcc runs once for all."""
    root = Path(project_root)
    render = renderer or _miniport_renderer()
    comparisons = [Comparison(str(root), _rel(w), label) for w, label, _ in cases]
    try:
        refs = reference_vtrees(root, [(w, d) for w, _, d in cases])
    except ReferenceFailed as exc:
        refs = [ReferenceResult(None, str(exc)) for _ in cases]
    for comparison, ref, (wxml, _, data) in zip(comparisons, refs, cases, strict=True):
        comparison.reference, comparison.reference_error = ref.tree, ref.error
        try:
            comparison.miniport = normalise_miniport(render(root, _rel(wxml), data))
        except Exception as exc:  # any compiler failure is a finding, not a crash
            comparison.miniport_error = f"{type(exc).__name__}: {exc}"
        if comparison.reference is not None and comparison.miniport is not None:
            comparison.diffs = differences(comparison.reference, comparison.miniport)
    return comparisons


def compare(
    project_root: str | os.PathLike[str], wxml_rel_path: str, data: Any, label: str = ""
) -> Comparison:
    """Compare one WXML file rendered with `data` by wcc and by Miniport."""
    return compare_many(project_root, [(wxml_rel_path, label, data)])[0]


# ------------------------------------------------------------------------- corpora


@dataclass
class SemanticsCase:
    """A folder of tests/compiler/corpus: a tiny project, its data, maybe a known gap.

    `index.wxml` is rendered with each `data*.json` (`data.json` → label "", and
    `data.<label>.json` → label); `known-difference.txt`, when present, says why
    Miniport is allowed to differ from wcc on this case.
    """

    name: str
    root: Path
    entry: str
    data: dict[str, Any]
    known_difference: str | None


def load_semantics_corpus(corpus: Path) -> list[SemanticsCase]:
    cases: list[SemanticsCase] = []
    for folder in sorted(p for p in corpus.iterdir() if p.is_dir()):
        variants: dict[str, Any] = {}
        for data_file in sorted(folder.glob("data*.json")):
            label = (
                data_file.name[len("data.") : -len(".json")]
                if data_file.name != "data.json"
                else ""
            )
            variants[label] = json.loads(data_file.read_text(encoding="utf-8"))
        known = folder / "known-difference.txt"
        cases.append(
            SemanticsCase(
                name=folder.name,
                root=folder,
                entry="index.wxml",
                data=variants or {"": {}},
                known_difference=known.read_text(encoding="utf-8").strip()
                if known.exists()
                else None,
            )
        )
    return cases


def run_semantics_corpus(
    corpus: Path, renderer: MiniportRenderer | None = None
) -> list[Comparison]:
    results: list[Comparison] = []
    for case in load_semantics_corpus(corpus):
        results += compare_many(
            case.root, [(case.entry, label, data) for label, data in case.data.items()], renderer
        )
    return results


@dataclass(frozen=True)
class NpmCorpus:
    """A component library's WXML files, with the JS that declares their properties."""

    name: str
    wxml_root: Path
    js_root: Path


def npm_corpora(node_modules: Path) -> list[NpmCorpus]:
    """@vant/weapp (WXML from dist/, CommonJS from lib/ for the data) and weui-miniprogram."""
    vant = node_modules / "@vant" / "weapp"
    weui = node_modules / "weui-miniprogram" / "miniprogram_dist"
    return [
        NpmCorpus("vant", vant / "dist", vant / "lib"),
        NpmCorpus("weui", weui, weui),
    ]


def npm_cases(corpus: NpmCorpus) -> list[tuple[str, str, Any]]:
    """Every WXML file of the library, each rendered with two data sets.

    "defaults" is the component's initial data: each declared property at its default
    (`value`, else WeChat's default for the type: "" / 0 / false / null / []) plus the
    component's `data`, behaviours included; that is what a freshly created instance
    shows before any lifecycle code runs. "flipped" is the same data through `flipped`,
    so the other side of most conditions renders too. A WXML file without its own JS (a
    fragment such as vant's calendar/calendar.wxml, included by the component's
    index.wxml) gets the data of its folder's index.js, the component that includes it.
    """
    wxml_files = sorted(
        p.relative_to(corpus.wxml_root).as_posix() for p in corpus.wxml_root.rglob("*.wxml")
    )
    scripts: dict[str, Path] = {}
    for wxml in wxml_files:
        own = corpus.js_root / (wxml[: -len(".wxml")] + ".js")
        folder_index = corpus.js_root / posixpath.dirname(wxml) / "index.js"
        if own.is_file():
            scripts[wxml] = own
        elif folder_index.is_file():
            scripts[wxml] = folder_index
    data = component_data(sorted(set(scripts.values())))
    cases: list[tuple[str, str, Any]] = []
    for wxml in wxml_files:
        initial = data.get(scripts[wxml], {}) if wxml in scripts else {}
        cases.append((wxml, "defaults", initial))
        if initial:
            cases.append((wxml, "flipped", flipped(initial)))
    return cases


SAMPLE_ITEM: dict[str, Any] = {
    "id": 1, "name": "name", "text": "text", "title": "title", "label": "label",
    "value": 1, "icon": "star", "subname": "sub", "info": "1", "disabled": False,
}  # fmt: skip


def flipped(data: dict[str, Any]) -> dict[str, Any]:
    """The other branch of most `wx:if`s: booleans inverted, empty strings and zeros
    given a value (`"x"`, `2`), empty lists given two generic items (`SAMPLE_ITEM`, with
    the field names list components commonly read); everything else as it was. So that
    loading and disabled states, titles, icons and list rows render too."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, bool):
            out[key] = not value
        elif value == "":
            out[key] = "x"
        elif isinstance(value, int | float) and value == 0:
            out[key] = 2
        elif value == []:
            out[key] = [dict(SAMPLE_ITEM), {**SAMPLE_ITEM, "id": 2, "value": 2}]
        else:
            out[key] = value
    return out


def run_npm_corpus(corpus: NpmCorpus, renderer: MiniportRenderer | None = None) -> list[Comparison]:
    return compare_many(corpus.wxml_root, npm_cases(corpus), renderer)


def summary(name: str, comparisons: Sequence[Comparison]) -> str:
    """One line with the agreement rate, e.g. `vant: 70/77 agree (90.9%)`."""
    total = len(comparisons)
    agree = sum(c.agrees for c in comparisons)
    failed_ref = sum(c.reference_error is not None for c in comparisons)
    failed_mp = sum(c.miniport_error is not None for c in comparisons)
    rate = 100.0 * agree / total if total else 0.0
    extra = []
    if failed_mp:
        extra.append(f"{failed_mp} Miniport errors")
    if failed_ref:
        extra.append(f"{failed_ref} wcc errors")
    tail = f"; {', '.join(extra)}" if extra else ""
    return f"{name}: {agree}/{total} agree with wcc ({rate:.1f}%){tail}"


# ----------------------------------------------------------------------- CLI helpers


def load_data(text: str) -> Any:
    """`--data` value: a JSON string, or `@file.json` to read it from a file."""
    if text.startswith("@"):
        path = Path(text[1:])
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise VtreeInputError(
                f"--data: cannot read {path}: {exc.strerror}; give a JSON file path after @",
                f"--data：无法读取 {path}：{exc.strerror}；请在 @ 后给出 JSON 文件路径",
            ) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise VtreeInputError(
            f"--data: not valid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}",
            f"--data：第 {exc.lineno} 行第 {exc.colno} 列不是有效的 JSON：{exc.msg}",
        ) from exc


def tree_for(src: str | os.PathLike[str], wxml: str, data: Any, *, reference: bool) -> list[VNode]:
    """The normalised tree `miniport vtree` prints, from wcc or from Miniport."""
    root = Path(src)
    if not (root / wxml).is_file():
        raise VtreeInputError(
            f"{root / wxml} does not exist; give a WXML path relative to SRC",
            f"{root / wxml} 不存在；请给出相对于 SRC 的 WXML 路径",
        )
    if reference:
        return reference_vtree(root, wxml, data)
    return normalise_miniport(_miniport_renderer()(root, _rel(wxml), data))


def _as_json(comparisons: Sequence[Comparison]) -> dict[str, Any]:
    agree = sum(c.agrees for c in comparisons)
    return {
        "cases": len(comparisons),
        "agree": agree,
        "rate": round(agree / len(comparisons), 4) if comparisons else None,
        "disagreements": [
            {
                "case": c.name,
                "wcc_error": c.reference_error,
                "miniport_error": c.miniport_error,
                "differences": c.diffs,
            }
            for c in comparisons
            if not c.agrees
        ],
    }


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m miniport.compiler.reference`: agreement rates over the corpora."""
    parser = argparse.ArgumentParser(
        prog="python -m miniport.compiler.reference",
        description="Compare Miniport's WXML compiler with WeChat's wcc over corpora.",
    )
    parser.add_argument(
        "--semantics", type=Path, action="append", default=[], help="folder of semantics cases"
    )
    parser.add_argument(
        "--npm", action="append", default=[], choices=["vant", "weui"], help="npm library corpus"
    )
    parser.add_argument("--node-modules", type=Path, default=_REPO_NODE_MODULES)
    parser.add_argument("-v", "--verbose", action="store_true", help="print every disagreement")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    if not args.semantics and not args.npm:
        parser.error("give --semantics DIR and/or --npm vant|weui")
    runs: list[tuple[str, list[Comparison]]] = []
    for folder in args.semantics:
        runs.append((f"semantics {folder}", run_semantics_corpus(folder)))
    by_name = {c.name: c for c in npm_corpora(args.node_modules)}
    for name in args.npm:
        runs.append((name, run_npm_corpus(by_name[name])))
    if args.json:
        print(json.dumps({name: _as_json(comparisons) for name, comparisons in runs}, indent=2))
        return 0
    for name, comparisons in runs:
        if args.verbose:
            for comparison in comparisons:
                if not comparison.agrees:
                    print(comparison.report(), end="\n\n")
        print(summary(name, comparisons))
    return 0


if __name__ == "__main__":
    sys.exit(main())
