"""A link shared for an occupational profile, on an employer's phone: what the credentials meet
comes first, above the cards, and each met requirement takes the employer to its credential."""

from __future__ import annotations

import re

import pytest
from support.axe import axe_violations
from support.demo import seeded_app
from support.forms import read_csrf_token
from support.live import serving
from support.screens import PHONE

from wallet.issuing.demo import DEMO_LOGIN

OPERATOR = "drifttekniker-vattenkraft"
WORDS = {
    "sv": ("Uppfyller inte än", "Säkerhet i vattenkraftstation – operatör"),
    "ar": ("لا تستوفي بعد", "Säkerhet i vattenkraftstation – operatör"),
}


def share_for_operator(app) -> str:
    client = app.test_client()
    login = {"email": DEMO_LOGIN[0], "password": DEMO_LOGIN[1],
             "csrf_token": read_csrf_token(client, "/login")}
    client.post("/login", data=login)
    form_page = client.get(f"/shares/new?profile={OPERATOR}").get_data(as_text=True)
    form = {"credential_ids": re.findall(r'name="credential_ids" value="(\d+)"', form_page),
            "expires_in_days": "7", "profile": OPERATOR,
            "csrf_token": read_csrf_token(client, f"/shares/new?profile={OPERATOR}")}
    detail = client.post("/shares", data=form).headers["Location"]
    link = re.search(r'id="share-link"[^>]*value="[^"]*(/v/[^"]+)"', client.get(detail).get_data(as_text=True))
    return link[1]


@pytest.mark.parametrize("language", ["sv", "ar"])
def test_the_profile_verdict_leads_and_links_to_the_credential(make_app, tmp_path, browser, language):
    app = seeded_app(make_app, tmp_path)
    path = share_for_operator(app)
    with serving(app) as live_server:
        for scheme in ("light", "dark"):
            # Script on: the page has none of its own, but axe runs as one.
            page = browser.new_context(viewport=PHONE, color_scheme=scheme).new_page()
            page.goto(f"{live_server}{path}?lang={language}")
            verdict = page.locator(".profile-verdict")
            not_yet, title = WORDS[language]
            assert not_yet in verdict.locator(".profile-verdict-line").inner_text()
            box = verdict.bounding_box()
            first_card = page.locator("article.checked-credential").first.bounding_box()
            assert box["y"] < first_card["y"] and box["y"] < PHONE["height"]
            verdict.locator("a[href='#credential-0']").click()
            heading = page.locator("#credential-0")
            assert heading.inner_text() == title and heading.is_visible()
            assert axe_violations(page) == [], scheme
            page.context.close()
