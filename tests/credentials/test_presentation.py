"""Share-link presentations: the learner's wallet key signs the set; the portal checks it."""

from __future__ import annotations

import datetime
import json
import uuid

import pytest
from joserfc import jwk as joserfc_jwk
from joserfc import jwt as joserfc_jwt
from openvc.did.did_key import DidKeyResolver
from support.issuers import NOW
from support.issuers import did_key_issuer
from support.issuers import did_web_document
from support.issuers import forge_token
from support.issuers import split_token

from wallet.credentials import KeyResolver
from wallet.credentials import PresentationCheck
from wallet.credentials import check_presentation_claims
from wallet.credentials import holder_binding
from wallet.credentials import open_presentation
from wallet.credentials import parse_credential
from wallet.credentials import sign_jws
from wallet.credentials import sign_presentation
from wallet.credentials import verify_presentation

AUDIENCE = "https://portal.kompetenspass.se/v/1rYJDUKtE6eUC-jLlpU80Q"
NONCE = "share-6f1c0b1e9a7d4f3c8e2b5a4d7c6e9f01"
EXPIRES = NOW + datetime.timedelta(days=30)
HOLDER = did_key_issuer("Ed25519", slot=7)


@pytest.fixture
def tokens():
    """Two credentials about the holder from two issuers, with non-ASCII text inside."""
    first = did_key_issuer("P-256")
    second = did_key_issuer("Ed25519", slot=1)
    return [
        first.issue(first.credential(subject_id=HOLDER.did)),
        second.issue(second.credential(subject_id=HOLDER.did, name="Truckkort A, Umeå")),
    ]


def present(tokens, holder=HOLDER, **changes) -> str:
    options = {"audience": AUDIENCE, "nonce": NONCE, "expires_at": EXPIRES, "now": NOW} | changes
    return sign_presentation(tokens, holder.key, holder_did=holder.did, **options)


def check(raw: str, *, resolver=None, **changes) -> PresentationCheck:
    options = {"audience": AUDIENCE, "nonce": NONCE, "now": NOW} | changes
    return verify_presentation(raw, resolver=resolver or KeyResolver(), **options)


def resign(raw: str, key, *, header=None, claims=None, vp=None) -> str:
    """The same presentation with some members replaced, signed again with ``key``."""
    old_header, old_claims = split_token(raw)
    old_claims["vp"] |= vp or {}
    new_header = {k: v for k, v in (old_header | (header or {})).items() if k != "alg"}
    return sign_jws(old_claims | (claims or {}), key, new_header)


@pytest.mark.parametrize("kind", ["Ed25519", "P-256", "P-384"])
def test_round_trip(tokens, kind):
    holder = did_key_issuer(kind, slot=7)
    result = check(present(tokens, holder))
    assert result == PresentationCheck(True, "presentation.ok", holder.did, tuple(tokens))


def test_the_jwt_has_the_agreed_shape(tokens):
    header, claims = split_token(present(tokens))
    assert header == {"alg": "EdDSA", "typ": "JWT", "kid": HOLDER.kid}
    assert HOLDER.kid == f"{HOLDER.did}#{HOLDER.did.removeprefix('did:key:')}"
    assert (claims["iss"], claims["aud"], claims["nonce"]) == (HOLDER.did, AUDIENCE, NONCE)
    assert claims["iat"] == claims["nbf"] == int(NOW.timestamp())
    assert claims["exp"] == int(EXPIRES.timestamp())
    assert uuid.UUID(claims["jti"].removeprefix("urn:uuid:")).version == 4
    assert claims["vp"] == {
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "type": ["VerifiablePresentation"],
        "holder": HOLDER.did,
        "verifiableCredential": tokens,
    }


def test_each_presentation_has_its_own_jti(tokens):
    assert split_token(present(tokens))[1]["jti"] != split_token(present(tokens))[1]["jti"]


def test_inner_credentials_are_byte_identical(tokens):
    _, claims = split_token(present(tokens))
    assert [t.encode() for t in claims["vp"]["verifiableCredential"]] == [
        t.encode() for t in tokens
    ]
    assert [parse_credential(t).raw for t in check(present(tokens)).tokens] == tokens


@pytest.mark.filterwarnings("ignore:EdDSA is deprecated:UserWarning")
@pytest.mark.parametrize("kind, algorithm", [("Ed25519", "EdDSA"), ("P-256", "ES256")])
def test_an_independent_library_verifies_it_with_the_key_from_the_did(tokens, kind, algorithm):
    holder = did_key_issuer(kind, slot=7)
    raw = present(tokens, holder)
    kid = split_token(raw)[0]["kid"]
    document = DidKeyResolver().resolve(holder.did)  # openvc's own did:key decoder
    method = document.key_for_purpose(kid, "authentication")
    key = joserfc_jwk.import_key(method.public_key_jwk)
    token = joserfc_jwt.decode(raw, key, algorithms=[algorithm])
    registry = joserfc_jwt.JWTClaimsRegistry(
        now=int(NOW.timestamp()),
        iss={"essential": True, "value": holder.did},
        aud={"essential": True, "value": AUDIENCE},
        nonce={"essential": True, "value": NONCE},
    )
    registry.validate(token.claims)
    assert token.claims["vp"]["verifiableCredential"] == tokens


@pytest.mark.parametrize(
    "changes, code",
    [
        ({"audience": AUDIENCE + "-other"}, "presentation.wrong_audience"),
        ({"nonce": "share-of-someone-else"}, "presentation.wrong_nonce"),
        ({"now": EXPIRES + datetime.timedelta(seconds=61)}, "presentation.expired"),
        ({"now": NOW - datetime.timedelta(minutes=5)}, "presentation.not_yet_valid"),
    ],
)
def test_the_wrong_link_or_time_is_refused(tokens, changes, code):
    result = check(present(tokens), **changes)
    assert (result.valid, result.code, result.tokens) == (False, code, ())


def test_an_opened_presentation_is_checked_for_any_link_and_moment_later(tokens):
    """The two halves of verify_presentation: the signature once, then the claims each time."""
    opened = open_presentation(present(tokens), KeyResolver())
    assert (opened.holder_did, opened.tokens) == (HOLDER.did, tuple(tokens))
    later = EXPIRES + datetime.timedelta(seconds=61)
    outcomes = [
        check_presentation_claims(opened, audience=AUDIENCE, nonce=NONCE, now=NOW).code,
        check_presentation_claims(opened, audience=AUDIENCE, nonce=NONCE, now=later).code,
        check_presentation_claims(opened, audience="https://x.example", nonce=NONCE, now=NOW).code,
    ]
    assert outcomes == ["presentation.ok", "presentation.expired", "presentation.wrong_audience"]
    naive = NOW.replace(tzinfo=None)
    with pytest.raises(ValueError, match="timezone"):
        check_presentation_claims(opened, audience=AUDIENCE, nonce=NONCE, now=naive)


def test_opening_a_forged_presentation_gives_the_failed_check(tokens):
    raw = present(tokens)
    header, claims = split_token(raw)
    claims["nonce"] = "share-of-someone-else"
    forged = ".".join([*forge_token(header, claims).split(".")[:2], raw.split(".")[2]])
    assert open_presentation(forged, KeyResolver()) == PresentationCheck(
        False, "presentation.invalid_signature"
    )


def test_a_minute_of_clock_skew_is_tolerated_at_expiry(tokens):
    assert check(present(tokens), now=EXPIRES + datetime.timedelta(seconds=59)).valid


def test_an_audience_list_naming_the_portal_is_accepted(tokens):
    raw = resign(present(tokens), HOLDER.key, claims={"aud": ["https://other.example", AUDIENCE]})
    assert check(raw).code == "presentation.ok"


def test_a_credential_slipped_in_breaks_the_signature(tokens):
    header, payload, signature = present(tokens[:1]).split(".")
    _, other_payload, _ = present(tokens).split(".")
    assert check(f"{header}.{other_payload}.{signature}").code == "presentation.invalid_signature"


def test_another_key_using_the_holders_kid_is_refused(tokens):
    intruder = did_key_issuer("Ed25519", slot=8)
    raw = resign(present(tokens), intruder.key)
    assert split_token(raw)[0]["kid"] == HOLDER.kid
    assert check(raw).code == "presentation.invalid_signature"


def test_a_kid_of_another_did_is_unbound(tokens):
    intruder = did_key_issuer("Ed25519", slot=8)
    raw = resign(present(tokens), intruder.key, header={"kid": intruder.kid})
    assert check(raw) == PresentationCheck(False, "presentation.key_unbound")


def test_alg_none_is_refused(tokens):
    header, claims = split_token(present(tokens))
    raw = forge_token(header | {"alg": "none"}, claims)
    assert check(raw).code == "presentation.invalid_signature"


def test_hs256_with_the_public_key_as_secret_is_refused(tokens):
    header, claims = split_token(present(tokens))
    secret = HOLDER.did.removeprefix("did:key:").encode()
    raw = forge_token(header | {"alg": "HS256"}, claims, hmac_secret=secret)
    assert check(raw).code == "presentation.invalid_signature"


def test_a_vp_naming_another_holder_is_malformed(tokens):
    raw = resign(present(tokens), HOLDER.key, vp={"holder": "did:example:someone-else"})
    assert check(raw).code == "presentation.malformed"


@pytest.mark.parametrize(
    "claims",
    [
        {"vp": None},
        {"vp": {"type": ["VerifiableCredential"], "verifiableCredential": []}},
        {"iss": "https://not-a-did.example"},
        {"exp": "2030-01-01"},
        {"exp": None},
    ],
)
def test_malformed_claims(tokens, claims):
    assert check(resign(present(tokens), HOLDER.key, claims=claims)).code == (
        "presentation.malformed"
    )


def test_embedded_credential_objects_are_not_accepted(tokens):
    raw = resign(present(tokens), HOLDER.key, vp={"verifiableCredential": [{"id": "urn:x"}]})
    assert check(raw).code == "presentation.malformed"


@pytest.mark.parametrize("raw", ["", "not a jwt", "a.b.c", None, "eyJ" * 200_000])
def test_garbage_is_malformed(raw):
    assert check(raw) == PresentationCheck(False, "presentation.malformed")


def test_duplicate_claim_names_are_malformed(tokens):
    """Parsers disagree on which `aud` wins, so a signed VP with two is refused."""
    header, claims = split_token(present(tokens))
    payload = ('{"aud":"https://evil.example",' + json.dumps(claims)[1:]).encode()
    raw = forge_token(header, payload, key=HOLDER.key, algorithm="EdDSA")
    assert check(raw).code == "presentation.malformed"


@pytest.mark.parametrize(
    "purpose, code",
    [("assertionMethod", "presentation.key_unbound"), ("authentication", "presentation.ok")],
)
def test_holder_key_must_be_listed_for_authentication(loopback, resolver, tokens, purpose, code):
    """A did:web key listed only for assertions may issue credentials but not present them."""
    did = f"did:web:localhost%3A{loopback.port}:learners:{purpose}"
    loopback.serve(f"/learners/{purpose}/did.json", did_web_document(did, HOLDER.key, (purpose,)))
    raw = resign(
        present(tokens),
        HOLDER.key,
        header={"kid": f"{did}#key-1"},
        claims={"iss": did},
        vp={"holder": did},
    )
    assert check(raw, resolver=resolver).code == code


def test_signing_with_a_key_that_is_not_the_holders_is_a_programming_error(tokens):
    with pytest.raises(ValueError):
        sign_presentation(
            tokens,
            did_key_issuer("Ed25519", slot=8).key,
            holder_did=HOLDER.did,
            audience=AUDIENCE,
            nonce=NONCE,
            expires_at=EXPIRES,
            now=NOW,
        )


def test_naive_clock_is_refused(tokens):
    with pytest.raises(ValueError):
        check(present(tokens), now=NOW.replace(tzinfo=None))


class TestHolderBinding:
    def credential(self, subject_id):
        issuer = did_key_issuer("P-256")
        return parse_credential(issuer.issue(issuer.credential(subject_id=subject_id)))

    def test_the_subject_presenting(self):
        assert holder_binding(self.credential(HOLDER.did), HOLDER.did) == "subject"

    def test_someone_else_presenting(self):
        other = did_key_issuer("Ed25519", slot=8).did
        assert holder_binding(self.credential(HOLDER.did), other) == "other_subject"
        assert holder_binding(self.credential("mailto:lina@example.se"), HOLDER.did) == (
            "other_subject"
        )

    def test_no_holder_is_never_the_subject(self):
        assert holder_binding(self.credential(HOLDER.did), None) == "other_subject"
        assert holder_binding(self.credential(HOLDER.did), "") == "other_subject"

    def test_credential_without_a_subject(self):
        assert holder_binding(self.credential(None), HOLDER.did) == "no_subject"
