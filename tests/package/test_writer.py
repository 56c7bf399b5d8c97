"""Writing packages: determinism, manifest content, part assignment and size limits."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest

from miniport import FRAMEWORK_VERSION
from miniport.package import (
    PackageError,
    PackageFields,
    Part,
    SizeLimits,
    package_id,
    read_package,
    write_package,
)

from .zips import sample_entries, sample_fields


def test_same_input_gives_byte_identical_package() -> None:
    entries = sample_entries()
    first = write_package(entries, sample_fields())
    reversed_entries = dict(reversed(list(entries.items())))
    second = write_package(reversed_entries, sample_fields())
    assert first == second
    assert package_id(first) == package_id(second) == hashlib.sha256(first).hexdigest()


def test_changing_one_byte_changes_the_id() -> None:
    entries = sample_entries()
    before = write_package(entries, sample_fields())
    entries["view.js"] = b"render();\n"
    after = write_package(entries, sample_fields())
    assert package_id(before) != package_id(after)


def test_entries_are_sorted_with_fixed_time_and_permissions() -> None:
    data = write_package(sample_entries(), sample_fields())
    infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    names = [i.filename for i in infos]
    assert names[0] == "manifest.json"
    assert names[1:] == sorted(sample_entries())
    for info in infos:
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
        assert info.external_attr >> 16 == 0o100644
        assert info.compress_type == zipfile.ZIP_DEFLATED


def test_manifest_lists_every_file_with_size_and_hash() -> None:
    entries = sample_entries()
    pkg = read_package(write_package(entries, sample_fields()))
    m = pkg.manifest
    assert m.appid == "wxdemo0001" and m.version == "1.2.0"
    assert m.framework_version == FRAMEWORK_VERSION
    assert set(m.files) == set(entries)
    for name, content in entries.items():
        assert m.files[name].size == len(content)
        assert m.files[name].sha256 == hashlib.sha256(content).hexdigest()
        assert pkg.read(name) == content


def test_unlisted_files_go_to_the_part_whose_root_holds_them() -> None:
    pkg = read_package(write_package(sample_entries(), sample_fields()))
    assert pkg.manifest.part_names() == ["main", "packageA"]
    assert pkg.manifest.part("packageA").files == ("packageA/logic.js",)
    assert "images/logo.png" in pkg.manifest.part("main").files
    assert set(pkg.part_files("packageA")) == {"packageA/logic.js"}
    assert pkg.manifest.part("main").entries["view"] == "view.js"


def test_entry_outside_its_part_is_refused() -> None:
    fields = sample_fields()
    bad = PackageFields(
        appid=fields.appid,
        version=fields.version,
        compiler_version=fields.compiler_version,
        pages=fields.pages,
        parts=[fields.parts[0], Part("packageA", root="packageA/", entries={"logic": "logic.js"})],
    )
    with pytest.raises(PackageError) as err:
        write_package(sample_entries(), bad)
    assert err.value.code == "manifest_invalid"
    assert "logic.js" in err.value.message


def test_unsafe_entry_name_is_refused_at_write_time() -> None:
    with pytest.raises(PackageError) as err:
        write_package({"../escape.js": b"x"}, sample_fields_minimal())
    assert err.value.code == "path_traversal"


def test_oversized_part_lists_its_largest_files() -> None:
    entries = sample_entries()
    entries["images/big.png"] = b"\x01" * 3000
    entries["images/medium.png"] = b"\x02" * 2000
    with pytest.raises(PackageError) as err:
        write_package(entries, sample_fields(), size_limits=SizeLimits(part_max_bytes=4000))
    assert err.value.code == "part_too_large"
    assert err.value.entry == "main"
    assert "images/big.png (3000 B)" in err.value.message
    assert err.value.message.index("big.png") < err.value.message.index("medium.png")
    assert "主包" in err.value.message_zh


def test_total_limit() -> None:
    with pytest.raises(PackageError) as err:
        write_package(
            sample_entries(),
            sample_fields(),
            size_limits=SizeLimits(part_max_bytes=10**6, total_max_bytes=100),
        )
    assert err.value.code == "package_too_large"


def sample_fields_minimal() -> PackageFields:
    return PackageFields(appid="wx1", version="0.0.1", compiler_version="0.1.0", pages=[])
