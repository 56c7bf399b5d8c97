"""Diagnostics in English and zh-CN: the catalogue is complete, and the CLI picks the
language from --lang, MINIPORT_LANGUAGE or the locale."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from miniport.cli.main import app
from miniport.compiler import messages
from miniport.compiler.build import BuildOptions, build_project
from miniport.compiler.diagnostics import Diagnostics
from miniport.compiler.messages import MESSAGES, language_from_env, placeholders, render

COMPILER = Path(messages.__file__).parent
FIXTURES = Path(__file__).parent / "fixtures"
runner = CliRunner()

# A dotted lower-case literal is a message code unless it is a file name.
_CODE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
_FILE_EXTENSIONS = {"json", "js", "wxml", "wxss", "wxs", "lock", "ts", "md"}
# Their Chinese text says what Python's English description ({detail}) would.
_DETAIL_IMPLIED = {"json.syntax_key", "json.syntax_comma", "json.syntax_value", "json.syntax_extra"}
_CJK = re.compile(r"[\u4e00-\u9fff]")


def codes_in_compiler_source() -> dict[str, str]:
    """Every code-like string literal in the compiler's code → the file it is in.

    The catalogue's own keys are left out (they would make every code look used);
    reference.py is a separate tool that reports no diagnostics.
    """
    found: dict[str, str] = {}
    for path in sorted(COMPILER.rglob("*.py")):
        if path.name == "reference.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if path.name == "messages.py":
            tree.body = [
                node
                for node in tree.body
                if not (
                    isinstance(node, ast.AnnAssign)
                    and isinstance(node.target, ast.Name)
                    and node.target.id == "MESSAGES"
                )
            ]
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and _CODE.match(node.value)
                and node.value.rsplit(".", 1)[1] not in _FILE_EXTENSIONS
            ):
                found.setdefault(node.value, path.relative_to(COMPILER).as_posix())
    return found


def test_every_code_the_compiler_uses_has_english_and_chinese_text() -> None:
    used = codes_in_compiler_source()
    assert len(used) > 100, "the scan found too few codes: has the code style changed?"
    missing = {code: where for code, where in used.items() if code not in MESSAGES}
    assert not missing, f"add these codes to messages.MESSAGES in English and zh-CN: {missing}"
    for code, (en, zh) in MESSAGES.items():
        assert en.strip() and zh.strip(), code
        if re.search(r"[A-Za-z]", re.sub(r"\{[^}]*\}", "", en)):
            # Only texts made of values alone ("{detail}", "`{token}`") may lack Chinese.
            assert _CJK.search(zh), f"{code} is not translated"


def test_every_catalogue_entry_is_used() -> None:
    unused = set(MESSAGES) - set(codes_in_compiler_source())
    assert not unused, f"remove or use these codes: {sorted(unused)}"


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_both_texts_take_the_same_values_and_render(code: str) -> None:
    en, zh = MESSAGES[code]
    if code in _DETAIL_IMPLIED:
        assert placeholders(zh) <= placeholders(en)
    else:
        assert placeholders(zh) == placeholders(en), "a translation must use the same values"
    values = {name: "x" for name in placeholders(en)}
    assert render(code, values, "en") and render(code, values, "zh-CN")


def test_a_code_without_text_fails_where_it_is_reported() -> None:
    with pytest.raises(KeyError):
        Diagnostics().error("app.json", 1, 1, "page.mising", page="x")


def test_phrases_follow_the_language_of_their_message() -> None:
    diags = Diagnostics()
    diags.error("app.json", 1, 1, "package.part_too_large", **_size_args())
    (d,) = diags.items
    assert d.message.startswith("subpackage 'shop' is 3 MB")
    assert d.text("zh-CN").startswith("分包 'shop'编译后为 3 MB")
    assert "subpackage" not in d.text("zh-CN")


def _size_args() -> dict[str, object]:
    return {
        "what": messages.part_phrase("shop"),
        "size_kb": "3 MB",
        "size": 3145728,
        "limit_kb": "2 MB",
        "largest": "shop/a.png 1 MB",
    }


def test_to_json_keeps_its_keys_and_adds_code_and_chinese() -> None:
    diags = Diagnostics()
    diags.error("pages/a/a.wxml", 3, 5, "wxml.unclosed_tag", name="view")
    out = diags.items[0].to_json()
    assert out == {
        "file": "pages/a/a.wxml",
        "line": 3,
        "col": 5,
        "severity": "error",
        "code": "wxml.unclosed_tag",
        "message": "<view> is never closed; add </view> or write <view />",
        "message_zh": "<view> 没有闭合，请补上 </view>，或写成 <view />",
    }


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh-CN"),
        ({"LANG": "zh_TW.UTF-8"}, "zh-CN"),
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh-CN"),
        ({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"MINIPORT_LANGUAGE": "zh-CN", "LANG": "en_US.UTF-8"}, "zh-CN"),
        ({"MINIPORT_LANGUAGE": "en", "LANG": "zh_CN.UTF-8"}, "en"),
    ],
)
def test_language_from_the_environment(environ: dict[str, str], expected: str) -> None:
    assert language_from_env(environ) == expected


# -- the CLI -----------------------------------------------------------------------------

_NO_LANGUAGE = {"MINIPORT_LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}


def build(monkeypatch: pytest.MonkeyPatch, *args: str, **env: str) -> tuple[int, str, str]:
    monkeypatch.chdir(FIXTURES)
    result = runner.invoke(app, ["build", *args, "--no-cache"], env={**_NO_LANGUAGE, **env})
    return result.exit_code, result.stdout, result.stderr


JSON_ZH = "broken-json/app.json:4:3: error: JSON 格式错误：缺少值，或者写了末尾逗号、注释或单引号"
JSON_EN = "broken-json/app.json:4:3: error: invalid JSON: Expecting value (a value is missing"


def test_english_by_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    code, _, stderr = build(monkeypatch, "broken-json", "-o", str(tmp_path / "x.mpk"))
    assert code == 1
    assert JSON_EN in stderr and "JSON 格式错误" not in stderr


def test_lang_option_prints_chinese(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    code, _, stderr = build(
        monkeypatch, "broken-json", "-o", str(tmp_path / "x.mpk"), "--lang", "zh-CN"
    )
    assert code == 1
    assert JSON_ZH in stderr.splitlines()
    assert "invalid JSON" not in stderr


def test_environment_variable_prints_chinese(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _, _, stderr = build(
        monkeypatch, "broken-json", "-o", str(tmp_path / "x.mpk"), MINIPORT_LANGUAGE="zh-CN"
    )
    assert JSON_ZH in stderr.splitlines()


def test_chinese_locale_prints_chinese_unless_told_otherwise(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    out = str(tmp_path / "x.mpk")
    _, _, stderr = build(monkeypatch, "broken-json", "-o", out, LANG="zh_CN.UTF-8")
    assert JSON_ZH in stderr.splitlines()
    _, _, stderr = build(monkeypatch, "broken-json", "-o", out, "--lang", "en", LANG="zh_CN.UTF-8")
    assert JSON_EN in stderr


def test_every_error_of_a_broken_project_in_chinese(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    code, _, stderr = build(
        monkeypatch, "many-errors", "-o", str(tmp_path / "x.mpk"), "--lang", "zh-CN"
    )
    assert code == 1
    errors = [line for line in stderr.splitlines() if ": error: " in line]
    expected = [
        "many-errors/pages/index/index.js:2:23: error: 找不到模块 '../../utils/money'",
        "many-errors/pages/index/index.json:3:18: error: 在 '/components/price-tag/price-tag' "
        "找不到组件 'price-tag'",
        "many-errors/pages/index/index.wxml:2:1: error: <view> 没有闭合",
        "many-errors/pages/index/index.wxml:3:20: error: 表达式有误：这里应为一个值，"
        "但遇到了表达式结尾",
        "many-errors/pages/index/index.wxml:5:5: error: <text> 在第 6 行第 1 列的 </view> 之前没有闭合",
        "many-errors/pages/index/index.wxss:1:1: error: @import '../../styles/missing.wxss'："
        "找不到 styles/missing.wxss",
        "many-errors/templates/b.wxml:2:1: error: <import> 循环引用：",
    ]
    assert len(errors) == len(expected)
    for line, start in zip(errors, expected, strict=True):
        assert line.startswith(start), line


def test_unknown_language_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, stderr = build(monkeypatch, "broken-json", "--lang", "fr")
    assert code == 2
    assert "--lang" in stderr


def test_json_output_carries_the_code_and_both_languages(monkeypatch: pytest.MonkeyPatch) -> None:
    code, stdout, _ = build(monkeypatch, "broken-json", "--json")
    assert code == 1
    error = json.loads(stdout)["errors"][0]
    assert error["code"] == "json.syntax_value"
    assert error["message"].startswith("invalid JSON: Expecting value")
    assert error["message_zh"] == "JSON 格式错误：缺少值，或者写了末尾逗号、注释或单引号"
    assert (error["file"], error["line"], error["col"]) == ("broken-json/app.json", 4, 3)


def test_cached_warnings_can_be_shown_in_chinese(tmp_path: Path) -> None:
    project = tmp_path / "app"
    (project / "pages/a").mkdir(parents=True)
    (project / "app.json").write_text('{"pages": ["pages/a/a"]}')
    (project / "pages/a/a.wxml").write_text('<view wx:key="id">hi</view>')
    (project / "pages/a/a.js").write_text("Page({})")
    options = BuildOptions(cache_dir=tmp_path / "cache")
    build_project(project, options)
    second = build_project(project, options)
    assert second.cache_hits > 0
    (warning,) = [w for w in second.warnings if w.code == "wxml.loop_attr_alone"]
    assert warning.text("zh-CN") == "同一元素上没有 wx:for 时，wx:key 不起作用"
