"""The pre-authorized code flow once the learner confirmed: the code (and the transaction code
the issuer sent another way) for a token, then what ``receive`` does with any token.

A refused grant becomes a code the learner can act on: a wrong transaction code
(``offer.tx_code_wrong``), a code used or expired (``offer.code_expired``).
"""

from __future__ import annotations

import datetime
from typing import Any

from ..errors import CredentialError
from .metadata import IssuerMetadata
from .metadata import Offered
from .metadata import token_endpoint
from .offer import PRE_AUTHORIZED_GRANT
from .offer import CredentialOffer
from .proof import Holder
from .receive import Deferred
from .receive import Poster
from .receive import receive_with_token
from .receive import request_token


def receive_credentials(
    offer: CredentialOffer,
    metadata: IssuerMetadata,
    offered: Offered,
    holder: Holder,
    *,
    tx_code: str | None,
    http: Poster,
    now: datetime.datetime,
) -> list[str] | Deferred:
    """The credentials the issuer sends for ``offered``, as text ready for import, or the
    transaction to ask about again when the issuer sends them later."""
    if offer.tx_code is not None and not (tx_code or "").strip():
        raise CredentialError("offer.tx_code_missing")
    form = {"grant_type": PRE_AUTHORIZED_GRANT, "pre-authorized_code": offer.pre_authorized_code}
    if offer.tx_code is not None:
        form["tx_code"] = (tx_code or "").strip()
    url = token_endpoint(offer, metadata, http)
    access = request_token(url, form, http, lambda document: _invalid_grant_code(offer, document))
    return receive_with_token(metadata, offered, holder, access, http=http, now=now)


def _invalid_grant_code(offer: CredentialOffer, document: dict[str, Any]) -> str:
    """What an invalid_grant means: the spec uses it for a wrong transaction code and for a
    used or expired code alike, so the description decides, and an issuer that says nothing
    clear gets the message that names both."""
    if offer.tx_code is None:
        return "offer.code_expired"
    description = str(document.get("error_description", "")).lower()
    if any(word in description for word in ("tx_code", "transaction code", "pin")):
        return "offer.tx_code_wrong"
    if any(word in description for word in ("expired", "used", "unknown", "not found")):
        return "offer.code_expired"
    return "offer.tx_code_or_expired"
