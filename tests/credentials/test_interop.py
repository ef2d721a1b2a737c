"""Interop: peers' credentials verify with our code; ours verify with independent libraries."""

from __future__ import annotations

import datetime

import pytest
from joserfc import jwk as joserfc_jwk
from joserfc import jws as joserfc_jws
from jwcrypto import jwk as jwcrypto_jwk
from jwcrypto import jws as jwcrypto_jws
from openbadgeslib import Achievement
from openbadgeslib import Issuer as BadgeIssuer
from openbadgeslib import OB3Signer
from openbadgeslib import OB3Verifier
from openbadgeslib import OpenBadgeCredential
from openvc.keys import Ed25519SigningKey
from openvc.keys import P256SigningKey
from openvc.proof.vc_jwt import VcJwtProofSuite
from support.issuers import LEARNER_DID
from support.issuers import SIGNATURE_ALGORITHMS
from support.issuers import did_jwk_issuer
from support.issuers import did_key_issuer
from support.issuers import split_token
from support.issuers import vcdm11_credential

from wallet.credentials import Concern
from wallet.credentials import Shape
from wallet.credentials import Verdict
from wallet.credentials import private_key_to_pem
from wallet.credentials import public_jwk

UTC = datetime.timezone.utc


def open_badge(issuer_id: str) -> OpenBadgeCredential:
    return OpenBadgeCredential(
        issuer=BadgeIssuer(id=issuer_id, name="Skellefteå kommun"),
        recipient_id=LEARNER_DID,
        achievement=Achievement(
            id="https://kompetens.skelleftea.se/achievements/omvardnadssvenska-1",
            name="Omvårdnadssvenska, grundnivå",
            description="Svenska för vård och omsorg.",
            criteria_narrative="Godkänd muntlig och skriftlig examination.",
            achievement_type="MicroCredential",
        ),
        issuance_date=datetime.datetime(2025, 1, 15, 9, tzinfo=UTC),
        expiration_date=datetime.datetime(2030, 1, 15, 9, tzinfo=UTC),
    )


class TestOpenbadgeslibIssues:
    """openbadgeslib's OB3Signer writes shape C with the issuer key in the header `jwk`."""

    @pytest.mark.parametrize("kind, algorithm", [("Ed25519", "EdDSA"), ("P-256", "ES256")])
    def test_did_key_issuer_verifies(self, verify, kind, algorithm):
        issuer = did_key_issuer(kind)
        signer = OB3Signer(private_key_to_pem(issuer.key), algorithm=algorithm)
        token = signer.sign(open_badge(issuer.did))
        assert "jwk" in split_token(token)[0] and "kid" not in split_token(token)[0]
        result = verify(token, trusted=[issuer.did])
        assert result.verdict is Verdict.VERIFIED, [c.code for c in result.checks]
        assert result.credential.shape is Shape.OB3_JWT
        assert (result.key.algorithm, result.key.method) == (algorithm, "did:key")

    def test_rs256_with_a_did_jwk_issuer_verifies(self, verify):
        issuer = did_jwk_issuer("RSA")
        signer = OB3Signer(private_key_to_pem(issuer.key), algorithm="RS256")
        assert verify(signer.sign(open_badge(issuer.did))).is_genuine

    def test_rs256_with_an_https_issuer_is_genuine_bytes_but_unanchored(self, verify):
        # The header jwk is self-asserted; nothing ties it to an https issuer.
        issuer = did_jwk_issuer("RSA")
        signer = OB3Signer(private_key_to_pem(issuer.key), algorithm="RS256")
        result = verify(signer.sign(open_badge("https://kompetens.skelleftea.se/issuer")))
        assert result.is_genuine and result.verdict is Verdict.WARNING
        assert result.check(Concern.ISSUER).code == "issuer.key_not_bound"

    def test_tampered_openbadgeslib_token_fails(self, verify):
        issuer = did_key_issuer()
        signer = OB3Signer(private_key_to_pem(issuer.key), algorithm="EdDSA")
        header, payload, signature = signer.sign(open_badge(issuer.did)).split(".")
        result = verify(f"{header}.{payload[:-4]}AAAA.{signature}")
        assert result.verdict is Verdict.FAILED and not result.is_genuine


class TestOpenvcIssues:
    """openvc-core's VcJwtProofSuite writes shape A with a did:key kid and nbf = signing time."""

    @pytest.mark.parametrize(
        "kind, signing_key", [("Ed25519", Ed25519SigningKey), ("P-256", P256SigningKey)]
    )
    def test_vcdm_11_credential_verifies(self, verify, kind, signing_key):
        issuer = did_key_issuer(kind)
        document = vcdm11_credential(issuer.did)
        del document["issuanceDate"], document["expirationDate"]  # carried as nbf/exp instead
        key = signing_key(issuer.key, issuer.kid)
        token = VcJwtProofSuite().sign(document, signing_key=key, expires_in_s=600)
        now = datetime.datetime.now(UTC)
        result = verify(token, now=now, trusted=[issuer.did])
        assert result.verdict is Verdict.VERIFIED, [c.code for c in result.checks]
        assert result.credential.shape is Shape.VC_JWT_11
        assert abs(result.credential.valid_from - now) < datetime.timedelta(minutes=1)
        assert result.key.kid == issuer.kid

    def test_vcdm_20_credential_in_the_vc_claim_verifies(self, verify, issuer):
        document = issuer.credential(valid_from=None, valid_until=None)
        token = VcJwtProofSuite().sign(
            document, signing_key=Ed25519SigningKey(issuer.key, issuer.kid)
        )
        assert verify(token, now=datetime.datetime.now(UTC)).is_genuine


def our_token(kind: str, algorithm: str) -> str:
    issuer = did_jwk_issuer(kind)
    # A short kid: joserfc refuses protected headers over 512 bytes (RSA did:jwk kids are longer).
    return issuer.issue(kid="https://kompetens.skelleftea.se/jwks.json#k1", algorithm=algorithm)


@pytest.mark.filterwarnings("ignore:EdDSA is deprecated:UserWarning")
@pytest.mark.parametrize("kind, algorithm", SIGNATURE_ALGORITHMS)
def test_joserfc_verifies_our_tokens(kind, algorithm):
    key = joserfc_jwk.import_key(public_jwk(did_jwk_issuer(kind).key))
    verified = joserfc_jws.deserialize_compact(
        our_token(kind, algorithm), key, algorithms=[algorithm]
    )
    assert verified.headers()["alg"] == algorithm
    assert b"Omv\xc3\xa5rdnadssvenska" in verified.payload


@pytest.mark.parametrize("kind, algorithm", SIGNATURE_ALGORITHMS)
def test_jwcrypto_verifies_our_tokens(kind, algorithm):
    signed = jwcrypto_jws.JWS()
    signed.allowed_algs = [algorithm]
    key = jwcrypto_jwk.JWK(**public_jwk(did_jwk_issuer(kind).key))
    signed.deserialize(our_token(kind, algorithm), key)
    assert signed.jose_header["alg"] == algorithm


def test_jwcrypto_rejects_our_token_with_another_key():
    signed = jwcrypto_jws.JWS()
    other = jwcrypto_jwk.JWK(**public_jwk(did_key_issuer(slot=2).key))
    with pytest.raises(jwcrypto_jws.InvalidJWSSignature):
        signed.deserialize(our_token("Ed25519", "EdDSA"), other)


@pytest.mark.parametrize("kind", ["Ed25519", "P-256"])
def test_openbadgeslib_verifies_our_shape_c_tokens(kind):
    issuer = did_key_issuer(kind)
    # openbadgeslib checks dates against the wall clock, so no end date here.
    token = issuer.issue(issuer.credential(valid_until=None), shape=Shape.OB3_JWT)
    credential = OB3Verifier.for_issuer_did(issuer.did).verify(
        token, expected_recipient=LEARNER_DID
    )
    assert credential.issuer.id == issuer.did
    assert credential.achievement.name == "Omvårdnadssvenska, grundnivå"
