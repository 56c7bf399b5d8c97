"""Every example mini-program in examples/ runs in the simulator without runtime errors,
and hello-bank's flow reaches a page in its subpackage through a component event.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import expect_texts, shell

pytestmark = pytest.mark.browser

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NAMES = sorted(p.parent.name for p in EXAMPLES.glob("*/app.json"))

COMPOSED_TEXT = """() => {
  const walk = (node) => {
    let out = '';
    for (const child of node.childNodes) {
      if (child.nodeType === 3) out += child.data;
      else if (child.nodeType === 1) out += (child.shadowRoot && child.localName !== 'wx-text' ? walk(child.shadowRoot) : '') + walk(child);
    }
    return out;
  };
  const page = document.querySelector('.mp-page[aria-hidden="false"] .mp-page-body');
  return walk(page.shadowRoot).replace(/\\s+/g, ' ').trim();
}"""


@pytest.mark.parametrize("name", NAMES)
def test_example_runs_without_errors(page, serve_app, name: str) -> None:  # type: ignore[no-untyped-def]
    frame = serve_app(name, src=EXAMPLES / name).open(page)
    app_json = json.loads((EXAMPLES / name / "app.json").read_text())
    assert frame.evaluate(COMPOSED_TEXT), "the first page shows nothing"
    if app_json.get("tabBar"):
        assert shell(page, ".tabbar").is_visible()
    page.wait_for_timeout(300)
    assert page.locator("#problems li").count() == 0, page.locator("#problems").inner_text()


def test_hello_bank_opens_its_subpackage_page(page, serve_app) -> None:  # type: ignore[no-untyped-def]
    if "hello-bank" not in NAMES:
        pytest.skip("examples/hello-bank is not there")
    frame = serve_app("hello-bank", src=EXAMPLES / "hello-bank").open(page)
    frame.locator("account-card").first.click()
    page.wait_for_function(
        "() => document.querySelector('#mp').shadowRoot.querySelector('.nav h1').textContent === 'Transfer'"
    )
    assert shell(page, ".back").is_visible()
    shell(page, ".back").click()
    expect_texts(frame.locator('.mp-page[aria-hidden="false"] .greeting'), ["Hello, Ada Lovelace"])
