"""`miniport vtree`: the tree a template builds, from Miniport or (--reference) from wcc."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from miniport.cli.main import app

CORPUS = Path(__file__).parent / "corpus"
runner = CliRunner()


def vtree(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["vtree", *args], env=env)


def test_reference_tree_from_wcc(node_modules: Path) -> None:
    result = vtree(
        str(CORPUS / "if-elif-else"),
        "index.wxml",
        "--data",
        '{"strFalse": "false", "n": 2}',
        "--reference",
    )
    assert result.exit_code == 0, result.output
    tree = json.loads(result.stdout)
    texts = [node["children"][0] for node in tree if isinstance(node, dict)]
    assert texts[0] == 'string "false" is truthy'
    assert "two" in texts and "many" not in texts
    assert all(not node["tag"].startswith("wx-") for node in tree if isinstance(node, dict))


def test_miniport_tree_matches_reference_for_the_same_input(
    node_modules: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data.json"
    data.write_text(json.dumps({"groups": [{"id": 1, "title": "T", "items": ["a", "b"]}]}))
    args = [str(CORPUS / "for-nested"), "index.wxml", "--data", f"@{data}"]
    ours, theirs = vtree(*args), vtree(*args, "--reference")
    assert ours.exit_code == 0 and theirs.exit_code == 0, ours.output + theirs.output
    assert json.loads(ours.stdout) == json.loads(theirs.stdout)
    assert "0.1 b of T" in ours.stdout


def test_events_and_templates_are_normalised(node_modules: Path) -> None:
    result = vtree(str(CORPUS / "events"), "index.wxml", "--data", "{}", "--reference")
    first = json.loads(result.stdout)[0]
    assert first["attr"]["bind:tap"] == "onTap"
    catch = json.loads(result.stdout)[2]
    assert catch["attr"]["catch:tap"] == "onCatch" and catch["attr"]["catch:longpress"] == "onLong"


def test_bad_json_data_exits_1_in_both_languages() -> None:
    result = vtree(str(CORPUS / "hidden"), "index.wxml", "--data", "{nope")
    assert result.exit_code == 1
    assert "not valid JSON at line 1 column 2" in result.stderr
    assert "不是有效的 JSON" in result.stderr


def test_missing_data_file_exits_1(tmp_path: Path) -> None:
    result = vtree(str(CORPUS / "hidden"), "index.wxml", "--data", f"@{tmp_path / 'none.json'}")
    assert result.exit_code == 1
    assert "cannot read" in result.stderr


def test_missing_wxml_exits_1() -> None:
    result = vtree(str(CORPUS / "hidden"), "nope.wxml", "--reference")
    assert result.exit_code == 1
    assert "nope.wxml does not exist" in result.stderr


def test_wrong_wcc_location_is_a_clear_error(tmp_path: Path) -> None:
    result = vtree(
        str(CORPUS / "hidden"), "index.wxml", "--reference", env={"MINIPORT_WCC_DIR": str(tmp_path)}
    )
    assert result.exit_code == 1
    assert f"MINIPORT_WCC_DIR={tmp_path} holds no miniprogram-compiler package" in result.stderr


@pytest.mark.parametrize("flag", [[], ["--reference"]])
def test_compile_errors_exit_1_with_position(
    node_modules: Path, tmp_path: Path, flag: list[str]
) -> None:
    (tmp_path / "index.wxml").write_text("<view>{{ a + }}</view>\n")
    result = vtree(str(tmp_path), "index.wxml", *flag)
    assert result.exit_code == 1
    assert "index.wxml:1:" in result.stderr
