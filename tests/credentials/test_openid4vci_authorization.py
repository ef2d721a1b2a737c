"""The authorization code flow against a scripted issuer (no network): the request the learner's
browser is sent with (PKCE, state, issuer_state, authorization details, pushed when the server
requires it), the answer at the redirect URI checked, and the code exchanged for the credential."""

from __future__ import annotations

import datetime
import json
import urllib.parse

import pytest
from support.issuers import private_key
from support.scripted_vci import ISSUER
from support.scripted_vci import SERVER_METADATA
from support.scripted_vci import ScriptedIssuer
from support.scripted_vci import configuration
from support.vci_authorization import s256

from wallet.credentials import CredentialError
from wallet.credentials import did_key
from wallet.credentials import jose
from wallet.credentials.openid4vci import Holder
from wallet.credentials.openid4vci import PendingAuthorization
from wallet.credentials.openid4vci import WalletClient
from wallet.credentials.openid4vci import authorization_code_in
from wallet.credentials.openid4vci import choose_configuration
from wallet.credentials.openid4vci import receive_by_authorization_code
from wallet.credentials.openid4vci import start_authorization
from wallet.credentials.openid4vci.metadata import IssuerMetadata
from wallet.credentials.openid4vci.offer import offer_from_document

NOW = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)
CLIENT = WalletClient("https://kompetenspass.se/wallet/client-metadata.json",
                      "https://kompetenspass.se/wallet/offer/callback")
AUTHORIZE = f"{ISSUER}/authorize"
SERVER = SERVER_METADATA | {"authorization_endpoint": AUTHORIZE}
PAR_SERVER = SERVER | {"pushed_authorization_request_endpoint": f"{ISSUER}/par",
                       "require_pushed_authorization_requests": True}


def scripted(server: dict = SERVER, **answers) -> ScriptedIssuer:
    http = ScriptedIssuer(**answers)
    http.documents = {f"{ISSUER}/.well-known/oauth-authorization-server": server}
    return http


def setting(grant: dict | None = None, issuer_changes: dict | None = None, **config):
    grants = {"authorization_code": grant or {"issuer_state": "is-1"}}
    offer = offer_from_document({"credential_issuer": ISSUER, "credential_configuration_ids": ["c"],
                                 "grants": grants})
    document = {"credential_issuer": ISSUER, "credential_endpoint": f"{ISSUER}/credential",
                "nonce_endpoint": f"{ISSUER}/nonce",
                "credential_configurations_supported": {"c": configuration(**config)}}
    metadata = IssuerMetadata(document | (issuer_changes or {}))
    return offer, metadata, choose_configuration(offer, metadata, "en")


def start(http, **options) -> tuple[dict, PendingAuthorization]:
    url, pending = start_authorization(*setting(**options), CLIENT, http=http, now=NOW)
    parts = urllib.parse.urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == AUTHORIZE
    return dict(urllib.parse.parse_qsl(parts.query)), pending


@pytest.fixture
def holder() -> Holder:
    key = private_key("Ed25519", 7)
    return Holder(key, did_key(key.public_key()))


def test_the_request_carries_pkce_state_issuer_state_and_the_credential_asked_for():
    http = scripted()
    query, pending = start(http)
    assert query["response_type"] == "code"
    assert (query["client_id"], query["redirect_uri"]) == (CLIENT.client_id, CLIENT.redirect_uri)
    assert query["state"] == pending.state and len(pending.state) >= 22  # over 128 bits
    assert query["code_challenge_method"] == "S256"
    assert query["code_challenge"] == s256(pending.code_verifier)
    assert 43 <= len(pending.code_verifier) <= 128 and "code_verifier" not in query
    assert query["issuer_state"] == "is-1"
    assert json.loads(query["authorization_details"]) == [
        {"type": "openid_credential", "credential_configuration_id": "c"}]
    assert "scope" not in query and http.posts == []  # nothing is sent in the learner's name
    assert (pending.configuration_id, pending.server, pending.started) == (
        "c", ISSUER, int(NOW.timestamp()))


def test_every_request_has_its_own_secrets():
    first, second = start(scripted())[1], start(scripted())[1]
    assert first.state != second.state and first.code_verifier != second.code_verifier


def test_a_scope_is_added_and_another_server_is_told_where_the_credential_is():
    query, _ = start(scripted(), scope="omvardnad",
                     issuer_changes={"authorization_servers": [ISSUER]})
    assert query["scope"] == "omvardnad"
    [detail] = json.loads(query["authorization_details"])
    assert detail["locations"] == [ISSUER]


def test_a_server_that_requires_it_gets_the_request_pushed():
    pushed = {"request_uri": "urn:ietf:params:oauth:request_uri:r-1", "expires_in": 60}
    http = scripted(PAR_SERVER, **{"/par": [(201, pushed)]})
    query, pending = start(http)
    assert query == {"client_id": CLIENT.client_id,
                     "request_uri": "urn:ietf:params:oauth:request_uri:r-1"}
    [(_, pushed, _, _)] = http.sent_to("/par")
    assert pushed["state"] == pending.state
    assert pushed["code_challenge"] == s256(pending.code_verifier)
    assert pushed["issuer_state"] == "is-1" and pushed["redirect_uri"] == CLIENT.redirect_uri


def test_a_refused_push_is_a_refusal_with_the_servers_code():
    http = scripted(PAR_SERVER, **{"/par": [(400, {"error": "invalid_request"})]})
    with pytest.raises(CredentialError) as raised:
        start(http)
    assert (raised.value.code, raised.value.params["error"]) == ("offer.refused", "invalid_request")


def test_a_server_without_an_authorization_endpoint_cannot_run_the_flow():
    with pytest.raises(CredentialError) as raised:
        start(scripted(SERVER_METADATA))
    assert (raised.value.code, raised.value.params["reason"]) == (
        "offer.unsupported", "authorization_endpoint")


def pending_for(**changes) -> PendingAuthorization:
    return PendingAuthorization(**{"state": "s" * 32, "code_verifier": "v" * 64, "offer": "{}",
                                   "configuration_id": "c", "server": ISSUER,
                                   "server_names_itself": False,
                                   "started": int(NOW.timestamp())} | changes)


def refused_answer(answer: dict, pending, now=NOW) -> CredentialError:
    with pytest.raises(CredentialError) as raised:
        authorization_code_in(answer, pending, now=now)
    return raised.value


def test_the_code_is_read_from_an_answer_to_our_own_request():
    answer = {"code": "code-1", "state": "s" * 32, "iss": ISSUER}
    assert authorization_code_in(answer, pending_for(), now=NOW) == "code-1"
    assert authorization_code_in({"code": "code-1", "state": "s" * 32}, pending_for(), now=NOW)


@pytest.mark.parametrize("answer, pending, code, reason", [
    ({"code": "c-1", "state": "t" * 32}, pending_for(), "offer.answer_not_ours", "state"),
    ({"code": "c-1"}, pending_for(), "offer.answer_not_ours", "state"),
    ({"code": "c-1", "state": "s" * 32}, None, "offer.answer_not_ours", "state"),
    ({"code": "c-1", "state": "ö" * 32}, pending_for(), "offer.answer_not_ours", "state"),
    ({"code": "c-1", "state": "s" * 32, "iss": "https://elsewhere.example"}, pending_for(),
     "offer.answer_not_ours", "iss"),
    ({"code": "c-1", "state": "s" * 32}, pending_for(server_names_itself=True),
     "offer.answer_not_ours", "iss"),
])
def test_an_answer_that_is_not_ours_is_refused(answer, pending, code, reason):
    problem = refused_answer(answer, pending)
    assert (problem.code, problem.params["reason"]) == (code, reason)


def test_an_answer_after_ten_minutes_is_too_late():
    later = NOW + datetime.timedelta(minutes=10, seconds=1)
    problem = refused_answer({"code": "c-1", "state": "s" * 32}, pending_for(), now=later)
    assert problem.code == "offer.sign_in_expired"


@pytest.mark.parametrize("error, code", [
    ("access_denied", "offer.sign_in_denied"),
    ("server_error", "offer.sign_in_failed"),
    ("invalid_scope", "offer.sign_in_failed"),
])
def test_an_error_from_the_server_becomes_a_code_the_learner_can_act_on(error, code):
    problem = refused_answer({"error": error, "state": "s" * 32}, pending_for())
    assert (problem.code, problem.params["error"]) == (code, error)


def exchange(http, holder, pending=None, **options):
    offer, metadata, offered = setting(**options)
    return receive_by_authorization_code(offer, metadata, offered, holder, pending or pending_for(),
                                         "code-1", CLIENT, http=http, now=NOW)


def test_the_code_and_verifier_are_exchanged_and_the_proof_names_the_wallet(holder):
    http = scripted()
    assert exchange(http, holder) == ["eyJ.a.b"]
    [(_, form, _, _)] = http.sent_to("/token")
    assert form == {"grant_type": "authorization_code", "code": "code-1", "code_verifier": "v" * 64,
                    "redirect_uri": CLIENT.redirect_uri, "client_id": CLIENT.client_id}
    [(_, _, body, headers)] = http.sent_to("/credential")
    assert body["credential_configuration_id"] == "c" and headers["Authorization"] == "Bearer at-1"
    _, claims = jose.decode_compact(body["proofs"]["jwt"][0])
    assert claims["iss"] == CLIENT.client_id and claims["nonce"] == "n-1"


def test_a_credential_granted_by_identifier_is_asked_for_by_it(holder):
    details = [{"type": "openid_credential", "credential_configuration_id": "c",
                "credential_identifiers": ["omvardnad-2026"]}]
    http = scripted(**{"/token": [(200, {"access_token": "at-1", "token_type": "Bearer",
                                         "authorization_details": details})]})
    exchange(http, holder)
    [(_, _, body, _)] = http.sent_to("/credential")
    assert body["credential_identifier"] == "omvardnad-2026"
    assert "credential_configuration_id" not in body


def test_a_refused_code_means_starting_again(holder):
    http = scripted(**{"/token": [(400, {"error": "invalid_grant"})]})
    with pytest.raises(CredentialError) as raised:
        exchange(http, holder)
    assert raised.value.code == "offer.sign_in_expired" and http.sent_to("/credential") == []


def test_a_configuration_gone_while_the_learner_was_away_is_refused(holder):
    http = scripted()
    with pytest.raises(CredentialError) as raised:
        exchange(http, holder, pending=pending_for(configuration_id="other"))
    assert raised.value.code == "offer.metadata_invalid" and http.posts == []


def test_what_is_kept_survives_the_session_and_anything_else_is_nothing():
    pending = pending_for()
    assert PendingAuthorization.from_dict(json.loads(json.dumps(pending.as_dict()))) == pending
    assert "s" * 32 not in repr(pending) and "v" * 64 not in repr(pending)
    for kept in (None, "text", {"state": "s"}, {**pending.as_dict(), "extra": 1}):
        assert PendingAuthorization.from_dict(kept) is None
