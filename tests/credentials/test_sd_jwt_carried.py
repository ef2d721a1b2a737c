"""An SD-JWT comes out whole wherever a learner brings it from, and travels whole in a share."""

from __future__ import annotations

import datetime
import json

import jwt
import pytest
from support.issuers import NOW
from support.issuers import did_key_issuer
from support.issuers import private_key
from support.sd_jwt import bound_learning_credential
from support.sd_jwt import issue_sd_jwt
from support.sd_jwt import learning_credential

from wallet.credentials import CredentialError
from wallet.credentials import did_key
from wallet.credentials import extract_token
from wallet.credentials import sign_presentation
from wallet.credentials import verify_presentation
from wallet.credentials.sd_jwt_presentation import present_sd_jwt


@pytest.fixture
def holder():
    return private_key("Ed25519", 40)


@pytest.fixture
def sd_jwt(holder):
    return bound_learning_credential(holder).token


@pytest.fixture
def with_key_binding(sd_jwt, holder):
    return present_sd_jwt(sd_jwt, ["given_name"], holder, audience="https://a.example",
                          nonce="n", now=NOW)


def wrapped(token: str, width: int = 76) -> str:
    return "\n".join(token[i : i + width] for i in range(0, len(token), width))


@pytest.mark.parametrize(
    "carrier",
    [
        lambda t: t,
        lambda t: f"  {t}\n",
        lambda t: f"Hej Anna! Här är ditt intyg:\n\n{t}\n\nVänliga hälsningar\nNTA",
        lambda t: f"Hej Anna! Här är ditt intyg:\n{wrapped(t)}\n\nHälsningar",
        lambda t: json.dumps({"credential": t, "c_nonce": "x"}),
        lambda t: json.dumps({"type": "EnvelopedVerifiableCredential",
                              "id": f"data:application/dc+sd-jwt,{t}"}),
    ],
)
def test_an_sd_jwt_comes_out_whole(sd_jwt, with_key_binding, carrier):
    for token in (sd_jwt, with_key_binding):
        assert extract_token(carrier(token).encode()) == token


def test_an_sd_jwt_beside_another_credential_is_two_credentials(sd_jwt):
    issuer = did_key_issuer("Ed25519")
    other = issue_sd_jwt(learning_credential(issuer.did), issuer.key, header={"kid": issuer.kid})
    with pytest.raises(CredentialError) as caught:
        extract_token(f"Två intyg:\n{sd_jwt}\noch\n{other.token}\n".encode())
    assert caught.value.params == {"count": 2}


def test_a_share_carries_an_sd_jwt_enveloped_and_gives_it_back_whole(sd_jwt, resolver):
    learner_key = private_key("Ed25519", 41)
    learner = did_key(learner_key.public_key())
    presentation = sign_presentation(
        [sd_jwt], learner_key, holder_did=learner, audience="https://k.example/v/1",
        nonce="abc", expires_at=NOW + datetime.timedelta(days=1), now=NOW,
    )
    carried = jwt.decode(presentation, options={"verify_signature": False})
    assert carried["vp"]["verifiableCredential"] == [
        {"type": "EnvelopedVerifiableCredential", "id": f"data:application/dc+sd-jwt,{sd_jwt}"}
    ]
    check = verify_presentation(presentation, audience="https://k.example/v/1", nonce="abc",
                                now=NOW, resolver=resolver)
    assert check.valid and check.tokens == (sd_jwt,)
