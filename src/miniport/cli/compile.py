"""`miniport build SRC [-o OUT.mpk]`: compile a mini-program into a package.

Diagnostics go to stderr as `FILE:LINE:COL: error: MESSAGE` (the form editors and CI
log viewers turn into links), all of them, sorted by file and position, in English or
Chinese (`--lang`, else MINIPORT_LANGUAGE, else the locale). Exit status: 0 when a
package was written, 1 when the source has errors (and then nothing is written, not even
a partial file), 2 for a wrong command line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated

import typer

from miniport.compiler.build import BuildOptions, BuildResult, build_project
from miniport.compiler.cache import default_cache_dir
from miniport.compiler.messages import LANGUAGES, Language, language_from_env, normalize_language
from miniport.package import DEFAULT_SIZE_LIMITS, SizeLimits

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib)?\s*$", re.IGNORECASE)
_UNITS = {
    None: 1,
    "b": 1,
    "k": 1024,
    "kb": 1024,
    "kib": 1024,
    "m": 1024**2,
    "mb": 1024**2,
    "mib": 1024**2,
}


def register(app: typer.Typer) -> None:
    """Add this area's commands to the root app."""
    app.command("build")(build)


def parse_size(text: str) -> int:
    """`2MB`, `512KB`, `1048576` → bytes. KB and MB are 1024-based, as WeChat counts them."""
    match = _SIZE.match(text)
    if not match:
        raise typer.BadParameter(
            f"{text!r} is not a size; write e.g. 2MB, 512KB or 1048576 / "
            f"{text!r} 不是有效大小，请写成 2MB、512KB 或 1048576"
        )
    unit = match.group(2).lower() if match.group(2) else None
    return int(float(match.group(1)) * _UNITS[unit])


def choose_language(option: str | None) -> Language:
    """`--lang`, else MINIPORT_LANGUAGE, else the locale (LC_ALL/LC_MESSAGES/LANG), else en.

    Chinese-speaking developers get Chinese diagnostics from their locale without a
    flag; CI logs that should stay English can pin it with `--lang en`.
    """
    if option is None:
        return language_from_env()
    chosen = normalize_language(option)
    if chosen is None:
        raise typer.BadParameter(
            f"{option!r} is not a language; use {' or '.join(LANGUAGES)} / "
            f"{option!r} 不是支持的语言，请用 {' 或 '.join(LANGUAGES)}",
            param_hint="--lang",
        )
    return chosen


def build(
    src: Annotated[
        Path,
        typer.Argument(
            help="Mini-program folder: holds app.json or project.config.json. / "
            "小程序目录（含 app.json 或 project.config.json）"
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Package file to write; default: ./<folder name>.mpk. / 输出的包文件",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the result as JSON. / 以 JSON 输出结果")
    ] = False,
    appid: Annotated[
        str | None,
        typer.Option(
            help="App id for the manifest; default: project.config.json's appid. / 应用 ID"
        ),
    ] = None,
    version: Annotated[
        str, typer.Option(help="Version recorded in the manifest. / 写入清单的版本号")
    ] = "0.0.0",
    max_part_size: Annotated[
        str,
        typer.Option(
            help="Largest main package or subpackage, e.g. 2MB. / 主包或单个分包的大小上限",
        ),
    ] = "2MB",
    max_total_size: Annotated[
        str,
        typer.Option(help="Largest whole package, e.g. 30MB. / 整个包的大小上限"),
    ] = "30MB",
    cache_dir: Annotated[
        Path | None,
        typer.Option(
            help="Where compiled files are cached; default: MINIPORT_CACHE_DIR or "
            "~/.cache/miniport/build. / 编译缓存目录",
        ),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Compile every file again. / 不使用缓存")
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Language of errors and warnings: en or zh-CN; default: MINIPORT_LANGUAGE, "
            "else the locale. / 错误和警告的语言：en 或 zh-CN，默认取 MINIPORT_LANGUAGE 或系统区域设置",
        ),
    ] = None,
) -> None:
    """Compile a mini-program into a .mpk package. / 把小程序编译成 .mpk 包。"""
    language = choose_language(lang)
    limits = SizeLimits(
        part_max_bytes=parse_size(max_part_size)
        if max_part_size
        else DEFAULT_SIZE_LIMITS.part_max_bytes,
        total_max_bytes=parse_size(max_total_size)
        if max_total_size
        else DEFAULT_SIZE_LIMITS.total_max_bytes,
    )
    options = BuildOptions(
        appid=appid,
        version=version,
        size_limits=limits,
        cache_dir=None if no_cache else (cache_dir or default_cache_dir()),
        relative_paths=True,
    )
    result = build_project(src, options)
    target = output or Path(f"{src.resolve().name}.mpk")
    if result.package is not None:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(result.package)
        except OSError as exc:
            typer.echo(
                f"{target}: error: cannot write the package: {exc.strerror} / 无法写入包文件",
                err=True,
            )
            raise typer.Exit(1) from None
    if as_json:
        typer.echo(json.dumps(_as_json(result, target), indent=2, ensure_ascii=False))
    else:
        _print(result, target, language)
    raise typer.Exit(0 if result.package is not None else 1)


def _print(result: BuildResult, target: Path, language: Language) -> None:
    for diagnostic in result.diagnostics:
        typer.echo(diagnostic.format(language), err=True)
    errors, warnings = len(result.errors), len(result.warnings)
    if result.package is None:
        typer.echo(
            f"{errors} error(s), {warnings} warning(s); no package written. / "
            f"{errors} 个错误，{warnings} 个警告；未生成包。",
            err=True,
        )
        return
    parts = ", ".join(f"{p.name} {_human(p.bytes)}" for p in result.parts)
    typer.echo(
        f"Built {target} ({_human(len(result.package))}) from {result.source_files} files in "
        f"{result.seconds:.2f}s; parts: {parts}; {warnings} warning(s). / "
        f"已生成 {target}（{_human(len(result.package))}），共 {result.source_files} 个源文件，"
        f"用时 {result.seconds:.2f} 秒；{warnings} 个警告。"
    )
    typer.echo(f"id: {result.package_id}")


def _as_json(result: BuildResult, target: Path) -> dict[str, object]:
    return {
        "ok": result.package is not None,
        "output": str(target) if result.package is not None else None,
        "package_id": result.package_id,
        "package_bytes": len(result.package) if result.package is not None else None,
        "source_files": result.source_files,
        "seconds": round(result.seconds, 4),
        "cache": {"hits": result.cache_hits, "misses": result.cache_misses},
        "stage_cpu_seconds": {k: round(v, 4) for k, v in sorted(result.stage_seconds.items())},
        "parts": [
            {"name": p.name, "root": p.root, "files": p.files, "bytes": p.bytes}
            for p in result.parts
        ],
        "errors": [d.to_json() for d in result.errors],
        "warnings": [d.to_json() for d in result.warnings],
    }


def _human(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.2f} MB"
