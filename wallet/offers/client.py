"""The wallet as an OAuth client of the issuers' authorization servers: no secret, no
registration. Its client id is the address of its own metadata document (a "client ID metadata
document"), which names the one redirect URI the learner comes back to and the address an
issuer's "add to wallet" button can open an offer at."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from wallet.credentials.openid4vci import WalletClient
from wallet.credentials.openid4vci.offer import AUTHORIZATION_CODE_GRANT
from wallet.credentials.openid4vci.offer import PRE_AUTHORIZED_GRANT
from wallet.platform.addresses import absolute_url


def wallet_client() -> WalletClient:
    return WalletClient(
        client_id=absolute_url("offer_client.client_metadata"),
        redirect_uri=absolute_url("offers.callback"),
    )


def client_metadata() -> dict[str, Any]:
    client = wallet_client()
    return {
        "client_id": client.client_id,
        "client_name": _("Kompetenspass"),
        "redirect_uris": [client.redirect_uri],
        "credential_offer_endpoint": absolute_url("offers.confirm_page"),
        "token_endpoint_auth_method": "none",
        "grant_types": [AUTHORIZATION_CODE_GRANT, PRE_AUTHORIZED_GRANT],
        "response_types": ["code"],
    }
