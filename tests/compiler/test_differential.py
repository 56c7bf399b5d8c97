"""Miniport's WXML compiler against WeChat's own (wcc): semantics corpus and npm corpora.

Each folder of tests/compiler/corpus is a tiny project whose index.wxml is rendered by
both compilers with the folder's data*.json; the trees must be equal unless the folder
holds a known-difference.txt saying why not (such a case is an expected failure; if it
agrees after all, it passes and the summary says the note can go). The npm corpora (@vant/weapp and
weui-miniprogram) are rendered with each component's initial data; their agreement
rate is printed in the "wcc agreement" section at the end of the pytest run.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from miniport.compiler.reference import (
    Comparison,
    compare,
    compare_many,
    load_semantics_corpus,
    npm_corpora,
    run_npm_corpus,
    summary,
)

CORPUS = Path(__file__).parent / "corpus"
CASES = load_semantics_corpus(CORPUS)


class AgreementReport:
    """Collects comparisons during the run and prints the rates in the terminal summary."""

    def __init__(self) -> None:
        self.runs: dict[str, list[Comparison]] = {}
        self.notes: list[str] = []
        self.known: set[str] = set()

    def add(self, name: str, comparisons: Sequence[Comparison]) -> None:
        self.runs.setdefault(name, []).extend(comparisons)

    def pytest_terminal_summary(self, terminalreporter) -> None:  # type: ignore[no-untyped-def]
        if not self.runs:
            return
        terminalreporter.section("wcc agreement")
        for name, comparisons in self.runs.items():
            terminalreporter.write_line(summary(name, comparisons))
            for c in comparisons:
                if not c.agrees:
                    known = " (known difference)" if c.name in self.known else ""
                    terminalreporter.write_line(f"    differs: {c.name}{known}")
        for note in self.notes:
            terminalreporter.write_line(note)


@pytest.fixture(scope="session")
def agreement(pytestconfig: pytest.Config) -> AgreementReport:
    report = AgreementReport()
    pytestconfig.pluginmanager.register(report, "miniport-wcc-agreement")
    return report


def test_corpus_covers_every_construct_issue_2_names() -> None:
    names = {c.name for c in CASES}
    required = {
        "text-interpolation", "attributes-mixed", "expressions", "if-elif-else",
        "for-array", "for-number-string-object", "for-nested", "for-key", "block",
        "hidden", "template-scope", "import-not-transitive", "include", "wxs-inline",
        "wxs-src", "events", "model", "slot", "spread-data", "custom-components",
    }  # fmt: skip
    assert required <= names, f"missing corpus cases: {sorted(required - names)}"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_semantics_case_agrees_with_wcc(case, node_modules, agreement) -> None:  # type: ignore[no-untyped-def]
    comparisons = compare_many(
        case.root, [(case.entry, label, data) for label, data in case.data.items()]
    )
    agreement.add("semantics corpus", comparisons)
    for c in comparisons:
        assert c.reference_error is None, f"wcc could not render the case: {c.reference_error}"
    disagreeing = [c for c in comparisons if not c.agrees]
    if case.known_difference and disagreeing:
        agreement.known.update(c.name for c in disagreeing)
        pytest.xfail(case.known_difference)
    if case.known_difference:
        # Fixed meanwhile (perhaps by another engineer): pass, and say the note can go.
        agreement.notes.append(f"{case.name} agrees now; its known-difference.txt can go")
    assert not disagreeing, "\n\n".join(c.report() for c in disagreeing)


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["vant", "weui"])
def test_npm_corpus(name: str, node_modules: Path, agreement) -> None:  # type: ignore[no-untyped-def]
    corpus = {c.name: c for c in npm_corpora(node_modules)}[name]
    comparisons = run_npm_corpus(corpus)
    agreement.add(f"{name} (every WXML file; defaults and flipped data)", comparisons)
    assert {c.wxml for c in comparisons} == {
        p.relative_to(corpus.wxml_root).as_posix() for p in corpus.wxml_root.rglob("*.wxml")
    }
    # Miniport must compile every WXML file of the library (issue 2: zero errors).
    compile_errors = [
        c for c in comparisons if c.miniport_error and "CompileError" in c.miniport_error
    ]
    assert not compile_errors, "\n\n".join(c.report() for c in compile_errors)
    # The oracle itself must have worked for the rate to mean anything.
    rendered = [c for c in comparisons if c.reference is not None]
    assert len(rendered) >= 0.9 * len(comparisons)


# --- the harness itself: it must notice differences, and say where they are -------


def test_harness_reports_a_wrong_tree(node_modules: Path) -> None:
    case = CORPUS / "if-elif-else"

    def wrong(root: Path, wxml: str, data: object) -> list[object]:
        return [{"tag": "view", "attrs": {"class": "x"}, "children": ["zero is falsy"]}]

    [result] = compare_many(case, [("index.wxml", "", {"strFalse": "false"})], wrong)
    assert not result.agrees
    assert any("Miniport has extra attribute class" in d for d in result.diffs)
    assert any("Miniport has nothing" in d for d in result.diffs)
    assert "--- wcc" in result.report() and "+++ miniport" in result.report()


def test_harness_reports_a_compiler_crash(node_modules: Path) -> None:
    def crash(root: Path, wxml: str, data: object) -> list[object]:
        raise RuntimeError("boom at index.wxml:1:1")

    [result] = compare_many(CORPUS / "hidden", [("index.wxml", "", {})], crash)
    assert not result.agrees
    assert "boom at index.wxml:1:1" in result.report()


def test_string_false_is_truthy_in_wcc_and_miniport(node_modules: Path) -> None:
    result = compare(CORPUS / "if-elif-else", "index.wxml", {"strFalse": "false"})
    assert result.agrees, result.report()
    assert result.reference is not None
    assert result.reference[0] == {
        "tag": "view",
        "attr": {},
        "children": ['string "false" is truthy'],
    }


# --- normalisation: both trees reach the same shape without hiding real differences ---


def test_wcc_raw_tree_is_flattened_and_canonicalised() -> None:
    from miniport.compiler.reference import WXS_FUNCTION, normalise_reference

    raw = {
        "tag": "wx-page",
        "children": [
            {
                "tag": "virtual",
                "wxKey": 0,
                "children": ["a", {"tag": "virtual", "children": ["b"]}],
            },
            "",
            {
                "tag": "wx-view",
                "attr": {
                    "bindtap": "onTap",
                    "catch:longpress": "onLong",
                    "scrollY": True,
                    "data-user-name": "x",
                    "value": "v",
                    "gone": {"$js": "undefined"},
                    "$wxs:bindtouchstart": {"$js": "function"},
                    "$gdc": {"$js": "function"},
                },
                "rawAttr": {"model:value": "{{ form.name }}"},
                "generics": {"wx-cell": "wx-plain-cell"},
                "children": [],
                "raw": {},
            },
        ],
    }
    assert normalise_reference(raw) == [
        "ab",
        {
            "tag": "view",
            "attr": {
                "bind:tap": "onTap",
                "bind:touchstart": WXS_FUNCTION,
                "catch:longpress": "onLong",
                "data-user-name": "x",
                "generic:cell": "plain-cell",
                "model:value": "form.name",
                "scrollY": True,
                "value": "v",
            },
            "children": [],
        },
    ]


def test_miniport_vnodes_reach_the_same_shape() -> None:
    from miniport.compiler.reference import normalise_miniport

    vnodes = [
        "a",
        "b",
        {
            "tag": "view",
            "attrs": {"scroll-y": True, "data-user-name": "x", "value": "v"},
            "events": [
                {"name": "tap", "handler": "onTap", "capture": False, "catch": False, "mut": False},
                {
                    "name": "longpress",
                    "handler": "onLong",
                    "capture": False,
                    "catch": True,
                    "mut": False,
                },
                {
                    "name": "touchstart",
                    "handler": {"$js": "function"},
                    "capture": False,
                    "catch": False,
                    "mut": False,
                },
                {"name": "success", "capture": False, "catch": False, "mut": False},
            ],
            "models": {"value": "form.name"},
            "children": [],
        },
    ]
    [text, view] = normalise_miniport(vnodes)
    assert text == "ab"
    assert view["attr"] == {
        "bind:tap": "onTap",
        "bind:touchstart": {"$js": "function"},
        "catch:longpress": "onLong",
        "data-user-name": "x",
        "model:value": "form.name",
        "scrollY": True,
        "value": "v",
    }


def test_values_compare_as_javascript_sees_them() -> None:
    from miniport.compiler.reference import same_value

    assert same_value(1, 1.0)
    assert not same_value(True, 1)
    assert not same_value("1", 1)
    assert not same_value({"a": [1, True]}, {"a": [1, 1]})
    assert same_value({"a": [1, None]}, {"a": [1.0, None]})
