"""`miniport dev SRC [--port N]`: the simulator with live rebuild."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add this area's commands to the root app."""

    @app.command("dev")
    def dev(
        src: Annotated[
            Path,
            typer.Argument(help="Mini-program source folder (holds app.json). / 小程序源码目录"),
        ],
        port: Annotated[
            int, typer.Option("--port", "-p", help="Port to listen on. / 监听端口")
        ] = 8100,
        host: Annotated[
            str, typer.Option("--host", help="Interface to bind. / 绑定地址")
        ] = "127.0.0.1",
        request_domain: Annotated[
            list[str] | None,
            typer.Option(
                "--request-domain",
                help="Allowed wx.request domain (repeatable); default: all, like DevTools. / 允许的请求域名",
            ),
        ] = None,
    ) -> None:
        """Run a mini-program in the browser simulator; rebuilds on every change. / 在模拟器中运行小程序，修改后自动重新编译。"""
        import uvicorn

        from miniport.dev.builder import DevBuilder
        from miniport.dev.server import create_dev_app

        if not src.is_dir():
            typer.echo(
                f"error: {src} is not a folder; pass the mini-program folder that holds app.json\n"
                f"错误：{src} 不是目录；请传入包含 app.json 的小程序目录",
                err=True,
            )
            raise typer.Exit(1)
        builder = DevBuilder(src)
        app_ = create_dev_app(builder, request_domains=request_domain or None)
        url = f"http://{host}:{port}/"
        typer.echo(
            f"Miniport simulator: {url}\n模拟器地址：{url}\n(Ctrl+C to stop / 按 Ctrl+C 停止)"
        )
        uvicorn.run(app_, host=host, port=port, log_level="warning")
