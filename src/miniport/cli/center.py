"""`miniport` commands that talk to a management center over its HTTP API.

    miniport login --server URL --user EMAIL     password from MINIPORT_PASSWORD or a prompt
    miniport apps create --name NAME             prints the new appid
    miniport apps list
    miniport upload SRC --app APPID --version X.Y.Z [--notes TEXT]
    miniport versions APPID
    miniport submit APPID VERSION
    miniport tokens create [--name NAME] [--scope read --scope write]
    miniport db upgrade                          apply migrations to MINIPORT_DATABASE_URL

The server and token come from MINIPORT_SERVER / MINIPORT_TOKEN when set (CI), else
from the file `miniport login` writes (`$XDG_CONFIG_HOME/miniport/credentials.json`,
mode 0600). Exit status: 0 success, 1 a user error (the message says what to do),
2 a wrong command line.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer

from miniport.center import i18n

CREDENTIALS_NAME = "credentials.json"
DEFAULT_TIMEOUT = 120.0

apps_app = typer.Typer(help="Mini-programs. / 小程序", no_args_is_help=True)
tokens_app = typer.Typer(help="Personal API tokens. / 个人 API 令牌", no_args_is_help=True)
db_app = typer.Typer(help="Database maintenance. / 数据库维护", no_args_is_help=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON. / 以 JSON 输出")]


def register(app: typer.Typer) -> None:
    """Add this area's commands to the root app."""
    app.command("login")(login)
    app.add_typer(apps_app, name="apps")
    app.command("upload")(upload)
    app.command("versions")(versions)
    app.command("submit")(submit)
    app.add_typer(tokens_app, name="tokens")
    app.add_typer(db_app, name="db")


# ---- configuration ---------------------------------------------------------------


def config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "miniport"


def _fail(message: str, zh: str = "") -> typer.Exit:
    typer.echo(f"error: {message}" + (f"\n错误：{zh}" if zh else ""), err=True)
    return typer.Exit(1)


@dataclass
class Remote:
    server: str
    token: str | None

    def client(self) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return httpx.Client(
            base_url=self.server.rstrip("/"), headers=headers, timeout=DEFAULT_TIMEOUT
        )


def load_remote(require_token: bool = True) -> Remote:
    saved: dict[str, Any] = {}
    path = config_dir() / CREDENTIALS_NAME
    if path.is_file():
        try:
            saved = json.loads(path.read_text())
        except (OSError, ValueError):
            saved = {}
    server = os.environ.get("MINIPORT_SERVER") or saved.get("server")
    token = os.environ.get("MINIPORT_TOKEN") or saved.get("token")
    if not server:
        raise _fail(
            "no server: run 'miniport login --server URL --user EMAIL' or set MINIPORT_SERVER",
            "未指定服务器：请先运行 miniport login，或设置 MINIPORT_SERVER",
        )
    if require_token and not token:
        raise _fail(
            "not logged in: run 'miniport login' or set MINIPORT_TOKEN to an API token",
            "尚未登录：请运行 miniport login，或把 MINIPORT_TOKEN 设为 API 令牌",
        )
    return Remote(server, token)


def save_credentials(server: str, email: str, token: str) -> Path:
    directory = config_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / CREDENTIALS_NAME
    fd = os.open(path.with_suffix(".tmp"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump({"server": server, "email": email, "token": token}, fh, indent=2)
    os.replace(path.with_suffix(".tmp"), path)
    return path


# ---- HTTP ---------------------------------------------------------------------------


def call(remote: Remote, method: str, path: str, **kw: Any) -> Any:
    """One API call; API errors and connection problems become exit status 1."""
    try:
        with remote.client() as client:
            r = client.request(method, "/api/v1" + path, **kw)
    except httpx.HTTPError as exc:
        raise _fail(
            f"cannot reach {remote.server}: {exc}; check the server URL and that it is running",
            f"无法连接 {remote.server}，请检查服务器地址以及服务是否在运行",
        ) from None
    return _result(r)


def _localized(diagnostic: dict[str, Any]) -> Any:
    """A compile diagnostic in the user's language (MINIPORT_LANGUAGE or the locale)."""
    from miniport.compiler.messages import language_from_env

    if language_from_env() == "zh-CN" and diagnostic.get("message_zh"):
        return diagnostic["message_zh"]
    return diagnostic.get("message")


def _result(r: httpx.Response) -> Any:
    if r.status_code < 400:
        return r.json() if r.content else None
    try:
        err = r.json()["error"]
    except (ValueError, KeyError, TypeError):
        raise _fail(f"server answered {r.status_code}: {r.text[:300]}") from None
    code = err.get("code", "")
    details = err.get("details") or {}
    for d in details.get("diagnostics", []) if isinstance(details, dict) else []:
        typer.echo(
            f"{d.get('location', d.get('file', '?'))}: {d.get('severity', 'error')}: {_localized(d)}",
            err=True,
        )
    zh = details.get("message_zh") if isinstance(details, dict) else None
    if not zh:
        zh = i18n.message(code, "zh-CN") if code in i18n.MESSAGES else ""
    raise _fail(f"{err.get('message', '')} [{code}]", zh or "")


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _table(rows: list[dict[str, Any]], columns: list[tuple[str, str]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(*[title for _, title in columns])
    for row in rows:
        table.add_row(*["" if row.get(k) is None else str(row.get(k)) for k, _ in columns])
    Console().print(table)


# ---- commands -----------------------------------------------------------------------


def login(
    server: Annotated[
        str, typer.Option(help="Center URL, e.g. https://miniport.example. / 服务器地址")
    ],
    user: Annotated[str, typer.Option(help="Your email. / 邮箱")],
    token_name: Annotated[
        str, typer.Option(help="Name of the token this creates. / 令牌名称")
    ] = "miniport CLI",
    scope: Annotated[
        list[str] | None,
        typer.Option(help="Token scope (repeatable): read, write, review, admin. / 权限范围"),
    ] = None,
) -> None:
    """Log in and keep an API token for later commands. / 登录并保存 API 令牌。"""
    password = os.environ.get("MINIPORT_PASSWORD")
    if not password:
        password = typer.prompt("Password / 密码", hide_input=True)
    remote = Remote(server, None)
    body = {
        "email": user,
        "password": password,
        "name": token_name,
        "scopes": scope or ["read", "write"],
    }
    data = call(remote, "POST", "/auth/token", json=body)
    path = save_credentials(server, user, data["token"])
    typer.echo(
        f"Logged in to {server} as {user}; token saved in {path}. / 已登录，令牌保存在 {path}"
    )


@apps_app.command("create")
def apps_create(
    name: Annotated[str, typer.Option(help="Display name. / 名称")],
    org: Annotated[str | None, typer.Option(help="Owning organization slug. / 所属组织")] = None,
    domain: Annotated[
        list[str] | None, typer.Option(help="Allowed request domain (repeatable). / 合法请求域名")
    ] = None,
    description: Annotated[str | None, typer.Option(help="Description. / 简介")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Create a mini-program and print its appid. / 创建小程序并输出 appid。"""
    body: dict[str, Any] = {"name": name, "org": org, "description": description}
    if domain:
        body["allowed_domains"] = domain
    data = call(load_remote(), "POST", "/apps", json=body)
    if as_json:
        _print_json(data)
    else:
        typer.echo(data["appid"])


@apps_app.command("list")
def apps_list(as_json: JsonOpt = False) -> None:
    """List the mini-programs you can see. / 列出可见的小程序。"""
    data = call(load_remote(), "GET", "/apps")
    if as_json:
        _print_json(data)
        return
    _table(
        data,
        [
            ("appid", "appid"),
            ("name", "name"),
            ("org", "org"),
            ("status", "status"),
            ("trial_version", "trial"),
        ],
    )


IGNORED_DIRS = {
    ".git",
    ".svn",
    ".hg",
    "node_modules",
    ".idea",
    ".vscode",
    "__pycache__",
    ".miniport-cache",
}
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def zip_source(src: Path) -> bytes:
    """Zip a source folder deterministically: sorted names, fixed times, mode 0644.

    The same tree always gives the same bytes, so the center sees identical uploads
    as identical (same sha256) and CI logs are reproducible. Symbolic links are refused
    rather than followed, because the center refuses them too.
    """
    files: list[tuple[str, Path]] = []
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if any(part in IGNORED_DIRS for part in rel.parts):
            continue
        if path.is_symlink():
            raise _fail(
                f"{rel.as_posix()}: symbolic links cannot be uploaded; copy the file instead",
                f"{rel.as_posix()}：不能上传符号链接，请改为复制文件",
            )
        if path.is_file():
            files.append((rel.as_posix(), path))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, path in files:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes())
    return buf.getvalue()


class _ProgressReader(io.BytesIO):
    """Bytes whose reads advance a progress bar (httpx reads uploads in chunks)."""

    def __init__(self, data: bytes, advance: Callable[[int], None]) -> None:
        super().__init__(data)
        self._advance = advance

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self._advance(len(chunk))
        return chunk


def upload(
    src: Annotated[
        Path,
        typer.Argument(help="Source folder, source .zip or built .mpk. / 源码目录、zip 或 .mpk"),
    ],
    app: Annotated[str, typer.Option("--app", help="appid. / 小程序 appid")],
    version: Annotated[str, typer.Option(help="Semantic version, e.g. 1.2.0. / 版本号")],
    notes: Annotated[str, typer.Option(help="Release notes. / 版本说明")] = "",
    as_json: JsonOpt = False,
) -> None:
    """Upload a version; the center compiles sources itself. / 上传版本（服务器端编译源码）。"""
    from rich.progress import BarColumn, DownloadColumn, Progress, TransferSpeedColumn

    if src.is_dir():
        data, filename = zip_source(src), f"{src.resolve().name}.zip"
    elif src.is_file():
        data, filename = src.read_bytes(), src.name
    else:
        raise _fail(f"{src}: no such file or folder", f"{src}：文件或目录不存在")
    remote = load_remote()
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        transient=True,
        disable=as_json,
    ) as progress:
        task = progress.add_task(f"Uploading {filename}", total=len(data))
        reader = _ProgressReader(data, lambda n: progress.advance(task, n))
        result = call(
            remote,
            "POST",
            f"/apps/{app}/versions",
            files={"file": (filename, reader, "application/zip")},
            data={"version": version, "notes": notes},
        )
    if as_json:
        _print_json(result)
        return
    for w in result.get("warnings", []):
        typer.echo(f"{w.get('location', w.get('file', ''))}: warning: {_localized(w)}", err=True)
    typer.echo(
        f"Uploaded {app} {version} ({result['package_size']} bytes, package {result['package_id'][:12]}); "
        f"state {result['state']}. Next: miniport submit {app} {version}\n"
        f"已上传 {app} {version}，状态 {result['state']}。下一步：miniport submit {app} {version}"
    )


def versions(
    appid: Annotated[str, typer.Argument(help="appid")],
    as_json: JsonOpt = False,
) -> None:
    """List a mini-program's versions and their states. / 列出小程序的版本及状态。"""
    data = call(load_remote(), "GET", f"/apps/{appid}/versions")
    if as_json:
        _print_json(data)
        return
    _table(
        data,
        [
            ("version", "version"),
            ("state", "state"),
            ("upload_kind", "kind"),
            ("package_size", "bytes"),
            ("created_at", "uploaded"),
            ("notes", "notes"),
        ],
    )


def submit(
    appid: Annotated[str, typer.Argument(help="appid")],
    version: Annotated[str, typer.Argument(help="X.Y.Z")],
    as_json: JsonOpt = False,
) -> None:
    """Submit an uploaded version for review. / 提交版本审核。"""
    data = call(load_remote(), "POST", f"/apps/{appid}/versions/{version}/submit", json={})
    if as_json:
        _print_json(data)
    else:
        typer.echo(f"{appid} {version}: {data['state']} / 已提交审核")


@tokens_app.command("create")
def tokens_create(
    name: Annotated[str, typer.Option(help="What the token is for, e.g. 'CI'. / 用途")] = "CI",
    scope: Annotated[
        list[str] | None,
        typer.Option(help="Scope (repeatable): read, write, review, admin. / 权限范围"),
    ] = None,
    expires_in_days: Annotated[int | None, typer.Option(help="Expiry in days. / 有效天数")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Create an API token (shown once) for CI: set it as MINIPORT_TOKEN. / 创建 API 令牌（仅显示一次）。"""
    body = {"name": name, "scopes": scope or ["read", "write"], "expires_in_days": expires_in_days}
    data = call(load_remote(), "POST", "/me/tokens", json=body)
    if as_json:
        _print_json(data)
    else:
        typer.echo(data["token"])
        typer.echo(
            "Store it now; it is not shown again. / 请立即保存，令牌不会再次显示。", err=True
        )


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply database migrations (MINIPORT_DATABASE_URL, default SQLite in the data dir). / 执行数据库迁移。"""
    from miniport.center import migrate
    from miniport.center.db import Database
    from miniport.config import load_settings

    settings = load_settings()
    db = Database.from_settings(settings)
    try:
        before = migrate.pending(db)
        migrate.upgrade(db)
    except Exception as exc:
        raise _fail(
            f"migration failed on {db.engine.url.render_as_string(hide_password=True)}: {exc}",
            "数据库迁移失败",
        ) from None
    finally:
        db.dispose()
    applied = ", ".join(before) if before else "nothing to do"
    typer.echo(f"Database is up to date ({applied}). / 数据库已是最新。")
