"""Opening an untrusted zip without trusting anything it says about itself.

Both package reading and source-upload extraction go through `open_safe_zip`, which
refuses, before a single byte is decompressed: unsafe or non-canonical names, links
and other special files, duplicate names (also ones differing only in case, which
collide on macOS and Windows), encrypted entries, unknown compression, entries that
overlap (the "better zip bomb" trick), too many entries, and declared sizes or
compression ratios over the limits. `read_entry` then decompresses with a hard cap,
because a zip's declared sizes may lie.
"""

from __future__ import annotations

import io
import re
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass

from miniport.package.errors import PackageError
from miniport.package.limits import ReadLimits

_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_LOCAL_MAGIC = b"PK\x03\x04"
_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CHUNK = 64 * 1024
_UTF8_FLAG = 0x800


@dataclass(frozen=True)
class SafeEntry:
    """One regular-file entry that passed every check (directories are not listed)."""

    name: str
    info: zipfile.ZipInfo


@dataclass
class SafeZip:
    zip: zipfile.ZipFile
    entries: list[SafeEntry]
    directories: list[str]

    def close(self) -> None:
        self.zip.close()


def open_safe_zip(data: bytes, limits: ReadLimits, *, allow_directories: bool) -> SafeZip:
    """Open `data` as a zip and check every entry against `limits` before any reading."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise PackageError(
            "not_a_zip",
            f"not a valid zip file ({exc}); use the file produced by `miniport build` "
            "or a .zip of your project",
            f"不是有效的 zip 文件（{exc}）；请使用 `miniport build` 生成的文件或项目的 .zip",
        ) from exc
    try:
        return _check(zf, data, limits, allow_directories)
    except BaseException:
        zf.close()
        raise


def read_entry(safe: SafeZip, entry: SafeEntry, limits: ReadLimits) -> bytes:
    """Decompress one entry, never producing more than its declared (checked) size."""
    cap = min(entry.info.file_size, limits.max_file_bytes)
    out = bytearray()
    try:
        with safe.zip.open(entry.info) as stream:
            while True:
                chunk = stream.read(_CHUNK)
                if not chunk:
                    break
                out += chunk
                if len(out) > cap:
                    raise _refuse(
                        "size_mismatch",
                        entry.name,
                        "decompresses to more bytes than its header declares",
                        "解压后的大小超过其头部声明的大小",
                    )
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise _refuse(
            "corrupt_entry", entry.name, f"is corrupt ({exc})", f"已损坏（{exc}）"
        ) from exc
    if len(out) != entry.info.file_size:
        raise _refuse(
            "size_mismatch",
            entry.name,
            f"holds {len(out)} bytes but its header declares {entry.info.file_size}",
            f"实际 {len(out)} 字节，但头部声明 {entry.info.file_size} 字节",
        )
    return bytes(out)


def entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's name, decoded as its writer meant it.

    Zips made by Windows' built-in compressor on a Chinese system store names in GBK
    without the UTF-8 flag, and some tools store UTF-8 without the flag; Python then
    decodes them as cp437 and 图片.png arrives as mojibake. Without the flag, a
    non-ASCII name is re-read as UTF-8, then as GBK, before falling back to cp437.
    """
    if info.flag_bits & _UTF8_FLAG or info.filename.isascii():
        return info.filename
    raw = info.filename.encode("cp437")
    for encoding in ("utf-8", "gbk"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def check_entry_name(name: str, limits: ReadLimits) -> str:
    """Return `name` if it is a safe, canonical relative path; refuse it otherwise.

    Canonical means: forward slashes only, no empty, "." or ".." components, so that
    two different names can never denote the same file once extracted.
    """
    if not name or name == "/":
        raise _refuse("invalid_path", name, "has an empty name", "文件名为空")
    if len(name) > limits.max_path_length:
        raise _refuse(
            "invalid_path",
            name[:80] + "…",
            f"has a path longer than {limits.max_path_length} characters",
            f"路径超过 {limits.max_path_length} 个字符",
        )
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        raise _refuse("absolute_path", name, "is an absolute path", "是绝对路径")
    if _CONTROL.search(name):
        raise _refuse("invalid_path", name, "contains control characters", "包含控制字符")
    if "\\" in name:
        raise _refuse(
            "invalid_path",
            name,
            "contains a backslash (zip paths use '/')",
            "包含反斜杠（zip 路径应使用 '/'）",
        )
    parts = name.rstrip("/").split("/")
    if ".." in parts:
        raise _refuse(
            "path_traversal", name, "climbs out of its folder with '..'", "使用 '..' 越出目录"
        )
    if any(p in ("", ".") for p in parts):
        raise _refuse(
            "invalid_path",
            name,
            "is not a canonical path (empty or '.' component)",
            "不是规范路径（含空或 '.' 段）",
        )
    return name


def _check(zf: zipfile.ZipFile, data: bytes, limits: ReadLimits, allow_dirs: bool) -> SafeZip:
    infos = zf.infolist()
    if len(infos) > limits.max_entries:
        raise PackageError(
            "too_many_entries",
            f"the zip has {len(infos)} entries, more than the limit of {limits.max_entries}; "
            "remove unneeded files",
            f"zip 包含 {len(infos)} 个条目，超过上限 {limits.max_entries}；请删除无用文件",
        )
    seen: dict[str, str] = {}
    entries: list[SafeEntry] = []
    directories: list[str] = []
    total = 0
    for info in infos:
        name = check_entry_name(entry_name(info), limits)
        folded = name.rstrip("/").casefold()
        if folded in seen:
            same = seen[folded] == name.rstrip("/")
            raise _refuse(
                "duplicate_entry",
                name,
                "appears twice"
                if same
                else f"collides with {seen[folded]!r} (names differ only in case)",
                "重复出现" if same else f"与 {seen[folded]!r} 冲突（仅大小写不同）",
            )
        seen[folded] = name.rstrip("/")
        _check_kind(info, name, allow_dirs)
        if info.flag_bits & 0x1:
            raise _refuse("encrypted_entry", name, "is encrypted", "已加密")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _refuse(
                "unsupported_compression",
                name,
                f"uses compression method {info.compress_type}; only stored and deflate are accepted",
                f"使用压缩方法 {info.compress_type}；仅支持 stored 和 deflate",
            )
        if info.is_dir():
            directories.append(name.rstrip("/"))
            continue
        _check_sizes(info, name, limits)
        total += info.file_size
        if total > limits.max_total_bytes:
            raise _refuse(
                "total_too_large",
                name,
                f"brings the total uncompressed size over the limit of {limits.max_total_bytes} bytes",
                f"使解压后总大小超过上限 {limits.max_total_bytes} 字节",
            )
        entries.append(SafeEntry(name, info))
    _check_conflicts(entries, directories)
    _check_layout(zf, data, infos)
    return SafeZip(zf, entries, directories)


def _check_kind(info: zipfile.ZipInfo, name: str, allow_dirs: bool) -> None:
    mode = info.external_attr >> 16
    kind = stat.S_IFMT(mode)
    if kind == stat.S_IFLNK:
        raise _refuse(
            "symlink", name, "is a symbolic link; links are not allowed", "是符号链接；不允许链接"
        )
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise _refuse("special_file", name, "is not a regular file", "不是普通文件")
    if info.is_dir() and not allow_dirs:
        raise _refuse(
            "unexpected_directory",
            name,
            "is a directory entry; packages hold files only",
            "是目录条目；包中只允许文件",
        )


def _check_sizes(info: zipfile.ZipInfo, name: str, limits: ReadLimits) -> None:
    if info.file_size > limits.max_file_bytes:
        raise _refuse(
            "file_too_large",
            name,
            f"is {info.file_size} bytes, over the per-file limit of {limits.max_file_bytes}",
            f"大小为 {info.file_size} 字节，超过单文件上限 {limits.max_file_bytes}",
        )
    if info.compress_type == zipfile.ZIP_STORED and info.compress_size != info.file_size:
        raise _refuse(
            "size_mismatch",
            name,
            "is stored but its sizes disagree",
            "为未压缩存储，但大小字段不一致",
        )
    if info.file_size >= limits.ratio_min_bytes:
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > limits.max_ratio:
            raise _refuse(
                "zip_bomb",
                name,
                f"expands {ratio:.0f}x ({info.compress_size} → {info.file_size} bytes), "
                f"over the allowed {limits.max_ratio:.0f}x; this looks like a zip bomb",
                f"压缩比 {ratio:.0f} 倍（{info.compress_size} → {info.file_size} 字节），"
                f"超过允许的 {limits.max_ratio:.0f} 倍；疑似 zip 炸弹",
            )


def _check_conflicts(entries: list[SafeEntry], directories: list[str]) -> None:
    """Refuse a file that is also used as a folder ("a" and "a/b"): one would clobber the other."""
    files = {e.name.casefold(): e.name for e in entries}
    for e in entries:
        parts = e.name.split("/")
        for i in range(1, len(parts)):
            prefix = "/".join(parts[:i]).casefold()
            if prefix in files:
                raise _refuse(
                    "path_conflict",
                    e.name,
                    f"lies under {files[prefix]!r}, which is a file",
                    f"位于文件 {files[prefix]!r} 之下",
                )
    for d in directories:
        if d.casefold() in files:
            raise _refuse("path_conflict", d, "is both a file and a folder", "既是文件又是目录")


def _check_layout(zf: zipfile.ZipFile, data: bytes, infos: list[zipfile.ZipInfo]) -> None:
    """Every entry's local header and data must lie apart from the others and before the
    central directory; overlapping entries let a tiny zip expand to gigabytes."""
    end_of_data = zf.start_dir  # type: ignore[attr-defined]
    ordered = sorted(infos, key=lambda i: i.header_offset)
    for index, info in enumerate(ordered):
        start = info.header_offset
        header = data[start : start + _LOCAL_HEADER.size]
        if len(header) < _LOCAL_HEADER.size or header[:4] != _LOCAL_MAGIC:
            raise _refuse(
                "corrupt_entry", info.filename, "has no valid local header", "缺少有效的本地文件头"
            )
        fields = _LOCAL_HEADER.unpack(header)
        name_len, extra_len = fields[-2], fields[-1]
        end = start + _LOCAL_HEADER.size + name_len + extra_len + info.compress_size
        limit = ordered[index + 1].header_offset if index + 1 < len(ordered) else end_of_data
        if end > limit:
            raise _refuse(
                "overlapping_entries",
                info.filename,
                "overlaps the next entry or the central directory; this looks like a zip bomb",
                "与下一个条目或中央目录重叠；疑似 zip 炸弹",
            )


def _refuse(code: str, entry: str, problem: str, problem_zh: str) -> PackageError:
    return PackageError(
        code,
        f"zip entry {entry!r} {problem}; the file was refused — rebuild or re-zip it without this entry",
        f"zip 条目 {entry!r} {problem_zh}；文件已被拒绝——请去掉该条目后重新构建或打包",
        entry=entry,
    )
