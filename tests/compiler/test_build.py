"""`miniport build`: whole projects in, packages (or every error) out."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from miniport.cli.main import app
from miniport.compiler.build import BuildOptions, build_project
from miniport.package import SizeLimits, read_package

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "hello-bank"
runner = CliRunner()


def cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["build", *args])
    return result.exit_code, result.stdout, result.stderr


def copy_project(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def test_example_builds_into_a_verified_package_with_parts(tmp_path: Path) -> None:
    out = tmp_path / "hello.mpk"
    code, stdout, stderr = cli(str(EXAMPLE), "-o", str(out), "--no-cache")
    assert code == 0, stderr
    assert "Built" in stdout and "已生成" in stdout
    pkg = read_package(out)  # the reader verifies hashes, parts and limits
    manifest = pkg.manifest
    assert manifest.pages == (
        "pages/home/home",
        "pages/accounts/accounts",
        "transfer/pages/transfer/transfer",
    )
    assert [p.name for p in manifest.parts] == ["main", "transfer"]
    main, transfer = manifest.parts
    assert main.entries == {
        "config": "__mp__/config.json",
        "logic": "__mp__/logic.js",
        "styles": "__mp__/styles.json",
        "view": "__mp__/view.js",
    }
    assert transfer.entries["logic"] == "transfer/__mp__/logic.js"
    # Subpackage code lives only in the subpackage's part, and the main part has none of it.
    assert b"transfer/pages/transfer/transfer.js" in pkg.read("transfer/__mp__/logic.js")
    assert b'define("transfer/' not in pkg.read("__mp__/logic.js")
    assert b"transfer/pages/transfer/transfer.wxml" in pkg.read("transfer/__mp__/view.js")
    # Assets are carried over byte for byte; sources are not shipped raw.
    assert pkg.read("images/logo.png") == (EXAMPLE / "images/logo.png").read_bytes()
    assert "pages/home/home.wxml" not in manifest.files
    assert "app.json" not in manifest.files
    # Configs live on in config.json; other JSON is an asset like any other file.
    assert "components/account-card/account-card.json" not in manifest.files
    assert pkg.read("sitemap.json") == (EXAMPLE / "sitemap.json").read_bytes()


def test_config_json_resolves_components_windows_and_styles(tmp_path: Path) -> None:
    result = build_project(EXAMPLE, BuildOptions())
    assert result.errors == []
    assert result.package is not None
    with zipfile.ZipFile(__import__("io").BytesIO(result.package)) as zf:
        config = json.loads(zf.read("__mp__/config.json"))
        styles = json.loads(zf.read("__mp__/styles.json"))["sheets"]
    app_cfg = config["app"]
    assert app_cfg["entryPagePath"] == "pages/home/home"
    assert app_cfg["subpackages"][0]["pages"] == ["transfer/pages/transfer/transfer"]
    assert app_cfg["styles"] == ["styles/theme.wxss", "app.wxss"]
    home = config["pages"]["pages/home/home"]
    # Global components are usable by every page; paths are absolute from the root.
    assert home["usingComponents"] == {"account-card": "/components/account-card/account-card"}
    # The page's window is app.json's window with the page's own settings on top.
    assert home["window"]["navigationBarBackgroundColor"] == "#0b5cad"
    accounts = config["pages"]["pages/accounts/accounts"]
    assert accounts["window"]["navigationBarTitleText"] == "Accounts"
    assert accounts["window"]["enablePullDownRefresh"] is True
    assert accounts["styles"] == ["styles/rows.wxss", "pages/accounts/accounts.wxss"]
    card = config["components"]["components/account-card/account-card"]
    assert card["styleIsolation"] == "apply-shared"
    assert config["pages"]["transfer/pages/transfer/transfer"]["part"] == "transfer"
    # Each sheet is emitted once, already converted.
    assert "calc(48 * var(--mp-rpx))" in styles["pages/home/home.wxss"]
    assert styles["app.wxss"].startswith("wx-page{")


def test_building_twice_gives_byte_identical_packages_with_and_without_cache(
    tmp_path: Path,
) -> None:
    first = build_project(EXAMPLE, BuildOptions(cache_dir=None))
    cache = tmp_path / "cache"
    second = build_project(EXAMPLE, BuildOptions(cache_dir=cache))
    third = build_project(EXAMPLE, BuildOptions(cache_dir=cache))
    assert first.package is not None
    assert first.package == second.package == third.package
    assert first.package_id == third.package_id
    assert third.cache_misses == 0 and third.cache_hits > 0
    # The same source elsewhere on disk gives the same package too.
    moved = build_project(copy_project(EXAMPLE, tmp_path / "elsewhere" / "bank"))
    assert moved.package == first.package


def test_one_changed_file_is_the_only_one_compiled_again(tmp_path: Path) -> None:
    project = copy_project(EXAMPLE, tmp_path / "app")
    cache = tmp_path / "cache"
    build_project(project, BuildOptions(cache_dir=cache))
    page = project / "pages/home/home.wxml"
    page.write_text(page.read_text().replace("Your accounts", "My accounts"))
    rebuilt = build_project(project, BuildOptions(cache_dir=cache))
    assert rebuilt.errors == []
    assert rebuilt.cache_misses == 1
    clean = build_project(project, BuildOptions(cache_dir=None))
    assert rebuilt.package == clean.package
    assert b"My accounts" in (rebuilt.package or b"") or "My accounts" in _view(rebuilt.package)


def _view(package: bytes | None) -> str:
    assert package is not None
    with zipfile.ZipFile(__import__("io").BytesIO(package)) as zf:
        return zf.read("__mp__/view.js").decode()


def test_cached_warnings_are_reported_again(tmp_path: Path) -> None:
    project = copy_project(FIXTURES / "devtools-layout", tmp_path / "app")
    (project / "miniprogram/pages/index/index.js").unlink()
    cache = tmp_path / "cache"
    first = build_project(project, BuildOptions(cache_dir=cache))
    second = build_project(project, BuildOptions(cache_dir=cache))
    assert [d.message for d in first.warnings] == [d.message for d in second.warnings]
    assert len(first.warnings) == 1
    assert "has no pages/index/index.js" in first.warnings[0].message


def test_every_error_is_reported_with_position_and_no_package_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(FIXTURES)
    out = tmp_path / "never.mpk"
    code, stdout, stderr = cli("many-errors", "-o", str(out), "--no-cache")
    assert code == 1
    assert not out.exists()
    lines = stderr.strip().splitlines()
    errors = [line for line in lines if ": error: " in line]
    expected = [
        # a require of a file that does not exist, at the string
        "many-errors/pages/index/index.js:2:23: error: cannot find module '../../utils/money'",
        # a component that does not exist, at its path in usingComponents
        "many-errors/pages/index/index.json:3:18: error: component 'price-tag' not found",
        # unclosed tags
        "many-errors/pages/index/index.wxml:2:1: error: <view> is never closed",
        # a broken expression
        "many-errors/pages/index/index.wxml:3:20: error: bad expression",
        "many-errors/pages/index/index.wxml:5:5: error: <text> is not closed before </view>",
        # an @import of a missing sheet
        "many-errors/pages/index/index.wxss:1:1: error: @import '../../styles/missing.wxss'",
        # a WXML import cycle, at the tag that closes it
        "many-errors/templates/b.wxml:2:1: error: <import> cycle: templates/a.wxml → "
        "templates/b.wxml → templates/a.wxml",
    ]
    assert len(errors) == len(expected)
    for line, start in zip(errors, expected, strict=True):
        assert line.startswith(start), line
    assert (
        lines[-1]
        == "7 error(s), 0 warning(s); no package written. / 7 个错误，0 个警告；未生成包。"
    )


def test_errors_as_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)
    code, stdout, _ = cli("broken-json", "--json", "--no-cache")
    assert code == 1
    payload = json.loads(stdout)
    assert payload["ok"] is False and payload["output"] is None
    assert payload["errors"][0]["file"] == "broken-json/app.json"
    assert (payload["errors"][0]["line"], payload["errors"][0]["col"]) == (4, 3)


def test_wxss_import_cycle_fails_the_build(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(FIXTURES)
    code, _, stderr = cli("wxss-cycle", "-o", str(tmp_path / "x.mpk"), "--no-cache")
    assert code == 1
    assert (
        "wxss-cycle/styles/b.wxss:2:1: error: @import cycle: styles/a.wxss → styles/b.wxss → "
        "styles/a.wxss; remove one import"
    ) in stderr
    assert not (tmp_path / "x.mpk").exists()


def test_wxml_include_cycle_is_an_error(tmp_path: Path) -> None:
    project = tmp_path / "app"
    (project / "pages/a").mkdir(parents=True)
    (project / "app.json").write_text('{"pages": ["pages/a/a"]}')
    (project / "pages/a/a.js").write_text("Page({})")
    (project / "pages/a/a.wxml").write_text('<include src="part.wxml" />')
    (project / "pages/a/part.wxml").write_text('<view>part</view>\n<include src="./a.wxml" />')
    result = build_project(project)
    assert [d.format().split(project.name + "/", 1)[-1] for d in result.errors] == [
        "pages/a/part.wxml:2:1: error: <include> cycle: pages/a/a.wxml → pages/a/part.wxml → "
        "pages/a/a.wxml; remove one of these <include> tags"
    ]
    assert result.package is None


def test_size_limits_are_errors_listing_the_largest_files_and_are_configurable(
    tmp_path: Path,
) -> None:
    project = copy_project(EXAMPLE, tmp_path / "app")
    (project / "images/banner.png").write_bytes(b"\x89PNG" + bytes(2 * 1024 * 1024))
    (project / "transfer/big.bin").write_bytes(bytes(2 * 1024 * 1024 + 1))
    out = tmp_path / "big.mpk"
    code, _, stderr = cli(str(project), "-o", str(out), "--no-cache")
    assert code == 1 and not out.exists()
    errors = sorted(
        (line for line in stderr.splitlines() if ": error: " in line),
        key=lambda line: "error: subpackage" in line,
    )
    assert len(errors) == 2
    assert "the main package is 2" in errors[0] and "over the limit of 2048.0 KB" in errors[0]
    assert "largest source files: images/banner.png (2048.0 KB)" in errors[0]
    assert "subpackage 'transfer'" in errors[1]
    assert "largest source files: transfer/big.bin (2048.0 KB)" in errors[1]
    # Raising the limits lets the same project build; a small total limit stops it.
    code, _, stderr = cli(str(project), "-o", str(out), "--max-part-size", "3MB", "--no-cache")
    assert code == 0, stderr
    assert out.exists()
    code, _, stderr = cli(
        str(project), "-o", str(tmp_path / "b.mpk"), "--max-part-size", "3MB",
        "--max-total-size", "4MB", "--no-cache",
    )  # fmt: skip
    assert code == 1
    assert "the whole package is" in stderr and "(--max-total-size)" in stderr


def test_size_limits_from_the_python_api(tmp_path: Path) -> None:
    result = build_project(EXAMPLE, BuildOptions(size_limits=SizeLimits(part_max_bytes=4096)))
    assert result.package is None
    assert len(result.errors) == 1
    assert "over the limit of 4.0 KB" in result.errors[0].message


def test_usage_errors_exit_2() -> None:
    assert cli()[0] == 2
    code, _, stderr = cli(str(EXAMPLE), "--max-part-size", "lots")
    assert code == 2
    assert "is not a size" in stderr


def test_missing_folder_is_a_user_error(tmp_path: Path) -> None:
    code, _, stderr = cli(str(tmp_path / "nope"), "--no-cache")
    assert code == 1
    assert "nope:1:1: error: not a directory; pass the folder that holds app.json" in stderr


def test_project_config_layout_builds_with_its_appid(tmp_path: Path) -> None:
    out = tmp_path / "d.mpk"
    code, _, stderr = cli(
        str(FIXTURES / "devtools-layout"), "-o", str(out), "--version", "1.2.3", "--no-cache"
    )
    assert code == 0, stderr
    manifest = read_package(out).manifest
    assert manifest.appid == "wxdevtools0001"
    assert manifest.version == "1.2.3"


def corpus_project(node_modules: Path, dst: Path) -> Path:
    """The corpus fixture with the two npm libraries copied in as WeChat's npm build does."""
    project = copy_project(FIXTURES / "corpus-app", dst)
    npm = project / "miniprogram_npm"
    shutil.copytree(node_modules / "@vant/weapp/dist", npm / "@vant/weapp")
    shutil.copytree(node_modules / "weui-miniprogram/miniprogram_dist", npm / "weui-miniprogram")
    return project


@pytest.mark.corpus
def test_vant_and_weui_build_with_zero_errors(node_modules: Path, tmp_path: Path) -> None:
    project = corpus_project(node_modules, tmp_path / "corpus")
    result = build_project(project, BuildOptions(cache_dir=tmp_path / "cache"))
    assert [d.format() for d in result.errors] == []
    assert result.package is not None
    pkg = read_package(result.package)
    config = json.loads(pkg.read("__mp__/config.json"))
    vant_page = config["pages"]["pages/vant/vant"]["usingComponents"]
    assert vant_page["van-button"] == "/miniprogram_npm/@vant/weapp/button/index"
    weui_page = config["pages"]["pages/weui/weui"]["usingComponents"]
    assert weui_page["mp-cell"] == "/miniprogram_npm/weui-miniprogram/cell/cell"
    button = config["components"]["miniprogram_npm/@vant/weapp/button/index"]
    assert button["usingComponents"]["van-icon"] == "/miniprogram_npm/@vant/weapp/icon/index"
    assert button["styles"] == [
        "miniprogram_npm/@vant/weapp/common/index.wxss",
        "miniprogram_npm/@vant/weapp/button/index.wxss",
    ]
    # vant's shared sheet is imported by dozens of components but stored once.
    sheets = json.loads(pkg.read("__mp__/styles.json"))["sheets"]
    common = sheets["miniprogram_npm/@vant/weapp/common/index.wxss"]
    assert pkg.read("__mp__/styles.json").count(common[:200].encode()) == 1
    # The subpackage page uses main-package components and ships only its own files.
    assert pkg.manifest.part("forms").files == (
        "packageB/__mp__/logic.js",
        "packageB/__mp__/styles.json",
        "packageB/__mp__/view.js",
    )
    # Configs of components the app does not use are not shipped as stray assets.
    assert not [f for f in pkg.manifest.files if f.endswith(".json") and "__mp__" not in f]
    # Every WXML file of both libraries is in the view bundle.
    view = pkg.read("__mp__/view.js").decode()
    for wxml in project.rglob("*.wxml"):
        rel = wxml.relative_to(project).as_posix()
        if not rel.startswith("packageB/"):
            assert json.dumps(rel) in view, rel


def test_independent_subpackage_carries_what_it_uses_and_cannot_reach_main(
    tmp_path: Path,
) -> None:
    project = tmp_path / "app"
    files = {
        "app.json": json.dumps(
            {
                "pages": ["pages/a/a"],
                "subpackages": [{"root": "solo", "pages": ["p/p"], "independent": True}],
                "usingComponents": {"global-card": "/c/card"},
            }
        ),
        "app.js": "App({})",
        "pages/a/a.wxml": "<global-card />",
        "pages/a/a.js": "Page({})",
        "c/card.json": '{"component": true}',
        "c/card.wxml": "<view><slot /></view>",
        "c/card.js": "Component({})",
        "styles/base.wxss": ".base { margin: 8rpx; }",
        "templates/row.wxml": '<template name="row"><text>{{label}}</text></template>',
        "solo/p/p.wxml": '<import src="/templates/row.wxml" /><template is="row" data="{{label}}" />',
        "solo/p/p.wxss": '@import "/styles/base.wxss";\n.p { color: red; }',
        "solo/p/p.js": "Page({})",
    }
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text)
    result = build_project(project)
    assert result.errors == []
    pkg = read_package(result.package or b"")
    config = json.loads(pkg.read("__mp__/config.json"))
    # Global components are not available in an independent subpackage.
    assert config["pages"]["solo/p/p"]["usingComponents"] == {}
    assert config["pages"]["pages/a/a"]["usingComponents"] == {"global-card": "/c/card"}
    # The template and sheet it uses from outside travel with it.
    assert b'"templates/row.wxml"' in pkg.read("solo/__mp__/view.js")
    sheets = json.loads(pkg.read("solo/__mp__/styles.json"))["sheets"]
    assert sorted(sheets) == ["solo/p/p.wxss", "styles/base.wxss"]
    # Code and components of the main package are out of its reach.
    (project / "solo/p/p.js").write_text("const x = require('../../c/card');\nPage({})")
    (project / "solo/p/p.json").write_text('{"usingComponents": {"card": "/c/card"}}')
    failed = build_project(project)
    messages = sorted(d.format().split("app/", 1)[1] for d in failed.errors)
    assert messages == [
        "solo/p/p.js:1:19: error: '../../c/card' is outside independent subpackage 'solo', "
        "which runs without it; copy the module into the subpackage",
        "solo/p/p.json:1:30: error: component 'card' lives in the main package, but independent "
        "subpackage 'solo' runs without it; copy the component into the subpackage",
    ]


def test_a_crashing_stage_is_reported_at_its_file_beside_other_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from miniport.compiler import wxss

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(wxss, "compile_wxss", broken)
    project = copy_project(EXAMPLE, tmp_path / "app")
    (project / "pages/home/home.js").write_text("require('./nowhere');\n")
    result = build_project(project)
    assert result.package is None
    messages = [d.format().split("app/", 1)[1] for d in result.errors]
    assert "pages/home/home.js:1:9: error: cannot find module './nowhere'" in "\n".join(messages)
    assert (
        "app.wxss:1:1: error: internal error in the wxss stage (RuntimeError: boom); this is a "
        "Miniport bug: please report it with this file"
    ) in messages


def test_a_file_that_is_not_utf8_is_an_error(tmp_path: Path) -> None:
    project = copy_project(EXAMPLE, tmp_path / "app")
    (project / "pages/home/home.wxss").write_bytes(b".a { content: '\xff\xfe' }")
    result = build_project(project)
    assert [d.format().split("app/", 1)[1] for d in result.errors] == [
        "pages/home/home.wxss:1:1: error: not UTF-8 text; save the file as UTF-8"
    ]


def test_config_json_carries_resolved_generic_defaults(tmp_path: Path) -> None:
    project = tmp_path / "app"
    files = {
        "app.json": '{"pages": ["pages/a/a"]}',
        "pages/a/a.json": '{"usingComponents": {"list": "/c/list"}}',
        "pages/a/a.wxml": '<list generic:item="list" />',
        "pages/a/a.js": "Page({})",
        "c/list.json": '{"component": true, "componentGenerics": {"item": {"default": "./row"}}}',
        "c/list.wxml": "<item />",
        "c/list.js": "Component({})",
        "c/row.json": '{"component": true}',
        "c/row.wxml": "<view />",
        "c/row.js": "Component({})",
    }
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text)
    result = build_project(project)
    assert result.errors == []
    config = json.loads(read_package(result.package or b"").read("__mp__/config.json"))
    assert config["components"]["c/list"]["componentGenerics"] == {"item": {"default": "/c/row"}}
    assert "c/row" in config["components"]


def test_warnings_are_printed_and_do_not_block_the_build(tmp_path: Path) -> None:
    project = copy_project(EXAMPLE, tmp_path / "app")
    (project / "components/account-card/account-card.json").write_text("{}")
    out = tmp_path / "w.mpk"
    code, stdout, stderr = cli(str(project), "-o", str(out), "--no-cache")
    assert code == 0
    assert out.exists()
    assert (
        "components/account-card/account-card.json:1:1: warning: used as a component but lacks "
        '"component": true; add it'
    ) in stderr
    assert "1 warning(s)" in stdout and "1 个警告" in stdout


def test_api_names_files_by_absolute_path_and_cli_relative_to_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_project(FIXTURES / "broken-json", tmp_path / "app")
    monkeypatch.chdir(tmp_path)
    result = build_project(project)
    assert [d.file for d in result.errors] == [(project / "app.json").resolve().as_posix()]
    relative = build_project(project, BuildOptions(relative_paths=True))
    assert [d.file for d in relative.errors] == ["app/app.json"]


def test_templates_and_styles_cannot_use_another_subpackages_files(tmp_path: Path) -> None:
    project = tmp_path / "app"
    files = {
        "app.json": json.dumps(
            {
                "pages": ["pages/a/a"],
                "subpackages": [
                    {"root": "one", "pages": ["p/p"]},
                    {"root": "two", "pages": ["q/q"]},
                ],
            }
        ),
        "pages/a/a.wxml": '<import src="/one/row.wxml" />',
        "pages/a/a.js": "Page({})",
        "one/row.wxml": '<template name="row"><text>row</text></template>',
        "one/p/p.wxml": '<import src="/one/row.wxml" />\n<wxs module="m" src="/two/m.wxs" />',
        "one/p/p.js": "Page({})",
        "two/m.wxs": "module.exports = {};",
        "two/look.wxss": ".look { color: red; }",
        "one/p/p.wxss": '@import "/two/look.wxss";',
        "two/q/q.wxml": "<view />",
        "two/q/q.js": "Page({})",
    }
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text)
    result = build_project(project)
    assert [d.format().split("app/", 1)[1] for d in result.errors] == [
        "one/p/p.wxml:2:1: error: two/m.wxs is in subpackage 'two', which this file cannot "
        "load; move it to the main package",
        "one/p/p.wxss:1:1: error: two/look.wxss is in subpackage 'two', which this file cannot "
        "load; move it to the main package",
        "pages/a/a.wxml:1:1: error: one/row.wxml is in subpackage 'one', which this file "
        "cannot load; move it to the main package",
    ]
