"""The learner's key proof (OpenID4VCI 1.0 appendix F.1): the credential is bound to the key
that signs it."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from ..errors import CredentialError
from ..signing import algorithm_for
from ..signing import public_jwk
from ..signing import sign_jws
from .metadata import IssuerMetadata
from .metadata import Offered

PROOF_TYPE = "openid4vci-proof+jwt"
# RFC 9864 names EdDSA over Ed25519 "Ed25519"; issuers list either.
_SAME_ALGORITHM = {"EdDSA": ("EdDSA", "Ed25519")}


@dataclasses.dataclass(frozen=True)
class Holder:
    """The learner's wallet key and its did:key, which the credential will be bound to."""

    key: Any
    did: str

    @property
    def kid(self) -> str:
        return f"{self.did}#{self.did.removeprefix('did:key:')}"


def proof_jwt(
    metadata: IssuerMetadata,
    offered: Offered,
    holder: Holder,
    nonce: str | None,
    now: datetime.datetime,
    client_id: str | None = None,
) -> str:
    """The key proof: ``iss`` the wallet's client id, left out when the token came by anonymous
    pre-authorized access (``client_id`` None); ``kid`` the DID URL, or ``jwk`` when the issuer
    binds to JWKs only."""
    algorithm = proof_algorithm(holder.key, offered.proof_algorithms or ())
    header: dict[str, Any] = {"typ": PROOF_TYPE}
    if offered.binds_by_jwk_only:
        header["jwk"] = public_jwk(holder.key)
    else:
        header["kid"] = holder.kid
    claims: dict[str, Any] = {"aud": metadata.credential_issuer, "iat": int(now.timestamp())}
    if client_id is not None:
        claims["iss"] = client_id
    if nonce is not None:
        claims["nonce"] = nonce
    return sign_jws(claims, holder.key, header, algorithm)


def proof_algorithm(key: Any, accepted: tuple[str, ...]) -> str:
    """The name the issuer accepts for the one algorithm our key signs with."""
    ours = algorithm_for(key)
    for name in _SAME_ALGORITHM.get(ours, (ours,)):
        if name in accepted:
            return name
    raise CredentialError("offer.unsupported", reason="proof_algorithm", algorithms=list(accepted))
