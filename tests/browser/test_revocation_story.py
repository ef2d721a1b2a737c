"""On phones: an employer sees a shared demo credential verified, then revoked by its issuer."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from support.demo import ISSUER
from support.demo import TITLE
from support.demo import seeded_app
from support.demo import share_demo_credential
from support.screens import PHONE

from wallet.issuing import demo
from wallet.verification.messages import describe_check


@pytest.fixture
def app(make_app, tmp_path):
    return seeded_app(make_app, tmp_path)


def swedish(code: str) -> str:
    with force_locale("sv"):
        return describe_check(code)


def test_employer_sees_the_credential_revoked_after_the_issuer_revokes_it(
    app, live_server, browser, phone
):
    shared = share_demo_credential(app)
    phone.goto(f"{live_server}/v/{shared.token}")
    assert "summary-verified" in phone.locator(".share-summary").get_attribute("class")
    assert phone.locator(".checked-credential .badge-verified").is_visible()

    revoked = app.test_cli_runner().invoke(
        args=["issuer", "revoke", "--issuer", ISSUER, "--credential", shared.credential_id]
    )
    assert revoked.exit_code == 0, revoked.output

    phone.reload()
    assert "summary-failed" in phone.locator(".share-summary").get_attribute("class")
    assert phone.locator(".checked-credential .badge-failed").is_visible()
    phone.locator(".credential-details > summary").click()  # the checks are one tap away
    check = phone.locator(".check-status-revoked")
    assert check.is_visible()
    with app.test_request_context():
        assert check.locator(".check-text").inner_text() == swedish("status.revoked")
    next_steps = phone.locator(".next-steps")
    assert next_steps.is_visible()
    assert "Skellefteå kommun" in next_steps.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert phone.context.cookies() == []

    learner = browser.new_context(viewport=PHONE, locale="sv-SE").new_page()
    learner.goto(f"{live_server}/login")
    learner.fill("#email", demo.DEMO_LOGIN[0])
    learner.fill("#password", demo.DEMO_LOGIN[1])
    learner.locator("main form button[type=submit]").click()
    learner.wait_for_url("**/wallet")
    learner.goto(f"{live_server}/shares/{shared.share_id}")
    notice = learner.locator(".withdrawn-notice")
    assert notice.is_visible()
    assert TITLE in notice.inner_text()
    learner.context.close()
