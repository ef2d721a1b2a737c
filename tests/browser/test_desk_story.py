"""On phones, in Swedish: staff at a pilot organisation issue a credential at the issuing desk,
the learner collects it with the offer link, or a photo of its QR code, and the code they were
told; the wallet shows it verified as from that issuer, and the desk's list then shows it
collected. axe on the desk."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from support.axe import axe_violations
from support.desk import SLUG
from support.desk import desk_app
from support.desk import make_staff
from support.screens import PHONE
from support.site import log_in


@pytest.fixture
def app(make_app, tmp_path):
    return desk_app(make_app, tmp_path)


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def checked(page) -> None:
    assert axe_violations(page) == [], page.url
    assert fits(page), page.url


def issue_at_the_desk(browser, live_server, staff):
    """Staff at Nordiska Textilakademin fill in the repair-sewing template (their errors first):
    the desk page, the offer link and the code to say out loud."""
    desk = browser.new_context(viewport=PHONE, locale="sv-SE").new_page()
    log_in(desk, live_server, staff)
    desk.goto(f"{live_server}/issue")
    checked(desk)
    desk.get_by_role("link", name="Nordiska Textilakademin").click()
    checked(desk)
    desk.get_by_role("link", name=re.compile("Reparationssömnad")).click()
    checked(desk)
    desk.locator("main form button[type=submit]").click()  # nothing filled in: errors, on the page
    expect(desk.locator("#learner_name-error")).to_be_visible()
    checked(desk)
    desk.locator("#learner_name").fill("Lina Lärande")
    desk.locator("#completed").fill("2026-05-31")
    desk.locator("#result").fill("VG")
    desk.locator("main form button[type=submit]").click()
    expect(desk.locator(".desk-qr svg")).to_be_visible()
    checked(desk)
    link = desk.locator("#offer-link").input_value()
    code = desk.locator(".desk-code strong").inner_text()
    assert link.startswith("openid-credential-offer://") and re.fullmatch(r"\d{6}", code)
    return desk, link, code


def collect_with_the_code(learner, code: str) -> None:
    """On the offer's confirmation page: the code typed in, and the credential in the wallet,
    verified as from the issuer."""
    learner.locator("input[name=tx_code]").fill(code)
    learner.locator("main form button[type=submit]").first.click()
    learner.wait_for_url(re.compile(r"/wallet/\d+$"))
    expect(learner.locator("h1")).to_have_text("Reparationssömnad – grund")
    expect(learner.locator("main .badge-verified").first).to_be_visible()
    assert "Nordiska Textilakademin" in learner.locator("main").inner_text()


def test_staff_issue_and_the_learner_collects_it(app, live_server, browser, user, other_user):
    app.config["WALLET_BASE_URL"] = live_server  # the offer names the issuer at this address
    make_staff(app, other_user)
    desk, link, code = issue_at_the_desk(browser, live_server, other_user)

    learner = browser.new_context(viewport=PHONE, locale="sv-SE").new_page()
    log_in(learner, live_server, user)
    learner.goto(f"{live_server}/wallet/offer?{link.split('?', 1)[1]}")
    collect_with_the_code(learner, code)

    desk.goto(f"{live_server}/issue/{SLUG}/issued")
    # The desk's own words are translated at the end (lead): find things by what they are.
    expect(desk.locator(".desk-offer")).to_have_class(re.compile(r"\bdesk-redeemed\b"))
    checked(desk)
    desk.locator("form[action$='/revoke'] button").click()
    expect(desk.locator(".desk-offer")).to_have_class(re.compile(r"\bdesk-revoked\b"))
    checked(desk)


def test_the_learner_collects_it_with_a_photo_of_the_qr_code_on_the_desk_screen(
    app, live_server, browser, user, other_user, tmp_path
):
    """The QR code as the desk's screen draws it, photographed (a screenshot of it), uploaded
    by a learner whose phone runs no script: decoded on the server, the same offer."""
    app.config["WALLET_BASE_URL"] = live_server
    make_staff(app, other_user)
    desk, _, code = issue_at_the_desk(browser, live_server, other_user)
    photo = tmp_path / "desk-qr.png"
    desk.locator(".desk-qr svg").screenshot(path=str(photo))

    learner = browser.new_context(
        viewport=PHONE, locale="sv-SE", java_script_enabled=False
    ).new_page()
    log_in(learner, live_server, user)
    learner.goto(f"{live_server}/wallet/import")
    learner.set_input_files("#qr_photo", str(photo))
    learner.locator("#import-form button[type=submit]").click()
    learner.wait_for_url(re.compile(r"/wallet/offer\?credential_offer_uri="))
    assert fits(learner)  # axe needs script, which this phone does not run
    collect_with_the_code(learner, code)
