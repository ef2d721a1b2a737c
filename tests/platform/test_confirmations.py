"""Every page that asks "are you sure?" says on both buttons what each one does, in each language.

One English "No, keep it" served the account, a link and a credential, and was translated for
the account only: the revoke page said "Nej, behåll kontot" (keep the account) in Swedish.
"""

from __future__ import annotations

import re

import pytest
from support.site import build_site

BUTTONS = re.compile(r'class="button[^"]*"[^>]*>([^<]+)<')

# page -> (what the danger button says, what the other button says), in English and Swedish
CONFIRMATIONS = {
    "/shares/{share}/revoke": {
        "en": ("Yes, end the link", "No, keep the link"),
        "sv": ("Ja, stäng av länken", "Nej, behåll länken"),
    },
    "/wallet/{credential}/delete": {
        "en": ("Yes, delete it", "No, keep the credential"),
        "sv": ("Ja, radera", "Nej, behåll intyget"),
    },
    "/account/delete": {
        "en": ("Delete my account and credentials", "No, keep my account"),
        "sv": ("Radera konto och intyg", "Nej, behåll mitt konto"),
    },
}


@pytest.fixture
def site(app, user, csrf_token):
    return build_site(app, user, csrf_token)


@pytest.mark.parametrize("language", ["en", "sv"])
@pytest.mark.parametrize("path", CONFIRMATIONS)
def test_both_buttons_say_what_they_do(user, site, path, language):
    page = user.client.get(path.format(**site), headers={"Accept-Language": language})
    buttons = [text.strip() for text in BUTTONS.findall(page.get_data(as_text=True))]
    assert buttons[-2:] == list(CONFIRMATIONS[path][language])

