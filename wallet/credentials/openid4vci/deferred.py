"""Deferred issuance (OpenID4VCI 1.0 section 9): asking once more for a credential the issuer
said it would send later.

``collect_deferred`` makes one request, never a loop: the learner decides when to ask again,
and the caller keeps the interval the issuer named. The answer is the credentials, the same
transaction still pending (with the issuer's new interval), or a refusal: the issuer no
longer knows the transaction (``offer.transaction_gone``) or refused otherwise (``offer.refused``).
"""

from __future__ import annotations

from ..errors import CredentialError
from .receive import Deferred
from .receive import Poster
from .receive import read_credential_response

# The issuer no longer knows the transaction (section 9.3): asking again will never help.
_GONE = frozenset({"invalid_transaction_id"})


def collect_deferred(deferred: Deferred, http: Poster) -> list[str] | Deferred:
    """The credentials if the issuer is ready, else ``deferred`` with the interval it names."""
    answer = http.post(
        deferred.endpoint,
        json_body={"transaction_id": deferred.transaction_id},
        headers={"Authorization": f"Bearer {deferred.access_token}"},
    )
    try:
        return read_credential_response(answer, deferred.endpoint, deferred)
    except CredentialError as problem:
        if problem.code == "offer.refused" and problem.params.get("error") in _GONE:
            raise CredentialError("offer.transaction_gone") from problem
        raise
