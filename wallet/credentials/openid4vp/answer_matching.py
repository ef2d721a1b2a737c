"""Is a presented credential what the portal asked for? One ``request`` check says.

A wallet may answer with something other than what was asked (another format, type or issuer),
or leave out a claim the employer wanted to see. The credential may still be genuine, so this is
a failed check shown beside the others, never a reason to call the credential forged. The
credential is read as DCQL reads it on the wallet's side (``candidates``, ``dcql``).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..model import Check
from ..model import CheckStatus
from ..model import Concern
from .candidates import candidate_from
from .dcql import CredentialQuery
from .dcql import select_claims


def request_check(query: CredentialQuery, raw: str, issuers: tuple[str, ...]) -> Check:
    """Passed when the credential ``raw`` has the query's format and type, is by one of
    ``issuers`` (if any was named) and shows every claim asked for."""
    candidate = candidate_from(query.id, raw)
    if candidate is None or candidate.format != query.format:
        shown = candidate.format if candidate else None
        return _failed("request.wrong_format", format=query.format, presented=shown)
    wrong_vct = query.vct_values is not None and candidate.vct not in query.vct_values
    wrong_types = query.type_values is not None and not any(
        set(types) <= candidate.types for types in query.type_values
    )
    if wrong_vct or wrong_types:
        return _failed("request.wrong_type", types=sorted(candidate.types)[:5] or [candidate.vct])
    if issuers and candidate.issuer not in issuers:
        return _failed("request.wrong_issuer", issuer=candidate.issuer, asked=list(issuers))
    if select_claims(query, candidate.claims) is None:
        return _failed("request.claims_missing", paths=_missing(query, candidate.claims))
    return Check(Concern.REQUEST, CheckStatus.PASSED, "request.matched", {"query": query.id})


def _missing(query: CredentialQuery, claims: dict[str, Any]) -> list[list]:
    """The asked claim paths the credential does not show."""
    return [
        list(claim.path)
        for claim in query.claims or ()
        if select_claims(dataclasses.replace(query, claims=(claim,), claim_sets=None), claims)
        is None
    ]


def _failed(code: str, **params: Any) -> Check:
    return Check(Concern.REQUEST, CheckStatus.FAILED, code, params)
