"""The rules engine: what version a user gets, and which plans are refused at save time."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from miniport.delivery.rules import (
    Context,
    PlanValidationError,
    compile_plan,
    flatten_context,
    parse_plan,
    version_key,
)

NOW = 1_800_000_000.0


def ctx(
    user: dict[str, Any] | None = None,
    device: dict[str, Any] | None = None,
    host: dict[str, Any] | None = None,
    sdk: dict[str, Any] | None = None,
    now: float = NOW,
) -> Context:
    return Context(flatten_context(user, device, host, sdk), now)


def decide(plan: dict[str, Any], context: Context) -> tuple[str | None, str | None]:
    decision = compile_plan(parse_plan(plan)).decide(context)
    return decision.version, decision.rule_id


def test_first_matching_rule_wins_and_default_applies_otherwise() -> None:
    plan = {
        "default_version": "1.0.0",
        "rules": [
            {"id": "staff", "conditions": {"user.id": ["alice", "bob"]}, "version": "2.0.0"},
            {"id": "sh", "conditions": {"user.city": "Shanghai"}, "version": "1.5.0"},
        ],
    }
    assert decide(plan, ctx({"id": "alice", "city": "Shanghai"})) == ("2.0.0", "staff")
    assert decide(plan, ctx({"id": "carol", "city": "shanghai"})) == ("1.5.0", "sh")
    assert decide(plan, ctx({"id": "dave", "city": "Beijing"})) == ("1.0.0", None)
    assert decide(plan, ctx({})) == ("1.0.0", None)


def test_conditions_and_across_fields_or_within_a_list() -> None:
    plan = {
        "default_version": "1.0.0",
        "rules": [
            {
                "conditions": {
                    "user.city": ["Shanghai", "Hangzhou"],
                    "device.os": "android",
                    "device.os_version": ">=12",
                    "device.model": [{"regex": "^pixel"}, "SM-G991B"],
                    "device.network": ["wifi", "5g"],
                    "host.version": ">=8.0.30 <9",
                    "sdk.version": ">=1.2",
                    "user.age": {"min": 18, "max": 35},
                    "user.gender": "female",
                    "user.custom.vip": ["gold", "platinum"],
                    "user.custom.score": {"min": 100},
                },
                "version": "2.0.0",
            }
        ],
    }
    user = {
        "id": "u1",
        "city": "Hangzhou",
        "age": 30,
        "gender": "Female",
        "custom": {"vip": "gold", "score": 150},
    }
    device = {"os": "Android", "os_version": "13", "model": "Pixel 7", "network": "5g"}
    good = dict(user=user, device=device, host={"version": "8.0.32"}, sdk={"version": "1.2.0"})
    assert decide(plan, ctx(**good))[0] == "2.0.0"
    assert decide(plan, ctx(**{**good, "device": {**device, "model": "SM-G991B"}}))[0] == "2.0.0"
    # Breaking any single condition falls back to the default.
    for broken in (
        {"user": {**user, "city": "Beijing"}},
        {"user": {**user, "age": 36}},
        {"user": {**user, "custom": {"vip": "silver", "score": 150}}},
        {"user": {**user, "custom": {"vip": "gold", "score": 99}}},
        {"device": {**device, "os": "ios"}},
        {"device": {**device, "os_version": "11.4"}},
        {"device": {**device, "model": "iPhone15,2"}},
        {"device": {**device, "network": "4g"}},
        {"host": {"version": "9.0.0"}},
        {"sdk": {"version": "1.1.9"}},
    ):
        assert decide(plan, ctx(**{**good, **broken}))[0] == "1.0.0", broken


def test_percentage_bucket_distribution_and_stability() -> None:
    plan = {
        "default_version": "1.0.0",
        "salt": "s1",
        "rules": [{"id": "p", "conditions": {"percentage": 10}, "version": "2.0.0"}],
    }
    compiled = compile_plan(parse_plan(plan))
    counts = Counter(compiled.decide(ctx({"id": f"user-{i}"})).version for i in range(100_000))
    assert abs(counts["2.0.0"] / 100_000 - 0.10) < 0.005
    # Growing the rollout only adds users: everyone in the 10% stays in the 30%.
    wider = compile_plan(
        parse_plan(
            {**plan, "rules": [{"id": "p", "conditions": {"percentage": 30}, "version": "2.0.0"}]}
        )
    )
    for i in range(5_000):
        c = ctx({"id": f"user-{i}"})
        if compiled.decide(c).version == "2.0.0":
            assert wider.decide(ctx({"id": f"user-{i}"})).version == "2.0.0"
    # A different salt reshuffles who is in.
    other = compile_plan(parse_plan({**plan, "salt": "s2"}))
    same = sum(
        compiled.decide(ctx({"id": f"user-{i}"})).version
        == other.decide(ctx({"id": f"user-{i}"})).version
        == "2.0.0"
        for i in range(20_000)
    )
    assert same < 400  # ~1% expected by chance, far from the 2000 a shared bucket would give


def test_percentage_needs_an_identity_and_falls_back_to_device_id() -> None:
    plan = {
        "default_version": "1.0.0",
        "rules": [{"conditions": {"percentage": 100}, "version": "2.0.0"}],
    }
    assert decide(plan, ctx({}))[0] == "1.0.0"
    assert decide(plan, ctx({}, {"id": "device-1"}))[0] == "2.0.0"


def test_ab_variants_are_weighted_and_sticky() -> None:
    plan = {
        "default_version": "1.0.0",
        "salt": "ab",
        "rules": [
            {
                "id": "exp",
                "variants": [
                    {"version": "2.0.0", "weight": 1, "name": "A"},
                    {"version": "2.1.0", "weight": 3, "name": "B"},
                ],
            }
        ],
    }
    compiled = compile_plan(parse_plan(plan))
    counts = Counter(compiled.decide(ctx({"id": f"u{i}"})).variant for i in range(40_000))
    assert abs(counts["A"] / 40_000 - 0.25) < 0.01
    assert abs(counts["B"] / 40_000 - 0.75) < 0.01
    for i in range(200):
        first = compiled.decide(ctx({"id": f"u{i}"}))
        assert all(compiled.decide(ctx({"id": f"u{i}"})) == first for _ in range(3))


def test_time_window_schedule_and_pause() -> None:
    rule = {
        "id": "night",
        "conditions": {"time": {"from": "2027-01-01T00:00:00Z", "to": "2027-01-02T00:00:00+08:00"}},
        "version": "2.0.0",
    }
    plan = {"default_version": "1.0.0", "rules": [rule]}
    inside = 1798761600.0 + 3600  # 2027-01-01T01:00Z
    assert decide(plan, ctx({"id": "u"}, now=inside))[0] == "2.0.0"
    assert decide(plan, ctx({"id": "u"}, now=inside + 86400))[0] == "1.0.0"
    scheduled = {
        "default_version": "1.0.0",
        "start_at": "2027-01-01T00:00:00Z",
        "rules": [{"conditions": {}, "version": "2.0.0"}],
    }
    before = compile_plan(parse_plan(scheduled)).decide(ctx({"id": "u"}, now=inside - 7200))
    assert (before.version, before.reason) == ("1.0.0", "outside_schedule")
    assert decide(scheduled, ctx({"id": "u"}, now=inside))[0] == "2.0.0"
    paused = compile_plan(parse_plan(scheduled), paused=True).decide(ctx({"id": "u"}, now=inside))
    assert (paused.version, paused.reason) == ("1.0.0", "paused")


def test_allowed_callback_skips_rules_this_user_may_not_get() -> None:
    plan = {
        "default_version": "1.0.0",
        "rules": [
            {"id": "trial", "conditions": {"user.id": ["t1", "u2"]}, "version": "3.0.0-trial"},
            {"id": "all", "conditions": {}, "version": "2.0.0"},
        ],
    }
    compiled = compile_plan(parse_plan(plan))
    testers = {"t1"}

    def allowed(version: str, c: Context) -> bool:
        return version != "3.0.0-trial" or c.values.get("user.id") in testers

    assert compiled.decide(ctx({"id": "t1"}), allowed).version == "3.0.0-trial"
    assert compiled.decide(ctx({"id": "u2"}), allowed).version == "2.0.0"


@pytest.mark.parametrize(
    ("plan", "field", "fragment"),
    [
        (
            {"rules": [{"conditions": {"user.citty": "x"}, "version": "1.0.0"}]},
            "rules[0].conditions.user.citty",
            "unknown attribute",
        ),
        (
            {
                "rules": [
                    {"conditions": {"device.model": {"regex": "(unclosed"}}, "version": "1.0.0"}
                ]
            },
            "rules[0].conditions.device.model",
            "bad regex",
        ),
        (
            {"rules": [{"conditions": {"host.version": ">=2 <1"}, "version": "1.0.0"}]},
            "rules[0].conditions.host.version",
            "never match",
        ),
        (
            {"rules": [{"conditions": {"sdk.version": "latest"}, "version": "1.0.0"}]},
            "rules[0].conditions.sdk.version",
            "not a version comparator",
        ),
        (
            {"rules": [{"conditions": {"user.age": {"min": 40, "max": 30}}, "version": "1.0.0"}]},
            "rules[0].conditions.user.age",
            "empty range",
        ),
        (
            {"rules": [{"conditions": {"percentage": 150}, "version": "1.0.0"}]},
            "rules[0].conditions.percentage",
            "0..100",
        ),
        (
            {"rules": [{"conditions": {"user.city": []}, "version": "1.0.0"}]},
            "rules[0].conditions.user.city",
            "empty list",
        ),
        (
            {"rules": [{"conditions": {}, "version": "1.0.0", "variants": []}]},
            "rules[0]",
            "exactly one",
        ),
        (
            {"rules": [{"variants": [{"version": "1.0.0", "weight": 0}]}]},
            "rules[0].variants[0].weight",
            "weight",
        ),
        (
            {"rules": [{"id": "a", "version": "1.0.0"}, {"id": "a", "version": "1.0.0"}]},
            "rules[1].id",
            "duplicate",
        ),
        ({"default_version": "latest"}, "default_version", "not a version"),
        (
            {"start_at": "2027-01-02T00:00:00Z", "end_at": "2027-01-01T00:00:00Z"},
            "end_at",
            "ends before",
        ),
        ({"start_at": "2027-01-02T00:00:00"}, "start_at", "time zone"),
        (
            {"guardrail": {"max_error_rate_increase": -1}},
            "guardrail.max_error_rate_increase",
            "percentage points",
        ),
        ({"rulez": []}, "rulez", "unknown plan field"),
    ],
)
def test_bad_plans_are_refused_naming_the_field(
    plan: dict[str, Any], field: str, fragment: str
) -> None:
    with pytest.raises(PlanValidationError) as err:
        parse_plan(plan)
    assert any(f == field and fragment in m for f, m in err.value.errors), err.value.errors


def test_all_errors_are_reported_at_once() -> None:
    with pytest.raises(PlanValidationError) as err:
        parse_plan({"default_version": "x", "rules": [{"conditions": {"nope": 1}, "version": "y"}]})
    assert {f for f, _ in err.value.errors} == {
        "default_version",
        "rules[0].conditions.nope",
        "rules[0].version",
    }


def test_round_trip_through_json_keeps_the_plan() -> None:
    plan = parse_plan(
        {
            "default_version": "1.0.0",
            "salt": "x",
            "guardrail": {"max_error_rate_increase": 2},
            "rules": [
                {
                    "id": "r",
                    "conditions": {"percentage": {"from": 10, "to": 20}},
                    "variants": [{"version": "2.0.0", "weight": 5}],
                }
            ],
        }
    )
    assert parse_plan(plan.to_json()) == plan


def test_percentages_take_hundredths_but_not_finer() -> None:
    assert parse_plan({"rules": [{"conditions": {"percentage": 10.1}, "version": "1.0.0"}]})
    assert parse_plan(
        {"rules": [{"conditions": {"percentage": {"from": 0.29, "to": 33.33}}, "version": "1.0.0"}]}
    )
    with pytest.raises(PlanValidationError, match="precision"):
        parse_plan({"rules": [{"conditions": {"percentage": 10.001}, "version": "1.0.0"}]})


def test_version_keys() -> None:
    assert version_key("13") == version_key("13.0.0")
    assert version_key("8.0.32") > version_key("8.0.4")
    assert version_key("1.2.0-beta") == version_key("1.2")
