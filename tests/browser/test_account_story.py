"""A learner on a phone never loses the wallet: signs up, confirms the address by the mailed
link, logs out, forgets the password and sets a new one by the mailed link; makes recovery
codes and logs in with one; adds a passkey (Chromium's virtual authenticator) and logs in with
it."""

from __future__ import annotations

import pytest
from support.mail import link_path
from support.screens import PHONE
from support.site import log_in

EMAIL = "amina@example.se"


@pytest.fixture
def app(make_app, mail_server):
    return make_app(**mail_server.settings)


def newest_link(app, mail_server, prefix: str) -> str:
    return link_path(mail_server.to(app, EMAIL)[-1], prefix)


def log_out(phone) -> None:
    phone.locator("form[action='/logout'] button").click()
    phone.wait_for_url("**/login")


def test_sign_up_confirm_forget_and_reset(app, live_server, phone, mail_server):
    phone.goto(f"{live_server}/register")
    phone.fill("#name", "Amina Hassan")
    phone.fill("#email", EMAIL)
    phone.fill("#password", "fjällbjörk i juni 2026")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url("**/register/sent")

    phone.goto(live_server + newest_link(app, mail_server, "/confirm/"))
    assert EMAIL in phone.locator("main").inner_text()
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url("**/wallet")  # confirmed and logged in
    phone.goto(f"{live_server}/account")
    assert phone.locator(".address-unconfirmed").count() == 0

    log_out(phone)
    phone.locator("main a[href='/reset']").click()
    phone.fill("#email", EMAIL)
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url("**/reset/sent")

    phone.goto(live_server + newest_link(app, mail_server, "/reset/"))
    phone.fill("#password", "hjortron i augusti 2027")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url("**/wallet")

    log_out(phone)
    phone.fill("#email", EMAIL)
    phone.fill("#password", "hjortron i augusti 2027")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url("**/wallet")


def test_recovery_codes_are_shown_once_and_one_logs_in(live_server, phone, user):
    log_in(phone, live_server, user)
    phone.goto(f"{live_server}/account")
    phone.locator("main a[href='/account/recovery-codes']").click()
    phone.fill("#password", user.password)
    phone.locator("main form button[type=submit]").click()
    codes = phone.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    phone.goto(f"{live_server}/account")
    log_out(phone)
    phone.locator("main a[href='/login/recovery-code']").click()
    phone.fill("#email", user.email)
    phone.fill("#code", codes[0])
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url("**/wallet")
    assert "9" in phone.locator(".flashes").inner_text()


def test_add_a_passkey_and_log_in_with_it(app, live_server, browser, user):
    # WebAuthn wants a host name, not an address: the site is served as localhost.
    site = live_server.replace("127.0.0.1", "localhost")
    app.config["WALLET_BASE_URL"] = site
    context = browser.new_context(viewport=PHONE, locale="sv-SE")
    phone = context.new_page()
    devtools = context.new_cdp_session(phone)
    devtools.send("WebAuthn.enable")
    devtools.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True,
        "automaticPresenceSimulation": True,
    }})
    log_in(phone, site, user)
    phone.goto(f"{site}/account/passkeys")
    phone.fill("#name", "Min telefon")
    phone.fill("#password", user.password)
    phone.locator("[data-passkey=add]").click()
    phone.wait_for_selector(".passkey-list")
    assert "Min telefon" in phone.locator(".passkey-list").inner_text()

    log_out(phone)
    phone.locator("[data-passkey=login]").click()  # no address, no password
    phone.wait_for_url("**/wallet")
    context.close()
