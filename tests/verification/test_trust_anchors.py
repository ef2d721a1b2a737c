"""TRUST_ANCHORS: the CA certificates that confirm SD-JWT VC issuers reach the key resolver."""

from __future__ import annotations

import pytest
from support.issuers import private_key
from support.sd_jwt import pem
from support.sd_jwt import self_signed_certificate


def test_the_configured_anchors_confirm_x5c_issuers(make_app, tmp_path):
    anchor = self_signed_certificate(private_key("P-256", 20), "Test CA")
    path = tmp_path / "anchors.pem"
    path.write_bytes(pem(anchor))
    app = make_app(TRUST_ANCHORS=str(path))
    assert app.extensions["wallet.resolver"].x509_anchors == (anchor,)
    assert make_app().extensions["wallet.resolver"].x509_anchors == ()


def test_an_unreadable_anchor_file_stops_the_start(make_app, tmp_path):
    (tmp_path / "anchors.pem").write_text("not a certificate")
    with pytest.raises(ValueError, match="TRUST_ANCHORS"):
        make_app(TRUST_ANCHORS=str(tmp_path / "anchors.pem"))
