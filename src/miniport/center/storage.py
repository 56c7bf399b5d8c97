"""Blob storage for uploaded sources and built packages: a local directory or S3.

Blobs are immutable: a key is written once and never changes meaning (the center's
keys name the mini-program, version, content hash and upload attempt). A write is
atomic and verified before it returns: the local store writes a temporary file in the
same directory, fsyncs, checks the hash and renames; the S3 store sends the SHA-256 so the server rejects a corrupted body, then
checks the stored size. Only after that does a caller commit the database row that
refers to the blob. A crash between the two leaves an unreferenced blob, never a row
without its blob; `sweep_orphans` removes such blobs.
"""

from __future__ import annotations

import base64
import builtins
import hashlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlparse


class StorageError(Exception):
    """The store could not be reached or refused an operation."""


class IntegrityError(StorageError):
    """What was stored does not match the hash the caller expected."""


@dataclass(frozen=True)
class BlobInfo:
    key: str
    size: int
    modified: datetime


class Storage(Protocol):
    """What the center needs from a blob store."""

    url: str

    def put(self, key: str, data: bytes, sha256: str) -> None:
        """Store `data` under `key` atomically, verifying it hashes to `sha256`."""

    def get(self, key: str) -> bytes: ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None: ...

    def list(self, prefix: str = "") -> Iterator[BlobInfo]: ...

    def ping(self) -> None:
        """Raise StorageError if the store cannot be used (for /readyz)."""


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _check_key(key: str) -> None:
    parts = key.split("/")
    if not key or key.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise StorageError(f"invalid storage key {key!r}")


class LocalStorage:
    """Blobs as files under a root directory (the embedded default)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.url = root.as_uri()

    def _path(self, key: str) -> Path:
        _check_key(key)
        return self.root / key

    def put(self, key: str, data: bytes, sha256: str) -> None:
        if sha256_hex(data) != sha256:
            raise IntegrityError(f"data for {key} does not hash to {sha256}")
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            if sha256_hex(Path(tmp).read_bytes()) != sha256:
                raise IntegrityError(f"written file for {key} does not hash to {sha256}")
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError as exc:
            raise StorageError(f"blob {key} not found") from exc

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def list(self, prefix: str = "") -> Iterator[BlobInfo]:
        if not self.root.is_dir():
            return
        for path in sorted(self.root.rglob("*")):
            if not path.is_file() or path.name.startswith(".tmp-"):
                continue
            key = path.relative_to(self.root).as_posix()
            if key.startswith(prefix):
                st = path.stat()
                yield BlobInfo(key, st.st_size, datetime.fromtimestamp(st.st_mtime, UTC))

    def remove_stale_temp_files(self, min_age_seconds: float) -> builtins.list[str]:
        """Delete temporary files a crashed write left behind (never a finished blob)."""
        removed: builtins.list[str] = []
        if not self.root.is_dir():
            return removed
        now = datetime.now(UTC).timestamp()
        for path in self.root.rglob(".tmp-*"):
            if path.is_file() and now - path.stat().st_mtime >= min_age_seconds:
                path.unlink(missing_ok=True)
                removed.append(path.relative_to(self.root).as_posix())
        return removed

    def ping(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            probe = self.root / ".tmp-ready"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise StorageError(f"storage directory {self.root} is not writable: {exc}") from exc


class S3Storage:
    """Blobs in an S3-compatible bucket under an optional prefix."""

    def __init__(self, bucket: str, prefix: str = "", endpoint_url: str | None = None) -> None:
        import boto3

        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.url = f"s3://{bucket}/{self.prefix}" if self.prefix else f"s3://{bucket}"
        self.client = boto3.client("s3", endpoint_url=endpoint_url)

    def _key(self, key: str) -> str:
        _check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def put(self, key: str, data: bytes, sha256: str) -> None:
        if sha256_hex(data) != sha256:
            raise IntegrityError(f"data for {key} does not hash to {sha256}")
        checksum = base64.b64encode(bytes.fromhex(sha256)).decode()
        try:
            self.client.put_object(
                Bucket=self.bucket, Key=self._key(key), Body=data, ChecksumSHA256=checksum
            )
            head = self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except Exception as exc:  # botocore raises many unrelated classes
            raise StorageError(f"could not store {key} in {self.url}: {exc}") from exc
        if head.get("ContentLength") != len(data):
            raise IntegrityError(f"stored object {key} has the wrong size")

    def get(self, key: str) -> bytes:
        try:
            obj = self.client.get_object(Bucket=self.bucket, Key=self._key(key))
            return bytes(obj["Body"].read())
        except Exception as exc:
            raise StorageError(f"could not read {key} from {self.url}: {exc}") from exc

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(key))
            return True
        except Exception:
            return False

    def delete(self, key: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self._key(key))
        except Exception as exc:
            raise StorageError(f"could not delete {key} from {self.url}: {exc}") from exc

    def list(self, prefix: str = "") -> Iterator[BlobInfo]:
        if ".." in prefix.split("/") or prefix.startswith("/"):
            raise StorageError(f"invalid storage prefix {prefix!r}")
        full = f"{self.prefix}/{prefix}" if self.prefix else prefix
        strip = len(self.prefix) + 1 if self.prefix else 0
        paginator = self.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=full):
            for obj in page.get("Contents", []):
                yield BlobInfo(obj["Key"][strip:], obj["Size"], obj["LastModified"])

    def ping(self) -> None:
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except Exception as exc:
            raise StorageError(f"bucket {self.bucket} is not reachable: {exc}") from exc


def open_storage(url: str, s3_endpoint_url: str | None = None) -> Storage:
    """Open the store named by `MINIPORT_STORAGE_URL` (file:///dir or s3://bucket/prefix)."""
    parsed = urlparse(url)
    if parsed.scheme == "file":
        return LocalStorage(Path(unquote(parsed.path)))
    if parsed.scheme == "s3":
        if not parsed.netloc:
            raise StorageError(f"storage URL {url!r} names no bucket; use s3://BUCKET/PREFIX")
        return S3Storage(parsed.netloc, parsed.path, endpoint_url=s3_endpoint_url)
    raise StorageError(
        f"unsupported storage URL {url!r}; use file:///path/to/dir or s3://bucket/prefix"
    )
