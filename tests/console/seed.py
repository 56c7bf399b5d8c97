"""Small helpers shared by the console tests: zipped sample sources and seeded data.

Seeding goes through the center's and delivery's own service functions, so the data
is what the platform itself would have written.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

TELLER = Path(__file__).resolve().parent / "fixtures" / "teller"
"""A two-page mini-program of our own, so these tests do not move with the examples."""
PASSWORD = "partner-pass-123"


def zip_source(root: Path = TELLER, change: Callable[[str, bytes], bytes] | None = None) -> bytes:
    """A source zip of a sample mini-program, optionally with files changed."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                name = path.relative_to(root).as_posix()
                data = path.read_bytes()
                archive.writestr(name, change(name, data) if change else data)
    return buf.getvalue()


def broken_wxml(name: str, data: bytes) -> bytes:
    """Leave a tag and an expression open on the first page (compile errors at line 9)."""
    return data + b"<view>{{ oops </view" if name == "pages/index/index.wxml" else data


def retitled(title: str) -> Callable[[str, bytes], bytes]:
    def change(name: str, data: bytes) -> bytes:
        if name == "app.js":
            return data + f"\n// {title}\n".encode()
        return data

    return change


@dataclass
class Partner:
    slug: str
    email: str
    appid: str


def partner_with_app(
    ctx: object, name: str, email: str, app_name: str, admin_email: str
) -> Partner:
    """An approved partner org owning one mini-program with an approved version 1.0.0."""
    from miniport.center.services import accounts, miniprograms, orgs, versions

    with ctx.db.session() as db:  # type: ignore[attr-defined]
        org, user = orgs.signup_partner(db, None, org_name=name, email=email, password=PASSWORD)
        from sqlalchemy import select

        from miniport.center.models import User

        admin = accounts.load_principal(
            db, db.scalar(select(User).where(User.email == admin_email))
        )
        orgs.change_status(db, admin, org.slug, "approve")
        owner = accounts.load_principal(db, user)
        mp = miniprograms.create(db, owner, miniprograms.AppFields(name=app_name))
        versions.upload(db, ctx, owner, mp.appid, "1.0.0", zip_source())
        versions.transition(db, owner, mp.appid, "1.0.0", "submit")
        versions.transition(db, admin, mp.appid, "1.0.0", "approve")
        return Partner(org.slug, email, mp.appid)


ADMIN = "admin@operator.example"
ADMIN_PASSWORD = "operator-pass-123"


@contextmanager
def console_world(data_dir: Path) -> Iterator[dict[str, object]]:
    """A center with the console, an operator admin and partner Alpha with one mini-program,
    served in-process: what the browserless console tests drive."""
    from starlette.testclient import TestClient
    from tests.console.conftest import prepare

    from miniport.center.app import build_context, create_app
    from miniport.config import load_settings

    settings = load_settings(
        data_dir=data_dir, admin_email=ADMIN, admin_password=ADMIN_PASSWORD, seed_demo=False
    )
    ctx = build_context(settings)
    prepare(ctx)
    alpha = partner_with_app(ctx, "Alpha Pay", "owner@alpha.example", "Alpha Wallet", ADMIN)
    app = create_app(settings, ctx)
    try:
        with TestClient(app) as client:
            yield {"client": client, "alpha": alpha, "app": app, "ctx": ctx}
    finally:
        ctx.db.dispose()
