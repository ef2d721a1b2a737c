from __future__ import annotations

import pytest
from support.issuers import LoopbackServer
from support.issuers import did_jwk_issuer
from support.node_vci_issuer import NodeVciIssuer
from support.sd_jwt import EXPIRES_AT
from support.sd_jwt import ISSUED_AT
from support.sd_jwt import LEARNING_CREDENTIAL

# What the independent (node) issuer states in the SD-JWT VCs it issues.
NODE_CLAIMS = {"vct": LEARNING_CREDENTIAL, "iat": ISSUED_AT, "exp": EXPIRES_AT,
               "achievement_title": "Reparationssömnad", "issuing_country": "SE",
               "given_name": "Anna", "family_name": "Andersson"}


@pytest.fixture
def files():
    """Canned documents on 127.0.0.1 (offers by reference, logos): ``files.serve(path, body)``."""
    server = LoopbackServer()
    yield server
    server.close()


@pytest.fixture(scope="module")
def node_issuer():
    """The independent OpenID4VCI issuer (``support.node_vci_issuer``), one per test module."""
    issuer = NodeVciIssuer(did_jwk_issuer("P-256", 2), NODE_CLAIMS)
    yield issuer
    issuer.close()
