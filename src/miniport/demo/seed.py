"""Seed the demo on first start: the same path a partner and an operator take, through
the center's services, so the demo exercises real compilation, review and delivery.

Idempotent: a marker row (the demo host app) means "already seeded"; a second start only
makes sure the demo host's credentials file is there.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from miniport.center.context import AppContext
from miniport.center.models import HostApp, User
from miniport.center.services import accounts, hosts, miniprograms, orgs, versions
from miniport.center.services.bootstrap import OPERATOR_SLUG, operator_admin
from miniport.cli.center import zip_source

log = logging.getLogger(__name__)

DEMO_HOST_NAME = "示例银行 App · Demo Bank"
PARTNER_SLUG = "speedy-courier"
PARTNER_EMAIL = "partner@speedy-courier.example"
BANK_DEVELOPER_EMAIL = "developer@demo-bank.example"
CREDENTIALS_FILE = "demo-host.json"
GRAY_APP = "bank-account"


@dataclass(frozen=True)
class Sample:
    folder: str
    name: str
    description: str
    category: str
    tags: list[str]
    partner: bool
    domains: list[str]


SAMPLES = [
    Sample("bank-account", "我的账户 Accounts", "账户余额与交易明细 · Balances and transactions",
           "finance", ["银行", "账户", "bank"], False, []),
    Sample("branch-finder", "网点查询 Branch finder", "按城市查找网点并收藏 · Find and save branches",
           "finance", ["网点", "地图", "branch"], False, []),
    Sample("courier", "同城快递 Courier", "合作伙伴的同城寄件服务 · A partner's same-day courier",
           "life", ["快递", "寄件", "courier"], True, ["https://api.speedy-courier.example"]),
]


def examples_dir() -> Path:
    """Where the sample sources live: MINIPORT_EXAMPLES_DIR, else the repository's examples/."""
    configured = os.environ.get("MINIPORT_EXAMPLES_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[3] / "examples"


def _second_version(source: Path) -> bytes:
    """Version 1.1.0 of the gray-released sample: the same app with a visible 'new' banner."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / source.name
        shutil.copytree(source, tree)
        page = tree / "pages" / "accounts" / "accounts.wxml"
        page.write_text(
            '<view class="card new-version" id="new-version">新版体验 · New in 1.1.0</view>\n'
            + page.read_text(encoding="utf-8"),
            encoding="utf-8",
        )
        return zip_source(tree)


def _operator_admin(session: Any) -> User:
    admin = operator_admin(session)
    if admin is None:
        raise RuntimeError("the operator admin must exist before the demo is seeded")
    return admin


def _publish(session: Any, ctx: AppContext, developer: Any, reviewer: Any, releaser: Any,
             appid: str, version: str, data: bytes, notes: str) -> None:
    """Upload → submit → approve (by someone else) → release (by the owning org)."""
    versions.upload(session, ctx, developer, appid, version, data, notes=notes)
    versions.transition(session, developer, appid, version, "submit")
    versions.transition(session, reviewer, appid, version, "approve")
    versions.transition(session, releaser, appid, version, "release")


def credentials_path(ctx: AppContext) -> Path:
    return Path(ctx.settings.data_dir) / CREDENTIALS_FILE


def load_credentials(ctx: AppContext) -> dict[str, Any] | None:
    path = credentials_path(ctx)
    if not path.exists():
        return None
    return dict(json.loads(path.read_text(encoding="utf-8")))


def _write_credentials(ctx: AppContext, data: dict[str, Any]) -> None:
    """The demo host backend's SDK key and secret, readable by this user only."""
    path = credentials_path(ctx)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(data, out, ensure_ascii=False, indent=2)
    os.replace(tmp, path)


def seed(ctx: AppContext) -> None:
    from miniport.delivery import plans

    with ctx.db.session() as session:
        if session.scalar(select(HostApp.id).where(HostApp.name == DEMO_HOST_NAME)) is not None:
            if load_credentials(ctx) is None:
                log.warning("demo host exists but %s is missing; the demo page cannot sign in "
                            "until a new key is rotated into it", CREDENTIALS_FILE)
            return
        source_root = examples_dir()
        missing = [s.folder for s in SAMPLES if not (source_root / s.folder / "app.json").exists()]
        if missing:
            log.warning("demo not seeded: sample sources %s not found under %s "
                        "(set MINIPORT_EXAMPLES_DIR)", ", ".join(missing), source_root)
            return

        operator = accounts.load_principal(session, _operator_admin(session))
        partner_org, partner_user = orgs.signup_partner(
            session, None, org_name="速达同城 Speedy Courier", slug=PARTNER_SLUG,
            email=PARTNER_EMAIL, password=secrets.token_urlsafe(18),
            description="Same-day courier partner (demo)",
        )
        orgs.change_status(session, operator, partner_org.slug, "approve")
        partner = accounts.load_principal(session, partner_user)

        # The bank's own team uploads its apps; the admin reviews them (nobody may
        # approve their own upload).
        _invitation, invite_token = orgs.invite(
            session, operator, OPERATOR_SLUG, BANK_DEVELOPER_EMAIL, "developer"
        )
        membership = orgs.accept_invitation(
            session, None, invite_token, password=secrets.token_urlsafe(18),
            display_name="Bank developer (demo)",
        )
        developer = accounts.load_principal(
            session, accounts.get_user(session, membership.user_id)
        )

        host, key, secret = hosts.create_host(
            session, operator,
            hosts.HostFields(name=DEMO_HOST_NAME, platforms=["web"], web_origins=[]),
            ctx.secret_key,
        )
        appids: dict[str, str] = {}
        for sample in SAMPLES:
            owner = partner if sample.partner else developer
            mp = miniprograms.create(
                session, owner,
                miniprograms.AppFields(
                    name=sample.name, description=sample.description, category=sample.category,
                    tags=sample.tags, allowed_domains=sample.domains,
                ),
                org_slug=PARTNER_SLUG if sample.partner else OPERATOR_SLUG,
            )
            appids[sample.folder] = mp.appid
            _publish(session, ctx, owner, operator, partner if sample.partner else operator,
                     mp.appid, "1.0.0",
                     zip_source(source_root / sample.folder), "First release (demo seed)")
            hosts.set_listing(session, operator, host.id, mp.appid, True)

        gray = appids[GRAY_APP]
        _publish(session, ctx, developer, operator, operator, gray, "1.1.0",
                 _second_version(source_root / GRAY_APP), "New summary banner (gray release)")
        plans.save_plan(session, operator, gray, host.name, {
            "default_version": "1.0.0",
            "rules": [
                {"id": "shanghai-preview", "name": "上海用户先体验 · Shanghai preview",
                 "conditions": {"user.city": ["上海"]}, "version": "1.1.0"},
                {"id": "gray-50", "name": "50% 灰度 · 50% gray release",
                 "conditions": {"percentage": 50}, "version": "1.1.0"},
            ],
        })
        _write_credentials(ctx, {
            "host_id": host.id, "host_name": host.name,
            "sdk_key": key.sdk_key, "sdk_secret": secret, "appids": appids,
        })
        log.info("demo seeded: host %s, mini-programs %s", host.name, appids)
