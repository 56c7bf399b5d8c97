"""The plan editor's fields ⇄ delivery's plan document, and errors back on their inputs."""

from __future__ import annotations

from starlette.datastructures import FormData

from miniport.console import plan_form
from miniport.console.pages.plans import estimate
from miniport.delivery.rules import PlanValidationError, parse_plan


def _form(**fields: str) -> FormData:
    return FormData([(k.replace("__", "-"), v) for k, v in fields.items()])


def test_a_ten_percent_rule_becomes_a_valid_plan() -> None:
    form = _form(
        default_version="1.0.0",
        rules__0__id="canary",
        rules__0__percentage="10",
        rules__0__city="Shanghai, Beijing",
        rules__0__os="android",
        rules__0__os_version=">=10",
        rules__0__mode="version",
        rules__0__version="1.1.0",
    )
    document = plan_form.document_from_fields(plan_form.fields_from_form(form))
    plan = parse_plan(document, salt="s")
    rule = plan.rules[0]
    assert rule.id == "canary" and rule.version == "1.1.0"
    assert rule.conditions == {
        "user.city": ["Shanghai", "Beijing"],
        "device.os": "android",
        "device.os_version": ">=10",
        "percentage": 10,
    }
    assert plan.default_version == "1.0.0"


def test_ab_variants_and_rule_order_follow_the_form() -> None:
    form = _form(
        rules__3__mode="version",
        rules__3__user_ids="alice\nbob",
        rules__3__version="2.0.0",
        rules__7__mode="variants",
        rules__7__variant__0__name="A",
        rules__7__variant__0__version="1.0.0",
        rules__7__variant__0__weight="70",
        rules__7__variant__1__name="B",
        rules__7__variant__1__version="1.1.0",
        rules__7__variant__1__weight="30",
    )
    plan = parse_plan(plan_form.document_from_fields(plan_form.fields_from_form(form)))
    assert [r.id for r in plan.rules] == ["rule-1", "rule-2"]
    assert plan.rules[0].conditions == {"user.id": ["alice", "bob"]}
    assert [(v.name, v.version, v.weight) for v in plan.rules[1].variants] == [
        ("A", "1.0.0", 70),
        ("B", "1.1.0", 30),
    ]


def test_a_stored_plan_round_trips_through_the_editor() -> None:
    document = {
        "default_version": "1.0.0",
        "rules": [
            {
                "id": "vip",
                "name": "VIPs in Shenzhen",
                "conditions": {
                    "user.city": "Shenzhen",
                    "user.age": {"min": 18, "max": 30},
                    "device.model": {"regex": "^Mate"},
                    "user.custom.tier": ["gold", "platinum"],
                    "time": {"from": "2026-05-01T00:00:00Z", "to": "2026-06-01T00:00:00Z"},
                },
                "variants": [{"version": "1.1.0", "weight": 1}, {"version": "1.2.0", "weight": 1}],
            }
        ],
        "guardrail": {"max_error_rate_increase": 2.5, "min_launches": 300},
    }
    fields = plan_form.fields_from_document(parse_plan(document, salt="x").to_json())
    again = parse_plan(plan_form.document_from_fields(fields), salt="x")
    assert again.to_json() == parse_plan(document, salt="x").to_json()


def test_validation_errors_land_on_the_input_that_caused_them() -> None:
    form = _form(
        default_version="banana",
        rules__0__percentage="150",
        rules__0__os_version="bigger than ten",
        rules__0__mode="version",
    )
    try:
        parse_plan(plan_form.document_from_fields(plan_form.fields_from_form(form)))
    except PlanValidationError as exc:
        errors = plan_form.errors_by_input(exc.errors)
    else:
        raise AssertionError("the plan should be refused")
    assert set(errors) == {
        "default_version",
        "rules-0-percentage",
        "rules-0-os_version",
        "rules-0-version",
    }
    assert "0..100" in errors["rules-0-percentage"]


def test_estimate_matches_the_percentage() -> None:
    document = {
        "default_version": "1.0.0",
        "rules": [{"id": "r", "conditions": {"percentage": 10}, "version": "1.1.0"}],
    }
    result, errors = estimate(document, "salt", "")
    assert not errors and result is not None
    shares = {row["name"]: row["percent"] for row in result["versions"]}
    assert abs(shares["1.1.0"] - 10) < 1.0 and abs(shares["1.0.0"] - 90) < 1.0


def test_estimate_uses_the_attribute_shares_given() -> None:
    document = {
        "default_version": "1.0.0",
        "rules": [{"id": "sh", "conditions": {"user.city": "Shanghai"}, "version": "1.1.0"}],
    }
    result, errors = estimate(document, "s", '{"user.city": {"Shanghai": 1, "Beijing": 3}}')
    assert not errors and result is not None
    shares = {row["name"]: row["percent"] for row in result["versions"]}
    assert abs(shares["1.1.0"] - 25) < 2.0
    _, bad = estimate(document, "s", '{"user.colour": {"red": 1}}')
    assert "user.colour" in bad["attributes"]
