"""Interoperability: an independent OpenID4VCI 1.0 wallet (Animo's @openid4vc/openid4vci and
@openid4vc/oauth2 from npm, run by Node.js) receives credentials from our issuer over real HTTP
on 127.0.0.1: the offer by reference (fetched from our issuer) or by value, token with the
transaction code, nonce, a proof by its own key."""

from __future__ import annotations

import json

import pytest
from support.data_integrity import run_node
from support.live import serving
from support.vci import offer_lines

from wallet.credentials import did_jwk
from wallet.credentials import parse_credential
from wallet.credentials import public_jwk
from wallet.credentials.jose import key_from_jwk
from wallet.verification import verifier

SLUG = "nordiska-textilakademin"


@pytest.fixture
def served(vci_app):
    """Our app on a free loopback port, its base address what its metadata names."""
    with serving(vci_app) as base_url:
        vci_app.config["WALLET_BASE_URL"] = base_url
        yield vci_app


@pytest.mark.parametrize(
    ("configuration_id", "expected_format", "options"),
    [
        ("OpenBadgeCredential_jwt", "jwt_vc_json", ()),
        ("LearningCredential_sd_jwt", "dc+sd-jwt", ()),
        ("OpenBadgeCredential_ldp", "ldp_vc", ()),
        ("OpenBadgeCredential_jwt", "jwt_vc_json", ("--by-value",)),
    ],
)
def test_an_independent_wallet_receives_a_credential_bound_to_its_own_key(
    served, configuration_id, expected_format, options
):
    link, tx_code = offer_lines(
        served, SLUG, "--tx-code", "--configuration", configuration_id, *options
    )
    by_reference = "--by-value" not in options
    assert ("credential_offer_uri=" in link) is by_reference
    answer = run_node("openid4vci_wallet.mjs", {"offer": link, "tx_code": tx_code})
    assert answer["format"] == expected_format
    (issued,) = answer["credentials"]
    holder = key_from_jwk(answer["holder_jwk"])
    raw = json.dumps(issued) if isinstance(issued, dict) else issued
    credential = parse_credential(raw)
    if expected_format == "dc+sd-jwt":
        assert credential.claims["cnf"] == {"jwk": public_jwk(holder)}
    else:
        assert credential.subject_id == did_jwk(holder)
    with served.test_request_context():
        outcome = verifier.verify(raw)
    assert outcome.verdict == "verified", outcome.checks
