"""A learner on a phone: create an account, import a credential file, see it verified."""

from __future__ import annotations

import re

from support.issuers import did_key_issuer
from support.registry import trust_in_file

ISSUER = did_key_issuer("P-256", slot=9)


def test_register_import_file_and_see_verified_card(app, live_server, phone, tmp_path):
    trust_in_file(app, ISSUER.did)
    credential_file = tmp_path / "omvardnadssvenska.jwt"
    credential_file.write_text(ISSUER.issue())

    phone.goto(f"{live_server}/register")
    phone.fill("#name", "Amina Hassan")
    phone.fill("#email", "amina@example.se")
    phone.fill("#password", "fjällbjörk i juni 2026")
    phone.get_by_role("button", name="Visa lösenord").click()
    assert phone.get_attribute("#password", "type") == "text"
    phone.locator("form.stack button[type=submit]").click()
    phone.wait_for_url("**/register/sent")  # the address is confirmed by mail (test_account_story)
    phone.goto(f"{live_server}/login")
    phone.fill("#email", "amina@example.se")
    phone.fill("#password", "fjällbjörk i juni 2026")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url("**/wallet")

    phone.locator("a.button[href='/wallet/import']").first.click()
    phone.set_input_files("#file", str(credential_file))
    phone.locator("#import-form button[type=submit]").click()
    phone.wait_for_url(re.compile(r"/wallet/\d+$"))
    assert phone.locator("h1").inner_text() == "Omvårdnadssvenska, grundnivå"
    assert phone.locator(".badge-verified").is_visible()

    phone.goto(f"{live_server}/wallet")
    card = phone.locator(".card")
    assert card.count() == 1
    assert "Omvårdnadssvenska, grundnivå" in card.inner_text()
    assert card.locator(".badge-verified").is_visible()
    # Nothing wider than the phone: no sideways scrolling on a 360 px screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    # htmx's history cache would copy wallet pages into localStorage.
    assert phone.evaluate("window.localStorage.getItem('htmx-history-cache')") is None
