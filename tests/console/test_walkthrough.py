"""Both portals end to end in Chromium, as people use them.

A partner signs up; the operator approves; the partner creates a mini-program, gets a
compile error shown with FILE:LINE, uploads a good version by drag and drop, submits
it; the operator reviews it in the package browser and approves; the partner
releases; a second version follows; the operator creates a host app (secret shown
once), lists the mini-program, plans a 10 % rollout of the new version with a live
estimate, widens it, rolls back, and finds it all in the audit log and its CSV.
"""

from __future__ import annotations

import base64
import os
import re
from pathlib import Path

import pytest
from tests.console.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, LiveServer
from tests.console.seed import broken_wxml, retitled, zip_source

pytestmark = pytest.mark.browser

PARTNER_EMAIL = "dev@harbor.example"
PARTNER_PASSWORD = "harbor-pass-123"
IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"


def sign_in(page, server: LiveServer, email: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server.at("/console/login"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/console/apps"))


def drop_file(page, selector: str, name: str, data: bytes) -> None:  # type: ignore[no-untyped-def]
    """Drag a file onto a drop zone the way a browser delivers it (a DataTransfer)."""
    page.evaluate(
        """([selector, name, b64]) => {
            const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, {type: "application/zip"}));
            const zone = document.querySelector(selector);
            for (const type of ["dragenter", "dragover", "drop"]) {
                zone.dispatchEvent(new DragEvent(type, {dataTransfer: transfer, bubbles: true, cancelable: true}));
            }
        }""",
        [selector, name, base64.b64encode(data).decode()],
    )


def confirm_dialog(page) -> None:  # type: ignore[no-untyped-def]
    dialog = page.locator("#confirm-dialog")
    dialog.wait_for(state="visible")
    dialog.get_by_role("button", name="Confirm").click()


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """README screenshots, refreshed when MINIPORT_SCREENSHOTS=1."""
    if os.environ.get("MINIPORT_SCREENSHOTS"):
        IMAGES.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(IMAGES / name), full_page=False)


def test_partner_and_operator_walkthrough(browser, live_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    server = live_server
    partner = browser.new_context(viewport={"width": 1100, "height": 900}, locale="en-US")
    operator = browser.new_context(viewport={"width": 1100, "height": 900}, locale="en-US")
    for context in (partner, operator):
        context.set_default_timeout(60_000)  # two cores shared by the whole suite in CI
    p = partner.new_page()
    o = operator.new_page()
    try:
        # --- a partner applies ----------------------------------------------------
        p.goto(server.at("/console/login"))
        p.get_by_role("link", name="Apply for an account").click()
        p.get_by_label("Organization name").fill("Harbor Bank")
        p.get_by_label("Email").fill(PARTNER_EMAIL)
        p.get_by_label("Password").fill("short")
        p.get_by_role("button", name="Apply").click()
        password_error = p.locator("#e-password")
        assert "at least 10 characters" in password_error.inner_text()
        assert p.get_by_label("Password").get_attribute("aria-invalid") == "true"
        p.get_by_label("Password").fill(PARTNER_PASSWORD)
        p.get_by_role("button", name="Apply").click()
        p.get_by_text("An operator will review your application").wait_for()

        sign_in(p, server, PARTNER_EMAIL, PARTNER_PASSWORD)
        p.get_by_text("waiting for an operator's approval").first.wait_for()
        assert p.get_by_role("heading", name="New mini-program").count() == 0

        # --- the operator approves --------------------------------------------------
        sign_in(o, server, ADMIN_EMAIL, ADMIN_PASSWORD)
        o.get_by_role("link", name="Partner sign-ups").click()
        card = o.locator("section", has_text="Harbor Bank")
        card.get_by_role("button", name="Approve").click()
        o.get_by_text("The partner was approved.").wait_for()

        # --- the partner creates a mini-program -----------------------------------
        p.reload()
        p.get_by_label("Name").fill("Harbor Wallet")
        p.get_by_label("Description").fill("Balances and transfers")
        p.get_by_role("button", name="Create").click()
        p.get_by_text("The mini-program was created.").wait_for()
        appid = p.url.split("/console/apps/")[1].split("?")[0]

        domains = p.get_by_label("Allowed request domains (one per line)")
        domains.fill("http://10.0.0.1")
        p.locator("#info").get_by_role("button", name="Save").click()
        assert "not valid" in p.locator("#e-allowed_domains").inner_text()
        p.get_by_label("Allowed request domains (one per line)").fill("https://api.harbor.example")
        p.locator("#info").get_by_role("button", name="Save").click()
        p.get_by_text("Changes saved.").wait_for()

        # --- a broken upload shows FILE:LINE ------------------------------------
        upload = p.locator("form[data-upload]")
        upload.get_by_label("Version").fill("0.9.0")
        upload.locator('input[type="file"]').set_input_files(
            {
                "name": "broken.zip",
                "mimeType": "application/zip",
                "buffer": zip_source(change=broken_wxml),
            }
        )
        upload.get_by_role("button", name="Upload").click()
        diagnostics = upload.locator("[data-diagnostics]")
        diagnostics.wait_for(state="visible")
        assert "pages/index/index.wxml:9:" in diagnostics.inner_text()
        assert "does not compile" in upload.locator(".error[data-live]").first.inner_text()

        # --- a good upload by drag and drop, with progress ----------------------
        upload.get_by_label("Version").fill("1.0.0")
        upload.get_by_label("Release notes").fill("First release")
        drop_file(p, ".dropzone", "harbor-wallet.zip", zip_source())
        assert upload.locator("[data-file-name]").inner_text() == "harbor-wallet.zip"
        upload.get_by_role("button", name="Upload").click()
        p.wait_for_url(re.compile(r"/versions/1\.0\.0\?notice=versions\.uploaded"))
        # the preview runs the uploaded package in the runtime, in the page
        with p.expect_popup() as popup:
            p.get_by_role("link", name="Preview").click()
        preview = popup.value
        preview.wait_for_function(
            "window.__miniportPreview && window.__miniportPreview.ready", timeout=60_000
        )
        assert preview.locator("[data-preview-status]").inner_text() == "Running."
        assert preview.locator("[data-preview-problems]").is_hidden()
        preview.close()

        p.get_by_role("button", name="Submit for review").click()
        p.get_by_text("The version was submitted for review.").wait_for()
        assert p.locator("h1 .badge").inner_text() == "in review"

        # --- the operator reviews in the package browser -------------------------
        o.get_by_role("link", name="Review queue").click()
        o.get_by_role("link", name="Harbor Wallet").click()
        o.get_by_text("No released version to compare with").wait_for()
        findings = o.locator("main").inner_text()
        assert (
            "https://rates.harbor.example is used but not on the mini-program's allowed" in findings
        )
        assert "uses wx.getLocation (location)" in findings
        assert (
            o.locator("li", has_text="https://rates.harbor.example")
            .get_by_text("not on the allow-list")
            .count()
            == 1
        )
        shot(o, "console-review.png")
        o.locator(".filetree").get_by_role("link", name="app.json", exact=True).click()
        assert '"pages"' in o.locator("pre.source").inner_text()
        o.get_by_role("button", name="Approve").click()
        o.get_by_text("The version was approved.").wait_for()

        # --- the partner releases it (destructive-ish: asks first) ---------------
        p.goto(server.at(f"/console/apps/{appid}/versions/1.0.0"))
        p.get_by_role("button", name="Release").click()
        confirm_dialog(p)
        p.get_by_text("The version was released.").wait_for()

        # a second version, reviewed against the released one
        p.goto(server.at(f"/console/apps/{appid}"))
        upload = p.locator("form[data-upload]")
        upload.get_by_label("Version").fill("1.1.0")
        upload.locator('input[type="file"]').set_input_files(
            {
                "name": "v110.zip",
                "mimeType": "application/zip",
                "buffer": zip_source(change=retitled("v1.1")),
            }
        )
        upload.get_by_role("button", name="Upload").click()
        p.wait_for_url(re.compile(r"/versions/1\.1\.0"))
        p.get_by_role("button", name="Submit for review").click()
        p.get_by_text("The version was submitted for review.").wait_for()

        o.goto(server.at(f"/console/reviews/{appid}/1.1.0"))
        diff = o.locator("#diff")
        assert "Compared with released version 1.0.0" in diff.inner_text()
        assert "+// v1.1" in diff.locator("pre").inner_text()
        o.get_by_role("button", name="Approve").click()
        o.get_by_text("The version was approved.").wait_for()

        # --- host app: the secret is shown once ----------------------------------
        o.get_by_role("link", name="Host apps").click()
        o.get_by_label("Name").fill("Harbor Super App")
        o.get_by_label("web", exact=True).check()
        o.get_by_label("Web origins (one per line)").fill("https://app.harbor.example")
        o.get_by_role("button", name="Create").click()
        secret = o.locator("[data-sdk-secret]").input_value()
        assert secret.startswith("hs_")
        o.goto(server.at("/console/hosts"))
        o.get_by_role("link", name="Harbor Super App").click()
        assert o.locator("[data-sdk-secret]").count() == 0
        assert secret not in o.content()

        # --- list the mini-program in the host app -------------------------------
        listings = o.locator("#listings")
        listings.get_by_role("button", name="List Harbor Wallet").click()
        o.get_by_text("The mini-program is listed.").wait_for()

        # --- a 10 % rollout of 1.1.0 with a live estimate ------------------------
        o.locator("#listings").get_by_role("link", name="Release plans").click()
        o.get_by_label("Default version").select_option("1.0.0")
        o.get_by_role("button", name="Add rule").click()
        rule = o.locator(".rule").first
        rule.get_by_label("Share of users (%)").fill("10")
        rule.get_by_label("Version", exact=True).select_option("1.1.0")
        estimate = o.locator("[data-estimate]")
        row = estimate.locator('tr[data-version="1.1.0"] [data-percent]')
        row.wait_for()
        assert abs(float(row.inner_text()) - 10.0) < 1.0
        assert rule.get_by_label("Rule id").get_attribute("placeholder") == "rule-1"
        o.evaluate("window.scrollTo(0, 0)")
        shot(o, "console-plan.png")
        o.get_by_role("button", name="Save plan").click()
        o.get_by_text("The plan was saved and takes effect at once.").wait_for()
        assert o.locator("[data-revision]").inner_text() == "1"

        # widen to 50 %, then roll back to the 10 % plan
        o.locator(".rule").first.get_by_label("Share of users (%)").fill("50")
        o.get_by_role("button", name="Save plan").click()
        o.get_by_text("The plan was saved").wait_for()
        assert o.locator("[data-revision]").inner_text() == "2"
        o.get_by_role("button", name="Roll back to the previous plan").click()
        confirm_dialog(o)
        o.get_by_text("The previous plan is active again.").wait_for()
        assert o.locator("[data-revision]").inner_text() == "3"
        assert "restored from revision 1" in o.locator("main").inner_text()
        assert o.locator(".rule").first.get_by_label("Share of users (%)").input_value() == "10"

        # --- the audit log tells the story, and exports it -----------------------
        o.get_by_role("link", name="Audit log").click()
        o.get_by_label("Action").fill("plan.rollback")
        o.get_by_role("button", name="Filter").click()
        table = o.locator("table tbody")
        assert "plan.rollback" in table.inner_text()
        assert "version.approve" not in table.inner_text()
        with o.expect_download() as download:
            o.get_by_role("link", name="Export CSV").click()
        csv_text = Path(download.value.path()).read_text(encoding="utf-8-sig")
        assert csv_text.splitlines()[0].startswith("id,at,actor")
        assert "plan.rollback" in csv_text

        # --- the dashboard: measured launches per day, planned shares (operators only) --
        o.goto(server.at(f"/console/apps/{appid}/dashboard"))
        assert o.locator("figure.chart svg").count() >= 1
        assert "Planned share" in o.content()
        shot(o, "console-dashboard.png")

        # the partner sees their own app's dashboard but no plans
        p.goto(server.at(f"/console/apps/{appid}/dashboard"))
        p.get_by_text("No launches reported yet.").wait_for()
        assert "Planned share" not in p.content()
    finally:
        partner.close()
        operator.close()


def test_console_in_chinese_and_keyboard_only(browser, live_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    """A zh-CN browser gets Chinese; the language switch sticks; the sign-in form works
    from the keyboard alone; a wrong password is reported next to the form in Chinese."""
    context = browser.new_context(locale="zh-CN", extra_http_headers={"Accept-Language": "zh-CN"})
    page = context.new_page()
    try:
        page.goto(live_server.at("/console/"))
        assert page.locator("h1").inner_text() == "登录"
        first = page.evaluate("document.querySelector('a, button, input, select').textContent")
        assert first == "跳到正文", "the skip link is the first stop for keyboard users"
        assert page.evaluate("document.activeElement.id") == "f-email", "the email box has focus"
        page.keyboard.type(ADMIN_EMAIL)
        page.keyboard.press("Tab")
        page.keyboard.type("wrong-password-1")
        page.keyboard.press("Enter")
        page.get_by_text("邮箱或密码错误").wait_for()
        page.get_by_label("密码").fill(ADMIN_PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/console/apps"))
        assert page.get_by_role("link", name="宿主应用").count() == 1
        page.get_by_role("link", name="English").click()
        assert page.get_by_role("link", name="Host apps").count() == 1
        page.reload()
        assert page.locator("html").get_attribute("lang") == "en"
    finally:
        context.close()
