"""Answering a verifier: "Send" delivers only what was asked, with the holder's proof for the
request; "Decline" sends access_denied and nothing else; every answer sent is listed with the
learner's shares, to them alone."""

from __future__ import annotations

import datetime
import urllib.parse

from support.presenting import decline
from support.presenting import disclosed
from support.presenting import form_of
from support.presenting import key_binding
from support.presenting import open_request
from support.presenting import send

from wallet.credentials import KeyResolver
from wallet.credentials import TrustList
from wallet.credentials import Verdict
from wallet.credentials import verify_credential
from wallet.credentials.openid4vp import read_answer
from wallet.platform import clock
from wallet.platform.extensions import db
from wallet.presenting import reading
from wallet.presenting import views
from wallet.presenting.models import PresentationMade


def made(app) -> list[PresentationMade]:
    with app.app_context():
        return list(db.session.scalars(db.select(PresentationMade)))


def test_send_delivers_only_the_asked_disclosures_with_key_binding(
    app, user, learning, verifier, by_did
):
    asked, link = verifier.ask(by_did)
    response = send(user, open_request(user, link))
    assert response.status_code == 200
    assert "Your answer was sent to localhost." in response.get_data(as_text=True)
    [answer] = verifier.answers  # decrypted: the request asked for direct_post.jwt
    assert answer["state"] == asked.state
    [presented] = answer["vp_token"]["learning"]
    assert disclosed(presented) == {"given_name", "family_name"}
    binding = key_binding(presented)
    assert binding["nonce"] == asked.nonce and binding["aud"] == by_did.client_id
    [kept] = made(app)
    assert kept.owner_id == user.id and kept.confirmed and kept.client_id == by_did.client_id
    assert kept.credential_ids == [learning]
    assert kept.disclosed[0]["claims"] == [["given_name"], ["family_name"]]


def test_the_portals_own_reader_accepts_the_answer(app, user, learning, verifier, by_did):
    asked, link = verifier.ask(by_did)
    send(user, open_request(user, link))
    now = clock.now()
    resolver = KeyResolver(None)
    def verify(raw):
        return verify_credential(raw, now, TrustList(), resolver)

    form = verifier.forms[0]
    answer = read_answer(form, asked, now, verify, resolver=resolver, seen=lambda _: False)
    [presented] = answer.credentials
    assert presented.binding == "subject" and presented.result.verdict != Verdict.FAILED


def test_an_unsigned_request_gets_a_plain_direct_post(app, user, learning, verifier):
    response = send(user, open_request(user, verifier.unsigned_link()))
    assert response.status_code == 200
    [answer] = verifier.answers
    assert disclosed(answer["vp_token"]["learning"][0]) == {"given_name", "family_name"}
    [kept] = made(app)
    assert not kept.confirmed and kept.verifier_name == "localhost"


def test_a_same_device_answer_goes_to_the_declared_address(app, user, learning, verifier):
    link = verifier.unsigned_link(response_mode="fragment", response_uri=None,
                                  redirect_uri=verifier.answer_uri)
    response = send(user, open_request(user, link))
    assert response.status_code == 303
    address, _, fragment = response.headers["Location"].partition("#")
    assert address == verifier.answer_uri and "vp_token" in urllib.parse.parse_qs(fragment)
    assert verifier.answers == [] and len(made(app)) == 1


def test_decline_posts_access_denied_and_keeps_nothing(app, user, learning, verifier, by_did):
    asked, link = verifier.ask(by_did)
    response = decline(user, open_request(user, link))
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and "Nothing was sent." in text
    assert "We told localhost that you said no." in text
    assert verifier.answers == [{"error": "access_denied", "state": asked.state}]
    assert made(app) == []


def test_a_replayed_answer_is_refused_in_plain_words(app, user, learning, verifier, by_did):
    _, link = verifier.ask(by_did)
    page = open_request(user, link)
    assert send(user, page).status_code == 200
    again = send(user, page)
    assert again.status_code == 422
    assert "did not accept the answer" in again.get_data(as_text=True)
    assert len(verifier.answers) == 2 and len(made(app)) == 2  # the second went all the same


def test_a_request_that_expired_before_send_is_refused(
    app, user, learning, verifier, by_did, monkeypatch
):
    _, link = verifier.ask(by_did)
    page = open_request(user, link)
    later = clock.now() + datetime.timedelta(hours=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    response = send(user, page)
    assert response.status_code == 422 and "too old" in response.get_data(as_text=True)
    assert verifier.answers == [] and made(app) == []


def test_a_tampered_request_is_refused_and_nothing_is_sent(app, user, learning, verifier, by_did):
    _, link = verifier.ask(by_did)
    page = open_request(user, link)
    carried = urllib.parse.parse_qs(urllib.parse.urlsplit(_request_field(page)).query)
    token = carried["request"][0]
    changed = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    tampered = "openid4vp://?" + urllib.parse.urlencode(
        {"client_id": carried["client_id"][0], "request": changed})
    response = send(user, page, request=tampered)
    assert response.status_code == 422
    assert "signature does not match" in response.get_data(as_text=True)
    assert verifier.answers == [] and made(app) == []


def test_a_choice_not_shown_is_refused(app, user, learning, verifier, by_did):
    _, link = verifier.ask(by_did)
    response = send(user, open_request(user, link), choice_learning="999")
    assert response.status_code == 422
    assert "Your choice does not answer what was asked" in response.get_data(as_text=True)
    assert verifier.answers == []


def test_no_transaction_is_open_while_the_verifier_is_waited_on(
    user, learning, verifier, by_did, monkeypatch
):
    open_during = []

    def watched(call):
        def network(*args, **kwargs):
            open_during.append(db.session().in_transaction())
            return call(*args, **kwargs)
        return network

    monkeypatch.setattr(reading, "read_request", watched(reading.read_request))
    monkeypatch.setattr(views, "send", watched(views.send))
    _, link = verifier.ask(by_did)
    assert send(user, open_request(user, link)).status_code == 200
    assert open_during == [False, False, False]  # the page's read, Send's read, the answer


def test_the_verifiers_own_next_address_is_followed(user, learning, verifier, by_did):
    verifier.onward = verifier.base + "/thanks"
    _, link = verifier.ask(by_did)
    response = send(user, open_request(user, link))
    assert response.status_code == 303 and response.headers["Location"] == verifier.onward


def test_a_next_address_on_another_site_is_not_followed(user, learning, verifier, by_did):
    verifier.onward = "https://elsewhere.example/thanks"
    _, link = verifier.ask(by_did)
    response = send(user, open_request(user, link))
    assert response.status_code == 200
    assert "elsewhere.example" not in response.get_data(as_text=True)


def test_the_shares_list_shows_the_answered_request_to_its_learner_alone(
    user, other_user, learning, verifier, by_did
):
    _, link = verifier.ask(by_did)
    send(user, open_request(user, link))
    text = user.client.get("/shares").get_data(as_text=True)
    assert "Answered requests" in text
    assert by_did.client_id.removeprefix("decentralized_identifier:") in text
    assert "First name, Last name" in text and "(confirmed)" in text
    assert "Answered requests" not in other_user.client.get("/shares").get_data(as_text=True)


def _request_field(page) -> str:
    return form_of(page)["request"]


def test_the_shares_list_names_the_verifier_as_it_named_itself(user, learning, verifier, by_did):
    _, link = verifier.ask(by_did, client_name="Lindqvists Bygg AB")
    send(user, open_request(user, link))
    text = user.client.get("/shares").get_data(as_text=True)
    assert '<strong dir="auto">Lindqvists Bygg AB</strong>' in text
    assert "Who they are, exactly" in text  # the DID, folded beneath the name
    assert by_did.client_id.removeprefix("decentralized_identifier:") in text
