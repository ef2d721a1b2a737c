"""OpenID for Verifiable Credential Issuance 1.0, the wallet's side, pre-authorized code flow.

``read_offer`` parses what the learner followed or pasted; ``fetch_issuer_metadata`` and
``choose_configuration`` are all the confirmation page needs; ``receive_credentials`` runs the
token, nonce and credential requests once the learner confirmed. Every refusal is a
CredentialError with an ``offer.*`` code (or ``resolution.fetch_failed`` for the network).
"""

from .metadata import FORMATS_WE_VERIFY
from .metadata import IssuerMetadata
from .metadata import Offered
from .metadata import choose_configuration
from .metadata import fetch_issuer_metadata
from .offer import CredentialOffer
from .offer import TxCode
from .offer import looks_like_offer
from .offer import read_offer
from .receive import Holder
from .receive import receive_credentials

__all__ = [
    "FORMATS_WE_VERIFY",
    "CredentialOffer",
    "Holder",
    "IssuerMetadata",
    "Offered",
    "TxCode",
    "choose_configuration",
    "fetch_issuer_metadata",
    "looks_like_offer",
    "read_offer",
    "receive_credentials",
]
