"""DID methods: did:key and did:jwk decoding (spec vectors), did:web URL mapping and fetching."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from support.issuers import did_web_document
from support.issuers import private_key

from wallet.credentials import CredentialError
from wallet.credentials import HttpFetcher
from wallet.credentials import did_jwk
from wallet.credentials import did_key
from wallet.credentials import public_jwk
from wallet.credentials.did import assertion_methods
from wallet.credentials.did import base58btc_decode
from wallet.credentials.did import base58btc_encode
from wallet.credentials.did import did_web_url
from wallet.credentials.did import key_from_method
from wallet.credentials.did import resolve_did
from wallet.credentials.jose import b64url_encode

# W3C CCG did:key test vector (nist-curves.json), P-256 compressed point.
P256_VECTOR_DID = "did:key:zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv"
P256_VECTOR_JWK = {
    "kty": "EC",
    "crv": "P-256",
    "x": "igrFmi0whuihKnj9R3Om1SoMph72wUGeFaBbzG2vzns",
    "y": "efsX5b10x8yjyrj4ny3pGfLcY7Xby1KzgqOdqnsrJIM",
}
# did:jwk specification example (P-256).
DID_JWK_VECTOR = (
    "did:jwk:eyJjcnYiOiJQLTI1NiIsImt0eSI6IkVDIiwieCI6ImFjYklRaXVNczNpOF91c3pFakoydHBUdFJNNEVVM3l6"
    "OTFQSDZDZEgyVjAiLCJ5IjoiX0tjeUxqOXZXTXB0bm1LdG00NkdxRHo4d2Y3NEk1TEtncmwyR3pIM25TRSJ9"
)


def error_of(call, *args) -> CredentialError:
    with pytest.raises(CredentialError) as raised:
        call(*args)
    return raised.value


def only_key(document):
    (method,) = assertion_methods(document)
    return key_from_method(method)


class TestDidKey:
    def test_w3c_p256_vector_decompresses_to_the_published_point(self):
        document = resolve_did(P256_VECTOR_DID, None)
        assert public_jwk(only_key(document)) == P256_VECTOR_JWK
        assert document["assertionMethod"] == [f"{P256_VECTOR_DID}#{P256_VECTOR_DID[8:]}"]

    @pytest.mark.parametrize(
        "kind, prefix", [("Ed25519", "z6Mk"), ("P-256", "zDn"), ("P-384", "z82")]
    )
    def test_round_trip_and_multicodec_prefix(self, kind, prefix):
        key = private_key(kind)
        did = did_key(key.public_key())
        assert did.startswith(f"did:key:{prefix}")
        assert public_jwk(only_key(resolve_did(did, None))) == public_jwk(key)

    def test_secp256k1_vector_of_the_did_key_specification(self):
        # The did:key method specification's secp256k1 example (multicodec 0xe7).
        did = "did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme"
        key = only_key(resolve_did(did, None))
        assert key.curve.name == "secp256k1" and did_key(key) == did

    @pytest.mark.parametrize("curve", [ec.SECP256K1(), ec.SECP521R1()])
    def test_round_trip_of_secp256k1_and_p521_keys(self, curve):
        key = ec.generate_private_key(curve)
        did = did_key(key.public_key())
        assert public_jwk(only_key(resolve_did(did, None))) == public_jwk(key)

    @pytest.mark.parametrize(
        "did",
        [
            "did:key:z6MkInvalid0OIl",  # 0, O, I and l are not base58
            "did:key:z6Mk",  # no key bytes
            "did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBm",  # secp256k1, cut short
            "did:key:" + "z" + "2" * 5000,  # absurdly long
            "did:key:u7QE",  # multibase other than base58btc
        ],
    )
    def test_bad_did_key(self, did):
        assert error_of(resolve_did, did, None).code == "signature.key_not_found"

    def test_rsa_has_no_did_key(self):
        with pytest.raises(ValueError):
            did_key(private_key("RSA").public_key())


class TestDidJwk:
    def test_spec_vector(self):
        document = resolve_did(DID_JWK_VECTOR, None)
        assert document["verificationMethod"][0]["id"] == f"{DID_JWK_VECTOR}#0"
        assert public_jwk(only_key(document))["x"] == "acbIQiuMs3i8_uszEjJ2tpTtRM4EU3yz91PH6CdH2V0"

    def test_our_encoding_matches_the_spec_vector(self):
        key = only_key(resolve_did(DID_JWK_VECTOR, None))
        assert did_jwk(key) == DID_JWK_VECTOR

    def test_jwk_with_private_member_is_refused(self):
        key = private_key("Ed25519")
        leaked = {**public_jwk(key), "d": b64url_encode(key.private_bytes_raw())}
        did = "did:jwk:" + b64url_encode(str(leaked).replace("'", '"').encode())
        assert error_of(resolve_did, did, None).code == "signature.key_unbound"

    def test_encryption_only_key_cannot_make_assertions(self):
        jwk = {**public_jwk(private_key("P-256")), "use": "enc"}
        did = "did:jwk:" + b64url_encode(str(jwk).replace("'", '"').encode())
        assert assertion_methods(resolve_did(did, None)) == []

    @pytest.mark.parametrize(
        "encoded", ["!!!", b64url_encode(b"[1,2]"), b64url_encode(b'{"kty":"oct","k":"c2VjcmV0"}')]
    )
    def test_garbage(self, encoded):
        assert error_of(resolve_did, f"did:jwk:{encoded}", None).code == "signature.key_not_found"


class TestDidWebUrl:
    @pytest.mark.parametrize(
        "did, url",
        [
            ("did:web:skelleftea.se", "https://skelleftea.se/.well-known/did.json"),
            (
                "did:web:Kompetens.Skelleftea.SE",
                "https://kompetens.skelleftea.se/.well-known/did.json",
            ),
            ("did:web:localhost%3A8443", "https://localhost:8443/.well-known/did.json"),
            ("did:web:example.se:utbildning:vard", "https://example.se/utbildning/vard/did.json"),
        ],
    )
    def test_mapping(self, did, url):
        assert did_web_url(did) == url

    @pytest.mark.parametrize(
        "did",
        [
            "did:web:127.0.0.1",
            "did:web:%5B%3A%3A1%5D",
            "did:web:user%40example.se",
            "did:web:example.se:..:admin",
            "did:web:example.se:a%2Fb",
            "did:web:example.se:",
            "did:web:example.se%3A99999",
            "did:web:-example.se",
            "did:web:",
        ],
    )
    def test_refused(self, did):
        assert error_of(did_web_url, did).code == "signature.key_not_found"


class TestDidWebResolution:
    def fetcher(self):
        return HttpFetcher(allow_insecure_localhost=True, timeout=1.0)

    def test_document_is_fetched_from_the_mapped_url(self, loopback):
        did = f"did:web:localhost%3A{loopback.port}:kommun"
        loopback.serve("/kommun/did.json", did_web_document(did, private_key("P-256")))
        document = resolve_did(did, self.fetcher())
        assert public_jwk(only_key(document)) == public_jwk(private_key("P-256"))

    def test_document_for_another_did_is_refused(self, loopback):
        did = f"did:web:localhost%3A{loopback.port}:lanad"
        loopback.serve(
            "/lanad/did.json", did_web_document("did:web:example.se", private_key("P-256"))
        )
        assert error_of(resolve_did, did, self.fetcher()).code == "signature.key_not_found"

    def test_not_json(self, loopback):
        did = f"did:web:localhost%3A{loopback.port}:trasig"
        loopback.serve("/trasig/did.json", b"<html>inte json</html>")
        assert error_of(resolve_did, did, self.fetcher()).code == "resolution.fetch_failed"

    def test_oversized_did_json(self, loopback):
        did = f"did:web:localhost%3A{loopback.port}:stor"
        document = did_web_document(did, private_key("P-256"))
        loopback.serve("/stor/did.json", {**document, "padding": "x" * 70_000})
        assert error_of(resolve_did, did, self.fetcher()).code == "resolution.fetch_failed"

    def test_offline_resolver_cannot_fetch(self):
        assert (
            error_of(resolve_did, "did:web:skelleftea.se", None).code == "resolution.fetch_failed"
        )


@pytest.mark.parametrize("did", ["did:example:123", "did:ion:abc", "https://skelleftea.se", "did:"])
def test_unknown_did_method(did):
    assert error_of(resolve_did, did, None).code == "signature.unknown_did_method"


@pytest.mark.parametrize("data", [b"", b"\0\0\x01", b"hello world", bytes(range(40))])
def test_base58btc_round_trip_keeps_leading_zeros(data):
    assert base58btc_decode(base58btc_encode(data)) == data


def test_base58btc_known_value():
    assert base58btc_encode(b"hello world") == "StV1DL6CwTryKyV"
