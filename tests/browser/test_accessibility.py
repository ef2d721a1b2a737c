"""Every page passes axe-core's WCAG 2.1 AA rules and fits a 320 px screen without scrolling sideways."""

from __future__ import annotations

import re

import pytest
from support.axe import axe_violations
from support.issuers import did_key_issuer

from wallet.credentials import TrustedIssuer
from wallet.credentials import TrustList

TRUSTED = did_key_issuer("Ed25519", slot=12)
UNLISTED = did_key_issuer("P-256", slot=12)
NARROW = {"width": 320, "height": 640}

LEARNER_PAGES = [
    "/wallet",
    "/wallet/import",
    "/wallet/{credential}",
    "/wallet/{credential}/delete",
    "/account",
    "/account/import",
    "/account/delete",
    "/shares",
    "/shares/new?credential_ids={credential}&credential_ids={other}",
    "/shares/{share}",
    "/shares/{share}/revoke",
]
PUBLIC_PAGES = ["/login", "/register", "/code", "/verify", "/v/{token}", "/v/{token}/receipt", "/v/unknown-token-000000000", "/no-such-page"]


@pytest.fixture
def story(app, user, csrf_token):
    """A learner with a trusted, an unlisted and an expired credential, and one share."""
    path = app.config["TRUST_LIST"]
    TrustList.load(path).with_issuer(TrustedIssuer(TRUSTED.did, "Skellefteå kommun")).save(path)
    expired = TRUSTED.credential(valid_from="2020-01-01T00:00:00Z", valid_until="2021-01-01T00:00:00Z", id="urn:uuid:1")
    ids = []
    for token in (TRUSTED.issue(), UNLISTED.issue(), TRUSTED.issue(expired)):
        form = {"credential": token, "csrf_token": csrf_token(user.client, "/wallet/import")}
        ids.append(int(user.client.post("/wallet/import", data=form).headers["Location"].rsplit("/", 1)[1]))
    form = {
        "credential_ids": ids[:2], "expires_in_days": "7", "label": "Ansökan", "message": "Hej!",
        "csrf_token": csrf_token(user.client, f"/shares/new?credential_ids={ids[0]}"),
    }
    share_url = user.client.post("/shares", data=form).headers["Location"]
    page = user.client.get(share_url).get_data(as_text=True)
    token = re.search(r'id="share-link"[^>]*value="[^"]*/v/([A-Za-z0-9_-]+)"', page)[1]
    return {"credential": ids[0], "other": ids[1], "share": share_url.rsplit("/", 1)[1], "token": token}


def log_in(page, live_server, user):
    page.goto(f"{live_server}/login")
    page.fill("#email", user.email)
    page.fill("#password", user.password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/wallet")


def check_pages(page, live_server, paths, story):
    problems = {}
    for template in paths:
        path = template.format(**story)
        page.goto(live_server + path)
        found = axe_violations(page)
        if page.evaluate("document.documentElement.scrollWidth") > NARROW["width"]:
            found.append("horizontal scrolling at 320 px")
        if found:
            problems[path] = found
    assert problems == {}


@pytest.mark.parametrize("locale", ["sv-SE"])
def test_learner_pages(app, live_server, browser, user, story, locale):
    page = browser.new_context(viewport=NARROW, locale=locale).new_page()
    log_in(page, live_server, user)
    check_pages(page, live_server, LEARNER_PAGES, story)


@pytest.mark.parametrize("locale", ["sv-SE"])
def test_public_pages(app, live_server, browser, story, locale):
    page = browser.new_context(viewport=NARROW, locale=locale).new_page()
    check_pages(page, live_server, PUBLIC_PAGES, story)
