"""`miniport serve`: the whole platform on one machine.

Creates the data dir, applies migrations, creates the operator admin on first start
(printing a generated one-time password unless MINIPORT_ADMIN_PASSWORD is set),
removes blobs left by an interrupted upload, seeds the demo through `DEMO_SEED_HOOK`
when that module exists (a later issue writes it), and runs uvicorn.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from typing import Annotated

import typer

DEMO_SEED_HOOK = "miniport.demo.seed:seed"
"""`seed(ctx) -> None`, called on every start when MINIPORT_SEED_DEMO is true; it must
be idempotent. Absent until the demo issue lands; then nothing here changes."""


def register(app: typer.Typer) -> None:
    """Add this area's commands to the root app."""
    app.command("serve")(serve)


def _seed_hook() -> object | None:
    module_name, _, func = DEMO_SEED_HOOK.partition(":")
    try:
        if importlib.util.find_spec(module_name) is None:
            return None
    except ModuleNotFoundError:
        return None
    return getattr(importlib.import_module(module_name), func, None)


def prepare(settings: object) -> object:
    """Everything `serve` does before listening; returns the FastAPI app."""
    from miniport.center import migrate
    from miniport.center.app import build_context, create_app
    from miniport.center.services.bootstrap import ensure_operator
    from miniport.center.services.versions import sweep_orphans
    from miniport.config import Settings

    assert isinstance(settings, Settings)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    ctx = build_context(settings)
    migrate.upgrade(ctx.db)
    with ctx.db.session() as session:
        first = ensure_operator(session, settings)
        removed = sweep_orphans(session, ctx)
    if first.created:
        typer.echo(
            f"Created the operator organization and its admin {first.admin_email}. / "
            f"已创建运营方组织和管理员 {first.admin_email}。"
        )
    if removed:
        typer.echo(f"Removed {len(removed)} unreferenced blob(s) left by interrupted uploads.")
    seed = _seed_hook()
    if seed is not None and settings.seed_demo:
        if first.created:
            typer.echo(
                "Seeding the demo: compiling, reviewing and listing the sample mini-programs… / "
                "正在准备演示数据：编译、审核并上架示例小程序…"
            )
        seed(ctx)  # type: ignore[operator]
    app = create_app(settings, ctx)
    app.state.first_start = first
    return app


def _admin_email(app: object) -> str:
    from miniport.center.services.bootstrap import operator_admin

    ctx = app.state.ctx  # type: ignore[attr-defined]
    with ctx.db.session() as session:
        admin = operator_admin(session)
        return admin.email if admin else "?"


def banner(app: object, settings: object) -> str:
    """What a newcomer needs after `miniport serve`: where things are and how to sign in."""
    host = settings.host  # type: ignore[attr-defined]
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    base = f"http://{shown}:{settings.port}"  # type: ignore[attr-defined]
    first = app.state.first_start  # type: ignore[attr-defined]
    email = first.admin_email if first.created else _admin_email(app)
    if first.created and first.generated_password:
        password = f"{first.generated_password}   (one-time: shown only now / 仅显示这一次)"
    elif settings.admin_password:  # type: ignore[attr-defined]
        password = "from MINIPORT_ADMIN_PASSWORD / 来自环境变量 MINIPORT_ADMIN_PASSWORD"
    else:
        password = "as printed at the first start / 见首次启动时的输出"
    rows = [
        ("Demo host app / 演示宿主应用", f"{base}/demo/"),
        ("Console / 控制台", f"{base}/console/"),
        ("API docs / 接口文档", f"{base}/docs"),
        ("Admin / 管理员", email),
        ("Password / 密码", password),
        ("Data / 数据目录", str(Path(settings.data_dir).resolve())),  # type: ignore[attr-defined]
    ]
    width = max(len(label) for label, _ in rows) + 2
    lines = [f"Miniport is ready / 已就绪  {base}/"]
    lines += [f"  {label.ljust(width)}{value}" for label, value in rows]
    return "\n".join(lines)


def serve(
    port: Annotated[
        int | None, typer.Option(help="TCP port (default 8000 or MINIPORT_PORT). / 端口")
    ] = None,
    host: Annotated[
        str | None, typer.Option(help="Interface to bind (default 127.0.0.1). / 监听地址")
    ] = None,
    data_dir: Annotated[
        Path | None, typer.Option(help="State directory (MINIPORT_DATA_DIR). / 数据目录")
    ] = None,
) -> None:
    """Run the management center, host API, runtime and console. / 运行整个平台。"""
    import uvicorn

    from miniport.config import load_settings

    settings = load_settings(port=port, host=host, data_dir=data_dir)
    try:
        app = prepare(settings)
    except Exception as exc:
        typer.echo(f"error: cannot start: {exc}\n错误：无法启动：{exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(banner(app, settings))
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info")  # type: ignore[arg-type]
