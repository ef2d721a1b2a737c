"""A verifier's request (OpenID4VP) on a phone in Swedish: the page that says who asks for what
passes axe and fits 360 px, signed or not confirmed; "Send" answers the verifier on 127.0.0.1
and the answer is listed with the learner's shares. The import page's camera opens a scanned
request on that page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from support.axe import axe_violations
from support.openid4vp import did_verifier
from support.presenting import add_learning_credential
from support.qr_photos import qr_y4m
from support.screens import PHONE
from support.site import log_in
from support.vp_verifier import LoopbackVerifier


@pytest.fixture
def verifier():
    with LoopbackVerifier() as verifier:
        yield verifier


@pytest.fixture
def learning(app, user, csrf_token):
    return add_learning_credential(app, user, csrf_token)


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("signed", [True, False])
def test_a_learner_answers_a_request_on_a_phone(
    phone, live_server, user, learning, verifier, signed
):
    log_in(phone, live_server, user)
    link = verifier.ask(did_verifier("P-256", slot=9))[1] if signed else verifier.unsigned_link()
    phone.goto(f"{live_server}/wallet/present?{link.split('?', 1)[1]}")
    expect(phone.locator("html")).to_have_attribute("lang", "sv")
    expect(phone.locator(".sent-claims li")).to_have_count(2)
    expect(phone.locator("#not-confirmed")).to_have_count(0 if signed else 1)
    assert axe_violations(phone) == [] and fits(phone)
    phone.locator("button[name=send]").click()
    expect(phone.locator("#present-outcome")).to_contain_text("localhost")
    assert axe_violations(phone) == [] and fits(phone)
    assert len(verifier.answers) == 1
    phone.goto(f"{live_server}/shares")
    expect(phone.locator(".answered-request")).to_have_count(1)
    assert axe_violations(phone) == [] and fits(phone)


def test_the_camera_scans_a_request_and_opens_its_page(
    launch_chromium, live_server, user, learning, verifier, tmp_path
):
    _, link = verifier.ask(did_verifier("P-256", slot=9))
    video = qr_y4m(link, tmp_path / "request.y4m")
    browser = launch_chromium(
        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    )
    page = browser.new_context(viewport=PHONE, locale="en-GB").new_page()
    log_in(page, live_server, user)
    page.goto(f"{live_server}/wallet/import")
    page.get_by_role("button", name="Scan a QR code").click()
    page.wait_for_url(re.compile(r"/wallet/present\?client_id="))
    expect(page.locator(".sent-claims li")).to_have_count(2)
    assert verifier.answers == []
