"""OpenID for Verifiable Credential Issuance 1.0, the wallet's side: pre-authorized code flow
and authorization code flow.

``read_offer`` parses what the learner followed or pasted; ``fetch_issuer_metadata`` and
``choose_configuration`` are all the confirmation page needs; ``receive_credentials`` runs the
token, nonce and credential requests once the learner confirmed, and answers the credentials
or a ``Deferred`` transaction that ``collect_deferred`` asks about later. An offer by
authorization code sends the learner to the issuer first (``start_authorization``), and
``receive_by_authorization_code`` goes on when they are back. Every refusal is a
CredentialError with an ``offer.*`` code (or ``resolution.fetch_failed`` for the network).
"""

from .authorization import PendingAuthorization
from .authorization import WalletClient
from .authorization import authorization_code_in
from .authorization import receive_by_authorization_code
from .authorization import start_authorization
from .deferred import collect_deferred
from .metadata import FORMATS_WE_VERIFY
from .metadata import IssuerMetadata
from .metadata import Offered
from .metadata import choose_configuration
from .metadata import fetch_issuer_metadata
from .offer import CredentialOffer
from .offer import TxCode
from .offer import looks_like_offer
from .offer import read_offer
from .pre_authorized import receive_credentials
from .proof import Holder
from .receive import Deferred

__all__ = [
    "FORMATS_WE_VERIFY",
    "CredentialOffer",
    "Deferred",
    "Holder",
    "IssuerMetadata",
    "Offered",
    "PendingAuthorization",
    "TxCode",
    "WalletClient",
    "authorization_code_in",
    "choose_configuration",
    "collect_deferred",
    "fetch_issuer_metadata",
    "looks_like_offer",
    "read_offer",
    "receive_by_authorization_code",
    "receive_credentials",
    "start_authorization",
]
