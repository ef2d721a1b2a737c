"""The whole sharing story on phones: a learner shares two credentials, an employer opens them."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from support.issuers import did_key_issuer
from support.registry import trust_in_file
from support.screens import PHONE

ISSUER = did_key_issuer("Ed25519", slot=11)


def import_two_credentials(app, user, csrf_token):
    trust_in_file(app, ISSUER.did)
    titles = ("Omvårdnadssvenska, grundnivå", "Reparationssömnad, grund")
    for number, title in enumerate(titles):
        document = ISSUER.credential(id=f"urn:uuid:00000000-0000-4000-8000-00000000000{number}")
        document["credentialSubject"]["achievement"]["name"] = title
        token = csrf_token(user.client, "/wallet/import")
        response = user.client.post("/wallet/import", data={"credential": ISSUER.issue(document), "csrf_token": token})
        assert response.status_code == 303
    return titles


def test_share_two_credentials_then_end_the_link(app, live_server, browser, user, csrf_token):
    titles = import_two_credentials(app, user, csrf_token)
    learner = browser.new_context(viewport=PHONE, locale="sv-SE").new_page()
    learner.goto(f"{live_server}/login")
    learner.fill("#email", user.email)
    learner.fill("#password", user.password)
    learner.locator("main form button[type=submit]").click()
    learner.wait_for_url("**/wallet")

    for checkbox in learner.locator("input[name=credential_ids]").all():
        checkbox.check()
    expect(learner.locator(".selection-count")).to_contain_text("2")  # updated in place by htmx
    learner.locator("#selection-bar button[type=submit]").click()
    learner.wait_for_url("**/shares/new**")
    learner.fill("#label", "Ansökan till Skellefteå Kraft")
    learner.check("input[name=expires_in_days][value='7']")
    learner.locator("main form.stack button[type=submit]").last.click()
    learner.wait_for_url(re.compile(r"/shares/\d+$"))
    link = learner.input_value("#share-link")
    assert re.fullmatch(rf"{re.escape(app.config['WALLET_BASE_URL'])}/v/[A-Za-z0-9_-]{{22,}}", link)

    employer_link = live_server + "/v/" + link.rsplit("/v/", 1)[1]
    employer = browser.new_context(viewport=PHONE, locale="sv-SE").new_page()
    response = employer.goto(employer_link)
    assert response.status == 200
    summary = employer.locator(".share-summary")
    assert "summary-verified" in summary.get_attribute("class")
    for title in titles:
        assert employer.get_by_text(title, exact=True).first.is_visible()
    # Its one script only offers to read the page aloud.
    assert [script.get_attribute("src") for script in employer.locator("script").all()] == [
        "/static/js/read-aloud.js"
    ]
    assert employer.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert employer.context.cookies() == []

    learner.locator("a.button-danger").click()
    learner.locator("main form button[type=submit]").click()
    learner.wait_for_url(re.compile(r"/shares/\d+$"))
    gone = employer.goto(employer_link)
    assert gone.status == 410
    page_text = employer.locator("main").inner_text()
    assert not any(title in page_text for title in titles)
    assert user.name not in page_text
