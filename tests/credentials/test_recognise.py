"""What we cannot read is named for what it is: COSE, a Europass seal, a JWS in JSON, a
presentation, a DID method or an algorithm we do not check; never "no credential"."""

from __future__ import annotations

import base64
import dataclasses
import json

import pytest
from support.issuers import did_key_issuer
from support.issuers import forge_token
from support.issuers import split_token

from wallet.credentials import Concern
from wallet.credentials import CredentialError
from wallet.credentials import extract_token
from wallet.credentials.jose import b64url_encode

# A COSE_Sign1 built by hand (RFC 9052): tag 18, [protected {1: -7}, {}, payload, signature].
PROTECTED = bytes([0x43, 0xA1, 0x01, 0x26])
COSE_SIGN1 = bytes([0xD2, 0x84]) + PROTECTED + bytes([0xA0, 0x44]) + b"{}{}" + bytes([0x42, 1, 2])
UNTAGGED = COSE_SIGN1[1:]


def refusal(data: bytes, filename: str | None = None) -> CredentialError:
    with pytest.raises(CredentialError) as raised:
        extract_token(data, filename)
    return raised.value


class TestCose:
    @pytest.mark.parametrize(
        "text",
        [
            base64.b64encode(COSE_SIGN1).decode(),
            b64url_encode(COSE_SIGN1),
            COSE_SIGN1.hex(),
            b64url_encode(UNTAGGED),
            "data:application/vc+cose;base64," + base64.b64encode(COSE_SIGN1).decode(),
        ],
    )
    def test_pasted_cose_is_named(self, text):
        assert refusal(text.encode()).code == "format.unsupported_cose"

    def test_a_cose_file_is_named(self):
        assert refusal(COSE_SIGN1, "credential.cose").code == "format.unsupported_cose"

    def test_other_base64_is_still_no_credential(self):
        text = base64.b64encode(b"just some text, not a credential").decode()
        assert refusal(text.encode()).code == "input.not_a_credential"


def jws_json(payload: dict, header: dict) -> bytes:
    protected = b64url_encode(json.dumps(header).encode())
    signature = {"protected": protected, "signature": "c2ln"}
    return json.dumps({"payload": json.dumps(payload), "signatures": [signature]}).encode()


class TestJsonSignatures:
    def test_a_europass_credential_sealed_with_jades(self):
        payload = {
            "@context": ["http://data.europa.eu/snb/model/context/edc-ap"],
            "type": ["VerifiableCredential"],
        }
        header = {"alg": "RS256", "x5c": ["MIIB"], "sigT": "2025-09-11T08:14:00Z"}
        assert refusal(jws_json(payload, header)).code == "format.unsupported_europass"

    @pytest.mark.parametrize(
        "header, jades",
        [({"alg": "ES256", "sigT": "2025-01-01T00:00:00Z"}, True), ({"alg": "ES256"}, False)],
    )
    def test_a_jws_in_json_form(self, header, jades):
        error = refusal(jws_json({"@context": ["https://www.w3.org/ns/credentials/v2"]}, header))
        assert (error.code, error.params) == ("format.unsupported_json_jws", {"jades": jades})

    def test_a_presentation_is_named(self):
        presentation = {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiablePresentation"],
        }
        assert refusal(json.dumps(presentation).encode()).code == "format.presentation"


class TestKeysWeCannotCheck:
    def test_a_did_method_we_cannot_resolve_is_named(self, verify, issuer):
        web = dataclasses.replace(issuer, did="did:web:kompetens.skelleftea.se")
        token = web.issue(kid="did:velocity:v2:0x4ade3a40a6:8984#key-1")
        check = verify(token).check(Concern.SIGNATURE)
        assert (check.code, check.params) == (
            "signature.unknown_did_method",
            {"method": "did:velocity"},
        )

    @pytest.mark.parametrize("algorithm", ["PS384", "ES256K1", "EdDSA448"])
    def test_an_algorithm_we_do_not_check_is_unsupported_not_unsafe(
        self, verify, issuer, algorithm
    ):
        header, payload = split_token(issuer.issue())
        token = forge_token({**header, "alg": algorithm}, payload, signature=b"\x01" * 64)
        check = verify(token).check(Concern.SIGNATURE)
        assert (check.code, check.params) == ("signature.unsupported_algorithm", {"alg": algorithm})

    @pytest.mark.parametrize("algorithm", ["none", "HS512", "hs256"])
    def test_no_signature_or_a_shared_secret_is_unsafe(self, verify, issuer, algorithm):
        header, payload = split_token(issuer.issue())
        token = forge_token({**header, "alg": algorithm}, payload, signature=b"\x01" * 32)
        assert verify(token).check(Concern.SIGNATURE).code == "signature.alg_refused"


@pytest.fixture
def issuer():
    return did_key_issuer()
