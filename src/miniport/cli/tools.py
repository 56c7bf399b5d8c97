"""`miniport inspect` and `miniport vtree`: looking inside packages and templates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from miniport.package import Package, PackageError, read_package


def register(app: typer.Typer) -> None:
    """Add this area's commands to the root app."""
    app.command("inspect")(inspect)
    app.command("vtree")(vtree)


def inspect(
    package: Annotated[
        Path, typer.Argument(help="The .mpk file to look into. / 要查看的 .mpk 文件")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON for scripts. / 输出 JSON")
    ] = False,
) -> None:
    """Print a package's manifest: parts, pages and files with sizes. / 显示包的清单。"""
    try:
        pkg = read_package(package)
    except PackageError as err:
        _fail(f"error: {package}: {err.message}\n错误：{package}：{err.message_zh}")
    if as_json:
        payload = {"id": pkg.id, "size": pkg.size, "manifest": pkg.manifest.to_json()}
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=True))
        return
    _print_package(pkg, Console())


def vtree(
    src: Annotated[Path, typer.Argument(help="Mini-program project folder. / 小程序项目目录")],
    wxml: Annotated[
        str, typer.Argument(help="WXML file, relative to SRC. / 相对于 SRC 的 WXML 文件")
    ],
    data: Annotated[
        str,
        typer.Option(
            "--data", help="Page data: a JSON string or @file.json. / 页面数据：JSON 或 @文件"
        ),
    ] = "{}",
    reference: Annotated[
        bool,
        typer.Option(
            "--reference",
            help="Use WeChat's wcc instead of Miniport's compiler. / 使用微信官方 wcc 编译",
        ),
    ] = False,
) -> None:
    """Print the virtual tree a WXML file builds from data, as JSON. / 以 JSON 输出虚拟树。"""
    from miniport.compiler.diagnostics import CompileError
    from miniport.compiler.reference import OracleError, load_data, tree_for

    try:
        tree = tree_for(src, wxml, load_data(data), reference=reference)
    except OracleError as err:
        _fail(f"error: {err}\n错误：{err.message_zh}")
    except CompileError as err:
        _fail("\n".join(d.format() for d in err.diagnostics))
    except Exception as err:  # the compiler under test failed in its own way; say so
        _fail(
            f"error: Miniport could not build the tree: {err}\n错误：Miniport 无法生成虚拟树：{err}"
        )
    typer.echo(json.dumps(tree, indent=2, ensure_ascii=False))


def _print_package(pkg: Package, console: Console) -> None:
    m = pkg.manifest
    summary = Table(title="Package / 包", show_header=False)
    summary.add_column("field")
    summary.add_column("value")
    for label, value in (
        ("id", pkg.id),
        ("appid", m.appid),
        ("version / 版本", m.version),
        ("compiler / 编译器", m.compiler_version),
        ("framework / 基础库", m.framework_version),
        ("format / 格式", str(m.format_version)),
        ("size / 大小", f"{_human(pkg.size)} ({len(m.files)} files / 个文件)"),
    ):
        summary.add_row(label, value)
    console.print(summary)

    parts = Table(title="Parts / 分包")
    for col in (
        "name / 名称",
        "root",
        "pages / 页面",
        "entries / 入口",
        "files / 文件",
        "size / 大小",
    ):
        parts.add_column(col)
    for part in m.parts:
        parts.add_row(
            part.name + (" (independent)" if part.independent else ""),
            part.root or "/",
            "\n".join(part.pages) or "-",
            "\n".join(f"{role}: {path}" for role, path in sorted(part.entries.items())) or "-",
            str(len(part.files)),
            _human(m.part_size(part.name)),
        )
    console.print(parts)

    files = Table(title="Files / 文件")
    files.add_column("path / 路径")
    files.add_column("part / 分包")
    files.add_column("size / 大小", justify="right")
    files.add_column("sha256")
    for name, info in sorted(m.files.items()):
        files.add_row(name, m.part_of(name).name, _human(info.size), info.sha256[:16] + "…")
    console.print(files)


def _human(size: int) -> str:
    value: float = size
    for unit in ("B", "KiB", "MiB"):
        if value < 1024 or unit == "MiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def _fail(message: str) -> Any:
    typer.echo(message, err=True)
    raise typer.Exit(1)
