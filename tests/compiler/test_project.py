"""Loading projects: finding the root, reading configs, resolving components like WeChat."""

from __future__ import annotations

import json
from pathlib import Path

from miniport.compiler.diagnostics import Diagnostics
from miniport.compiler.project import Project, find_root, load_project

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "hello-bank"


def write_tree(root: Path, files: dict[str, str | dict]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if isinstance(content, str) else json.dumps(content, indent=2))
    return root


def load(src: Path) -> tuple[Project | None, list[str]]:
    diags = Diagnostics()
    root = find_root(src, diags)
    project = load_project(root, diags) if root else None
    return project, [d.format() for d in diags]


def page(name: str) -> dict[str, str]:
    return {f"{name}.wxml": "<view/>", f"{name}.js": "Page({})"}


def component(name: str) -> dict[str, str | dict]:
    return {
        f"{name}.wxml": "<view><slot/></view>",
        f"{name}.js": "Component({})",
        f"{name}.json": {"component": True},
    }


def test_example_loads_with_pages_subpackage_and_global_component() -> None:
    project, messages = load(EXAMPLE)
    assert messages == []
    assert project is not None
    assert project.pages == ["pages/home/home", "pages/accounts/accounts"]
    assert [s.root for s in project.subpackages] == ["transfer"]
    assert project.subpackages[0].pages == ["transfer/pages/transfer/transfer"]
    assert project.global_using == {"account-card": "components/account-card/account-card"}
    assert project.units["transfer/pages/transfer/transfer"].part == "transfer"
    assert project.part_of("transfer/pages/transfer/transfer.js") == "transfer"
    assert project.part_of("images/logo.png") == ""


def test_project_config_miniprogram_root_is_followed() -> None:
    project, messages = load(FIXTURES / "devtools-layout")
    assert messages == []
    assert project is not None
    assert project.root.name == "miniprogram"
    assert project.pages == ["pages/index/index"]
    # The DevTools project file is tooling, never part of the package.
    assert "project.config.json" not in project.files


def test_json_syntax_error_in_app_json_has_line_and_column() -> None:
    project, messages = load(FIXTURES / "broken-json")
    assert project is None
    assert len(messages) == 1
    # The trailing comma after the last page: the value expected at line 4, column 3.
    assert messages[0].startswith("app.json:4:3: error: invalid JSON:")
    assert "trailing comma" in messages[0]


def test_missing_page_component_and_subpackage_page_all_reported_at_their_strings() -> None:
    project, messages = load(FIXTURES / "missing-parts")
    assert project is not None
    joined = "\n".join(messages)
    assert "app.json:4:5: error: page 'pages/ghost/ghost' not found" in joined
    assert "app.json:7:32: error: page 'shop/pages/cart/cart' not found" in joined
    assert (
        "pages/index/index.json:4:16: error: component 'my-list' not found at "
        "'../../components/list/list'" in joined
    )
    assert "pages/index/index.json:5:19: error: component 'van-button' not found" in joined
    assert "miniprogram_npm/" in joined  # the message says how to fix an npm path
    # The component that does exist is resolved and loaded.
    assert project.units["pages/index/index"].using == {"my-card": "components/card/card"}
    assert project.units["components/card/card"].kind == "component"


def test_component_paths_relative_absolute_index_folder_and_npm_walking_up(tmp_path: Path) -> None:
    files: dict[str, str | dict] = {
        "app.json": {"pages": ["pages/a/a"], "subpackages": [{"root": "pkg", "pages": ["p/p"]}]},
        "pages/a/a.json": {
            "usingComponents": {
                "rel": "../../widgets/rel/rel",
                "abs": "/widgets/abs/abs",
                "dir": "/widgets/folder",
                "npm": "ui-kit/button/index",
                "npm-main": "ui-kit",
            }
        },
        "pkg/p/p.json": {"usingComponents": {"near": "ui-kit/button/index"}},
        **page("pages/a/a"),
        **page("pkg/p/p"),
        **component("widgets/rel/rel"),
        **component("widgets/abs/abs"),
        **component("widgets/folder/index"),
        **component("miniprogram_npm/ui-kit/button/index"),
        **component("miniprogram_npm/ui-kit/index"),
        # A subpackage's own miniprogram_npm wins over the root one, as in WeChat.
        **component("pkg/miniprogram_npm/ui-kit/button/index"),
    }
    project, messages = load(write_tree(tmp_path, files))
    assert messages == []
    assert project is not None
    assert project.units["pages/a/a"].using == {
        "rel": "widgets/rel/rel",
        "abs": "widgets/abs/abs",
        "dir": "widgets/folder/index",
        "npm": "miniprogram_npm/ui-kit/button/index",
        "npm-main": "miniprogram_npm/ui-kit/index",
    }
    assert project.units["pkg/p/p"].using == {"near": "pkg/miniprogram_npm/ui-kit/button/index"}
    assert project.units["pkg/miniprogram_npm/ui-kit/button/index"].part == "pkg"


def test_components_of_components_are_resolved_recursively(tmp_path: Path) -> None:
    files: dict[str, str | dict] = {
        "app.json": {"pages": ["pages/a/a"]},
        "pages/a/a.json": {"usingComponents": {"outer": "/c/outer/outer"}},
        **page("pages/a/a"),
        **component("c/outer/outer"),
        "c/outer/outer.json": {"component": True, "usingComponents": {"inner": "../inner/inner"}},
        **component("c/inner/inner"),
    }
    project, messages = load(write_tree(tmp_path, files))
    assert messages == []
    assert project is not None
    assert project.units["c/outer/outer"].using == {"inner": "c/inner/inner"}
    assert project.units["c/inner/inner"].kind == "component"


def test_main_package_cannot_use_a_subpackage_component(tmp_path: Path) -> None:
    files: dict[str, str | dict] = {
        "app.json": {"pages": ["pages/a/a"], "subpackages": [{"root": "pkg", "pages": ["p/p"]}]},
        "pages/a/a.json": {"usingComponents": {"x": "/pkg/c/c"}},
        **page("pages/a/a"),
        **page("pkg/p/p"),
        **component("pkg/c/c"),
    }
    _, messages = load(write_tree(tmp_path, files))
    assert len(messages) == 1
    assert messages[0].startswith("pages/a/a.json:3:10: error: component 'x' lives in subpackage")
    assert "move it to the main package" in messages[0]


def test_tabbar_pages_and_icons_are_checked(tmp_path: Path) -> None:
    files: dict[str, str | dict] = {
        "app.json": {
            "pages": ["pages/a/a", "pages/b/b"],
            "tabBar": {
                "list": [
                    {"pagePath": "pages/a/a", "text": "A", "iconPath": "img/a.png"},
                    {"pagePath": "pages/zzz/zzz", "text": "Z"},
                ]
            },
        },
        **page("pages/a/a"),
        **page("pages/b/b"),
    }
    _, messages = load(write_tree(tmp_path, files))
    joined = "\n".join(messages)
    assert "tab iconPath 'img/a.png': file not found" in joined
    assert "tab pagePath 'pages/zzz/zzz' is not a page of the main package" in joined
    assert len(messages) == 2


def test_style_isolation_value_is_validated(tmp_path: Path) -> None:
    files: dict[str, str | dict] = {
        "app.json": {"pages": ["pages/a/a"]},
        "pages/a/a.json": {"usingComponents": {"c": "/c/c"}},
        **page("pages/a/a"),
        **component("c/c"),
        "c/c.json": {"component": True, "styleIsolation": "leaky"},
    }
    _, messages = load(write_tree(tmp_path, files))
    assert len(messages) == 1
    assert messages[0].startswith("c/c.json:3:21: error: styleIsolation 'leaky' is not one of")


def test_no_app_json_is_an_error_naming_the_folder(tmp_path: Path) -> None:
    project, messages = load(tmp_path)
    assert project is None
    assert messages == [
        ".:1:1: error: no app.json here (and no project.config.json with miniprogramRoot); "
        "pass the mini-program's root folder"
    ]


def test_tooling_files_and_dot_folders_are_not_packaged(tmp_path: Path) -> None:
    files: dict[str, str | dict] = {
        "app.json": {"pages": ["pages/a/a"]},
        **page("pages/a/a"),
        "package.json": "{}",
        "node_modules/x/index.js": "",
        ".git/HEAD": "ref",
        "README.md": "# notes",
        "types/index.d.ts": "",
        "fonts/brand.woff2": "font",
    }
    project, messages = load(write_tree(tmp_path, files))
    assert messages == []
    assert project is not None
    assert project.files == ["app.json", "fonts/brand.woff2", "pages/a/a.js", "pages/a/a.wxml"]


def test_symlinked_npm_folders_are_followed_and_loops_are_harmless(tmp_path: Path) -> None:
    shared = write_tree(tmp_path / "shared", component("ui/index"))
    files: dict[str, str | dict] = {
        "app.json": {"pages": ["pages/a/a"]},
        "pages/a/a.json": {"usingComponents": {"ui": "kit/ui/index"}},
        **page("pages/a/a"),
    }
    root = write_tree(tmp_path / "app", files)
    (root / "miniprogram_npm").mkdir()
    (root / "miniprogram_npm/kit").symlink_to(shared, target_is_directory=True)
    (root / "pages/loop").symlink_to(root, target_is_directory=True)
    project, messages = load(root)
    assert messages == []
    assert project is not None
    assert project.units["pages/a/a"].using == {"ui": "miniprogram_npm/kit/ui/index"}
    assert "miniprogram_npm/kit/ui/index.wxml" in project.files
    assert not any(f.startswith("pages/loop/pages/loop") for f in project.files)


def test_generic_defaults_are_resolved_and_checked(tmp_path: Path) -> None:
    files: dict[str, str | dict] = {
        "app.json": {"pages": ["pages/a/a"]},
        "pages/a/a.json": {"usingComponents": {"list": "/c/list/list"}},
        **page("pages/a/a"),
        **component("c/list/list"),
        "c/list/list.json": {
            "component": True,
            "componentGenerics": {
                "item": {"default": "../item/item"},
                "footer": True,
                "header": {"default": "../nope/nope"},
            },
        },
        **component("c/item/item"),
    }
    project, messages = load(write_tree(tmp_path, files))
    assert project is not None
    assert project.units["c/list/list"].generics == {"item": "c/item/item"}
    assert project.units["c/item/item"].kind == "component"
    assert len(messages) == 1
    assert messages[0].startswith(
        "c/list/list.json:9:18: error: default component of generic 'header' not found"
    )


def test_app_json_without_pages_is_an_error(tmp_path: Path) -> None:
    files: dict[str, str | dict] = {
        "app.json": {"subpackages": [{"root": "pkg", "pages": ["p/p"]}]},
        **page("pkg/p/p"),
    }
    _, messages = load(write_tree(tmp_path, files))
    assert messages == [
        'app.json:1:1: error: app.json needs a "pages" list naming at least one page'
    ]


def test_resolve_alias_applies_to_component_paths_and_is_validated(tmp_path: Path) -> None:
    files: dict[str, str | dict] = {
        "app.json": {
            "pages": ["pages/a/a"],
            "resolveAlias": {"@ui/*": "/widgets/*", "bad/*": "/no-star"},
        },
        "pages/a/a.json": {"usingComponents": {"card": "@ui/card/card"}},
        **page("pages/a/a"),
        **component("widgets/card/card"),
    }
    project, messages = load(write_tree(tmp_path, files))
    assert project is not None
    assert project.units["pages/a/a"].using == {"card": "widgets/card/card"}
    assert len(messages) == 1
    assert messages[0].startswith("app.json:7:14: error: resolveAlias 'bad/*'")


def test_custom_tab_bar_component_is_loaded_or_reported_missing(tmp_path: Path) -> None:
    tab_bar = {
        "custom": True,
        "list": [{"pagePath": "pages/a/a", "text": "A"}, {"pagePath": "pages/b/b", "text": "B"}],
    }
    files: dict[str, str | dict] = {
        "app.json": {"pages": ["pages/a/a", "pages/b/b"], "tabBar": tab_bar},
        **page("pages/a/a"),
        **page("pages/b/b"),
    }
    root = write_tree(tmp_path, files)
    _, messages = load(root)
    assert messages == [
        "app.json:7:15: error: tabBar.custom is true but custom-tab-bar/index.wxml is missing; "
        "add the custom tab bar component there"
    ]
    write_tree(root, component("custom-tab-bar/index"))
    project, messages = load(root)
    assert messages == []
    assert project is not None
    assert project.units["custom-tab-bar/index"].kind == "component"


def test_json_error_in_a_page_config_is_reported_and_the_rest_still_loads(
    tmp_path: Path,
) -> None:
    files: dict[str, str | dict] = {
        "app.json": {"pages": ["pages/a/a", "pages/b/b"]},
        "pages/a/a.json": '{\n  "navigationBarTitleText": \'A\'\n}\n',
        **page("pages/a/a"),
        **page("pages/b/b"),
        "pages/b/b.json": {"usingComponents": {"x": "./missing"}},
    }
    project, messages = load(write_tree(tmp_path, files))
    assert project is not None
    assert messages[0].startswith("pages/a/a.json:2:29: error: invalid JSON: Expecting value")
    assert messages[1].startswith("pages/b/b.json:3:10: error: component 'x' not found")
    assert project.units["pages/a/a"].config == {}
