"""verify_credential: every shape and algorithm verifies, and every forgery fails with its code."""

from __future__ import annotations

import dataclasses
import datetime
import json

import pytest
from cryptography.hazmat.primitives import serialization
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from support.issuers import NOW
from support.issuers import SIGNATURE_ALGORITHMS
from support.issuers import did_jwk_issuer
from support.issuers import did_key_issuer
from support.issuers import did_web_issuer
from support.issuers import forge_token
from support.issuers import private_key
from support.issuers import split_token

from wallet.credentials import Check
from wallet.credentials import CheckStatus
from wallet.credentials import Concern
from wallet.credentials import KeyResolver
from wallet.credentials import Shape
from wallet.credentials import TrustList
from wallet.credentials import Verdict
from wallet.credentials import public_jwk
from wallet.credentials import verify_credential
from wallet.credentials.jose import b64url_encode


def at(*parts: int) -> datetime.datetime:
    return datetime.datetime(*parts, tzinfo=datetime.timezone.utc)


def codes(result) -> list[str]:
    return [check.code for check in result.checks]


def signature_code(result) -> str:
    return result.check(Concern.SIGNATURE).code


def resign(issuer, token: str, header_changes=None, payload_changes=None, algorithm=None) -> str:
    """The token's header and payload, changed, signed again by ``issuer``."""
    header, payload = split_token(token)
    header = {**header, **(header_changes or {})}
    payload = {**payload, **(payload_changes or {})}
    return forge_token(header, payload, key=issuer.key, algorithm=algorithm or header["alg"])


@pytest.mark.parametrize("shape", [Shape.VC_JWT_11, Shape.VC_JOSE_COSE, Shape.OB3_JWT])
@pytest.mark.parametrize("kind, algorithm", SIGNATURE_ALGORITHMS)
def test_every_shape_and_algorithm_verifies(verify, shape, kind, algorithm):
    issuer = did_jwk_issuer(kind)
    result = verify(issuer.issue(shape=shape, algorithm=algorithm), trusted=[issuer.did])
    assert result.verdict is Verdict.VERIFIED, codes(result)
    assert codes(result) == [
        "format.ok",
        "signature.ok",
        "issuer.trusted",
        "validity.ok",
        "status.none",
    ]
    assert result.check(Concern.FORMAT).params == {"shape": shape.value}
    assert result.key.algorithm == algorithm and result.key.method == "did:jwk"
    assert result.is_genuine and result.checked_at == NOW


@pytest.mark.parametrize("kind", ["Ed25519", "P-256", "P-384"])
def test_did_key_issuers_verify(verify, kind):
    issuer = did_key_issuer(kind)
    result = verify(issuer.issue(), trusted=[issuer.did])
    assert result.verdict is Verdict.VERIFIED, codes(result)
    assert result.key.method == "did:key" and result.key.kid == issuer.kid


def test_did_key_issuer_without_kid_uses_its_only_key(verify, issuer):
    assert verify(issuer.issue(kid=None)).is_genuine


def test_relative_kid_is_resolved_against_the_issuer(verify, issuer):
    fragment = "#" + issuer.did.removeprefix("did:key:")
    assert verify(issuer.issue(kid=fragment)).is_genuine


def test_did_web_over_loopback_in_insecure_mode(verify, web_issuer):
    result = verify(web_issuer.issue(), trusted=[web_issuer.did])
    assert result.verdict is Verdict.VERIFIED, codes(result)
    assert result.key.method == "did:web"


def test_did_web_over_plain_http_is_refused_outside_test_mode(web_issuer):
    result = verify_credential(web_issuer.issue(), NOW, TrustList(), KeyResolver())
    assert signature_code(result) == "resolution.fetch_failed"


class TestVerdicts:
    def test_untrusted_issuer_is_a_warning_not_verified(self, verify, issuer):
        result = verify(issuer.issue())
        assert result.verdict is Verdict.WARNING
        assert result.check(Concern.ISSUER).code == "issuer.untrusted"
        assert result.check(Concern.ISSUER).params["issuer"] == issuer.did
        assert result.is_genuine

    def test_trusted_issuer_names_the_trust_list_entry(self, verify, issuer):
        issuer_check = verify(issuer.issue(), trusted=[issuer.did]).check(Concern.ISSUER)
        assert issuer_check.status is CheckStatus.PASSED
        assert issuer_check.params == {"name": f"Utfärdare {issuer.did[-6:]}", "organisation": None}

    def test_status_entry_is_unchecked_for_now(self, verify, issuer):
        entry = {"id": "https://example.se/status/3#94567", "type": "BitstringStatusListEntry"}
        result = verify(
            issuer.issue(issuer.credential(credentialStatus=entry)), trusted=[issuer.did]
        )
        assert result.check(Concern.STATUS).code == "status.unchecked"
        assert result.verdict is Verdict.WARNING

    def test_status_checker_seam_decides_the_status_check(self, verify, issuer):
        def revoked(credential, now):
            return Check(Concern.STATUS, CheckStatus.FAILED, "status.revoked")

        result = verify(issuer.issue(), trusted=[issuer.did], status_checker=revoked)
        assert result.verdict is Verdict.FAILED and result.is_genuine

    def test_format_failure_omits_all_later_checks(self, verify):
        result = verify("inte en token")
        assert codes(result) == ["format.malformed"]
        assert result.verdict is Verdict.FAILED and result.credential is None

    def test_signature_failure_omits_issuer_validity_and_status(self, verify, issuer):
        result = verify(did_key_issuer(slot=1).issue(issuer.credential(), kid=issuer.kid))
        assert codes(result) == ["format.ok", "signature.invalid"]
        assert not result.is_genuine and result.key is None

    def test_naive_now_is_a_programming_error(self, verify, issuer):
        with pytest.raises(ValueError):
            verify(issuer.issue(), now=datetime.datetime(2025, 6, 1))


@pytest.mark.parametrize(
    "payload, code",
    [
        (
            lambda p: json.dumps(p)[:-1].encode() + b', "iss": "did:example:x"}',
            "format.duplicate_keys",
        ),
        (lambda p: {**p, "iss": "did:example:mallory"}, "format.claims_mismatch"),
        (lambda p: {**p, "validFrom": "2025-01-15T09:00:00"}, "format.bad_date"),
    ],
)
def test_a_genuine_signature_does_not_rescue_a_bad_credential(verify, issuer, payload, code):
    header, claims = split_token(issuer.issue())
    token = forge_token(header, payload(claims), key=issuer.key, algorithm=header["alg"])
    assert codes(verify(token)) == [code]


def test_deep_nesting_is_refused_even_when_signed(verify, issuer):
    header, claims = split_token(issuer.issue())
    deep = json.dumps(claims)[:-1].encode() + b', "evidence": ' + b"[" * 65 + b"]" * 65 + b"}"
    token = forge_token(header, deep, key=issuer.key, algorithm=header["alg"])
    assert codes(verify(token)) == ["format.too_deep"]


class TestValidity:
    @pytest.mark.parametrize(
        "now, code",
        [
            (at(2030, 1, 15, 9, 1, 1), "validity.expired"),
            (at(2030, 1, 15, 9, 0, 59), "validity.ok"),
            (at(2025, 1, 15, 8, 58, 59), "validity.not_yet_valid"),
            (at(2025, 1, 15, 8, 59, 1), "validity.ok"),
        ],
    )
    def test_window_with_a_minute_of_leeway(self, verify, issuer, now, code):
        assert verify(issuer.issue(), now=now).check(Concern.VALIDITY).code == code

    def test_expired_names_the_end_date(self, verify, issuer):
        later = at(2031, 1, 1)
        result = verify(issuer.issue(), now=later)
        assert result.verdict is Verdict.FAILED
        assert result.check(Concern.VALIDITY).params == {"valid_until": "2030-01-15T09:00:00+00:00"}

    def test_not_yet_valid_names_the_start_date(self, verify, issuer):
        earlier = at(2024, 1, 1)
        params = verify(issuer.issue(), now=earlier).check(Concern.VALIDITY).params
        assert params == {"valid_from": "2025-01-15T09:00:00+00:00"}

    def test_fractional_exp_in_the_past_expires(self, verify, issuer):
        document = issuer.credential(valid_until=None)
        token = resign(issuer, issuer.issue(document), payload_changes={"exp": 1748000000.5})
        assert verify(token).check(Concern.VALIDITY).code == "validity.expired"

    def test_shape_b_token_exp_before_valid_until_expires(self, verify, issuer):
        token = issuer.issue(shape=Shape.VC_JOSE_COSE)
        token = resign(issuer, token, payload_changes={"exp": 1748000000})
        assert verify(token).check(Concern.VALIDITY).code == "validity.expired"


class TestForgery:
    def test_tampered_payload(self, verify, issuer):
        token = issuer.issue()
        header, payload, signature = token.split(".")
        forged_payload = forge_token({}, {**split_token(token)[1], "name": "Läkarexamen"}).split(
            "."
        )[1]
        assert (
            signature_code(verify(f"{header}.{forged_payload}.{signature}")) == "signature.invalid"
        )

    def test_signed_by_another_key(self, verify, issuer):
        stranger = did_key_issuer(slot=2)
        token = stranger.issue(issuer.credential(), kid=issuer.kid)
        assert signature_code(verify(token)) == "signature.invalid"

    def test_kid_of_another_did(self, verify, issuer):
        stranger = did_key_issuer(slot=2)
        token = stranger.issue(issuer.credential(), kid=stranger.kid)
        assert signature_code(verify(token)) == "signature.key_unbound"

    def test_kid_on_another_domain_for_an_https_issuer(self, verify):
        issuer = dataclasses.replace(did_key_issuer(), did="https://kompetens.skelleftea.se/issuer")
        token = issuer.issue(kid="https://attacker.example/jwks.json#k1")
        assert signature_code(verify(token)) == "signature.key_unbound"

    @pytest.mark.parametrize("kid", ["../../etc/passwd", "key-1' OR '1'='1", "file:///etc/passwd"])
    def test_hostile_opaque_kid_is_only_a_name(self, verify, issuer, kid):
        assert signature_code(verify(issuer.issue(kid=kid))) == "signature.key_not_found"

    def test_header_jwk_not_bound_to_a_did_key_issuer(self, verify, issuer):
        stranger = did_key_issuer(slot=2)
        token = stranger.issue(issuer.credential(), kid=None, header_jwk=True)
        assert signature_code(verify(token)) == "signature.key_unbound"

    def test_header_jwk_with_an_https_issuer_is_genuine_but_its_issuer_unconfirmed(self, verify):
        # Even a listed issuer: anyone can put a key of their own in the header.
        issuer = dataclasses.replace(did_key_issuer(), did="https://kompetens.skelleftea.se/issuer")
        result = verify(issuer.issue(kid=None, header_jwk=True), trusted=[issuer.did])
        assert result.is_genuine and not result.key.issuer_bound
        assert result.verdict is Verdict.WARNING
        assert result.check(Concern.ISSUER).code == "issuer.key_not_bound"

    def test_header_jwk_with_an_https_issuer_still_fails_when_tampered(self, verify):
        issuer = dataclasses.replace(did_key_issuer(), did="https://kompetens.skelleftea.se/issuer")
        token = issuer.issue(kid=None, header_jwk=True)
        tampered = resign(issuer, token, payload_changes={"name": "Something else"})
        header, payload, _ = tampered.split(".")
        result = verify(f"{header}.{payload}.{token.split('.')[2]}")
        assert signature_code(result) == "signature.invalid"

    def test_header_jwk_bound_through_the_issuer_did_verifies(self, verify, issuer):
        result = verify(issuer.issue(kid=None, header_jwk=True))
        assert result.is_genuine and result.key.method == "did:key"

    def test_header_jwk_with_private_key(self, verify, issuer):
        leaked = {**public_jwk(issuer.key), "d": b64url_encode(issuer.key.private_bytes_raw())}
        token = resign(issuer, issuer.issue(kid=None), header_changes={"jwk": leaked})
        assert signature_code(verify(token)) == "signature.key_unbound"

    @pytest.mark.parametrize("trailing", [".", ""])
    def test_alg_none(self, verify, issuer, trailing):
        header, payload = split_token(issuer.issue())
        unsigned = forge_token({**header, "alg": "none"}, payload).rstrip(".") + trailing
        result = verify(unsigned)
        refused = "signature.alg_refused" if trailing else "format.malformed"
        assert result.verdict is Verdict.FAILED and codes(result)[-1] == refused

    def test_hs256_with_the_public_key_pem_as_secret(self, verify):
        issuer = did_jwk_issuer("RSA")
        header, payload = split_token(issuer.issue())
        public_pem = issuer.key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        token = forge_token({**header, "alg": "HS256"}, payload, hmac_secret=public_pem)
        assert signature_code(verify(token)) == "signature.alg_refused"

    def test_hs256_with_the_jwk_json_as_secret(self, verify, issuer):
        header, payload = split_token(issuer.issue())
        secret = json.dumps(public_jwk(issuer.key)).encode()
        token = forge_token({**header, "alg": "HS256"}, payload, hmac_secret=secret)
        assert signature_code(verify(token)) == "signature.alg_refused"

    @pytest.mark.parametrize(
        "issuer_kind, signer_kind, algorithm",
        [("RSA", "P-256", "ES256"), ("P-256", "RSA", "RS256")],
    )
    def test_rs_es_swap(self, verify, issuer_kind, signer_kind, algorithm):
        issuer = did_jwk_issuer(issuer_kind)
        header, payload = split_token(issuer.issue())
        signer = private_key(signer_kind)
        token = forge_token({**header, "alg": algorithm}, payload, key=signer, algorithm=algorithm)
        assert signature_code(verify(token)) == "signature.alg_refused"

    @pytest.mark.parametrize(
        "kind, wrong",
        [("Ed25519", "ES256"), ("P-256", "ES384"), ("P-384", "EdDSA"), ("RSA", "EdDSA")],
    )
    def test_header_alg_not_matching_the_key_type(self, verify, kind, wrong):
        issuer = did_jwk_issuer(kind)
        header, payload = split_token(issuer.issue())
        token = forge_token({**header, "alg": wrong}, payload, signature=b"\x00" * 64)
        assert signature_code(verify(token)) == "signature.alg_refused"

    def test_jku_and_x5u_are_ignored(self, verify, issuer, loopback):
        before = len(loopback.requests)
        attacker = {
            "jku": loopback.serve("/attacker/jwks.json", {"keys": []}),
            "x5u": loopback.serve("/attacker/cert.pem", b"-----BEGIN CERTIFICATE-----"),
        }
        token = resign(issuer, issuer.issue(), header_changes=attacker)
        assert verify(token).is_genuine
        assert len(loopback.requests) == before

    def test_jku_does_not_rescue_a_forged_signature(self, verify, issuer, loopback):
        stranger = did_key_issuer(slot=2)
        jwks = {"keys": [{**public_jwk(stranger.key), "kid": "k1"}]}
        header = {"jku": loopback.serve("/attacker/jwks2.json", jwks), "kid": issuer.kid}
        token = resign(stranger, issuer.issue(), header_changes=header)
        assert signature_code(verify(token)) == "signature.invalid"

    def test_unknown_did_method(self, verify):
        issuer = dataclasses.replace(did_key_issuer(), did="did:ion:EiClkZMDxPKqC9c")
        result = verify(issuer.issue(kid="did:ion:EiClkZMDxPKqC9c#key-1"))
        assert signature_code(result) == "signature.unknown_did_method"
        assert result.check(Concern.SIGNATURE).params == {"method": "did:ion"}

    def test_did_web_kid_not_listed_for_assertions(self, verify, loopback):
        issuer = did_web_issuer(loopback, path="endast-inloggning")
        document = json.loads(loopback.routes["/endast-inloggning/did.json"].body)
        document["authentication"] = document.pop("assertionMethod")
        loopback.serve("/endast-inloggning/did.json", document)
        assert signature_code(verify(issuer.issue())) == "signature.key_unbound"


CLAIM_NAMES = [
    "@context", "type", "issuer", "credentialSubject", "validFrom", "validUntil", "vc",
    "iss", "sub", "jti", "nbf", "exp", "id", "credentialStatus", "name",
]  # fmt: skip
SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(CLAIM_NAMES), inner, max_size=4)
    ),
    max_leaves=12,
)
FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(raw=st.text(max_size=300))
def test_arbitrary_text_never_raises(verify, raw):
    assert verify(raw).verdict is Verdict.FAILED


@FUZZ
@given(changes=st.dictionaries(st.sampled_from(CLAIM_NAMES), JSON_VALUES, max_size=4))
def test_signed_garbage_claims_never_raise(verify, issuer, changes):
    """Whatever the issuer signed, the verdict is data; and its own signature stays genuine."""
    result = verify(resign(issuer, issuer.issue(), payload_changes=changes))
    assert result.checks[0].concern is Concern.FORMAT
    assert result.is_genuine or result.verdict is Verdict.FAILED
