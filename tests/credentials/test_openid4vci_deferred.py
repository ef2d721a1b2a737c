"""Deferred issuance against a fake issuer (no network): a 202 credential response becomes a
transaction to ask about later, and one request to the deferred endpoint answers the
credentials, the same transaction still pending, or a refusal the learner can act on."""

from __future__ import annotations

import datetime
import json

import pytest
from support.issuers import private_key

from wallet.credentials import CredentialError
from wallet.credentials import did_key
from wallet.credentials.fetch import HttpAnswer
from wallet.credentials.openid4vci import Deferred
from wallet.credentials.openid4vci import Holder
from wallet.credentials.openid4vci import choose_configuration
from wallet.credentials.openid4vci import collect_deferred
from wallet.credentials.openid4vci import fetch_issuer_metadata
from wallet.credentials.openid4vci import receive_credentials
from wallet.credentials.openid4vci.metadata import IssuerMetadata
from wallet.credentials.openid4vci.offer import offer_from_document
from wallet.credentials.openid4vci.receive import DEFAULT_INTERVAL
from wallet.credentials.openid4vci.receive import MAX_INTERVAL

ISSUER = "https://yrkesutbildning.example.se"
PRE = "urn:ietf:params:oauth:grant-type:pre-authorized_code"
LATER = f"{ISSUER}/deferred"
TOKEN = "secret-access-token"
WAITING = Deferred("tx-1", 5, LATER, TOKEN)


class FakeHttp:
    """Answers each POST with the next (status, document); GETs with the token server's metadata."""

    def __init__(self, *answers: tuple[int, dict]) -> None:
        self.answers = list(answers)
        self.posts: list[tuple[str, dict | None, dict | None]] = []

    def __call__(self, url: str) -> bytes:
        return json.dumps({"issuer": ISSUER, "token_endpoint": f"{ISSUER}/token"}).encode()

    def post(self, url, *, form=None, json_body=None, headers=None) -> HttpAnswer:
        self.posts.append((url, json_body, headers))
        status, document = self.answers.pop(0)
        return HttpAnswer(status, json.dumps(document).encode())


def issuer_metadata(**members) -> IssuerMetadata:
    configuration = {"format": "dc+sd-jwt", "vct": "https://example.se/vct"}
    document = {"credential_issuer": ISSUER, "credential_endpoint": f"{ISSUER}/credential",
                "credential_configurations_supported": {"sd": configuration}}
    return IssuerMetadata(document | members)


def the_offer():
    return offer_from_document({"credential_issuer": ISSUER, "credential_configuration_ids": ["sd"],
                                "grants": {PRE: {"pre-authorized_code": "c"}}})


def first_answer(answer: tuple[int, dict], **members):
    """What ``receive_credentials`` makes of ``answer`` to its credential request."""
    offer = the_offer()
    metadata = issuer_metadata(**members)
    key = private_key("P-256", 3)
    http = FakeHttp((200, {"access_token": TOKEN, "token_type": "Bearer"}), answer)
    return receive_credentials(offer, metadata, choose_configuration(offer, metadata, "sv"),
                               Holder(key, did_key(key.public_key())), tx_code=None, http=http,
                               now=datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC))


def test_a_deferred_answer_keeps_what_asking_again_needs():
    deferred = first_answer((202, {"transaction_id": "tx-9", "interval": 90}),
                            deferred_credential_endpoint=LATER)
    assert deferred == Deferred("tx-9", 90, LATER, TOKEN)
    assert TOKEN not in repr(deferred)  # a log line of it would not leak the token


def test_a_deferred_answer_from_an_issuer_without_a_deferred_endpoint_is_refused():
    with pytest.raises(CredentialError) as raised:
        first_answer((202, {"transaction_id": "tx-9", "interval": 90}))
    assert raised.value.code == "offer.metadata_invalid"
    assert raised.value.params == {"reason": "deferred_credential_endpoint"}


@pytest.mark.parametrize("interval, kept", [
    (None, DEFAULT_INTERVAL), ("soon", DEFAULT_INTERVAL), (True, DEFAULT_INTERVAL),
    (-4, DEFAULT_INTERVAL), (0, 0), (10 ** 9, MAX_INTERVAL),
])
def test_an_odd_interval_becomes_one_we_can_keep(interval, kept):
    document = {"transaction_id": "tx-9"} | ({} if interval is None else {"interval": interval})
    deferred = first_answer((202, document), deferred_credential_endpoint=LATER)
    assert deferred.interval == kept


def test_asking_again_sends_the_transaction_with_the_same_token():
    http = FakeHttp((200, {"credentials": [{"credential": "eyJ.sd.jwt~"}], "notification_id": "n"}))
    assert collect_deferred(WAITING, http) == ["eyJ.sd.jwt~"]
    assert http.posts == [(LATER, {"transaction_id": "tx-1"}, {"Authorization": f"Bearer {TOKEN}"})]


def test_still_pending_keeps_the_transaction_with_the_issuers_new_interval():
    assert collect_deferred(WAITING, FakeHttp((202, {"interval": 600}))) == Deferred(
        "tx-1", 600, LATER, TOKEN)
    renamed = collect_deferred(WAITING, FakeHttp((202, {"transaction_id": "tx-2", "interval": 1})))
    assert (renamed.transaction_id, renamed.interval) == ("tx-2", 1)


def test_a_transaction_the_issuer_no_longer_knows_is_said_so():
    with pytest.raises(CredentialError) as raised:
        collect_deferred(WAITING, FakeHttp((400, {"error": "invalid_transaction_id"})))
    assert raised.value.code == "offer.transaction_gone"


@pytest.mark.parametrize("answer, error", [
    ((400, {"error": "invalid_token"}), "invalid_token"),
    ((400, {"error": "credential_request_denied"}), "credential_request_denied"),
    ((500, {}), ""),
    ((200, {"credentials": []}), "no_credentials"),
    ((202, {"transaction_id": ""}), "no_transaction_id"),
])
def test_other_answers_are_refusals_with_the_issuers_code(answer, error):
    with pytest.raises(CredentialError) as raised:
        collect_deferred(WAITING, FakeHttp(answer))
    assert (raised.value.code, raised.value.params["error"]) == ("offer.refused", error)


@pytest.mark.parametrize("endpoint, refused", [(LATER, False), ("ftp://x/deferred", True),
                                               (7, True)])
def test_the_issuers_metadata_may_name_a_deferred_endpoint(endpoint, refused):
    document = issuer_metadata(deferred_credential_endpoint=endpoint).document
    def fetch(url: str) -> bytes:
        return json.dumps(document).encode()

    if refused:
        with pytest.raises(CredentialError) as raised:
            fetch_issuer_metadata(the_offer(), fetch)
        assert raised.value.params == {"reason": "deferred_credential_endpoint"}
    else:
        assert fetch_issuer_metadata(the_offer(), fetch).deferred_credential_endpoint == LATER
