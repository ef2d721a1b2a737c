"""ES256K (secp256k1) and ES512 (P-521): tokens signed by jwcrypto and joserfc, not by us,
verify with our core through did:jwk and did:key; a key of one curve never passes for another."""

from __future__ import annotations

import json

import pytest
from joserfc import jwk as joserfc_jwk
from joserfc import jws as joserfc_jws
from jwcrypto import jwk as jwcrypto_jwk
from jwcrypto import jws as jwcrypto_jws
from support.issuers import achievement_credential
from support.issuers import split_token

from wallet.credentials import Concern
from wallet.credentials.did import did_jwk_for
from wallet.credentials.did import did_key_for
from wallet.credentials.jose import b64url_encode
from wallet.credentials.jose import key_from_jwk

CURVES = [("secp256k1", "ES256K"), ("P-521", "ES512")]


def jwcrypto_token(curve: str, algorithm: str, did_of) -> str:
    key = jwcrypto_jwk.JWK.generate(kty="EC", crv=curve)
    did = did_of(key_from_jwk(json.loads(key.export_public())))
    header = {"alg": algorithm, "typ": "vc+jwt", "kid": f"{did}#{_fragment(did)}"}
    signed = jwcrypto_jws.JWS(json.dumps(achievement_credential(did)).encode())
    signed.add_signature(key, alg=algorithm, protected=json.dumps(header))
    return signed.serialize(compact=True)


def joserfc_token(curve: str, algorithm: str, did_of) -> str:
    key = joserfc_jwk.ECKey.generate_key(curve)
    did = did_of(key_from_jwk(key.as_dict(private=False)))
    header = {"alg": algorithm, "typ": "vc+jwt", "kid": f"{did}#{_fragment(did)}"}
    payload = json.dumps(achievement_credential(did)).encode()
    return joserfc_jws.serialize_compact(header, payload, key, algorithms=[algorithm])


def _fragment(did: str) -> str:
    return "0" if did.startswith("did:jwk:") else did.removeprefix("did:key:")


@pytest.mark.parametrize("sign", [jwcrypto_token, joserfc_token])
@pytest.mark.parametrize("did_of", [did_jwk_for, did_key_for])
@pytest.mark.parametrize("curve, algorithm", CURVES)
def test_independently_signed_tokens_verify(verify, sign, did_of, curve, algorithm):
    result = verify(sign(curve, algorithm, did_of))
    assert result.is_genuine, result.checks
    assert result.key.algorithm == algorithm


@pytest.mark.parametrize("curve, algorithm", CURVES)
def test_a_changed_payload_fails(verify, curve, algorithm):
    token = jwcrypto_token(curve, algorithm, did_jwk_for)
    header, _, signature = token.split(".")
    changed = {**split_token(token)[1], "name": "Heta arbeten"}
    forged = f"{header}.{b64url_encode(json.dumps(changed).encode())}.{signature}"
    assert verify(forged).check(Concern.SIGNATURE).code == "signature.invalid"


@pytest.mark.parametrize("claimed", ["ES256", "ES384", "ES512"])
def test_the_curve_decides_the_algorithm(verify, claimed):
    token = jwcrypto_token("secp256k1", "ES256K", did_jwk_for)
    header, _ = split_token(token)
    swapped = json.dumps({**header, "alg": claimed}).encode()
    forged = ".".join([b64url_encode(swapped), *token.split(".")[1:]])
    assert verify(forged).check(Concern.SIGNATURE).code == "signature.alg_refused"
