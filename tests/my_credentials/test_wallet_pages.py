"""The wallet shows its credentials a page at a time: "Show more" brings the next page (htmx
appends it; without script it opens it), ticks and filters travel along, and a page past the
end goes back to the first."""

from __future__ import annotations

import re
import uuid

import pytest
from support.issuers import did_key_issuer
from support.registry import trust_in_file

from wallet.models import User
from wallet.my_credentials.store import import_tokens
from wallet.platform.extensions import db

ISSUER = did_key_issuer("Ed25519", slot=7)
PAGE_SIZE = 2
pytestmark = pytest.mark.app_config(WALLET_PAGE_SIZE=PAGE_SIZE)


@pytest.fixture
def five_credentials(app, user) -> None:
    """Five credentials in the learner's wallet, from a trusted issuer."""
    trust_in_file(app, ISSUER.did)
    tokens = [ISSUER.issue(ISSUER.credential(id=f"urn:uuid:{uuid.uuid4()}")) for _ in range(5)]
    with app.app_context():
        import_tokens(db.session.get(User, user.id), tokens)


def card_ids(html: str) -> list[int]:
    boxes = re.findall(r'type="checkbox" name="credential_ids" value="(\d+)"', html)
    return [int(found) for found in boxes]


def test_the_wallet_shows_a_page_and_a_button_for_the_next(user, five_credentials):
    first = user.client.get("/wallet").get_data(as_text=True)
    assert len(card_ids(first)) == PAGE_SIZE
    assert re.search(r'<button type="submit"[^>]*name="page" value="2"', first)
    assert "Show more credentials" in first
    seen = card_ids(first)
    for number, expected in ((2, PAGE_SIZE), (3, 1)):
        page = user.client.get(f"/wallet?page={number}").get_data(as_text=True)
        assert len(card_ids(page)) == expected
        assert not set(card_ids(page)) & set(seen)  # no card twice
        seen += card_ids(page)
        assert "Back to the start of the list" in page
    assert "Show more credentials" not in page  # the last page
    assert len(seen) == 5


def test_htmx_gets_the_next_cards_alone(user, five_credentials, htmx):
    more = user.client.get("/wallet?page=2", headers=htmx.swap).get_data(as_text=True)
    assert more.lstrip().startswith('<li class="card')
    assert "<html" not in more and 'id="credential-list"' not in more
    assert len(card_ids(more)) == PAGE_SIZE and 'value="3"' in more  # and the next button


def test_a_page_past_the_end_goes_back_to_the_first(user, five_credentials):
    response = user.client.get("/wallet?page=9&verdict=verified")
    assert response.status_code == 302
    assert response.headers["Location"] == "/wallet?issuer=&verdict=verified&sort=newest"
    for junk in ("0", "-1", "x", "99999999999"):
        assert len(card_ids(user.client.get(f"/wallet?page={junk}").get_data(as_text=True))) == 2


def test_ticks_from_another_page_travel_along_and_count(user, five_credentials):
    first = card_ids(user.client.get("/wallet").get_data(as_text=True))
    page = user.client.get(f"/wallet?page=2&credential_ids={first[0]}").get_data(as_text=True)
    assert f'<input type="hidden" name="credential_ids" value="{first[0]}">' in page
    assert "1 selected" in page
    # An id that names none of the learner's credentials is not carried, nor counted.
    theirs = user.client.get("/wallet?page=2&credential_ids=999999").get_data(as_text=True)
    assert 'type="hidden" name="credential_ids"' not in theirs
    assert not re.search(r"\d+ selected", theirs)
    # Brought back by "Show more" with the tick: the card itself comes ticked.
    again = user.client.get(f"/wallet?page=1&credential_ids={first[0]}").get_data(as_text=True)
    assert f'value="{first[0]}" checked' in again


def test_the_filters_go_with_the_next_page(user, five_credentials):
    first = user.client.get("/wallet?verdict=verified&sort=title").get_data(as_text=True)
    assert '<input type="hidden" name="verdict" value="verified">' in first
    assert '<input type="hidden" name="sort" value="title">' in first
    assert 'hx-get="/wallet?issuer=&amp;verdict=verified&amp;sort=title"' in first
