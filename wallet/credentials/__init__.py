"""The credential domain core: parse, verify and issue credentials. No web framework here."""

from .bitstring import decode_status_list
from .bitstring import encode_status_list
from .bitstring import new_bitstring
from .bitstring import read_status
from .bitstring import set_bit
from .bitstring import status_list_credential
from .deadlines import network_budget
from .display import describe_credential
from .errors import CredentialError
from .extract import extract_token
from .fetch import Fetcher
from .fetch import HttpFetcher
from .formats import parse_credential
from .keys import KeyResolver
from .keystore import open_private_key
from .keystore import seal_private_key
from .model import Check
from .model import CheckStatus
from .model import Concern
from .model import Credential
from .model import KeyDetails
from .model import Shape
from .model import TrustedIssuer
from .model import Verdict
from .model import VerificationResult
from .presentation import PresentationCheck
from .presentation import SignedPresentation
from .presentation import check_presentation_claims
from .presentation import holder_binding
from .presentation import open_presentation
from .presentation import presented_form
from .presentation import sign_presentation
from .presentation import verify_presentation
from .receipt import portal_jwks
from .receipt import receipt_body
from .receipt import sign_receipt
from .receipt import verify_receipt
from .recipient import issued_to_address
from .signing import algorithm_for
from .signing import did_jwk
from .signing import did_key
from .signing import generate_private_key
from .signing import issue_credential
from .signing import private_key_from_pem
from .signing import private_key_to_pem
from .signing import public_jwk
from .sd_jwt_keys import load_trust_anchors
from .sd_jwt_presentation import DisclosableClaim
from .sd_jwt_presentation import bind_key
from .sd_jwt_presentation import bound_to
from .sd_jwt_presentation import check_key_binding
from .sd_jwt_presentation import disclosable_claims
from .sd_jwt_presentation import present_sd_jwt
from .sd_jwt_presentation import select_disclosures
from .signing import sign_jws
from .status import StatusListChecker
from .trust import TrustList
from .verify import StatusChecker
from .verify import recheck_credential
from .verify import unchecked_status
from .verify import verify_credential
from .verify import worst_verdict

__all__ = [
    "Check",
    "CheckStatus",
    "Concern",
    "Credential",
    "CredentialError",
    "Fetcher",
    "HttpFetcher",
    "KeyDetails",
    "KeyResolver",
    "PresentationCheck",
    "SignedPresentation",
    "Shape",
    "StatusChecker",
    "StatusListChecker",
    "TrustList",
    "TrustedIssuer",
    "VerificationResult",
    "Verdict",
    "DisclosableClaim",
    "algorithm_for",
    "bind_key",
    "bound_to",
    "check_key_binding",
    "check_presentation_claims",
    "decode_status_list",
    "describe_credential",
    "encode_status_list",
    "did_jwk",
    "disclosable_claims",
    "did_key",
    "extract_token",
    "generate_private_key",
    "holder_binding",
    "issued_to_address",
    "issue_credential",
    "load_trust_anchors",
    "network_budget",
    "new_bitstring",
    "open_presentation",
    "presented_form",
    "open_private_key",
    "parse_credential",
    "portal_jwks",
    "present_sd_jwt",
    "private_key_from_pem",
    "private_key_to_pem",
    "public_jwk",
    "read_status",
    "receipt_body",
    "seal_private_key",
    "select_disclosures",
    "set_bit",
    "sign_jws",
    "sign_presentation",
    "sign_receipt",
    "status_list_credential",
    "unchecked_status",
    "verify_credential",
    "recheck_credential",
    "worst_verdict",
    "verify_presentation",
    "verify_receipt",
]
