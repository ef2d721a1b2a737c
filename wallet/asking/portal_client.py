"""How the portal names itself to a wallet (its client identifier) and signs its requests.

The portal signs with its own key, the one that signs receipts (``portal.receipts``). Without a
certificate it is ``decentralized_identifier:`` with that key's did:jwk, which any wallet
resolves from the DID itself; with ``PORTAL_CERTIFICATE_PATH`` (a PEM chain for the portal key,
the certificate naming the site's host first) it is ``x509_san_dns:`` with the site's host.
"""

from __future__ import annotations

import base64
import pathlib
import urllib.parse

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from flask import current_app

from wallet.credentials import did_jwk
from wallet.credentials.openid4vp.ask import VerifierRequest
from wallet.credentials.openid4vp.ask import did_client_id
from wallet.credentials.openid4vp.ask import sign_request_object
from wallet.credentials.openid4vp.ask import x509_client_id
from wallet.platform.addresses import base_url
from wallet.portal.receipts import portal_key

# The name wallets show beside the portal's DID: a product name, the same in every language.
PORTAL_NAME = "Kompetenspass"


def portal_did() -> str:
    """The portal's DID: the did:jwk of its signing key."""
    return did_jwk(portal_key()[0].public_key())


def client_id() -> str:
    """The portal's client identifier, with its prefix."""
    if certificate_chain():
        return x509_client_id(urllib.parse.urlsplit(base_url()).hostname or "")
    return did_client_id(portal_did())


def signed_request_object(request: VerifierRequest) -> str:
    """The request object a wallet fetches at ``request_uri``, signed with the portal key."""
    chain = certificate_chain()
    if chain:
        return sign_request_object(request, portal_key()[0], x5c=chain, client_name=PORTAL_NAME)
    return sign_request_object(
        request, portal_key()[0], kid=f"{portal_did()}#0", client_name=PORTAL_NAME
    )


def certificate_chain() -> list[str]:
    """The configured certificate chain as ``x5c`` (base64 DER), or none."""
    path = current_app.config.get("PORTAL_CERTIFICATE_PATH")
    if not path:
        return []
    certificates = x509.load_pem_x509_certificates(pathlib.Path(path).read_bytes())
    return [base64.b64encode(c.public_bytes(Encoding.DER)).decode() for c in certificates]
