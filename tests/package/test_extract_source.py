"""Unpacking a partner's source upload: safe zips land on disk, unsafe ones touch nothing."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import pytest

from miniport.package import PackageError, ReadLimits, extract_source_zip

from .zips import raw_zip


def test_extracts_files_and_folders(tmp_path: Path) -> None:
    data = raw_zip(
        [
            ("pages/", b""),
            ("app.json", b'{"pages":["pages/index/index"]}'),
            ("pages/index/index.wxml", "<view>你好</view>".encode()),
        ]
    )
    written = extract_source_zip(data, tmp_path / "src")
    assert written == ["app.json", "pages/index/index.wxml"]
    assert (tmp_path / "src/pages/index/index.wxml").read_text() == "<view>你好</view>"
    mode = (tmp_path / "src/app.json").stat().st_mode
    assert stat.S_IMODE(mode) & 0o111 == 0


@pytest.mark.parametrize("name", ["../outside.txt", "/tmp/outside.txt", "a/../../outside.txt"])
def test_traversal_writes_nothing(tmp_path: Path, name: str) -> None:
    data = raw_zip([("app.json", b"{}"), (name, b"pwned")])
    with pytest.raises(PackageError) as err:
        extract_source_zip(data, tmp_path / "src")
    assert err.value.entry == name
    assert not (tmp_path / "outside.txt").exists()
    assert not (tmp_path / "src").exists()


def test_symlink_is_refused(tmp_path: Path) -> None:
    link = zipfile.ZipInfo("secret")
    link.create_system = 3
    link.external_attr = 0o120777 << 16
    with pytest.raises(PackageError) as err:
        extract_source_zip(raw_zip([(link, b"/etc/passwd")]), tmp_path / "src")
    assert err.value.code == "symlink"


def test_zip_bomb_is_refused_before_writing(tmp_path: Path) -> None:
    data = raw_zip([("app.json", b"{}"), ("bomb.bin", b"\0" * (8 * 1024 * 1024))])
    with pytest.raises(PackageError) as err:
        extract_source_zip(data, tmp_path / "src")
    assert err.value.code == "zip_bomb"
    assert not (tmp_path / "src").exists()


def test_total_limit(tmp_path: Path) -> None:
    data = raw_zip([("a.js", b"a" * 700), ("b.js", b"b" * 700)])
    with pytest.raises(PackageError) as err:
        extract_source_zip(data, tmp_path / "src", ReadLimits(max_total_bytes=1000, max_ratio=1e9))
    assert err.value.code == "total_too_large"


def test_file_and_folder_with_same_name(tmp_path: Path) -> None:
    data = raw_zip([("pages", b"file"), ("pages/index.wxml", b"<view/>")])
    with pytest.raises(PackageError) as err:
        extract_source_zip(data, tmp_path / "src")
    assert err.value.code == "path_conflict"


def test_refuses_non_empty_destination(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(PackageError) as err:
        extract_source_zip(raw_zip([("app.json", b"{}")]), tmp_path)
    assert err.value.code == "destination_not_empty"
    assert (tmp_path / "keep.txt").read_text() == "mine"


def _with_raw_name(placeholder: str, raw: bytes, content: bytes) -> bytes:
    """A zip whose entry name is `raw` bytes without the UTF-8 flag, as Windows'
    built-in compressor writes names on a Chinese system."""
    assert len(placeholder.encode()) == len(raw)
    data = raw_zip([(placeholder, content)])
    return data.replace(placeholder.encode(), raw)


@pytest.mark.parametrize("encoding", ["gbk", "utf-8"])
def test_names_without_utf8_flag_are_decoded(tmp_path: Path, encoding: str) -> None:
    raw = "图片/说明.txt".encode(encoding)
    data = _with_raw_name("x" * len(raw), raw, b"hello")
    written = extract_source_zip(data, tmp_path / "src")
    assert written == ["图片/说明.txt"]
    assert (tmp_path / "src" / "图片" / "说明.txt").read_bytes() == b"hello"


def test_zip_tool_metadata_is_not_written(tmp_path: Path) -> None:
    data = raw_zip(
        [
            ("__MACOSX/", b""),
            ("__MACOSX/._app.json", b"\x00\x05\x16\x07"),
            ("app.json", b"{}"),
            ("pages/.DS_Store", b"\x00"),
            ("pages/index.wxml", b"<view/>"),
        ]
    )
    assert extract_source_zip(data, tmp_path / "src") == ["app.json", "pages/index.wxml"]
    assert not (tmp_path / "src" / "__MACOSX").exists()
    assert not (tmp_path / "src" / "pages" / ".DS_Store").exists()
