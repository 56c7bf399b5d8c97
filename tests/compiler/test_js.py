"""JS modules: wrapping, require resolution at build time, ES module syntax (contracts §5).

The wrapped bundles are executed with Node and a tiny `define`/`require` registry that
behaves like the logic layer's, so these tests check what a running module sees.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from miniport.compiler.diagnostics import Diagnostics
from miniport.compiler.js import compile_module, resolve_require, tokenize, wrap_module

REGISTRY = """
const registry = {}, cache = {};
globalThis.define = (p, f) => { registry[p] = f; };
const norm = (p) => { const out = []; for (const s of p.split('/')) { if (s === '..') out.pop(); else if (s && s !== '.') out.push(s); } return out.join('/'); };
const requireFrom = (from) => (spec) => {
  const base = spec.startsWith('/') ? spec : from.split('/').slice(0, -1).join('/') + '/' + spec;
  const p = norm(base);
  for (const c of [p, p + '.js', p + '/index.js']) {
    if (registry[c]) {
      if (!cache[c]) { const m = { exports: {} }; cache[c] = m; registry[c](requireFrom(c), m, m.exports); }
      return cache[c].exports;
    }
  }
  throw new Error('cannot find ' + spec);
};
"""


def bundle(files: dict[str, str]) -> tuple[str, list[str]]:
    diags = Diagnostics()
    parts = []
    for path, source in files.items():
        info = compile_module(path, source, diags, lambda p: p in files)
        if info is not None:
            parts.append(wrap_module(info))
    return "".join(parts), [d.format() for d in diags]


def run_node(code: str, entry: str, expression: str, tmp_path: Path) -> object:
    if not shutil.which("node"):
        pytest.skip("node not available")
    script = f"{REGISTRY}\n{code}\nconst __m = requireFrom('')('/{entry}');\n"
    script += f"console.log(JSON.stringify({expression}));\n"
    path = tmp_path / "run.js"
    path.write_text(script)
    out = subprocess.run(["node", str(path)], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_commonjs_modules_are_wrapped_and_require_each_other(tmp_path: Path) -> None:
    code, messages = bundle(
        {
            "utils/math.js": "exports.add = (a, b) => a + b;",
            "pages/a/a.js": "const { add } = require('../../utils/math');\nmodule.exports = add(2, 3);",
        }
    )
    assert messages == []
    assert code.startswith('define("utils/math.js", function (require, module, exports) {')
    assert run_node(code, "pages/a/a.js", "__m", tmp_path) == 5


def test_modern_syntax_passes_through_unchanged() -> None:
    source = (
        "class Counter { #n = 0; inc() { return ++this.#n; } }\n"
        "const f = async () => ({ ...{ a: 1 }, b: obj?.x ?? 2 });\n"
        "const re = /\\/require\\('x'\\)/g; const t = `a${1 + 1}b`;\n"
    )
    code, messages = bundle({"m.js": source})
    assert messages == []
    assert source in code


def test_missing_required_module_is_an_error_at_its_string() -> None:
    _, messages = bundle(
        {
            "pages/a/a.js": "const ok = require('./b');\n\nconst x = require(  './missing');\n",
            "pages/a/b.js": "",
        }
    )
    assert messages == [
        "pages/a/a.js:3:21: error: cannot find module './missing'; fix the path, "
        "or copy the npm package into miniprogram_npm/"
    ]


def test_requires_in_comments_strings_and_dynamic_calls_are_ignored() -> None:
    source = (
        "// require('./gone')\n/* require('./gone') */\n"
        "const s = \"require('./gone')\"; const name = 'x';\n"
        "const dyn = () => require(name); obj.require('./gone');\n"
        "const t = `${require('./real')}`;\n"
    )
    _, messages = bundle({"a.js": source, "real.js": ""})
    assert messages == []
    _, messages = bundle({"a.js": "const t = `${require('./gone')}`;"})
    assert len(messages) == 1 and messages[0].startswith("a.js:1:22: error: cannot find module")


def test_resolution_relative_absolute_index_and_miniprogram_npm_walking_up() -> None:
    files = {
        "utils/a.js",
        "lib/index.js",
        "miniprogram_npm/dayjs/index.js",
        "pkg/miniprogram_npm/dayjs/index.js",
        "miniprogram_npm/@scope/kit/util.js",
    }

    def exists(path: str) -> bool:
        return path in files

    assert resolve_require("pages/p.js", "../utils/a", exists) == "utils/a.js"
    assert resolve_require("pages/p.js", "/utils/a.js", exists) == "utils/a.js"
    assert resolve_require("pages/p.js", "../lib", exists) == "lib/index.js"
    assert resolve_require("pages/p/p.js", "dayjs", exists) == "miniprogram_npm/dayjs/index.js"
    assert resolve_require("pkg/x/y.js", "dayjs", exists) == "pkg/miniprogram_npm/dayjs/index.js"
    assert (
        resolve_require("a.js", "@scope/kit/util", exists) == "miniprogram_npm/@scope/kit/util.js"
    )
    assert resolve_require("a.js", "left-pad", exists) is None


def test_es_module_syntax_becomes_commonjs_on_the_same_lines(tmp_path: Path) -> None:
    files = {
        "lib/shape.js": (
            "export const PI = 3;\n"
            "export function area(r) { return PI * r * r; }\n"
            "export default class Circle { constructor(r) { this.r = r; } }\n"
            "const hidden = 1, shown = 2;\nexport { shown as visible };\n"
        ),
        "lib/index.js": "export * from './shape';\nexport { default as Circle } from './shape';\n",
        "main.js": (
            "import Circle, { area as surface } from './lib/shape';\n"
            "import * as lib from './lib';\n"
            "import './lib/side-effect';\n"
            "\n"
            "module.exports = [surface(2), new Circle(5).r, lib.PI, lib.visible, typeof lib.Circle];\n"
        ),
        "lib/side-effect.js": "globalThis.sideEffect = true;",
    }
    code, messages = bundle(files)
    assert messages == []
    for path, source in files.items():
        wrapped = code.split(f'define("{path}"', 1)[1].split("\n});\n", 1)[0]
        assert wrapped.count("\n") == source.count("\n")  # line numbers are preserved
    assert run_node(code, "main.js", "__m", tmp_path) == [12, 5, 3, 2, "function"]


def test_unclosed_string_and_template_are_reported_with_position() -> None:
    _, messages = bundle({"a.js": "const ok = 1;\nconst s = 'oops;\n"})
    assert messages == ["a.js:2:17: error: string is never closed; add the closing quote"]
    _, messages = bundle({"a.js": "const t = `never"})
    assert messages[0].startswith("a.js:1:17: error: template literal is never closed")


def test_regex_and_division_are_told_apart() -> None:
    values = [t.value for t in tokenize("a = b / c / d; e = /x\\/y/g.test(s); f = (1) / 2")]
    assert "/x\\/y/g" in values
    assert values.count("/") == 3


def test_vant_and_weui_modules_compile_and_load(node_modules: Path, tmp_path: Path) -> None:
    for base, entry in (
        (node_modules / "@vant/weapp/dist", "button/index.js"),
        (node_modules / "weui-miniprogram/miniprogram_dist", "cell/cell.js"),
    ):
        files = {p.relative_to(base).as_posix(): p.read_text() for p in base.rglob("*.js")}
        code, messages = bundle(files)
        assert messages == []
        globals_ = (
            "globalThis.Component = (o) => { globalThis.registered = o; };"
            "globalThis.Behavior = (o) => o;"
            "globalThis.wx = { getSystemInfoSync: () => ({ SDKVersion: '3.0.0' }),"
            " getAppBaseInfo: () => ({ SDKVersion: '3.0.0' }), canIUse: () => true };"
        )
        result = run_node(globals_ + code, entry, "typeof globalThis.registered", tmp_path)
        assert result == "object"


def test_resolve_alias_rewrites_requires_and_imports_to_root_paths(tmp_path: Path) -> None:
    alias = {"~/*": "/*", "@utils/*": "lib/utils/*", "config": "/settings/config.js"}
    files = {
        "lib/utils/fmt.js": "exports.fmt = (n) => `#${n}`;",
        "settings/config.js": "module.exports = { size: 3 };",
        "pages/a/a.js": (
            "const { fmt } = require('@utils/fmt');\n"
            "import cfg from 'config';\n"
            "const again = require('~/lib/utils/fmt.js');\n"
            "module.exports = [fmt(cfg.size), again.fmt(1)];\n"
        ),
    }
    diags = Diagnostics()
    parts = []
    for path, source in files.items():
        info = compile_module(path, source, diags, lambda p: p in files, alias)
        assert info is not None
        parts.append(wrap_module(info))
    assert [d.format() for d in diags] == []
    code = "".join(parts)
    assert 'require("/lib/utils/fmt")' in code and "require('@utils" not in code
    assert run_node(code, "pages/a/a.js", "__m", tmp_path) == ["#3", "#1"]
    _, messages = bundle({"a.js": "require('~/missing');"})
    assert messages[0].startswith("a.js:1:9: error: cannot find module '~/missing'")
