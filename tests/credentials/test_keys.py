"""KeyResolver's key choice and binding rules, plus the JOSE key helpers beneath it."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric import rsa
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from support.issuers import did_key_issuer
from support.issuers import did_web_document
from support.issuers import private_key

from wallet.credentials import CredentialError
from wallet.credentials import KeyResolver
from wallet.credentials import public_jwk
from wallet.credentials import sign_jws
from wallet.credentials.jose import algorithm_for_key
from wallet.credentials.jose import key_from_jwk
from wallet.credentials.jose import thumbprint
from wallet.credentials.jose import verify_signature

HTTPS_ISSUER = "https://kompetens.skelleftea.se/issuers/1"
WEB_DID = "did:web:kompetens.skelleftea.se"
WEB_DID_URL = "https://kompetens.skelleftea.se/.well-known/did.json"


class FakeFetcher:
    """Serves canned JSON by URL and counts what was asked for."""

    def __init__(self, documents: dict[str, object]) -> None:
        self.documents = documents
        self.calls: list[str] = []

    def __call__(self, url: str) -> bytes:
        self.calls.append(url)
        if url not in self.documents:
            raise CredentialError("resolution.fetch_failed", url=url)
        return json.dumps(self.documents[url]).encode()


def error_of(resolver: KeyResolver, issuer_id: str, header: dict) -> CredentialError:
    with pytest.raises(CredentialError) as raised:
        resolver.resolve_issuer_key(issuer_id, header)
    return raised.value


def web_resolver(document=None, **options) -> tuple[KeyResolver, FakeFetcher]:
    if document is None:
        document = did_web_document(WEB_DID, private_key("P-256"))
    fetcher = FakeFetcher({WEB_DID_URL: document})
    return KeyResolver(fetcher, **options), fetcher


class TestDidKid:
    def test_absolute_kid_in_assertion_method(self):
        resolver, _ = web_resolver()
        header = {"alg": "ES256", "kid": f"{WEB_DID}#key-1"}
        key, details = resolver.resolve_issuer_key(WEB_DID, header)
        assert public_jwk(key) == public_jwk(private_key("P-256"))
        assert (details.kid, details.algorithm, details.method) == (
            f"{WEB_DID}#key-1",
            "ES256",
            "did:web",
        )

    def test_relative_kid(self):
        resolver, _ = web_resolver()
        _, details = resolver.resolve_issuer_key(WEB_DID, {"alg": "ES256", "kid": "#key-1"})
        assert details.method == "did:web"

    def test_kid_of_another_did_is_unbound_and_not_fetched(self):
        resolver, fetcher = web_resolver()
        header = {"alg": "ES256", "kid": "did:web:attacker.example#key-1"}
        assert error_of(resolver, WEB_DID, header).code == "signature.key_unbound"
        assert fetcher.calls == []

    def test_kid_naming_a_superstring_did_is_unbound(self):
        resolver, _ = web_resolver()
        header = {"alg": "ES256", "kid": f"{WEB_DID}.attacker.example#key-1"}
        assert error_of(resolver, WEB_DID, header).code == "signature.key_unbound"

    def test_kid_only_for_authentication_is_unbound(self):
        document = did_web_document(WEB_DID, private_key("P-256"), purposes=("authentication",))
        resolver, _ = web_resolver(document)
        header = {"alg": "ES256", "kid": f"{WEB_DID}#key-1"}
        assert error_of(resolver, WEB_DID, header).code == "signature.key_unbound"

    def test_unknown_fragment(self):
        resolver, _ = web_resolver()
        header = {"alg": "ES256", "kid": f"{WEB_DID}#key-2"}
        assert error_of(resolver, WEB_DID, header).code == "signature.key_not_found"

    def test_did_web_without_kid_or_jwk(self):
        resolver, _ = web_resolver()
        assert error_of(resolver, WEB_DID, {"alg": "ES256"}).code == "signature.key_not_found"

    def test_non_string_kid(self):
        resolver, _ = web_resolver()
        assert (
            error_of(resolver, WEB_DID, {"alg": "ES256", "kid": 7}).code
            == "signature.key_not_found"
        )

    def test_embedded_multikey_method_in_assertion_method(self):
        key = private_key("Ed25519")
        multikey = did_key_issuer().did.removeprefix("did:key:")
        method = {"id": "#m1", "type": "Multikey", "publicKeyMultibase": multikey}
        resolver, _ = web_resolver({"id": WEB_DID, "assertionMethod": [method]})
        found, _ = resolver.resolve_issuer_key(WEB_DID, {"alg": "EdDSA", "kid": "#m1"})
        assert public_jwk(found) == public_jwk(key)


class TestHeaderJwk:
    def test_jwk_whose_thumbprint_is_in_the_did_document(self):
        resolver, _ = web_resolver()
        header = {"alg": "ES256", "jwk": public_jwk(private_key("P-256"))}
        _, details = resolver.resolve_issuer_key(WEB_DID, header)
        assert (details.kid, details.method) == (None, "did:web")

    def test_jwk_not_in_the_did_document(self):
        resolver, _ = web_resolver()
        header = {"alg": "ES256", "jwk": public_jwk(private_key("P-256", slot=5))}
        assert error_of(resolver, WEB_DID, header).code == "signature.key_unbound"

    def test_jwk_with_an_https_issuer_is_never_anchored(self):
        resolver = KeyResolver(FakeFetcher({}))
        header = {"alg": "ES256", "jwk": public_jwk(private_key("P-256"))}
        assert error_of(resolver, HTTPS_ISSUER, header).code == "signature.key_unbound"

    def test_symmetric_jwk(self):
        header = {"alg": "ES256", "jwk": {"kty": "oct", "k": "c2VjcmV0"}}
        assert (
            error_of(KeyResolver(), did_key_issuer().did, header).code == "signature.key_not_found"
        )


class TestHttpsKid:
    def jwks_resolver(self, jwks) -> tuple[KeyResolver, FakeFetcher]:
        fetcher = FakeFetcher({"https://kompetens.skelleftea.se/jwks.json": jwks})
        return KeyResolver(fetcher), fetcher

    def test_same_origin_jwks_selected_by_kid(self):
        keys = [{**public_jwk(private_key("RSA")), "kid": "k1"}]
        keys.append({**public_jwk(private_key("P-256")), "kid": "k2"})
        jwks = {"keys": keys}
        resolver, _ = self.jwks_resolver(jwks)
        header = {"alg": "ES256", "kid": "https://kompetens.skelleftea.se/jwks.json#k2"}
        key, details = resolver.resolve_issuer_key(HTTPS_ISSUER, header)
        assert isinstance(key, ec.EllipticCurvePublicKey) and details.method == "jwk"

    def test_kid_missing_from_jwks(self):
        resolver, _ = self.jwks_resolver(
            {"keys": [{**public_jwk(private_key("RSA")), "kid": "k1"}]}
        )
        header = {"alg": "RS256", "kid": "https://kompetens.skelleftea.se/jwks.json#k9"}
        assert error_of(resolver, HTTPS_ISSUER, header).code == "signature.key_not_found"

    def test_single_jwk_document(self):
        resolver, _ = self.jwks_resolver(public_jwk(private_key("RSA")))
        header = {"alg": "PS256", "kid": "https://kompetens.skelleftea.se/jwks.json"}
        key, details = resolver.resolve_issuer_key(HTTPS_ISSUER, header)
        assert isinstance(key, rsa.RSAPublicKey) and details.algorithm == "PS256"

    @pytest.mark.parametrize(
        "kid, code",
        [
            ("https://attacker.example/jwks.json", "signature.key_unbound"),
            ("https://kompetens.skelleftea.se.attacker.example/jwks.json", "signature.key_unbound"),
            ("https://kompetens.skelleftea.se:8443/jwks.json", "signature.key_unbound"),
            ("http://kompetens.skelleftea.se/jwks.json", "signature.key_not_found"),
        ],
    )
    def test_other_origin_is_not_fetched(self, kid, code):
        resolver, fetcher = self.jwks_resolver({"keys": []})
        assert error_of(resolver, HTTPS_ISSUER, {"alg": "ES256", "kid": kid}).code == code
        assert fetcher.calls == []

    def test_unreachable(self):
        resolver = KeyResolver(FakeFetcher({}))
        header = {"alg": "ES256", "kid": "https://kompetens.skelleftea.se/saknas.json"}
        assert error_of(resolver, HTTPS_ISSUER, header).code == "resolution.fetch_failed"

    def test_offline_resolver(self):
        header = {"alg": "ES256", "kid": "https://kompetens.skelleftea.se/jwks.json"}
        assert error_of(KeyResolver(), HTTPS_ISSUER, header).code == "resolution.fetch_failed"


class TestCache:
    def test_did_documents_are_cached_for_the_ttl(self):
        clock = [1000.0]
        resolver, fetcher = web_resolver(cache_ttl=300.0, clock=lambda: clock[0])
        header = {"alg": "ES256", "kid": "#key-1"}
        resolver.resolve_issuer_key(WEB_DID, header)
        clock[0] += 299
        resolver.resolve_issuer_key(WEB_DID, header)
        assert len(fetcher.calls) == 1
        clock[0] += 2
        resolver.resolve_issuer_key(WEB_DID, header)
        assert len(fetcher.calls) == 2

    def test_failures_are_not_cached(self):
        fetcher = FakeFetcher({})
        resolver = KeyResolver(fetcher)
        for _ in range(2):
            error_of(resolver, WEB_DID, {"alg": "ES256", "kid": "#key-1"})
        assert len(fetcher.calls) == 2


class TestAlgorithmChoice:
    @pytest.mark.parametrize(
        "kind, header_alg",
        [
            ("RSA", "RS256"),
            ("RSA", "PS256"),
            ("P-256", "ES256"),
            ("P-384", "ES384"),
            ("Ed25519", "EdDSA"),
            ("Ed25519", "Ed25519"),
        ],
    )
    def test_allowed_pairs(self, kind, header_alg):
        assert algorithm_for_key(private_key(kind).public_key(), header_alg) == header_alg

    @pytest.mark.parametrize(
        "kind, header_alg",
        [
            ("RSA", "RS512"),
            ("RSA", "HS256"),
            ("P-256", "ES384"),
            ("P-384", "ES256"),
            ("Ed25519", "ES256"),
            ("P-256", "none"),
        ],
    )
    def test_refused_pairs(self, kind, header_alg):
        with pytest.raises(CredentialError) as raised:
            algorithm_for_key(private_key(kind).public_key(), header_alg)
        assert raised.value.code == "signature.alg_refused"

    def test_weak_rsa_key_is_refused(self):
        weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)
        with pytest.raises(CredentialError) as raised:
            algorithm_for_key(weak.public_key(), "RS256")
        assert raised.value.code == "signature.alg_refused"

    def test_key_type_mismatch_inside_pyjwt_is_an_invalid_signature_not_a_crash(self):
        token = sign_jws({"a": 1}, private_key("P-256"), {"typ": "JWT"})
        with pytest.raises(CredentialError) as raised:
            verify_signature(token, private_key("Ed25519").public_key(), "ES256")
        assert raised.value.code == "signature.invalid"


class TestJwk:
    def test_rfc_7638_thumbprint_vector(self):
        jwk = {
            "kty": "RSA",
            "e": "AQAB",
            "n": (
                "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1"
                "L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4"
                "QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbO"
                "pbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csF"
                "Cur-kEgU8awapJzKnqDKgw"
            ),
        }
        assert thumbprint(key_from_jwk(jwk)) == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"

    def test_rfc_8037_ed25519_thumbprint_vector(self):
        jwk = {"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}
        assert thumbprint(key_from_jwk(jwk)) == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"

    def test_point_not_on_the_curve(self):
        jwk = {
            **public_jwk(private_key("P-256")),
            "y": public_jwk(private_key("P-256", slot=5))["y"],
        }
        with pytest.raises(CredentialError) as raised:
            key_from_jwk(jwk)
        assert raised.value.code == "signature.key_not_found"

    @pytest.mark.parametrize(
        "jwk", [None, "jwk", {"kty": "EC"}, {"kty": "OKP", "crv": "Ed448", "x": "AA"}]
    )
    def test_unusable(self, jwk):
        with pytest.raises(CredentialError) as raised:
            key_from_jwk(jwk)
        assert raised.value.code == "signature.key_not_found"


JWK_VALUES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=8)
    | st.lists(st.integers(), max_size=2)
    | st.sampled_from(["RSA", "EC", "OKP", "oct", "P-256", "P-521", "Ed448", "AQAB", "A" * 43])
)
JWKS = st.dictionaries(
    st.sampled_from(["kty", "crv", "x", "y", "n", "e", "use", "kid"]), JWK_VALUES
)
METHODS = st.fixed_dictionaries(
    {"id": st.sampled_from(["#key-1", f"{WEB_DID}#key-1", 7])},
    optional={
        "publicKeyJwk": JWKS | JWK_VALUES,
        "publicKeyMultibase": JWK_VALUES | st.just("z6Mk"),
    },
)
ENTRIES = st.lists(
    METHODS | st.sampled_from(["#key-1", f"{WEB_DID}#key-1"]) | JWK_VALUES, max_size=3
)
DOCUMENTS = st.fixed_dictionaries(
    {"id": st.sampled_from([WEB_DID, WEB_DID, "did:web:other.example", None])},
    optional={"verificationMethod": ENTRIES | JWK_VALUES, "assertionMethod": ENTRIES | JWK_VALUES},
)


@settings(max_examples=300, deadline=None)
@given(jwk=JWKS)
def test_any_jwk_is_a_key_or_a_coded_error(jwk):
    try:
        key_from_jwk(jwk)
    except CredentialError as error:
        assert error.code in {"signature.key_not_found", "signature.key_unbound"}


@settings(max_examples=300, deadline=None)
@given(document=DOCUMENTS, header=st.sampled_from([{"kid": "#key-1"}, {"jwk": {"kty": "EC"}}, {}]))
def test_any_did_document_gives_a_key_or_a_coded_error(document, header):
    resolver, _ = web_resolver(document)
    try:
        resolver.resolve_issuer_key(WEB_DID, {"alg": "ES256", **header})
    except CredentialError as error:
        assert error.code.startswith(("signature.", "resolution."))
