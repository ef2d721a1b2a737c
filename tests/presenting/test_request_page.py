"""The page a verifier's request opens: who asks, why, and exactly what would be sent; and
every request that cannot be answered refused in plain words, before anything is sent."""

from __future__ import annotations

import datetime
import io

import pytest
from support.openid4vp import NAME_QUERY
from support.openid4vp import x509_verifier
from support.presenting import form_of
from support.presenting import open_request
from support.presenting import send
from support.qr_photos import qr_photo
from support.sharing import add_credential
from support.sharing import titled

BADGE_QUERY = {"credentials": [{
    "id": "badge", "format": "jwt_vc_json",
    "meta": {"type_values": [["AchievementCredential"]]},
}]}
PURPOSE_QUERY = NAME_QUERY | {"credential_sets": [{
    "options": [["learning"]], "purpose": "Vi kontrollerar vem som söker jobbet.",
}]}


def text_of(response) -> str:
    return response.get_data(as_text=True)


def test_the_page_names_the_verifier_and_exactly_the_claims_asked(user, learning, verifier, by_did):
    asked, link = verifier.ask(by_did, PURPOSE_QUERY)
    page = open_request(user, link)
    text = text_of(page)
    assert page.status_code == 200
    assert by_did.client_id.removeprefix("decentralized_identifier:") in text
    assert "Confirmed: the request is signed with their key" in text
    assert "Not confirmed" not in text and "the name they give themselves" not in text
    assert "Vi kontrollerar vem som söker jobbet." in text
    assert "First name: <span dir=\"auto\">Anna</span>" in text
    assert "Last name: <span dir=\"auto\">Andersson</span>" in text
    assert "Date of birth" not in text and "1988-04-12" not in text and "Godkänd" not in text
    assert 'name="send"' in text and 'name="decline"' in text
    assert verifier.fetched == ["/request/0"] and verifier.answers == []  # nothing sent yet


def test_the_name_a_verifier_gives_itself_is_shown_as_its_own_words(user, learning, verifier,
                                                                   by_did):
    """A DID says nothing to people: the name in the request's metadata is shown first, tidied
    of control characters and line breaks, as what the verifier calls itself."""
    _, link = verifier.ask(by_did, client_name="Lindqvists\u202e\n  Bygg AB")
    text = text_of(open_request(user, link))
    assert "<strong dir=\"auto\">Lindqvists Bygg AB</strong>" in text
    assert "the name they give themselves" in text
    assert "Confirmed: the request is signed with their key" in text


def test_a_verifier_with_a_certificate_is_named_by_its_host(app, user, learning, verifier):
    by_x509 = x509_verifier("localhost")
    app.extensions["wallet.resolver"].x509_anchors = by_x509.anchors
    _, link = verifier.ask(by_x509)
    text = text_of(open_request(user, link))
    assert '<span class="identifier-in-text" dir="ltr">localhost</span>' in text
    assert "confirmed: the request is signed by them" in text


def test_a_certificate_from_no_trusted_authority_is_refused(user, learning, verifier):
    _, link = verifier.ask(x509_verifier("localhost"))
    page = open_request(user, link)
    assert page.status_code == 422
    assert "not from an authority we trust" in text_of(page)


def test_an_unsigned_request_is_shown_as_not_confirmed(user, learning, verifier):
    text = text_of(open_request(user, verifier.unsigned_link()))
    assert 'class="notice" id="not-confirmed"' in text and "Not confirmed" in text
    assert "Only send if you know and trust localhost." in text
    assert "First name" in text


def test_a_request_for_a_credential_the_learner_lacks(user, learning, verifier, by_did):
    _, link = verifier.ask(by_did, BADGE_QUERY)
    text = text_of(open_request(user, link))
    assert "You have no credential that answers this." in text
    assert 'name="send"' not in text and 'name="decline"' in text


def test_a_whole_credential_is_said_to_go_whole(user, csrf_token, verifier, by_did):
    add_credential(user.client, csrf_token, titled("Truckkort A"))
    _, link = verifier.ask(by_did, BADGE_QUERY)
    text = text_of(open_request(user, link))
    assert "Truckkort A" in text and "the whole credential" in text


def test_several_matching_credentials_are_a_choice(user, csrf_token, verifier, by_did):
    first = add_credential(user.client, csrf_token, titled("Truckkort A"))
    second = add_credential(user.client, csrf_token, titled("Truckkort B"))
    _, link = verifier.ask(by_did, BADGE_QUERY)
    page = open_request(user, link)
    text = text_of(page)
    assert text.count('type="radio" name="choice_badge"') == 2
    assert form_of(page)["choice_badge"] == str(second)  # the newest first, ticked
    assert send(user, page, choice_badge=str(first)).status_code == 200
    [presentation] = verifier.answers[0]["vp_token"]["badge"]
    assert isinstance(presentation, str) and presentation.count(".") == 2  # a VP-JWT


def test_an_expired_request_is_refused_in_plain_words(user, learning, verifier, by_did):
    an_hour_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1)
    _, link = verifier.ask(by_did, now=an_hour_ago)
    page = open_request(user, link)
    assert page.status_code == 422
    assert "This request is too old" in text_of(page)


def test_a_request_that_cannot_be_fetched_says_so(user, verifier):
    page = open_request(user, f"openid4vp://?client_id=x&request_uri={verifier.base}/missing")
    assert page.status_code == 422
    assert "We could not fetch the request" in text_of(page)


@pytest.mark.parametrize("text", ["openid4vp://?client_id=redirect_uri%3Ax", "nonsense"])
def test_what_is_not_a_request_is_refused(user, text):
    page = user.client.get("/wallet/present?" + text)
    assert page.status_code == 422
    assert "The request could not be answered" in text_of(page)


def test_a_pasted_request_link_opens_its_page(user, csrf_token, verifier, by_did):
    _, link = verifier.ask(by_did)
    form = {"credential": link, "csrf_token": csrf_token(user.client, "/wallet/import")}
    response = user.client.post("/wallet/import", data=form)
    assert response.status_code == 303
    assert response.headers["Location"] == "/wallet/present?" + link.partition("?")[2]


def test_a_photographed_request_qr_code_opens_its_page(user, csrf_token, verifier, by_did):
    _, link = verifier.ask(by_did)
    form = {"credential": "", "csrf_token": csrf_token(user.client, "/wallet/import"),
            "qr_photo": (io.BytesIO(qr_photo(link)), "request.jpg")}
    response = user.client.post("/wallet/import", data=form, content_type="multipart/form-data")
    assert response.status_code == 303
    page = user.client.get(response.headers["Location"])
    assert page.status_code == 200 and "Someone asks to see your credentials" in text_of(page)


def test_signing_in_comes_first(client):
    response = client.get("/wallet/present?client_id=x")
    assert response.status_code == 303 and "/login" in response.headers["Location"]
