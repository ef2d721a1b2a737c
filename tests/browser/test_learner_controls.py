"""The learner's controls on phones: "Share" waits for a choice, a link is copied or handed to
another app, and on the smallest phones the wallet leaves most of the screen to the list."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from support.registry import trust_in_file
from support.screens import PHONE
from support.screens import SMALL_PHONE
from support.sharing import TRUSTED
from support.sharing import add_credential
from support.sharing import make_share
from support.sharing import titled
from support.site import log_in

# A stand-in for the phone's share sheet: Chromium on Linux has none.
SHARE_SHEET = "Navigator.prototype.share = function (data) { window.sharedWith = data; return Promise.resolve(); };"


@pytest.fixture
def three(app, user, csrf_token):
    trust_in_file(app, TRUSTED.did)
    titles = ("Omvårdnadssvenska, grundnivå", "Reparationssömnad, grund", "Heta arbeten")
    return [add_credential(user.client, csrf_token, titled(title)) for title in titles]


def learner_page(browser, live_server, user, **options):
    page = browser.new_context(viewport=PHONE, locale="sv-SE", **options).new_page()
    log_in(page, live_server, user)
    return page


def test_share_waits_until_a_credential_is_ticked(browser, live_server, user, three):
    page = learner_page(browser, live_server, user)
    share = page.locator("#selection-bar button[type=submit]")
    expect(share).to_be_disabled()
    assert page.locator("#selection-count").inner_text() == "Kryssa i de intyg som en arbetsgivare ska se."
    page.locator("input[name=credential_ids]").first.check()
    expect(share).to_be_enabled()
    expect(page.locator("#selection-count")).to_have_text("1 valt")
    page.locator("input[name=credential_ids]").first.uncheck()
    expect(share).to_be_disabled()


def test_without_script_share_opens_the_form_that_asks_for_a_choice(
    browser, live_server, user, three
):
    page = learner_page(browser, live_server, user, java_script_enabled=False)
    share = page.locator("#selection-bar button[type=submit]")
    expect(share).to_be_enabled()
    share.click()
    page.wait_for_url("**/shares/new**")
    assert "Välj minst ett intyg" in page.locator("main").inner_text()


def test_the_link_is_copied_or_sent_with_the_phones_share_sheet(
    app, browser, live_server, user, csrf_token, three
):
    share_id = make_share(user.client, csrf_token, three)
    # Without a share sheet (Chromium on Linux) the button stays hidden: copy is the way.
    page = learner_page(browser, live_server, user)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{live_server}/shares/{share_id}")
    link = page.input_value("#share-link")
    expect(page.locator("[data-share-target]")).to_be_hidden()
    page.locator("[data-copy-target]").click()
    expect(page.locator("#share-link-status")).to_have_text("Kopierad")
    assert page.evaluate("navigator.clipboard.readText()") == link

    phone = learner_page(browser, live_server, user)
    phone.context.add_init_script(SHARE_SHEET)
    phone.goto(f"{live_server}/shares/{share_id}")
    send = phone.locator("[data-share-target]")
    expect(send).to_be_visible()
    send.click()
    assert phone.evaluate("window.sharedWith.url") == link
    assert re.fullmatch(r".*/v/[A-Za-z0-9_-]{22,}", link)


@pytest.mark.parametrize("language", ["sv", "en", "ar"])
def test_on_the_smallest_phones_the_list_has_most_of_the_screen(
    browser, live_server, user, three, language
):
    page = browser.new_context(viewport=SMALL_PHONE, locale=language).new_page()
    log_in(page, live_server, user)
    page.locator("input[name=credential_ids]").first.check()
    expect(page.locator("#selection-bar button[type=submit]")).to_be_enabled()
    height = SMALL_PHONE["height"]
    bar = page.locator("#selection-bar").bounding_box()
    first_card = page.locator(".cards > li").first.bounding_box()
    # The bar keeps its words and its button on one line, and the first card starts well
    # within the upper half: at least half the screen shows credentials.
    assert bar["height"] <= 0.12 * height, (language, bar)
    assert first_card["y"] <= 0.45 * height, (language, first_card)
    assert bar["y"] - first_card["y"] >= 0.4 * height, (language, bar, first_card)


def test_a_file_too_large_is_refused_before_it_is_sent(browser, live_server, user):
    page = learner_page(browser, live_server, user)
    page.goto(f"{live_server}/wallet/import")
    sent = []
    page.on("request", lambda request: sent.append(request.url) if request.method == "POST" else None)
    big = {"name": "intyg.jwt", "mimeType": "text/plain", "buffer": b"a" * (5 * 1024 * 1024 + 1)}
    page.set_input_files("#file", big)
    expect(page.locator("#import-error")).to_have_text(
        "Den här filen är större än 5 MB, så vi kan inte kontrollera den. Välj en mindre fil."
    )
    assert page.locator("#file").get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.getElementById('file').files.length") == 0
    assert sent == []
    # A file within the limit clears the message.
    page.set_input_files("#file", {**big, "buffer": b"a" * 100})
    expect(page.locator("#import-error")).to_have_text("")


@pytest.mark.app_config(WALLET_PAGE_SIZE=2)
@pytest.mark.parametrize("script", [True, False], ids=["htmx", "no-script"])
def test_show_more_brings_the_next_cards_and_keeps_the_ticks(
    browser, live_server, user, three, script
):
    page = learner_page(browser, live_server, user, java_script_enabled=script)
    boxes = page.locator("#credential-list input[type=checkbox][name=credential_ids]")
    expect(boxes).to_have_count(2)
    first = boxes.first.get_attribute("value")
    boxes.first.check()
    page.get_by_role("button", name="Visa fler intyg").click()
    if script:  # the third card is added below the first two, which stay ticked
        expect(boxes).to_have_count(3)
        expect(boxes.first).to_be_checked()
    else:  # the next page, with the first card's tick carried along
        page.wait_for_url("**page=2**")
        expect(boxes).to_have_count(1)
        expect(page.locator("#selection-count")).to_have_text("1 valt")
    boxes.last.check()
    page.locator("#selection-bar button[type=submit]").click()
    page.wait_for_url("**/shares/new**")
    chosen = re.findall(r"credential_ids=(\d+)", page.url)
    assert chosen[0] == first and len(set(chosen)) == 2
