"""An offered credential (OpenID4VCI) on a phone, in Swedish and Arabic: the confirmation page
with its transaction code passes axe and fits 360 px, a wrong code keeps the offer on the page,
the right one brings the credential into the wallet."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from support.axe import axe_violations
from support.screens import PHONE
from support.site import log_in
from support.vci_issuer import offer_link


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("locale", ["sv-SE", "ar"])
def test_a_learner_confirms_an_offer_with_its_code(browser, live_server, user, vci_issuer, locale):
    page = browser.new_context(viewport=PHONE, locale=locale).new_page()
    log_in(page, live_server, user)
    link = offer_link(vci_issuer.offer(tx_code="4821", description="SMS"))
    page.goto(f"{live_server}/wallet/offer?{link.split('?', 1)[1]}")
    code = page.locator("input[name=tx_code]")
    expect(code).to_have_attribute("inputmode", "numeric")
    assert axe_violations(page) == [] and fits(page)
    code.fill("1111")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("input[name=tx_code]")).to_be_visible()  # the offer is still here
    assert axe_violations(page) == [] and fits(page)
    page.locator("input[name=tx_code]").fill("4821")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/wallet/\d+$"))
    expect(page.locator("h1")).to_have_text("Omvårdnadssvenska, grundnivå")
