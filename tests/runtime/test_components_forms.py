"""Built-in form controls in real Chromium: button, input, textarea, checkbox(-group),
radio(-group), switch, slider, form and label, driven by clicks and typing."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "components_harness", Path(__file__).parent / "components_harness" / "harness.py"
)
harness = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(harness)

pytestmark = pytest.mark.browser
harness_url, hp = harness.harness_url, harness.hp
mount, settle, events, requests = harness.mount, harness.settle, harness.events, harness.requests


# ---- input ---------------------------------------------------------------------


def test_input_typing_fires_input_with_wechat_detail_and_no_native_leak(hp) -> None:  # type: ignore[no-untyped-def]
    mount(
        hp,
        '<wx-input id="name" placeholder="Your name"></wx-input>',
        {"wx-input": ["input", "focus", "blur", "confirm"]},
    )
    field = hp.locator("#name input")
    assert field.get_attribute("placeholder") == "Your name"
    field.click()
    hp.keyboard.type("ab")
    hp.keyboard.press("Enter")
    got = events(hp)
    assert all(e["custom"] for e in got), "a native event escaped the shadow root"
    inputs = [e["detail"] for e in got if e["type"] == "input"]
    assert inputs == [
        {"value": "a", "cursor": 1, "keyCode": 65},
        {"value": "ab", "cursor": 2, "keyCode": 66},
    ]
    assert events(hp, "focus")[0]["detail"]["value"] == ""
    assert events(hp, "confirm")[0]["detail"] == {"value": "ab"}
    # confirm without confirm-hold blurs the field.
    assert events(hp, "blur")[0]["detail"] == {"value": "ab", "cursor": 2}
    assert not got[0]["bubbles"]


def test_input_number_type_maxlength_and_password(hp) -> None:  # type: ignore[no-untyped-def]
    mount(
        hp,
        '<wx-input id="n" type="number" maxlength="4"></wx-input><wx-input id="p" password></wx-input>',
    )
    hp.locator("#n input").click()
    hp.keyboard.type("1a2b345")
    assert hp.locator("#n input").input_value() == "1234"
    assert hp.locator("#p input").get_attribute("type") == "password"


def test_input_value_property_and_handler_replacement(hp) -> None:  # type: ignore[no-untyped-def]
    mount(hp, '<wx-input id="i"></wx-input>')
    hp.evaluate("document.querySelector('#i').value = 'from page'")
    hp.wait_for_function(
        "document.querySelector('#i').shadowRoot.querySelector('input').value === 'from page'"
    )
    # The page's bindinput handler returned an upper-cased value: the view layer applies it.
    hp.locator("#i input").click()
    hp.keyboard.press("End")
    hp.keyboard.type("x")
    hp.evaluate("document.querySelector('#i').replaceValue('FROM PAGEX')")
    assert hp.locator("#i input").input_value() == "FROM PAGEX"


def test_textarea_auto_height_grows_and_reports_linechange(hp) -> None:  # type: ignore[no-untyped-def]
    mount(
        hp,
        '<wx-textarea id="t" auto-height style="width:200px"></wx-textarea>',
        {"wx-textarea": ["input", "linechange"]},
    )
    before = hp.locator("#t").bounding_box()["height"]
    hp.locator("#t textarea").click()
    hp.keyboard.type("one")
    hp.keyboard.press("Enter")
    hp.keyboard.type("two")
    hp.keyboard.press("Enter")
    hp.keyboard.type("three")
    after = hp.locator("#t").bounding_box()["height"]
    assert after > before * 2
    changes = events(hp, "linechange")
    assert [c["detail"]["lineCount"] for c in changes] == [2, 3]
    assert events(hp, "input")[-1]["detail"]["value"] == "one\ntwo\nthree"


# ---- checkbox, radio, switch -------------------------------------------------------


def test_checkbox_group_change_lists_checked_values_in_order(hp) -> None:  # type: ignore[no-untyped-def]
    mount(
        hp,
        """
      <wx-checkbox-group id="g">
        <wx-checkbox id="a" value="apple">Apple</wx-checkbox>
        <wx-checkbox id="b" value="banana" checked>Banana</wx-checkbox>
        <wx-checkbox id="c" value="cherry" disabled>Cherry</wx-checkbox>
      </wx-checkbox-group>""",
        {"wx-checkbox-group": ["change"]},
    )
    assert hp.get_attribute("#b", "aria-checked") == "true"
    assert hp.get_attribute("#b", "role") == "checkbox"
    hp.click("#a")
    hp.click("#c", force=True)  # disabled: nothing happens
    hp.focus("#b")
    hp.keyboard.press("Space")
    got = [e["detail"] for e in events(hp, "change")]
    assert got == [{"value": ["apple", "banana"]}, {"value": ["apple"]}]
    assert hp.get_attribute("#a", "aria-checked") == "true"
    assert hp.get_attribute("#c", "aria-checked") == "false"


def test_radio_group_keeps_one_choice_and_reports_it(hp) -> None:  # type: ignore[no-untyped-def]
    mount(
        hp,
        """
      <wx-radio-group id="g">
        <wx-radio id="r1" value="s">Small</wx-radio>
        <wx-radio id="r2" value="m" checked>Medium</wx-radio>
        <wx-radio id="r3" value="l">Large</wx-radio>
      </wx-radio-group>""",
        {"wx-radio-group": ["change"]},
    )
    assert hp.get_attribute("#g", "role") == "radiogroup"
    hp.click("#r3")
    hp.click("#r3")  # already chosen: no second change
    assert [hp.get_attribute(f"#r{i}", "aria-checked") for i in (1, 2, 3)] == [
        "false",
        "false",
        "true",
    ]
    hp.focus("#r3")
    hp.keyboard.press("ArrowUp")
    assert [e["detail"] for e in events(hp, "change")] == [{"value": "l"}, {"value": "m"}]


def test_switch_toggles_with_click_and_keyboard(hp) -> None:  # type: ignore[no-untyped-def]
    mount(
        hp,
        '<wx-switch id="s" color="#ff0000"></wx-switch><wx-switch id="k" type="checkbox" checked></wx-switch>',
        {"wx-switch": ["change"]},
    )
    assert hp.get_attribute("#s", "role") == "switch"
    assert hp.get_attribute("#k", "role") == "checkbox"
    hp.click("#s")
    assert hp.get_attribute("#s", "aria-checked") == "true"
    # The checked track takes the page's colour (after its short transition).
    hp.wait_for_function(
        "getComputedStyle(document.querySelector('#s').shadowRoot.querySelector('.track'))"
        ".backgroundColor === 'rgb(255, 0, 0)'"
    )
    hp.focus("#k")
    hp.keyboard.press("Enter")
    assert [(e["id"], e["detail"]) for e in events(hp, "change")] == [
        ("s", {"value": True}),
        ("k", {"value": False}),
    ]


# ---- slider ----------------------------------------------------------------------


def test_slider_drag_reports_changing_then_change(hp) -> None:  # type: ignore[no-untyped-def]
    mount(
        hp,
        '<wx-slider id="s" min="0" max="50" step="5" value="10" show-value style="width:400px"></wx-slider>',
        {"wx-slider": ["changing", "change"]},
    )
    assert hp.get_attribute("#s", "aria-valuenow") == "10"
    assert hp.locator("#s .value").inner_text() == "10"
    rail = hp.locator("#s .rail").bounding_box()
    y = rail["y"] + rail["height"] / 2
    hp.mouse.move(rail["x"] + rail["width"] * 0.2, y)
    hp.mouse.down()
    hp.mouse.move(rail["x"] + rail["width"] * 0.5, y, steps=5)
    hp.mouse.move(rail["x"] + rail["width"] * 0.8, y, steps=5)
    hp.mouse.up()
    changing = [e["detail"]["value"] for e in events(hp, "changing")]
    assert changing and changing == sorted(changing) and all(v % 5 == 0 for v in changing)
    assert events(hp, "change")[-1]["detail"] == {"value": 40}
    assert hp.get_attribute("#s", "aria-valuenow") == "40"
    assert hp.locator("#s .value").inner_text() == "40"


def test_slider_keyboard_steps_and_bounds(hp) -> None:  # type: ignore[no-untyped-def]
    mount(
        hp,
        '<wx-slider id="s" min="0" max="10" step="2" value="4"></wx-slider>',
        {"wx-slider": ["change"]},
    )
    hp.focus("#s")
    hp.keyboard.press("ArrowRight")
    hp.keyboard.press("End")
    hp.keyboard.press("End")  # already at max: no event
    hp.keyboard.press("ArrowLeft")
    assert [e["detail"]["value"] for e in events(hp, "change")] == [6, 10, 8]


# ---- button, form and label ---------------------------------------------------------


FORM = """
<wx-form id="f">
  <wx-input id="user" name="user" value="ann"></wx-input>
  <wx-switch name="agree"></wx-switch>
  <wx-slider name="age" value="30"></wx-slider>
  <wx-checkbox-group name="tags"><wx-checkbox value="x" checked></wx-checkbox><wx-checkbox id="y" value="y"></wx-checkbox></wx-checkbox-group>
  <wx-radio-group name="size"><wx-radio id="rs" value="s"></wx-radio><wx-radio value="m" checked></wx-radio></wx-radio-group>
  <wx-textarea name="note" value="hi"></wx-textarea>
  <wx-picker name="pick" mode="selector" value="1"><span>pick</span></wx-picker>
  <x-card><template>
    <wx-input id="inner" name="inner" value="deep"></wx-input>
    <wx-button id="deep-submit" form-type="submit">Send from inside</wx-button>
  </template></x-card>
  <wx-input value="unnamed"></wx-input>
  <wx-button id="submit" form-type="submit" type="primary">Submit</wx-button>
  <wx-button id="reset" form-type="reset">Reset</wx-button>
</wx-form>
"""


def test_form_submit_collects_named_values_including_custom_component_shadow(hp) -> None:  # type: ignore[no-untyped-def]
    mount(hp, FORM, {"wx-form": ["submit", "reset"]})
    hp.locator("#user input").fill("bob")
    hp.click("wx-switch")
    hp.click("#y")
    hp.click("#rs")
    hp.click("#submit")
    (submit,) = events(hp, "submit")
    assert submit["detail"] == {
        "value": {
            "user": "bob",
            "agree": True,
            "age": 30,
            "tags": ["x", "y"],
            "size": "s",
            "note": "hi",
            "pick": 1,
            "inner": "deep",
        }
    }
    assert not submit["bubbles"]
    # A submit button inside a custom component's shadow root finds the page's form.
    hp.click("#deep-submit")
    assert len(events(hp, "submit")) == 2


def test_form_reset_restores_values_the_page_gave(hp) -> None:  # type: ignore[no-untyped-def]
    mount(hp, FORM, {"wx-form": ["submit", "reset"]})
    hp.locator("#user input").fill("changed")
    hp.click("wx-switch")
    hp.click("#y")
    hp.click("#reset")
    assert len(events(hp, "reset")) == 1
    assert hp.locator("#user input").input_value() == "ann"
    assert hp.get_attribute("wx-switch", "aria-checked") == "false"
    assert hp.get_attribute("#y", "aria-checked") == "false"
    hp.click("#submit")
    assert events(hp, "submit")[0]["detail"]["value"]["user"] == "ann"


def test_button_states_roles_and_disabled_does_not_submit(hp) -> None:  # type: ignore[no-untyped-def]
    mount(
        hp,
        """<wx-form id="f">
      <wx-button id="b" type="warn" size="mini" plain loading form-type="submit">Go</wx-button>
      <wx-button id="d" disabled form-type="submit">No</wx-button></wx-form>""",
        {"wx-form": ["submit"]},
    )
    assert hp.get_attribute("#b", "role") == "button"
    assert hp.get_attribute("#b", "aria-busy") == "true"
    assert hp.locator("#b .spinner").is_visible()
    assert hp.get_attribute("#d", "aria-disabled") == "true"
    assert hp.get_attribute("#d", "tabindex") is None
    hp.click("#d", force=True)
    assert events(hp, "submit") == []
    hp.focus("#b")
    hp.keyboard.press("Enter")
    assert len(events(hp, "submit")) == 1
    # mini buttons are inline, default ones fill a block of their own.
    assert hp.evaluate("getComputedStyle(document.querySelector('#b')).display") == "inline-block"
    assert hp.evaluate("getComputedStyle(document.querySelector('#d')).display") == "block"


def test_button_open_type_share_asks_the_container(hp) -> None:  # type: ignore[no-untyped-def]
    mount(
        hp,
        '<x-card><template><wx-button id="s" open-type="share" data-item="7">Share</wx-button></template></x-card>',
    )
    hp.click("x-card >> #s")
    (req,) = requests(hp)
    assert req["type"] == "mp-share"
    assert req["detail"]["from"] == "button"
    assert req["detail"]["target"]["dataset"] == {"item": "7"}


def test_label_toggles_controls_by_for_and_by_wrapping(hp) -> None:  # type: ignore[no-untyped-def]
    mount(
        hp,
        """
      <wx-label id="l1" for="c1">Terms</wx-label><wx-checkbox id="c1" value="t"></wx-checkbox>
      <wx-label id="l2"><wx-switch id="s1"></wx-switch><span id="l2text">Notifications</span></wx-label>
      <wx-label id="l3" for="i1">Name</wx-label><wx-input id="i1"></wx-input>""",
        {"wx-switch": ["change"]},
    )
    hp.click("#l1")
    assert hp.get_attribute("#c1", "aria-checked") == "true"
    hp.click("#l2text")
    assert hp.get_attribute("#s1", "aria-checked") == "true"
    # Tapping the control itself inside a label toggles it once, not twice.
    hp.click("#s1")
    assert hp.get_attribute("#s1", "aria-checked") == "false"
    assert len(events(hp, "change")) == 2
    hp.click("#l3")
    assert (
        hp.evaluate("document.querySelector('#i1').shadowRoot.activeElement?.localName") == "input"
    )


def test_button_hover_class_with_several_names_applies_while_pressed(hp) -> None:  # type: ignore[no-untyped-def]
    mount(hp, '<wx-button id="b" hover-class="pressed dark">Hold</wx-button>')
    b = hp.locator("#b").bounding_box()
    hp.mouse.move(b["x"] + 5, b["y"] + 5)
    hp.mouse.down()
    assert hp.evaluate("[...document.querySelector('#b').classList]") == ["pressed", "dark"]
    hp.mouse.up()
    assert hp.evaluate("document.querySelector('#b').className") == ""


def test_input_ignores_a_late_echo_of_typing_but_applies_real_page_values(hp) -> None:  # type: ignore[no-untyped-def]
    mount(hp, '<wx-input id="i"></wx-input>')
    field = hp.locator("#i input")
    field.click()
    hp.keyboard.type("abc")
    # The page's echo of "ab" arrives after "c" was typed: the field keeps "abc".
    hp.evaluate("document.querySelector('#i').value = 'ab'")
    settle(hp)
    assert field.input_value() == "abc"
    # A value the user never typed is the page's own: applied.
    hp.evaluate("document.querySelector('#i').value = 'xyz'")
    settle(hp)
    assert field.input_value() == "xyz"
    # Long after typing, even a text the user once typed is a deliberate page value.
    hp.keyboard.type("12")  # reports "xyz1", then "xyz12"
    hp.wait_for_timeout(1200)
    hp.evaluate("document.querySelector('#i').value = 'xyz1'")
    settle(hp)
    assert field.input_value() == "xyz1"
