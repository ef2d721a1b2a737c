"""The holder core against an independent OpenID4VP 1.0 verifier: Animo's
``@openid4vc/openid4vp`` 0.4.6 (npm) makes and signs the request, then parses and validates OUR
answer; ``dcql`` checks the vp_token against its query; ``@sd-jwt/sd-jwt-vc`` verifies the
SD-JWT presentation and its key-binding JWT (``tests/support/node_openid4vp_verifier.py``).

The request is a JAR (``oauth-authz-req+jwt``) signed by a did:jwk the node side makes
(``decentralized_identifier:``, fetched by ``request_uri`` through ``StubHttp``) or by the test
CA's verifier certificate (``x509_san_dns:``, by reference and by value), asking for an EU
Learning Credential's given and family name, answered by ``direct_post.jwt`` (ECDH-ES to the
ephemeral key in ``client_metadata.jwks``, A128GCM or A256GCM) or ``direct_post``. Our
``read_request``, ``match``, ``build_response`` and ``submission`` (with ``encrypt``) answer.

What the npm side leaves to its user, and so is done in the node script: JWS signing and JWE
decryption (``signJwt`` / ``decryptJwe`` callbacks, with node:crypto: ``jose`` is not installed);
the KB-JWT's ``aud`` (against the library's ``getOpenid4vpClientId(...).effectiveClientId``)
and ``iat`` freshness, which neither ``validateOpenid4vpAuthorizationResponsePayload`` (it only
checks ``state`` and the vp_token's shape) nor ``@sd-jwt`` (nonce and ``sd_hash`` only) check.
The issuer's public key is handed to the verifier as the key it trusts (no did:key resolution).

Found of the npm side: ``@sd-jwt`` 0.19 ignores a disclosure that no digest refers to instead of
refusing the SD-JWT (RFC 9901 7.1); a tampered disclosure under a fresh KB-JWT is therefore
refused only because its claim is missing and the DCQL query goes unanswered.

What cannot run as the library means it: ``createOpenid4vpAuthorizationRequest`` takes a ``now``
option but does not pass it to ``createJarAuthorizationRequest``, so the request object's
``iat``/``exp`` come from the real clock; these tests therefore run on the real clock (the test
credential and certificates are valid until 2030 and 2035).
"""

from __future__ import annotations

import datetime
import json

import pytest
from support.issuers import did_key_issuer
from support.issuers import private_key
from support.node_openid4vp_verifier import npm_request
from support.node_openid4vp_verifier import npm_verify
from support.openid4vp import REQUEST_URI
from support.openid4vp import RESPONSE_URI
from support.openid4vp import x509_verifier
from support.sd_jwt import bound_learning_credential
from support.sd_jwt import issue_sd_jwt
from support.sd_jwt import learning_credential

from wallet.credentials import KeyResolver
from wallet.credentials import did_key
from wallet.credentials.disclosures import split_sd_jwt
from wallet.credentials.jose import b64url_decode
from wallet.credentials.jose import b64url_encode
from wallet.credentials.openid4vp import build_response
from wallet.credentials.openid4vp import candidate_from
from wallet.credentials.openid4vp import match
from wallet.credentials.openid4vp import read_request
from wallet.credentials.openid4vp import submission
from wallet.credentials.sd_jwt_presentation import bind_key

HOLDER = private_key("P-256", 42)
HOLDER_DID = did_key(HOLDER)
ISSUER = did_key_issuer("P-256")  # the issuer of bound_learning_credential
X509 = x509_verifier("verifier.example")
CASES = [("did", "direct_post.jwt", True), ("did", "direct_post", True),
         ("x509", "direct_post.jwt", True), ("x509", "direct_post", False)]


def learners_wallet():
    """The learner's Learning Credential, and a credential of another type beside it."""
    other = issue_sd_jwt(learning_credential(ISSUER.did, holder=HOLDER, vct="urn:example:other"),
                         ISSUER.key, header={"kid": ISSUER.kid})
    return [candidate_from("other", other.token),
            candidate_from("mine", bound_learning_credential(HOLDER).token)]


def npm_request_for(client, mode, by_reference=True, enc="A128GCM"):
    return npm_request(client, mode, x509=X509 if client == "x509" else None,
                       by_reference=by_reference, enc=enc)


def our_answer(npm, now):
    """What our core makes of the npm request: the request it read and the vp_token."""
    request = read_request(npm.link, npm.http, KeyResolver(), X509.anchors, now)
    result = match(request.query, learners_wallet())
    chosen = {q.query.id: q.selections[:1] for q in result.queries if q.selections}
    assert [s.candidate.id for s in chosen["learning"]] == ["mine"]
    return request, build_response(request, chosen, HOLDER, HOLDER_DID, now)


def clock():
    return datetime.datetime.now(datetime.UTC)


@pytest.mark.parametrize(("client", "mode", "by_reference"), CASES)
def test_npm_verifier_accepts_our_answer(client, mode, by_reference):
    npm, now = npm_request_for(client, mode, by_reference), clock()
    request, vp_token = our_answer(npm, now)
    assert request.signed and request.verifier.confirmed and request.client_id == npm.client_id
    assert (request.response_mode, request.response_uri) == (mode, RESPONSE_URI)
    assert (request.nonce, request.state) == (npm.nonce, npm.state)
    posted = submission(request, vp_token)
    assert posted.url == RESPONSE_URI and set(posted.form) == (
        {"response"} if mode == "direct_post.jwt" else {"vp_token", "state"})

    concluded = npm_verify(npm, posted.form, ISSUER, now)

    assert concluded["parsed"], concluded.get("error")
    assert concluded["accepted"], concluded
    if mode == "direct_post.jwt":
        jwks = npm.session["request"]["client_metadata"]["jwks"]
        [key] = jwks["keys"]
        assert (concluded["mode"], concluded["decrypted_with"]) == ("Encrypted", key["kid"])
    else:
        assert concluded["mode"] == "plain"
    assert concluded["state"] == npm.state
    assert concluded["expected_client_id"] == npm.client_id
    [presented] = concluded["presentations"]["learning"]
    assert presented["verified"], presented.get("error")
    claims = presented["claims"]
    assert (claims["given_name"], claims["family_name"]) == ("Anna", "Andersson")
    assert claims["vct"] == "urn:eu.europa.ec.eudi:learning:credential:1"
    assert not {"assessment_grade", "learning_outcomes"} & set(claims)
    assert (presented["kb"]["aud"], presented["kb"]["nonce"]) == (npm.client_id, npm.nonce)
    assert concluded["dcql"] == {"can_be_satisfied": True}


def test_request_object_fetched_by_reference():
    npm = npm_request_for("did", "direct_post")
    http = npm.http
    request = read_request(npm.link, http, KeyResolver(), (), clock())
    assert [sent[:2] for sent in http.sent] == [("GET", REQUEST_URI)]
    assert request.verifier.prefix == "decentralized_identifier"
    did = npm.client_id.removeprefix("decentralized_identifier:")
    assert request.verifier.confirmed_name == did and did.startswith("did:jwk:")


def test_encrypted_with_a256gcm_when_the_verifier_asks():
    npm, now = npm_request_for("did", "direct_post.jwt", enc="A256GCM"), clock()
    request, vp_token = our_answer(npm, now)
    response = submission(request, vp_token).form["response"]
    assert json.loads(b64url_decode(response.split(".")[0]))["enc"] == "A256GCM"
    assert npm_verify(npm, {"response": response}, ISSUER, now)["accepted"]


def tampered(presentation, now, npm, *, rebind):
    """The presentation with the given_name disclosure saying something else (same salt);
    ``rebind`` makes a new KB-JWT over it, so that only the disclosure is wrong."""
    parts = split_sd_jwt(presentation)
    changed = []
    for encoded in parts.disclosures:
        salt, name, value = json.loads(b64url_decode(encoded))
        if name == "given_name":
            value = "Mallory"
            encoded = b64url_encode(json.dumps([salt, name, value]).encode("utf-8"))
        changed.append(encoded)
    sd_jwt = "~".join([parts.issuer_jwt, *changed, ""])
    if rebind:
        return bind_key(sd_jwt, HOLDER, audience=npm.client_id, nonce=npm.nonce, now=now)
    return sd_jwt + presentation.rsplit("~", 1)[1]


@pytest.mark.parametrize("rebind", [False, True])
@pytest.mark.parametrize("mode", ["direct_post", "direct_post.jwt"])
def test_npm_verifier_refuses_a_tampered_disclosure(mode, rebind):
    npm, now = npm_request_for("did", mode), clock()
    request, vp_token = our_answer(npm, now)
    forged = {"learning": [tampered(vp_token["learning"][0], now, npm, rebind=rebind)]}

    concluded = npm_verify(npm, submission(request, forged).form, ISSUER, now)

    assert concluded["parsed"]  # the answer's envelope is sound; the presentation is not
    assert not concluded["accepted"] and not concluded["dcql"]["can_be_satisfied"]
    [presented] = concluded["presentations"]["learning"]
    if not rebind:
        assert not presented["verified"] and "sd_hash" in presented["error"]
    else:
        # @sd-jwt 0.19 drops a disclosure no digest refers to instead of refusing the SD-JWT
        # (RFC 9901 7.1 step 4 says MUST reject): the claim is gone, so the query is unanswered.
        assert presented["verified"] and "given_name" not in presented["claims"]
        assert "Mallory" not in json.dumps(presented)


def test_answer_for_another_request_is_refused():
    npm, other = npm_request_for("did", "direct_post"), npm_request_for("did", "direct_post")
    now = clock()
    request, vp_token = our_answer(npm, now)
    concluded = npm_verify(other, submission(request, vp_token).form, ISSUER, now)
    assert not concluded["parsed"] and "state mismatch" in concluded["error"]


def test_encrypted_answer_for_another_request_is_not_decrypted():
    npm, other, now = (npm_request_for("did", "direct_post.jwt"),
                       npm_request_for("did", "direct_post.jwt"), clock())
    request, vp_token = our_answer(npm, now)
    concluded = npm_verify(other, submission(request, vp_token).form, ISSUER, now)
    assert not concluded["parsed"] and "decrypt" in concluded["error"].lower()
