"""The employer's page on phones, without script: what is on the first screens, each state in
its own words, a forged credential's content never shown as facts, and one visit counted once."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from support.demo import seeded_app
from support.demo import share_demo_credentials
from support.issuers import LoopbackServer
from support.live import serving
from support.registry import trust_in_file
from support.screens import PHONE
from support.screens import SMALL_PHONE
from support.site import TRUSTED
from support.states import FORGED_TITLE
from support.states import STATES
from support.states import TITLES
from support.states import share_states
from support.states import state_tokens

from wallet.models import ShareLink
from wallet.platform.extensions import db
from wallet.verification.states import LABELS

SCREENS = [PHONE, SMALL_PHONE]
# Every card's title and status line within this many screens, for a share of that many.
WITHIN_SCREENS = {3: 1.5, 8: 3}


@pytest.fixture
def loopback():
    server = LoopbackServer()
    yield server
    server.close()


def label(app, state: str, language: str) -> str:
    with app.test_request_context(), force_locale(language):
        return str(LABELS[state])


def views_of(app, token: str) -> int:
    with app.app_context():
        return db.session.scalar(db.select(ShareLink.view_count))


@pytest.mark.parametrize("count", [3, 8])
def test_every_cards_title_and_status_are_on_the_first_screens(
    make_app, tmp_path, browser, count
):
    app = seeded_app(make_app, tmp_path)
    token = share_demo_credentials(app, count)

    with serving(app) as live_server:
        for screen in SCREENS:
            for language in ("sv", "en", "ar"):
                context = browser.new_context(viewport=screen, java_script_enabled=False)
                page = context.new_page()
                page.goto(f"{live_server}/v/{token}?lang={language}")
                limit = WITHIN_SCREENS[count] * screen["height"]
                where = f"{count} credentials, {screen['width']} px, {language}"
                cards = page.locator("article.checked-credential")
                assert cards.count() == count, where
                for card in cards.all():
                    for part in (card.locator("h2"), card.locator(".status-line")):
                        assert part.is_visible(), where
                        assert part.bounding_box()["y"] + part.bounding_box()["height"] <= limit, (
                            f"{where}: {card.locator('h2').inner_text()} ends below {limit} px"
                        )
                # The verdict, the holder's name and message come first, on the first screen.
                for first in (".share-verdict", ".share-holder", ".share-message"):
                    box = page.locator(first).bounding_box()
                    assert box["y"] + box["height"] <= screen["height"], (where, first)
                # Details are folded, one tap away: a 44 px summary, not a wall of checks.
                summary = cards.first.locator(".credential-details > summary")
                assert summary.bounding_box()["height"] >= 44 and not cards.first.locator(
                    ".check-list"
                ).is_visible()
                summary.click()
                assert cards.first.locator(".check-list").is_visible(), where
                context.close()


def test_each_state_has_its_own_words_on_the_share_page_and_on_verify(
    app, user, browser, live_server, loopback
):
    trust_in_file(app, TRUSTED.did)
    tokens = state_tokens(loopback)
    token = share_states(app, user, tokens)
    for language in ("sv", "en", "ar"):
        context = browser.new_context(viewport=SCREENS[0], java_script_enabled=False)
        page = context.new_page()
        page.goto(f"{live_server}/v/{token}?lang={language}")
        cards = page.locator("article.checked-credential").all()
        assert [card.get_attribute("class").split()[-1] for card in cards] == [
            f"state-{state}" for state in STATES
        ]
        for state, card in zip(STATES, cards, strict=True):
            badge = card.locator(".status-line .badge")
            assert badge.is_visible() and label(app, state, language) in badge.inner_text(), (
                language,
                state,
            )
        # Eight different states: the summary counts them, worst first, and never says genuine.
        assert page.locator(".share-summary").get_attribute("class").endswith("summary-failed")
        context.close()

    verify = browser.new_context(viewport=SCREENS[0], locale="sv-SE").new_page()
    for state in STATES:
        verify.goto(f"{live_server}/verify")
        verify.fill("#credential", tokens[state])
        verify.locator("main form button[type=submit]").click()
        card = verify.locator("article.checked-credential")
        assert f"state-{state}" in card.get_attribute("class"), state
        assert label(app, state, "sv") in card.locator(".badge").inner_text(), state
    verify.context.close()


def test_a_forged_credential_shows_its_claimed_title_only_as_a_claim(
    app, user, browser, live_server, loopback
):
    trust_in_file(app, TRUSTED.did)
    tokens = state_tokens(loopback)
    token = share_states(app, user, {"valid": tokens["valid"], "forged": tokens["forged"]})
    page = browser.new_context(viewport=SCREENS[0], locale="en-GB").new_page()
    page.goto(f"{live_server}/v/{token}?lang=en")
    forged = page.locator("article.state-forged")
    assert forged.locator("h2").inner_text() == "A credential that was changed or forged"
    assert forged.locator(".claimed-title q").inner_text() == FORGED_TITLE
    assert forged.locator(".card-meta").count() == 0  # no issuer, no facts on its card
    forged.locator(".credential-details > summary").click()
    details = forged.locator(".credential-details").inner_text()
    assert "Facts about this micro-credential" not in details
    assert "Skellefteå kommun" not in details  # the issuer it names: only a claim, never shown
    assert "Technical details" in details
    valid = page.locator("article.state-valid")
    assert valid.locator("h2").inner_text() == TITLES["valid"]
    assert "Skellefteå kommun" in valid.locator(".card-meta").inner_text()


def test_a_language_switch_and_a_reload_do_not_use_up_a_three_view_link(
    make_app, tmp_path, browser
):
    app = seeded_app(make_app, tmp_path)
    token = share_demo_credentials(app, 2, max_views=3)

    with serving(app) as live_server:
        page = browser.new_context(viewport=SCREENS[0], java_script_enabled=False).new_page()
        page.goto(f"{live_server}/v/{token}")
        page.reload()  # the link as opened, before anything else: still the same visit
        assert views_of(app, token) == 1
        page.locator(".language-links a[hreflang=en]").click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "en"
        page.reload()
        page.locator(".language-links a[hreflang=sv]").click()
        page.reload()
        assert views_of(app, token) == 1
        assert page.locator("article.checked-credential").count() == 2
        # Another employer, or the same one tomorrow, opens the link afresh: that is a view.
        other = browser.new_context(viewport=SCREENS[0]).new_page()
        other.goto(f"{live_server}/v/{token}")
        assert views_of(app, token) == 2
        assert other.context.cookies() == [] and page.context.cookies() == []
