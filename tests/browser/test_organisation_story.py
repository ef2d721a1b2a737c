"""A learner whose organisation has accounts logs in with it: to the organisation's provider (an
independent one on 127.0.0.1, oidc-provider-mock), approve, and back into a new wallet. The
pages that show only with a provider pass axe and fit a phone, in Swedish and Arabic."""

from __future__ import annotations

import pytest
from support.axe import axe_violations
from support.layout import layout_problems
from support.organisation import person
from support.organisation import settings

NARROW = {"width": 320, "height": 640}


@pytest.fixture
def app(make_app, oidc_issuer):
    return make_app(**settings(oidc_issuer))


def test_log_in_through_the_organisations_provider(app, live_server, phone, oidc_issuer):
    app.config["WALLET_BASE_URL"] = live_server  # where the provider sends the learner back
    person(oidc_issuer, "karin", email="karin@example.se", name="Karin Lind", email_verified=True)
    phone.goto(f"{live_server}/login")
    phone.locator("main a[href='/login/organisation']").click()
    phone.wait_for_url(f"{oidc_issuer}/**")
    phone.fill("input[name=sub]", "karin")
    phone.locator("form button[type=submit]").first.click()
    phone.wait_for_url(f"{live_server}/wallet")
    phone.goto(f"{live_server}/account")
    assert "karin@example.se" in phone.locator("main").inner_text()


@pytest.mark.parametrize("locale", ["sv-SE", "ar"])
def test_the_organisations_button_and_refusal_pass_axe_and_fit(live_server, browser, locale):
    context = browser.new_context(viewport=NARROW, locale=locale)
    page = context.new_page()
    problems = {}
    for path in ("/login", "/login/organisation/return?code=x&state=made-up"):
        page.goto(live_server + path)
        problems[path] = axe_violations(page) + layout_problems(page, locale[:2])
    context.close()
    assert problems == {"/login": [], "/login/organisation/return?code=x&state=made-up": []}
