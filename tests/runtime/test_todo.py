"""The todo example end to end: forms with model: binding, keyed list updates, custom
components with slots, observers and lifetimes, storage that survives a relaunch,
navigation with a query, and an error that reaches App.onError without breaking the page.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import expect_texts, shell

pytestmark = pytest.mark.browser


def add_todo(frame, title: str) -> None:  # type: ignore[no-untyped-def]
    frame.locator("#new-title input").fill(title)
    frame.locator("#add").click()


def test_typing_adding_toggling_and_removing(page, serve_app) -> None:  # type: ignore[no-untyped-def]
    app = serve_app("todo")
    frame = app.open(page)
    assert shell(page, ".nav h1").inner_text() == "Todos"
    assert frame.locator(".empty").text_content() == "Nothing to do"

    frame.locator("#new-title input").fill("Buy milk")
    # model:value writes the typed text back to the page's data, which re-renders.
    frame.locator(".draft-echo").filter(has_text="Draft: Buy milk").wait_for()
    frame.locator("#add").click()
    expect_texts(frame.locator("todo-item .title"), ["Buy milk"])
    # The draft is cleared by setData, and the input shows it.
    assert frame.locator("#new-title input").input_value() == ""

    add_todo(frame, "Walk dog")
    add_todo(frame, "Write tests")
    expect_texts(frame.locator("todo-item .title"), ["Buy milk", "Walk dog", "Write tests"])
    # Slotted content from the page renders inside each item.
    expect_texts(frame.locator("todo-item .note"), ["#1", "#2", "#3"])
    # Observers on 'total, done' computed the counter; named slot shows the title.
    expect_texts(frame.locator("todo-counter .left"), ["3 left"])
    assert frame.locator("todo-counter .counter-title").text_content() == "My list"

    rows_before = frame.locator("todo-item").evaluate_all(
        "els => els.map(e => { e.__probe = 1; return 1; })"
    )
    assert len(rows_before) == 3
    frame.locator("todo-item").nth(1).locator(".check").click()
    frame.locator("todo-counter .left").filter(has_text="2 left").wait_for()
    # The 'item.done' observer in the component set the class for the row.
    expect(frame.locator("todo-item").nth(1).locator(".item")).to_have_class("item done")
    # A one-row update did not re-create the other rows (keyed diff).
    assert (
        frame.locator("todo-item").evaluate_all("els => els.map(e => e.__probe === 1)")
        == [True] * 3
    )

    # catchtap on Delete removes only that row and does not also toggle it.
    frame.locator("todo-item").nth(0).locator(".remove").click()
    expect_texts(frame.locator("todo-item .title"), ["Walk dog", "Write tests"])
    expect_texts(frame.locator("todo-item .note"), ["#1", "#2"])
    expect_texts(frame.locator("todo-counter .left"), ["1 left"])


def test_empty_title_shows_a_toast(page, serve_app) -> None:  # type: ignore[no-untyped-def]
    frame = serve_app("todo").open(page)
    frame.locator("#add").click()
    toast = page.locator("#mp").get_by_text("Type a title first")
    toast.wait_for()
    assert toast.is_visible()


def test_component_lifetimes_run_in_order(page, serve_app) -> None:  # type: ignore[no-untyped-def]
    frame = serve_app("todo").open(page)
    frame.locator("todo-counter .lifecycle").filter(has_text="created>attached>ready").wait_for()


def test_storage_survives_a_relaunch(page, serve_app) -> None:  # type: ignore[no-untyped-def]
    app = serve_app("todo")
    frame = app.open(page)
    add_todo(frame, "Persist me")
    expect_texts(frame.locator("todo-item .title"), ["Persist me"])
    assert "launches 1" in frame.locator(".launches").text_content()
    page.wait_for_timeout(200)  # the write-through to the host is asynchronous
    frame = app.open(page)
    expect_texts(frame.locator("todo-item .title"), ["Persist me"])
    assert "launches 2" in frame.locator(".launches").text_content()


def test_navigation_with_query_title_back_and_on_error(page, serve_app) -> None:  # type: ignore[no-untyped-def]
    app = serve_app("todo")
    frame = app.open(page)
    add_todo(frame, "One")
    expect_texts(frame.locator("todo-item .title"), ["One"])
    frame.locator("#to-stats").click()
    frame.locator(".from").filter(has_text="Opened from index").wait_for()
    assert "1 todos stored" in frame.locator(".count").text_content()
    # setNavigationBarTitle changed the host's bar; the back button appeared.
    page.wait_for_function(
        "() => document.querySelector('#mp').shadowRoot.querySelector('.nav h1').textContent === 'Stats (1)'"
    )
    assert shell(page, ".back").is_visible()

    # An exception in a handler goes to App.onError and the simulator's problems list
    # with the source position; the page keeps working.
    frame.locator("#boom").click()
    frame.locator(".errors").filter(has_text="Cannot read properties of null").wait_for()
    problems = page.locator("#problems")
    problems.filter(has_text="pages/stats/stats.js:").wait_for()
    assert "pages/stats/stats.js:17:10" in problems.inner_text()

    shell(page, ".back").click()
    frame.locator("#new-title").wait_for()
    page.wait_for_function(
        "() => document.querySelector('#mp').shadowRoot.querySelector('.nav h1').textContent === 'Todos'"
    )
    assert not shell(page, ".back").is_visible()
    expect_texts(frame.locator("todo-item .title"), ["One"])
