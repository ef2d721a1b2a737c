"""The issuer's side of OpenID4VCI key proofs: stateless nonces and proof JWT checks."""

from __future__ import annotations

import pytest
from support.issuers import did_jwk_issuer
from support.issuers import did_key_issuer
from support.issuers import private_key

from wallet.credentials import did_jwk
from wallet.credentials import public_jwk
from wallet.credentials import sign_jws
from wallet.credentials.issuance_proofs import ProofError
from wallet.credentials.issuance_proofs import new_nonce
from wallet.credentials.issuance_proofs import nonce_digest
from wallet.credentials.issuance_proofs import nonce_expiry
from wallet.credentials.issuance_proofs import nonce_is_valid
from wallet.credentials.issuance_proofs import verify_proof

SECRET = b"s" * 32
NOW = 1_800_000_000
AUDIENCE = "https://kompetenspass.se/vci/rise"
TYP = "openid4vci-proof+jwt"


def proof(key, header=None, **claims):
    body = {"aud": AUDIENCE, "iat": NOW, "nonce": "n-1", **claims}
    body = {name: value for name, value in body.items() if value is not None}
    fields = {"typ": TYP, "jwk": public_jwk(key)} if header is None else header
    return sign_jws(body, key, fields)


def check(token, nonce_ok=True, now=NOW):
    return verify_proof(token, audience=AUDIENCE, now=now, nonce_check=lambda _: nonce_ok)


def test_nonces_are_ours_until_they_expire():
    nonce = new_nonce(SECRET, NOW, lifetime=300)
    assert nonce_is_valid(SECRET, nonce, NOW + 300)
    assert not nonce_is_valid(SECRET, nonce, NOW + 301)
    assert not nonce_is_valid(b"t" * 32, nonce, NOW)
    assert nonce_expiry(nonce) == NOW + 300
    assert new_nonce(SECRET, NOW) != nonce
    assert len(nonce_digest(nonce)) == 64


@pytest.mark.parametrize("nonce", [None, 7, "", "a.b", "x" * 300, "abc.def.ghi"])
def test_anything_else_is_no_nonce(nonce):
    assert not nonce_is_valid(SECRET, nonce, NOW)


def test_tampered_expiry_breaks_the_nonce():
    nonce = new_nonce(SECRET, NOW)
    expiry, rest = nonce.split(".", 1)
    assert not nonce_is_valid(SECRET, f"{int(expiry) + 9999}.{rest}", NOW)


def test_a_jwk_proof_gives_the_key_and_its_did_jwk():
    key = private_key("P-256")
    verified = check(proof(key))
    assert verified.holder.jwk == public_jwk(key)
    assert verified.holder.did == did_jwk(key.public_key())
    assert verified.nonce == "n-1"


@pytest.mark.parametrize("make", [did_key_issuer, did_jwk_issuer])
@pytest.mark.parametrize("kind", ["Ed25519", "P-256"])
def test_a_did_url_kid_names_the_holder(make, kind):
    holder = make(kind)
    kid = holder.kid or f"{holder.did}#0"
    verified = check(proof(holder.key, {"typ": TYP, "kid": kid}))
    assert verified.holder.did == holder.did


@pytest.mark.parametrize(
    ("header", "claims", "error"),
    [
        ({"typ": "JWT"}, {}, "invalid_proof"),
        ({"typ": TYP}, {}, "invalid_proof"),
        ({"typ": TYP, "kid": "did:web:example.com#1"}, {}, "invalid_proof"),
        ({"typ": TYP, "kid": "did:key:z6MkNotAKey#z6MkNotAKey"}, {}, "invalid_proof"),
        (None, {"aud": "https://elsewhere.example"}, "invalid_proof"),
        (None, {"iat": NOW - 3600}, "invalid_proof"),
        (None, {"iat": NOW + 3600}, "invalid_proof"),
        (None, {"iat": "yesterday"}, "invalid_proof"),
        (None, {"iat": None}, "invalid_proof"),
    ],
)
def test_proofs_breaking_a_rule_are_refused(header, claims, error):
    key = private_key("P-256")
    if header is not None and header.get("typ") == "JWT":
        header = {**header, "jwk": public_jwk(key)}
    with pytest.raises(ProofError) as refused:
        check(proof(key, header, **claims))
    assert refused.value.error == error and refused.value.description


def test_the_aud_may_be_a_list_naming_us():
    assert check(proof(private_key("P-256"), aud=["https://other.example", AUDIENCE]))


def test_an_unknown_nonce_is_invalid_nonce():
    with pytest.raises(ProofError) as refused:
        check(proof(private_key("P-256")), nonce_ok=False)
    assert refused.value.error == "invalid_nonce"


def test_a_signature_by_another_key_is_refused():
    key, other = private_key("P-256"), private_key("P-256", 1)
    with pytest.raises(ProofError) as refused:
        check(proof(key, {"typ": TYP, "jwk": public_jwk(other)}))
    assert refused.value.error == "invalid_proof"


@pytest.mark.parametrize("token", [None, 42, "not-a-jwt", "a.b.c~d~"])
def test_what_is_no_jwt_is_refused(token):
    with pytest.raises(ProofError):
        check(token)


def test_unsigned_or_hmac_proofs_are_refused():
    header = '{"alg":"none","typ":"openid4vci-proof+jwt"}'
    import base64

    def b64(text):
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    token = f"{b64(header)}.{b64('{}')}."
    with pytest.raises(ProofError):
        check(token)
