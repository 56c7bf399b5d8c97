"""Helpers for the center's tests: acting as a user through the API, building small
packages and zips, counting what was stored."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient

from miniport.center import migrate
from miniport.center.app import build_context, create_app
from miniport.center.context import AppContext
from miniport.center.services.bootstrap import ensure_operator
from miniport.config import Settings
from miniport.package import PackageFields, Part, write_package

ADMIN_EMAIL = "admin@operator.example"
ADMIN_PASSWORD = "operator-password-1"
PASSWORD = "partner-password-1"
ALL_SCOPES = ["read", "write", "review", "admin"]


class Api:
    """A TestClient bound to one credential (or none): `api.post(path, json=...)`."""

    def __init__(self, client: TestClient, token: str | None, email: str | None = None):
        self.client = client
        self.token = token
        self.email = email

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        h = dict(extra or {})
        if self.token:
            h["Authorization"] = f"Bearer {self.token}"
        return h

    def request(self, method: str, path: str, **kw: Any) -> Any:
        kw["headers"] = self._headers(kw.get("headers"))
        return self.client.request(method, "/api/v1" + path, **kw)

    def get(self, path: str, **kw: Any) -> Any:
        return self.request("GET", path, **kw)

    def post(self, path: str, **kw: Any) -> Any:
        return self.request("POST", path, **kw)

    def put(self, path: str, **kw: Any) -> Any:
        return self.request("PUT", path, **kw)

    def patch(self, path: str, **kw: Any) -> Any:
        return self.request("PATCH", path, **kw)

    def delete(self, path: str, **kw: Any) -> Any:
        return self.request("DELETE", path, **kw)

    def upload(
        self, appid: str, version: str, data: bytes, notes: str = "", kind: str = "auto"
    ) -> Any:
        return self.post(
            f"/apps/{appid}/versions",
            files={"file": ("upload.zip", data, "application/zip")},
            data={"version": version, "notes": notes, "kind": kind},
        )


@dataclass
class Center:
    ctx: AppContext
    client: TestClient
    anon: Api
    admin: Api
    apis: dict[str, Api] = field(default_factory=dict)

    def token_for(
        self, email: str, password: str = PASSWORD, scopes: list[str] | None = None
    ) -> Api:
        r = self.anon.post(
            "/auth/token",
            json={
                "email": email,
                "password": password,
                "name": "test",
                "scopes": scopes or ALL_SCOPES,
            },
        )
        assert r.status_code == 201, r.text
        return Api(self.client, r.json()["token"], email)

    def partner(self, slug: str, email: str | None = None, approve: bool = True) -> Api:
        """Sign up a partner org (owner = `email`), approve it, return the owner's Api."""
        email = email or f"owner@{slug}.example"
        r = self.anon.post(
            "/signup",
            json={"org_name": slug.title(), "slug": slug, "email": email, "password": PASSWORD},
        )
        assert r.status_code == 201, r.text
        if approve:
            assert self.admin.post(f"/orgs/{slug}/approve", json={}).status_code == 200
        return self.token_for(email)

    def member(self, owner: Api, slug: str, email: str, role: str) -> Api:
        """Invite `email` into `slug` with `role` and accept; return the member's Api."""
        r = owner.post(f"/orgs/{slug}/invitations", json={"identifier": email, "role": role})
        assert r.status_code == 201, r.text
        r = self.anon.post(
            "/invitations/accept", json={"token": r.json()["token"], "password": PASSWORD}
        )
        assert r.status_code == 200, r.text
        return self.token_for(email)


def open_center(settings: Settings) -> tuple[AppContext, TestClient]:
    ctx = build_context(settings)
    migrate.upgrade(ctx.db)
    with ctx.db.session() as s:
        ensure_operator(s, settings)
    app = create_app(settings, ctx)
    return ctx, TestClient(app)


def make_package(
    appid: str,
    version: str,
    logic: str = "Page({data: {msg: 'hi'}});\n",
    extra_files: dict[str, bytes] | None = None,
) -> bytes:
    """A small valid .mpk, built with the package writer (no compiler needed)."""
    files = {
        "logic.js": logic.encode(),
        "view.js": b"export default function render(){return []}\n",
        "styles.css": b"wx-view{color:red}\n",
    }
    files.update(extra_files or {})
    return write_package(
        files,
        PackageFields(
            appid=appid,
            version=version,
            compiler_version="test",
            pages=["pages/index/index"],
            parts=[
                Part(
                    "main",
                    pages=("pages/index/index",),
                    entries={"logic": "logic.js", "view": "view.js", "styles": "styles.css"},
                )
            ],
        ),
    )


def make_zip(files: dict[str, bytes | str]) -> bytes:
    """A zip with fixed timestamps, as a developer's tool would make it."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            zf.writestr(info, data.encode() if isinstance(data, str) else data)
    return buf.getvalue()


def stored_blobs(ctx: AppContext) -> list[str]:
    return [b.key for b in ctx.storage.list("")]


def count_rows(ctx: AppContext, table: str) -> int:
    from sqlalchemy import text

    with ctx.db.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())


SOURCE_FILES: dict[str, str] = {
    "app.json": '{\n  "pages": ["pages/index/index"]\n}\n',
    "app.js": "App({});\n",
    "app.wxss": "page { background: #fff; }\n",
    "pages/index/index.json": "{}\n",
    "pages/index/index.wxml": '<view class="greeting">{{msg}}</view>\n',
    "pages/index/index.wxss": ".greeting { color: #333; }\n",
    "pages/index/index.js": (
        "Page({\n"
        "  data: { msg: 'hello' },\n"
        "  onLoad() {\n"
        "    wx.request({ url: 'https://api.acme.example/balance' });\n"
        "    wx.getLocation({ type: 'gcj02' });\n"
        "  },\n"
        "});\n"
    ),
}
"""A tiny but real mini-program source tree (one page), uploaded as a zip."""


def source_zip(changes: dict[str, str | None] | None = None) -> bytes:
    """SOURCE_FILES zipped, with files replaced (a string) or removed (None)."""
    files: dict[str, bytes | str] = dict(SOURCE_FILES)
    for path, content in (changes or {}).items():
        if content is None:
            files.pop(path, None)
        else:
            files[path] = content
    return make_zip(files)


PORTS = range(8300, 8400)
"""The TCP ports the center's tests may use."""


def free_port() -> int:
    """A port from PORTS that nothing listens on now (tests may run in parallel)."""
    import random
    import socket

    candidates = list(PORTS)
    random.shuffle(candidates)
    for port in candidates:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8300-8399")
