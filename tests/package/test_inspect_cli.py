"""`miniport inspect`: readable tables, JSON for scripts, exit 1 on a bad package."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from miniport.cli.main import app
from miniport.package import package_id

from .zips import rezip, sample_package

runner = CliRunner()


def test_tables_show_parts_pages_and_files(tmp_path: Path) -> None:
    path = tmp_path / "app.mpk"
    path.write_bytes(sample_package())
    result = runner.invoke(app, ["inspect", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = result.output
    assert "wxdemo0001" in out and "1.2.0" in out
    assert "packageA/pages/list/list" in out
    assert "images/logo.png" in out and "512 B" in out
    assert "logic: packageA/logic.js" in out
    assert package_id(path.read_bytes()) in out


def test_json_output_is_the_manifest(tmp_path: Path) -> None:
    data = sample_package()
    path = tmp_path / "app.mpk"
    path.write_bytes(data)
    result = runner.invoke(app, ["inspect", str(path), "--json"])
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert payload["id"] == package_id(data)
    assert payload["size"] == len(data)
    assert [p["name"] for p in payload["manifest"]["parts"]] == ["main", "packageA"]
    assert payload["manifest"]["files"]["images/logo.png"]["size"] == 512


def test_tampered_package_exits_1_with_bilingual_message(tmp_path: Path) -> None:
    path = tmp_path / "bad.mpk"
    path.write_bytes(rezip(sample_package(), {"view.js": b"RENDER()\n"}))
    result = runner.invoke(app, ["inspect", str(path)])
    assert result.exit_code == 1
    assert "'view.js'" in result.stderr and "sha256" in result.stderr
    assert "错误" in result.stderr


def test_missing_file_exits_1(tmp_path: Path) -> None:
    result = runner.invoke(app, ["inspect", str(tmp_path / "nope.mpk")])
    assert result.exit_code == 1
    assert "cannot read" in result.stderr


def test_inspect_a_real_build_with_a_subpackage(tmp_path: Path, repo_root: Path) -> None:
    out = tmp_path / "hello.mpk"
    built = runner.invoke(app, ["build", str(repo_root / "examples/hello-bank"), "-o", str(out)])
    assert built.exit_code == 0, built.output
    result = runner.invoke(app, ["inspect", str(out), "--json"])
    assert result.exit_code == 0, result.output
    manifest = json.loads(result.stdout)["manifest"]
    app_json = json.loads((repo_root / "examples/hello-bank/app.json").read_text())
    assert manifest["pages"][: len(app_json["pages"])] == app_json["pages"]
    parts = {p["name"]: p for p in manifest["parts"]}
    assert set(parts) == {"main", "transfer"}
    assert parts["transfer"]["root"] == "transfer/"
    assert all(f.startswith("transfer/") for f in parts["transfer"]["files"])
    assert "images/" in " ".join(parts["main"]["files"])  # assets are carried over
