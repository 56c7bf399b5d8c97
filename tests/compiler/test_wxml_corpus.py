"""Every WXML file of @vant/weapp and weui-miniprogram compiles without a diagnostic,
and the compiled bundle loads and renders real components in Node."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from miniport.compiler.diagnostics import Diagnostics
from miniport.compiler.vtree import RUNTIME_JS, render_bundle
from miniport.compiler.wxml import compile_view

pytestmark = pytest.mark.corpus

CORPORA = ["@vant/weapp/dist", "weui-miniprogram/miniprogram_dist"]


def compile_library(root: Path) -> tuple[list[str], Diagnostics, str]:
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.wxml"))

    def read(rel: str) -> str | None:
        path = root / rel
        return path.read_text(encoding="utf-8") if path.is_file() else None

    diagnostics = Diagnostics()
    view = compile_view(read, files, diagnostics)
    return files, diagnostics, view.bundle()


@pytest.mark.parametrize("library", CORPORA)
def test_library_compiles_without_diagnostics(node_modules: Path, library: str) -> None:
    files, diagnostics, bundle = compile_library(node_modules / library)
    assert len(files) > 20
    assert [d.format() for d in diagnostics] == []
    # the bundle is valid JavaScript that registers every file
    script = (
        f"import {{ loadViewBundle }} from {json.dumps(RUNTIME_JS.as_uri())};\n"
        "let t = ''; for await (const c of process.stdin) t += c;\n"
        "console.log(JSON.stringify(Object.keys(loadViewBundle(t).templates)));"
    )
    out = subprocess.run(
        [
            shutil.which("node") or "node",
            "--disable-warning=MODULE_TYPELESS_PACKAGE_JSON",
            "--input-type=module",
            "-e",
            script,
        ],
        input=bundle,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert sorted(json.loads(out)) == files


def test_vant_button_renders_with_its_wxs(node_modules: Path) -> None:
    _, diagnostics, bundle = compile_library(node_modules / CORPORA[0])
    assert not diagnostics.has_errors()
    data = {
        "type": "primary",
        "size": "small",
        "round": True,
        "loading": True,
        "loadingText": "wait",
        "color": "red",
    }
    (button,) = render_bundle(bundle, "button/index.wxml", data)
    assert button["tag"] == "button"
    assert button["attrs"]["class"].split() == [
        "custom-class",
        "van-button",
        "van-button--primary",
        "van-button--small",
        "van-button--round",
        "van-button--loading",
        "van-button--unclickable",
    ]
    assert button["attrs"]["style"] == "color:#fff;background:red;border-color:red"
    loading, text = button["children"]
    assert loading["tag"] == "van-loading" and loading["attrs"]["color"] == "#fff"
    assert text["children"] == ["\n      wait\n    "]
