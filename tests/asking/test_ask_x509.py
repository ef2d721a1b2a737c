"""/ask as an ``x509_san_dns:`` client: where a certificate for the portal key is configured,
the request names the site's host and carries the chain (x5c) instead of the portal's DID."""

from __future__ import annotations

import pytest
from asking_helpers import RequestObject
from asking_helpers import ask
from support.issuers import did_jwk_issuer
from support.sd_jwt import leaf_certificate
from support.sd_jwt import pem
from support.sd_jwt import self_signed_certificate
from support.sd_jwt import x5c

from wallet.credentials import jose
from wallet.portal.receipts import portal_key


@pytest.mark.app_config(WALLET_BASE_URL="https://portal.example")
def test_a_configured_certificate_makes_the_portal_an_x509_san_dns_client(
    app, client, csrf_token, tmp_path
):
    root = did_jwk_issuer("P-256", slot=9).key
    with app.app_context():
        leaf = leaf_certificate(portal_key()[0], root, "Test CA", dns="portal.example")
    chain = (leaf, self_signed_certificate(root, "Test CA"))
    (tmp_path / "portal-chain.pem").write_bytes(pem(*chain))
    app.config["PORTAL_CERTIFICATE_PATH"] = str(tmp_path / "portal-chain.pem")
    request = RequestObject.fetch(client, ask(client, csrf_token))
    assert request.claims["client_id"] == "x509_san_dns:portal.example"
    assert request.header["x5c"] == x5c(*chain) and "kid" not in request.header
    assert "client_id=x509_san_dns%3Aportal.example" in request.link
    public_key = leaf.public_key()
    jose.verify_signature(request.token, public_key, "ES256")
