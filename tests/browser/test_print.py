"""Paper for interviews: the learner's card prints on one A4 page, the employer's page on few."""

from __future__ import annotations

import re

from support.demo import seeded_app
from support.demo import share_demo_credentials
from support.live import serving
from support.site import TRUSTED
from support.site import build_site
from support.site import log_in

PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def a4_pages(page) -> int:
    """How many A4 pages the browser prints the current page on (its print stylesheet applied)."""
    return len(PAGE_OBJECT.findall(page.pdf(format="A4", print_background=True)))


def test_interview_card_and_employer_page_print_on_a4(app, live_server, browser, user, csrf_token):
    site = build_site(app, user, csrf_token)
    page = browser.new_context(viewport={"width": 360, "height": 740}, locale="sv-SE").new_page()
    log_in(page, live_server, user)
    page.goto(f"{live_server}/shares/{site['share']}")
    page.locator(f"main a[href='/shares/{site['share']}/card']").click()
    card = page.locator(".print-card")
    assert user.name in card.locator("h1").inner_text()
    text = card.inner_text()
    assert "Skellefteå kommun" in text and f"/v/{site['token']}" in text
    assert card.locator("svg[role=img]").count() == 1  # the QR code
    code = card.locator(".share-code").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{5}", code)
    page.emulate_media(media="print", color_scheme="dark")
    assert page.locator(".site-header").is_hidden() and page.locator(".card-tools").is_hidden()
    issuer_colour = card.locator(".card-issuer").first.evaluate("el => getComputedStyle(el).color")
    assert issuer_colour == "rgb(51, 51, 51)"  # dark grey on white paper, though the screen is dark
    assert a4_pages(page) == 1

    page.goto(f"{live_server}/v/{site['token']}")
    assert page.locator(".checked-credential").count() == 2
    assert a4_pages(page) <= 2


def test_five_credentials_print_on_two_a4_pages_with_their_details_open(make_app, tmp_path, browser):
    app = seeded_app(make_app, tmp_path)
    token = share_demo_credentials(app, 5)
    with serving(app) as live_server:
        page = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
        page.goto(f"{live_server}/v/{token}?lang=sv")
        assert not page.locator(".fact-sheet").first.is_visible()  # folded on the screen
        page.emulate_media(media="print")
        # On paper every card's checks and facts are there, though nobody opened them.
        assert page.locator(".check-list:visible").count() == 5
        assert page.locator(".fact-sheet:visible").count() == 5
        assert a4_pages(page) <= 2


def test_page_count_is_read_from_the_pdf(app, live_server, browser):
    """The counter itself: a page of 150 paragraphs cannot fit on one sheet."""
    page = browser.new_context().new_page()
    page.set_content("".join(f"<p>{TRUSTED.did} {n}</p>" for n in range(150)))
    assert a4_pages(page) > 2
