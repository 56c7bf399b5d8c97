"""Loading a mini-program project: its configs, pages, components and parts.

This is the compiler's first stage. It finds the mini-program root (`app.json`, or
`project.config.json`'s `miniprogramRoot`), reads every config the app uses, resolves
`usingComponents` the way WeChat does (relative, absolute from the root, then
`miniprogram_npm/` packages found by walking up) and decides which part — the main
package or a subpackage — every file belongs to. Later stages only read the `Project`
this module returns; they never look for configs themselves.

Paths inside a `Project` are POSIX paths relative to the mini-program root. Unit paths
(pages and components) carry no extension: `pages/index/index`.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from miniport.compiler.diagnostics import Diagnostics
from miniport.compiler.js import apply_alias, lookup_candidates
from miniport.compiler.json_source import JsonDocument, JsonSyntaxError, parse_json
from miniport.compiler.messages import part_phrase

UnitKind = Literal["page", "component"]

# Files that belong to the developer's tooling, never to the package.
IGNORED_NAMES = frozenset(
    {
        "project.config.json",
        "project.private.config.json",
        "package.json",
        "package-lock.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "tsconfig.json",
        "jsconfig.json",
    }
)
IGNORED_DIRS = frozenset({"node_modules", ".miniport-cache", ".git", ".svn", ".idea", ".vscode"})
IGNORED_SUFFIXES = (".ts", ".md", ".map", ".less", ".scss", ".sass")
SOURCE_SUFFIXES = frozenset({".wxml", ".wxss", ".js", ".wxs", ".json"})
STYLE_ISOLATIONS = frozenset(
    {"isolated", "apply-shared", "shared", "page-isolated", "page-apply-shared", "page-shared"}
)


@dataclass
class Unit:
    """A page or custom component: the files sharing one path without extension."""

    path: str
    kind: UnitKind
    part: str  # "" for the main package, else the subpackage root
    config: dict[str, Any] = field(default_factory=dict)
    using: dict[str, str] = field(default_factory=dict)  # tag name → unit path
    generics: dict[str, str] = field(default_factory=dict)  # generic name → default unit
    has_wxml: bool = False
    has_wxss: bool = False
    has_js: bool = False


@dataclass
class Subpackage:
    root: str
    name: str | None
    pages: list[str]  # full unit paths ("pkg/pages/a/a")
    independent: bool = False


@dataclass
class Project:
    """Everything later stages need to know about the source tree."""

    root: Path
    app: dict[str, Any]
    pages: list[str]  # main-package page paths, in app.json order
    subpackages: list[Subpackage]
    units: dict[str, Unit]
    files: list[str]  # every packaged file, sorted
    global_using: dict[str, str] = field(default_factory=dict)
    alias: dict[str, str] = field(default_factory=dict)  # app.json resolveAlias

    def part_of(self, path: str) -> str:
        """The part a root-relative path is packaged into: "" (main) or a subpackage root."""
        for sub in self.subpackages:
            if path == sub.root or path.startswith(sub.root + "/"):
                return sub.root
        return ""

    def is_independent(self, part: str) -> bool:
        """Whether `part` is an independent subpackage (runs without the main package)."""
        return any(s.root == part and s.independent for s in self.subpackages)

    @property
    def parts(self) -> list[str]:
        return ["", *(s.root for s in self.subpackages)]

    def all_pages(self) -> list[str]:
        return [*self.pages, *(p for s in self.subpackages for p in s.pages)]

    def exists(self, path: str) -> bool:
        return path in self._file_set

    def __post_init__(self) -> None:
        self._file_set = set(self.files)


def find_root(src: Path, diags: Diagnostics) -> Path | None:
    """The mini-program root under `src`: where app.json lives.

    `src` may itself hold app.json, or a project.config.json whose `miniprogramRoot`
    names the directory that does (as WeChat DevTools projects are laid out).
    Diagnostics name files relative to `src` ("." for `src` itself).
    """
    if not src.is_dir():
        diags.error(".", 1, 1, "project.not_a_directory")
        return None
    if (src / "app.json").is_file():
        return src
    config_path = src / "project.config.json"
    if config_path.is_file():
        doc = _read_json(config_path, "project.config.json", diags)
        if doc is None:
            return None
        mp_root = doc.value.get("miniprogramRoot") if isinstance(doc.value, dict) else None
        if mp_root is not None and not isinstance(mp_root, str):
            line, col = doc.position("miniprogramRoot")
            diags.error("project.config.json", line, col, "project.miniprogram_root_type")
            return None
        root = (src / (mp_root or "")).resolve()
        if not (root / "app.json").is_file():
            line, col = doc.position("miniprogramRoot") if mp_root else (1, 1)
            diags.error(
                "project.config.json",
                line,
                col,
                "project.miniprogram_root_missing",
                root=mp_root or ".",
            )
            return None
        return root
    diags.error(
        ".",
        1,
        1,
        "project.no_app_json",
    )
    return None


def load_project(root: Path, diags: Diagnostics) -> Project | None:
    """Read and check the configs of the mini-program at `root` (see `find_root`).

    Diagnostics name files relative to `root`; the build prefixes them with the path the
    user gave. Returns None only when there is nothing to build at all (app.json is
    unreadable or lists no page); otherwise a Project even if some pages or components
    are missing, so the other stages can still report their own errors in the same run.
    """
    return _Loader(root, diags).load()


class _Loader:
    def __init__(self, root: Path, diags: Diagnostics):
        self.root = root
        self.diags = diags
        self.files = _list_files(root)
        self.file_set = set(self.files)
        self.units: dict[str, Unit] = {}
        self.docs: dict[str, JsonDocument | None] = {}
        self.alias: dict[str, str] = {}
        self.sub_roots: list[str] = []

    # -- entry -------------------------------------------------------------------------

    def load(self) -> Project | None:
        doc = self.json("app.json")
        if doc is None:
            return None
        app = doc.value
        if not isinstance(app, dict):
            self.diags.error("app.json", 1, 1, "app.not_object")
            return None

        self.alias = self.resolve_alias(doc)
        subpackages = self.subpackages(doc)
        self.sub_roots = [sub.root for sub in subpackages]
        pages = self.main_pages(doc)
        if not pages and not subpackages:
            return None

        global_using = self.resolve_using("app.json", doc, "")
        for page in pages:
            self.add_page(page, "", doc)
        for sub in subpackages:
            for page in sub.pages:
                self.add_page(page, sub.root, doc)
        self.check_tabbar(doc, pages)
        self.check_file_ref(doc, "sitemapLocation")
        self.check_entry(doc, pages, subpackages)

        project = Project(
            root=self.root,
            app=app,
            pages=pages,
            subpackages=subpackages,
            units=self.units,
            files=self.files,
            global_using=global_using,
            alias=self.alias,
        )
        self.check_part_boundaries(project)
        return project

    # -- app.json ------------------------------------------------------------------------

    def resolve_alias(self, doc: JsonDocument) -> dict[str, str]:
        """app.json's `resolveAlias`: `{"~/*": "/*"}`, wildcards on both sides or neither."""
        raw = doc.value.get("resolveAlias")
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            line, col = doc.position("resolveAlias")
            self.diags.error("app.json", line, col, "app.alias_not_object")
            return {}
        out: dict[str, str] = {}
        for key, value in raw.items():
            if not isinstance(value, str) or key.endswith("*") != value.endswith("*"):
                line, col = doc.position("resolveAlias", key)
                self.diags.error(
                    "app.json",
                    line,
                    col,
                    "app.alias_entry",
                    alias=key,
                )
                continue
            out[key] = value
        return out

    def main_pages(self, doc: JsonDocument) -> list[str]:
        pages = doc.value.get("pages")
        if pages is None:
            self.diags.error("app.json", 1, 1, "app.pages_missing")
            return []
        if not isinstance(pages, list) or not pages:
            line, col = doc.position("pages")
            self.diags.error("app.json", line, col, "app.pages_empty")
            return []
        out: list[str] = []
        for i, page in enumerate(pages):
            checked = self.page_path(doc, page, ("pages", i))
            if checked is None:
                continue
            if checked in out:
                line, col = doc.position("pages", i)
                self.diags.error("app.json", line, col, "page.duplicate", page=checked)
                continue
            out.append(checked)
        return out

    def page_path(self, doc: JsonDocument, page: Any, where: tuple[str | int, ...]) -> str | None:
        line, col = doc.position(*where)
        if not isinstance(page, str) or not page.strip():
            self.diags.error("app.json", line, col, "page.path_empty")
            return None
        if page.startswith("/") or page.endswith((".wxml", ".js", ".json")):
            self.diags.error("app.json", line, col, "page.path_form", page=page)
            return None
        return posixpath.normpath(page)

    def subpackages(self, doc: JsonDocument) -> list[Subpackage]:
        key = "subpackages" if "subpackages" in doc.value else "subPackages"
        if "subpackages" in doc.value and "subPackages" in doc.value:
            line, col = doc.key_position("subPackages")
            self.diags.error("app.json", line, col, "subpackage.both_keys")
        raw = doc.value.get(key)
        if raw is None:
            return []
        if not isinstance(raw, list):
            line, col = doc.position(key)
            self.diags.error("app.json", line, col, "subpackage.not_list", key=key)
            return []
        out: list[Subpackage] = []
        for i, entry in enumerate(raw):
            line, col = doc.position(key, i)
            if not isinstance(entry, dict) or not isinstance(entry.get("root"), str):
                self.diags.error("app.json", line, col, "subpackage.root_missing")
                continue
            root = posixpath.normpath(entry["root"].strip("/"))
            if root in ("", ".") or root.startswith(".."):
                line, col = doc.position(key, i, "root")
                self.diags.error(
                    "app.json", line, col, "subpackage.root_invalid", root=entry["root"]
                )
                continue
            for other in out:
                if (
                    root == other.root
                    or root.startswith(other.root + "/")
                    or other.root.startswith(root + "/")
                ):
                    line, col = doc.position(key, i, "root")
                    self.diags.error(
                        "app.json", line, col, "subpackage.overlap", root=root, other=other.root
                    )
            pages: list[str] = []
            for j, page in enumerate(entry.get("pages") or []):
                checked = self.page_path(doc, page, (key, i, "pages", j))
                if checked is not None:
                    pages.append(f"{root}/{checked}")
            if not pages:
                self.diags.error("app.json", line, col, "subpackage.no_pages", root=root)
            name = entry.get("name")
            out.append(
                Subpackage(
                    root=root,
                    name=name if isinstance(name, str) else None,
                    pages=pages,
                    independent=bool(entry.get("independent")),
                )
            )
        return out

    def check_tabbar(self, doc: JsonDocument, pages: list[str]) -> None:
        tab = doc.value.get("tabBar")
        if tab is None:
            return
        if not isinstance(tab, dict) or not isinstance(tab.get("list"), list):
            line, col = doc.position("tabBar")
            self.diags.error("app.json", line, col, "tabbar.no_list")
            return
        if tab.get("custom") is True:
            # A custom tab bar is the component custom-tab-bar/index at the root.
            if self.resolve_component("", "/custom-tab-bar/index") is None:
                line, col = doc.position("tabBar", "custom")
                self.diags.error("app.json", line, col, "tabbar.custom_missing")
            else:
                self.add_unit("custom-tab-bar/index", "component", "")
        items = tab["list"]
        if not 2 <= len(items) <= 5:
            line, col = doc.position("tabBar", "list")
            self.diags.error("app.json", line, col, "tabbar.count", count=len(items))
        for i, item in enumerate(items):
            line, col = doc.position("tabBar", "list", i)
            if not isinstance(item, dict):
                self.diags.error("app.json", line, col, "tabbar.item_not_object")
                continue
            page = item.get("pagePath")
            if not isinstance(page, str) or posixpath.normpath(page.lstrip("/")) not in pages:
                line, col = doc.position("tabBar", "list", i, "pagePath")
                self.diags.error("app.json", line, col, "tabbar.page_not_main", page=page)
            for icon_key in ("iconPath", "selectedIconPath"):
                icon = item.get(icon_key)
                if isinstance(icon, str) and icon:
                    rel = posixpath.normpath(icon.lstrip("/"))
                    if rel not in self.file_set:
                        line, col = doc.position("tabBar", "list", i, icon_key)
                        self.diags.error(
                            "app.json", line, col, "tabbar.icon_missing", key=icon_key, icon=icon
                        )

    def check_file_ref(self, doc: JsonDocument, key: str) -> None:
        value = doc.value.get(key)
        if isinstance(value, str) and value:
            rel = posixpath.normpath(value.lstrip("/"))
            if rel not in self.file_set:
                line, col = doc.position(key)
                self.diags.error("app.json", line, col, "app.file_missing", key=key, value=value)

    def check_entry(self, doc: JsonDocument, pages: list[str], subs: list[Subpackage]) -> None:
        entry = doc.value.get("entryPagePath")
        if isinstance(entry, str):
            known = set(pages) | {p for s in subs for p in s.pages}
            if posixpath.normpath(entry.lstrip("/")) not in known:
                line, col = doc.position("entryPagePath")
                self.diags.error("app.json", line, col, "app.entry_not_page", entry=entry)

    # -- pages and components ----------------------------------------------------------

    def add_page(self, page: str, part: str, app_doc: JsonDocument) -> None:
        if f"{page}.wxml" not in self.file_set:
            where = self.page_position(app_doc, page)
            code = "page.missing_wxml" if f"{page}.js" in self.file_set else "page.missing"
            self.diags.error("app.json", where[0], where[1], code, page=page)
            return
        unit = self.add_unit(page, "page", part)
        if unit is not None and not unit.has_js:
            self.diags.warning(f"{page}.wxml", 1, 1, "page.no_js", page=page)

    def page_position(self, doc: JsonDocument, page: str) -> tuple[int, int]:
        for i, p in enumerate(doc.value.get("pages") or []):
            if isinstance(p, str) and posixpath.normpath(p) == page:
                return doc.position("pages", i)
        key = "subpackages" if "subpackages" in doc.value else "subPackages"
        for i, entry in enumerate(doc.value.get(key) or []):
            if not isinstance(entry, dict):
                continue
            root = str(entry.get("root", "")).strip("/")
            for j, p in enumerate(entry.get("pages") or []):
                if isinstance(p, str) and f"{root}/{posixpath.normpath(p)}" == page:
                    return doc.position(key, i, "pages", j)
        return (1, 1)

    def add_unit(self, path: str, kind: UnitKind, part: str) -> Unit | None:
        if path in self.units:
            existing = self.units[path]
            if kind == "page" and existing.kind == "component":
                existing.kind = "page"
            return existing
        unit = Unit(
            path=path,
            kind=kind,
            part=part,
            has_wxml=f"{path}.wxml" in self.file_set,
            has_wxss=f"{path}.wxss" in self.file_set,
            has_js=f"{path}.js" in self.file_set,
        )
        self.units[path] = unit
        json_name = f"{path}.json"
        if json_name in self.file_set:
            doc = self.json(json_name)
            if doc is not None and not isinstance(doc.value, dict):
                self.diags.error(json_name, 1, 1, "config.not_object", file=json_name)
                doc = None
            if doc is not None:
                unit.config = doc.value
                self.check_unit_config(json_name, doc, kind)
                unit.using = self.resolve_using(json_name, doc, posixpath.dirname(path))
                unit.generics = self.resolve_generics(json_name, doc, posixpath.dirname(path))
        elif kind == "component":
            self.diags.error(
                f"{path}.wxml" if unit.has_wxml else f"{path}.js",
                1,
                1,
                "component.no_json",
                path=path,
            )
        return unit

    def check_unit_config(self, name: str, doc: JsonDocument, kind: UnitKind) -> None:
        cfg = doc.value
        if kind == "component" and cfg.get("component") is not True:
            self.diags.warning(name, 1, 1, "component.not_declared")
        iso = cfg.get("styleIsolation")
        if iso is not None and iso not in STYLE_ISOLATIONS:
            line, col = doc.position("styleIsolation")
            self.diags.error(
                name,
                line,
                col,
                "config.style_isolation",
                value=iso,
                allowed=", ".join(sorted(STYLE_ISOLATIONS)),
            )

    def resolve_using(self, name: str, doc: JsonDocument, base_dir: str) -> dict[str, str]:
        """Resolve a config's usingComponents to unit paths, loading each component."""
        using = doc.value.get("usingComponents")
        if using is None:
            return {}
        if not isinstance(using, dict):
            line, col = doc.position("usingComponents")
            self.diags.error(name, line, col, "component.using_not_object")
            return {}
        out: dict[str, str] = {}
        for tag, target in using.items():
            if not isinstance(target, str) or not target:
                line, col = doc.position("usingComponents", tag)
                self.diags.error(name, line, col, "component.path_type", tag=tag)
                continue
            if target.startswith("plugin://") or target.startswith("plugin-private://"):
                line, col = doc.position("usingComponents", tag)
                self.diags.warning(name, line, col, "component.plugin", tag=tag)
                continue
            resolved = self.resolve_component(base_dir, target)
            if resolved is None:
                line, col = doc.position("usingComponents", tag)
                self.diags.error(
                    name,
                    line,
                    col,
                    "component.missing",
                    tag=tag,
                    target=target,
                )
                continue
            out[tag] = resolved
            self.add_unit(resolved, "component", self.part_for(resolved))
        return out

    def resolve_generics(self, name: str, doc: JsonDocument, base_dir: str) -> dict[str, str]:
        """Default components of `componentGenerics`, resolved like usingComponents."""
        generics = doc.value.get("componentGenerics")
        if not isinstance(generics, dict):
            return {}
        out: dict[str, str] = {}
        for generic, spec in generics.items():
            default = spec.get("default") if isinstance(spec, dict) else None
            if not isinstance(default, str) or not default:
                continue
            resolved = self.resolve_component(base_dir, default)
            if resolved is None:
                line, col = doc.position("componentGenerics", generic, "default")
                self.diags.error(
                    name,
                    line,
                    col,
                    "component.generic_missing",
                    generic=generic,
                    target=default,
                )
                continue
            out[generic] = resolved
            self.add_unit(resolved, "component", self.part_for(resolved))
        return out

    def resolve_component(self, base_dir: str, target: str) -> str | None:
        """WeChat's lookup: absolute from the root, relative, then miniprogram_npm walking up."""
        for norm in lookup_candidates(base_dir, apply_alias(target, self.alias)):
            for path in (norm, f"{norm}/index"):
                if f"{path}.wxml" in self.file_set or f"{path}.js" in self.file_set:
                    return path
        return None

    def part_for(self, path: str) -> str:
        """The part a file belongs to, by the subpackage roots read from app.json."""
        for root in self.sub_roots:
            if path.startswith(root + "/"):
                return root
        return ""

    def check_part_boundaries(self, project: Project) -> None:
        """A part may use only its own components and the main package's.

        An independent subpackage runs without the main package, so it may use only its
        own components.
        """
        for unit in project.units.values():
            for tag, target in unit.using.items():
                target_part = project.units[target].part
                if target_part == unit.part or not (
                    target_part or project.is_independent(unit.part)
                ):
                    continue
                config = f"{unit.path}.json"
                doc = self.docs.get(config)
                line, col = doc.position("usingComponents", tag) if doc else (1, 1)
                if project.is_independent(unit.part):
                    self.diags.error(
                        config,
                        line,
                        col,
                        "component.independent_outside",
                        tag=tag,
                        where=part_phrase(target_part),
                        part=unit.part,
                    )
                elif target_part:
                    self.diags.error(
                        config,
                        line,
                        col,
                        "component.other_subpackage",
                        tag=tag,
                        target_part=target_part,
                        where=part_phrase(unit.part),
                    )

    # -- files -----------------------------------------------------------------------------

    def json(self, name: str) -> JsonDocument | None:
        if name in self.docs:
            return self.docs[name]
        doc = _read_json(self.root / name, name, self.diags)
        self.docs[name] = doc
        return doc


def _read_json(path: Path, display: str, diags: Diagnostics) -> JsonDocument | None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        diags.error(display, 1, 1, "file.not_utf8")
        return None
    except OSError as exc:
        diags.error(display, 1, 1, "file.unreadable", reason=exc.strerror)
        return None
    try:
        return parse_json(text)
    except JsonSyntaxError as exc:
        diags.error(display, exc.line, exc.col, exc.code, detail=exc.detail)
        return None


def _list_files(root: Path) -> list[str]:
    """Every file under the root that can go into a package, as sorted POSIX paths.

    Ignored folders (node_modules, dot folders, the cache) are pruned before they are
    entered; symbolic links are followed, as WeChat DevTools does.
    """
    out: list[str] = []
    pending = [(str(root), "")]
    seen: set[tuple[int, int]] = set()  # folders by (device, inode): no symlink loops
    while pending:
        directory, prefix = pending.pop()
        try:
            info = os.stat(directory)
            entries = list(os.scandir(directory))
        except OSError:
            continue
        if (info.st_dev, info.st_ino) in seen:
            continue
        seen.add((info.st_dev, info.st_ino))
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            if entry.is_dir():
                if name not in IGNORED_DIRS:
                    pending.append((entry.path, f"{prefix}{name}/"))
            elif (
                entry.is_file()
                and name not in IGNORED_NAMES
                and not name.endswith(IGNORED_SUFFIXES)
            ):
                out.append(prefix + name)
    out.sort()
    return out
