"""`miniport build`: a mini-program source tree → a deterministic .mpk package.

The build runs every stage over every file and collects all diagnostics before it
decides anything, so a developer sees every problem of the project in one run. Only
when no stage reported an error is a package written; warnings never block.

Stages, in order:

1. project: find the root, read app.json and every page/component config
   (`project.py`).
2. per file, each cached by content hash (`cache.py`): WXML → render modules
   (`wxml/`), WXSS → CSS sheets (`wxss.py`), JS → wrapped modules (`js.py`).
3. per part (main package, then each subpackage): the logic bundle, the view bundle,
   the style sheets and the assets that live under the part's root.
4. config.json: the resolved configuration of the app, its pages and components
   (docs/compiler.md describes it).
5. size limits, then the package itself (`miniport.package`).

What goes into a part (root R: "" for main, "sub/" for a subpackage):

    R__mp__/logic.js     define(…) of every .js module under R
    R__mp__/view.js      compiled templates and WXS of every .wxml/.wxs under R
    R__mp__/styles.json  {"sheets": {path: css}} for every sheet under R that a style uses
    __mp__/config.json   (main only) the resolved configuration
    R…                   assets (images, fonts, …) at their own paths

A style sheet is emitted once, in the part that holds its file, however many
components import it; config.json lists for each page and component the sheets it
adopts, in cascade order.
"""

from __future__ import annotations

import json
import os
import posixpath
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from miniport import __version__
from miniport.compiler import js as js_stage
from miniport.compiler import views
from miniport.compiler import wxss as wxss_stage
from miniport.compiler.cache import BuildCache, Compute
from miniport.compiler.diagnostics import Diagnostic, Diagnostics
from miniport.compiler.messages import localized, part_phrase
from miniport.compiler.project import Project, Unit, find_root, load_project
from miniport.compiler.wxml.lexer import SourceMap
from miniport.package import (
    DEFAULT_SIZE_LIMITS,
    MAIN_PART,
    PackageError,
    PackageFields,
    Part,
    SizeLimits,
    build_manifest,
    check_size_limits,
)
from miniport.package.writer import write_manifest_and_files

OUTPUT_DIR = "__mp__"
WINDOW_KEYS = frozenset(
    [
        "navigationBarBackgroundColor",
        "navigationBarTextStyle",
        "navigationBarTitleText",
        "navigationStyle",
        "homeButton",
        "backgroundColor",
        "backgroundTextStyle",
        "backgroundColorTop",
        "backgroundColorBottom",
        "backgroundColorContent",
        "enablePullDownRefresh",
        "onReachBottomDistance",
        "pageOrientation",
        "disableScroll",
        "restartStrategy",
        "initialRenderingCache",
        "visualEffectInBackground",
        "handleWebviewPreload",
    ]
)


@dataclass
class BuildOptions:
    appid: str | None = None  # default: project.config.json's appid, else "local"
    version: str = "0.0.0"
    size_limits: SizeLimits = DEFAULT_SIZE_LIMITS
    cache_dir: Path | None = None  # None: no cache
    # How diagnostics name files: absolute paths (the default, easy for callers to map
    # back), or relative to the working directory as the CLI prints them.
    relative_paths: bool = False


@dataclass
class PartStats:
    name: str
    root: str
    files: int
    bytes: int


@dataclass
class BuildResult:
    """What a build produced. `package` is None whenever `diagnostics` holds an error."""

    diagnostics: list[Diagnostic]
    package: bytes | None = None
    package_id: str | None = None
    source_files: int = 0
    parts: list[PartStats] = field(default_factory=list)
    seconds: float = 0.0
    cache_hits: int = 0
    cache_misses: int = 0
    # CPU seconds per stage (project, styles, scripts, views, assemble, package, cache),
    # for the benchmark and `--json`; CPU rather than wall time so a busy machine
    # does not distort them.
    stage_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    @property
    def ok(self) -> bool:
        return self.package is not None


def display_path(path: Path, relative: bool = True) -> str:
    """How to name `path` in messages: relative to the working directory when inside it
    (and `relative` is set), else as an absolute POSIX path."""
    absolute = path.resolve()
    if not relative:
        return absolute.as_posix()
    try:
        rel = absolute.relative_to(Path.cwd().resolve())
    except ValueError:
        return absolute.as_posix()
    return rel.as_posix() or "."


def _prefixed(diags: Diagnostics, prefix: str) -> list[Diagnostic]:
    out = []
    for d in diags.items:
        name = prefix if d.file == "." else posixpath.normpath(posixpath.join(prefix, d.file))
        out.append(replace(d, file=name))
    return out


def build_project(src: Path, options: BuildOptions | None = None) -> BuildResult:
    """Build the mini-program at `src`; never raises for problems in the source."""
    options = options or BuildOptions()
    started = time.perf_counter()
    found = Diagnostics()
    root = find_root(src, found)
    if root is None:
        return BuildResult(sorted(set(_prefixed(found, display_path(src, options.relative_paths)))))
    diags = Diagnostics()
    result = BuildResult([])
    with _timed(result, "project"):
        project = load_project(root, diags)
    if project is not None:
        with _timed(result, "cache"):
            cache = BuildCache(options.cache_dir, root)
        _Builder(project, diags, cache, options, result).run()
        with _timed(result, "cache"):
            cache.save()
        result.cache_hits, result.cache_misses = cache.hits, cache.misses
    relative = options.relative_paths
    result.diagnostics = sorted(
        set(
            _prefixed(found, display_path(src, relative))
            + _prefixed(diags, display_path(root, relative))
        )
    )
    if any(d.severity == "error" for d in result.diagnostics):
        result.package = None
        result.package_id = None
    result.seconds = time.perf_counter() - started
    return result


class _Builder:
    def __init__(
        self,
        project: Project,
        diags: Diagnostics,
        cache: BuildCache,
        options: BuildOptions,
        result: BuildResult,
    ):
        self.project = project
        self.diags = diags
        self.cache = cache
        self.options = options
        self.result = result
        self.sources: dict[str, bytes] = {}
        self.root_dir = str(project.root)
        self.sheets: dict[str, wxss_stage.StyleSheet] = {}
        self.styles_of: dict[str, list[str]] = {}  # unit path or "app" → sheet order

    # -- helpers ---------------------------------------------------------------------

    def read(self, path: str) -> bytes:
        data = self.sources.get(path)
        if data is None:
            with open(os.path.join(self.root_dir, path), "rb") as fh:
                data = fh.read()
            self.sources[path] = data
        return data

    def cached(self, stage: str, path: str, compute: Compute) -> Any:
        return self.cache.compile(stage, path, self.read(path), compute, self.diags)

    # -- stages ----------------------------------------------------------------------

    def run(self) -> None:
        project = self.project
        files = project.files
        self.result.source_files = len(files)
        reserved = [f for f in files if f.split("/")[0] == OUTPUT_DIR or f"/{OUTPUT_DIR}/" in f]
        for path in reserved:
            self.diags.error(path, 1, 1, "build.reserved_folder", name=OUTPUT_DIR)

        with _timed(self.result, "styles"):
            self.compile_styles()
        with _timed(self.result, "scripts"):
            modules = self.compile_scripts()
        with _timed(self.result, "views"):
            view_bundles = views.build_views(project, self.read, self.cache, self.diags)
        if self.diags.has_errors():
            return
        with _timed(self.result, "assemble"):
            entries, parts = self.assemble(modules, view_bundles)
        with _timed(self.result, "package"):
            self.write(entries, parts)

    def assemble(
        self, modules: dict[str, list[str]], view_bundles: dict[str, str]
    ) -> tuple[dict[str, bytes], list[Part]]:
        """Every entry of the package, and its parts."""
        project = self.project

        entries: dict[str, bytes] = {}
        parts: list[Part] = []
        for root in project.parts:
            prefix = f"{root}/" if root else ""
            logic = f"{prefix}{OUTPUT_DIR}/logic.js"
            view = f"{prefix}{OUTPUT_DIR}/view.js"
            styles = f"{prefix}{OUTPUT_DIR}/styles.json"
            entries[logic] = "".join(modules.get(root, [])).encode("utf-8")
            entries[view] = view_bundles.get(root, "").encode("utf-8")
            entries[styles] = self.styles_json(root)
            part_entries = {"logic": logic, "view": view, "styles": styles}
            if not root:
                config = f"{OUTPUT_DIR}/config.json"
                entries[config] = _json_bytes(self.config())
                part_entries["config"] = config
            parts.append(self.part(root, part_entries))
        for path in project.files:
            if _is_asset(path, project):
                entries[path] = self.read(path)
        return entries, parts

    def compile_styles(self) -> None:
        project = self.project
        exists = project.exists
        for path in project.files:
            if not path.endswith(".wxss"):
                continue

            def compute(text: str, local: Diagnostics, path: str = path) -> dict[str, Any]:
                sheet = wxss_stage.compile_wxss(path, text, local, lambda _p: True)
                imports = [[i.path, i.line, i.col, i.written] for i in sheet.imports]
                return {"css": sheet.css, "imports": imports}

            value = self.cached("wxss", path, compute)
            if value is None:
                continue
            imports = []
            part = project.part_of(path)
            for target, line, col, written in value["imports"]:
                if not exists(target):
                    self.diags.error(
                        path, line, col, "wxss.import_missing", written=written, resolved=target
                    )
                    continue
                target_part = project.part_of(target)
                if target_part and target_part != part and not project.is_independent(part):
                    self.diags.error(
                        path, line, col, "subpackage.file_outside", target=target, part=target_part
                    )
                    continue
                imports.append(wxss_stage.StyleImport(target, line, col, written))
            self.sheets[path] = wxss_stage.StyleSheet(path, value["css"], imports)
        # Every entry style's sheets, imports first. A cycle is reported once however
        # many entries reach it: Diagnostics are deduplicated at the end of the build.
        if "app.wxss" in self.sheets:
            self.styles_of["app"] = wxss_stage.import_order("app.wxss", self.sheets, self.diags)
        for unit in project.units.values():
            wxss = f"{unit.path}.wxss"
            if wxss in self.sheets:
                self.styles_of[unit.path] = wxss_stage.import_order(wxss, self.sheets, self.diags)

    def compile_scripts(self) -> dict[str, list[str]]:
        """Every .js file, wrapped, grouped by part in path order."""
        project = self.project
        by_part: dict[str, list[str]] = {}
        alias = project.alias
        # The output depends on the alias table too, so it is part of the cache key.
        stage = "js:" + json.dumps(alias, sort_keys=True) if alias else "js"
        for path in project.files:
            if not path.endswith(".js"):
                continue

            def compute(text: str, local: Diagnostics, path: str = path) -> dict[str, Any] | None:
                info = js_stage.compile_module(path, text, local, lambda _p: True, alias)
                if info is None:
                    return None
                return {"code": info.code, "requires": [[r.spec, r.offset] for r in info.requires]}

            value = self.cached(stage, path, compute)
            if value is None:
                continue
            self.check_requires(path, value["requires"])
            info = js_stage.ModuleInfo(path=path, code=value["code"])
            by_part.setdefault(project.part_of(path), []).append(js_stage.wrap_module(info))
        return by_part

    def check_requires(self, path: str, requires: list[list[Any]]) -> None:
        """Every literal require must resolve, and stay within what its part can load."""
        project = self.project
        where: Callable[[int], tuple[int, int]] | None = None
        source_part = project.part_of(path)
        for spec, offset in requires:
            target = js_stage.resolve_require(path, spec, project.exists)
            if target is not None:
                target_part = project.part_of(target)
                if target_part == source_part:
                    continue
                if project.is_independent(source_part):
                    code, part = "js.require_outside_independent", source_part
                elif target_part:
                    code, part = "js.require_other_subpackage", target_part
                else:
                    continue
                args: dict[str, object] = {"spec": spec, "part": part}
            else:
                code, args = "js.require_missing", {"spec": spec}
            if where is None:
                where = SourceMap(path, self.read(path).decode("utf-8-sig")).location
            line, col = where(offset)
            self.diags.error(path, line, col, code, **args)

    # -- outputs ---------------------------------------------------------------------

    def styles_json(self, root: str) -> bytes:
        used = {p for order in self.styles_of.values() for p in order}
        sheets = {p: self.sheets[p].css for p in sorted(used) if self.project.part_of(p) == root}
        if self.project.is_independent(root):
            # It runs without the main package: carry the sheets its styles import.
            for unit in self.project.units.values():
                if unit.part == root:
                    for p in self.styles_of.get(unit.path, []):
                        sheets[p] = self.sheets[p].css
            sheets = dict(sorted(sheets.items()))
        return _json_bytes({"sheets": sheets})

    def unit_config(self, unit: Unit) -> dict[str, Any]:
        cfg = dict(unit.config)
        # app.json's usingComponents are global: usable in every page and component.
        # (Not in an independent subpackage, which runs without the main package.)
        if self.project.is_independent(unit.part):
            using = dict(unit.using)
        else:
            using = {**self.project.global_using, **unit.using}
        cfg["usingComponents"] = {tag: f"/{path}" for tag, path in sorted(using.items())}
        if unit.generics:
            generics = {k: dict(v) for k, v in cfg["componentGenerics"].items()}
            for generic, path in unit.generics.items():
                generics[generic]["default"] = f"/{path}"
            cfg["componentGenerics"] = generics
        cfg["part"] = unit.part
        cfg["styles"] = self.styles_of.get(unit.path, [])
        if unit.kind == "page":
            window = dict(self.project.app.get("window") or {})
            window.update({k: v for k, v in unit.config.items() if k in WINDOW_KEYS})
            cfg["window"] = window
            cfg.setdefault("styleIsolation", "shared")
        else:
            cfg.setdefault("styleIsolation", "isolated")
            cfg["component"] = True
        return cfg

    def config(self) -> dict[str, Any]:
        project = self.project
        app = dict(project.app)
        app.pop("subPackages", None)
        app["pages"] = list(project.pages)
        app["subpackages"] = [
            {
                "root": s.root,
                "name": s.name,
                "pages": list(s.pages),
                "independent": s.independent,
            }
            for s in project.subpackages
        ]
        app["usingComponents"] = {
            tag: f"/{path}" for tag, path in sorted(project.global_using.items())
        }
        app["entryPagePath"] = (
            posixpath.normpath(app["entryPagePath"].lstrip("/"))
            if isinstance(app.get("entryPagePath"), str)
            else next(iter(project.all_pages()), None)
        )
        app["styles"] = self.styles_of.get("app", [])
        pages = {u.path: self.unit_config(u) for u in project.units.values() if u.kind == "page"}
        components = {
            u.path: self.unit_config(u) for u in project.units.values() if u.kind == "component"
        }
        return {
            "compiler": __version__,
            "app": app,
            "pages": dict(sorted(pages.items())),
            "components": dict(sorted(components.items())),
        }

    def part(self, root: str, entries: dict[str, str]) -> Part:
        if not root:
            return Part(MAIN_PART, pages=tuple(self.project.pages), entries=entries)
        sub = next(s for s in self.project.subpackages if s.root == root)
        names = [s.name for s in self.project.subpackages]
        name = (
            sub.name if sub.name and names.count(sub.name) == 1 and sub.name != MAIN_PART else root
        )
        return Part(
            name,
            root=f"{root}/",
            pages=tuple(sub.pages),
            entries=entries,
            independent=sub.independent,
        )

    def size_diagnostic(self, problem: PackageError, manifest: Any) -> tuple[str, dict[str, Any]]:
        """Say which limit was passed and which source files weigh most in that part."""
        limits = self.options.size_limits
        if problem.code == "part_too_large":
            part = manifest.part(problem.entry)
            root = part.root.rstrip("/")
            size = manifest.part_size(part.name)
            sources = {
                f: len(self.read(f)) for f in self.project.files if self.project.part_of(f) == root
            }
            return "package.part_too_large", {
                "what": part_phrase(root),
                "size_kb": _kb(size),
                "size": size,
                "limit_kb": _kb(limits.part_max_bytes),
                "largest": _largest(sources),
            }
        total = manifest.total_size
        sources = {f: len(self.read(f)) for f in self.project.files}
        return "package.too_large", {
            "size_kb": _kb(total),
            "size": total,
            "limit_kb": _kb(limits.total_max_bytes),
            "largest": _largest(sources),
        }

    def write(self, entries: dict[str, bytes], parts: list[Part]) -> None:
        project = self.project
        appid = self.options.appid or _project_appid(project.root) or "local"
        fields = PackageFields(
            appid=appid,
            version=self.options.version,
            compiler_version=__version__,
            pages=project.all_pages(),
            parts=parts,
        )
        try:
            manifest = build_manifest(entries, fields)
        except PackageError as exc:
            self.diags.error(
                exc.entry or "app.json",
                1,
                1,
                "package.invalid",
                detail=localized(str(exc.message), str(exc.message_zh)),
            )
            return
        problems = check_size_limits(manifest, self.options.size_limits)
        for problem in problems:
            code, args = self.size_diagnostic(problem, manifest)
            self.diags.error("app.json", 1, 1, code, **args)
        self.result.parts = [
            PartStats(p.name, p.root, len(p.files), manifest.part_size(p.name))
            for p in manifest.parts
        ]
        if problems:
            return
        data = write_manifest_and_files(manifest, entries)
        self.result.package = data
        from miniport.package import package_id

        self.result.package_id = package_id(data)


@contextmanager
def _timed(result: BuildResult, stage: str) -> Iterator[None]:
    started = time.process_time()
    try:
        yield
    finally:
        spent = time.process_time() - started
        result.stage_seconds[stage] = result.stage_seconds.get(stage, 0.0) + spent


def _largest(sizes: dict[str, int], count: int = 5) -> str:
    ranked = sorted(sizes.items(), key=lambda item: (-item[1], item[0]))[:count]
    return ", ".join(f"{name} ({_kb(size)})" for name, size in ranked)


def _kb(size: int) -> str:
    return f"{size / 1024:.1f} KB"


def _is_asset(path: str, project: Project) -> bool:
    """Files carried over as they are: everything but sources the build compiles."""
    suffix = os.path.splitext(path)[1]
    if suffix in (".wxml", ".wxss", ".js", ".wxs"):
        return False
    if suffix == ".json":
        # A page's or component's config lives on in config.json, and so does the
        # config of a component nobody uses; other JSON (sitemap.json, data) is an asset.
        stem = path[: -len(".json")]
        return not (
            path == "app.json"
            or stem in project.units
            or project.exists(f"{stem}.wxml")
            or project.exists(f"{stem}.js")
        )
    return True


def _project_appid(root: Path) -> str | None:
    for directory in (root, *root.parents[:2]):
        config = directory / "project.config.json"
        if config.is_file():
            try:
                value = json.loads(config.read_text(encoding="utf-8")).get("appid")
            except (OSError, ValueError, AttributeError):
                return None
            return value if isinstance(value, str) and value else None
    return None


def _json_bytes(value: Any) -> bytes:
    return (
        json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    ).encode("utf-8")
