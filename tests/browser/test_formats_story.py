"""One credential of each format from import to the employer's page, on a 360 px phone in
Swedish: an Open Badges 3.0 JWT, a Data Integrity credential, an SD-JWT VC (shared with claims
kept back) and an Open Badges 2.0 hosted assertion. One browser context per step."""

from __future__ import annotations

import dataclasses
import re

import pytest
from playwright.sync_api import expect
from support.axe import axe_violations
from support.data_integrity import di_credential
from support.issuers import LoopbackServer
from support.issuers import did_key_issuer
from support.open_badges_2 import SALT
from support.open_badges_2 import BadgeIssuer
from support.open_badges_2 import hashed_identity
from support.registry import trust_in_file
from support.screens import PHONE
from support.screens import SMALL_PHONE
from support.sharing import BIRTH_DATE
from support.sharing import learners_sd_jwt

from wallet.credentials import disclosable_claims

ISSUER = did_key_issuer("Ed25519", slot=13)
SD_JWT_ISSUER = did_key_issuer("P-256", slot=12)
GRADE = "Godkänd"


@dataclasses.dataclass(frozen=True)
class Handed:
    """A credential as the learner got it: its text, the file it came in (None: pasted)."""

    text: str
    title: str
    file_name: str | None = None
    kept_back: tuple[str, ...] = ()  # digests of claims to untick when sharing


@pytest.fixture(scope="module")
def server():
    server = LoopbackServer()
    yield server
    server.close()


def ob3_jwt(app, user, server) -> Handed:
    trust_in_file(app, ISSUER.did)
    return Handed(ISSUER.issue(), "Omvårdnadssvenska, grundnivå", "omvardnad.jwt")


def data_integrity(app, user, server) -> Handed:
    trust_in_file(app, ISSUER.did)
    return Handed(di_credential(ISSUER), "Omvårdnadssvenska, grundnivå")


def sd_jwt_vc(app, user, server) -> Handed:
    trust_in_file(app, SD_JWT_ISSUER.did)
    token = learners_sd_jwt(app, user.id, SD_JWT_ISSUER).token
    grade = [c.digest for c in disclosable_claims(token) if c.name == "assessment_grade"]
    return Handed(token, "Reparationssömnad", kept_back=tuple(grade))


def ob2_hosted(app, user, server) -> Handed:
    issuer = BadgeIssuer.on(server)
    trust_in_file(app, issuer.profile_url)
    recipient = {"type": "email", "hashed": True, "salt": SALT,
                 "identity": hashed_identity(user.email, SALT)}
    text = issuer.host(issuer.assertion(recipient=recipient))
    return Handed(text, "Lagning av kläder", "lagning.json")


def phone(browser, **options):
    return browser.new_context(viewport=PHONE, locale="sv-SE", **options)


def import_credential(browser, live_server, user, handed: Handed, tmp_path) -> tuple[int, dict]:
    """Log in, paste or upload the credential; its id and the learner's browser state."""
    context = phone(browser)
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.fill("#email", user.email)
    page.fill("#password", user.password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/wallet")
    page.goto(f"{live_server}/wallet/import")
    if handed.file_name:
        (tmp_path / handed.file_name).write_text(handed.text)
        page.set_input_files("#file", str(tmp_path / handed.file_name))
    else:
        page.fill("#credential", handed.text)
    page.locator("#import-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/wallet/\d+$"))
    assert page.locator("h1").inner_text() == handed.title
    expect(page.locator(".badge-verified")).to_be_visible()
    credential_id = int(page.url.rsplit("/", 1)[1])
    state = context.storage_state()
    context.close()
    return credential_id, state


def share(browser, live_server, state, credential_id: int, handed: Handed) -> str:
    """Make a link for the credential, keeping back what ``handed`` says; the employer's address."""
    context = phone(browser, storage_state=state)
    page = context.new_page()
    page.goto(f"{live_server}/shares/new?credential_ids={credential_id}")
    boxes = page.locator(f"input[name=disclose_{credential_id}]")
    if handed.kept_back:
        unticked = [box.get_attribute("value") for box in boxes.all() if not box.is_checked()]
        assert len(unticked) == 1  # the date of birth, kept back until the learner ticks it
        for digest in handed.kept_back:
            page.uncheck(f"input[value='{digest}']")
        assert axe_violations(page) == []
        page.set_viewport_size(SMALL_PHONE)  # the claims' labels wrap on the smallest phones
        assert page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"]
    else:
        assert boxes.count() == 0  # nothing to choose: the whole credential goes
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.locator("main form.stack button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/shares/\d+$"))
    link = page.input_value("#share-link")
    context.close()
    return live_server + "/v/" + link.rsplit("/v/", 1)[1]


@pytest.mark.parametrize("handed_over", [ob3_jwt, data_integrity, sd_jwt_vc, ob2_hosted])
def test_a_credential_of_each_format_from_import_to_employer(
    app, live_server, browser, user, server, tmp_path, handed_over
):
    handed = handed_over(app, user, server)
    credential_id, state = import_credential(browser, live_server, user, handed, tmp_path)
    employer_link = share(browser, live_server, state, credential_id, handed)

    context = phone(browser)
    employer = context.new_page()
    assert employer.goto(employer_link).status == 200
    assert "summary-verified" in employer.locator(".share-summary").get_attribute("class")
    expect(employer.get_by_text(handed.title, exact=True).first).to_be_visible()
    assert employer.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    content = employer.content()
    if handed.kept_back:
        assert "Anna Andersson" in content
        assert GRADE not in content and BIRTH_DATE not in content
        assert employer.locator(".binding-proven").count() == 1  # the key binding proves it
    context.close()
