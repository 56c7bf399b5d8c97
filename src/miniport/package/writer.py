"""Writing a package: the same entries and fields always give byte-identical bytes.

Determinism is what makes the package id (sha256 of the file) meaningful: a rebuild
of unchanged source yields the same id, so the center stores it once and hosts keep
their cached copy. Everything that could vary is pinned: entry order (manifest first,
then sorted names), timestamps, permissions, the creating system, compression level,
and the manifest's JSON formatting.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from miniport import FRAMEWORK_VERSION
from miniport.package.errors import PackageError
from miniport.package.limits import DEFAULT_READ_LIMITS, DEFAULT_SIZE_LIMITS, SizeLimits
from miniport.package.manifest import (
    MAIN_PART,
    MANIFEST_NAME,
    FileInfo,
    Manifest,
    Part,
    validate_manifest,
)
from miniport.package.safezip import check_entry_name

FIXED_DATE = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o100644
_UNIX = 3
_COMPRESS_LEVEL = 6  # zlib default: level 9 costs 3x the time for 1% smaller packages


@dataclass(frozen=True)
class PackageFields:
    """What the build knows about a package besides its files.

    `parts` lists the main part first and then each subpackage. A part's `files` may be
    left empty: the writer then assigns to it every otherwise unlisted file under its
    `root` (the longest matching root wins; the rest go to main).
    """

    appid: str
    version: str
    compiler_version: str
    pages: Sequence[str]
    parts: Sequence[Part] = (Part(MAIN_PART),)
    framework_version: str = FRAMEWORK_VERSION
    extra: Mapping[str, Any] = field(default_factory=dict)


def package_id(data: bytes) -> str:
    """The package's identity: lowercase hex sha256 of the whole .mpk file."""
    return hashlib.sha256(data).hexdigest()


def build_manifest(entries: Mapping[str, bytes], fields: PackageFields) -> Manifest:
    """Compute hashes, assign files to parts and validate, without writing anything."""
    for name in entries:
        check_entry_name(name, DEFAULT_READ_LIMITS)
        if name == MANIFEST_NAME:
            raise PackageError(
                "reserved_name",
                f"entry {MANIFEST_NAME!r} is reserved for the manifest; rename that file",
                f"条目名 {MANIFEST_NAME!r} 保留给清单使用；请重命名该文件",
                entry=name,
            )
    files = {
        name: FileInfo(len(data), hashlib.sha256(data).hexdigest())
        for name, data in sorted(entries.items())
    }
    manifest = Manifest(
        appid=fields.appid,
        version=fields.version,
        compiler_version=fields.compiler_version,
        framework_version=fields.framework_version,
        pages=tuple(fields.pages),
        parts=_assign_parts(list(fields.parts), files),
        files=files,
        extra=dict(fields.extra),
    )
    validate_manifest(manifest)
    return manifest


def write_package(
    entries: Mapping[str, bytes],
    fields: PackageFields,
    *,
    size_limits: SizeLimits | None = DEFAULT_SIZE_LIMITS,
) -> bytes:
    """Build the .mpk bytes for `entries` (path → content). Pass `size_limits=None` to
    skip the product size rules (tests, tools); safety limits apply to readers only."""
    manifest = build_manifest(entries, fields)
    if size_limits is not None:
        problems = check_size_limits(manifest, size_limits)
        if problems:
            raise problems[0]
    return write_manifest_and_files(manifest, entries)


def write_manifest_and_files(manifest: Manifest, entries: Mapping[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        _write(zf, MANIFEST_NAME, manifest_bytes(manifest))
        for name in sorted(entries):
            _write(zf, name, entries[name])
    return buffer.getvalue()


def manifest_bytes(manifest: Manifest) -> bytes:
    """manifest.json exactly as stored: sorted keys, two-space indent, UTF-8, final newline."""
    text = json.dumps(manifest.to_json(), sort_keys=True, indent=2, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def check_size_limits(manifest: Manifest, limits: SizeLimits) -> list[PackageError]:
    """Every part over `part_max_bytes`, and the whole over `total_max_bytes`, as errors
    that name the largest files so the developer knows what to shrink or move."""
    problems: list[PackageError] = []
    for part in manifest.parts:
        size = manifest.part_size(part.name)
        if size > limits.part_max_bytes:
            biggest = _largest(manifest, part.files)
            label = "main package" if part.name == MAIN_PART else f"subpackage {part.name!r}"
            label_zh = "主包" if part.name == MAIN_PART else f"分包 {part.name!r}"
            problems.append(
                PackageError(
                    "part_too_large",
                    f"{label} is {size} bytes, over the limit of {limits.part_max_bytes}; "
                    f"largest files: {biggest}. Move pages into subpackages or shrink assets",
                    f"{label_zh}大小为 {size} 字节，超过上限 {limits.part_max_bytes}；"
                    f"最大的文件：{biggest}。请把页面移入分包或压缩资源",
                    entry=part.name,
                )
            )
    total = manifest.total_size
    if total > limits.total_max_bytes:
        biggest = _largest(manifest, list(manifest.files))
        problems.append(
            PackageError(
                "package_too_large",
                f"the package is {total} bytes in all, over the limit of {limits.total_max_bytes}; "
                f"largest files: {biggest}. Remove or shrink assets",
                f"包总大小为 {total} 字节，超过上限 {limits.total_max_bytes}；最大的文件：{biggest}。"
                "请删除或压缩资源",
            )
        )
    return problems


def _largest(manifest: Manifest, names: Sequence[str], count: int = 5) -> str:
    ranked = sorted(names, key=lambda n: (-manifest.files[n].size, n))[:count]
    return ", ".join(f"{n} ({manifest.files[n].size} B)" for n in ranked)


def _assign_parts(parts: list[Part], files: Mapping[str, FileInfo]) -> tuple[Part, ...]:
    if not parts or parts[0].name != MAIN_PART:
        parts = [Part(MAIN_PART), *parts]
    listed = {f for p in parts for f in p.files}
    by_root = sorted((p for p in parts if p.root), key=lambda p: -len(p.root))
    extra: dict[str, list[str]] = {p.name: [] for p in parts}
    for name in files:
        if name in listed:
            continue
        owner = next((p.name for p in by_root if name.startswith(p.root)), MAIN_PART)
        extra[owner].append(name)
    return tuple(
        Part(
            name=p.name,
            root=p.root,
            pages=tuple(p.pages),
            entries=dict(p.entries),
            files=tuple(sorted([*p.files, *extra[p.name]])),
            independent=p.independent,
        )
        for p in parts
    )


def _write(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
    info.create_system = _UNIX
    info.external_attr = FILE_MODE << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, data, compresslevel=_COMPRESS_LEVEL)
