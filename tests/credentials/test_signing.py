"""Issuer helpers: keys, DIDs, PEM files and the three credential shapes as signed."""

from __future__ import annotations

import datetime

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from support.issuers import LEARNER_DID
from support.issuers import achievement_credential
from support.issuers import did_key_issuer
from support.issuers import private_key
from support.issuers import split_token
from support.issuers import vcdm11_credential

from wallet.credentials import Shape
from wallet.credentials import algorithm_for
from wallet.credentials import did_jwk
from wallet.credentials import generate_private_key
from wallet.credentials import issue_credential
from wallet.credentials import parse_credential
from wallet.credentials import private_key_from_pem
from wallet.credentials import private_key_to_pem
from wallet.credentials import public_jwk
from wallet.credentials import sign_jws
from wallet.credentials.jose import b64url_decode

NBF = 1736931600  # 2025-01-15T09:00:00Z
EXP = 1894698000  # 2030-01-15T09:00:00Z


@pytest.mark.parametrize(
    "kind, algorithm",
    [("Ed25519", "EdDSA"), ("P-256", "ES256"), ("P-384", "ES384"), ("RSA", "RS256")],
)
def test_key_kinds_and_their_algorithms(kind, algorithm):
    key = private_key(kind)
    assert algorithm_for(key) == algorithm_for(key.public_key()) == algorithm


def test_rsa_keys_are_2048_bits():
    assert private_key("RSA").key_size == 2048


def test_unknown_kind():
    with pytest.raises(ValueError):
        generate_private_key("secp256k1")


@pytest.mark.parametrize("kind", ["Ed25519", "P-256", "P-384", "RSA"])
def test_public_jwk_has_no_private_members(kind):
    jwk = public_jwk(private_key(kind))
    assert jwk == public_jwk(private_key(kind).public_key())
    assert not {"d", "p", "q", "dp", "dq", "qi"} & jwk.keys()


@pytest.mark.parametrize("kind", ["Ed25519", "P-256", "P-384", "RSA"])
def test_pem_round_trip(kind):
    pem = private_key_to_pem(private_key(kind))
    assert pem.startswith(b"-----BEGIN PRIVATE KEY-----")
    assert public_jwk(private_key_from_pem(pem)) == public_jwk(private_key(kind))


def test_pem_of_an_unsupported_key_type_is_refused():
    secp256k1 = ec.generate_private_key(ec.SECP256K1())
    with pytest.raises(ValueError):
        private_key_from_pem(private_key_to_pem(secp256k1))


def test_did_jwk_encodes_the_public_jwk():
    did = did_jwk(private_key("P-256"))
    assert b64url_decode(did.removeprefix("did:jwk:")).startswith(b'{"crv":"P-256","kty":"EC"')


def test_sign_jws_with_the_rfc_9864_name():
    token = sign_jws({"hej": "då"}, private_key("Ed25519"), {"typ": "JWT"}, algorithm="Ed25519")
    header, payload = split_token(token)
    assert header["alg"] == "Ed25519" and payload == {"hej": "då"}


def registered(issuer, document) -> dict:
    """The JWT claims the sample credential implies."""
    return {"iss": issuer.did, "sub": LEARNER_DID, "jti": document["id"], "nbf": NBF, "exp": EXP}


class TestIssueCredential:
    def test_shape_a_claims_and_vc(self):
        issuer = did_key_issuer()
        document = vcdm11_credential(issuer.did)
        header, claims = split_token(
            issue_credential(document, issuer.key, kid=issuer.kid, shape=Shape.VC_JWT_11)
        )
        assert header == {"alg": "EdDSA", "typ": "JWT", "kid": issuer.kid}
        assert claims == {**registered(issuer, document), "vc": document}

    def test_shape_b_payload_is_the_credential_with_iss_and_iat(self):
        issuer = did_key_issuer()
        document = achievement_credential(issuer.did)
        token = issue_credential(document, issuer.key, kid=issuer.kid, shape=Shape.VC_JOSE_COSE)
        header, claims = split_token(token)
        assert header["typ"] == "vc+jwt"
        assert {k: v for k, v in claims.items() if k not in ("iss", "iat")} == document
        assert claims["iss"] == issuer.did
        assert abs(claims["iat"] - datetime.datetime.now().timestamp()) < 60

    def test_shape_c_with_header_jwk_and_no_kid(self):
        issuer = did_key_issuer()
        document = achievement_credential(issuer.did)
        token = issue_credential(
            document, issuer.key, kid=None, shape=Shape.OB3_JWT, header_jwk=True
        )
        header, claims = split_token(token)
        assert header == {"alg": "EdDSA", "typ": "JWT", "jwk": public_jwk(issuer.key)}
        assert claims == {**document, **registered(issuer, document)}

    def test_credential_without_subject_id_or_end_date(self):
        issuer = did_key_issuer()
        document = achievement_credential(issuer.did, subject_id=None, valid_until=None)
        claims = split_token(issue_credential(document, issuer.key, kid=None, shape=Shape.OB3_JWT))[
            1
        ]
        assert "sub" not in claims and "exp" not in claims
        assert (
            parse_credential(
                issue_credential(document, issuer.key, kid=None, shape=Shape.OB3_JWT)
            ).valid_until
            is None
        )
