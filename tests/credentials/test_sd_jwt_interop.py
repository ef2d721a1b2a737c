"""SD-JWT VC with independent implementations, both ways: the TypeScript reference libraries
(@sd-jwt/sd-jwt-vc, @sd-jwt/crypto-nodejs, @sd-jwt/jwt-status-list, run by node) and the
Python reference implementation (PyPI ``sd-jwt``)."""

from __future__ import annotations

import json
import pathlib
import shutil
import subprocess

import pytest
from jwcrypto.jwk import JWK
from jwt.algorithms import ECAlgorithm
from sd_jwt.common import SDObj
from sd_jwt.issuer import SDJWTIssuer
from sd_jwt.verifier import SDJWTVerifier
from support.issuers import NOW
from support.issuers import did_jwk_issuer
from support.issuers import private_key
from support.sd_jwt import LEARNING_CREDENTIAL
from support.sd_jwt import issue_sd_jwt
from support.sd_jwt import learning_credential

from wallet.credentials import HttpFetcher
from wallet.credentials import StatusListChecker
from wallet.credentials import public_jwk
from wallet.credentials.sd_jwt_presentation import present_sd_jwt

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "support" / "node" / "sd_jwt_vc.mjs"
AUDIENCE = "https://kompetenspass.example/v/xyz"
NONCE = "4f2b9c1e"


def node(request: dict) -> dict:
    if shutil.which("node") is None:
        pytest.fail("node is not installed: these tests need Node.js")
    if not (ROOT / "node_modules" / "@sd-jwt" / "sd-jwt-vc").is_dir():
        pytest.fail("node_modules lacks @sd-jwt/sd-jwt-vc: run `npm ci` (make test does)")
    done = subprocess.run(["node", str(SCRIPT)], input=json.dumps(request), capture_output=True,
                          text=True, cwd=ROOT, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def issuer():
    return did_jwk_issuer("P-256", 2)


@pytest.fixture
def holder():
    return private_key("P-256", 42)


def private_jwk(key) -> dict:
    return ECAlgorithm.to_jwk(key, as_dict=True)


def test_a_credential_issued_by_the_typescript_library_verifies_here(
    issuer, holder, loopback, resolver, verify
):
    uri = f"http://localhost:{loopback.port}/ts/status/1"
    payload = {
        "iss": issuer.did, "vct": LEARNING_CREDENTIAL, "iat": 1736931600, "exp": 1894698000,
        "achievement_title": "Reparationssömnad", "issuing_country": "SE",
        "given_name": "Anna", "family_name": "Andersson",
        "learning_outcomes": ["Byta blixtlås", "Laga revor"],
        "cnf": {"jwk": public_jwk(holder)},
        "status": {"status_list": {"idx": 3, "uri": uri}},
    }
    frame = {"_sd": ["given_name", "family_name", "learning_outcomes"],
             "learning_outcomes": {"_sd": [0, 1]}}
    issued = node({"action": "issue", "issuer_jwk": private_jwk(issuer.key), "kid": issuer.kid,
                   "payload": payload, "frame": frame,
                   "status_list": {"uri": uri, "bits": 2, "statuses": {"3": 2}}})
    loopback.serve("/ts/status/1", issued["status_list_token"].encode())
    checker = StatusListChecker(HttpFetcher(allow_insecure_localhost=True), resolver)
    result = verify(issued["token"], trusted=[issuer.did], status_checker=checker)
    assert result.is_genuine, result.checks
    assert result.credential.document["learning_outcomes"] == ["Byta blixtlås", "Laga revor"]
    assert result.credential.document["given_name"] == "Anna"
    assert result.checks[-1].code == "status.suspended"  # idx 3 holds 2 in a 2-bit list


def our_presentation(issuer, holder, names):
    issued = issue_sd_jwt(learning_credential(issuer.did, holder=holder), issuer.key,
                          header={"kid": issuer.kid})
    return present_sd_jwt(issued.token, names, holder, audience=AUDIENCE, nonce=NONCE, now=NOW)


def node_verifies(issuer, token, nonce=NONCE):
    return node({"action": "verify", "issuer_jwk": public_jwk(issuer.key), "token": token,
                 "nonce": nonce, "now": int(NOW.timestamp())})


def test_our_presentation_verifies_with_the_typescript_verifier(issuer, holder):
    token = our_presentation(issuer, holder, ["family_name", "learning_outcomes"])
    answer = node_verifies(issuer, token)
    assert answer["ok"], answer
    assert answer["payload"]["family_name"] == "Andersson"
    assert answer["payload"]["learning_outcomes"] == ["Byta blixtlås", "Laga revor med maskin"]
    assert "given_name" not in answer["payload"]
    assert (answer["kb"]["aud"], answer["kb"]["nonce"]) == (AUDIENCE, NONCE)
    assert not node_verifies(issuer, token, nonce="another")["ok"]
    issuer_jwt, *_, key_binding = token.split("~")
    stolen = issue_sd_jwt(learning_credential(issuer.did, holder=holder), issuer.key,
                          header={"kid": issuer.kid}).disclosure_named("given_name")
    assert not node_verifies(issuer, f"{issuer_jwt}~{stolen}~{key_binding}")["ok"]


def test_the_python_reference_implementation_both_ways(issuer, holder, verify):
    issuer_jwk = JWK.from_json(json.dumps(private_jwk(issuer.key)))
    claims = {"iss": issuer.did, "vct": LEARNING_CREDENTIAL, "iat": 1736931600,
              "achievement_title": "Heta arbeten", SDObj("given_name"): "Anna",
              "learning_outcomes": [SDObj("Brandvakt"), "Släckning"]}
    theirs = SDJWTIssuer(claims, issuer_jwk, extra_header_parameters={
        "typ": "dc+sd-jwt", "kid": issuer.kid}).sd_jwt_issuance
    result = verify(theirs)
    assert result.is_genuine, result.checks
    assert result.credential.document["learning_outcomes"] == ["Brandvakt", "Släckning"]

    token = our_presentation(issuer, holder, ["given_name"])
    issuer_public = JWK.from_json(json.dumps(public_jwk(issuer.key)))
    verifier = SDJWTVerifier(token, lambda iss, header: issuer_public,
                             expected_aud=AUDIENCE, expected_nonce=NONCE)
    assert verifier.get_verified_payload()["given_name"] == "Anna"
