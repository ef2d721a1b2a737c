"""Verification receipts: signed by the portal, checkable against its JWKS, bound to exact bytes."""

from __future__ import annotations

import hashlib
import json

import pytest
from jwcrypto import jwk as jwcrypto_jwk
from jwcrypto import jws as jwcrypto_jws
from support.issuers import NOW
from support.issuers import did_key_issuer
from support.issuers import forge_token
from support.issuers import private_key
from support.issuers import split_token

from wallet.credentials import CredentialError
from wallet.credentials import portal_jwks
from wallet.credentials import receipt_body
from wallet.credentials import sign_jws
from wallet.credentials import sign_receipt
from wallet.credentials import verify_receipt

PORTAL_KID = "portal-2025-06"
SHARE_ID = "share-6f1c0b1e9a7d4f3c8e2b5a4d7c6e9f01"


@pytest.fixture
def portal_key():
    return private_key("P-256", slot=9)


@pytest.fixture
def checked(issuer, verify):
    """(raw token, result) for a trusted credential, an untrusted one and a tampered one."""
    good, untrusted = issuer.issue(), did_key_issuer("P-256", slot=2).issue()
    tampered = with_claims_changed(good, lambda claims: claims.update(name="Legitimerad läkare"))
    tokens = [good, untrusted, tampered]
    return [(token, verify(token, trusted=[issuer.did])) for token in tokens]


def with_claims_changed(raw: str, change) -> str:
    """``raw`` with its payload edited by ``change`` and the original signature kept."""
    header, claims = split_token(raw)
    change(claims)
    return f"{forge_token(header, claims).rsplit('.', 1)[0]}.{raw.rsplit('.', 1)[1]}"


def refusal(raw, jwks) -> str:
    with pytest.raises(CredentialError) as raised:
        verify_receipt(raw, jwks)
    return raised.value.code


def test_body_names_each_credential_by_the_hash_of_its_exact_bytes(checked):
    body = receipt_body(SHARE_ID, checked, NOW)
    assert (body["share_id"], body["checked_at"]) == (SHARE_ID, "2025-06-01T12:00:00+00:00")
    assert [entry["sha256"] for entry in body["credentials"]] == [
        hashlib.sha256(token.encode("utf-8")).hexdigest() for token, _ in checked
    ]


def test_body_records_title_issuer_verdict_and_each_check(checked, issuer):
    first, second, third = receipt_body(SHARE_ID, checked, NOW)["credentials"]
    assert first["title"] == "Omvårdnadssvenska, grundnivå"
    assert (first["issuer"], first["issuer_name"]) == (issuer.did, "Skellefteå kommun")
    assert first["verdict"] == "verified"
    assert {"code": "issuer.trusted", "status": "passed"} in first["checks"]
    assert {"code": "issuer.untrusted", "status": "warning"} in second["checks"]
    assert third["verdict"] == "failed"
    assert {"code": "signature.invalid", "status": "failed"} in third["checks"]


def test_body_of_an_unreadable_token(verify):
    (entry,) = receipt_body(SHARE_ID, [("not a jwt", verify("not a jwt"))], NOW)["credentials"]
    assert (entry["title"], entry["issuer"], entry["verdict"]) == (None, None, "failed")
    assert entry["checks"] == [{"code": "format.malformed", "status": "failed"}]


def test_round_trip_with_the_published_jwks(checked, portal_key):
    body = receipt_body(SHARE_ID, checked, NOW)
    raw = sign_receipt(body, portal_key, kid=PORTAL_KID, now=NOW)
    assert split_token(raw)[0] == {"alg": "ES256", "typ": "receipt+jwt", "kid": PORTAL_KID}
    claims = verify_receipt(raw, portal_jwks(portal_key, PORTAL_KID))
    assert claims == {**body, "iat": int(NOW.timestamp())}


def test_jwks_publishes_only_the_public_key(portal_key):
    (jwk,) = portal_jwks(portal_key, PORTAL_KID)["keys"]
    assert set(jwk) == {"kty", "crv", "x", "y", "kid", "alg", "use"}
    assert (jwk["kid"], jwk["alg"], jwk["use"]) == (PORTAL_KID, "ES256", "sig")


def test_an_independent_library_verifies_a_receipt(portal_key):
    raw = sign_receipt({"share_id": SHARE_ID}, portal_key, kid=PORTAL_KID, now=NOW)
    keyset = jwcrypto_jwk.JWKSet.from_json(json.dumps(portal_jwks(portal_key, PORTAL_KID)))
    signed = jwcrypto_jws.JWS()
    signed.deserialize(raw, keyset.get_key(PORTAL_KID))
    assert json.loads(signed.payload)["share_id"] == SHARE_ID


def test_a_tampered_receipt_is_refused(checked, portal_key):
    raw = sign_receipt(receipt_body(SHARE_ID, checked, NOW), portal_key, kid=PORTAL_KID, now=NOW)
    forged = with_claims_changed(
        raw, lambda claims: claims["credentials"][2].update(verdict="verified")
    )
    assert refusal(forged, portal_jwks(portal_key, PORTAL_KID)) == "receipt.invalid"


def test_a_receipt_signed_by_another_key_is_refused(portal_key):
    impostor = private_key("P-256", slot=10)
    raw = sign_receipt({"share_id": SHARE_ID}, impostor, kid=PORTAL_KID, now=NOW)
    assert refusal(raw, portal_jwks(portal_key, PORTAL_KID)) == "receipt.invalid"


def test_a_credential_or_other_jwt_is_not_a_receipt(portal_key):
    """Explicit typing: the portal's key signing something else never yields a receipt."""
    raw = sign_jws({"share_id": SHARE_ID}, portal_key, {"typ": "JWT", "kid": PORTAL_KID})
    assert refusal(raw, portal_jwks(portal_key, PORTAL_KID)) == "receipt.invalid"


@pytest.mark.parametrize(
    "header",
    [
        {"alg": "none", "typ": "receipt+jwt", "kid": PORTAL_KID},
        {"alg": "ES256", "typ": "receipt+jwt", "kid": "unknown-kid"},
        {"alg": "ES256", "typ": "receipt+jwt"},
    ],
)
def test_hostile_headers_are_refused(portal_key, header):
    key = portal_key if header["alg"] != "none" else None
    raw = forge_token(header, {"share_id": SHARE_ID}, key=key, algorithm=header["alg"])
    assert refusal(raw, portal_jwks(portal_key, PORTAL_KID)) == "receipt.invalid"


def test_a_jwks_entry_for_another_use_is_refused(portal_key):
    raw = sign_receipt({"share_id": SHARE_ID}, portal_key, kid=PORTAL_KID, now=NOW)
    jwks = portal_jwks(portal_key, PORTAL_KID)
    jwks["keys"][0]["use"] = "enc"
    assert refusal(raw, jwks) == "receipt.invalid"


@pytest.mark.parametrize("jwks", [{}, {"keys": "x"}, {"keys": [1, "a"]}, [], None])
def test_garbage_jwks(portal_key, jwks):
    raw = sign_receipt({"share_id": SHARE_ID}, portal_key, kid=PORTAL_KID, now=NOW)
    assert refusal(raw, jwks) == "receipt.invalid"


@pytest.mark.parametrize("raw", ["", "a.b.c", None])
def test_garbage_receipts(portal_key, raw):
    assert refusal(raw, portal_jwks(portal_key, PORTAL_KID)) == "receipt.invalid"
