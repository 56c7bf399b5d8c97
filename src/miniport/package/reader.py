"""Reading a package or a partner's source zip, trusting nothing until it is checked.

`read_package` returns a `Package` only after every entry passed the zip safety checks
(`safezip`) and matched the manifest byte for byte, so code holding a `Package` never
has to re-verify. `extract_source_zip` applies the same checks to an uploaded source
tree before writing anything to disk.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from miniport.package.errors import PackageError
from miniport.package.limits import DEFAULT_READ_LIMITS, DEFAULT_SOURCE_LIMITS, ReadLimits
from miniport.package.manifest import MANIFEST_NAME, Manifest
from miniport.package.safezip import SafeZip, open_safe_zip, read_entry
from miniport.package.writer import package_id

_ZIP_OVERHEAD_PER_ENTRY = 1024


@dataclass(frozen=True)
class Package:
    """A verified package: its manifest, its id, and the content of every file."""

    manifest: Manifest
    id: str
    size: int
    _files: Mapping[str, bytes]

    def read(self, path: str) -> bytes:
        """The content of file `path` (already verified against the manifest's sha256)."""
        try:
            return self._files[path]
        except KeyError:
            raise KeyError(f"package {self.id[:12]} has no file {path!r}") from None

    def names(self) -> list[str]:
        return sorted(self._files)

    def part_files(self, part: str) -> dict[str, bytes]:
        """Every file of one part (e.g. to serve a subpackage on its own)."""
        return {name: self._files[name] for name in self.manifest.part(part).files}

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())


def read_package(
    source: bytes | str | os.PathLike[str], limits: ReadLimits = DEFAULT_READ_LIMITS
) -> Package:
    """Open and fully verify a .mpk given as bytes or a file path.

    Raises PackageError (with `code` and the offending `entry`) on anything unsafe or
    inconsistent; see docs/package-format.md for the list.
    """
    data = _load(source, limits)
    safe = open_safe_zip(data, limits, allow_directories=False)
    try:
        if not safe.entries or safe.entries[0].name != MANIFEST_NAME:
            first = safe.entries[0].name if safe.entries else None
            raise PackageError(
                "manifest_missing",
                f"{MANIFEST_NAME} must be the first entry of a package"
                + (f", found {first!r}" if first else ", the zip is empty")
                + "; build it with `miniport build`",
                f"包的第一个条目必须是 {MANIFEST_NAME}"
                + (f"，实际为 {first!r}" if first else "，zip 为空")
                + "；请用 `miniport build` 构建",
                entry=first,
            )
        if safe.entries[0].info.file_size > limits.max_manifest_bytes:
            raise PackageError(
                "manifest_invalid",
                f"{MANIFEST_NAME} is over {limits.max_manifest_bytes} bytes",
                f"{MANIFEST_NAME} 超过 {limits.max_manifest_bytes} 字节",
                entry=MANIFEST_NAME,
            )
        raw = read_entry(safe, safe.entries[0], limits)
        try:
            obj = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise PackageError(
                "manifest_invalid",
                f"{MANIFEST_NAME} is not valid UTF-8 JSON ({exc}); rebuild the package",
                f"{MANIFEST_NAME} 不是有效的 UTF-8 JSON（{exc}）；请重新构建",
                entry=MANIFEST_NAME,
            ) from exc
        manifest = Manifest.from_json(obj)
        files = _verify_files(safe, manifest, limits)
    finally:
        safe.close()
    return Package(manifest=manifest, id=package_id(data), size=len(data), _files=files)


def extract_source_zip(
    source: bytes | str | os.PathLike[str],
    dest: str | os.PathLike[str],
    limits: ReadLimits = DEFAULT_SOURCE_LIMITS,
) -> list[str]:
    """Unpack an uploaded source zip into `dest` (absent or empty), refusing unsafe zips.

    Every entry is checked before the first file is written, so a refused upload leaves
    `dest` untouched. Files are created with mode 0644 and never overwrite anything.
    Metadata the zipping tool adds (`__MACOSX/`, `.DS_Store`, `Thumbs.db`) is checked
    like everything else but not written. Returns the relative paths written, sorted.
    """
    data = _load(source, limits)
    target = Path(dest)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise PackageError(
            "destination_not_empty",
            f"cannot extract into {target}: it exists and is not an empty folder",
            f"无法解压到 {target}：该路径已存在且不是空目录",
        )
    safe = open_safe_zip(data, limits, allow_directories=True)
    try:
        contents = [
            (e.name, read_entry(safe, e, limits)) for e in safe.entries if not _is_junk(e.name)
        ]
    finally:
        safe.close()
    target.mkdir(parents=True, exist_ok=True)
    root = target.resolve()
    for directory in safe.directories:
        if not _is_junk(directory + "/"):
            (root / directory).mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    for name, content in contents:
        path = (root / name).resolve()
        if root not in path.parents:  # names were checked; this guards against surprises
            raise PackageError(
                "path_traversal",
                f"zip entry {name!r} escapes the folder",
                f"zip 条目 {name!r} 越出目录",
                entry=name,
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(
            path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644
        )
        with os.fdopen(fd, "wb") as out:
            out.write(content)
        written.append(name)
    return sorted(written)


_JUNK_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})


def _is_junk(name: str) -> bool:
    """Files the zipping tool added, not the developer: macOS resource forks under
    `__MACOSX/` and Finder/Explorer metadata. Compiling them would only produce errors."""
    return name.startswith("__MACOSX/") or name.rsplit("/", 1)[-1] in _JUNK_NAMES


def _verify_files(safe: SafeZip, manifest: Manifest, limits: ReadLimits) -> dict[str, bytes]:
    present = {e.name: e for e in safe.entries[1:]}
    for name in sorted(manifest.files):
        if name not in present:
            raise _mismatch(
                "missing_file",
                name,
                "is listed in the manifest but missing from the zip",
                "在清单中列出，但 zip 中不存在",
            )
    for name in sorted(present):
        if name not in manifest.files:
            raise _mismatch(
                "extra_file",
                name,
                "is in the zip but not listed in the manifest",
                "在 zip 中，但未在清单中列出",
            )
    files: dict[str, bytes] = {}
    for name, entry in sorted(present.items()):
        expected = manifest.files[name]
        if entry.info.file_size != expected.size:
            raise _mismatch(
                "size_mismatch",
                name,
                f"is {entry.info.file_size} bytes but the manifest says {expected.size}",
                f"大小为 {entry.info.file_size} 字节，但清单记录为 {expected.size}",
            )
        content = read_entry(safe, entry, limits)
        if hashlib.sha256(content).hexdigest() != expected.sha256:
            raise _mismatch(
                "hash_mismatch",
                name,
                "does not match its sha256 in the manifest",
                "与清单中的 sha256 不一致",
            )
        files[name] = content
    return files


def _load(source: bytes | str | os.PathLike[str], limits: ReadLimits) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    path = Path(source)
    budget = limits.max_total_bytes + limits.max_entries * _ZIP_OVERHEAD_PER_ENTRY
    try:
        size = path.stat().st_size
        if size > budget:
            raise PackageError(
                "total_too_large",
                f"{path} is {size} bytes, more than a package may be ({budget}); check the file",
                f"{path} 大小为 {size} 字节，超过允许的 {budget}；请检查文件",
            )
        return path.read_bytes()
    except OSError as exc:
        raise PackageError(
            "unreadable",
            f"cannot read {path}: {exc.strerror or exc}; check the path",
            f"无法读取 {path}：{exc.strerror or exc}；请检查路径",
        ) from exc


def _mismatch(code: str, name: str, problem: str, problem_zh: str) -> PackageError:
    return PackageError(
        code,
        f"package entry {name!r} {problem}; the package was altered or built wrongly — rebuild it",
        f"包条目 {name!r} {problem_zh}；包已被篡改或构建有误——请重新构建",
        entry=name,
    )
