"""Reading refuses unsafe and inconsistent packages, naming the entry at fault."""

from __future__ import annotations

import io
import json
import struct
import zipfile

import pytest

from miniport.package import PackageError, ReadLimits, read_package

from .zips import raw_zip, rezip, sample_package


def refused(data: bytes, limits: ReadLimits | None = None) -> PackageError:
    with pytest.raises(PackageError) as err:
        read_package(data, limits) if limits else read_package(data)
    return err.value


def test_valid_package_reads_from_bytes_and_path(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = sample_package()
    path = tmp_path / "app.mpk"
    path.write_bytes(data)
    assert read_package(path).id == read_package(data).id


def test_not_a_zip() -> None:
    err = refused(b"this is not a zip")
    assert err.code == "not_a_zip"
    assert err.to_api_error()["error"]["code"] == "package.not_a_zip"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("../evil.js", "path_traversal"),
        ("pages/../../evil.js", "path_traversal"),
        ("/etc/passwd", "absolute_path"),
        ("C:/windows/evil.js", "absolute_path"),
        ("pages\\..\\evil.js", "invalid_path"),
        ("pages//evil.js", "invalid_path"),
        ("./evil.js", "invalid_path"),
    ],
)
def test_unsafe_names(name: str, code: str) -> None:
    err = refused(raw_zip([("manifest.json", b"{}"), (name, b"x")]))
    assert err.code == code
    assert err.entry == name
    assert repr(name) in err.message


def test_symlink_entry() -> None:
    link = zipfile.ZipInfo("logo.png")
    link.create_system = 3
    link.external_attr = 0o120777 << 16
    err = refused(raw_zip([("manifest.json", b"{}"), (link, b"/etc/passwd")]))
    assert (err.code, err.entry) == ("symlink", "logo.png")


def test_duplicate_names() -> None:
    with pytest.warns(UserWarning):
        data = raw_zip([("manifest.json", b"{}"), ("a.js", b"1"), ("a.js", b"2")])
    err = refused(data)
    assert (err.code, err.entry) == ("duplicate_entry", "a.js")


def test_names_differing_only_in_case() -> None:
    err = refused(raw_zip([("manifest.json", b"{}"), ("App.js", b"1"), ("app.js", b"2")]))
    assert err.code == "duplicate_entry"
    assert "case" in err.message


def test_file_over_limit() -> None:
    data = raw_zip([("manifest.json", b"{}"), ("big.bin", bytes(range(256)) * 8)])
    err = refused(data, ReadLimits(max_file_bytes=1000))
    assert (err.code, err.entry) == ("file_too_large", "big.bin")


def test_total_over_limit() -> None:
    data = raw_zip([("manifest.json", b"{}"), ("a.bin", b"a" * 600), ("b.bin", b"b" * 600)])
    err = refused(data, ReadLimits(max_total_bytes=1000, max_ratio=10**6))
    assert (err.code, err.entry) == ("total_too_large", "b.bin")


def test_zip_bomb_ratio() -> None:
    data = raw_zip([("manifest.json", b"{}"), ("zeros.bin", b"\0" * (4 * 1024 * 1024))])
    assert len(data) < 10_000
    err = refused(data)
    assert (err.code, err.entry) == ("zip_bomb", "zeros.bin")
    assert "zip bomb" in err.message and "炸弹" in err.message_zh


def test_overlapping_entries() -> None:
    data = bytearray(raw_zip([("manifest.json", b"{}"), ("a.js", b"aaaa"), ("b.js", b"bbbb")]))
    # Point b.js's central-directory record at a.js's local header.
    zf = zipfile.ZipFile(io.BytesIO(bytes(data)))
    a_offset = zf.getinfo("a.js").header_offset
    cd = data.index(b"PK\x01\x02b.js"[:4], zf.start_dir)
    while data[cd + 46 : cd + 50] != b"b.js":
        cd = data.index(b"PK\x01\x02", cd + 4)
    struct.pack_into("<L", data, cd + 42, a_offset)
    err = refused(bytes(data))
    assert err.code == "overlapping_entries"


def test_manifest_must_come_first() -> None:
    data = sample_package()
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    reordered = raw_zip([(n, src.read(n)) for n in names[1:] + names[:1]])
    err = refused(reordered)
    assert err.code == "manifest_missing"


def test_manifest_not_json() -> None:
    err = refused(rezip(sample_package(), {"manifest.json": b"{not json"}))
    assert (err.code, err.entry) == ("manifest_invalid", "manifest.json")


def test_manifest_missing_field_names_it() -> None:
    data = sample_package()
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("manifest.json"))
    del manifest["appid"]
    err = refused(rezip(data, {"manifest.json": json.dumps(manifest).encode()}))
    assert (err.code, err.entry) == ("manifest_invalid", "appid")


def test_file_missing_from_zip() -> None:
    err = refused(rezip(sample_package(), {"view.js": None}))
    assert (err.code, err.entry) == ("missing_file", "view.js")


def test_extra_file_not_in_manifest() -> None:
    err = refused(rezip(sample_package(), {"sneaky.js": b"steal()"}))
    assert (err.code, err.entry) == ("extra_file", "sneaky.js")


def test_content_changed_with_same_size() -> None:
    err = refused(rezip(sample_package(), {"view.js": b"RENDER()\n"}))
    assert (err.code, err.entry) == ("hash_mismatch", "view.js")


def test_content_changed_size() -> None:
    err = refused(rezip(sample_package(), {"view.js": b"render(); steal()\n"}))
    assert (err.code, err.entry) == ("size_mismatch", "view.js")


def test_newer_format_is_refused() -> None:
    data = sample_package()
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("manifest.json"))
    manifest["format"] = 99
    err = refused(rezip(data, {"manifest.json": json.dumps(manifest).encode()}))
    assert err.code == "unsupported_format"


def test_corrupt_compressed_data() -> None:
    data = bytearray(sample_package())
    zf = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = zf.getinfo("logic.js")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 2
    data[start] ^= 0xFF
    err = refused(bytes(data))
    assert err.entry == "logic.js"
    assert err.code in {"corrupt_entry", "size_mismatch", "hash_mismatch"}
