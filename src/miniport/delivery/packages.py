"""Serving packages: immutable bytes named by their sha256.

Because a package id is the hash of its bytes, a response for it can be cached by
anyone forever (`immutable`) and its ETag is the id itself. Bytes read from local
storage are checked against the id once and kept in a small LRU, so a popular
package is served from memory. With S3 the host is redirected to a presigned URL
and the bytes never pass through this server.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict

from miniport.center.storage import Storage, StorageError

PACKAGE_ID = re.compile(r"^[0-9a-f]{64}$")
IMMUTABLE = "public, max-age=31536000, immutable"
PRESIGN_SECONDS = 300


class PackageCorrupt(StorageError):
    """Stored bytes do not hash to the package id: never serve them."""


class PackageCache:
    def __init__(self, max_bytes: int = 64 * 1024 * 1024) -> None:
        self._max = max_bytes
        self._size = 0
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, storage: Storage, package_id: str, key: str) -> bytes:
        with self._lock:
            data = self._items.get(package_id)
            if data is not None:
                self._items.move_to_end(package_id)
                return data
        data = storage.get(key)
        if hashlib.sha256(data).hexdigest() != package_id:
            raise PackageCorrupt(f"stored package {key} does not match its id {package_id}")
        with self._lock:
            if len(data) <= self._max and package_id not in self._items:
                self._items[package_id] = data
                self._size += len(data)
                while self._size > self._max:
                    _, dropped = self._items.popitem(last=False)
                    self._size -= len(dropped)
        return data


def presigned_url(storage: Storage, key: str) -> str | None:
    """A short-lived direct download URL when the storage is S3, else None."""
    client = getattr(storage, "client", None)
    bucket = getattr(storage, "bucket", None)
    to_key = getattr(storage, "_key", None)
    if client is None or bucket is None or to_key is None:
        return None
    return str(
        client.generate_presigned_url(
            "get_object", Params={"Bucket": bucket, "Key": to_key(key)}, ExpiresIn=PRESIGN_SECONDS
        )
    )


def parse_range(header: str, size: int) -> tuple[int, int] | None | bool:
    """One byte range of `Range: bytes=a-b` as (start, end inclusive).

    None: serve the whole body (no header, or several ranges, which RFC 9110 lets a
    server ignore). False: unsatisfiable or malformed (416).
    """
    if not header:
        return None
    unit, _, spec = header.partition("=")
    if unit.strip().lower() != "bytes" or "," in spec:
        return None
    first, dash, last = spec.strip().partition("-")
    if not dash:
        return False
    try:
        if first == "":
            length = int(last)
            if length <= 0:
                return False
            return max(0, size - length), size - 1
        start = int(first)
        end = int(last) if last else size - 1
    except ValueError:
        return False
    if start >= size or end < start:
        return False
    return start, min(end, size - 1)
