"""OpenID for Verifiable Presentations 1.0 with DCQL.

The holder's side: ``read_request`` reads and checks a verifier's authorization request (every
refusal a CredentialError with a ``present.*`` code, listed in ``request`` and ``response``);
``candidate_from`` turns stored credentials into DCQL candidates, ``match`` says which answer
the request's query and which claims they would disclose; ``build_response`` makes the
``vp_token`` of what the learner chose, ``submission`` / ``declined`` how it travels, ``send``
delivers a POSTed answer and returns where the verifier sends the learner next.
"""

from .candidates import Candidate
from .candidates import candidate_from
from .dcql import ClaimQuery
from .dcql import CredentialQuery
from .dcql import CredentialSet
from .dcql import DcqlQuery
from .dcql import MatchResult
from .dcql import QueryMatch
from .dcql import Selection
from .dcql import SetMatch
from .dcql import match
from .dcql import parse_query
from .dcql import satisfied_by
from .request import AuthorizationRequest
from .request import looks_like_request
from .request import read_request
from .request_object import REQUEST_OBJECT_MEDIA_TYPE
from .response import Submission
from .response import build_response
from .response import declined
from .response import next_address
from .response import send
from .response import submission
from .verifier_identity import Verifier

__all__ = [
    "REQUEST_OBJECT_MEDIA_TYPE",
    "AuthorizationRequest",
    "Candidate",
    "ClaimQuery",
    "CredentialQuery",
    "CredentialSet",
    "DcqlQuery",
    "MatchResult",
    "QueryMatch",
    "Selection",
    "SetMatch",
    "Submission",
    "Verifier",
    "build_response",
    "candidate_from",
    "declined",
    "looks_like_request",
    "match",
    "next_address",
    "parse_query",
    "read_request",
    "satisfied_by",
    "send",
    "submission",
]

# The verifier's side (the portal's /ask): the request it signs, the answer it reads.
from .answer import Answer  # noqa: E402
from .answer import PresentedCredential  # noqa: E402
from .answer import read_answer  # noqa: E402
from .ask import VerifierRequest  # noqa: E402
from .ask import did_client_id  # noqa: E402
from .ask import new_request  # noqa: E402
from .ask import request_link  # noqa: E402
from .ask import sign_request_object  # noqa: E402
from .ask import x509_client_id  # noqa: E402
from .ask_queries import KINDS  # noqa: E402
from .ask_queries import ask_for  # noqa: E402

__all__ += [
    "KINDS",
    "Answer",
    "PresentedCredential",
    "VerifierRequest",
    "ask_for",
    "did_client_id",
    "new_request",
    "read_answer",
    "request_link",
    "sign_request_object",
    "x509_client_id",
]
