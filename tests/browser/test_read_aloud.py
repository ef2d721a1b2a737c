"""The "Listen" button reads the page's own text aloud in its language, sentence by sentence,
highlighted, and stops on request; only where the phone has a voice of its own for that language.

speechSynthesis is stubbed (tests/support/speech.py): what would be spoken, in which language and
by which voice is recorded, on the wallet, a credential's page and the employer's page.
"""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from flask_babel import gettext
from support.issuers import did_key_issuer
from support.registry import trust_in_file
from support.screens import PHONE
from support.sharing import TRUSTED
from support.sharing import add_credential
from support.sharing import employer_path
from support.sharing import expired
from support.sharing import make_share
from support.sharing import titled
from support.site import choose_language
from support.site import log_in
from support.speech import VOICES
from support.speech import highlighted
from support.speech import spoken
from support.speech import stub_speech

from wallet.verification.states import LABELS

BUTTON = ".read-aloud button"
# Each marked element's text as a reader sees it (nested marks are read with their parent).
MARKED = """[...document.querySelectorAll('[data-read-aloud]')]
  .filter((element) => !element.parentElement.closest('[data-read-aloud]'))
  .map((element) => element.textContent.replace(/\\s+/g, ' ').trim())"""
SWEDISH_TITLE = "Hygien i vården"


@pytest.fixture
def shared(app, user, csrf_token):
    """A valid and an expired credential in the wallet, shared; (ids, the employer's path)."""
    trust_in_file(app, TRUSTED.did)
    ids = [
        add_credential(user.client, csrf_token, token)
        for token in (titled("Truckkort A"), expired())
    ]
    return ids, employer_path(user.client, make_share(user.client, csrf_token, ids))


def words(app, language: str, message) -> str:
    """A message (a source text, or a lazy one such as a state's label) in ``language``."""
    with app.test_request_context(), force_locale(language):
        return gettext(message) if isinstance(message, str) else str(message)


def listen(page) -> list[dict]:
    button = page.locator(BUTTON)
    button.wait_for(state="visible")
    button.click()
    page.wait_for_function("window.__speech.spoken.length > 0")
    return spoken(page)


@pytest.mark.parametrize("language", ["sv", "ar", "fa"])
def test_listen_reads_the_pages_own_words_in_its_language(
    app, browser, live_server, user, shared, language
):
    ids, employer = shared
    context = browser.new_context(viewport=PHONE, locale="sv-SE")
    stub_speech(context, list(VOICES.values()))
    page = context.new_page()
    log_in(page, live_server, user)
    choose_language(page, language)
    expired_words = words(app, language, LABELS["expired"])
    for path in ("/wallet", f"/wallet/{ids[1]}", f"{employer}?lang={language}"):
        page.goto(live_server + path)
        where = f"{language} {path}"
        said = listen(page)
        texts = [utterance["text"] for utterance in said]
        # Only the phone's own voice for the page's language; never the cloud's English one.
        assert {(u["lang"], u["voice"]) for u in said} == {(language, VOICES[language]["name"])}, (
            where
        )
        # The page's own text, sentence by sentence: each a part of a marked element, in order.
        marked = page.evaluate(MARKED)
        assert all(any(text in part for part in marked) for text in texts), where
        assert marked[0].startswith(texts[0]) and expired_words in texts, where
        # Sentence by sentence: an explanation of two sentences is two utterances.
        assert len(texts) > len(marked) if path != "/wallet" else len(texts) == len(marked), where
        # The sentence being read is highlighted; the next one takes its place.
        page.wait_for_function("CSS.highlights.has('read-aloud')")
        assert highlighted(page) == texts[0], where
        page.evaluate("window.__speech.next()")
        assert highlighted(page) == texts[1], where
        # Stop: silence, no highlight, and the button offers to listen again.
        cancelled = page.evaluate("window.__speech.cancelled")
        page.locator(BUTTON).click()
        assert page.evaluate("window.__speech.cancelled") == cancelled + 1, where
        assert highlighted(page) is None, where
        assert page.locator(BUTTON).inner_text().strip() == words(app, language, "Listen"), where
    context.close()


def test_sentences_folded_away_are_opened_as_they_are_read(browser, live_server, shared):
    _, employer = shared
    context = browser.new_context(viewport=PHONE)
    stub_speech(context, [VOICES["sv"]])
    page = context.new_page()
    page.goto(f"{live_server}{employer}?lang=sv")
    said = listen(page)
    assert page.locator("details.credential-details[open]").count() == 0
    for _ in said:
        page.evaluate("window.__speech.next()")
    # The expired credential's "what this means for you" sits in its folded details.
    assert page.locator("details.credential-details[open] .next-steps").count() == 1
    # After the last sentence the reading ends by itself.
    assert page.locator(BUTTON).get_attribute("class").split() == ["button", "button-secondary"]
    context.close()


@pytest.mark.parametrize(
    "voices",
    [[], [VOICES["en"]], [{**VOICES["fa"], "localService": False}], [VOICES["sv"], VOICES["ar"]]],
    ids=["no voice", "another language", "a voice in the cloud", "other languages only"],
)
def test_no_button_without_a_voice_on_the_phone_for_the_pages_language(
    browser, live_server, shared, voices
):
    _, employer = shared
    context = browser.new_context(viewport=PHONE)
    stub_speech(context, voices)
    page = context.new_page()
    page.goto(f"{live_server}{employer}?lang=fa")
    page.wait_for_load_state("load")
    assert page.locator(".read-aloud").is_hidden()
    assert page.locator("main article.checked-credential").count() == 2  # the page itself is there
    context.close()


def test_a_swedish_title_on_a_persian_page_is_read_by_a_swedish_voice_or_not_at_all(
    app, browser, live_server, user, csrf_token
):
    issuer = did_key_issuer("Ed25519", slot=11)
    document = issuer.credential()
    document["name"] = document["credentialSubject"]["achievement"]["name"] = {"sv": SWEDISH_TITLE}
    credential = add_credential(user.client, csrf_token, issuer.issue(document))
    employer = employer_path(user.client, make_share(user.client, csrf_token, [credential]))
    for voices, title_read_by in (([VOICES["fa"], VOICES["sv"]], "sv"), ([VOICES["fa"]], None)):
        context = browser.new_context(viewport=PHONE)
        stub_speech(context, voices)
        page = context.new_page()
        page.goto(f"{live_server}{employer}?lang=fa")
        said = {utterance["text"]: utterance for utterance in listen(page)}
        if title_read_by:
            assert (
                said[SWEDISH_TITLE]["lang"] == "sv"
                and said[SWEDISH_TITLE]["voice"] == VOICES["sv"]["name"]
            )
        else:
            assert SWEDISH_TITLE not in said
        assert {u["lang"] for text, u in said.items() if text != SWEDISH_TITLE} == {"fa"}
        context.close()
