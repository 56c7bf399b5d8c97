"""`miniport plan …`: release plans from the command line.

    miniport plan show APPID --host HOST [--json]
    miniport plan set APPID --host HOST FILE [--json]      FILE is a plan document (JSON)
    miniport plan pause APPID --host HOST [--reason TEXT]
    miniport plan resume APPID --host HOST
    miniport plan rollback APPID --host HOST [--to N]
    miniport plan history APPID --host HOST [--json]
    miniport plan delete APPID --host HOST --yes
    miniport plan simulate APPID --host HOST [--users N] [--attributes FILE] [--plan FILE] [--json]

HOST is the host app's id or name. Server and token come from `miniport login` or
MINIPORT_SERVER / MINIPORT_TOKEN, as for every center command. `simulate` fetches the
plan (or reads a draft with --plan) and runs the simulation locally, so a million
users cost the server nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer

from miniport.cli.center import Remote, _fail, _print_json, _result, _table, load_remote
from miniport.delivery.rules import PlanValidationError, compile_plan, parse_plan
from miniport.delivery.simulate import DistributionError, parse_distribution, simulate

plan_app = typer.Typer(
    help="Release plans: gray release, targeting, A/B. / 发布计划：灰度、定向、A/B",
    no_args_is_help=True,
)

HostOpt = Annotated[str, typer.Option("--host", help="Host app id or name. / 宿主应用 ID 或名称")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON. / 以 JSON 输出")]


def register(app: typer.Typer) -> None:
    """Add this area's commands to the root app."""
    app.add_typer(plan_app, name="plan")


def _path(appid: str, host: str, tail: str = "") -> str:
    return f"/api/v1/apps/{appid}/plans/{host}{tail}"


def _call(remote: Remote, method: str, path: str, source: str | None = None, **kw: Any) -> Any:
    """Like the center's `call`, but a refused plan lists every error by field."""
    try:
        with remote.client() as client:
            r = client.request(method, path, **kw)
    except httpx.HTTPError as exc:
        raise _fail(
            f"cannot reach {remote.server}: {exc}; check the server URL and that it is running",
            f"无法连接 {remote.server}，请检查服务器地址以及服务是否在运行",
        ) from None
    if r.status_code == 422:
        try:
            err = r.json()["error"]
        except (ValueError, KeyError, TypeError):
            err = {}
        if err.get("code") == "invalid_plan":
            for item in (err.get("details") or {}).get("errors", []):
                typer.echo(f"{source or 'plan'}: {item['field']}: {item['message']}", err=True)
            raise _fail(
                "the plan was refused; fix the fields listed above and run again",
                "发布计划未通过校验：请按上面列出的字段修改后重试",
            )
    return _result(r)


def _load_json(path: Path, what: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise _fail(f"cannot read {what} {path}: {exc.strerror}", f"无法读取文件 {path}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _fail(
            f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}; fix the file",
            f"{path}:{exc.lineno}:{exc.colno}: JSON 格式错误，请修改文件",
        ) from None


def _print_plan(data: dict[str, Any]) -> None:
    state = "paused / 已暂停" if data["paused"] else "running / 运行中"
    typer.echo(
        f"{data['appid']} in {data['host']['name']} (host {data['host']['id']}), listing: {data['listing']}"
    )
    if data["plan"] is None:
        typer.echo(
            "No release plan: hosts get the latest released version. / 无发布计划：使用最新发布版本。"
        )
        return
    typer.echo(
        f"revision {data['revision']}, {state}"
        + (f": {data['paused_reason']}" if data["paused_reason"] else "")
    )
    plan = data["plan"]
    typer.echo(f"default version / 默认版本: {plan['default_version']}")
    if plan.get("start_at") or plan.get("end_at"):
        typer.echo(
            f"schedule / 生效时间: {plan.get('start_at') or '-'} → {plan.get('end_at') or '-'}"
        )
    if plan.get("guardrail"):
        g = plan["guardrail"]
        typer.echo(
            f"guardrail / 护栏: +{g['max_error_rate_increase']} points after {g['min_launches']} launches"
        )
    rows = []
    for rule in plan["rules"]:
        target = rule.get("version") or ", ".join(
            f"{v['version']}×{v['weight']}" for v in rule["variants"]
        )
        conditions = "; ".join(
            f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in rule["conditions"].items()
        )
        rows.append({"id": rule["id"], "conditions": conditions or "(everyone)", "version": target})
    if rows:
        _table(
            rows,
            [
                ("id", "rule / 规则"),
                ("conditions", "conditions / 条件"),
                ("version", "version / 版本"),
            ],
        )


@plan_app.command("show")
def show(appid: str, host: HostOpt, as_json: JsonOpt = False) -> None:
    """Show the current plan. / 查看当前发布计划。"""
    data = _call(load_remote(), "GET", _path(appid, host))
    if as_json:
        _print_json(data)
    else:
        _print_plan(data)


@plan_app.command("set")
def set_plan(appid: str, file: Path, host: HostOpt, as_json: JsonOpt = False) -> None:
    """Save FILE as the new plan (a new revision). / 保存新的发布计划。"""
    document = _load_json(file, "plan file")
    data = _call(load_remote(), "PUT", _path(appid, host), source=str(file), json=document)
    if as_json:
        _print_json(data)
    else:
        typer.echo(f"Saved revision {data['revision']}. / 已保存第 {data['revision']} 版。")


@plan_app.command("pause")
def pause(
    appid: str, host: HostOpt, reason: Annotated[str, typer.Option(help="Why. / 原因")] = ""
) -> None:
    """Pause the rollout: everyone gets the default version. / 暂停灰度：所有人使用默认版本。"""
    _call(load_remote(), "POST", _path(appid, host, "/pause"), json={"reason": reason})
    typer.echo("Paused. / 已暂停。")


@plan_app.command("resume")
def resume(appid: str, host: HostOpt) -> None:
    """Resume a paused plan. / 恢复已暂停的发布计划。"""
    _call(load_remote(), "POST", _path(appid, host, "/resume"))
    typer.echo("Resumed. / 已恢复。")


@plan_app.command("rollback")
def rollback(
    appid: str,
    host: HostOpt,
    to: Annotated[
        int | None, typer.Option("--to", help="Revision to restore. / 要恢复的版本号")
    ] = None,
) -> None:
    """Restore the previous plan (or revision --to). / 回滚到上一个发布计划。"""
    data = _call(load_remote(), "POST", _path(appid, host, "/rollback"), json={"to_revision": to})
    typer.echo(
        f"Restored revision {data['restored_from']} as revision {data['revision']}. "
        f"/ 已将第 {data['restored_from']} 版恢复为第 {data['revision']} 版。"
    )


@plan_app.command("delete")
def delete(
    appid: str,
    host: HostOpt,
    yes: Annotated[bool, typer.Option("--yes", help="Really delete. / 确认删除")] = False,
) -> None:
    """Delete the plan: hosts get the latest release again. / 删除发布计划，恢复为最新发布版本。"""
    if not yes:
        raise _fail(
            "this deletes the plan and its history; add --yes to confirm",
            "此操作将删除发布计划及其历史；确认请加 --yes",
        )
    _call(load_remote(), "DELETE", _path(appid, host))
    typer.echo("Deleted. / 已删除。")


@plan_app.command("history")
def history(appid: str, host: HostOpt, as_json: JsonOpt = False) -> None:
    """List the plan's revisions. / 列出发布计划的历史版本。"""
    data = _call(load_remote(), "GET", _path(appid, host, "/revisions"))
    if as_json:
        _print_json(data)
        return
    rows = [
        {**r, "rules": len(r["plan"]["rules"]), "default": r["plan"]["default_version"]}
        for r in data
    ]
    _table(
        rows,
        [
            ("revision", "revision / 版本"),
            ("created_at", "at / 时间"),
            ("created_by", "by / 操作人"),
            ("default", "default / 默认"),
            ("rules", "rules / 规则数"),
            ("restored_from", "restored from / 回滚自"),
        ],
    )


@plan_app.command("simulate")
def simulate_cmd(
    appid: str,
    host: HostOpt,
    users: Annotated[int, typer.Option(help="Synthetic users. / 模拟用户数")] = 100_000,
    attributes: Annotated[
        Path | None, typer.Option(help="Attribute distribution (JSON). / 属性分布文件")
    ] = None,
    plan: Annotated[
        Path | None, typer.Option(help="A draft plan to try instead of the saved one. / 草稿计划")
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed. / 随机种子")] = 0,
    as_json: JsonOpt = False,
) -> None:
    """How many users get each version under the plan. / 模拟各版本覆盖的用户数。"""
    if users < 1 or users > 50_000_000:
        raise _fail("--users must be between 1 and 50000000", "--users 须在 1 到 50000000 之间")
    if plan is not None:
        document, source = _load_json(plan, "plan file"), str(plan)
        salt = None
    else:
        saved = _call(load_remote(), "GET", _path(appid, host))
        if saved["plan"] is None:
            raise _fail(
                f"{appid} has no plan in host {host}; pass --plan FILE",
                f"{appid} 在该宿主中没有发布计划",
            )
        document, source, salt = saved["plan"], "saved plan", saved["plan"].get("salt")
    try:
        compiled = compile_plan(parse_plan(document, salt=salt))
        distribution = (
            parse_distribution(_load_json(attributes, "attributes file")) if attributes else None
        )
    except PlanValidationError as exc:
        for field, message in exc.errors:
            typer.echo(f"{source}: {field}: {message}", err=True)
        raise _fail(
            "the plan is invalid; fix the fields listed above", "发布计划无效：请修改上面列出的字段"
        ) from None
    except DistributionError as exc:
        raise _fail(f"{attributes}: {exc}", f"{attributes}: 属性分布文件有误") from None
    result = simulate(compiled, users, distribution, seed=seed).as_json()
    if as_json:
        _print_json(result)
        return
    typer.echo(f"{users} synthetic users / 模拟用户")
    _table(
        result["versions"],
        [("name", "version / 版本"), ("users", "users / 用户数"), ("percent", "% / 占比")],
    )
    _table(
        result["rules"],
        [("name", "rule / 规则"), ("users", "users / 用户数"), ("percent", "% / 占比")],
    )
