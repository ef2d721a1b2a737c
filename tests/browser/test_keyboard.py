"""Keyboard only, as a screen-reader user moves: skip link, forms, errors and htmx swaps."""

from __future__ import annotations

from playwright.sync_api import expect
from support.site import build_site
from support.site import log_in

PHONE = {"width": 360, "height": 740}
FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), id: el.id, text: (el.textContent || '').trim().slice(0, 40),
    ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    shown: box.width > 0 && box.height > 0,
    describedBy: (el.getAttribute('aria-describedby') || '').split(' ').filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent.trim()),
  };
}"""


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def unringed_stops(page, limit: int = 80) -> list[str]:
    """Tab through the page from the top; every stop must show a focus ring."""
    page.evaluate("document.activeElement?.blur()")
    seen, missing = set(), []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = focused(page)
        key = (stop["tag"], stop["id"], stop["text"])
        if stop["tag"] == "body" or key in seen:
            break
        seen.add(key)
        if not (stop["ring"] and stop["shown"]):
            missing.append(f"{stop['tag']}#{stop['id']} {stop['text']!r}")
    assert len(seen) > 3, "Tab reached almost nothing"
    return missing


def test_skip_link_then_log_in_with_the_keyboard_alone(app, live_server, browser, user):
    page = browser.new_context(viewport=PHONE, locale="sv-SE").new_page()
    page.goto(f"{live_server}/login")
    page.keyboard.press("Tab")
    skip = focused(page)
    assert "skip-link" in page.evaluate("document.activeElement.className")
    assert skip["ring"] and page.locator(".skip-link").bounding_box()["x"] >= 0  # on screen now
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "email"
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "password"
    page.keyboard.type("not the password")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    error = focused(page)  # the refusal is focused and read out, tied to both fields
    assert error["id"] == "form-error" and error["text"]
    assert page.locator("#password").get_attribute("aria-describedby") == "form-error"
    page.locator("#password").focus()
    page.keyboard.type(user.password)
    page.keyboard.press("Enter")
    page.wait_for_url("**/wallet")


def test_register_errors_take_focus_to_the_first_field_in_error(live_server, browser):
    page = browser.new_context(viewport=PHONE, locale="sv-SE").new_page()
    page.goto(f"{live_server}/register")
    page.locator("#name").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    field = focused(page)
    assert field["id"] == "name"
    assert page.locator("#name").get_attribute("aria-invalid") == "true"
    assert page.locator("#name-error").inner_text() in field["describedBy"]


def test_htmx_swaps_move_focus_and_announce(app, live_server, browser, user, csrf_token):
    site = build_site(app, user, csrf_token)
    page = browser.new_context(viewport=PHONE, locale="sv-SE").new_page()
    log_in(page, live_server, user)

    page.locator("input[name=credential_ids]").first.focus()
    page.keyboard.press("Space")
    expect(page.locator("#selection-bar")).to_contain_text("1")  # a live region: read out
    assert page.locator("#selection-bar").get_attribute("aria-live") == "polite"

    page.locator(".filter-panel summary").click()
    page.locator("#verdict").focus()
    page.select_option("#verdict", "failed")
    expect(page.locator("#swap-status")).to_contain_text("1")  # "1 credential shown"
    assert focused(page)["id"] == "verdict"  # the person stays where they were

    chosen = f"credential_ids={site['credential']}&credential_ids={site['other']}"
    page.goto(f"{live_server}/shares/new?{chosen}")
    page.locator(".order-actions a").first.focus()
    page.keyboard.press("Enter")  # "Move down": the list is swapped, the link with it
    expect(page.locator("#chosen-heading")).to_be_focused()

    page.goto(f"{live_server}/wallet/import")
    page.fill("#credential", "not a credential")
    page.locator("#import-form button[type=submit]").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#import-error .error")).to_be_focused()
    described = page.locator("#credential").get_attribute("aria-describedby").split()
    assert "import-error" in described and "credential-hint" in described
    assert page.locator("#credential").get_attribute("aria-invalid") == "true"


def test_every_tab_stop_shows_where_focus_is(app, live_server, browser, user, csrf_token):
    site = build_site(app, user, csrf_token)
    for scheme in ("light", "dark"):
        page = browser.new_context(viewport=PHONE, locale="sv-SE", color_scheme=scheme).new_page()
        page.goto(f"{live_server}/v/{site['token']}")
        assert unringed_stops(page) == []
        log_in(page, live_server, user)
        share = f"/shares/{site['share']}"
        for path in ("/wallet", share, f"{share}/card", "/admin/issuers"):
            page.goto(live_server + path)
            assert unringed_stops(page) == [], path
        page.context.close()


def test_a_wrong_share_code_takes_focus_back_to_the_field_without_script(live_server, browser):
    page = browser.new_context(viewport=PHONE, locale="sv-SE").new_page()
    page.goto(f"{live_server}/code")
    assert page.locator("script").count() == 0  # the public portal runs no script: autofocus does it
    page.fill("#code", "AAAA-BBBB-CCCCC")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#code")).to_be_focused()  # autofocus lands a frame after the load
    field = focused(page)
    assert page.locator("#code-error").inner_text() in field["describedBy"]
