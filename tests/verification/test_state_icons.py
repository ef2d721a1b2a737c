"""Each state has its own picture, the same on the employer's and the learner's pages, beside the
state's words (which name it) or, standing alone, named by them."""

from __future__ import annotations

import pathlib
import re

from support.registry import trust_in_file
from support.sharing import TRUSTED
from support.sharing import UNLISTED
from support.sharing import add_credential
from support.sharing import expired
from support.sharing import link_on_page
from support.sharing import make_share
from support.sharing import titled

from wallet.verification.states import LABELS
from wallet.verification.states import ORDER

CSS = (pathlib.Path(__file__).resolve().parents[2] / "static" / "public.css").read_text()
SHAPE = re.compile(r"\.icon-([a-z_]+) \{ --shape: (url\([^)]*\)); \}")
ICON = re.compile(
    r'<span class="icon icon-([a-z_]+)"( role="img" aria-label="([^"]*)")?[^>]*></span>'
)
BADGE = re.compile(
    r'<span class="badge badge-\w+" data-read-aloud><span class="icon icon-([a-z_]+)" '
    r'aria-hidden="true"></span> ([^<]+)</span>'
)


def test_every_state_has_a_shape_of_its_own():
    shapes = dict(SHAPE.findall(CSS))
    assert set(ORDER) <= set(shapes)
    assert len({shapes[state] for state in ORDER}) == len(ORDER)


def test_the_same_state_has_the_same_picture_and_words_on_every_page(app, user, csrf_token):
    trust_in_file(app, TRUSTED.did)
    ids = [
        add_credential(user.client, csrf_token, token)
        for token in (titled("Truckkort"), expired(), UNLISTED.issue())
    ]
    share = make_share(user.client, csrf_token, ids)
    link = link_on_page(user.client.get(f"/shares/{share}").get_data(as_text=True))
    employer = app.test_client().get(link, follow_redirects=True).get_data(as_text=True)
    on_cards = BADGE.findall(employer)
    assert {state for state, _ in on_cards} == {"valid", "expired", "unknown_issuer"}
    assert all(words == str(LABELS[state]) for state, words in on_cards)
    # The summary's picture stands alone: the worst state's words name it.
    summary = ("expired", ' role="img" aria-label="Genuine, but expired"', "Genuine, but expired")
    assert summary in ICON.findall(employer)
    wallet = user.client.get("/wallet").get_data(as_text=True)
    assert sorted(BADGE.findall(wallet)) == sorted(on_cards)
    pages = [user.client.get(f"/wallet/{credential}").get_data(as_text=True) for credential in ids]
    assert [[state for state, _ in BADGE.findall(page)] for page in pages] == [
        ["valid"],
        ["expired"],
        ["unknown_issuer"],
    ]
