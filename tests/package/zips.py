"""Helpers that craft zips by hand, including hostile ones a real writer never makes."""

from __future__ import annotations

import io
import os
import zipfile

from miniport.package import PackageFields, Part, write_package


def sample_entries() -> dict[str, bytes]:
    return {
        "logic.js": b"define('app.js', function(){ App({}) })\n",
        "view.js": b"render()\n",
        "styles.css": b"wx-view{color:red}\n",
        "images/logo.png": os.urandom(512),
        "packageA/logic.js": b"define('packageA/p.js', function(){ Page({}) })\n",
    }


def sample_fields() -> PackageFields:
    return PackageFields(
        appid="wxdemo0001",
        version="1.2.0",
        compiler_version="0.1.0",
        pages=["pages/index/index", "packageA/pages/list/list"],
        parts=[
            Part(
                "main",
                pages=("pages/index/index",),
                entries={"logic": "logic.js", "view": "view.js", "styles": "styles.css"},
            ),
            Part(
                "packageA",
                root="packageA/",
                pages=("packageA/pages/list/list",),
                entries={"logic": "packageA/logic.js"},
            ),
        ],
    )


def sample_package() -> bytes:
    return write_package(sample_entries(), sample_fields())


def raw_zip(entries: list[tuple[str | zipfile.ZipInfo, bytes]]) -> bytes:
    """A zip with exactly these entries, in this order, duplicates allowed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return buffer.getvalue()


def rezip(package: bytes, change: dict[str, bytes | None]) -> bytes:
    """Copy a package's entries, replacing (bytes) or dropping (None) some of them."""
    src = zipfile.ZipFile(io.BytesIO(package))
    out: list[tuple[str | zipfile.ZipInfo, bytes]] = []
    for info in src.infolist():
        if info.filename in change:
            new = change[info.filename]
            if new is not None:
                out.append((info.filename, new))
        else:
            out.append((info.filename, src.read(info)))
    for name, data in change.items():
        if data is not None and name not in src.namelist():
            out.append((name, data))
    return raw_zip(out)
