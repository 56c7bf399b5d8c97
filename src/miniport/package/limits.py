"""Numbers that bound what a reader accepts and what a build may produce.

Two kinds of limits live here. `ReadLimits` protect a reader from hostile zips (a
package download or a partner's source upload): they are about safety. `SizeLimits`
are the product rule that a mini-program's main package and each subpackage stay small
(WeChat's 2 MB / 30 MB): they are about what a build is allowed to emit.
"""

from __future__ import annotations

from dataclasses import dataclass

KiB = 1024
MiB = 1024 * KiB


@dataclass(frozen=True)
class ReadLimits:
    """What a reader accepts before it refuses a zip as unsafe.

    `max_ratio` is the largest uncompressed/compressed ratio allowed for an entry whose
    uncompressed size is at least `ratio_min_bytes`: real code and assets compress
    10-20x at most, zip bombs compress 1000x and more. Small entries are exempt because
    a tiny file can legitimately compress very well in relative terms.
    """

    max_entries: int = 20_000
    max_file_bytes: int = 32 * MiB
    max_total_bytes: int = 128 * MiB
    max_ratio: float = 100.0
    ratio_min_bytes: int = 64 * KiB
    max_path_length: int = 512
    max_manifest_bytes: int = 4 * MiB


DEFAULT_READ_LIMITS = ReadLimits()

# A partner's source upload may carry more assets than a compiled package, but still
# has to be bounded before anything reaches the disk.
DEFAULT_SOURCE_LIMITS = ReadLimits(max_total_bytes=256 * MiB)


@dataclass(frozen=True)
class SizeLimits:
    """How large a built package may be, counted in uncompressed file bytes.

    Uncompressed bytes are counted (not zip bytes) so that the figure a developer sees
    does not depend on how well their files compress and is stable across zlib versions.
    """

    part_max_bytes: int = 2 * MiB
    total_max_bytes: int = 30 * MiB


DEFAULT_SIZE_LIMITS = SizeLimits()
