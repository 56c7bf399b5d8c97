"""Fixtures: a small, real platform for delivery tests: migrated database, operator admin with an
API token, a host app with its SDK key and secret, mini-programs with stored packages.

Versions are inserted with their package bytes in storage, as the center's upload path
leaves them, so delivery is tested against the same rows it reads in production.
"""

from __future__ import annotations

import hashlib
import io
import json
import secrets
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from miniport.center import migrate
from miniport.center.app import build_context, create_app
from miniport.center.context import AppContext
from miniport.center.db import utcnow
from miniport.center.models import Listing, MiniProgram, Organization, Version
from miniport.center.services import accounts, bootstrap, hosts
from miniport.config import load_settings
from miniport.delivery import signing

ADMIN_EMAIL = "ops@example.com"
ADMIN_PASSWORD = "correct-horse-battery-staple-9"


def fake_package(appid: str, version: str) -> bytes:
    """Deterministic bytes standing in for an .mpk (delivery never opens packages)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        info = zipfile.ZipInfo("manifest.json", (2020, 1, 1, 0, 0, 0))
        zf.writestr(info, json.dumps({"appid": appid, "version": version, "framework": "1.0.0"}))
        zf.writestr(zipfile.ZipInfo("app.js", (2020, 1, 1, 0, 0, 0)), "x" * 5000)
    return buf.getvalue()


@dataclass
class Platform:
    ctx: AppContext
    token: str
    host_id: int
    host_name: str
    sdk_key: str
    sdk_secret: str
    apps: dict[str, dict[str, str]] = field(default_factory=dict)
    """appid → version → package id."""
    after_change: list[Any] = field(default_factory=list)
    """Called after add_app commits (a running app reloads its index at once, instead
    of a few milliseconds later from its reloader thread)."""

    def app(self):  # type: ignore[no-untyped-def]
        return create_app(self.ctx.settings, self.ctx)

    @property
    def admin_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def add_app(
        self, versions: dict[str, str], listed: bool = True, appid: str | None = None
    ) -> str:
        """A mini-program with versions {"1.0.0": "released", ...}, listed in the host."""
        appid = appid or "mp" + secrets.token_hex(8)
        self.apps[appid] = {}
        with self.ctx.db.session() as s:
            org = s.scalar(select(Organization).where(Organization.slug == bootstrap.OPERATOR_SLUG))
            assert org is not None
            mp = MiniProgram(
                appid=appid, org_id=org.id, name=appid, allowed_domains=["https://api.example.com"]
            )
            s.add(mp)
            s.flush()
            for version, state in versions.items():
                data = fake_package(appid, version)
                sha = hashlib.sha256(data).hexdigest()
                key = f"packages/{sha}.mpk"
                self.ctx.storage.put(key, data, sha)
                s.add(
                    Version(
                        mini_program_id=mp.id,
                        version=version,
                        state=state,
                        upload_kind="mpk",
                        package_key=key,
                        package_sha256=sha,
                        package_size=len(data),
                        manifest={"framework": "1.0.0"},
                        created_at=utcnow(),
                        released_at=utcnow() if state == "released" else None,
                    )
                )
                self.apps[appid][version] = sha
            if listed:
                s.add(Listing(host_app_id=self.host_id, mini_program_id=mp.id, state="listed"))
            s.commit()
        for hook in self.after_change:
            hook()
        return appid

    def signed_headers(
        self,
        method: str,
        path: str,
        body: bytes = b"",
        query: str = "",
        *,
        timestamp: int | None = None,
        nonce: str | None = None,
        secret: str | None = None,
        key: str | None = None,
        algorithm: signing.Algorithm = signing.Algorithm.HMAC_SHA256,
    ) -> dict[str, str]:
        headers = signing.signed_headers(
            key or self.sdk_key,
            secret or self.sdk_secret,
            method,
            path,
            query,
            body,
            timestamp=int(time.time()) if timestamp is None else timestamp,
            nonce=nonce or secrets.token_hex(12),
            algorithm=algorithm,
        )
        if body:
            headers["Content-Type"] = "application/json"
        return headers


def make_platform(
    tmp: Path,
    database_url: str | None = None,
    redis_url: str | None = None,
    secret_key: str = "test-server-secret",
    storage_url: str | None = None,
) -> Platform:
    settings = load_settings(
        data_dir=tmp,
        database_url=database_url,
        redis_url=redis_url,
        secret_key=secret_key,
        admin_email=ADMIN_EMAIL,
        admin_password=ADMIN_PASSWORD,
        seed_demo=False,
        public_url="http://mp.test",
        storage_url=storage_url,
    )
    ctx = build_context(settings)
    migrate.upgrade(ctx.db)
    with ctx.db.session() as s:
        bootstrap.ensure_operator(s, settings)
        user = accounts.authenticate_password(s, ADMIN_EMAIL, ADMIN_PASSWORD)
        principal = accounts.load_principal(s, user)
        _row, token = accounts.create_token(
            s, principal, "tests", ["read", "write", "admin", "review"]
        )
        host, key, secret = hosts.create_host(
            s, principal, hosts.HostFields(name="bank-app"), ctx.secret_key
        )
        host_id, host_name, sdk_key = host.id, host.name, key.sdk_key
    return Platform(ctx, token, host_id, host_name, sdk_key, secret)
