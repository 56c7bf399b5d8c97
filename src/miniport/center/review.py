"""What a reviewer needs to decide: file tree, diff against the released version,
requested domains and APIs, and automatic findings.

Findings are computed once at upload (they depend only on the immutable package and
the mini-program's allow-list at that moment) and stored on the version; the diff is
computed on demand from the stored blobs.
"""

from __future__ import annotations

import difflib
import io
import json
import re
import zipfile
from typing import Any

from miniport.package import DEFAULT_SIZE_LIMITS, Package, SizeLimits

SENSITIVE_APIS: dict[str, str] = {
    "getLocation": "location",
    "chooseLocation": "location",
    "startLocationUpdate": "location",
    "startLocationUpdateBackground": "location",
    "getFuzzyLocation": "location",
    "chooseAddress": "address",
    "getUserProfile": "user info",
    "getUserInfo": "user info",
    "getPhoneNumber": "phone number",
    "makePhoneCall": "phone call",
    "chooseImage": "camera/album",
    "chooseMedia": "camera/album",
    "chooseVideo": "camera/album",
    "scanCode": "camera",
    "createCameraContext": "camera",
    "startRecord": "microphone",
    "getRecorderManager": "microphone",
    "getClipboardData": "clipboard",
    "setClipboardData": "clipboard",
    "requestPayment": "payment",
    "openBluetoothAdapter": "bluetooth",
    "startWifi": "wifi",
    "addPhoneContact": "contacts",
    "saveImageToPhotosAlbum": "album",
    "login": "identity",
}
"""wx APIs that touch personal data or money; a reviewer should see each use."""

_WX_CALL = re.compile(r"\bwx\s*\.\s*([A-Za-z_$][\w$]*)")
_URL = re.compile(r"\b(https|wss|http|ws)://([A-Za-z0-9.-]+)(?::(\d+))?")
TEXT_SUFFIXES = (".js", ".json", ".wxml", ".wxss", ".wxs", ".css", ".html", ".txt", ".md")
MAX_DIFF_BYTES = 256 * 1024
NEAR_LIMIT = 0.8


def requested_apis(files: dict[str, bytes]) -> dict[str, list[str]]:
    """wx.* APIs named in JS/WXS files, each with the files that use it."""
    uses: dict[str, set[str]] = {}
    for name, data in files.items():
        if not name.endswith((".js", ".wxs")):
            continue
        for m in _WX_CALL.finditer(data.decode("utf-8", "replace")):
            uses.setdefault(m.group(1), set()).add(name)
    return {api: sorted(f) for api, f in sorted(uses.items())}


def requested_domains(files: dict[str, bytes]) -> dict[str, list[str]]:
    """Origins of absolute URLs in code files, each with the files that mention them."""
    uses: dict[str, set[str]] = {}
    for name, data in files.items():
        if not name.endswith((".js", ".wxs", ".json", ".wxml")):
            continue
        for m in _URL.finditer(data.decode("utf-8", "replace")):
            port = f":{m.group(3)}" if m.group(3) else ""
            origin = f"{m.group(1).lower()}://{m.group(2).lower().rstrip('.')}{port}"
            uses.setdefault(origin, set()).add(name)
    return {d: sorted(f) for d, f in sorted(uses.items())}


SOURCE_CODE_SUFFIXES = (".js", ".wxml", ".wxs", ".json")


def source_code_files(source_zip: bytes) -> dict[str, bytes]:
    """The code files of a (validated) source upload, for findings that name them."""
    return {n: b for n, b in zip_files(source_zip).items() if n.endswith(SOURCE_CODE_SUFFIXES)}


def findings(
    pkg: Package,
    allowed_domains: list[str],
    limits: SizeLimits = DEFAULT_SIZE_LIMITS,
    code_files: dict[str, bytes] | None = None,
) -> list[dict[str, Any]]:
    """Automatic findings, each {kind, severity, message, details}, most severe first.

    Domains and APIs are looked for in `code_files` when given (a source upload's own
    files, so a finding names `pages/pay/pay.js` rather than the compiled bundle), else
    in the package.
    """
    files = code_files if code_files is not None else {n: pkg.read(n) for n in pkg.names()}
    out: list[dict[str, Any]] = []
    m = pkg.manifest
    for part in m.parts:
        size = m.part_size(part.name)
        if size > limits.part_max_bytes * NEAR_LIMIT:
            out.append(
                {
                    "kind": "size",
                    "severity": "warning",
                    "message": f"part '{part.name}' is {size} bytes, "
                    f"{size * 100 // limits.part_max_bytes}% of the {limits.part_max_bytes} limit",
                    "details": {"part": part.name, "size": size, "limit": limits.part_max_bytes},
                }
            )
    out.append(
        {
            "kind": "size",
            "severity": "info",
            "message": f"package is {pkg.size} bytes ({m.total_size} uncompressed)",
            "details": {"package_bytes": pkg.size, "uncompressed_bytes": m.total_size},
        }
    )
    allowed = set(allowed_domains)
    for origin, used_in in requested_domains(files).items():
        if origin.startswith(("http://", "ws://")):
            out.append(
                {
                    "kind": "insecure_url",
                    "severity": "error",
                    "message": f"{origin} is not encrypted; hosts only allow https and wss",
                    "details": {"domain": origin, "files": used_in},
                }
            )
        elif origin not in allowed:
            out.append(
                {
                    "kind": "domain_not_allowed",
                    "severity": "error",
                    "message": f"{origin} is used but not on the mini-program's allowed "
                    "request domains; requests to it will be blocked",
                    "details": {"domain": origin, "files": used_in},
                }
            )
    for api, used_in in requested_apis(files).items():
        if api in SENSITIVE_APIS:
            out.append(
                {
                    "kind": "sensitive_api",
                    "severity": "warning",
                    "message": f"uses wx.{api} ({SENSITIVE_APIS[api]})",
                    "details": {"api": api, "category": SENSITIVE_APIS[api], "files": used_in},
                }
            )
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(out, key=lambda f: order[f["severity"]])


DECLARED_KEYS = ("permission", "requiredPrivateInfos", "requiredBackgroundModes", "plugins")
"""app.json keys in which a mini-program declares what it will ask the user or host for."""


def declared_permissions(files: dict[str, bytes]) -> dict[str, Any]:
    """What app.json declares (location purposes, private-info APIs, background modes,
    plugins), so a reviewer can compare it with what the code actually calls."""
    raw = files.get("app.json")
    if raw is None:
        return {}
    try:
        config = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return {}
    if not isinstance(config, dict):
        return {}
    return {k: config[k] for k in DECLARED_KEYS if k in config}


def file_tree(files: dict[str, int]) -> dict[str, Any]:
    """Nested {name, size?, children?} tree from {path: size}, folders first."""
    root: dict[str, Any] = {"name": "", "children": {}}
    for path, size in sorted(files.items()):
        node = root
        *dirs, leaf = path.split("/")
        for d in dirs:
            node = node["children"].setdefault(d, {"name": d, "children": {}})
        node["children"][leaf] = {"name": leaf, "size": size}

    def finish(node: dict[str, Any]) -> dict[str, Any]:
        if "children" not in node:
            return node
        kids = [finish(c) for c in node["children"].values()]
        kids.sort(key=lambda c: ("children" not in c, c["name"]))
        return {"name": node["name"], "children": kids}

    return finish(root)


def zip_files(data: bytes) -> dict[str, bytes]:
    """Files of an already-validated zip (a stored source upload)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist() if not i.is_dir()}


def diff(old: dict[str, bytes], new: dict[str, bytes]) -> dict[str, Any]:
    """Added, removed and changed files, with a unified diff for changed text files."""
    added = sorted(set(new) - set(old))
    removed = sorted(set(old) - set(new))
    changed = []
    for name in sorted(set(old) & set(new)):
        if old[name] == new[name]:
            continue
        entry: dict[str, Any] = {"path": name}
        small = len(old[name]) + len(new[name]) <= MAX_DIFF_BYTES
        if name.endswith(TEXT_SUFFIXES) and small:
            a = old[name].decode("utf-8", "replace").splitlines(keepends=True)
            b = new[name].decode("utf-8", "replace").splitlines(keepends=True)
            entry["diff"] = "".join(difflib.unified_diff(a, b, f"a/{name}", f"b/{name}"))
        else:
            entry["diff"] = None
            entry["note"] = "binary or large file; contents differ"
        changed.append(entry)
    return {"added": added, "removed": removed, "changed": changed}
