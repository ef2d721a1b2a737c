"""A wallet's answer posted to /ask's response endpoint: kept once, then shown like a share's
page (at a glance, every check, holder binding, the fact sheet, a signed receipt, JSON v1);
a replayed, late, tampered or foreign answer is refused with a plain reason."""

from __future__ import annotations

import pytest
from asking_helpers import ASKED
from asking_helpers import RequestObject
from asking_helpers import answer_for
from asking_helpers import ask
from support.registry import trust_in_file

from wallet.credentials import KeyResolver
from wallet.credentials import TrustList
from wallet.credentials import jose
from wallet.credentials import verify_credential

JSON = {"Accept": "application/json"}


@pytest.fixture
def asked(client, csrf_token, clock_at):
    """A request made through the form, as its wallet reads it, with its page's key."""
    key = ask(client, csrf_token)
    clock_at.move(seconds=30)
    return key, RequestObject.fetch(client, key)


def post(client, request: RequestObject, form: dict):
    return client.post(request.response_path, data=form)


def test_an_answer_is_taken_and_the_page_shows_it_like_a_share(app, client, asked, issued,
                                                               clock_at):
    key, request = asked
    issuer = verify_credential(issued.token, clock_at.now, TrustList(()), KeyResolver(None))
    trust_in_file(app, issuer.credential.issuer_id, "Nordiska Textilakademin")
    response = post(client, request, answer_for(request, issued.token, now=clock_at.now))
    assert (response.status_code, response.get_json()) == (200, {})  # no redirect_uri: see views
    page = client.get(f"/ask/{key}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Reparationssömnad" in text and "Nordiska Textilakademin" in text
    assert "Genuine and valid" in text
    assert "Shared by the person it was issued to." in text  # the key-binding JWT proved it
    assert "It is the kind of credential you asked for, with what you asked to see." in text
    assert "Anna" in text and "Godkänd" not in text  # only what was asked was disclosed
    assert 'hx-trigger' not in text  # no more polling
    assert "receipt.jwt" in text and "/v/" not in text


def test_the_answer_as_json_v1(app, client, asked, issued, clock_at):
    key, request = asked
    post(client, request, answer_for(request, issued.token, now=clock_at.now))
    response = client.get(f"/ask/{key}", headers=JSON)
    document = response.get_json()
    assert response.headers["Content-Type"] == "application/json"
    share_members = {"version", "verdict", "state", "checked_at", "share", "holder", "credentials",
                     "profile", "links"}
    assert set(document) == share_members
    [credential] = document["credentials"]
    assert credential["title"] == "Reparationssömnad"
    assert credential["holder_binding"] == "subject"
    assert document["holder"] | {"names": None} == {
        "name": "Anna Andersson", "names": None, "presented_by_subject": True,
        "presentation": "presentation.ok",
    }
    request_check = credential["checks"][-1]
    assert (request_check["concern"], request_check["code"]) == ("request", "request.matched")
    assert not request_check["message"].startswith("Unknown")
    assert document["share"]["status"] == "answered"
    assert document["links"]["receipt"].endswith(f"/ask/{key}/receipt.jwt")


def test_the_signed_receipt_names_no_key(client, asked, issued, clock_at):
    key, request = asked
    post(client, request, answer_for(request, issued.token, now=clock_at.now))
    receipt = client.get(f"/ask/{key}/receipt.jwt")
    assert receipt.status_code == 200
    header, claims = jose.decode_compact(receipt.get_data(as_text=True))
    assert header["typ"] == "receipt+jwt"
    assert claims["credentials"][0]["title"] == "Reparationssömnad"
    assert key not in receipt.get_data(as_text=True) and key not in claims["share_id"]
    assert client.get(f"/ask/{key}", headers=JSON).get_json()["links"]["receipt"]


def test_an_htmx_poll_gets_the_answer_once_it_came(client, asked, issued, clock_at, htmx):
    key, request = asked
    post(client, request, answer_for(request, issued.token, now=clock_at.now))
    response = client.get(f"/ask/{key}", headers=htmx.swap)
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and text.lstrip().startswith('<section id="ask"')
    assert "<html" not in text and "Reparationssömnad" in text


def test_a_replayed_answer_is_refused(client, asked, issued, clock_at):
    _, request = asked
    form = answer_for(request, issued.token, now=clock_at.now)
    assert post(client, request, form).status_code == 200
    replayed = post(client, request, form)
    assert replayed.status_code == 400
    assert replayed.get_json()["code"] == "present.answer_replayed"
    assert replayed.get_json()["error_description"] == "This request has already been answered."
    assert client.get(request.request_path).status_code == 404  # answered: no longer served


def test_a_late_answer_is_refused(client, asked, issued, clock_at):
    key, request = asked
    late = clock_at.move(minutes=10)
    refused = post(client, request, answer_for(request, issued.token, now=late))
    assert (refused.status_code, refused.get_json()["code"]) == (400, "present.answer_late")
    assert client.get(f"/ask/{key}").status_code == 410


def test_a_tampered_answer_is_refused(client, asked, issued, clock_at):
    key, request = asked
    form = answer_for(request, issued.token, now=clock_at.now)
    response = form["response"]
    form["response"] = response[:-8] + ("B" * 8 if response.endswith("A" * 8) else "A" * 8)
    refused = post(client, request, form)
    assert (refused.status_code, refused.get_json()["code"]) == (400, "present.undecryptable")
    # A refused answer does not use the request up: the genuine one is still taken.
    genuine = answer_for(request, issued.token, now=clock_at.now)
    assert post(client, request, genuine).status_code == 200
    assert "Reparationssömnad" in client.get(f"/ask/{key}").get_data(as_text=True)


@pytest.mark.parametrize("change, code", [
    ({"nonce": "another-request"}, "present.wrong_nonce"),
    ({"state": "x" * 43}, "present.wrong_state"),
])
def test_an_answer_made_for_another_request_is_refused(client, asked, issued, clock_at,
                                                       change, code):
    _, request = asked
    form = answer_for(request, issued.token, now=clock_at.now, **change)
    assert post(client, request, form).get_json()["code"] == code


def test_a_plain_answer_is_refused_and_an_unknown_handle_is_not_found(client, asked):
    _, request = asked
    plain = post(client, request, {"vp_token": "{}", "state": request.claims["state"]})
    assert (plain.status_code, plain.get_json()["code"]) == (400, "present.answer_not_encrypted")
    assert client.post("/ask/nothing/response", data={"response": "x"}).status_code == 404


def test_a_wallet_that_sends_nothing_is_reported_on_the_page(client, asked):
    key, request = asked
    form = {"error": "access_denied", "state": request.claims["state"]}
    assert post(client, request, form).status_code == 200
    text = client.get(f"/ask/{key}").get_data(as_text=True)
    assert "Nothing was sent" in text and "Ask again" in text


def test_a_credential_without_what_was_asked_fails_its_request_check(client, asked, issued,
                                                                      clock_at):
    key, request = asked
    form = answer_for(request, issued.token, names=ASKED[:1], now=clock_at.now)
    assert post(client, request, form).status_code == 200
    text = client.get(f"/ask/{key}").get_data(as_text=True)
    assert "It does not show everything you asked to see." in text
    assert "it is not what you asked for" in text
