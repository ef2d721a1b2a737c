"""SD-JWT VC issuer keys: JWT VC Issuer Metadata on the loopback host, x5c to trust anchors."""

from __future__ import annotations

import datetime

import pytest
from support.issuers import NOW
from support.issuers import private_key
from support.sd_jwt import issue_sd_jwt
from support.sd_jwt import leaf_certificate
from support.sd_jwt import learning_credential
from support.sd_jwt import pem
from support.sd_jwt import self_signed_certificate
from support.sd_jwt import x5c

from wallet.credentials import HttpFetcher
from wallet.credentials import KeyResolver
from wallet.credentials import TrustedIssuer
from wallet.credentials import TrustList
from wallet.credentials import public_jwk
from wallet.credentials import verify_credential
from wallet.credentials.sd_jwt_keys import load_trust_anchors
from wallet.credentials.sd_jwt_keys import metadata_url

ISSUER = "https://issuer.example/tenant/7"


def checks(result):
    return {c.concern.value: c.code for c in result.checks}


@pytest.fixture
def web_issuer_key():
    return private_key("P-256", 11)


def publish_metadata(loopback, path, issuer_id, keys, *, as_uri=False):
    jwks = {"keys": keys}
    if as_uri:
        jwks_url = loopback.serve(f"{path}/jwks.json", jwks)
        metadata = {"issuer": issuer_id, "jwks_uri": jwks_url}
    else:
        metadata = {"issuer": issuer_id, "jwks": jwks}
    loopback.serve(f"/.well-known/jwt-vc-issuer{path}", metadata)


@pytest.mark.parametrize("as_uri", [False, True])
def test_the_key_comes_from_jwt_vc_issuer_metadata_at_the_iss_origin(
    loopback, resolver, verify, web_issuer_key, as_uri
):
    issuer_id = f"http://localhost:{loopback.port}/utbildning/{int(as_uri)}"
    path = f"/utbildning/{int(as_uri)}"
    publish_metadata(loopback, path, issuer_id, [{**public_jwk(web_issuer_key), "kid": "k1"}],
                     as_uri=as_uri)
    issued = issue_sd_jwt(learning_credential(issuer_id), web_issuer_key, header={"kid": "k1"})
    result = verify(issued.token, trusted=[issuer_id])
    assert result.verdict.value == "verified", result.checks
    assert result.key.method == "jwt-vc-issuer"
    assert f"/.well-known/jwt-vc-issuer{path}" in loopback.requests


def test_metadata_for_another_issuer_is_not_used(loopback, verify, web_issuer_key):
    issuer_id = f"http://localhost:{loopback.port}/other"
    publish_metadata(loopback, "/other", "https://someone.else", [public_jwk(web_issuer_key)])
    issued = issue_sd_jwt(learning_credential(issuer_id), web_issuer_key)
    assert checks(verify(issued.token))["signature"] == "signature.key_unbound"


def test_a_key_not_in_the_metadata_is_refused(loopback, verify, web_issuer_key):
    issuer_id = f"http://localhost:{loopback.port}/rotated"
    publish_metadata(loopback, "/rotated", issuer_id, [{**public_jwk(web_issuer_key), "kid": "old"}])
    issued = issue_sd_jwt(learning_credential(issuer_id), private_key("P-256", 12),
                          header={"kid": "old"})
    assert checks(verify(issued.token))["signature"] == "signature.invalid"


def test_the_well_known_path_goes_between_host_and_path():
    assert metadata_url(ISSUER) == "https://issuer.example/.well-known/jwt-vc-issuer/tenant/7"
    assert metadata_url("https://issuer.example/") == (
        "https://issuer.example/.well-known/jwt-vc-issuer"
    )
    assert metadata_url("http://issuer.example") is None  # only https, but for loopback tests
    assert metadata_url("https://issuer.example/?q=1") is None


@pytest.fixture
def anchor():
    key = private_key("P-256", 20)
    return key, self_signed_certificate(key, "Test CA")


def verify_with_anchors(token, anchors, now=NOW, trusted=()):
    resolver = KeyResolver(None, x509_anchors=anchors, wall_clock=lambda: now)
    trust = TrustList(TrustedIssuer(id=i, name="Nordiska Textilakademin") for i in trusted)
    return verify_credential(token, now, trust, resolver)


def x5c_token(signer, chain, issuer_id=ISSUER):
    return issue_sd_jwt(learning_credential(issuer_id), signer, header={"x5c": x5c(*chain)}).token


def test_x5c_chained_to_a_configured_anchor_names_the_issuer(anchor):
    ca_key, ca = anchor
    signer = private_key("P-256", 21)
    leaf = leaf_certificate(signer, ca_key, "Test CA", uri=ISSUER)
    result = verify_with_anchors(x5c_token(signer, [leaf]), [ca], trusted=[ISSUER])
    assert result.verdict.value == "verified", result.checks
    assert result.key.method == "x5c" and result.key.issuer_bound
    dns_leaf = leaf_certificate(signer, ca_key, "Test CA", dns="issuer.example")
    assert verify_with_anchors(x5c_token(signer, [dns_leaf]), [ca]).key.issuer_bound


def test_x5c_reaching_no_anchor_is_genuine_but_never_trusted(anchor):
    rogue_key = private_key("P-256", 22)
    rogue = self_signed_certificate(rogue_key, "Rogue CA")
    signer = private_key("P-256", 21)
    leaf = leaf_certificate(signer, rogue_key, "Rogue CA", uri=ISSUER)
    result = verify_with_anchors(x5c_token(signer, [leaf, rogue]), [anchor[1]], trusted=[ISSUER])
    assert result.is_genuine and result.verdict.value == "warning"
    assert checks(result)["issuer"] == "issuer.key_not_bound"
    # With no anchors configured at all, the same.
    assert checks(verify_with_anchors(x5c_token(signer, [leaf]), [], trusted=[ISSUER]))[
        "issuer"] == "issuer.key_not_bound"


def test_an_expired_leaf_certificate_does_not_confirm_the_issuer(anchor):
    ca_key, ca = anchor
    signer = private_key("P-256", 21)
    expired = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    leaf = leaf_certificate(signer, ca_key, "Test CA", uri=ISSUER, not_after=expired)
    result = verify_with_anchors(x5c_token(signer, [leaf]), [ca], trusted=[ISSUER])
    assert result.is_genuine and checks(result)["issuer"] == "issuer.key_not_bound"


def test_an_anchored_certificate_for_someone_else_is_refused(anchor):
    ca_key, ca = anchor
    signer = private_key("P-256", 21)
    leaf = leaf_certificate(signer, ca_key, "Test CA", uri="https://another.example")
    result = verify_with_anchors(x5c_token(signer, [leaf]), [ca])
    assert checks(result)["signature"] == "signature.key_unbound"


def test_a_token_signed_by_another_key_than_the_certificates_is_refused(anchor):
    ca_key, ca = anchor
    leaf = leaf_certificate(private_key("P-256", 21), ca_key, "Test CA", uri=ISSUER)
    result = verify_with_anchors(x5c_token(private_key("P-256", 23), [leaf]), [ca])
    assert checks(result)["signature"] == "signature.invalid"


def test_trust_anchors_load_from_a_pem_file(tmp_path, anchor):
    path = tmp_path / "anchors.pem"
    path.write_bytes(pem(anchor[1], self_signed_certificate(private_key("P-256", 24), "Other")))
    assert len(load_trust_anchors(path)) == 2
    assert load_trust_anchors(None) == []
    (tmp_path / "broken.pem").write_text("not a certificate")
    with pytest.raises(ValueError, match="TRUST_ANCHORS"):
        load_trust_anchors(tmp_path / "broken.pem")


def test_an_https_fetcher_never_fetches_plain_http_metadata(web_issuer_key):
    issuer_id = "http://localhost:9/x"
    resolver = KeyResolver(HttpFetcher(allow_insecure_localhost=False, timeout=1.0))
    issued = issue_sd_jwt(learning_credential(issuer_id), web_issuer_key)
    result = verify_credential(issued.token, NOW, TrustList(), resolver)
    assert checks(result)["signature"] == "resolution.fetch_failed"
