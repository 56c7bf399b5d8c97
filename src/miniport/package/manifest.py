"""The manifest: what a package holds, which part each file belongs to, and its hashes.

`manifest.json` is the first entry of every package. It is the only thing a reader
trusts before verifying: every other entry must be listed in it with the same size and
sha256, and every listed file must be present. The JSON layout is documented in
docs/package-format.md; `Manifest.to_json()` / `Manifest.from_json()` are its only
writer and parser.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from miniport.package.errors import PackageError

FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
MAIN_PART = "main"

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_SEMVER_CORE = re.compile(r"^(\d+)\.(\d+)\.(\d+)")


@dataclass(frozen=True)
class FileInfo:
    """Size in bytes and lowercase hex sha256 of one entry's uncompressed content."""

    size: int
    sha256: str


@dataclass(frozen=True)
class Part:
    """One separately loadable part: the main package or one subpackage.

    `root` is the subpackage root as written in app.json, with a trailing slash
    ("packageA/"), or "" for the main part. `entries` maps a role ("logic", "view",
    "styles", or any role the build defines) to the file that plays it; a runtime loads a
    part by fetching those entries. `files` lists every file of the part, entries and
    assets alike. `independent` marks an independent subpackage (loadable without main).
    """

    name: str
    root: str = ""
    pages: tuple[str, ...] = ()
    entries: Mapping[str, str] = field(default_factory=dict)
    files: tuple[str, ...] = ()
    independent: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "root": self.root,
            "pages": list(self.pages),
            "entries": dict(sorted(self.entries.items())),
            "files": sorted(self.files),
            "independent": self.independent,
        }


@dataclass(frozen=True)
class Manifest:
    """Everything a reader needs to know about a package before loading any part."""

    appid: str
    version: str
    compiler_version: str
    framework_version: str
    pages: tuple[str, ...]
    parts: tuple[Part, ...]
    files: Mapping[str, FileInfo]
    format_version: int = FORMAT_VERSION
    extra: Mapping[str, Any] = field(default_factory=dict)

    def part(self, name: str) -> Part:
        for part in self.parts:
            if part.name == name:
                return part
        raise KeyError(f"package has no part named {name!r}; parts: {self.part_names()}")

    def part_names(self) -> list[str]:
        return [p.name for p in self.parts]

    def part_of(self, path: str) -> Part:
        """The part that holds file `path`."""
        for part in self.parts:
            if path in part.files:
                return part
        raise KeyError(f"{path!r} is not a file of this package")

    def part_size(self, name: str) -> int:
        return sum(self.files[f].size for f in self.part(name).files)

    @property
    def total_size(self) -> int:
        return sum(info.size for info in self.files.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.format_version,
            "appid": self.appid,
            "version": self.version,
            "compiler": self.compiler_version,
            "framework": self.framework_version,
            "pages": list(self.pages),
            "parts": [p.to_json() for p in self.parts],
            "files": {
                name: {"size": info.size, "sha256": info.sha256}
                for name, info in sorted(self.files.items())
            },
            "extra": dict(self.extra),
        }

    @classmethod
    def from_json(cls, obj: Any) -> Manifest:
        """Parse and validate a decoded manifest.json; refuses anything malformed."""
        if not isinstance(obj, dict):
            raise _invalid("manifest.json", "must be a JSON object", "必须是 JSON 对象")
        fmt = obj.get("format")
        if not isinstance(fmt, int) or isinstance(fmt, bool):
            raise _invalid("format", "must be an integer", "必须是整数")
        if fmt > FORMAT_VERSION:
            raise PackageError(
                "unsupported_format",
                f"package format {fmt} is newer than this reader understands "
                f"(up to {FORMAT_VERSION}); upgrade Miniport to read it",
                f"包格式版本 {fmt} 高于当前读取器支持的版本 {FORMAT_VERSION}；请升级 Miniport",
                entry="format",
            )
        files_obj = obj.get("files")
        if not isinstance(files_obj, dict):
            raise _invalid("files", "must be an object of path → {size, sha256}", "必须是对象")
        files: dict[str, FileInfo] = {}
        for name, info in files_obj.items():
            where = f"files[{name!r}]"
            if not isinstance(info, dict):
                raise _invalid(
                    where, "must be an object {size, sha256}", "必须是对象 {size, sha256}"
                )
            size, digest = info.get("size"), info.get("sha256")
            if not isinstance(size, int) or isinstance(size, bool) or size < 0:
                raise _invalid(f"{where}.size", "must be a non-negative integer", "必须是非负整数")
            if not isinstance(digest, str) or not _SHA256.match(digest):
                raise _invalid(
                    f"{where}.sha256", "must be 64 lowercase hex digits", "必须是 64 位小写十六进制"
                )
            files[name] = FileInfo(size, digest)
        parts_obj = obj.get("parts")
        if not isinstance(parts_obj, list) or not parts_obj:
            raise _invalid("parts", "must be a non-empty list", "必须是非空列表")
        parts = tuple(_part_from_json(i, p) for i, p in enumerate(parts_obj))
        extra = obj.get("extra", {})
        if not isinstance(extra, dict):
            raise _invalid("extra", "must be an object", "必须是对象")
        manifest = cls(
            appid=_str_field(obj, "appid"),
            version=_str_field(obj, "version"),
            compiler_version=_str_field(obj, "compiler"),
            framework_version=_str_field(obj, "framework"),
            pages=_str_list(obj.get("pages"), "pages"),
            parts=parts,
            files=files,
            format_version=fmt,
            extra=extra,
        )
        validate_manifest(manifest)
        return manifest


def validate_manifest(manifest: Manifest) -> None:
    """Check that parts, pages, entries and files agree with each other.

    Used by the writer (so a build never emits an inconsistent package) and by the
    reader (so a hand-made package cannot confuse a runtime).
    """
    if not _SEMVER_CORE.match(manifest.framework_version):
        raise _invalid("framework", "must be a version like 1.0.0", "必须是形如 1.0.0 的版本号")
    first = manifest.parts[0]
    if first.name != MAIN_PART or first.root != "":
        raise _invalid(
            "parts[0]",
            f'the first part must be {MAIN_PART!r} with root ""',
            f"第一个分包必须是 {MAIN_PART!r}，root 为空",
        )
    owner: dict[str, str] = {}
    names: set[str] = set()
    all_part_pages: set[str] = set()
    for i, part in enumerate(manifest.parts):
        where = f"parts[{i}]"
        if part.name in names:
            raise _invalid(
                f"{where}.name", f"duplicate part name {part.name!r}", f"分包名重复：{part.name!r}"
            )
        names.add(part.name)
        if i > 0 and (not part.root or not part.root.endswith("/")):
            raise _invalid(
                f"{where}.root",
                f"subpackage root {part.root!r} must be a folder ending in '/'",
                f"分包 root {part.root!r} 必须是以 '/' 结尾的目录",
            )
        for path in part.files:
            if path not in manifest.files:
                raise _invalid(
                    f"{where}.files",
                    f"{path!r} is listed in part {part.name!r} but not in files",
                    f"{path!r} 属于分包 {part.name!r}，但不在 files 中",
                )
            if path in owner:
                raise _invalid(
                    f"{where}.files",
                    f"{path!r} belongs to both {owner[path]!r} and {part.name!r}",
                    f"{path!r} 同时属于分包 {owner[path]!r} 和 {part.name!r}",
                )
            owner[path] = part.name
        for role, path in part.entries.items():
            if path not in part.files:
                raise _invalid(
                    f"{where}.entries.{role}",
                    f"entry {path!r} is not a file of part {part.name!r}",
                    f"入口 {path!r} 不是分包 {part.name!r} 的文件",
                )
        all_part_pages.update(part.pages)
    for path in manifest.files:
        if path not in owner:
            raise _invalid(
                f"files[{path!r}]",
                f"{path!r} belongs to no part",
                f"{path!r} 不属于任何分包",
            )
    if len(set(manifest.pages)) != len(manifest.pages):
        raise _invalid("pages", "lists a page twice", "页面重复")
    missing = all_part_pages - set(manifest.pages)
    if missing:
        raise _invalid(
            "pages",
            f"pages of parts missing from the top-level list: {sorted(missing)}",
            f"分包页面未列入顶层 pages：{sorted(missing)}",
        )


def framework_major(version: str) -> int:
    m = _SEMVER_CORE.match(version)
    if not m:
        raise ValueError(f"not a version: {version!r}")
    return int(m.group(1))


def check_framework(manifest: Manifest, runtime_version: str) -> None:
    """Refuse a package compiled for a newer major framework than the runtime offers."""
    if framework_major(manifest.framework_version) > framework_major(runtime_version):
        raise PackageError(
            "framework_too_new",
            f"package needs framework {manifest.framework_version} but this runtime is "
            f"{runtime_version}; upgrade the runtime or rebuild with an older compiler",
            f"包需要基础库 {manifest.framework_version}，当前运行时为 {runtime_version}；"
            "请升级运行时或用旧版编译器重新构建",
            entry="framework",
        )


def _part_from_json(index: int, obj: Any) -> Part:
    where = f"parts[{index}]"
    if not isinstance(obj, dict):
        raise _invalid(where, "must be an object", "必须是对象")
    entries = obj.get("entries", {})
    if not isinstance(entries, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in entries.items()
    ):
        raise _invalid(
            f"{where}.entries", "must map role names to file paths", "必须是角色到文件路径的映射"
        )
    independent = obj.get("independent", False)
    if not isinstance(independent, bool):
        raise _invalid(f"{where}.independent", "must be true or false", "必须是 true 或 false")
    root = obj.get("root", "")
    if not isinstance(root, str):
        raise _invalid(f"{where}.root", "must be a string", "必须是字符串")
    return Part(
        name=_str_field(obj, "name", where),
        root=root,
        pages=_str_list(obj.get("pages", []), f"{where}.pages"),
        entries=entries,
        files=_str_list(obj.get("files", []), f"{where}.files"),
        independent=independent,
    )


def _str_field(obj: dict[str, Any], key: str, where: str | None = None) -> str:
    value = obj.get(key)
    name = f"{where}.{key}" if where else key
    if not isinstance(value, str) or not value:
        raise _invalid(name, "must be a non-empty string", "必须是非空字符串")
    return value


def _str_list(value: Any, name: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _invalid(name, "must be a list of strings", "必须是字符串列表")
    return tuple(value)


def _invalid(field_name: str, problem: str, problem_zh: str) -> PackageError:
    return PackageError(
        "manifest_invalid",
        f"manifest.json: field {field_name} {problem}; rebuild the package with `miniport build`",
        f"manifest.json：字段 {field_name} {problem_zh}；请用 `miniport build` 重新构建",
        entry=field_name,
    )
