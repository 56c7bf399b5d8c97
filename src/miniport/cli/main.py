"""Entry point of the `miniport` command.

Each area keeps its commands in its own module under `miniport.cli` and exposes
`register(app)`; this file only assembles them, so areas never edit each other's code.
"""

from __future__ import annotations

import typer

from miniport import __version__
from miniport.cli import center, compile, delivery, dev, serve, tools

app = typer.Typer(
    name="miniport",
    help="Miniport: build, run, publish and deliver WeChat-format mini-programs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"miniport {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Miniport command line."""


for _area in (compile, tools, dev, serve, center, delivery):
    _area.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
