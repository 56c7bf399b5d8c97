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
        if first.generated_password:
            typer.echo(
                f"One-time admin password (shown only now): {first.generated_password}\n"
                f"管理员一次性密码（仅显示这一次）：{first.generated_password}"
            )
    if removed:
        typer.echo(f"Removed {len(removed)} unreferenced blob(s) left by interrupted uploads.")
    seed = _seed_hook()
    if seed is not None and settings.seed_demo:
        seed(ctx)  # type: ignore[operator]
    return create_app(settings, ctx)


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
    typer.echo(f"Miniport on http://{settings.host}:{settings.port}/ (API docs at /docs) / 已启动")
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info")  # type: ignore[arg-type]
