"""The DCQL queries (OpenID4VP 1.0, section 6) the portal sends for what an employer picks.

An employer picks a kind of credential (``KINDS``), optionally the claims to see. A kind that
comes in several formats is asked for once per format, tied by one ``credential_sets`` entry
whose options are the formats: an answer in any one of them satisfies the ask.

A named issuer cannot be asked for in DCQL 1.0: ``trusted_authorities`` knows only X.509
authority key ids (``aki``), ETSI trusted lists and OpenID Federation anchors, none of which
names a DID or https issuer. So the portal keeps the issuers with its request and checks them
on the answer (``answer_matching``); for an SD-JWT it also asks for ``iss`` with those values,
which only helps the wallet choose (the specification forbids relying on value matching).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from collections.abc import Sequence
from typing import Any

from .dcql import parse_query
from .dcql_query import JWT_VC_FORMAT as JWT_VC
from .dcql_query import LDP_VC_FORMAT as LDP_VC
from .dcql_query import SD_JWT_FORMAT as SD_JWT

LEARNING_CREDENTIAL = "urn:eu.europa.ec.eudi:learning:credential:1"
# DCQL asks W3C credentials by their types expanded to IRIs (section B.1.1).
VERIFIABLE_CREDENTIAL_IRI = "https://www.w3.org/2018/credentials#VerifiableCredential"
OPEN_BADGE_IRI = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential"
_FORMAT_SLUGS = {SD_JWT: "sd_jwt", JWT_VC: "jwt", LDP_VC: "ldp"}

ClaimPath = Sequence[str | int | None]  # a claims path pointer (section 7)


@dataclasses.dataclass(frozen=True)
class Kind:
    """A kind of credential an employer may ask for: in which formats, with which ``meta``."""

    name: str
    formats: tuple[tuple[str, dict[str, Any]], ...]


_LEARNING = (SD_JWT, {"vct_values": [LEARNING_CREDENTIAL]})
_BADGE_TYPES = {"type_values": [[VERIFIABLE_CREDENTIAL_IRI, OPEN_BADGE_IRI]]}
_ANY_W3C = {"type_values": [[VERIFIABLE_CREDENTIAL_IRI]]}
KINDS = {
    kind.name: kind
    for kind in (
        Kind("eu_learning_credential", (_LEARNING,)),
        Kind("open_badge", ((JWT_VC, _BADGE_TYPES), (LDP_VC, _BADGE_TYPES))),
        # Any credential we can verify: an SD-JWT VC must still name its type (vct_values is
        # required), so of those only the types we know.
        Kind("any", (_LEARNING, (JWT_VC, _ANY_W3C), (LDP_VC, _ANY_W3C))),
    )
}


def ask_for(kind: str, claims: Iterable[ClaimPath] = (), issuers: Iterable[str] = ()) -> dict:
    """The DCQL query for a credential of ``kind`` with the claims at ``claims`` (paths into the
    credential as its format reads it: an SD-JWT's payload, a W3C credential's JSON).

    Without claims an SD-JWT is asked with no selectively disclosable claim: the wallet shows
    only what its issuer made mandatory.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; choose one of {sorted(KINDS)}")
    paths = [list(path) for path in claims]
    issuers = sorted(set(issuers))
    queries = [
        _credential_query(f"{kind}_{_FORMAT_SLUGS[fmt]}", fmt, meta, paths, issuers)
        for fmt, meta in KINDS[kind].formats
    ]
    query: dict[str, Any] = {"credentials": queries}
    if len(queries) > 1:
        query["credential_sets"] = [{"options": [[q["id"]] for q in queries], "required": True}]
    parse_query(query)  # a claim path that is no claims path pointer: present.query_invalid
    return query


def _credential_query(
    query_id: str, fmt: str, meta: dict, paths: list[list], issuers: list[str]
) -> dict[str, Any]:
    query: dict[str, Any] = {"id": query_id, "format": fmt, "meta": meta}
    claims = [{"path": path} for path in paths]
    if issuers and fmt == SD_JWT and ["iss"] not in paths:
        claims.append({"path": ["iss"], "values": issuers})
    if claims:
        query["claims"] = claims
    return query
