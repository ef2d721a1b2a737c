"""On phones, in Swedish (issue 15): an employer, with no account, asks at /ask for an EU Learning
Credential showing the given and family name; the learner answers from our own wallet in a
second browser context, by the same-device link or by a photo of the QR code uploaded without
script. The employer's page then shows the credential genuine, the holder proven and only what
was asked. A learner who declines leaves a page that says nothing was sent; an answer after the
request expired is refused with a plain reason. axe on every page of both.

The site is named by an https address on loopback: a request's response_uri must be https, and
with WALLET_INSECURE_LOCALHOST (tests only) the wallet reaches loopback over plain http."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale
from playwright.sync_api import expect
from support.axe import axe_violations
from support.presenting import LEARNING_ISSUER
from support.presenting import add_learning_credential
from support.registry import trust_in_file
from support.screens import PHONE
from support.site import log_in

from wallet.asking.messages import STATES
from wallet.credentials.openid4vp.ask import REQUEST_LIFETIME
from wallet.platform import clock
from wallet.presenting.messages import describe_present_problem

SWEDISH = {"viewport": PHONE, "locale": "sv-SE"}
ASKED = ("given_name", "family_name")
# In the credential (support.sd_jwt.learning_credential), disclosable, and not asked for.
NOT_ASKED = ("Godkänd", "Byta blixtlås", "Yrkeshögskolemyndigheten")


@pytest.fixture
def site(app, live_server, user, csrf_token):
    """The learner holds a Learning Credential bound to their wallet key, from a trusted issuer."""
    app.config["WALLET_BASE_URL"] = live_server.replace("http://", "https://", 1)
    trust_in_file(app, LEARNING_ISSUER.did, "Nordiska Textilakademin")
    add_learning_credential(app, user, csrf_token)
    return live_server


def swedish(app, words, *args) -> str:
    """``words(*args)``, the app's own, as a Swedish page shows them (English until translated)."""
    with app.test_request_context(), force_locale("sv"):
        return str(words(*args))


def checked(page, axe: bool = True) -> None:
    """axe finds nothing (not run where script is off: axe.run never settles there; the first
    test checks the same pages), and the page fits a phone's width."""
    assert not axe or axe_violations(page) == [], page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def ask(browser, site):
    """The employer asks for the two names: the waiting page, with its QR code and link."""
    employer = browser.new_context(**SWEDISH).new_page()
    employer.goto(f"{site}/ask")
    checked(employer)
    employer.locator("input[name=kind][value=eu_learning_credential]").check()
    for claim in ASKED:
        employer.locator(f"input[name=claims][value={claim}]").check()
    employer.locator("main form button[type=submit]").click()
    expect(employer.locator(".ask-qr svg")).to_be_visible()
    checked(employer)
    link = employer.locator("#ask a.button[href^='openid4vp://']").get_attribute("href")
    return employer, link


def learner(browser, site, user, **options):
    page = browser.new_context(**SWEDISH, **options).new_page()
    log_in(page, site, user)
    return page


def open_request(page, site: str, link: str) -> None:
    """The wallet's page for the request: who asks (signed by the portal), and the two names."""
    page.goto(f"{site}/wallet/present?{link.split('?', 1)[1]}")
    asked_for_what_was_asked(page)


def asked_for_what_was_asked(page, axe: bool = True) -> None:
    expect(page.locator("#not-confirmed")).to_have_count(0)  # signed: the portal is confirmed
    assert "127.0.0.1" in page.locator("table.facts").inner_text()
    expect(page.locator(".sent-claims li")).to_have_count(2)
    assert "Anna" in page.locator(".sent-claims").inner_text()
    checked(page, axe)


def send(page, axe: bool = True) -> None:
    page.locator("button[name=send]").click()
    expect(page.locator("#present-outcome")).to_contain_text("127.0.0.1")
    checked(page, axe)


def shows_the_answer(employer) -> None:
    """The credential, genuine and valid, sent by its holder, with only what was asked."""
    card = employer.locator("#ask .checked-credential")
    expect(card).to_have_count(1, timeout=10_000)
    expect(card).to_have_class(re.compile(r"\bstate-valid\b"))
    expect(card.locator("h2")).to_have_text("Reparationssömnad")
    expect(card.locator(".binding-proven")).to_have_count(1)
    expect(employer.locator("#ask .share-summary .icon-valid")).to_have_count(1)
    html = employer.content()
    assert "Anna" in html and "Andersson" in html
    assert not [claim for claim in NOT_ASKED if claim in html]
    expect(employer.locator("#ask[hx-trigger]")).to_have_count(0)  # no more polling
    checked(employer)


def test_the_learner_answers_by_the_link_and_the_employer_sees_only_what_was_asked(
    browser, site, user
):
    employer, link = ask(browser, site)
    phone = learner(browser, site, user)
    open_request(phone, site, link)
    send(phone)
    shows_the_answer(employer)  # by htmx polling: the employer did nothing


def test_the_learner_answers_with_a_photo_of_the_qr_code(browser, site, user, tmp_path):
    """The QR code as the employer's screen draws it, photographed (a screenshot of it), uploaded
    by a learner whose phone runs no script: decoded on the server, the same request."""
    employer, _ = ask(browser, site)
    photo = tmp_path / "ask-qr.png"
    employer.locator(".ask-qr svg").screenshot(path=str(photo))
    phone = learner(browser, site, user, java_script_enabled=False)
    phone.goto(f"{site}/wallet/import")
    phone.set_input_files("#qr_photo", str(photo))
    phone.locator("#import-form button[type=submit]").click()
    phone.wait_for_url(re.compile(r"/wallet/present\?client_id="))
    asked_for_what_was_asked(phone, axe=False)
    send(phone, axe=False)
    employer.reload()
    shows_the_answer(employer)


def test_a_learner_who_declines_leaves_the_employer_a_page_saying_nothing_was_sent(
    app, browser, site, user
):
    employer, link = ask(browser, site)
    phone = learner(browser, site, user)
    open_request(phone, site, link)
    phone.locator("button[name=decline]").click()
    expect(phone.locator("#present-outcome")).to_contain_text("127.0.0.1")  # told them no
    checked(phone)
    title, _ = STATES["declined"]
    expect(employer.locator("#ask h1")).to_have_text(swedish(app, str, title), timeout=10_000)
    expect(employer.locator("#ask .checked-credential")).to_have_count(0)
    checked(employer)


def test_an_answer_after_the_request_expired_is_refused_with_a_plain_reason(
    app, browser, site, user, monkeypatch
):
    employer, link = ask(browser, site)
    phone = learner(browser, site, user)
    open_request(phone, site, link)
    later = clock.now() + REQUEST_LIFETIME + REQUEST_LIFETIME / 10
    monkeypatch.setattr(clock, "now", lambda: later)
    phone.locator("button[name=send]").click()
    reason = swedish(app, describe_present_problem, "present.request_expired")
    expect(phone.locator("main .error[role=alert]")).to_have_text(reason)
    checked(phone)
    title, _ = STATES["expired"]
    expect(employer.locator("#ask h1")).to_have_text(swedish(app, str, title), timeout=10_000)
    checked(employer)
