"""The .mpk package format: writing deterministic packages and reading them safely.

Public API (documented in docs/package-format.md):

- `write_package(entries, PackageFields(...)) -> bytes`
- `read_package(bytes | path, limits) -> Package`
- `package_id(bytes) -> str`
- `extract_source_zip(bytes | path, dest, limits) -> list[str]`
- `check_size_limits(manifest, SizeLimits) -> list[PackageError]`
"""

from miniport.package.errors import PackageError
from miniport.package.limits import (
    DEFAULT_READ_LIMITS,
    DEFAULT_SIZE_LIMITS,
    DEFAULT_SOURCE_LIMITS,
    ReadLimits,
    SizeLimits,
)
from miniport.package.manifest import (
    FORMAT_VERSION,
    MAIN_PART,
    MANIFEST_NAME,
    FileInfo,
    Manifest,
    Part,
    check_framework,
)
from miniport.package.reader import Package, extract_source_zip, read_package
from miniport.package.writer import (
    PackageFields,
    build_manifest,
    check_size_limits,
    manifest_bytes,
    package_id,
    write_package,
)

__all__ = [
    "DEFAULT_READ_LIMITS",
    "DEFAULT_SIZE_LIMITS",
    "DEFAULT_SOURCE_LIMITS",
    "FORMAT_VERSION",
    "MAIN_PART",
    "MANIFEST_NAME",
    "FileInfo",
    "Manifest",
    "Package",
    "PackageError",
    "PackageFields",
    "Part",
    "ReadLimits",
    "SizeLimits",
    "build_manifest",
    "check_framework",
    "check_size_limits",
    "extract_source_zip",
    "manifest_bytes",
    "package_id",
    "read_package",
    "write_package",
]
